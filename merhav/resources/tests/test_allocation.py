"""Allocating a resource to a need: suggestions best first, the capacity never exceeded (also by two
managers at once, on PostgreSQL with two real connections), bad input refused with a clear message."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django_scopes import scope

from merhav.core.context import acting_as

from .. import services
from ..models import Allocation, Availability, Category, Need, Resource
from ..selectors.matching import suggestions
from .support import make_need, make_resource, url


def test_the_need_page_suggests_resources_best_first_and_allocates(login, authority, staff):
    place = services.create_neighbourhood(authority=authority, name="עין אור")
    far = make_resource(authority, by=staff, name="רחוק", capacity=50)
    near = make_resource(authority, by=staff, name="קרוב", capacity=5, neighbourhood=place)
    make_resource(authority, by=staff, name="קטגוריה אחרת", capacity=50, category=Category.HEALTH)
    need = make_need(authority, by=staff, quantity=8, neighbourhood=place)
    client = login(staff)
    page = client.get(url("need_detail", authority, need_id=need.pk))
    assert [r.name for r in page.context["suggested"]] == ["קרוב", "רחוק"]
    response = client.post(url("allocate", authority, need_id=need.pk), {"resource": near.pk, "quantity": 5})
    assert response.status_code == 302
    client.post(url("allocate", authority, need_id=need.pk), {"resource": far.pk, "quantity": 3})
    with scope(authority=authority):
        need.refresh_from_db()
        assert (need.covered, need.status) == (8, Need.Status.COVERED)
        assert Resource.objects.get(pk=near.pk).allocated == 5


def test_an_emergency_need_is_not_matched_with_routine_only_resources(authority, staff):
    make_resource(authority, by=staff, name="שגרה", availability=Availability.ROUTINE)
    make_resource(authority, by=staff, name="חירום", availability=Availability.EMERGENCY)
    need = make_need(authority, by=staff, emergency="הפסקת חשמל")
    with scope(authority=authority):
        assert [r.name for r in suggestions(need, stale_after_days=180)] == ["חירום"]


def test_an_allocation_beyond_what_is_left_is_refused_and_changes_nothing(login, authority, staff):
    resource = make_resource(authority, by=staff, capacity=4)
    need = make_need(authority, by=staff, quantity=10)
    client = login(staff)
    response = client.post(url("allocate", authority, need_id=need.pk), {"resource": resource.pk, "quantity": 5},
                           follow=True)
    assert "נותרו רק 4" in response.content.decode()
    with scope(authority=authority):
        assert Allocation.objects.count() == 0
        assert Resource.objects.get(pk=resource.pk).allocated == 0


def test_capacity_below_what_is_allocated_is_refused(authority, staff):
    resource = make_resource(authority, by=staff, capacity=10)
    need = make_need(authority, by=staff, quantity=10)
    with acting_as(staff, authority=authority):
        services.allocate_resource(need=need, resource=resource, quantity=6)
        with pytest.raises(ValidationError) as refused:
            services.update_resource(resource=resource, version=None, name=resource.name, kind=resource.kind,
                                     category=resource.category, capacity=5)
    assert "capacity" in refused.value.message_dict
    with scope(authority=authority):
        assert Resource.objects.get(pk=resource.pk).capacity == 10


def test_releasing_gives_the_capacity_back(login, authority, staff):
    resource = make_resource(authority, by=staff, capacity=10)
    need = make_need(authority, by=staff, quantity=10)
    with acting_as(staff, authority=authority):
        allocation = services.allocate_resource(need=need, resource=resource, quantity=7)
    login(staff).post(url("release", authority, allocation_id=allocation.pk))
    with scope(authority=authority):
        assert Resource.objects.get(pk=resource.pk).allocated == 0
        assert Need.objects.get(pk=need.pk).covered == 0


def test_the_auditor_cannot_allocate(login, authority, staff, auditor):
    resource = make_resource(authority, by=staff)
    need = make_need(authority, by=staff)
    response = login(auditor).post(url("allocate", authority, need_id=need.pk), {"resource": resource.pk, "quantity": 1})
    assert response.status_code == 403
    with scope(authority=authority):
        assert Allocation.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of two real connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_managers_allocating_at_once_never_exceed_the_capacity(authority, staff, member_with):
    """Two threads, each with its own database connection, allocate 6 of a capacity of 10 at the same moment
    (a barrier releases them together): one succeeds, the other is refused, and 6 are allocated."""
    other = member_with("partnerships_manager")
    resource = make_resource(authority, by=staff, capacity=10)
    needs = [make_need(authority, by=staff, title=f"צורך {n}", quantity=10) for n in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def allocate(user, need):
        try:
            with acting_as(user, authority=authority):
                barrier.wait()
                services.allocate_resource(need=need, resource=resource, quantity=6)
            outcomes.append("allocated")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate, args=(user, need)) for user, need in zip((staff, other), needs, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["allocated", "refused"]
    with scope(authority=authority):
        assert Resource.objects.get(pk=resource.pk).allocated == 6
        assert sum(a.quantity for a in Allocation.objects.filter(resource=resource)) == 6
