"""Invented evacuees: the "large city" of the issue, 60,000 evacuees in 25,000 households.

`evacuee_list` is the intake benchmark's .xlsx list an authority would upload (Hebrew headers, one row a
person); `bench_data` is the module's generator for `manage.py bench_data` (declared on the module's
AppConfig): the same people straight into the tables, with Arabic names for a share of the households
and long-term services for a share of the people.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from io import BytesIO

from openpyxl import Workbook

FIRST = ["מרים", "יוסף", "נועם", "תמר", "סלים", "ראניה", "אורית", "דוד", "שרה", "מוחמד", "לילה", "אבי", "רות",
         "עומר", "נור", "יעל", "חיים", "סמיר", "דנה", "אחמד"]
LAST = ["אזולאי", "חדד", "בן דוד", "כהן", "לוי", "מזרחי", "פרץ", "ביטון", "דהן", "אברהם", "חורי", "עבאס",
        "פרידמן", "שפירא", "גבאי", "אלון"]
HEADERS = ["מספר משפחה", "מספר זהות", "שם פרטי", "שם משפחה", "תאריך לידה", "קרבה", "טלפון", "יישוב מוצא",
           "מקום לינה", "פרטי מקום הלינה"]
RELATIONS = ["ראש משק הבית", "בן/בת זוג", "ילד", "ילד", "הורה"]
PLACES = ["מלון", "קרובי משפחה", "דיור עירוני", "אחר"]


def id_number(n: int) -> str:
    stem = str(10_000_000 + n).zfill(8)
    for last in "0123456789":
        candidate = stem + last
        total = 0
        for index, digit in enumerate(candidate):
            product = int(digit) * (1 if index % 2 == 0 else 2)
            total += product if product < 10 else product - 9
        if total % 10 == 0:
            return candidate
    raise ValueError(n)


def rows(people: int = 60_000, households: int = 25_000, seed: int = 7):
    """(family, id, first, last, birth date, relation, phone, locality, accommodation, details) rows."""
    rng = random.Random(seed)
    sizes = [1] * households
    for _ in range(people - households):
        sizes[rng.randrange(households)] += 1
    n = 0
    for family, size in enumerate(sizes, 1):
        last = rng.choice(LAST)
        place = rng.choice(PLACES)
        for member in range(size):
            n += 1
            born = date(1940, 1, 1) + timedelta(days=rng.randrange(30_000))
            yield [f"F{family:05d}", id_number(n), rng.choice(FIRST), last, born.strftime("%d.%m.%Y"),
                   RELATIONS[min(member, 4)], f"050-{rng.randrange(10**7):07d}", "עין אור", place,
                   f"חדר {rng.randrange(1, 400)}"]


def evacuee_list(people: int = 60_000, households: int = 25_000) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for row in rows(people, households):
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ARABIC_FIRST = ["سليم", "رانية", "محمد", "ليلى", "أحمد", "نور", "سمير", "هبة", "يوسف", "مريم"]
ARABIC_LAST = ["خوري", "عباس", "حداد", "سعدي", "عودة", "منصور", "ناصر"]
RELATION_OF = {"ראש משק הבית": "head", "בן/בת זוג": "spouse", "ילד": "child", "הורה": "parent"}
ACCOMMODATION_OF = {"מלון": "hotel", "קרובי משפחה": "relatives", "דיור עירוני": "municipal", "אחר": "other"}
NEEDS = ["תרופות קבועות", "כיסא גלגלים", "ציוד לתינוק", "ליווי רגשי", "مساعدة في الترجمة", ""]


def bench_data(context) -> dict[str, int]:
    """manage.py bench_data: 60,000 evacuees in 25,000 households in the large city at `large`; a service
    for one evacuee in three."""
    from datetime import datetime

    from merhav.core.bench import bulk
    from merhav.intake.models import SERVICE_SECTION, Household, LongTermService, Person

    counts: dict[str, int] = {}
    rng = context.rng
    offset = 0
    kinds = list(SERVICE_SECTION)
    for authority in context.authorities:
        people = context.size(60_000, authority=authority, minimum=3)
        households = max(1, min(people, context.size(25_000, authority=authority)))
        coordinator = context.people[authority.pk]["intake_coordinator"]
        families: dict[str, list[list]] = {}
        for row in rows(people, households, seed=context.seed + authority.pk):
            families.setdefault(row[0], []).append(row)
        household_rows = []
        for key, members in families.items():
            first = members[0]
            household_rows.append(Household(
                authority=authority, import_key=key, origin_locality=rng.choice(["עין אור", "קריית שמונה", "מטולה",
                                                                                 "شلومي", "שדרות"]),
                accommodation=ACCOMMODATION_OF[first[8]], accommodation_details=first[9], phone=first[6],
                needs=rng.choice(NEEDS), created_by=coordinator, updated_by=coordinator))
        household_rows = bulk(Household, household_rows, counts, "intake.Household")
        person_rows = []
        for household, members in zip(household_rows, families.values(), strict=True):
            arabic = rng.random() < 0.25
            last = rng.choice(ARABIC_LAST) if arabic else members[0][3]
            for _family, _id, first, _last, born, relation, phone, *_rest in members:
                offset += 1
                person_rows.append(Person(
                    authority=authority, household=household, id_number=id_number(offset),
                    first_name=rng.choice(ARABIC_FIRST) if arabic else first, last_name=last,
                    birth_date=datetime.strptime(born, "%d.%m.%Y").date(), relation=RELATION_OF.get(relation, "other"),
                    phone=phone, created_by=coordinator, updated_by=coordinator))
        person_rows = bulk(Person, person_rows, counts, "intake.Person")
        services = []
        for n, person in enumerate(person_rows):
            if n % 3:
                continue
            kind = kinds[(n // 3) % len(kinds)]
            opened = context.today - timedelta(days=rng.randrange(1, 200))
            status = rng.choice(list(LongTermService.Status.values))
            services.append(LongTermService(
                authority=authority, person=person, kind=kind, section=SERVICE_SECTION[kind], status=status,
                opened_on=opened, due_on=opened + timedelta(days=rng.randrange(7, 90)),
                closed_on=opened + timedelta(days=30) if status == "closed" else None,
                created_by=coordinator, updated_by=coordinator))
        bulk(LongTermService, services, counts, "intake.LongTermService")
    return counts
