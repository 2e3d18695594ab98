"""Reads of the map: lists (paginated by the caller, a fixed number of queries), one object with what its
page shows, and the choices of the forms. The authority comes first, always."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from merhav.tenancy.models import Authority, Department

from ..models import Allocation, Need, Neighbourhood, Partner, Resource, Response

LIST_ORDER = {"name": ("name", "id"), "-updated": ("-updated_at", "-id")}


def neighbourhoods(authority: Authority) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(authority=authority).order_by("name")


def departments(authority: Authority) -> QuerySet[Department]:
    return Department.objects.filter(authority=authority, is_active=True).order_by("kind", "custom_name")


def partners(authority: Authority, *, kind: str = "", query: str = "") -> QuerySet[Partner]:
    queryset = Partner.objects.filter(authority=authority)
    if kind:
        queryset = queryset.filter(kind=kind)
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(registration_number=query))
    return queryset.only("id", "name", "kind", "registration_number", "status", "fields_of_activity",
                         "updated_at").order_by("name", "id")


def partner_detail(authority: Authority, partner_id: int) -> QuerySet[Partner]:
    return Partner.objects.filter(authority=authority, pk=partner_id).select_related("created_by", "updated_by")


def partner_page(partner: Partner) -> dict:
    """What a partner's page shows beside the partner: a fixed number of queries."""
    authority_id = partner.authority_id
    return {
        "neighbourhoods": list(partner.neighbourhoods.all()),
        "contacts": list(partner.contacts.filter(authority_id=authority_id)),
        "agreements": list(partner.agreements.filter(authority_id=authority_id)),
        "resources": list(Resource.objects.filter(authority_id=authority_id, partner=partner)
                          .select_related("neighbourhood").order_by("name")[:50]),
        "responses": list(Response.objects.filter(authority_id=authority_id, partner=partner).order_by("name")[:50]),
    }


def resources(authority: Authority, *, family: str = "", category: str = "", query: str = "") -> QuerySet[Resource]:
    queryset = Resource.objects.filter(authority=authority).select_related("neighbourhood", "partner").only(
        "id", "name", "kind", "category", "capacity", "allocated", "verified_on", "neighbourhood__name",
        "partner__name")
    if family:
        queryset = queryset.filter(family=family)
    if category:
        queryset = queryset.filter(category=category)
    if query:
        queryset = queryset.filter(name__icontains=query)
    return queryset.order_by("name", "id")


def resource_detail(authority: Authority, resource_id: int) -> QuerySet[Resource]:
    return Resource.objects.filter(authority=authority, pk=resource_id).select_related(
        "neighbourhood", "partner", "department", "updated_by")


def needs(authority: Authority, *, status: str = "", category: str = "", neighbourhood: int | None = None,
          open_only: bool = False) -> QuerySet[Need]:
    queryset = Need.objects.filter(authority=authority).select_related("neighbourhood").only(
        "id", "title", "category", "urgency", "quantity", "covered", "status", "population_group", "created_at", "unit", "version",
        "neighbourhood__name")
    if status:
        queryset = queryset.filter(status=status)
    elif open_only:
        queryset = queryset.filter(status__in=(Need.Status.OPEN, Need.Status.PARTLY))
    if category:
        queryset = queryset.filter(category=category)
    if neighbourhood:
        queryset = queryset.filter(neighbourhood_id=neighbourhood)
    return queryset.order_by("urgency", "-created_at", "-id")


def need_detail(authority: Authority, need_id: int) -> QuerySet[Need]:
    return Need.objects.filter(authority=authority, pk=need_id).select_related("neighbourhood", "updated_by")


def allocations_of_need(need: Need) -> list[Allocation]:
    return list(Allocation.objects.filter(authority_id=need.authority_id, need=need)
                .select_related("resource", "resource__partner", "created_by").order_by("-created_at"))


def allocation_detail(authority: Authority, allocation_id: int) -> QuerySet[Allocation]:
    return Allocation.objects.filter(authority=authority, pk=allocation_id).select_related("need", "resource")


def responses(authority: Authority, *, category: str = "") -> QuerySet[Response]:
    queryset = Response.objects.filter(authority=authority).select_related("partner", "department", "neighbourhood")
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("name", "id")


def response_detail(authority: Authority, response_id: int) -> QuerySet[Response]:
    return Response.objects.filter(authority=authority, pk=response_id).select_related(
        "partner", "department", "neighbourhood")


def counts(authority: Authority) -> dict[str, int]:
    """The module's headline figures in one query each (four in all)."""
    return {
        "partners": Partner.objects.filter(authority=authority).count(),
        "resources": Resource.objects.filter(authority=authority).count(),
        "needs_open": Need.objects.filter(authority=authority,
                                          status__in=(Need.Status.OPEN, Need.Status.PARTLY)).count(),
        "responses": Response.objects.filter(authority=authority).count(),
    }

