"""The strategic plan's panel of the authority dashboard: the next meetings, the late actions and the targets
off track. Four queries, whatever the size of the authority (tests/test_dashboard_queries.py holds the
dashboard to it)."""

from . import selectors


def strategy_panel_context(request) -> dict:
    return selectors.strategy_summary(request.authority)
