"""The pages of emergency operations. Thin: parse the request → ask the policy → call a selector or a
service → render. A view never writes a model itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from merhav.audit.services import Action, record
from merhav.core.permissions import require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.tenancy.selectors import members
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from . import exports, selectors, services
from .circle import stage_circle
from .forms import (
    AnswerForm,
    DeclareForm,
    EndForm,
    InitiativeEditForm,
    InitiativeForm,
    IssueForm,
    LogEntryForm,
    MessageFilterForm,
    MessageForm,
    QuestionForm,
    RunForm,
    WebhookForm,
)
from .models import Channel, SealedMessage
from .services.messages import placeholders, sms_length

PAGE_SIZE = 25
LOG_PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A paginator told how many rows there are (a count the services keep), instead of counting them."""

    def __init__(self, object_list, per_page: int, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self.known_count


def _url(name: str, authority_slug: str, **kwargs: int) -> str:
    return reverse(f"emergency:{name}", kwargs={"authority_slug": authority_slug, **kwargs})


# --- Emergency mode ------------------------------------------------------------------------------------


@require_perm("emergency.view")
def index(request, authority_slug: str):
    """Emergency operations: the active emergencies (or routine), the readiness gaps, the past emergencies."""
    authority = request.authority
    page = Paginator(selectors.emergencies(authority), PAGE_SIZE).get_page(request.GET.get("page"))
    gaps = [row for row in selectors.readiness(authority) if row["gap"]]
    context = {
        "page": page,
        "active": selectors.active_emergencies(authority),
        "gaps": gaps,
        "can_declare": request.user.has_perm("emergency.declare", authority),
    }
    return render(request, "emergency/index.html", context)


@require_perm("emergency.declare")
@submit_once
def declare(request, authority_slug: str):
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                emergency = services.declare_emergency(
                    authority=request.authority, kind=data["kind"], title=data["title"],
                    neighbourhoods=data["neighbourhoods"], description=data["description"],
                )
                claim.lands_on(_url("detail", authority_slug, emergency_id=emergency.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The emergency was declared. Every page of the authority now shows it."))
            return redirect(claim.url)
    return render(request, "emergency/declare.html", {"form": form}, status=400 if form.errors else 200)


@require_perm("emergency.view")
def detail(request, authority_slug: str, emergency_id: int):
    """The emergency dashboard: its figures, the event log, the messages issued, the checklist's runs."""
    authority = request.authority
    emergency = get_object_or_404(selectors.emergency_detail(authority, emergency_id))
    log_page = CountedPaginator(selectors.log_entries(authority, emergency), LOG_PAGE_SIZE,
                                count=emergency.log_entries_count).get_page(request.GET.get("page"))
    context = {
        "emergency": emergency,
        "figures": selectors.emergency_figures(authority, emergency),
        "log_page": log_page,
        "page": log_page,
        "issued": list(selectors.issued_messages(authority, emergency=emergency)[:5]),
        "log_form": LogEntryForm(),
        "end_form": EndForm(initial={"version": emergency.version}),
        "can_log": emergency.is_active and request.user.has_perm("emergency.log", authority),
        "can_end": emergency.is_active and request.user.has_perm("emergency.end", authority),
        "can_issue": emergency.is_active and request.user.has_perm("emergency.issue", authority),
    }
    return render(request, "emergency/detail.html", context)


@require_perm("emergency.log")
@require_POST
def log_add(request, authority_slug: str, emergency_id: int):
    emergency = get_object_or_404(selectors.emergency_detail(request.authority, emergency_id))
    form = LogEntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_log_entry(emergency=emergency, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The entry was added to the event log."))
            return redirect(_url("detail", authority_slug, emergency_id=emergency.pk) + "#log")
    return render(request, "emergency/log_form.html", {"emergency": emergency, "form": form}, status=400)


@require_perm("emergency.end")
def end(request, authority_slug: str, emergency_id: int):
    emergency = get_object_or_404(selectors.emergency_detail(request.authority, emergency_id))
    form = EndForm(request.POST or None, initial={"version": emergency.version})
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.end_emergency(emergency=emergency, version=form.cleaned_data["version"])
        except StaleVersion:
            messages.error(request, _("Someone changed this emergency meanwhile. Check it and end it again."))
            return redirect(_url("end", authority_slug, emergency_id=emergency.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _(
                "The authority is back to routine. A lessons-learned event was created; the review is proposed "
                "for %(date)s.") % {"date": ended.review_proposed_on.strftime("%d.%m.%Y")})
            return redirect(_url("detail", authority_slug, emergency_id=emergency.pk))
    return render(request, "emergency/end.html", {"emergency": emergency, "form": form},
                  status=400 if form.errors else 200)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@require_perm("emergency.view")
def log_export(request, authority_slug: str, emergency_id: int, fmt: str):
    """The event log as .xlsx or .docx (an export: written to the audit log)."""
    authority = request.authority
    emergency = get_object_or_404(selectors.emergency_detail(authority, emergency_id))
    entries = selectors.log_entries(authority, emergency).order_by("created_at", "id").iterator(chunk_size=2000)
    if fmt == "xlsx":
        content, content_type = exports.log_xlsx(emergency=emergency, entries=entries), exports.XLSX_TYPE
    else:
        content, content_type = exports.log_docx(emergency=emergency, entries=entries), exports.DOCX_TYPE
    record(action=Action.EXPORT, obj=emergency, fields=[f"log.{fmt}"])
    return _download(content, content_type, f"event-log-{emergency.pk}.{fmt}")


# --- Sealed messages -----------------------------------------------------------------------------------


@require_perm("emergency.view")
def message_list(request, authority_slug: str):
    authority = request.authority
    filters = MessageFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.messages(authority, scenario=wanted.get("scenario", ""), language=wanted.get("language", ""))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page, "filters": filters,
        "can_draft": request.user.has_perm("emergency.draft_message", authority),
    }
    return render(request, "emergency/messages/list.html", context)


@require_perm("emergency.draft_message")
@submit_once
def message_create(request, authority_slug: str):
    initial = {key: request.GET[key] for key in ("scenario", "language") if key in request.GET}
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                message = services.create_message(
                    authority=request.authority, scenario=data["scenario"], channel=data["channel"],
                    language=data["language"], title=data["title"], body=data["body"],
                )
                claim.lands_on(_url("message_detail", authority_slug, sealed_message_id=message.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The message was saved as a draft. The CEO was asked to approve it."))
            return redirect(claim.url)
    return render(request, "emergency/messages/form.html", {"form": form, "message": None},
                  status=400 if form.errors else 200)


@require_perm("emergency.view")
def message_detail(request, authority_slug: str, sealed_message_id: int):
    authority = request.authority
    message = get_object_or_404(selectors.message_detail(authority, sealed_message_id))
    context = {
        "message": message,
        "versions": list(selectors.message_versions(authority, message)[:20]),
        "placeholders": placeholders(message.body),
        "sms": sms_length(message.body) if message.channel == Channel.SMS else None,
        "can_edit": request.user.has_perm("emergency.draft_message", authority),
        "can_approve": not message.is_approved and request.user.has_perm("emergency.approve_message", authority),
    }
    return render(request, "emergency/messages/detail.html", context)


@require_perm("emergency.draft_message")
def message_edit(request, authority_slug: str, sealed_message_id: int):
    message = get_object_or_404(selectors.message_detail(request.authority, sealed_message_id))
    conflict = None
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                changed = services.update_message(
                    message=message, version=data["version"] or 0, scenario=data["scenario"], channel=data["channel"],
                    language=data["language"], title=data["title"], body=data["body"],
                )
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=_(
                    "Someone else saved a change here while you were editing. What is saved now is shown above the "
                    "form; the form still holds your changes. Check them and save again to replace the saved "
                    "version with yours."
                ), fields={"title": now.title, "body": now.body})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if changed and message.is_approved:
                    messages.warning(request, _("Saved. The change withdrew the approval: the CEO must approve the "
                                                "message again before it can be issued."))
                else:
                    messages.success(request, _("Saved."))
                return redirect(_url("message_detail", authority_slug, sealed_message_id=message.pk))
    else:
        form = MessageForm(initial=MessageForm.initial_for(message))
    return render(request, "emergency/messages/form.html", {"form": form, "message": message, "conflict": conflict},
                  status=CONFLICT if conflict else 400 if form.errors else 200)


@require_perm("emergency.approve_message")
@require_POST
def message_approve(request, authority_slug: str, sealed_message_id: int):
    message = get_object_or_404(selectors.message_detail(request.authority, sealed_message_id))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.approve_message(message=message, version=version)
    except StaleVersion:
        messages.error(request, _("The message changed since you opened it. Read it again before approving."))
    else:
        messages.success(request, _("The message is approved and ready to issue."))
    return redirect(_url("message_detail", authority_slug, sealed_message_id=message.pk))


@require_perm("emergency.view")
def readiness(request, authority_slug: str):
    rows = selectors.readiness(request.authority)
    context = {
        "rows": rows, "gaps": sum(1 for row in rows if row["gap"]),
        "can_draft": request.user.has_perm("emergency.draft_message", request.authority),
    }
    return render(request, "emergency/messages/readiness.html", context)


# --- Issuing -------------------------------------------------------------------------------------------


@require_perm("emergency.issue")
def issue_choose(request, authority_slug: str, emergency_id: int):
    emergency = get_object_or_404(selectors.emergency_detail(request.authority, emergency_id))
    filters = MessageFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.messages(request.authority, status=SealedMessage.Status.APPROVED,
                                  scenario=wanted.get("scenario", ""), language=wanted.get("language", ""))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "emergency/issue/choose.html", {"emergency": emergency, "page": page, "filters": filters})


@require_perm("emergency.issue")
@submit_once
def issue(request, authority_slug: str, emergency_id: int, sealed_message_id: int):
    """Fill every placeholder, preview, then issue: the preview is a POST without "issue"."""
    authority = request.authority
    emergency = get_object_or_404(selectors.emergency_detail(authority, emergency_id))
    message = get_object_or_404(selectors.message_detail(authority, sealed_message_id))
    if not message.is_approved:
        messages.error(request, _("This message is not approved (or its approval was withdrawn by an edit): the CEO "
                                  "must approve it before it is issued."))
        return redirect(_url("issue_choose", authority_slug, emergency_id=emergency.pk))
    initial = {}
    if emergency.neighbourhoods and "neighbourhood" in placeholders(message.body):
        initial["value_neighbourhood"] = emergency.neighbourhood_list()[0]
    form = IssueForm(request.POST or None, message=message, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        text, _errors = services.preview_message(message=message, values=form.values())
        preview = {"text": text, "sms": sms_length(text) if message.channel == Channel.SMS else None}
        if "issue" in request.POST:
            try:
                with claim_submission(request) as claim:
                    issued = services.issue_message(emergency=emergency, message=message, values=form.values())
                    claim.lands_on(_url("issued_detail", authority_slug, issued_message_id=issued.pk))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The message was issued. Its delivery to the emergency systems is shown "
                                            "below."))
                return redirect(claim.url)
    context = {"emergency": emergency, "message": message, "form": form, "preview": preview}
    return render(request, "emergency/issue/form.html", context, status=400 if form.errors else 200)


@require_perm("emergency.view")
def issued_list(request, authority_slug: str):
    page = CountedPaginator(selectors.issued_messages(request.authority), PAGE_SIZE,
                            count=selectors.issued_count(request.authority)).get_page(request.GET.get("page"))
    return render(request, "emergency/issue/list.html", {"page": page})


@require_perm("emergency.view")
def issued_detail(request, authority_slug: str, issued_message_id: int):
    issued = get_object_or_404(selectors.issued_detail(request.authority, issued_message_id))
    return render(request, "emergency/issue/detail.html", {"issued": issued, "emergency": issued.emergency})


# --- Webhooks ------------------------------------------------------------------------------------------


@require_perm("emergency.manage_webhooks")
@submit_once
def webhooks(request, authority_slug: str):
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                endpoint = services.add_webhook(authority=request.authority, name=form.cleaned_data["name"],
                                                url=form.cleaned_data["url"])
                claim.lands_on(_url("webhooks", authority_slug))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _(
                "The endpoint was added. Its signing secret is shown once, below: give it to the receiving "
                "system now."))
            request.session["emergency_new_secret"] = [endpoint.pk, endpoint.secret]
            return redirect(claim.url)
    new_secret = request.session.pop("emergency_new_secret", None)
    context = {"form": form, "endpoints": list(selectors.webhooks(request.authority)), "new_secret": new_secret}
    return render(request, "emergency/webhooks.html", context, status=400 if form.errors else 200)


@require_perm("emergency.manage_webhooks")
@require_POST
def webhook_toggle(request, authority_slug: str, webhook_id: int):
    endpoint = get_object_or_404(selectors.webhook_detail(request.authority, webhook_id))
    services.set_webhook_active(endpoint=endpoint, active=not endpoint.is_active)
    messages.success(request, _("Saved."))
    return redirect(_url("webhooks", authority_slug))


# --- The checklist -------------------------------------------------------------------------------------


@require_perm("emergency.view")
def checklist(request, authority_slug: str):
    """The ecosystem manager's checklist: the questions by stage (the authority's copy) and its runs."""
    authority = request.authority
    questions = list(selectors.checklist_questions(authority))
    context = {
        "stages": selectors.by_stage(questions, language=get_language()),
        "count": len(questions),
        "runs": list(selectors.runs(authority)[:20]),
        "can_edit": request.user.has_perm("emergency.edit_checklist", authority),
        "can_run": request.user.has_perm("emergency.answer_checklist", authority),
        "has_copy": bool(questions),
    }
    return render(request, "emergency/checklist/index.html", context)


def _question_form_response(request, form, question, conflict=None):
    return render(request, "emergency/checklist/question_form.html",
                  {"form": form, "question": question, "conflict": conflict},
                  status=CONFLICT if conflict else 400 if form.errors else 200)


@require_perm("emergency.edit_checklist")
@submit_once
def question_create(request, authority_slug: str):
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                services.ensure_checklist(authority=request.authority)
                services.add_checklist_question(authority=request.authority, stage=form.cleaned_data["stage"],
                                                **form.texts())
                claim.lands_on(_url("checklist", authority_slug))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question was added to the checklist."))
            return redirect(claim.url)
    return _question_form_response(request, form, None)


@require_perm("emergency.edit_checklist")
def question_edit(request, authority_slug: str, checklist_question_id: int):
    question = get_object_or_404(selectors.question_detail(request.authority, checklist_question_id))
    conflict = None
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.update_checklist_question(
                    question=question, version=form.cleaned_data["version"] or 0, stage=form.cleaned_data["stage"],
                    is_active=form.cleaned_data["is_active"], **form.texts())
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=_(
                    "Someone else saved a change here while you were editing. What is saved now is shown above the "
                    "form; the form still holds your changes. Check them and save again to replace the saved "
                    "version with yours."
                ), fields={"text_he": now.text_he, "text_ar": now.text_ar, "text_en": now.text_en})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(_url("checklist", authority_slug) + f"#q{question.pk}")
    else:
        form = QuestionForm(initial=QuestionForm.initial_for(question))
    return _question_form_response(request, form, question, conflict)


@require_perm("emergency.answer_checklist")
@submit_once
def run_create(request, authority_slug: str):
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with claim_submission(request) as claim:
                run = services.start_checklist_run(
                    authority=request.authority, programme=form.cleaned_data["programme"],
                    emergency=selectors.active_emergency(request.authority),
                )
                claim.lands_on(_url("run_detail", authority_slug, checklist_run_id=run.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The checklist was started. Answer each question as the work goes on."))
            return redirect(claim.url)
    return render(request, "emergency/checklist/run_form.html", {"form": form}, status=400 if form.errors else 200)


@require_perm("emergency.view")
def run_detail(request, authority_slug: str, checklist_run_id: int):
    authority = request.authority
    run = get_object_or_404(selectors.run_detail(authority, checklist_run_id))
    answers = selectors.run_answers(authority, run)
    progress = selectors.stage_progress(answers)
    context = {
        "run": run,
        "stages": selectors.by_stage(answers, language=get_language()),
        "progress": progress,
        "circle": stage_circle(progress, rtl=get_language_bidi()),
        "initiatives": selectors.initiatives(authority, run),
        "initiative_form": InitiativeForm(),
        "language": (get_language() or "he")[:2],
        "can_answer": request.user.has_perm("emergency.answer_checklist", authority),
    }
    return render(request, "emergency/checklist/run.html", context)


@require_perm("emergency.answer_checklist")
@require_POST
@submit_once
def initiative_add(request, authority_slug: str, checklist_run_id: int):
    run = get_object_or_404(selectors.run_detail(request.authority, checklist_run_id))
    form = InitiativeForm(request.POST)
    if form.is_valid():
        try:
            with claim_submission(request) as claim:
                services.add_initiative(run=run, title=form.cleaned_data["title"])
                claim.lands_on(_url("run_detail", authority_slug, checklist_run_id=run.pk) + "#initiatives")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The initiative was added at the first stage of the cycle: ask."))
            return redirect(claim.url)
    return render(request, "emergency/checklist/initiative_form.html", {"run": run, "form": form, "initiative": None},
                  status=400)


@require_perm("emergency.answer_checklist")
def initiative_edit(request, authority_slug: str, checklist_run_id: int, cycle_initiative_id: int):
    run = get_object_or_404(selectors.run_detail(request.authority, checklist_run_id))
    initiative = get_object_or_404(selectors.initiative_detail(request.authority, run, cycle_initiative_id))
    initial = {"title": initiative.title, "cycle_stage": initiative.cycle_stage, "note": initiative.note,
               "version": initiative.version}
    form = InitiativeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_initiative(initiative=initiative, version=data["version"], title=data["title"],
                                       cycle_stage=data["cycle_stage"], note=data["note"])
        except StaleVersion:
            messages.error(request, _("Someone changed this initiative meanwhile. Their change is shown; change it "
                                      "again if you need to."))
            return redirect(_url("initiative_edit", authority_slug, checklist_run_id=run.pk,
                                 cycle_initiative_id=initiative.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_url("run_detail", authority_slug, checklist_run_id=run.pk) + "#initiatives")
    return render(request, "emergency/checklist/initiative_form.html",
                  {"run": run, "form": form, "initiative": initiative}, status=400 if form.errors else 200)


@require_GET
@require_perm("emergency.view")
def run_report(request, authority_slug: str, checklist_run_id: int):
    """A run of the checklist as a Word report, in the reader's language (an export: audited)."""
    authority = request.authority
    run = get_object_or_404(selectors.run_detail(authority, checklist_run_id))
    answers = selectors.run_answers(authority, run)
    language = (get_language() or "he")[:2]
    content = exports.checklist_docx(run=run, answers=answers, stages=selectors.by_stage(answers, language=language),
                                     progress=selectors.stage_progress(answers), language=language)
    record(action=Action.EXPORT, obj=run, fields=["docx"])
    return _download(content, exports.DOCX_TYPE, f"checklist-{run.pk}.docx")


@require_perm("emergency.answer_checklist")
def answer_edit(request, authority_slug: str, checklist_run_id: int, checklist_answer_id: int):
    authority = request.authority
    run = get_object_or_404(selectors.run_detail(authority, checklist_run_id))
    answer = get_object_or_404(selectors.answer_detail(authority, run, checklist_answer_id))
    memberships = members(authority).filter(is_active=True)
    initial = {"status": answer.status, "note": answer.note, "version": answer.version,
               "owner": memberships.filter(user_id=answer.owner_id).first() if answer.owner_id else None}
    form = AnswerForm(request.POST or None, memberships=memberships, initial=initial)
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data["owner"]
        try:
            services.answer_question(answer=answer, version=form.cleaned_data["version"],
                                     status=form.cleaned_data["status"], note=form.cleaned_data["note"],
                                     owner=owner.user if owner else None)
        except StaleVersion:
            messages.error(request, _("Someone answered this question meanwhile. Their answer is shown; change it "
                                      "if you need to."))
            return redirect(_url("answer_edit", authority_slug, checklist_run_id=run.pk, checklist_answer_id=answer.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_url("run_detail", authority_slug, checklist_run_id=run.pk) + f"#a{answer.pk}")
    context = {"run": run, "answer": answer, "form": form,
               "question_text": answer.question.text_in((get_language() or "he")[:2])}
    return render(request, "emergency/checklist/answer_form.html", context, status=400 if form.errors else 200)
