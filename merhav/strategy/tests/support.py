"""Test data of this module: made through the services, as the people who would make it."""

from django.urls import reverse
from django_scopes import scope

from merhav.core.context import acting_as

from ..models import Meeting, Plan
from ..services import create_plan


def url(name: str, authority, **kwargs) -> str:
    return reverse(f"strategy:{name}", kwargs={"authority_slug": authority.slug, **kwargs})


def public_url(name: str, authority, **kwargs) -> str:
    return reverse(f"strategy_public:{name}", kwargs={"public_slug": authority.slug, **kwargs})


def make_plan(authority, *, by, title: str = "תוכנית אסטרטגית בבדיקה", **values) -> Plan:
    with acting_as(by, authority=authority):
        return create_plan(authority=authority, title=title, **values)


def stored(authority) -> list[Plan]:
    with scope(authority=authority):
        return list(Plan.objects.filter(authority=authority).order_by("pk"))


def meetings_of(plan) -> list[Meeting]:
    with scope(authority=plan.authority_id):
        return list(Meeting.objects.filter(plan=plan).select_related("channel").order_by("order", "number", "id"))


def step(plan, name: str, number: int = 1, channel=None) -> Meeting:
    with scope(authority=plan.authority_id):
        queryset = Meeting.objects.filter(plan=plan, step=name, number=number)
        if channel is not None:
            queryset = queryset.filter(channel=channel)
        return queryset.order_by("id").first()
