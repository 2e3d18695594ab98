from django.db.models import Count, Q

from merhav.tenancy.models import Department, Membership


def people_panel_context(request) -> dict:
    authority = request.authority
    counts = Membership.objects.filter(authority=authority).aggregate(
        active=Count("id", filter=Q(is_active=True)),
    )
    departments = list(
        Department.objects.filter(authority=authority, is_active=True)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("kind", "custom_name")
    )
    return {"member_count": counts["active"], "departments": departments}

