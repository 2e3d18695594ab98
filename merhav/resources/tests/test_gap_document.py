"""The gap document: current versus desired by category and neighbourhood with the manager's own text, as a
page, .docx and .xlsx (formula cells escaped), and dated snapshots compared at two points in time."""

import io

from django_scopes import scope
from docx import Document
from openpyxl import load_workbook

from merhav.audit.models import AuditEntry
from merhav.core.context import acting_as

from .. import services
from ..models import Category, GapSnapshot
from .support import make_need, make_resource, url


def _data(authority, user):
    with acting_as(user, authority=authority):
        place = services.create_neighbourhood(authority=authority, name="עין אור")
    need = make_need(authority, by=user, quantity=120, neighbourhood=place)
    resource = make_resource(authority, by=user, capacity=80)
    with acting_as(user, authority=authority):
        services.allocate_resource(need=need, resource=resource, quantity=80)
        services.save_gap_note(authority=authority, category=Category.FOOD, neighbourhood=place,
                               text="=HYPERLINK(\"x\") לגייס עוד סלים", version=None)
    return place


def test_the_page_shows_current_desired_and_the_gap_with_the_managers_text(login, authority, ceo):
    _data(authority, ceo)
    page = login(ceo).get(url("gap_document", authority))
    [(row, form)] = page.context["notes"]
    assert (row.desired, row.current, row.gap, row.neighbourhood) == (120, 80, 40, "עין אור")
    assert "לגייס עוד סלים" in page.content.decode()


def test_the_word_and_excel_documents_show_what_is_uncovered_and_escape_formulas(login, authority, ceo):
    _data(authority, ceo)
    client = login(ceo)
    word = client.get(url("gap_docx", authority))
    text = "\n".join(cell.text for table in Document(io.BytesIO(word.content)).tables for row in table.rows
                     for cell in row.cells)
    assert "עין אור" in text and "40" in text
    sheet = load_workbook(io.BytesIO(client.get(url("gap_xlsx", authority)).content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"x\") לגייס עוד סלים" in values
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, user=ceo).count() == 2


def test_a_note_is_saved_from_the_page(login, authority, ceo):
    place = _data(authority, ceo)
    client = login(ceo)
    prefix = f"gap-food-{place.pk}"
    client.post(url("gap_note", authority), {"prefix": prefix, f"{prefix}-category": "food",
                                             f"{prefix}-neighbourhood": place.pk, f"{prefix}-version": 1,
                                             f"{prefix}-text": "נפתח את המקלט של בית הספר"})
    page = client.get(url("gap_document", authority)).content.decode()
    assert "נפתח את המקלט של בית הספר" in page


def test_two_snapshots_are_compared(login, authority, ceo):
    manager = ceo
    place = _data(authority, manager)
    client = login(manager)
    client.post(url("snapshot_take", authority), {"label": "לפני"})
    need = make_need(authority, by=manager, title="עוד", quantity=30, neighbourhood=place)
    client.post(url("snapshot_take", authority), {"label": "אחרי"})
    with scope(authority=authority):
        before, after = GapSnapshot.objects.order_by("taken_at", "pk")
    page = client.get(url("snapshot_detail", authority, snapshot_id=after.pk), {"compare": before.pk})
    [compared] = page.context["compared"][2]
    assert (compared.before, compared.after, compared.change) == (40, 70, 30)
    assert need.quantity == 30
