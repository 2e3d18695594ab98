"""The banner on every page of the authority while an emergency is active (one query)."""

from . import selectors


def emergency_banner_context(request) -> dict | None:
    active = selectors.active_emergencies(request.authority)
    return {"active_emergencies": active} if active else None
