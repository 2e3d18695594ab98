"""The pages of evacuee intake. Thin: parse the request → ask the policy → call a selector or a service
→ render. Every page that shows a person's details records the read (merhav.audit.services)."""
