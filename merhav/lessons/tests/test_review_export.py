"""A review as a Word document in the user's language — right to left in Hebrew and Arabic — and as a page
for printing. Both are exports written to the audit log."""

import io
from datetime import date, timedelta

import pytest
from django_scopes import scope
from docx import Document
from docx.oxml.ns import qn

from merhav.audit.models import AuditEntry
from merhav.lessons.models import Question, ReviewSection
from merhav.tenancy.models import StandardDepartment
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import standard_department

from .factories import ActionItemFactory, EventFactory, LessonFactory, ReviewFactory
from .support import url

DAY = date(2025, 10, 12)
ANSWERS = {
    Question.GOAL: "להבטיח שכל תושבי עין אור יקבלו מידע מדויק ומהיר",
    Question.WHAT_HAPPENED: "המוקד הוצף בשיחות\nהתושבים קיבלו מידע סותר",
    Question.WHAT_SHOULD_HAVE: "היה אמור לצאת מסר מרוכז לכל התושבים",
    Question.LESSONS: "חסרות הודעות נצורות לפגיעה בתשתיות",
    Question.NEXT_STEP: "להכין סט הודעות נצורות עד 1.1.2026",
}


@pytest.fixture
def review(authority, make_user, ceo):
    facilitator = make_user(authority=authority, full_name="נועה כהן")
    people = [make_user(authority=authority, full_name=f"משתתף {n}") for n in range(4)]
    head = make_user(authority=authority, role=Role.DEPARTMENT_HEAD, full_name="רון לוי",
                     department_kind=StandardDepartment.PUBLIC_INFORMATION)
    event = EventFactory(authority=authority, title="נפילת טיל בשכונת עין אור", starts_on=DAY - timedelta(days=1),
                         ends_on=DAY)
    review = ReviewFactory(event=event, meeting_date=DAY + timedelta(days=2), title="תקשורת ועדכון תושבים",
                           facilitator=facilitator, participants=people, created_by=ceo)
    with scope(authority=authority):
        for question, text in ANSWERS.items():
            ReviewSection.objects.filter(review=review, question=question).update(text=text)
    key = LessonFactory(review=review, text="אין הודעות נצורות מוכנות לפגיעה בתשתיות", is_key=True)
    LessonFactory(review=review, text="המוקד לא תוגבר בזמן")
    ActionItemFactory(review=review, lesson=key, owner=head,
                      owner_department=standard_department(authority, StandardDepartment.PUBLIC_INFORMATION),
                      due_date=date(2026, 1, 1), title="להכין סט הודעות נצורות ולאשר מול המנכ״ל")
    return review


def document_of(response) -> Document:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Document(io.BytesIO(response.content))


def all_text(document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_docx_has_the_whole_review(login, staff, authority, review):
    document = document_of(login(staff).get(url("review_docx", authority, review_id=review.pk)))
    text = all_text(document)
    for expected in ["תקשורת ועדכון תושבים", "נפילת טיל בשכונת עין אור", "נועה כהן", "משתתף 3",
                     "אין הודעות נצורות מוכנות לפגיעה בתשתיות", "המוקד לא תוגבר בזמן",
                     "להכין סט הודעות נצורות ולאשר מול המנכ״ל", "רון לוי", "01.01.2026", "14.10.2025",
                     *[line for answer in ANSWERS.values() for line in answer.splitlines()]]:
        assert expected in text, expected


def test_the_docx_reads_right_to_left_in_hebrew(login, staff, authority, review):
    document = document_of(login(staff).get(url("review_docx", authority, review_id=review.pk)))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    cell_paragraphs = [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    # The checks below are about the review's own text: its title, and the table of actions with the owner.
    assert any(p.text == "תקשורת ועדכון תושבים" for p in paragraphs)
    assert any(p.text.startswith("רון לוי") for p in cell_paragraphs)
    for paragraph in paragraphs + cell_paragraphs:
        assert paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:bidi")) is not None, paragraph.text
        assert all(run.font.rtl for run in paragraph.runs), paragraph.text
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    assert document.tables[0]._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    assert document.styles["Normal"].element.pPr.find(qn("w:bidi")) is not None


def test_the_docx_is_in_the_users_language(login, staff, authority, review):
    arabic = document_of(login(staff, language="ar").get(url("review_docx", authority, review_id=review.pk)))
    assert arabic.paragraphs[1]._p.pPr.find(qn("w:bidi")) is not None
    english = document_of(login(staff, language="en").get(url("review_docx", authority, review_id=review.pk)))
    assert "What was the goal?" in all_text(english)
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in english.paragraphs)


def test_the_print_page_shows_answers_as_text(login, staff, authority, review):
    response = login(staff).get(url("review_print", authority, review_id=review.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<textarea" not in page
    assert "המוקד הוצף בשיחות<br>התושבים קיבלו מידע סותר" in page
    assert "ui/print.css" in page


def test_exports_are_audit_logged(login, auditor, authority, review):
    client = login(auditor)  # reading is allowed to the auditor
    assert client.get(url("review_docx", authority, review_id=review.pk)).status_code == 200
    assert client.get(url("review_print", authority, review_id=review.pk)).status_code == 200
    entries = AuditEntry.objects.filter(user=auditor, object_id=str(review.pk), object_type="lessons.review")
    # The Word file is an export; opening the print view is logged as what it is, a print.
    assert sorted((e.action, e.fields) for e in entries) == [("export", ["docx"]), ("print", [])]


def test_the_outsider_gets_404(login, outsider, authority, review):
    client = login(outsider)
    assert client.get(url("review_docx", authority, review_id=review.pk)).status_code == 404
    assert client.get(url("review_print", authority, review_id=review.pk)).status_code == 404


def test_another_authoritys_review_is_404(login, outsider, other_authority, review):
    """The outsider, in their own authority, cannot reach our review by its id either."""
    client = login(outsider)
    assert client.get(url("review_docx", other_authority, review_id=review.pk)).status_code == 404
