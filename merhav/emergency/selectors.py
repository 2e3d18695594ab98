"""Reads of emergency operations shared by the pages, the API, the panel and the banner. The authority
comes first, always; each read costs a fixed number of queries, whatever the authority's size."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import get_language
from django_scopes import scope

from merhav.core.prepared import Prepared
from merhav.tenancy.models import Authority

from .models import (
    REQUIRED_LANGUAGES,
    AnswerStatus,
    ChecklistAnswer,
    ChecklistQuestion,
    ChecklistRun,
    ChecklistStage,
    Emergency,
    Initiative,
    IssuedMessage,
    LogEntry,
    MessageVersion,
    Scenario,
    SealedMessage,
    WebhookDelivery,
    WebhookEndpoint,
)

# --- Emergencies ---------------------------------------------------------------------------------------


def active_emergency(authority: Authority | int) -> Emergency | None:
    """The authority's active emergency (the most recently declared, when several of different kinds are
    active), or None in routine. One query. Other modules (e.g. evacuee intake) link to it: keep the name."""
    authority_id = authority if isinstance(authority, int) else authority.pk
    with scope(authority=authority_id):  # callable from anywhere: a page, a service, the worker
        return (Emergency.objects.filter(authority_id=authority_id, ended_at__isnull=True)
                .order_by("-started_at", "-id").first())


# The banner reads it on every page of an authority: SQL compiled once per process (merhav.core.prepared).
_active_emergencies: Prepared[Emergency] = Prepared(
    lambda authority_id: Emergency.objects.filter(authority_id=authority_id, ended_at__isnull=True)
    .order_by("-started_at", "-id"),
    int,
)


def active_emergencies(authority: Authority) -> list[Emergency]:
    """Every active emergency of the authority, the latest first (one query): the banner and the home page."""
    return _active_emergencies(authority.pk)


def emergencies(authority: Authority) -> QuerySet[Emergency]:
    """The authority's emergencies, active and past, the latest first."""
    return Emergency.objects.filter(authority=authority).select_related("declared_by").order_by("-started_at", "-id")


def emergency_detail(authority: Authority, emergency_id: int) -> QuerySet[Emergency]:
    """One emergency of the authority, for get_object_or_404 (another authority's id is a 404)."""
    return Emergency.objects.filter(authority=authority, pk=emergency_id).select_related("declared_by", "ended_by")


def log_entries(authority: Authority, emergency: Emergency) -> QuerySet[LogEntry]:
    return (LogEntry.objects.filter(authority=authority, emergency=emergency).select_related("created_by")
            .order_by("-created_at", "-id"))


def emergency_figures(authority: Authority, emergency: Emergency) -> dict:
    """The emergency dashboard's figures in two queries, whatever the size of its log: the counts the services
    keep on the emergency, the failed deliveries (few; by the status index) and the checklist's progress."""
    failed = WebhookDelivery.objects.filter(authority=authority, status=WebhookDelivery.Status.FAILED,
                                            issued__emergency=emergency).count()
    answers = ChecklistAnswer.objects.filter(authority=authority, run__emergency=emergency).aggregate(
        n=Count("id"), done=Count("id", filter=Q(status__in=[AnswerStatus.DONE, AnswerStatus.NOT_RELEVANT])))
    return {
        "issued": emergency.issued_count, "failed_deliveries": failed,
        "log_entries": emergency.log_entries_count, "decisions": emergency.decisions_count,
        "checklist_answers": answers["n"], "checklist_done": answers["done"],
        "checklist_percent": round(100 * answers["done"] / answers["n"]) if answers["n"] else 0,
    }


# --- Sealed messages -----------------------------------------------------------------------------------


def messages(authority: Authority, *, scenario: str = "", status: str = "", language: str = "") -> QuerySet[SealedMessage]:
    queryset = SealedMessage.objects.filter(authority=authority).select_related("approved_by")
    if scenario:
        queryset = queryset.filter(scenario=scenario)
    if status:
        queryset = queryset.filter(status=status)
    if language:
        queryset = queryset.filter(language=language)
    return queryset.order_by("scenario", "language", "channel", "id")


def message_detail(authority: Authority, sealed_message_id: int) -> QuerySet[SealedMessage]:
    return SealedMessage.objects.filter(authority=authority, pk=sealed_message_id).select_related(
        "approved_by", "created_by", "updated_by")


def message_versions(authority: Authority, message: SealedMessage) -> QuerySet[MessageVersion]:
    return MessageVersion.objects.filter(authority=authority, message=message).select_related("saved_by")



def readiness(authority: Authority) -> list[dict]:
    """For each scenario, whether it has an approved message in each required language (one query): a
    scenario without one is a gap, as in the seed's "Ein Or" example."""
    rows = (SealedMessage.objects.filter(authority=authority).values("scenario", "language")
            .annotate(approved=Count("id", filter=Q(status=SealedMessage.Status.APPROVED)), total=Count("id"))
            .order_by())
    found: dict[tuple[str, str], tuple[int, int]] = {
        (row["scenario"], row["language"]): (row["approved"], row["total"]) for row in rows}
    result = []
    for value, label in Scenario.choices:
        cells = []
        for language in REQUIRED_LANGUAGES:
            approved, total = found.get((value, language), (0, 0))
            cells.append({"language": language, "label": language.label, "approved": approved, "drafts": total - approved,
                          "gap": approved == 0})
        result.append({"scenario": value, "label": label, "cells": cells, "gap": any(c["gap"] for c in cells)})
    return result


# --- Issued messages and deliveries --------------------------------------------------------------------

def _deliveries() -> Prefetch:
    """Built per call: a scoped manager refuses a query made outside a scope (at import time)."""
    return Prefetch("deliveries", queryset=WebhookDelivery.objects.select_related("endpoint").order_by("id"))


def issued_count(authority: Authority) -> int:
    """How many messages the authority issued, from the emergencies' counts (one small query)."""
    return Emergency.objects.filter(authority=authority).aggregate(n=Sum("issued_count"))["n"] or 0


def issued_messages(authority: Authority, *, emergency: Emergency | None = None) -> QuerySet[IssuedMessage]:
    """The issue log: who issued what, when, with the final text; the deliveries in one more query."""
    queryset = IssuedMessage.objects.filter(authority=authority)
    if emergency is not None:
        queryset = queryset.filter(emergency=emergency)
    return queryset.select_related("issued_by", "emergency").prefetch_related(_deliveries()).order_by("-issued_at", "-id")


def issued_detail(authority: Authority, issued_message_id: int) -> QuerySet[IssuedMessage]:
    return (IssuedMessage.objects.filter(authority=authority, pk=issued_message_id)
            .select_related("issued_by", "emergency", "message").prefetch_related(_deliveries()))


def webhooks(authority: Authority) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(authority=authority).order_by("name", "id")


def webhook_detail(authority: Authority, webhook_id: int) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(authority=authority, pk=webhook_id)


# --- The checklist -------------------------------------------------------------------------------------


def checklist_questions(authority: Authority, *, active_only: bool = False) -> QuerySet[ChecklistQuestion]:
    queryset = ChecklistQuestion.objects.filter(authority=authority)
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("stage", "position", "id")


def question_detail(authority: Authority, checklist_question_id: int) -> QuerySet[ChecklistQuestion]:
    return ChecklistQuestion.objects.filter(authority=authority, pk=checklist_question_id)


def by_stage(questions: list, *, language: str | None = None) -> list[dict]:
    """Questions (or answers with .question) grouped by stage, then by topic, in the reader's language."""
    language = (language or get_language() or "he")[:2]
    stages: dict[int, dict[str, list]] = defaultdict(dict)
    for item in questions:
        question = getattr(item, "question", item)
        stages[question.stage].setdefault(question.topic_in(language), []).append(item)
    return [
        {"stage": value, "label": label, "topics": [{"topic": t, "items": items} for t, items in stages[value].items()]}
        for value, label in ChecklistStage.choices if value in stages
    ]


def runs(authority: Authority) -> QuerySet[ChecklistRun]:
    """The checklist's runs with their progress (one query)."""
    return (ChecklistRun.objects.filter(authority=authority).select_related("emergency")
            .annotate(total=Count("answers"),
                      done=Count("answers", filter=Q(answers__status__in=[AnswerStatus.DONE, AnswerStatus.NOT_RELEVANT])))
            .order_by("-created_at", "-id"))


def run_detail(authority: Authority, checklist_run_id: int) -> QuerySet[ChecklistRun]:
    return ChecklistRun.objects.filter(authority=authority, pk=checklist_run_id).select_related("emergency")


def run_answers(authority: Authority, run: ChecklistRun) -> list[ChecklistAnswer]:
    return list(ChecklistAnswer.objects.filter(authority=authority, run=run).select_related("question", "owner")
                .order_by("question__stage", "question__position", "question_id"))


def stage_progress(answers: list[ChecklistAnswer]) -> list[dict]:
    """Progress per stage of a run (from the answers already loaded: no query)."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        cell = totals[answer.question.stage]
        cell[0] += 1
        if answer.status in (AnswerStatus.DONE, AnswerStatus.NOT_RELEVANT):
            cell[1] += 1
    return [
        {"stage": value, "label": label, "total": totals[value][0], "done": totals[value][1],
         "percent": round(100 * totals[value][1] / totals[value][0]) if totals[value][0] else 0}
        for value, label in ChecklistStage.choices if totals[value][0]
    ]


def initiatives(authority: Authority, run: ChecklistRun) -> list[Initiative]:
    return list(Initiative.objects.filter(authority=authority, run=run).order_by("id"))


def initiative_detail(authority: Authority, run: ChecklistRun, initiative_id: int) -> QuerySet[Initiative]:
    return Initiative.objects.filter(authority=authority, run=run, pk=initiative_id)


def answer_detail(authority: Authority, run: ChecklistRun, checklist_answer_id: int) -> QuerySet[ChecklistAnswer]:
    return ChecklistAnswer.objects.filter(authority=authority, run=run, pk=checklist_answer_id).select_related("question")


# --- The dashboard panel -------------------------------------------------------------------------------


def emergency_summary(authority: Authority) -> dict:
    """For the dashboard panel (two queries): the active emergencies and the readiness gaps."""
    gaps = [row for row in readiness(authority) if row["gap"]]
    return {"active": active_emergencies(authority), "gaps": len(gaps), "scenarios": len(Scenario.choices)}
