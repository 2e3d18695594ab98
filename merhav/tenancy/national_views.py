from django.shortcuts import render

from merhav.ui.permissions import require_global_perm

from .models import Authority


@require_global_perm("tenancy.manage_authorities")
def authorities(request):
    rows = Authority.objects.select_related("region").order_by("name_he")
    return render(request, "tenancy/national/authorities.html", {"authorities": rows})
