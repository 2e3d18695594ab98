"""The auditor's oversight pages: the dashboard with its exports, the recurring-lessons report, and the
JSON endpoint behind the live "similar earlier lessons" hint of the lesson form."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from merhav.audit.services import Action, record
from merhav.core.permissions import require_perm
from merhav.ui.charts import bar_chart

from .. import exports
from ..forms.oversight import OversightFilterForm
from ..models import EventKind
from ..selectors import oversight as selectors
from ..selectors.similar import similar_lessons as find_similar

RECURRING_ON_DASHBOARD = 5
RECURRING_PAGE_SIZE = 10
OWNERS_CHARTED = 15


def _filters(request):
    form = OversightFilterForm(request.GET or None, authority=request.authority)
    return form, form.filters()


def _filters_text(form, filters) -> str:
    """The filters in words, for the exports' heading."""
    parts = []
    if filters.date_from or filters.date_to:
        start = formats.date_format(filters.date_from, "SHORT_DATE_FORMAT") if filters.date_from else "…"
        end = formats.date_format(filters.date_to, "SHORT_DATE_FORMAT") if filters.date_to else "…"
        parts.append(_("events %(start)s – %(end)s") % {"start": start, "end": end})
    if filters.department_id and form.is_valid() and form.cleaned_data.get("department"):
        parts.append(form.cleaned_data["department"].name)
    if filters.kind:
        parts.append(str(dict(EventKind.choices).get(filters.kind, filters.kind)))
    return "; ".join(parts) or _("all events")


def _outcome_chart(title: str, rows, *, description: str = ""):
    return bar_chart(
        title=title, description=description, categories=[b.label for b in rows],
        series=[(str(label), [getattr(b, name) for b in rows]) for name, label in selectors.ACTION_OUTCOMES],
    )


def _dashboard_charts(figures) -> dict:
    f = figures
    return {
        "reviews": bar_chart(
            title=_("Reviews held within 3 days of their event"),
            categories=[_("Reviews")],
            series=[(_("Held within 3 days"), [f.reviews_held_on_time]), (_("Held later"), [f.reviews_held_late]),
                    (_("Not held yet"), [f.reviews_not_held])],
            colors=("#1f6b36", "#8a5a00", "#41484f"),
        ),
        "lessons": bar_chart(
            title=_("Lessons with and without actions"),
            categories=[_("Lessons")],
            series=[(_("With actions"), [f.lessons_with_actions]), (_("Without actions"), [f.lessons_without_actions])],
            colors=("#1f6b36", "#a4161a"),
        ),
        "actions": _outcome_chart(_("Actions by outcome"), [f.actions]) if f.actions.total else "",
        "by_department": _outcome_chart(_("Actions by department"), f.by_department),
        "by_owner": _outcome_chart(
            _("Actions by owner"), f.by_owner[:OWNERS_CHARTED],
            description=_("The %(n)s owners with the most overdue actions.") % {"n": OWNERS_CHARTED}
            if len(f.by_owner) > OWNERS_CHARTED else "",
        ),
        "by_kind": _outcome_chart(_("Actions by event kind"), f.by_kind),
        "follow_ups": bar_chart(
            title=_("Follow-ups"),
            categories=[_("Follow-ups")],
            series=[(_("Held on time"), [f.follow_ups_held_on_time]), (_("Held late"), [f.follow_ups_held_late]),
                    (_("Overdue"), [f.follow_ups_overdue]), (_("Not yet due"), [f.follow_ups_upcoming])],
            colors=("#1f6b36", "#8a5a00", "#a4161a", "#005fa3"),
        ),
    }


@require_GET
@require_perm("lessons.view_oversight")
def oversight(request, authority_slug: str):
    """The auditor's dashboard: were reviews held on time, lessons turned into actions, actions done on
    time (by department, owner and event kind), follow-ups held, and what recurs."""
    form, filters = _filters(request)
    figures = selectors.oversight_figures(request.authority, filters)
    recurring_all = selectors.recurring_groups(request.authority, filters)
    recurring = selectors.with_details(recurring_all[:RECURRING_ON_DASHBOARD], members_shown=0)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "filters": filters,
        "figures": figures,
        "summary": exports.summary_rows(figures),
        "charts": _dashboard_charts(figures),
        "outcomes": selectors.ACTION_OUTCOMES,
        "recurring": recurring,
        "recurring_count": len(recurring_all),
        "recurring_as_of": None if recurring_all.current else recurring_all.built_at,
        "query": f"?{query}" if query else "",
        "pct": selectors.percent,
    }
    return render(request, "lessons/oversight/dashboard.html", context)


def _export_name(request, stem: str, extension: str) -> str:
    return f"{stem}-{slugify(request.authority.slug)}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _export_data(request):
    form, filters = _filters(request)
    figures = selectors.oversight_figures(request.authority, filters)
    recurring = selectors.recurring_lessons(request.authority, filters, limit=50)
    return {"authority": request.authority, "figures": figures, "filters_text": _filters_text(form, filters),
            "recurring": recurring}


@require_GET
@require_perm("lessons.view_oversight")
def oversight_xlsx(request, authority_slug: str):
    content = exports.oversight_xlsx(**_export_data(request))
    record(action=Action.EXPORT, object_type="lessons.oversight", fields=["xlsx"])
    return _download(content, exports.XLSX_TYPE, _export_name(request, "lessons-oversight", "xlsx"))


@require_GET
@require_perm("lessons.view_oversight")
def oversight_docx(request, authority_slug: str):
    content = exports.oversight_docx(**_export_data(request))
    record(action=Action.EXPORT, object_type="lessons.oversight", fields=["docx"])
    return _download(content, exports.DOCX_TYPE, _export_name(request, "lessons-oversight", "docx"))


@require_GET
@require_perm("lessons.view")
def recurring(request, authority_slug: str):
    """Similar lessons grouped across events over time; lessons that recurred after an action answering an
    earlier one was done are marked "the action did not work"."""
    form, filters = _filters(request)
    groups = selectors.recurring_groups(request.authority, filters)
    page = Paginator(groups, RECURRING_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_details(list(page.object_list))
    return render(request, "lessons/oversight/recurring.html", {
        "form": form, "filters": filters, "page": page, "total": len(groups),
        "flagged": sum(g.did_not_work for g in groups), "recurring_as_of": None if groups.current else groups.built_at,
    })


@require_GET
@require_perm("lessons.view")
def similar_lessons(request, authority_slug: str):
    """JSON for the live hint while a lesson is typed: {"results": [...], "heading": ..., "empty": ...}.
    ?text=<what is typed>&review=<the review being written, left out>."""
    text = request.GET.get("text", "")[:4000]
    review = request.GET.get("review", "")
    exclude = int(review) if review.isdigit() else None
    results = []
    for lesson, score in find_similar(request.authority, text, limit=5, exclude_review=exclude):
        review_obj = lesson.review
        results.append({
            "text": lesson.text,
            "url": reverse("lessons:review_detail", kwargs={"authority_slug": authority_slug,
                                                            "review_id": review_obj.pk}) + f"#lesson-{lesson.pk}",
            "review": review_obj.title,
            "event": review_obj.event.title,
            "date": formats.date_format(review_obj.meeting_date, "SHORT_DATE_FORMAT") if review_obj.meeting_date else "",
            "score": score,
            "count": lesson.same_wording_count,
            "count_text": (_("recorded %(n)s times") % {"n": lesson.same_wording_count})
            if lesson.same_wording_count > 1 else "",
        })
    response = JsonResponse({
        "results": results,
        "heading": _("Similar earlier lessons of the authority"),
        "empty": _("No similar earlier lessons were found.") if len(text.strip()) >= 8 else "",
    })
    response["Cache-Control"] = "private, no-store"
    return response
