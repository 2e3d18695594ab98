"""The personas of the root conftest: a member with the role the test asks for, a lesser member (the auditor)
and an outsider from another authority, who finds nothing of the home authority."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from merhav.tenancy.models import Membership
from merhav.tenancy.roles import Role


def role_of(user, authority) -> str | None:
    with scopes_disabled():
        membership = Membership.objects.filter(user=user, authority=authority).first()
    return membership.role if membership else None


def dashboard(authority) -> str:
    return reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug})


def test_the_member_has_the_default_role(member, authority):
    assert role_of(member, authority) == Role.STAFF


@pytest.mark.parametrize("role", [Role.CEO, Role.DEPARTMENT_HEAD])
def test_the_member_has_the_role_the_test_asks_for(member, authority, role):
    assert role_of(member, authority) == role


def test_the_lesser_member_is_the_auditor(lesser, authority):
    assert role_of(lesser, authority) == Role.AUDITOR


def test_each_persona_reaches_its_own_authority_only(login, member, lesser, outsider, authority, other_authority):
    assert login(member).get(dashboard(authority)).status_code == 200
    assert login(lesser).get(dashboard(authority)).status_code == 200
    assert role_of(outsider, authority) is None and role_of(outsider, other_authority) == Role.CEO
    assert login(outsider).get(dashboard(authority)).status_code == 404


def test_member_with_makes_distinct_people_with_invented_names(member_with, authority):
    first, second = member_with(Role.VIEWER), member_with(Role.VIEWER)
    assert first != second and first.email != second.email
    assert first.full_name and not set(first.full_name) & set("'\"&<>")
