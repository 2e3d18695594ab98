from django.core.paginator import Paginator
from django.shortcuts import render

from merhav.core.permissions import require_perm
from merhav.tenancy.selectors import members
from merhav.workspace import selectors
from merhav.workspace.audit_display import describe_entries
from merhav.workspace.forms import AuditFilterForm


@require_perm("audit.view_log")
def log(request, authority_slug: str):
    form = AuditFilterForm(request.GET or None, people=members(request.authority))
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.entries_for_authority(
        request.authority,
        action=filters.get("action") or "",
        user_id=filters.get("user"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = describe_entries(page.object_list, request.authority)
    return render(request, "audit/log.html", {"form": form, "page": page})
