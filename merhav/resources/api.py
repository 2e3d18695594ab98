"""The resources API, under /api/v1/authorities/<authority_slug>/resources/: partners, resources, needs and
responses (list with limit/offset through merhav.core.api.pagination.Pages: a fixed number of queries;
create; read; update with a version, stale → 409), match suggestions for a need, allocations (capacity is
never exceeded: 422), the situation picture, the gap document and the regional network's shared posts.
The same services, selectors and policy as the pages: an outsider gets 404, a refused write 403 and an
audit-log entry (merhav.tenancy.access)."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from merhav.core.api.errors import ErrorOut, from_django
from merhav.core.api.input import choices_of
from merhav.core.api.pagination import Pages
from merhav.core.versioning import StaleVersion
from merhav.tenancy.access import authority_access, check

from . import services
from .models import Availability, Category, Need, Neighbourhood, Partner, Resource
from .selectors import catalog, gaps, network
from .selectors.matching import suggestions
from .selectors.situation import situation

router = Router(tags=["resources"])

BASE = "/authorities/{authority_slug}/resources"



def _conflict(sent: dict, current: Any) -> Status:
    return Status(409, {
        "detail": _("Someone else saved a change after you started editing. Nothing was overwritten: "
                    "compare the two versions, merge, and save again with the current version."),
        "errors": {"version": [_("This was changed by someone else.")]},
        "yours": sent,
        "current": current,
    })


def _neighbourhood(authority, neighbourhood_id: int | None) -> Neighbourhood | None:
    if not neighbourhood_id:
        return None
    found = Neighbourhood.objects.filter(authority=authority, pk=neighbourhood_id).first()
    if found is None:
        raise from_django(ValidationError({"neighbourhood_id": _("Unknown neighbourhood.")}))
    return found


def _partner(authority, partner_id: int | None) -> Partner | None:
    if not partner_id:
        return None
    found = Partner.objects.filter(authority=authority, pk=partner_id).first()
    if found is None:
        raise from_django(ValidationError({"partner_id": _("Unknown partner.")}))
    return found


# --- partners ---------------------------------------------------------------------------------------------

class PartnerIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: choices_of(Partner.Kind)  # type: ignore[valid-type]
    registration_number: str = Field("", max_length=20)
    status: choices_of(Partner.Status) = Partner.Status.ACTIVE.value  # type: ignore[valid-type]
    fields_of_activity: str = Field("", max_length=300)
    populations_served: str = Field("", max_length=300)
    added_value: str = ""


class PartnerPatch(Schema):
    """Only the fields sent change; `version` is the one the client read (a stale one is a 409)."""

    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: choices_of(Partner.Kind) | None = None  # type: ignore[valid-type]
    registration_number: str | None = Field(None, max_length=20)
    status: choices_of(Partner.Status) | None = None  # type: ignore[valid-type]
    fields_of_activity: str | None = Field(None, max_length=300)
    populations_served: str | None = Field(None, max_length=300)
    added_value: str | None = None


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    registration_number: str
    status: str
    fields_of_activity: str
    populations_served: str
    added_value: str
    updated_at: datetime
    version: int


class PartnerConflictOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    yours: dict
    current: PartnerOut


@router.get(f"{BASE}/partners", response=list[PartnerOut], summary="Partners: list")
@paginate(Pages)
def list_partners(request, authority_slug: str):
    with authority_access(request, authority_slug, "resources.view") as authority:
        return Partner.objects.filter(authority=authority).order_by("name", "id")


@router.post(f"{BASE}/partners", response={201: PartnerOut, 422: ErrorOut}, summary="Partners: create")
def create_partner(request, authority_slug: str, payload: PartnerIn):
    with authority_access(request, authority_slug, "resources.create") as authority:
        try:
            partner = services.create_partner(authority=authority, **payload.dict())
        except ValidationError as error:
            raise from_django(error) from error
        return Status(201, PartnerOut.from_orm(partner))


@router.get(f"{BASE}/partners/{{int:partner_id}}", response=PartnerOut, summary="Partners: read one")
def get_partner(request, authority_slug: str, partner_id: int):
    with authority_access(request, authority_slug, "resources.view") as authority:
        return PartnerOut.from_orm(get_object_or_404(catalog.partner_detail(authority, partner_id)))


@router.patch(f"{BASE}/partners/{{int:partner_id}}", response={200: PartnerOut, 409: PartnerConflictOut, 422: ErrorOut},
              summary="Partners: update")
def update_partner(request, authority_slug: str, partner_id: int, payload: PartnerPatch):
    with authority_access(request, authority_slug, "resources.view") as authority:
        partner = get_object_or_404(catalog.partner_detail(authority, partner_id))
        check(request, "resources.edit", partner)
        sent = payload.dict(exclude_unset=True, exclude={"version"})
        names = ("name", "kind", "registration_number", "status", "fields_of_activity", "populations_served",
                 "added_value")
        values = {name: getattr(partner, name) for name in names}
        values.update({name: value for name, value in sent.items() if value is not None})
        try:
            services.update_partner(partner=partner, version=payload.version,
                                    neighbourhoods=list(partner.neighbourhoods.all()), **values)
        except StaleVersion as stale:
            return _conflict(sent, stale.current)
        except ValidationError as error:
            raise from_django(error) from error
        return PartnerOut.from_orm(get_object_or_404(catalog.partner_detail(authority, partner_id)))


# --- resources --------------------------------------------------------------------------------------------

class ResourceIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: choices_of(Resource.Kind)  # type: ignore[valid-type]
    category: Category
    capacity: int = Field(..., ge=0, le=2_000_000_000)
    quantity: int = Field(0, ge=0, le=2_000_000_000)
    unit: str = Field("", max_length=40)
    availability: Availability = Availability.BOTH
    hours: str = Field("", max_length=100)
    neighbourhood_id: int | None = Field(None, ge=1, le=2**31 - 1)
    address: str = Field("", max_length=200)
    partner_id: int | None = Field(None, ge=1, le=2**31 - 1)
    verified_on: date | None = None
    accessible: bool = False
    description: str = ""


class ResourceOut(Schema):
    id: int
    name: str
    kind: str
    family: str
    category: str
    capacity: int
    allocated: int
    quantity: int
    unit: str
    availability: str
    neighbourhood_id: int | None
    partner_id: int | None
    verified_on: date
    version: int


class ResourceCapacityPatch(Schema):
    version: int
    capacity: int = Field(..., ge=0, le=2_000_000_000)


class ResourceConflictOut(Schema):
    detail: str
    errors: dict[str, list[str]]
    yours: dict
    current: ResourceOut


@router.get(f"{BASE}/resources", response=list[ResourceOut], summary="Resources: list")
@paginate(Pages)
def list_resources(request, authority_slug: str, category: Category | None = None):
    with authority_access(request, authority_slug, "resources.view") as authority:
        queryset = Resource.objects.filter(authority=authority)
        if category:
            queryset = queryset.filter(category=category)
        return queryset.order_by("name", "id")


@router.post(f"{BASE}/resources", response={201: ResourceOut, 422: ErrorOut}, summary="Resources: create")
def create_resource(request, authority_slug: str, payload: ResourceIn):
    with authority_access(request, authority_slug, "resources.create") as authority:
        data = payload.dict()
        data["neighbourhood"] = _neighbourhood(authority, data.pop("neighbourhood_id"))
        data["partner"] = _partner(authority, data.pop("partner_id"))
        try:
            resource = services.create_resource(authority=authority, **data)
        except ValidationError as error:
            raise from_django(error) from error
        return Status(201, ResourceOut.from_orm(resource))


@router.get(f"{BASE}/resources/{{int:resource_id}}", response=ResourceOut, summary="Resources: read one")
def get_resource(request, authority_slug: str, resource_id: int):
    with authority_access(request, authority_slug, "resources.view") as authority:
        return ResourceOut.from_orm(get_object_or_404(catalog.resource_detail(authority, resource_id)))


@router.patch(f"{BASE}/resources/{{int:resource_id}}",
              response={200: ResourceOut, 409: ResourceConflictOut, 422: ErrorOut},
              summary="Resources: change the capacity (never below what is allocated)")
def update_resource_capacity(request, authority_slug: str, resource_id: int, payload: ResourceCapacityPatch):
    with authority_access(request, authority_slug, "resources.view") as authority:
        resource = get_object_or_404(catalog.resource_detail(authority, resource_id))
        check(request, "resources.edit", resource)
        names = ("name", "kind", "category", "quantity", "unit", "availability", "hours", "neighbourhood", "address",
                 "partner", "department", "verified_on", "accessible", "description")
        try:
            services.update_resource(resource=resource, version=payload.version, capacity=payload.capacity,
                                     **{name: getattr(resource, name) for name in names})
        except StaleVersion as stale:
            return _conflict({"capacity": payload.capacity}, stale.current)
        except ValidationError as error:
            raise from_django(error) from error
        return ResourceOut.from_orm(get_object_or_404(catalog.resource_detail(authority, resource_id)))


# --- needs, suggestions, allocations ----------------------------------------------------------------------

class NeedIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    category: Category
    quantity: int = Field(..., ge=1, le=2_000_000_000)
    unit: str = Field("", max_length=40)
    neighbourhood_id: int | None = Field(None, ge=1, le=2**31 - 1)
    population_group: str = Field("", max_length=150)
    urgency: Need.Urgency = Need.Urgency.MEDIUM
    source: str = Field("", max_length=150)
    emergency: str = Field("", max_length=150)
    description: str = ""


class NeedOut(Schema):
    id: int
    title: str
    category: str
    quantity: int
    covered: int
    unit: str
    neighbourhood_id: int | None
    population_group: str
    urgency: int
    status: str
    version: int


class SuggestionOut(Schema):
    resource_id: int
    name: str
    remaining_capacity: int
    neighbourhood_id: int | None
    partner_id: int | None
    availability: str
    stale: bool

    @staticmethod
    def resolve_resource_id(resource: Resource) -> int:
        return resource.pk


class AllocationIn(Schema):
    resource_id: int = Field(..., ge=1, le=2**31 - 1)
    quantity: int = Field(..., ge=1, le=2_000_000_000)


class AllocationOut(Schema):
    id: int
    need_id: int
    resource_id: int
    quantity: int


@router.get(f"{BASE}/needs", response=list[NeedOut], summary="Needs: list")
@paginate(Pages)
def list_needs(request, authority_slug: str, status: choices_of(Need.Status) | None = None):  # type: ignore[valid-type]
    with authority_access(request, authority_slug, "resources.view") as authority:
        return catalog.needs(authority, status=status or "")


@router.post(f"{BASE}/needs", response={201: NeedOut, 422: ErrorOut}, summary="Needs: create")
def create_need(request, authority_slug: str, payload: NeedIn):
    with authority_access(request, authority_slug, "resources.create") as authority:
        data = payload.dict()
        data["neighbourhood"] = _neighbourhood(authority, data.pop("neighbourhood_id"))
        try:
            need = services.create_need(authority=authority, **data)
        except ValidationError as error:
            raise from_django(error) from error
        return Status(201, NeedOut.from_orm(need))


@router.get(f"{BASE}/needs/{{int:need_id}}", response=NeedOut, summary="Needs: read one")
def get_need(request, authority_slug: str, need_id: int):
    with authority_access(request, authority_slug, "resources.view") as authority:
        return NeedOut.from_orm(get_object_or_404(catalog.need_detail(authority, need_id)))


@router.get(f"{BASE}/needs/{{int:need_id}}/suggestions", response=list[SuggestionOut],
            summary="Needs: suggested resources, best first")
def need_suggestions(request, authority_slug: str, need_id: int):
    with authority_access(request, authority_slug, "resources.view") as authority:
        need = get_object_or_404(catalog.need_detail(authority, need_id))
        days = services.settings_of(authority).stale_after_days
        return list(suggestions(need, stale_after_days=days))


@router.post(f"{BASE}/needs/{{int:need_id}}/allocations", response={201: AllocationOut, 422: ErrorOut},
             summary="Needs: allocate part of a resource (never beyond its capacity)")
def allocate(request, authority_slug: str, need_id: int, payload: AllocationIn):
    with authority_access(request, authority_slug, "resources.view") as authority:
        need = get_object_or_404(catalog.need_detail(authority, need_id))
        check(request, "resources.allocate", need)
        resource = Resource.objects.filter(authority=authority, pk=payload.resource_id).first()
        if resource is None:
            raise from_django(ValidationError({"resource_id": _("Unknown resource.")}))
        try:
            allocation = services.allocate_resource(need=need, resource=resource, quantity=payload.quantity)
        except ValidationError as error:
            raise from_django(error) from error
        return Status(201, AllocationOut.from_orm(allocation))


# --- the situation picture, the gap document, the network ---------------------------------------------------

class CoverageOut(Schema):
    label: str
    needed: int
    covered: int
    gap: int


class SituationOut(Schema):
    by_category: list[CoverageOut]
    by_neighbourhood: list[CoverageOut]
    stale_count: int


class GapRowOut(Schema):
    category: str
    neighbourhood: str
    desired: int
    current: int
    gap: int
    responses: int
    text: str


class SharedPostOut(Schema):
    id: int
    authority_id: int
    kind: str
    title: str
    description: str
    category: str
    quantity: int
    unit: str
    status: str
    created_at: datetime


@router.get(f"{BASE}/situation", response=SituationOut, summary="The situation picture")
def get_situation(request, authority_slug: str):
    with authority_access(request, authority_slug, "resources.view") as authority:
        picture = situation(authority, stale_after_days=services.settings_of(authority).stale_after_days)
        return {"by_category": picture.by_category, "by_neighbourhood": picture.by_neighbourhood,
                "stale_count": picture.stale_count}


@router.get(f"{BASE}/gaps", response=list[GapRowOut], summary="The gap document's rows")
def get_gaps(request, authority_slug: str):
    with authority_access(request, authority_slug, "resources.view") as authority:
        return gaps.gap_rows(authority)


@router.get(f"{BASE}/network", response=list[SharedPostOut], summary="The regional network: what was shared")
@paginate(Pages)
def list_shared(request, authority_slug: str):
    with authority_access(request, authority_slug, "resources.view") as authority:
        return network.region_posts(authority)
