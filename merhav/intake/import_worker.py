"""The worker's part of a bulk import (merhav.intake.tasks): read the stored upload, check its rows with
progress, and apply the good new rows in one transaction. merhav.intake.services.imports stores the
upload, takes the mapping and the confirmation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from merhav.audit.services import Action, record
from merhav.core.spreadsheets import SpreadsheetError

from . import importing
from .models import Household, ImportBatch, Person


def _progress(batch_id: int, **values: Any):
    def report(count: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(processed=count, **values)
    return report


def known(authority_id: int) -> tuple[set[str], set[tuple]]:
    """The ID numbers registered, and the people without one (family number, name, birth date)."""
    ids, people = set(), set()
    for id_number, family, first, last, born in (Person.objects.filter(authority_id=authority_id)
                                                 .values_list("id_number", "household__import_key", "first_name",
                                                              "last_name", "birth_date")):
        if id_number:
            ids.add(id_number)
        else:
            people.add(importing.person_key(family, first, last, born))
    return ids, people


def _summarize(batch: ImportBatch, checked: list[importing.CheckedRow]) -> None:
    bad = [r for r in checked if r.errors]
    batch.bad_count = len(bad)
    batch.bad_rows = [{"line": r.line, "errors": [[code, params] for code, params in r.errors]}
                      for r in bad[:importing.MAX_REPORTED]]
    batch.new_count = sum(1 for r in checked if not r.errors and r.action == "new")
    batch.unchanged_count = sum(1 for r in checked if not r.errors and r.action == "unchanged")


def read_batch(batch: ImportBatch) -> None:
    """READING → READY (or FAILED): the raw rows kept, the upload dropped, the rows checked."""
    try:
        headers, rows = importing.read_sheet(bytes(batch.upload or b""), progress=_progress(batch.pk))
    except SpreadsheetError as error:
        batch.status, batch.error_code, batch.error_params = ImportBatch.Status.FAILED, error.code, error.params
        batch.upload = None
        batch.save(update_fields=["status", "error_code", "error_params", "upload"])
        return
    batch.headers, batch.rows, batch.total = headers, rows, len(rows)
    batch.mapping = importing.guess_mapping(headers)
    batch.upload = None
    check_batch(batch)


def check_batch(batch: ImportBatch) -> None:
    """Check every row with the batch's mapping; the counts and the bad rows for the preview."""
    ids, people = known(batch.authority_id)
    mapping = {t: int(i) for t, i in batch.mapping.items()}
    checked = importing.check_rows(batch.rows, mapping, known_ids=ids, known_people=people,
                                   progress=_progress(batch.pk, total=len(batch.rows)))
    _summarize(batch, checked)
    batch.status, batch.processed, batch.total = ImportBatch.Status.READY, len(batch.rows), len(batch.rows)
    batch.save()


def apply_batch(batch_id: int) -> str:
    """APPLYING → APPLIED: the good new rows, in one transaction. The rows are checked again against what
    is stored now, so that a re-import or a list applied twice adds nothing."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, status=ImportBatch.Status.APPLYING).first()
        if batch is None:
            return "skipped"
        authority_id = batch.authority_id
        user = batch.created_by
        ids, people = known(authority_id)
        mapping = {t: int(i) for t, i in batch.mapping.items()}
        checked = importing.check_rows(batch.rows, mapping, known_ids=ids, known_people=people)
        good = [r for r in checked if not r.errors and r.action == "new"]
        families = list(dict.fromkeys(r.values["family"] for r in good))
        existing = dict(Household.objects.filter(authority_id=authority_id, import_key__in=families)
                        .values_list("import_key", "pk")) if len(families) < 5000 else dict(
            Household.objects.filter(authority_id=authority_id).exclude(import_key="").values_list("import_key", "pk"))
        now = timezone.now()
        first_of: dict[str, importing.CheckedRow] = {}
        for row in good:
            first_of.setdefault(row.values["family"], row)
        new_households = [
            Household(authority_id=authority_id, import_key=key, origin_locality=row.values["origin_locality"],
                      accommodation=row.values["accommodation"],
                      accommodation_details=row.values["accommodation_details"],
                      created_by=user, updated_by=user, created_at=now, updated_at=now)
            for key, row in first_of.items() if key not in existing
        ]
        Household.objects.bulk_create(new_households, batch_size=2000)
        if new_households and new_households[0].pk is None:  # a database that does not return the ids
            existing.update(Household.objects.filter(authority_id=authority_id, import_key__in=list(first_of))
                            .values_list("import_key", "pk"))
        else:
            existing.update({h.import_key: h.pk for h in new_households})
        new_people = [
            Person(authority_id=authority_id, household_id=existing[r.values["family"]],
                   id_number=r.values["id_number"], first_name=r.values["first_name"], last_name=r.values["last_name"],
                   birth_date=r.values["birth_date"], relation=r.values["relation"], phone=r.values["phone"],
                   created_by=user, updated_by=user, created_at=now, updated_at=now)
            for r in good
        ]
        Person.objects.bulk_create(new_people, batch_size=2000)
        flagged = _flag_duplicates(authority_id, new_people)
        batch.status, batch.applied_at, batch.rows = ImportBatch.Status.APPLIED, now, []
        _summarize(batch, checked)
        batch.processed = batch.total
        batch.save()
        record(action=Action.CREATE, user=user, obj=batch,
               fields=[f"households:{len(new_households)}", f"people:{len(new_people)}", f"flagged:{flagged}"])
    return "applied"


def _flag_duplicates(authority_id: int, new_people: list[Person]) -> int:
    """A new person with the name and birth date of someone registered before (another ID number) is
    flagged as a likely duplicate."""
    if not new_people or new_people[0].pk is None:
        return 0
    first: dict[tuple, tuple[int, str]] = {}
    for pk, first_name, last_name, born, id_number in (
            Person.objects.filter(authority_id=authority_id, birth_date__isnull=False).order_by("pk")
            .values_list("pk", "first_name", "last_name", "birth_date", "id_number")):
        key = (importing.normalize(first_name), importing.normalize(last_name), born)
        first.setdefault(key, (pk, id_number))
    flagged = []
    for person in new_people:
        if person.birth_date is None:
            continue
        key = (importing.normalize(person.first_name), importing.normalize(person.last_name), person.birth_date)
        earlier_pk, earlier_id = first.get(key, (person.pk, ""))
        if earlier_pk != person.pk and (not person.id_number or earlier_id != person.id_number):
            person.possible_duplicate_of_id = earlier_pk
            flagged.append(person)
    Person.objects.bulk_update(flagged, ["possible_duplicate_of"], batch_size=2000)
    return len(flagged)
