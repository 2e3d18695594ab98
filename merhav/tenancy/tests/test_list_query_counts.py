"""The administration lists take a fixed number of queries, whatever the number of rows."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_scopes import scope

from merhav.tenancy import services
from merhav.tenancy.models import Invitation, Membership, Region
from merhav.tenancy.roles import Role

from .conftest import page

SIZES = [5, 60]  # one page, and more than a page (50 a page)
# Measured counts plus a little room for the page shell (session, user, 2FA device, memberships, inbox badge);
# a query per row would add dozens at the larger size.
User = get_user_model()


def add_people(authority, n: int) -> None:
    users = User.objects.bulk_create(
        [User(email=f"p{i}@example.org", full_name=f"אדם {i}") for i in range(n)]
    )
    with scope(authority=authority):
        departments = list(authority.departments.all())
        Membership.objects.bulk_create([
            Membership(authority=authority, user=user, department=departments[i % len(departments)],
                       role=Role.DEPARTMENT_HEAD if i % 3 == 0 else Role.STAFF, title=f"תפקיד {i}")
            for i, user in enumerate(users)
        ])


@pytest.mark.parametrize("size", SIZES)
def test_people(size, login, authority, authority_admin, django_assert_max_num_queries):
    add_people(authority, size)
    client = login(authority_admin)
    with django_assert_max_num_queries(14):
        response = client.get(page("people", authority))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_invitations(size, login, authority, authority_admin, django_assert_max_num_queries):
    with scope(authority=authority):
        departments = list(authority.departments.all())
        Invitation.objects.bulk_create([
            Invitation(authority=authority, email=f"i{i}@example.org", invited_by=authority_admin,
                       department=departments[i % len(departments)])
            for i in range(size)
        ])
    client = login(authority_admin)
    with django_assert_max_num_queries(13):
        response = client.get(page("invitations", authority))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_departments(size, login, authority, authority_admin, django_assert_max_num_queries):
    add_people(authority, size)
    with scope(authority=authority):
        for i in range(size):
            services.create_department(authority=authority, custom_name=f"מחלקה {i}")
    client = login(authority_admin)
    with django_assert_max_num_queries(14):
        response = client.get(page("departments", authority))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_national_authorities_and_regions(size, login, national_admin, make_authority, django_assert_max_num_queries):
    regions = Region.objects.bulk_create([Region(name_he=f"אזור {i}", slug=f"region-{i}") for i in range(size)])
    for i in range(size):
        make_authority(region=regions[i])
    client = login(national_admin)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("national:authorities")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("national:regions")).status_code == 200
