"""The learning communities panel of the authority dashboard, for a member: the next meeting, the open
work of their teams, the newest products. A fixed number of queries (tests/test_dashboard_queries.py)."""

from django_scopes import scope

from . import selectors
from .access import access_of


def communities_panel_context(request) -> dict:
    access = access_of(request.user)
    with scope(community=access.community_ids):
        return selectors.panel(access)
