"""Helpers of this module's tests: URLs, and writes through the services as the people who would make them."""

from django.urls import reverse
from django_scopes import scope

from merhav.core.context import acting_as

from .. import services
from ..models import Emergency, SealedMessage
from .factories import SealedMessageFactory


def url(name: str, authority, **kwargs) -> str:
    return reverse(f"emergency:{name}", kwargs={"authority_slug": authority.slug, **kwargs})


def declare(authority, *, by, title: str = "ירי רקטות על העיר", kind: str = "security",
            neighbourhoods: str = "עין אור") -> Emergency:
    with acting_as(by, authority=authority):
        return services.declare_emergency(authority=authority, kind=kind, title=title, neighbourhoods=neighbourhoods)


def approved_message(authority, *, ceo, **fields) -> SealedMessage:
    """A draft made by the factory, approved by the CEO through the service."""
    message = SealedMessageFactory(authority=authority, **fields)
    with acting_as(ceo, authority=authority):
        return services.approve_message(message=message, version=message.version)


def stored(model, authority) -> list:
    with scope(authority=authority):
        return list(model.objects.filter(authority=authority).order_by("pk"))
