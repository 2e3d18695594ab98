"""Allocating part of a resource's capacity to a need, and releasing it.

Two managers may allocate the same resource at the same moment. Each allocation locks the resource's row
first (then the need's: always in this order, so two allocations never wait for each other in a circle),
reads the capacity left under the lock and refuses what does not fit; the counters are moved with F()
expressions in the same transaction. On PostgreSQL the second transaction waits for the first and then sees
its allocation; the check constraint resources_resource_within_capacity is a second guard."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context

from ..models import Allocation, Need, Resource, need_status


class CapacityExceeded(ValidationError):
    """The allocation does not fit in what is left of the resource (or of the need)."""


def allocate_resource(*, need: Need, resource: Resource, quantity: int) -> Allocation:
    if need.authority_id != resource.authority_id:
        raise ValidationError({"resource": _("Select a valid choice. That choice is not one of the available "
                                             "choices.")})
    if quantity is None or quantity < 1:
        raise ValidationError({"quantity": _("The quantity must be at least 1.")})
    with transaction.atomic(), scope(authority=need.authority_id):
        locked_resource = Resource.objects.select_for_update().get(pk=resource.pk)
        locked_need = Need.objects.select_for_update().get(pk=need.pk)
        if locked_need.status == Need.Status.CLOSED:
            raise ValidationError({"quantity": _("This need is closed.")})
        left = locked_resource.capacity - locked_resource.allocated
        if quantity > left:
            raise CapacityExceeded({"quantity": _(
                "Only %(left)d of this resource's capacity is left; %(quantity)d cannot be allocated.")
                % {"left": max(left, 0), "quantity": quantity}})
        uncovered = locked_need.quantity - locked_need.covered
        if quantity > uncovered:
            raise CapacityExceeded({"quantity": _(
                "Only %(uncovered)d of this need is not covered yet; allocate at most that.")
                % {"uncovered": max(uncovered, 0)}})
        allocation = Allocation.objects.create(authority_id=need.authority_id, need=locked_need,
                                               resource=locked_resource, quantity=quantity,
                                               created_by=context.current_user())
        Resource.objects.filter(pk=resource.pk).update(allocated=F("allocated") + quantity)
        covered = locked_need.covered + quantity
        Need.objects.filter(pk=need.pk).update(
            covered=covered, status=need_status(quantity=locked_need.quantity, covered=covered))
        record(action=Action.CREATE, obj=allocation, fields=["need", "resource", "quantity"])
    return allocation


def release_allocation(*, allocation: Allocation) -> None:
    """Give the quantity back to the resource; the need is uncovered by as much. Twice is once."""
    with transaction.atomic(), scope(authority=allocation.authority_id):
        Resource.objects.select_for_update().get(pk=allocation.resource_id)
        need = Need.objects.select_for_update().get(pk=allocation.need_id)
        current = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if current.released_at is not None:
            return
        current.released_at = timezone.now()
        current.save(update_fields=["released_at"])
        Resource.objects.filter(pk=current.resource_id).update(allocated=F("allocated") - current.quantity)
        covered = max(0, need.covered - current.quantity)
        Need.objects.filter(pk=need.pk).update(
            covered=covered,
            status=need_status(quantity=need.quantity, covered=covered, closed=need.status == Need.Status.CLOSED))
        record(action=Action.UPDATE, obj=current, fields=["released_at"])
