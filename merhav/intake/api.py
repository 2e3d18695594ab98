"""The intake API, under /api/v1/authorities/<authority_slug>/intake/. The same services, selectors,
policy and section access as the pages: an outsider gets 404, a refused call 403 (a refused write is
audited), and every response that shows a person is recorded in the audit log.

Department separation holds in the schema too: a person's sections are a list of {section, answers},
each answer {key, label, value}; the schema names no department's question, and a response holds only
the sections the caller's department owns (all of them for the intake coordinator)."""

from datetime import date, datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from merhav.audit.services import personal_rows_shown, record_personal_read
from merhav.core.api.errors import ErrorOut, from_django
from merhav.core.api.pagination import Pages, Rows
from merhav.core.versioning import StaleVersion
from merhav.tenancy.access import authority_access, check

from . import selectors
from .access import visible_sections
from .models import Household, LongTermService, Person, SectionKey
from .services import households as services
from .services.households import DuplicateIdNumber

router = Router(tags=["intake"])

BASE = "/authorities/{authority_slug}/intake"



class DuplicateOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    existing_person_id: int = Field(description="The person already registered with this ID number.")


class PersonIn(Schema):
    id_number: str = Field("", max_length=12)
    first_name: str = Field(..., min_length=1, max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    birth_date: date | None = None
    relation: Person.Relation = Person.Relation.HEAD
    phone: str = Field("", max_length=30)


class HouseholdIn(Schema):
    origin_locality: str = Field(..., min_length=1, max_length=150)
    accommodation: Household.Accommodation = Household.Accommodation.HOTEL
    accommodation_details: str = Field("", max_length=250)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    needs: str = ""
    head: PersonIn


class PersonPatch(Schema):
    """Only the fields sent change; `version` is the one the client read (a stale one is a 409)."""

    version: int
    id_number: str | None = Field(None, max_length=12)
    first_name: str | None = Field(None, min_length=1, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    birth_date: date | None = None
    relation: Person.Relation | None = None
    phone: str | None = Field(None, max_length=30)


class PersonCoreOut(Schema):
    id: int
    household_id: int
    id_number: str
    first_name: str
    last_name: str
    birth_date: date | None
    relation: str
    phone: str
    likely_duplicate_of: int | None = Field(None, alias="possible_duplicate_of_id")
    version: int


class HouseholdOut(Schema):
    id: int
    origin_locality: str
    accommodation: str
    accommodation_details: str
    phone: str
    email: str
    needs: str
    status: str
    updated_at: datetime
    version: int


class HouseholdDetailOut(HouseholdOut):
    members: list[PersonCoreOut]


class AnswerOut(Schema):
    key: str
    label: str
    value: Any = Field(description="Text, number (as text), date (ISO), choice, list of choices, or yes/no.")
    is_current: bool
    wording: int = Field(description="The revision of the question this answer was given to.")


class IntakeSectionOut(Schema):
    section: str
    label: str
    answers: list[AnswerOut]


class EvacueeOut(PersonCoreOut):
    sections: list[IntakeSectionOut] = Field(description="Only the sections the caller's department owns.")


class IntakeSectionIn(Schema):
    answers: dict[str, Any] = Field(default_factory=dict,
                                    description="Question key → value; a key not sent keeps its answer.")


class SearchIn(Schema):
    query: str = Field(..., min_length=1, max_length=100)


class ServiceOut(Schema):
    id: int
    person_id: int
    kind: str
    section: str
    status: str
    opened_on: date
    due_on: date | None
    closed_on: date | None
    last_update_at: datetime
    version: int


def _person_out(authority, user, person: Person) -> dict:
    sections = selectors.sections_of_person(authority, person, visible_sections(user, authority))
    out = PersonCoreOut.from_orm(person).dict()
    out["likely_duplicate_of"] = person.possible_duplicate_of_id
    out["sections"] = [
        {"section": s.key, "label": s.label, "answers": [
            {"key": a.field.key, "label": a.label, "value": a.value, "is_current": a.is_current,
             "wording": a.field.revision} for a in s.answers]}
        for s in sections
    ]
    return out


def _duplicate(error: DuplicateIdNumber) -> Status:
    return Status(409, {"detail": _("A person with this ID number is already registered."),
                        "errors": error.message_dict, "existing_person_id": error.existing})


@router.get(f"{BASE}/households", response=list[HouseholdOut], summary="Intake: households")
@paginate(Pages)
def list_households(request, authority_slug: str):
    with authority_access(request, authority_slug, "intake.view") as authority:
        return Rows(selectors.households(authority), then=personal_rows_shown)


@router.post(f"{BASE}/households", response={201: HouseholdDetailOut, 409: DuplicateOut, 422: ErrorOut},
             summary="Intake: take a family in")
def take_in(request, authority_slug: str, payload: HouseholdIn):
    with authority_access(request, authority_slug, "intake.create") as authority:
        values = payload.dict()
        head = values.pop("head")
        try:
            household = services.create_household(authority=authority, household=values, head=head)
        except DuplicateIdNumber as error:
            return _duplicate(error)
        except ValidationError as error:
            raise from_django(error) from error
        members = selectors.members_of(authority, household)
        return Status(201, {**HouseholdOut.from_orm(household).dict(),
                            "members": [PersonCoreOut.from_orm(p).dict() for p in members]})


@router.get(f"{BASE}/households/{{int:household_id}}", response=HouseholdDetailOut,
            summary="Intake: one household and its people")
def get_household(request, authority_slug: str, household_id: int):
    with authority_access(request, authority_slug, "intake.view") as authority:
        household = get_object_or_404(selectors.household_detail(authority, household_id))
        members = selectors.members_of(authority, household)
        record_personal_read(object_type="intake.person", ids=[p.pk for p in members])
        return {**HouseholdOut.from_orm(household).dict(),
                "members": [PersonCoreOut.from_orm(p).dict() for p in members]}


@router.get(f"{BASE}/persons/{{int:person_id}}", response=EvacueeOut,
            summary="Intake: one person, with the caller's sections")
def get_person(request, authority_slug: str, person_id: int):
    with authority_access(request, authority_slug, "intake.view") as authority:
        person = get_object_or_404(selectors.person_detail(authority, person_id))
        out = _person_out(authority, request.user, person)
        record_personal_read(object_type="intake.person", ids=[person.pk])
        return out


@router.patch(f"{BASE}/persons/{{int:person_id}}",
              response={200: EvacueeOut, 409: dict, 422: ErrorOut}, summary="Intake: correct a person's details")
def update_person(request, authority_slug: str, person_id: int, payload: PersonPatch):
    with authority_access(request, authority_slug, "intake.view") as authority:
        person = get_object_or_404(selectors.person_detail(authority, person_id))
        check(request, "intake.edit", person)
        sent = payload.dict(exclude_unset=True, exclude={"version"})
        values = {"id_number": person.id_number, "first_name": person.first_name, "last_name": person.last_name,
                  "birth_date": person.birth_date, "relation": person.relation, "phone": person.phone}
        values.update({name: value for name, value in sent.items() if value is not None or name == "birth_date"})
        try:
            services.update_person(person=person, version=payload.version, values=values)
        except StaleVersion as stale:
            return Status(409, {
                "detail": _("Someone else saved a change after you started editing. Nothing was overwritten: "
                            "compare the two versions, merge, and save again with the current version."),
                "errors": {"version": [_("This was changed by someone else.")]},
                "current_version": stale.current.version,
            })
        except DuplicateIdNumber as error:
            return Status(409, {"detail": _("A person with this ID number is already registered."),
                                "errors": error.message_dict, "existing_person_id": error.existing})
        except ValidationError as error:
            raise from_django(error) from error
        person = get_object_or_404(selectors.person_detail(authority, person_id))
        out = _person_out(authority, request.user, person)
        record_personal_read(object_type="intake.person", ids=[person.pk])
        return out


@router.put(f"{BASE}/persons/{{int:person_id}}/sections/{{section}}",
            response={200: EvacueeOut, 422: ErrorOut}, summary="Intake: answer the caller's own section")
def save_section(request, authority_slug: str, person_id: int, section: SectionKey, payload: IntakeSectionIn):
    with authority_access(request, authority_slug, "intake.view") as authority:
        person = get_object_or_404(selectors.person_detail(authority, person_id))
        check(request, "intake.edit_section", (person, str(section)))
        try:
            services.save_section(person=person, section=str(section), answers=payload.answers)
        except PermissionDenied as error:
            raise HttpError(403, _("You may not do this.")) from error
        except ValidationError as error:
            raise from_django(error) from error
        out = _person_out(authority, request.user, person)
        record_personal_read(object_type="intake.person", ids=[person.pk])
        return out


@router.post(f"{BASE}/search", response=list[PersonCoreOut],
             summary="Intake: find people by ID number or name (POSTed: never in an address)")
def search(request, authority_slug: str, payload: SearchIn):
    with authority_access(request, authority_slug, "intake.view") as authority:
        return personal_rows_shown(selectors.search_persons(authority, payload.query))


@router.get(f"{BASE}/services", response=list[ServiceOut], summary="Intake: the caller's department's services")
@paginate(Pages)
def list_services(request, authority_slug: str, status: str = "open"):
    with authority_access(request, authority_slug, "intake.view") as authority:
        sections = visible_sections(request.user, authority)
        return Rows(selectors.worklist(authority, sections, status=status if status in (
            "open", "", *LongTermService.Status.values) else "open"), then=partial(personal_rows_shown, person="person"))
