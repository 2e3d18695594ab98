"""The gap document (page, .docx, .xlsx), the manager's text per gap, dated snapshots and their comparison,
and the module's settings with the secret link of the public needs page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from merhav.audit.services import Action, record
from merhav.core.permissions import check_perm, require_perm
from merhav.core.versioning import StaleVersion

from .. import exports, services
from ..forms import GapNoteForm, SettingsForm, SnapshotForm
from ..models import Neighbourhood
from ..selectors import gaps, public
from .common import NO_RESULT, form_page, run, url


@require_perm("resources.view")
def gap_document(request, authority_slug: str):
    rows = gaps.gap_rows(request.authority)
    can_edit = request.user.has_perm("resources.edit", request.authority)
    notes = []
    for row in rows:
        form = None
        if can_edit:
            form = GapNoteForm(initial={"category": row.category, "neighbourhood": row.neighbourhood_id,
                                        "version": row.note_version, "text": row.text},
                               prefix=f"gap-{row.category}-{row.neighbourhood_id or 0}")
        notes.append((row, form))
    snapshots = list(gaps.snapshots(request.authority)[:20])
    context = {"notes": notes, "snapshots": [(s.pk, s.label, formats.date_format(s.taken_at, "SHORT_DATETIME_FORMAT"))
                                             for s in snapshots],
               "totals": (sum(r.desired for r in rows), sum(r.current for r in rows), sum(r.gap for r in rows)),
               "can_edit": can_edit, "can_manage": request.user.has_perm("resources.manage", request.authority),
               "snapshot_form": SnapshotForm()}
    return render(request, "resources/gaps/document.html", context)


def _export(request, content: bytes, content_type: str, name: str) -> HttpResponse:
    record(action=Action.EXPORT, object_type="resources.gapdocument", fields=[name.rpartition(".")[2]])
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_perm("resources.view")
def gap_docx(request, authority_slug: str):
    content = exports.gap_docx(authority_name=str(request.authority.name), rows=gaps.gap_rows(request.authority))
    return _export(request, content, exports.DOCX_TYPE, "gap-document.docx")


@require_perm("resources.view")
def gap_xlsx(request, authority_slug: str):
    content = exports.gap_xlsx(authority_name=str(request.authority.name), rows=gaps.gap_rows(request.authority))
    return _export(request, content, exports.XLSX_TYPE, "gap-document.xlsx")


@require_POST
@require_perm("resources.edit")
def gap_note(request, authority_slug: str):
    prefix = request.POST.get("prefix", "")
    form = GapNoteForm(request.POST, prefix=prefix if prefix.startswith("gap-") else None)
    if form.is_valid():
        data = form.cleaned_data
        neighbourhood = None
        if data["neighbourhood"]:
            neighbourhood = get_object_or_404(Neighbourhood.objects.filter(authority=request.authority),
                                              pk=data["neighbourhood"])
        try:
            services.save_gap_note(authority=request.authority, category=data["category"],
                                   neighbourhood=neighbourhood, text=data["text"], version=data["version"])
        except StaleVersion:
            messages.error(request, _("Someone else changed this text while you were editing. The page shows the "
                                      "saved text now; write your change again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    return redirect(url(request, "gap_document") + "#gaps")


@require_POST
@require_perm("resources.manage")
def snapshot_take(request, authority_slug: str):
    form = SnapshotForm(request.POST)
    label = form.cleaned_data["label"] if form.is_valid() else ""
    snapshot = services.take_gap_snapshot(authority=request.authority, label=label)
    messages.success(request, _("A snapshot of the gap document was kept."))
    return redirect("resources:snapshot_detail", authority_slug=authority_slug, snapshot_id=snapshot.pk)


@require_perm("resources.view")
def snapshot_detail(request, authority_slug: str, snapshot_id: int):
    snapshot = get_object_or_404(gaps.snapshots(request.authority).defer(None), pk=snapshot_id)
    others = [(s.pk, s.label or formats.date_format(s.taken_at, "SHORT_DATETIME_FORMAT"))
              for s in gaps.snapshots(request.authority).exclude(pk=snapshot.pk)[:50]]
    compared = None
    other_id = request.GET.get("compare", "")
    if other_id.isdigit():
        other = get_object_or_404(gaps.snapshots(request.authority).defer(None), pk=int(other_id))
        earlier, later = sorted((snapshot, other), key=lambda s: (s.taken_at, s.pk))
        compared = (earlier, later, gaps.compare(earlier, later))
    from ..models import Category

    labels = dict(Category.choices)
    rows = [(str(labels.get(r["category"], r["category"])), r["neighbourhood"] or _("No neighbourhood"), r["desired"],
             r["current"], max(0, r["desired"] - r["current"]), r["responses"], r["text"]) for r in snapshot.rows]
    context = {"snapshot": snapshot, "taken_at": formats.date_format(snapshot.taken_at, "SHORT_DATETIME_FORMAT"),
               "rows": rows, "others": others, "compared": compared}
    return render(request, "resources/gaps/snapshot.html", context)


@require_perm("resources.view")
def settings_page(request, authority_slug: str):
    current = services.settings_of(request.authority)
    form = SettingsForm(request.POST or None, initial={"stale_after_days": current.stale_after_days,
                                                       "version": current.version})
    if request.method == "POST":
        check_perm(request, "resources.manage")
        if form.is_valid():
            result = run(form, lambda: services.update_settings(
                authority=request.authority, version=form.cleaned_data["version"],
                stale_after_days=form.cleaned_data["stale_after_days"]))
            if result is not NO_RESULT:
                messages.success(request, _("Saved."))
                return redirect("resources:settings", authority_slug=authority_slug)
    link = public.active_link(request.authority)
    public_url = request.build_absolute_uri(f"/p/needs/{link.token}/") if link else ""
    if form.errors:
        return form_page(request, form, title=_("Settings"), crumbs=[(_("Partnerships and resources"),
                                                                        url(request, "index"))],
                         cancel=url(request, "settings"))
    context = {"form": form, "link": link, "public_url": public_url,
               "can_manage": request.user.has_perm("resources.manage", request.authority)}
    return render(request, "resources/settings.html", context)


@require_POST
@require_perm("resources.manage")
def public_link_create(request, authority_slug: str):
    services.create_public_link(authority=request.authority)
    messages.success(request, _("A new secret link was made; any earlier link no longer works."))
    return redirect("resources:settings", authority_slug=authority_slug)


@require_POST
@require_perm("resources.manage")
def public_link_revoke(request, authority_slug: str):
    services.revoke_public_links(authority=request.authority)
    messages.success(request, _("The link was revoked: the public page no longer opens."))
    return redirect("resources:settings", authority_slug=authority_slug)
