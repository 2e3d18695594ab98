"""The public list of open needs (for philanthropic bodies): no personal data — only the category, the
neighbourhood, the urgency and how much is still uncovered; never the need's own text or its source."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django_scopes import scopes_disabled

from merhav.tenancy.models import Authority

from ..models import Need, PublicLink

PUBLIC_LIMIT = 300


def link_by_token(token: str) -> PublicLink | None:
    """The active link of this secret token, whichever authority it belongs to (the token is the credential:
    the one read here without an authority's scope)."""
    with scopes_disabled():
        return PublicLink.objects.filter(token=token, revoked_at__isnull=True).select_related("authority").first()


def active_link(authority: Authority) -> PublicLink | None:
    return PublicLink.objects.filter(authority=authority, revoked_at__isnull=True).first()


def public_needs(authority: Authority) -> list[dict[str, Any]]:
    return [dict(row) for row in
        Need.objects.filter(authority=authority, status__in=(Need.Status.OPEN, Need.Status.PARTLY),
                            covered__lt=F("quantity"))
        .values("category", "neighbourhood__name", "urgency", "unit")
        .annotate(outstanding=F("quantity") - F("covered"))
        .order_by("urgency", "category", "neighbourhood__name")[:PUBLIC_LIMIT]
    ]
