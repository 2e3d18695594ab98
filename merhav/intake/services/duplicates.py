"""Likely duplicates (the same name and birth date): the coordinator merges them, keeping every answer,
or says they are two people."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context

from ..models import Answer, LongTermService, Person

CORE = ("id_number", "first_name", "last_name", "birth_date", "phone")


def _check(person: Person) -> None:
    user = context.current_user()
    if user is not None and not user.has_perm("intake.coordinate", person):
        raise PermissionDenied("intake.coordinate")


def merge_persons(*, keep: Person, other: Person) -> Person:
    """Merge `other` into `keep`: every answer of both is kept (where both answered the same question,
    `keep`'s answer stays current and `other`'s is kept as an earlier answer), the services move over,
    empty core details are filled from `other`, and `other` is deleted."""
    _check(keep)
    if keep.pk == other.pk or keep.authority_id != other.authority_id:
        raise ValidationError({"other": [_("Choose two different records.")]})
    with transaction.atomic(), scope(authority=keep.authority_id):
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, other.pk])}
        if len(locked) != 2:
            raise ValidationError({"other": [_("One of the records is gone; it may have been merged already.")]})
        keep, other = locked[keep.pk], locked[other.pk]
        current_keys = set(Answer.objects.filter(person=keep, is_current=True).values_list("section", "field_key"))
        moved = list(Answer.objects.filter(person=other))
        for answer in moved:
            if answer.is_current and (answer.section, answer.field_key) in current_keys:
                answer.is_current = False
            answer.person = keep
        Answer.objects.bulk_update(moved, ["person", "is_current"])
        services = LongTermService.objects.filter(person=other).update(person=keep)
        filled = [name for name in CORE if not getattr(keep, name) and getattr(other, name)]
        other_id_number = other.id_number
        Person.objects.filter(possible_duplicate_of=other).update(possible_duplicate_of=keep)
        other_pk = other.pk
        other.delete()
        for name in filled:
            setattr(keep, name, other_id_number if name == "id_number" else getattr(other, name))
        keep.possible_duplicate_of = None
        keep.updated_at, keep.updated_by = timezone.now(), context.current_user()
        keep.version += 1
        keep.save()
        record(action=Action.UPDATE, obj=keep, fields=["merged", *filled])
        record(action=Action.DELETE, object_type="intake.person", object_id=other_pk, authority=keep.authority_id,
               fields=[f"merged_into:{keep.pk}", f"answers:{len(moved)}", f"services:{services}"])
    return keep


def dismiss_duplicate(*, person: Person) -> None:
    """They are two people: the flag goes."""
    _check(person)
    with transaction.atomic(), scope(authority=person.authority_id):
        Person.objects.filter(pk=person.pk).update(possible_duplicate_of=None)
        record(action=Action.UPDATE, obj=person, fields=["possible_duplicate_of"])
