"""The resources panel of the authority dashboard: open and critical needs, coverage, capacity left.
Two queries, whatever the size of the authority (tests/test_dashboard_queries.py holds the dashboard to it)."""

from .selectors.situation import panel_figures


def resources_panel_context(request) -> dict:
    return panel_figures(request.authority)
