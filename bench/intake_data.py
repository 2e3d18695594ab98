"""Invented evacuee lists for the intake benchmark: the "large city" of the issue, 60,000 evacuees in
25,000 households, as an .xlsx list an authority would upload (Hebrew headers, one row a person)."""

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
