"""Writes of the lessons app, split by concept: events.py, reviews.py, lessons.py, actions.py,
follow_ups.py, library.py. Import the functions from their module."""
