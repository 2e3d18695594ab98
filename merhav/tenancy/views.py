from django.core.paginator import Paginator
from django.shortcuts import render

from merhav.ui.dashboard import panels_for
from merhav.ui.permissions import require_perm

from . import selectors


@require_perm("tenancy.view_authority")
def dashboard(request, authority_slug: str):
    return render(request, "tenancy/dashboard.html", {"panels": panels_for(request)})


@require_perm("tenancy.view_people")
def people(request, authority_slug: str):
    authority = request.authority
    page = Paginator(selectors.members(authority), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_manage": request.user.has_perm("tenancy.manage_people", authority),
        "show_contact": request.user.has_perm("tenancy.view_contact_details", authority),
    }
    return render(request, "tenancy/people.html", context)
