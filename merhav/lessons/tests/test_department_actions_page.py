"""The "my department's actions" page, for department heads and members."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, ReviewFactory


def url(authority, query=""):
    return reverse("lessons:department_actions", kwargs={"authority_slug": authority.slug}) + query


def titles(response):
    return [action.title for action in response.context["page"].object_list]


def test_a_member_sees_the_actions_of_the_department_and_of_its_members(
    login, authority, ceo, make_user, department_head, staff
):
    colleague = make_user(authority=authority, role=Role.STAFF,
                          department_kind=StandardDepartment.PUBLIC_INFORMATION)
    review = ReviewFactory(authority=authority, created_by=ceo)
    today = timezone.localdate()
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    ActionItemFactory(review=review, owner_department=public_information, title="של המכלול",
                      due_date=today + timedelta(days=2))
    ActionItemFactory(review=review, owner=department_head, title="של הראש", due_date=today + timedelta(days=1))
    ActionItemFactory(review=review, owner=staff, title="של הביטחון")  # staff is in security
    response = login(colleague).get(url(authority))
    assert response.status_code == 200
    assert titles(response) == ["של הראש", "של המכלול"]
    assert public_information.name in response.content.decode()


def test_a_user_without_a_department_is_told_so(login, authority, make_user):
    member = make_user(authority=authority, role=Role.STAFF)
    response = login(member, language="en").get(url(authority))
    assert response.status_code == 200
    assert "You are not a member of a department" in response.content.decode()


def test_the_ceo_and_the_auditor_may_choose_a_department(login, authority, ceo, auditor, staff):
    security = standard_department(authority, StandardDepartment.SECURITY)
    ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo), owner=staff, title="של הביטחון")
    for user in (ceo, auditor):
        response = login(user).get(url(authority, f"?department={security.pk}"))
        assert titles(response) == ["של הביטחון"]


def test_another_authoritys_department_is_404(login, authority, other_authority, ceo):
    theirs = standard_department(other_authority, StandardDepartment.SECURITY)
    assert login(ceo).get(url(authority, f"?department={theirs.pk}")).status_code == 404


def test_a_fixed_number_of_queries(login, authority, ceo, department_head, django_assert_max_num_queries):
    public_information = standard_department(authority, StandardDepartment.PUBLIC_INFORMATION)
    client = login(department_head)
    client.get(url(authority))

    def add(n):
        for _ in range(n):
            ActionItemFactory(review=ReviewFactory(authority=authority, created_by=ceo),
                              owner_department=public_information)

    add(2)
    with CaptureQueriesContext(connection) as small:
        client.get(url(authority))
    add(30)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url(authority))
    assert response.context["page"].paginator.count == 32


def test_outsider_gets_404(login, authority, outsider):
    assert login(outsider).get(url(authority)).status_code == 404
