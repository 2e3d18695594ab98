"""Taking a family in: the household, the people in it, and the answers to each department's section."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, changed_fields, lock_current
from merhav.tenancy.models import Authority

from ..answers import AnswerError, to_stored
from ..identity import normalize_id_number
from ..models import Answer, Household, Person, SectionField, SectionKey

HOUSEHOLD_FIELDS = ("origin_locality", "accommodation", "accommodation_details", "phone", "email", "needs")
PERSON_FIELDS = ("id_number", "first_name", "last_name", "birth_date", "relation", "phone")


class DuplicateIdNumber(ValidationError):
    """The ID number belongs to a person already registered; `existing` is that person's id."""

    def __init__(self, existing: int):
        super().__init__({"id_number": [ValidationError(
            _("A person with this ID number is already registered."), code="duplicate")]})
        self.existing = existing


def _check_user(perm: str, obj: Any) -> None:
    """The rules again: the API and the import call the services directly."""
    user = context.current_user()
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def clean_household(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned = {name: (values.get(name) or "") for name in HOUSEHOLD_FIELDS}
    for name in ("origin_locality", "accommodation_details", "phone", "email"):
        cleaned[name] = str(cleaned[name]).strip()
    cleaned["needs"] = str(cleaned["needs"]).replace("\r\n", "\n").strip()
    if not cleaned["origin_locality"]:
        errors["origin_locality"] = [_("This field is required.")]
    if cleaned["accommodation"] not in Household.Accommodation.values:
        errors["accommodation"] = [_("Select a valid choice. That choice is not one of the available choices.")]
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = [_("Enter a valid email address.")]
    limits = {"origin_locality": 150, "accommodation_details": 250, "phone": 30}
    for name, limit in limits.items():
        if len(cleaned[name]) > limit:
            errors[name] = [_("Ensure this value has at most %(limit)d characters.") % {"limit": limit}]
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_person(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {name: values.get(name) for name in PERSON_FIELDS}
    for name in ("first_name", "last_name", "phone"):
        cleaned[name] = str(cleaned[name] or "").strip()
    for name in ("first_name", "last_name"):
        if not cleaned[name]:
            errors[name] = [_("This field is required.")]
        elif len(cleaned[name]) > 100:
            errors[name] = [_("Ensure this value has at most %(limit)d characters.") % {"limit": 100}]
    raw_id = str(cleaned["id_number"] or "").strip()
    cleaned["id_number"] = normalize_id_number(raw_id) if raw_id else ""
    if raw_id and not cleaned["id_number"]:
        errors["id_number"] = [_("This is not a valid Israeli ID number: check the digits, the last one is a "
                                 "check digit.")]
    birth_date = cleaned["birth_date"]
    if birth_date is not None and not isinstance(birth_date, date):
        errors["birth_date"] = [_("Enter the date as dd.mm.yyyy, e.g. 12.11.2026.")]
    elif birth_date is not None and birth_date > timezone.localdate():
        errors["birth_date"] = [_("A birth date cannot be in the future.")]
    cleaned["relation"] = cleaned["relation"] or Person.Relation.HEAD
    if cleaned["relation"] not in Person.Relation.values:
        errors["relation"] = [_("Select a valid choice. That choice is not one of the available choices.")]
    if len(cleaned["phone"]) > 30:
        errors["phone"] = [_("Ensure this value has at most %(limit)d characters.") % {"limit": 30}]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _refuse_duplicate_id(authority_id: int, id_number: str, *, exclude: int | None = None) -> None:
    if not id_number:
        return
    existing = Person.objects.filter(authority_id=authority_id, id_number=id_number)
    if exclude:
        existing = existing.exclude(pk=exclude)
    found = existing.values_list("pk", flat=True).first()
    if found:
        raise DuplicateIdNumber(found)


def likely_duplicate_of(authority_id: int, person: Person) -> int | None:
    """A person already registered with the same name and birth date (another ID number or none)."""
    if person.birth_date is None:
        return None
    candidates = (Person.objects.filter(authority_id=authority_id, birth_date=person.birth_date,
                                        first_name__iexact=person.first_name, last_name__iexact=person.last_name,
                                        erased_at__isnull=True)
                  .exclude(pk=person.pk))
    if person.id_number:
        candidates = candidates.exclude(id_number=person.id_number)
    return candidates.order_by("pk").values_list("pk", flat=True).first()


def _insert_person(household: Household, values: dict[str, Any]) -> Person:
    user = context.current_user()
    _refuse_duplicate_id(household.authority_id, values["id_number"])
    try:
        with transaction.atomic():
            person = Person.objects.create(authority_id=household.authority_id, household=household,
                                           created_by=user, updated_by=user, **values)
    except IntegrityError:  # the same ID number saved at the same moment by someone else
        _refuse_duplicate_id(household.authority_id, values["id_number"])
        raise
    duplicate = likely_duplicate_of(household.authority_id, person)
    if duplicate:
        Person.objects.filter(pk=person.pk).update(possible_duplicate_of_id=duplicate)
        person.possible_duplicate_of_id = duplicate
    record(action=Action.CREATE, obj=person, fields=[name for name, value in values.items() if value])
    return person


def create_household(*, authority: Authority, household: dict[str, Any], head: dict[str, Any]) -> Household:
    """Take a family in: the household and its first person (the contact). ValidationError by field,
    the person's fields prefixed with nothing (the form shows both parts at once); DuplicateIdNumber
    when the ID number is registered already."""
    _check_user("intake.create", authority)
    errors: dict[str, Any] = {}
    try:
        household_values = clean_household(household)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        person_values = clean_person(head)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    user = context.current_user()
    with transaction.atomic(), scope(authority=authority):
        _refuse_duplicate_id(authority.pk, person_values["id_number"])
        created = Household.objects.create(authority=authority, created_by=user, updated_by=user, **household_values)
        record(action=Action.CREATE, obj=created, fields=[name for name, value in household_values.items() if value])
        _insert_person(created, person_values)
    return created


def add_person(*, household: Household, person: dict[str, Any]) -> Person:
    _check_user("intake.edit", household)
    values = clean_person(person)
    with transaction.atomic(), scope(authority=household.authority_id):
        locked = lock_current(Household.objects, pk=household.pk, version=None)
        added = _insert_person(locked, values)
        Household.objects.filter(pk=locked.pk).update(updated_at=timezone.now(), updated_by=context.current_user())
    return added


def update_household(*, household: Household, version: int, values: dict[str, Any]) -> list[str]:
    _check_user("intake.edit", household)
    changes = clean_household(values)
    with transaction.atomic(), scope(authority=household.authority_id):
        current = lock_current(Household.objects, pk=household.pk, version=version)
        changed = changed_fields(current, changes)
        if changed:
            apply_changes(current, {**changes, "updated_by": context.current_user()})
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def update_person(*, person: Person, version: int, values: dict[str, Any]) -> list[str]:
    """Correct a person's core details (also the subject's right to correction)."""
    _check_user("intake.edit", person)
    changes = clean_person(values)
    with transaction.atomic(), scope(authority=person.authority_id):
        current = lock_current(Person.objects, pk=person.pk, version=version)
        _refuse_duplicate_id(person.authority_id, changes["id_number"], exclude=person.pk)
        changed = changed_fields(current, changes)
        if changed:
            apply_changes(current, {**changes, "updated_by": context.current_user()})
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def save_section(*, person: Person, section: str, answers: dict[str, Any]) -> list[str]:
    """Save a person's answers to one section's current questions (a question not sent keeps its
    answer). Only the section's department and the coordinator may; ValidationError by question key.
    Returns the keys that changed (the audit log gets "section.key", never a value)."""
    if section not in SectionKey.values:
        raise ValidationError({"section": [_("Unknown section.")]})
    _check_user("intake.edit_section", (person, section))
    with transaction.atomic(), scope(authority=person.authority_id):
        fields = list(SectionField.objects.filter(authority_id=person.authority_id, section=section, is_current=True))
        unknown = set(answers) - {f.key for f in fields}
        errors: dict[str, list[str]] = {key: [_("Unknown question.")] for key in sorted(unknown)}
        stored_values: dict[str, Any] = {}
        for field in fields:
            if field.key not in answers:
                continue
            try:
                stored_values[field.key] = to_stored(field, answers[field.key])
            except AnswerError as error:
                errors[field.key] = [str(error)]
        if errors:
            raise ValidationError(errors)
        Person.objects.select_for_update().filter(pk=person.pk).first()
        current = {a.field_key: a for a in Answer.objects.filter(person=person, section=section, is_current=True)}
        changed = []
        user = context.current_user()
        now = timezone.now()
        for field in fields:
            if field.key not in stored_values:
                continue
            value = stored_values[field.key]
            answer = current.get(field.key)
            if answer is None:
                if value is None:
                    continue
                Answer.objects.create(authority_id=person.authority_id, person=person, field=field, section=section,
                                      field_key=field.key, value=value, answered_by=user, answered_at=now)
            elif answer.value == value and answer.field_id == field.pk:
                continue
            elif value is None:
                answer.delete()
            else:
                answer.value, answer.field, answer.answered_by, answer.answered_at = value, field, user, now
                answer.save(update_fields=["value", "field", "answered_by", "answered_at"])
            changed.append(field.key)
        if changed:
            Person.objects.filter(pk=person.pk).update(updated_at=now, updated_by=user)
            record(action=Action.UPDATE, obj=person, fields=[f"{section}.{key}" for key in changed])
    return changed
