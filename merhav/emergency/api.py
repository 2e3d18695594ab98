"""The emergency operations API, under /api/v1/authorities/<authority_slug>/emergency/: the authority's
emergency systems read the issued messages here as JSON (the same shape as the signed webhook), and the
emergencies, the sealed messages and the readiness gaps. Lists use the API's one pagination
(merhav.core.api.pagination.Pages: a fixed number of queries). The same services, selectors and policy as
the pages: an outsider gets 404, a refused write 403 and an audit-log entry (merhav.tenancy.access)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from merhav.core.api.errors import ErrorOut, from_django
from merhav.core.api.pagination import Pages
from merhav.tenancy.access import authority_access

from . import selectors, services
from .models import EmergencyKind, IssuedMessage

router = Router(tags=["emergency"])

BASE = "/authorities/{authority_slug}/emergency"


class EmergencyIn(Schema):
    kind: EmergencyKind
    title: str = Field(..., min_length=1, max_length=200)
    neighbourhoods: str = Field("", max_length=500)
    description: str = ""


class EmergencyOut(Schema):
    id: int
    kind: str
    title: str
    neighbourhoods: list[str]
    started_at: datetime
    ended_at: datetime | None
    active: bool
    review_proposed_on: str | None
    version: int

    @staticmethod
    def resolve_neighbourhoods(emergency) -> list[str]:
        return emergency.neighbourhood_list()

    @staticmethod
    def resolve_active(emergency) -> bool:
        return emergency.is_active

    @staticmethod
    def resolve_review_proposed_on(emergency) -> str | None:
        return emergency.review_proposed_on.isoformat() if emergency.review_proposed_on else None


class DeliveryOut(Schema):
    endpoint: str
    status: str
    attempts: int

    @staticmethod
    def resolve_endpoint(delivery) -> str:
        return delivery.endpoint.name


class IssuedOut(Schema):
    """An issued message as the emergency systems receive it (the webhook's body has the same fields)."""

    id: int
    emergency: int
    scenario: str
    channel: str
    language: str
    title: str
    text: str
    values: dict[str, str]
    issued_at: datetime
    deliveries: list[DeliveryOut]

    @staticmethod
    def resolve_emergency(issued: IssuedMessage) -> int:
        return issued.emergency_id

    @staticmethod
    def resolve_deliveries(issued: IssuedMessage) -> list:
        return list(issued.deliveries.all())


class MessageOut(Schema):
    id: int
    scenario: str
    channel: str
    language: str
    title: str
    body: str
    status: str
    version: int


class ReadinessCell(Schema):
    language: str
    approved: int
    gap: bool


class ReadinessOut(Schema):
    scenario: str
    gap: bool
    cells: list[ReadinessCell]



@router.get(f"{BASE}/emergencies", response=list[EmergencyOut], summary="Emergencies: list")
@paginate(Pages)
def list_emergencies(request, authority_slug: str):
    with authority_access(request, authority_slug, "emergency.view") as authority:
        return selectors.emergencies(authority)


@router.post(f"{BASE}/emergencies", response={201: EmergencyOut, 422: ErrorOut}, summary="Emergencies: declare")
def declare_emergency(request, authority_slug: str, payload: EmergencyIn):
    with authority_access(request, authority_slug, "emergency.declare") as authority:
        try:
            emergency = services.declare_emergency(
                authority=authority, kind=payload.kind, title=payload.title, neighbourhoods=payload.neighbourhoods,
                description=payload.description,
            )
        except ValidationError as error:
            raise from_django(error) from error
        return Status(201, EmergencyOut.from_orm(emergency))


@router.get(f"{BASE}/emergencies/{{int:emergency_id}}", response=EmergencyOut, summary="Emergencies: read one")
def get_emergency(request, authority_slug: str, emergency_id: int):
    with authority_access(request, authority_slug, "emergency.view") as authority:
        return EmergencyOut.from_orm(get_object_or_404(selectors.emergency_detail(authority, emergency_id)))


@router.get(f"{BASE}/issued", response=list[IssuedOut], summary="Issued messages: list, the latest first")
@paginate(Pages)
def list_issued(request, authority_slug: str):
    with authority_access(request, authority_slug, "emergency.view") as authority:
        return selectors.issued_messages(authority)


@router.get(f"{BASE}/issued/{{int:issued_message_id}}", response=IssuedOut, summary="Issued messages: read one")
def get_issued(request, authority_slug: str, issued_message_id: int):
    with authority_access(request, authority_slug, "emergency.view") as authority:
        return IssuedOut.from_orm(get_object_or_404(selectors.issued_detail(authority, issued_message_id)))


@router.get(f"{BASE}/messages", response=list[MessageOut], summary="Sealed messages: list")
@paginate(Pages)
def list_messages(request, authority_slug: str):
    with authority_access(request, authority_slug, "emergency.view") as authority:
        return selectors.messages(authority)


@router.get(f"{BASE}/readiness", response=list[ReadinessOut], summary="Sealed messages: readiness by scenario")
def readiness(request, authority_slug: str):
    with authority_access(request, authority_slug, "emergency.view") as authority:
        return selectors.readiness(authority)
