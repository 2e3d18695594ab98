"""Test data of this module: made through the services, as the people who would make it."""

from django.urls import reverse
from django_scopes import scope

from merhav.core.context import acting_as

from ..models import Community
from ..services import create_community


def url(name: str, authority, **kwargs) -> str:
    return reverse(f"communities:{name}", kwargs={"authority_slug": authority.slug, **kwargs})


def make_community(authority, *, by, title: str = "קהילה לומדת בבדיקה", **values) -> Community:
    with acting_as(by, authority=authority):
        return create_community(authority=authority, title=title, **values)


def stored(authority) -> list[Community]:
    with scope(authority=authority):
        return list(Community.objects.filter(authority=authority).order_by("pk"))
