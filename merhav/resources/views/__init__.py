"""The pages of the resources module (see each file)."""
