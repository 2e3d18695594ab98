"""The checklist's pages: every member reads the questions by stage; the authority's admins edit them
(three languages, versioned); writing roles start a run for a programme and answer each question; the
progress per stage follows."""

from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.core.context import acting_as

from .. import services
from ..models import ChecklistAnswer, ChecklistQuestion, ChecklistRun
from .support import declare, stored, url


def question_form(question, **changes):
    data = {name: getattr(question, name) for name in
            ("stage", "topic_he", "topic_ar", "topic_en", "text_he", "text_ar", "text_en")}
    return {**data, "is_active": "on", "version": question.version, **changes}


def test_a_run_starts_with_every_question_of_the_seed_and_is_answered(login, authority, ceo, staff):
    emergency = declare(authority, by=ceo)
    client = login(staff)
    response = client.post(url("run_create", authority), {"programme": "אקוסיסטם STEM"})
    [run] = stored(ChecklistRun, authority)
    assert response.status_code == 302 and run.emergency == emergency
    answers = stored(ChecklistAnswer, authority)
    assert len(answers) == 41
    first = answers[0]
    response = client.post(url("answer_edit", authority, checklist_run_id=run.pk, checklist_answer_id=first.pk),
                           {"status": "done", "note": "בוצע", "owner": "", "version": first.version})
    assert response.status_code == 302
    page = client.get(url("run_detail", authority, checklist_run_id=run.pk))
    stage_one = page.context["progress"][0]
    assert (stage_one["done"], stage_one["total"]) == (1, 5)
    assert "מה הן התחושות שעולות אצלי?" in page.content.decode()


def test_the_checklist_page_shows_the_questions_in_the_readers_language(login, authority, member_with):
    services.ensure_checklist(authority=authority)
    reader = member_with("viewer", language="ar")
    body = login(reader, "ar").get(url("checklist", authority)).content.decode()
    assert "ما المشاعر التي تنشأ لديّ؟" in body


def test_an_authority_admin_edits_a_question_and_it_is_versioned(login, authority, authority_admin):
    services.ensure_checklist(authority=authority)
    with scope(authority=authority):
        question = ChecklistQuestion.objects.filter(authority=authority).first()
    response = login(authority_admin).post(url("question_edit", authority, checklist_question_id=question.pk),
                                           question_form(question, text_en="What am I feeling?"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text_en, question.version) == ("What am I feeling?", 2)
    assert AuditEntry.objects.filter(action="update", object_type="emergency.checklistquestion").count() == 1
    stale = login(authority_admin).post(url("question_edit", authority, checklist_question_id=question.pk),
                                        question_form(question, text_en="Other", version=1))
    assert stale.status_code == 409


def test_an_authority_admin_adds_a_question(login, authority, authority_admin):
    response = login(authority_admin).post(url("question_create", authority), {
        "stage": 4, "topic_he": "נושא", "topic_ar": "موضوع", "topic_en": "Topic", "text_he": "שאלה חדשה?",
        "text_ar": "سؤال جديد؟", "text_en": "A new question?", "is_active": "on"})
    assert response.status_code == 302
    assert len(stored(ChecklistQuestion, authority)) == 42


def test_a_missing_translation_is_said_beside_the_field(login, authority, authority_admin):
    services.ensure_checklist(authority=authority)
    with scope(authority=authority):
        question = ChecklistQuestion.objects.filter(authority=authority).first()
    response = login(authority_admin).post(url("question_edit", authority, checklist_question_id=question.pk),
                                           question_form(question, text_ar=" "))
    assert response.status_code == 400 and response.context["form"].errors["text_ar"]


def test_others_may_not_edit_the_questions_and_an_outsider_gets_404(login, authority, ceo, staff, auditor, outsider):
    services.ensure_checklist(authority=authority)
    with scope(authority=authority):
        question = ChecklistQuestion.objects.filter(authority=authority).first()
    path = url("question_edit", authority, checklist_question_id=question.pk)
    for person in (ceo, staff, auditor):
        assert login(person).post(path, question_form(question, text_en="x")).status_code == 403
    assert login(auditor).post(url("run_create", authority), {"programme": "x"}).status_code == 403
    assert login(outsider).get(url("checklist", authority)).status_code == 404
    assert login(outsider).get(path).status_code == 404
    question.refresh_from_db()
    assert question.version == 1


def test_the_run_can_belong_to_no_emergency(authority, staff):
    with acting_as(staff, authority=authority):
        run = services.start_checklist_run(authority=authority, programme="שגרה")
    assert run.emergency is None


def test_an_initiative_goes_round_the_design_thinking_cycle(login, authority, staff, auditor, outsider):
    from ..models import Initiative

    with acting_as(staff, authority=authority):
        run = services.start_checklist_run(authority=authority, programme="STEM")
    client = login(staff)
    response = client.post(url("initiative_add", authority, checklist_run_id=run.pk), {"title": "מעבדה ניידת"})
    assert response.status_code == 302
    [initiative] = stored(Initiative, authority)
    assert (initiative.cycle_stage, initiative.stage_number()) == ("ask", 1)
    response = client.post(url("initiative_edit", authority, checklist_run_id=run.pk, cycle_initiative_id=initiative.pk),
                           {"title": "מעבדה ניידת", "cycle_stage": "plan", "note": "תוכנית לשבועיים",
                            "version": initiative.version})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.cycle_stage, initiative.version) == ("plan", 2)
    page = client.get(url("run_detail", authority, checklist_run_id=run.pk)).content.decode()
    assert "מעבדה ניידת" in page and "שלב 3 מתוך 6" in page
    assert client.post(url("initiative_add", authority, checklist_run_id=run.pk), {"title": " "}).status_code == 400
    edit = url("initiative_edit", authority, checklist_run_id=run.pk, cycle_initiative_id=initiative.pk)
    assert login(auditor).post(edit, {"title": "x", "cycle_stage": "share", "version": 2}).status_code == 403
    assert login(outsider).get(edit).status_code == 404
