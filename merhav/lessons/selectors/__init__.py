"""Reads of the lessons app, split by concept (reviews.py, actions.py, oversight.py, similarity.py...)."""
