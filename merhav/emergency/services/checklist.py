"""The ecosystem manager's checklist (seed 004): the authority's copy of the questions, which its admins
edit (versioned), and the runs of the checklist per emergency and programme."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, lock_current
from merhav.tenancy.models import Authority, Membership

from ..checklist import standard_questions
from ..models import (
    AnswerStatus,
    ChecklistAnswer,
    ChecklistQuestion,
    ChecklistRun,
    ChecklistStage,
    CycleStage,
    Emergency,
    Initiative,
)

QUESTION_FIELDS = ("topic_he", "topic_ar", "topic_en", "text_he", "text_ar", "text_en")


def ensure_checklist(*, authority: Authority) -> int:
    """Give the authority its copy of the standard checklist the first time; returns the questions added."""
    with transaction.atomic(), scope(authority=authority):
        if ChecklistQuestion.objects.filter(authority=authority).exists():
            return 0
        rows = [ChecklistQuestion(authority=authority, **row) for row in standard_questions()]
        ChecklistQuestion.objects.bulk_create(rows)
        record(action=Action.CREATE, authority=authority, object_type="emergency.checklistquestion",
               fields=["stage", *QUESTION_FIELDS])
    return len(rows)


def _clean_question(values: dict[str, str], stage: int) -> dict:
    errors = {}
    cleaned: dict = {name: " ".join((values.get(name) or "").split()) for name in QUESTION_FIELDS}
    for name in QUESTION_FIELDS:
        if not cleaned[name]:
            errors[name] = _("Fill in this field in every language.")
    if stage not in ChecklistStage.values:
        errors["stage"] = _("Choose the stage.")
    if errors:
        raise ValidationError(errors)
    cleaned["stage"] = stage
    return cleaned


def add_checklist_question(*, authority: Authority, stage: int, **texts: str) -> ChecklistQuestion:
    values = _clean_question(texts, stage)
    with transaction.atomic(), scope(authority=authority):
        last = ChecklistQuestion.objects.filter(authority=authority).aggregate(m=Max("position"))["m"] or 0
        question = ChecklistQuestion.objects.create(
            authority=authority, position=last + 1, updated_by=context.current_user(), **values
        )
        record(action=Action.CREATE, obj=question, fields=list(values))
    return question


def update_checklist_question(
    *, question: ChecklistQuestion, version: int, stage: int, is_active: bool = True, **texts: str
) -> list[str]:
    """An admin's edit of a question (its three languages, its stage, whether it is in use)."""
    values = _clean_question(texts, stage)
    with transaction.atomic(), scope(authority=question.authority_id):
        current: ChecklistQuestion = lock_current(ChecklistQuestion.objects, pk=question.pk, version=version)
        changed = apply_changes(current, {**values, "is_active": is_active})
        if changed:
            ChecklistQuestion.objects.filter(pk=current.pk).update(updated_by=context.current_user())
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def start_checklist_run(*, authority: Authority, programme: str, emergency: Emergency | None = None) -> ChecklistRun:
    """A run of the checklist for a programme (and the emergency, when there is one): every question in
    use starts as "not yet"."""
    programme = " ".join((programme or "").split())
    if not programme:
        raise ValidationError({"programme": _("Name the programme (e.g. the STEM ecosystem).")})
    ensure_checklist(authority=authority)
    with transaction.atomic(), scope(authority=authority):
        if emergency is not None and emergency.authority_id != authority.pk:
            raise ValidationError({"emergency": _("Choose an emergency of this authority.")})
        run = ChecklistRun.objects.create(authority=authority, emergency=emergency, programme=programme[:200],
                                          created_by=context.current_user())
        questions = ChecklistQuestion.objects.filter(authority=authority, is_active=True).values_list("pk", flat=True)
        ChecklistAnswer.objects.bulk_create([
            ChecklistAnswer(authority=authority, run=run, question_id=pk) for pk in questions
        ])
        record(action=Action.CREATE, obj=run, fields=["programme", "emergency"])
    return run


def answer_question(
    *, answer: ChecklistAnswer, version: int, status: str, note: str = "", owner: User | None = None
) -> list[str]:
    errors = {}
    if status not in AnswerStatus.values:
        errors["status"] = _("Choose an answer.")
    if owner is not None and not Membership.objects.filter(
            authority_id=answer.authority_id, user=owner, is_active=True).exists():
        errors["owner"] = _("Choose a member of this authority.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(authority=answer.authority_id):
        current: ChecklistAnswer = lock_current(ChecklistAnswer.objects, pk=answer.pk, version=version)
        changed = apply_changes(current, {"status": status, "note": (note or "").replace("\r\n", "\n").strip()[:2000],
                                          "owner_id": owner.pk if owner else None})
        if changed:
            ChecklistAnswer.objects.filter(pk=current.pk).update(updated_by=context.current_user())
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def add_initiative(*, run: ChecklistRun, title: str) -> Initiative:
    """An initiative of the run, starting the design-thinking cycle at "ask"."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Name the initiative.")})
    user = context.current_user()
    with transaction.atomic(), scope(authority=run.authority_id):
        initiative = Initiative.objects.create(authority_id=run.authority_id, run=run, title=title[:200],
                                               created_by=user, updated_by=user)
        record(action=Action.CREATE, obj=initiative, fields=["title"])
    return initiative


def update_initiative(*, initiative: Initiative, version: int, title: str, cycle_stage: str, note: str = "") -> list[str]:
    """Move an initiative through the cycle (or rename it, or note what was learned)."""
    title = " ".join((title or "").split())
    errors = {}
    if not title:
        errors["title"] = _("Name the initiative.")
    if cycle_stage not in CycleStage.values:
        errors["cycle_stage"] = _("Choose the stage of the cycle.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(authority=initiative.authority_id):
        current: Initiative = lock_current(Initiative.objects, pk=initiative.pk, version=version)
        changed = apply_changes(current, {"title": title[:200], "cycle_stage": cycle_stage,
                                          "note": (note or "").replace("\r\n", "\n").strip()[:2000]})
        if changed:
            Initiative.objects.filter(pk=current.pk).update(updated_by=context.current_user())
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed
