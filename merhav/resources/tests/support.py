"""Test data of this module: made through the services, as the people who would make it."""

from django.urls import reverse
from django_scopes import scope

from merhav.core.context import acting_as

from .. import services
from ..models import Category, Need, Partner, Resource


def url(name: str, authority, **kwargs) -> str:
    return reverse(f"resources:{name}", kwargs={"authority_slug": authority.slug, **kwargs})


def make_partner(authority, *, by, name: str = "שותף בבדיקה", kind: str = Partner.Kind.COMPANY, **values) -> Partner:
    with acting_as(by, authority=authority):
        return services.create_partner(authority=authority, name=name, kind=kind, **values)


def make_resource(authority, *, by, name: str = "משאב בבדיקה", capacity: int = 10, category: str = Category.FOOD,
                  kind: str = Resource.Kind.VOLUNTEERS, **values) -> Resource:
    with acting_as(by, authority=authority):
        return services.create_resource(authority=authority, name=name, kind=kind, category=category,
                                        capacity=capacity, **values)


def make_need(authority, *, by, title: str = "צורך בבדיקה", quantity: int = 10, category: str = Category.FOOD,
              population_group: str = "משפחות", **values) -> Need:
    with acting_as(by, authority=authority):
        return services.create_need(authority=authority, title=title, quantity=quantity, category=category,
                                    population_group=population_group, **values)


def stored(model, authority) -> list:
    with scope(authority=authority):
        return list(model.objects.filter(authority=authority).order_by("pk"))
