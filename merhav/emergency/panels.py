"""The emergency panel of the authority dashboard: the active emergencies and the readiness gaps (two
queries, whatever the size of the authority: tests/test_dashboard_queries.py holds the dashboard to it)."""

from . import selectors


def emergency_panel_context(request) -> dict:
    return selectors.emergency_summary(request.authority)
