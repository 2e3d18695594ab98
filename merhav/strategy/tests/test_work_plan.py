"""Work plans: the Gantt chart (SVG with dependencies) and the budget tables, the .xlsx export (right to left,
formulas escaped) and the plan as a Word document (right to left)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from merhav.audit.models import AuditEntry

from ..models import LogicNode
from .factories import BudgetLineFactory, IndicatorFactory, LogicNodeFactory, PlanActionFactory
from .support import make_plan, url


def test_the_gantt_draws_each_action_and_each_dependency(login, authority, staff):
    plan = make_plan(authority, by=staff)
    first = PlanActionFactory(plan=plan, title="שיקום גינות")
    PlanActionFactory(plan=plan, title="תאורה בגינות", depends_on=first, start=first.end + timedelta(days=1))
    body = login(staff).get(url("work_plan", authority, plan_id=plan.pk)).content.decode()
    assert body.count('<svg xmlns="http://www.w3.org/2000/svg" class="gantt"') == 1
    assert "שיקום גינות" in body and 'marker-end="url(#gantt-arrow)"' in body


def test_the_budget_tables_sum_by_channel_year_and_source(login, authority, staff):
    plan = make_plan(authority, by=staff)
    action = PlanActionFactory(plan=plan)
    BudgetLineFactory(action=action, year=2030, amount=Decimal(100), source="municipal")
    BudgetLineFactory(action=action, year=2031, amount=Decimal(50), source="philanthropy")
    budget = login(staff).get(url("work_plan", authority, plan_id=plan.pk)).context["budget"]
    assert budget.years == [2030, 2031] and budget.total == Decimal(150)
    assert [(name, total) for name, _v, total in budget.by_source] == [("Municipal budget", 100), ("Philanthropy", 50)] \
        or [total for _n, _v, total in budget.by_source] == [100, 50]


def test_the_work_plan_exports_to_xlsx_right_to_left_with_formulas_escaped(login, authority, staff):
    plan = make_plan(authority, by=staff)
    action = PlanActionFactory(plan=plan, title="=HYPERLINK(\"x\")")
    BudgetLineFactory(action=action, year=2030, amount=Decimal(1000))
    response = login(staff).get(url("work_plan_xlsx", authority, plan_id=plan.pk))
    book = load_workbook(io.BytesIO(response.content))
    actions = book.worksheets[0]
    assert actions.sheet_view.rightToLeft is True
    assert actions["B2"].value == "'=HYPERLINK(\"x\")"
    assert book.worksheets[2].max_row == 3  # one channel and the total
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="strategy.plan").exists()


def test_the_plan_exports_to_word_right_to_left(login, authority, staff):
    plan = make_plan(authority, by=staff, vision="חזון הבדיקה")
    PlanActionFactory(plan=plan, title="פעולה במסמך")
    IndicatorFactory(outcome=LogicNodeFactory(plan=plan, kind=LogicNode.Kind.LONG))
    response = login(staff).get(url("plan_docx", authority, plan_id=plan.pk))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "חזון הבדיקה" in text
    assert "פעולה במסמך" in [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert 'w:bidi' in response.content.decode("latin-1") or any(
        p._p.pPr is not None and p._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi")
        is not None for p in document.paragraphs)
    assert document.sections[0]._sectPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None


@pytest.mark.parametrize("count", [2, 30])
def test_the_work_plan_costs_the_same_queries_at_any_size(login, authority, staff, count,
                                                          django_assert_max_num_queries):
    plan = make_plan(authority, by=staff)
    previous = None
    for n in range(count):
        previous = PlanActionFactory(plan=plan, title=f"פעולה {n}", depends_on=previous, owner=staff)
        BudgetLineFactory(action=previous)
    client = login(staff)
    client.get(url("work_plan", authority, plan_id=plan.pk))
    with django_assert_max_num_queries(11):  # with the navigation's two (intake's entry)
        response = client.get(url("work_plan", authority, plan_id=plan.pk))
    assert len(response.context["actions"]) == count
