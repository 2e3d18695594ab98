"""The intake panel of the authority dashboard: counts only, never a name. Two queries, whatever the
size of the authority (tests/test_dashboard_queries.py holds the dashboard to it)."""

from . import selectors


def intake_panel_context(request) -> dict:
    return selectors.intake_summary(request.authority)
