"""Reads of the resources module shared by the pages, the API and the panel (see each file)."""
