"""Signals the core sends and the foundation apps answer, so the core imports no app."""

from django.dispatch import Signal

# A refused write: sent with request=, permission=, obj= (a model instance or None). The audit log records it.
access_denied = Signal()
