"""Reads of evacuee intake shared by the pages, the API, the exports and the panel. The authority comes
first, always; each read costs a fixed number of queries, whatever the authority's size. What a reader
may see of a person is decided by merhav.intake.access: these reads take the sections to show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from merhav.tenancy.models import Authority

from . import answers as answer_kinds
from .identity import normalize_id_number
from .models import Answer, Household, LongTermService, Person, SectionField, SectionKey

RECENT = 5
SEARCH_LIMIT = 50


def households(authority: Authority) -> QuerySet[Household]:
    """The authority's households, the last changed first, with their member count."""
    return (Household.objects.filter(authority=authority, erased_at__isnull=True)
            .annotate(member_count=Count("members")).order_by("-updated_at", "-id"))


def household_detail(authority: Authority, household_id: int) -> QuerySet[Household]:
    return Household.objects.filter(authority=authority, pk=household_id, erased_at__isnull=True)


def members_of(authority: Authority, household: Household) -> list[Person]:
    return list(Person.objects.filter(authority=authority, household=household).order_by("id"))


def persons(authority: Authority) -> QuerySet[Person]:
    return Person.objects.filter(authority=authority, erased_at__isnull=True).select_related("household")


def person_detail(authority: Authority, person_id: int) -> QuerySet[Person]:
    return Person.objects.filter(authority=authority, pk=person_id, erased_at__isnull=True).select_related("household")


def search_persons(authority: Authority, query: str) -> list[Person]:
    """People by ID number (exact, with or without the check digit's padding) or by name (each word the
    start of the first or the last name). At most SEARCH_LIMIT; one query."""
    text = " ".join(str(query or "").split())
    if not text:
        return []
    digits = text.replace("-", "").replace(" ", "")
    if digits.isdigit():
        number = normalize_id_number(digits) or digits.zfill(9)
        found = persons(authority).filter(id_number=number)
    else:
        found = persons(authority)
        for word in text.split()[:4]:
            found = found.filter(Q(first_name__istartswith=word) | Q(last_name__istartswith=word))
    return list(found.order_by("last_name", "first_name", "id")[:SEARCH_LIMIT])


@dataclass
class ShownAnswer:
    field: SectionField
    value: Any
    is_current: bool

    @property
    def label(self) -> str:
        return self.field.label

    @property
    def text(self) -> str:
        return answer_kinds.shown(self.field, self.value)

    @property
    def is_old_revision(self) -> bool:
        return not self.field.is_current


@dataclass
class ShownSection:
    key: str
    label: str
    fields: list[SectionField] = field(default_factory=list)
    answers: list[ShownAnswer] = field(default_factory=list)

    @property
    def unanswered_required(self) -> int:
        answered = {a.field.key for a in self.answers if a.is_current}
        return sum(1 for f in self.fields if f.required and f.key not in answered)


def current_fields(authority: Authority, sections: Iterable[str]) -> dict[str, list[SectionField]]:
    result: dict[str, list[SectionField]] = {key: [] for key in sections}
    for f in SectionField.objects.filter(authority=authority, section__in=list(result), is_current=True):
        result[f.section].append(f)
    return result


def sections_of_person(authority: Authority, person: Person, sections: Iterable[str]) -> list[ShownSection]:
    """The given sections of one person with their current questions and every answer (of any revision).
    Two queries; never a section not in `sections`."""
    keys = [key for key in SectionKey.values if key in set(sections)]
    fields = current_fields(authority, keys)
    shown = {key: ShownSection(key=key, label=str(SectionKey(key).label), fields=fields[key]) for key in keys}
    for answer in (Answer.objects.filter(authority=authority, person=person, section__in=keys)
                   .select_related("field").order_by("section", "field__order", "-is_current", "id")):
        shown[answer.section].answers.append(ShownAnswer(answer.field, answer.value, answer.is_current))
    return [shown[key] for key in keys]


def current_answers(authority: Authority, person: Person, section: str) -> dict[str, Any]:
    return dict(Answer.objects.filter(authority=authority, person=person, section=section, is_current=True)
                .values_list("field_key", "value"))


def answers_by_person(authority: Authority, person_ids: list[int], sections: Iterable[str]) -> dict[int, dict]:
    """{person id: {(section, key): value}} of the current answers in these sections: one query."""
    result: dict[int, dict] = {pk: {} for pk in person_ids}
    rows = (Answer.objects.filter(authority=authority, person_id__in=person_ids, section__in=list(sections),
                                  is_current=True).values_list("person_id", "section", "field_key", "value"))
    for person_id, section, key, value in rows:
        result[person_id][(section, key)] = value
    return result


def services_of_person(authority: Authority, person: Person, sections: Iterable[str]) -> list[LongTermService]:
    return list(LongTermService.objects.filter(authority=authority, person=person, section__in=list(sections))
                .order_by("-opened_on", "-id"))


def worklist(authority: Authority, sections: Iterable[str], *, status: str = "open",
             kind: str = "") -> QuerySet[LongTermService]:
    """A department's services (those of its sections), the longest without an update first."""
    queryset = (LongTermService.objects.filter(authority=authority, section__in=list(sections))
                .select_related("person"))
    if status == "open":
        queryset = queryset.filter(status__in=LongTermService.OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("last_update_at", "id")


def service_detail(authority: Authority, service_id: int) -> QuerySet[LongTermService]:
    return LongTermService.objects.filter(authority=authority, pk=service_id).select_related("person")


def likely_duplicates(authority: Authority) -> QuerySet[Person]:
    return (Person.objects.filter(authority=authority, possible_duplicate_of__isnull=False, erased_at__isnull=True)
            .select_related("possible_duplicate_of", "household").order_by("id"))


def intake_summary(authority: Authority) -> dict:
    """For the dashboard panel: counts only, no names (two queries)."""
    counts = Person.objects.filter(authority=authority, erased_at__isnull=True).aggregate(
        people=Count("id"), households=Count("household", distinct=True),
        duplicates=Count("id", filter=Q(possible_duplicate_of__isnull=False)),
    )
    services = dict(LongTermService.objects.filter(authority=authority).values("status")
                    .annotate(n=Count("id")).order_by().values_list("status", "n"))
    return {
        **counts,
        "open_services": sum(services.get(s, 0) for s in LongTermService.OPEN_STATUSES),
        "closed_services": services.get(LongTermService.Status.CLOSED, 0),
    }
