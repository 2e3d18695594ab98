"""The issue's first "done when", end to end in Hebrew: a newcomer (the partnerships manager) imports a sheet
of partners and a sheet of resources, records needs of two neighbourhoods, accepts suggested matches, and
downloads a gap document that shows what is uncovered."""

import io

from django_scopes import scope
from docx import Document

from merhav.core.context import acting_as
from merhav.tenancy.roles import Role

from .. import services
from ..models import Need, Partner, Resource
from ..validators import with_check_digit
from .support import url
from .test_import import csv_bytes, run_import, xlsx


def test_import_record_needs_accept_matches_and_download_the_gap_document(login, authority, make_user, run_tasks):
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER, language="he")
    with acting_as(manager, authority=authority):
        for name in ("עין אור", "נווה גבעה"):
            services.create_neighbourhood(authority=authority, name=name)
    client = login(manager, "he")
    run_import(client, authority, run_tasks, "partners", xlsx([
        ["שם", "סוג", "מספר רישום"],
        ["עמותת לב זמיר", "עמותה רשומה", with_check_digit("58012345")],
        ["מרכז החוסן", "עמותה רשומה", with_check_digit("58023456")],
    ]), "שותפים.xlsx")
    run_import(client, authority, run_tasks, "resources", csv_bytes([
        ["שם", "סוג", "צרכים שהוא עונה עליהם", "קיבולת", "שכונה", "בידי שותף"],
        ["מחסן מזון", "תשתית פיזית", "מזון", "100", "עין אור", "עמותת לב זמיר"],
        ["צוות מטפלים", "כוח אדם מקצועי", "תמיכה פסיכו-סוציאלית", "20", "", "מרכז החוסן"],
    ]), "משאבים.csv")
    with scope(authority=authority):
        assert Partner.objects.count() == 2 and Resource.objects.count() == 2
        places = {n.name: n.pk for n in services.catalog.Neighbourhood.objects.filter(authority=authority)}

    for title, category, quantity, place in (("סלי מזון", "food", 150, "עין אור"),
                                             ("ליווי רגשי לילדים", "psychosocial", 30, "נווה גבעה")):
        response = client.post(url("need_create", authority), {
            "title": title, "category": category, "quantity": quantity, "neighbourhood": places[place],
            "urgency": 1, "submit_token": f"{title:_<24}"})
        assert response.status_code == 302
    with scope(authority=authority):
        needs = list(Need.objects.order_by("pk"))
    for need in needs:
        page = client.get(url("need_detail", authority, need_id=need.pk))
        [best, *_] = page.context["suggested"]
        quantity = min(best.remaining_capacity, need.uncovered)
        client.post(url("allocate", authority, need_id=need.pk), {"resource": best.pk, "quantity": quantity})

    document = Document(io.BytesIO(client.get(url("gap_docx", authority)).content))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert cells[0][:5] == ["קטגוריה", "שכונה", "רצוי (נדרש)", "מצוי (מכוסה)", "פער"]
    by_place = {row[1]: row for row in cells[1:]}
    assert by_place["עין אור"][2:5] == ["150", "100", "50"]  # food: 50 still uncovered
    assert by_place["נווה גבעה"][2:5] == ["30", "20", "10"]
