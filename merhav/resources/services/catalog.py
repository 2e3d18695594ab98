"""Writes of the map itself: neighbourhoods, partners (with contacts and agreements), resources, needs and
responses. Keyword-only, typed, one transaction, the rules checked here (the API and the import call these
directly), the audit log with field names only, edits through merhav.core.versioning."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, changed_fields, lock_current
from merhav.tenancy.models import Authority, Department

from ..models import (
    Agreement,
    Availability,
    Category,
    Need,
    Neighbourhood,
    Partner,
    PartnerContact,
    Resource,
    Response,
    need_status,
)
from ..validators import validate_registration_number

M = TypeVar("M", bound=models.Model)
REQUIRED = "This field is required."


def required() -> str:
    return _("This field is required.")


def _text(value: Any, limit: int) -> str:
    return str(value or "").replace("\r\n", "\n").strip()[:limit]


def _belongs(obj: models.Model | None, authority_id: int, field: str, errors: dict) -> None:
    if obj is not None and getattr(obj, "authority_id", None) != authority_id:
        errors[field] = _("Select a valid choice. That choice is not one of the available choices.")


def _choice(value: Any, choices: Any, field: str, errors: dict) -> None:
    if value not in choices.values:
        errors[field] = _("Select a valid choice. That choice is not one of the available choices.")


def _create(model: type[M], *, authority: Authority, values: dict, many: dict | None = None) -> M:
    user = context.current_user()
    with transaction.atomic(), scope(authority=authority):
        stamps = {"created_by": user, "updated_by": user} if hasattr(model, "updated_by") else {}
        obj = model._default_manager.create(authority=authority, **stamps, **values)
        for name, items in (many or {}).items():
            getattr(obj, name).set(items)
        record(action=Action.CREATE, obj=obj, fields=[n for n, v in values.items() if v not in ("", None)])
    return obj


def _update(model: type[M], obj: M, *, version: int | None, values: dict, many: dict | None = None) -> list[str]:
    """Save an edit made from `version` (StaleVersion when someone saved since; nothing is overwritten)."""
    with transaction.atomic(), scope(authority=obj.authority_id):  # type: ignore[attr-defined]
        current = lock_current(model._default_manager, pk=obj.pk, version=version)
        also = []
        for name, items in (many or {}).items():
            before = set(getattr(current, name).values_list("pk", flat=True))
            if before != {item.pk for item in items}:
                getattr(current, name).set(items)
                also.append(name)
        stamps = {"updated_by": context.current_user()} if hasattr(model, "updated_by") else {}
        changed = changed_fields(current, values) + also
        if changed:
            apply_changes(current, {**values, **stamps}, also=also)
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


# --- neighbourhoods ---------------------------------------------------------------------------------------

def create_neighbourhood(*, authority: Authority, name: str) -> Neighbourhood:
    name = _text(name, 120)
    if not name:
        raise ValidationError({"name": required()})
    with transaction.atomic(), scope(authority=authority):
        if Neighbourhood.objects.filter(authority=authority, name__iexact=name).exists():
            raise ValidationError({"name": _("There is already a neighbourhood of this name.")})
        return _create(Neighbourhood, authority=authority, values={"name": name})


# --- partners ---------------------------------------------------------------------------------------------

def _partner_values(authority: Authority, *, partner_id: int | None, name: str, kind: str,
                    registration_number: str, status: str, fields_of_activity: str, populations_served: str,
                    added_value: str, neighbourhoods: list[Neighbourhood]) -> dict:
    errors: dict[str, Any] = {}
    values = {
        "name": _text(name, 200), "kind": kind, "status": status,
        "fields_of_activity": _text(fields_of_activity, 300), "populations_served": _text(populations_served, 300),
        "added_value": _text(added_value, 5000),
    }
    if not values["name"]:
        errors["name"] = required()
    _choice(kind, Partner.Kind, "kind", errors)
    _choice(status, Partner.Status, "status", errors)
    try:
        values["registration_number"] = validate_registration_number(registration_number,
                                                                     amuta=kind == Partner.Kind.AMUTA)
    except ValidationError as error:
        errors["registration_number"] = error.messages
    for item in neighbourhoods:
        _belongs(item, authority.pk, "neighbourhoods", errors)
    with scope(authority=authority):
        others = Partner.objects.filter(authority=authority)
        if partner_id is not None:
            others = others.exclude(pk=partner_id)
        if values["name"] and others.filter(name__iexact=values["name"]).exists():
            errors["name"] = _("There is already a partner of this name.")
        number = values.get("registration_number")
        if number and others.filter(registration_number=number).exists():
            errors["registration_number"] = _("Another partner already has this registration number.")
    if errors:
        raise ValidationError(errors)
    return values


def create_partner(*, authority: Authority, name: str, kind: str, registration_number: str = "",
                   status: str = Partner.Status.ACTIVE, fields_of_activity: str = "", populations_served: str = "",
                   added_value: str = "", neighbourhoods: list[Neighbourhood] | None = None) -> Partner:
    items = list(neighbourhoods or [])
    values = _partner_values(authority, partner_id=None, name=name, kind=kind,
                             registration_number=registration_number, status=status,
                             fields_of_activity=fields_of_activity, populations_served=populations_served,
                             added_value=added_value, neighbourhoods=items)
    return _create(Partner, authority=authority, values=values, many={"neighbourhoods": items})


def update_partner(*, partner: Partner, version: int | None, name: str, kind: str, registration_number: str,
                   status: str, fields_of_activity: str = "", populations_served: str = "", added_value: str = "",
                   neighbourhoods: list[Neighbourhood] | None = None) -> list[str]:
    items = list(neighbourhoods or [])
    values = _partner_values(partner.authority, partner_id=partner.pk, name=name, kind=kind,
                             registration_number=registration_number, status=status,
                             fields_of_activity=fields_of_activity, populations_served=populations_served,
                             added_value=added_value, neighbourhoods=items)
    return _update(Partner, partner, version=version, values=values, many={"neighbourhoods": items})


def add_partner_contact(*, partner: Partner, full_name: str, role_title: str = "", phone: str = "",
                        email: str = "") -> PartnerContact:
    values = {"full_name": _text(full_name, 200), "role_title": _text(role_title, 150), "phone": _text(phone, 30),
              "email": _text(email, 254)}
    if not values["full_name"]:
        raise ValidationError({"full_name": required()})
    return _create(PartnerContact, authority=partner.authority, values={"partner": partner, **values})


def add_agreement(*, partner: Partner, title: str, signed_on: date | None, status: str,
                  document: str = "") -> Agreement:
    errors: dict[str, Any] = {}
    values = {"title": _text(title, 200), "signed_on": signed_on, "status": status, "document": _text(document, 300)}
    if not values["title"]:
        errors["title"] = required()
    _choice(status, Agreement.Status, "status", errors)
    if errors:
        raise ValidationError(errors)
    return _create(Agreement, authority=partner.authority, values={"partner": partner, **values})


# --- resources --------------------------------------------------------------------------------------------

def _resource_values(authority: Authority, *, name: str, kind: str, category: str, capacity: int | None,
                     quantity: int | None, unit: str, availability: str, hours: str,
                     neighbourhood: Neighbourhood | None, address: str, partner: Partner | None,
                     department: Department | None, verified_on: date | None, accessible: bool,
                     description: str) -> dict:
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {
        "name": _text(name, 200), "kind": kind, "category": category, "unit": _text(unit, 40),
        "availability": availability, "hours": _text(hours, 100), "neighbourhood": neighbourhood,
        "address": _text(address, 200), "partner": partner, "department": department,
        "verified_on": verified_on or timezone.localdate(), "accessible": bool(accessible),
        "description": _text(description, 5000), "quantity": quantity or 0, "capacity": capacity,
    }
    if not values["name"]:
        errors["name"] = required()
    _choice(kind, Resource.Kind, "kind", errors)
    _choice(category, Category, "category", errors)
    _choice(availability, Availability, "availability", errors)
    if capacity is None:
        errors["capacity"] = required()
    elif capacity < 0:
        errors["capacity"] = _("The capacity cannot be negative.")
    if values["quantity"] < 0:
        errors["quantity"] = _("The quantity cannot be negative.")
    _belongs(neighbourhood, authority.pk, "neighbourhood", errors)
    _belongs(partner, authority.pk, "partner", errors)
    _belongs(department, authority.pk, "department", errors)
    if errors:
        raise ValidationError(errors)
    values["family"] = Resource.FAMILY_OF[Resource.Kind(kind)]
    return values


def create_resource(*, authority: Authority, name: str, kind: str, category: str, capacity: int | None,
                    quantity: int | None = 0, unit: str = "", availability: str = Availability.BOTH,
                    hours: str = "", neighbourhood: Neighbourhood | None = None, address: str = "",
                    partner: Partner | None = None, department: Department | None = None,
                    verified_on: date | None = None, accessible: bool = False, description: str = "") -> Resource:
    values = _resource_values(authority, name=name, kind=kind, category=category, capacity=capacity,
                              quantity=quantity, unit=unit, availability=availability, hours=hours,
                              neighbourhood=neighbourhood, address=address, partner=partner,
                              department=department, verified_on=verified_on, accessible=accessible,
                              description=description)
    return _create(Resource, authority=authority, values=values)


def update_resource(*, resource: Resource, version: int | None, name: str, kind: str, category: str,
                    capacity: int | None, quantity: int | None = 0, unit: str = "",
                    availability: str = Availability.BOTH, hours: str = "", neighbourhood: Neighbourhood | None = None,
                    address: str = "", partner: Partner | None = None, department: Department | None = None,
                    verified_on: date | None = None, accessible: bool = False, description: str = "") -> list[str]:
    """Capacity below what is already allocated is refused (release allocations first)."""
    values = _resource_values(resource.authority, name=name, kind=kind, category=category, capacity=capacity,
                              quantity=quantity, unit=unit, availability=availability, hours=hours,
                              neighbourhood=neighbourhood, address=address, partner=partner,
                              department=department, verified_on=verified_on, accessible=accessible,
                              description=description)
    with transaction.atomic(), scope(authority=resource.authority_id):
        current = lock_current(Resource.objects, pk=resource.pk, version=version)
        if capacity is not None and capacity < current.allocated:
            raise ValidationError({"capacity": _(
                "%(allocated)d are already allocated to needs: the capacity cannot be less. Release allocations "
                "first.") % {"allocated": current.allocated}})
        return _update(Resource, current, version=None, values=values)


def verify_resource(*, resource: Resource) -> None:
    """Mark the resource as checked today (it is no longer stale)."""
    with transaction.atomic(), scope(authority=resource.authority_id):
        Resource.objects.filter(pk=resource.pk).update(verified_on=timezone.localdate(), updated_at=timezone.now(),
                                                       updated_by=context.current_user())
        record(action=Action.UPDATE, obj=resource, fields=["verified_on"])


# --- needs ------------------------------------------------------------------------------------------------

def _need_values(authority: Authority, *, title: str, category: str, quantity: int | None, unit: str,
                 neighbourhood: Neighbourhood | None, population_group: str, urgency: int, source: str,
                 emergency: str, description: str) -> dict:
    errors: dict[str, Any] = {}
    values = {
        "title": _text(title, 200), "category": category, "quantity": quantity, "unit": _text(unit, 40),
        "neighbourhood": neighbourhood, "population_group": _text(population_group, 150), "urgency": urgency,
        "source": _text(source, 150), "emergency": _text(emergency, 150), "description": _text(description, 5000),
    }
    if not values["title"]:
        errors["title"] = required()
    _choice(category, Category, "category", errors)
    if urgency not in Need.Urgency.values:
        errors["urgency"] = _("Select a valid choice. That choice is not one of the available choices.")
    if quantity is None:
        errors["quantity"] = required()
    elif quantity < 1:
        errors["quantity"] = _("The quantity must be at least 1.")
    _belongs(neighbourhood, authority.pk, "neighbourhood", errors)
    if neighbourhood is None and not values["population_group"]:
        errors["neighbourhood"] = _("Name the neighbourhood or the population group of the need.")
    if errors:
        raise ValidationError(errors)
    return values


def create_need(*, authority: Authority, title: str, category: str, quantity: int | None, unit: str = "",
                neighbourhood: Neighbourhood | None = None, population_group: str = "",
                urgency: int = Need.Urgency.MEDIUM, source: str = "", emergency: str = "",
                description: str = "") -> Need:
    values = _need_values(authority, title=title, category=category, quantity=quantity, unit=unit,
                          neighbourhood=neighbourhood, population_group=population_group, urgency=urgency,
                          source=source, emergency=emergency, description=description)
    return _create(Need, authority=authority, values={**values, "status": Need.Status.OPEN})


def update_need(*, need: Need, version: int | None, title: str, category: str, quantity: int | None,
                unit: str = "", neighbourhood: Neighbourhood | None = None, population_group: str = "",
                urgency: int = Need.Urgency.MEDIUM, source: str = "", emergency: str = "", description: str = "",
                closed: bool = False) -> list[str]:
    """A quantity below what is already covered is refused; closing a need keeps its allocations."""
    values = _need_values(need.authority, title=title, category=category, quantity=quantity, unit=unit,
                          neighbourhood=neighbourhood, population_group=population_group, urgency=urgency,
                          source=source, emergency=emergency, description=description)
    with transaction.atomic(), scope(authority=need.authority_id):
        current = lock_current(Need.objects, pk=need.pk, version=version)
        if quantity is not None and quantity < current.covered:
            raise ValidationError({"quantity": _(
                "%(covered)d are already covered by allocations: the quantity cannot be less.")
                % {"covered": current.covered}})
        values["status"] = need_status(quantity=values["quantity"], covered=current.covered, closed=closed)
        return _update(Need, current, version=None, values=values)


# --- responses --------------------------------------------------------------------------------------------

def _response_values(authority: Authority, *, name: str, category: str, partner: Partner | None,
                     department: Department | None, for_whom: str, neighbourhood: Neighbourhood | None,
                     capacity: int | None, description: str) -> dict:
    errors: dict[str, Any] = {}
    values = {"name": _text(name, 200), "category": category, "partner": partner, "department": department,
              "for_whom": _text(for_whom, 200), "neighbourhood": neighbourhood, "capacity": capacity or 0,
              "description": _text(description, 5000)}
    if not values["name"]:
        errors["name"] = required()
    _choice(category, Category, "category", errors)
    if partner is None and department is None:
        errors["partner"] = _("Say who gives it: a partner or a department.")
    _belongs(partner, authority.pk, "partner", errors)
    _belongs(department, authority.pk, "department", errors)
    _belongs(neighbourhood, authority.pk, "neighbourhood", errors)
    if errors:
        raise ValidationError(errors)
    return values


def create_response(*, authority: Authority, name: str, category: str, partner: Partner | None = None,
                    department: Department | None = None, for_whom: str = "",
                    neighbourhood: Neighbourhood | None = None, capacity: int | None = 0,
                    description: str = "") -> Response:
    values = _response_values(authority, name=name, category=category, partner=partner, department=department,
                              for_whom=for_whom, neighbourhood=neighbourhood, capacity=capacity,
                              description=description)
    return _create(Response, authority=authority, values=values)


def update_response(*, response: Response, version: int | None, name: str, category: str,
                    partner: Partner | None = None, department: Department | None = None, for_whom: str = "",
                    neighbourhood: Neighbourhood | None = None, capacity: int | None = 0,
                    description: str = "") -> list[str]:
    values = _response_values(response.authority, name=name, category=category, partner=partner,
                              department=department, for_whom=for_whom, neighbourhood=neighbourhood,
                              capacity=capacity, description=description)
    return _update(Response, response, version=version, values=values)
