"""Configurable questions, versioned: a change adds a revision, and answers given to the earlier wording
keep it; a retired question's answers stay readable; a required question missing is said beside it."""

from django_scopes import scope

from ..models import SectionField
from ..services.fields import retire_field, revise_field
from .support import WELFARE, add_question, answer, client_of, take_in, url


def test_an_old_answer_keeps_the_wording_it_was_given_to(authority, coordinator, welfare):
    from merhav.core.context import acting_as

    person = take_in(authority, by=coordinator)
    question = add_question(authority, by=coordinator, section=WELFARE, label="ניסוח ראשון", key="q")
    answer(person, by=welfare, section=WELFARE, q="תשובה ישנה")
    with acting_as(coordinator, authority=authority):
        revised = revise_field(field=question, values={"label": "ניסוח שני", "kind": "text", "purpose": "מטרה"})
    assert revised.revision == 2
    page = client_of(welfare).get(url("person", authority, person_id=person.pk)).content.decode()
    assert "ניסוח ראשון" in page and "תשובה ישנה" in page
    form = client_of(welfare).get(url("section_edit", authority, person_id=person.pk, section=WELFARE)).content.decode()
    assert "ניסוח שני" in form and "ניסוח ראשון" not in form
    with scope(authority=authority):
        assert list(SectionField.objects.filter(key="q").values_list("revision", "is_current")) == [(1, False), (2, True)]


def test_a_retired_questions_answers_stay_readable(authority, coordinator, welfare):
    from merhav.core.context import acting_as

    person = take_in(authority, by=coordinator)
    question = add_question(authority, by=coordinator, section=WELFARE, label="שאלה שהוסרה", key="gone")
    answer(person, by=welfare, section=WELFARE, gone="נשמר")
    with acting_as(coordinator, authority=authority):
        retire_field(field=question)
    assert "נשמר" in client_of(welfare).get(url("person", authority, person_id=person.pk)).content.decode()


def test_a_required_question_missing_is_said_beside_it(authority, coordinator, welfare):
    person = take_in(authority, by=coordinator)
    add_question(authority, by=coordinator, section=WELFARE, label="חובה", key="must", required=True)
    response = client_of(welfare, "ar").post(url("section_edit", authority, person_id=person.pk, section=WELFARE),
                                             {"must": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["must"] == ["هذا الحقل مطلوب."]


def test_every_kind_of_answer_is_stored_and_shown(authority, coordinator, welfare):
    person = take_in(authority, by=coordinator)
    for key, kind, choices in (("t", "text", []), ("n", "number", []), ("d", "date", []),
                               ("c", "choice", ["א", "ב"]), ("m", "multiple", ["א", "ב", "ג"]), ("y", "yes_no", [])):
        add_question(authority, by=coordinator, section=WELFARE, label=f"שאלה {key}", key=key, kind=kind,
                     choices=choices)
    response = client_of(welfare, "he").post(url("section_edit", authority, person_id=person.pk, section=WELFARE), {
        "t": "טקסט", "n": "3", "d": "01.02.2026", "c": "ב", "m": ["א", "ג"], "y": "yes"})
    assert response.status_code == 302
    page = client_of(welfare, "he").get(url("person", authority, person_id=person.pk)).content.decode()
    for shown in ("טקסט", "01.02.2026", "א, ג", "כן"):
        assert shown in page


def test_a_question_needs_a_purpose(authority, authority_admin):
    response = client_of(authority_admin, "he").post(url("field_add", authority, section=WELFARE), {
        "label": "שאלה", "kind": "text", "purpose": ""})
    assert response.status_code == 400
    assert "purpose" in response.context["form"].errors
