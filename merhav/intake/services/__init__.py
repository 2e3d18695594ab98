"""Every write of evacuee intake: plain functions, keyword-only and typed, one transaction each, no HTTP
request (the acting user comes from merhav.core.context), the audit log through record() (field names,
never values). The pages, the API, the import and the demo all write through here."""
