"""Reads of the page shell's own data."""

from .models import AccessibilityStatement


def accessibility_statement() -> AccessibilityStatement:
    """The statement's variable part; an unsaved empty one until a national administrator fills it in."""
    statement = AccessibilityStatement.objects.filter(pk=AccessibilityStatement.SINGLETON_ID).first()
    return statement or AccessibilityStatement(pk=AccessibilityStatement.SINGLETON_ID)
