"""The pages of learning communities. Thin: parse the request → ask the policy → call a selector or a
service → render. A view never writes a model itself."""
