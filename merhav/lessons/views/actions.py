"""Pages of action items: add, edit, detail with status changes, .ics, "my actions", "my department's actions"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merhav.core.permissions import check_perm, require_perm
from merhav.core.submit_once import claim_submission, submit_once
from merhav.core.versioning import StaleVersion
from merhav.notify.calendar import build_calendar
from merhav.ui.conflicts import CONFLICT, show_conflict
from merhav.ui.forms import add_service_errors

from ..calendar import action_calendar_item
from ..forms.actions import ActionFilterForm, ActionForm, StatusForm
from ..models import ActionItem, Review
from ..selectors import actions as selectors
from ..services import actions as services

PAGE_SIZE = 25


def _review(authority, review_id: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related("event").prefetch_related("participants"), authority=authority, pk=review_id
    )


def _action(request, action_id: int) -> ActionItem:
    # The policy reads the review's participants: load them once.
    action = selectors.action_detail(request.authority, action_id).prefetch_related("review__participants").first()
    if action is None:
        raise Http404("No such action.")
    return action


def _detail_url(request, action: ActionItem) -> str:
    return services.action_url(action, request.authority.slug)


@require_perm("lessons.view")
@submit_once
def action_add(request, authority_slug: str, review_id: int):
    review = _review(request.authority, review_id)
    check_perm(request, "lessons.manage_actions", review)
    initial = {}
    if request.GET.get("lesson", "").isdigit():
        initial["lesson"] = int(request.GET["lesson"])
    form = ActionForm(request.POST or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with claim_submission(request) as claim:
                action = services.add_action(
                    review=review, title=data["title"], due_date=data["due_date"], by=request.user,
                    owner=data["owner"], owner_department=data["owner_department"], lesson=data["lesson"],
                    description=data["description"],
                )
                claim.lands_on(request.path if request.POST.get("then") == "another"
                               else _detail_url(request, action))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action was added and its owner was notified."))
            warning = services.due_date_warning(review, data["due_date"])
            if warning:
                messages.warning(request, warning)
            return redirect(claim.url)
    return render(request, "lessons/actions/form.html", {"form": form, "review": review, "action": None})


@require_perm("lessons.view")
def action_edit(request, authority_slug: str, action_id: int):
    action = _action(request, action_id)
    check_perm(request, "lessons.manage_actions", action)
    conflict = None
    if request.method == "POST":
        form = ActionForm(request.POST, review=action.review)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_action(
                    action=action, by=request.user, version=data["version"] or 0, title=data["title"],
                    due_date=data["due_date"], owner=data["owner"], owner_department=data["owner_department"],
                    lesson=data["lesson"], description=data["description"],
                )
            except StaleVersion as stale:
                now = stale.current
                conflict = show_conflict(form, now, message=_(
                    "Someone else changed this action while you were editing. Their version is shown beside "
                    "yours; nothing was overwritten. Check your changes and save again."
                ), fields={
                    "title": now.title, "owner": now.owner.full_name or now.owner.email if now.owner else "",
                    "owner_department": now.owner_department.name if now.owner_department else "",
                    "due_date": now.due_date, "lesson": now.lesson.text if now.lesson else "",
                    "description": now.description,
                })
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The action was saved."))
                return redirect(_detail_url(request, action))
    else:
        form = ActionForm(
            review=action.review,
            initial={
                "title": action.title, "owner": action.owner_id, "owner_department": action.owner_department_id,
                "due_date": action.due_date, "lesson": action.lesson_id, "description": action.description,
                "version": action.version,
            },
        )
    return render(
        request, "lessons/actions/form.html",
        {"form": form, "review": action.review, "action": action, "conflict": conflict},
        status=CONFLICT if conflict else 200,
    )


def _detail_context(request, action: ActionItem, status_form: StatusForm | None = None, conflict=None) -> dict:
    can_update = request.user.has_perm("lessons.update_action", action)
    if status_form is None and can_update:
        status_form = StatusForm(initial={"status": action.status, "version": action.version,
                                          "evidence": action.evidence})
    return {
        "action": action,
        "review": action.review,
        "status_form": status_form if can_update else None,
        "can_edit": request.user.has_perm("lessons.manage_actions", action),
        "conflict": conflict,
    }


@require_perm("lessons.view")
def action_detail(request, authority_slug: str, action_id: int):
    action = _action(request, action_id)
    return render(request, "lessons/actions/detail.html", _detail_context(request, action))


@require_POST
@require_perm("lessons.view")
def action_status(request, authority_slug: str, action_id: int):
    action = _action(request, action_id)
    check_perm(request, "lessons.update_action", action)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_action_status(
                action=action, status=form.cleaned_data["status"], by=request.user,
                version=form.cleaned_data["version"], evidence=form.cleaned_data["evidence"],
            )
        except StaleVersion:
            # The page shows the action as stored now; the form keeps the status the user chose.
            action = _action(request, action_id)
            conflict = show_conflict(form, action, message=_(
                "Someone else changed this action in the meantime; nothing was overwritten. Here is the "
                "current version: check it and change the status again if needed."
            ), fields={"status": action.get_status_display(), "evidence": action.evidence})
            context = _detail_context(request, action, form, conflict)
            return render(request, "lessons/actions/detail.html", context, status=CONFLICT)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The status was changed."))
            return redirect(_detail_url(request, action))
    return render(request, "lessons/actions/detail.html", _detail_context(request, action, form), status=400)


@require_perm("lessons.view")
def action_ics(request, authority_slug: str, action_id: int):
    action = _action(request, action_id)
    body = build_calendar([action_calendar_item(action, request.authority.slug)], name=action.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="action-{action.pk}.ics"'
    return response


def _list_page(request, queryset, *, template_context: dict):
    filter_form = ActionFilterForm(request.GET or None)
    queryset = selectors.filter_actions(queryset, **filter_form.filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "lessons/actions/list.html", {"page": page, "filter_form": filter_form, **template_context}
    )


@require_perm("lessons.view")
def my_actions(request, authority_slug: str):
    queryset = selectors.my_actions(request.authority, request.user, request.membership)
    return _list_page(request, queryset, template_context={"heading": _("My actions"), "which": "mine"})


@require_perm("lessons.view")
def department_actions(request, authority_slug: str):
    """The actions of the user's department. The CEO and the auditor may look at any department."""
    department = request.membership.department
    departments = None
    if request.user.has_perm("lessons.view_oversight", request.authority):
        departments = list(selectors.possible_departments(request.authority))
        chosen = request.GET.get("department", "")
        if chosen:
            department = next((d for d in departments if str(d.pk) == chosen), None)
            if department is None:
                raise Http404("No such department.")
    context = {"which": "department", "department": department, "departments": departments}
    if department is None:
        context["heading"] = _("Actions by department") if departments else _("My department's actions")
        context["filter_form"] = ActionFilterForm(request.GET or None)
        return render(request, "lessons/actions/list.html", {"page": None, **context})
    context["heading"] = _("Actions of %(department)s") % {"department": department.name}
    queryset = selectors.department_actions(request.authority, department)
    return _list_page(request, queryset, template_context=context)

