"""The learning communities API, under /api/v1/communities/: the user's communities, one community, its
members, its meetings (list and create), and the library of published products. The same access,
services, selectors and policy as the pages: a community the caller does not see is a 404, a refused
write a 403 and an audit-log entry; lists by limit/offset (merhav.core.api.pagination.Pages) with a fixed
number of queries, each page loaded inside the community's scope."""


from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial

from django.core.exceptions import ValidationError
from django.http import Http404
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from merhav.audit.services import personal_rows_shown
from merhav.core.api.errors import ErrorOut, activate_language, from_django
from merhav.core.api.input import choices_of
from merhav.core.api.pagination import Pages, Rows, load_within
from merhav.core.permissions import check_perm

from . import selectors, services
from .access import access_of
from .models import Community, KnowledgeProduct, Meeting

router = Router(tags=["communities"])

BASE = "/communities/communities"


@contextmanager
def community_access(request, community_id: int, permission: str = "communities.view") -> Iterator[Community]:
    activate_language(request)
    access = access_of(request.auth)
    if not access.sees(community_id):
        raise Http404("No such community.")
    community = Community.objects.select_related("programme").get(pk=community_id)
    check_perm(request, permission, community)
    load_within(request, partial(scope, community=community.pk))
    with scope(community=community.pk):
        yield community


class CommunityOut(Schema):
    id: int
    name: str
    shared_role: str
    programme: str = Field(..., alias="programme.name")
    stage: str
    stage_label: str
    finish_line: date | None
    version: int

    @staticmethod
    def resolve_stage_label(community: Community) -> str:
        return str(community.get_stage_display())


class CommunityMemberOut(Schema):
    id: int
    user_id: int
    full_name: str = Field(..., alias="user.full_name")
    role: str
    authority: str | None = None
    job_title: str

    @staticmethod
    def resolve_authority(member) -> str | None:
        return member.authority.name if member.authority_id else None


class MeetingIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    starts_on: date
    ends_on: date | None = None
    kind: choices_of(Meeting.Kind) = Meeting.Kind.MEETING.value  # type: ignore[valid-type]
    number: int | None = Field(None, ge=1, le=99)
    host_name: str = Field("", max_length=150)
    online: bool = False


class MeetingOut(Schema):
    id: int
    community_id: int
    number: int | None
    title: str
    kind: str
    starts_on: date
    ends_on: date | None
    syllabus_year: int
    online: bool
    host: str
    version: int


class ProductOut(Schema):
    id: int
    community_id: int
    community: str = Field(..., alias="community.name")
    kind: str
    title: str
    summary: str
    link: str



@router.get(BASE, response=list[CommunityOut], summary="Learning communities: the caller's")
@paginate(Pages)
def list_communities(request):
    activate_language(request)
    return selectors.visible_communities(access_of(request.auth))


@router.get(f"{BASE}/{{int:community_id}}", response=CommunityOut, summary="Learning communities: read one")
def get_community(request, community_id: int):
    with community_access(request, community_id) as community:
        return community


@router.get(f"{BASE}/{{int:community_id}}/members", response=list[CommunityMemberOut],
            summary="Learning communities: the members")
@paginate(Pages)
def list_members(request, community_id: int):
    with community_access(request, community_id) as community:
        return Rows(selectors.members(community), then=partial(personal_rows_shown, person="user"))


@router.get(f"{BASE}/{{int:community_id}}/meetings", response=list[MeetingOut],
            summary="Learning communities: the meetings")
@paginate(Pages)
def list_meetings(request, community_id: int):
    with community_access(request, community_id) as community:
        return selectors.meetings(community)


@router.post(f"{BASE}/{{int:community_id}}/meetings", response={201: MeetingOut, 422: ErrorOut},
             summary="Learning communities: set a meeting")
def create_meeting(request, community_id: int, payload: MeetingIn):
    with community_access(request, community_id, "communities.lead") as community:
        try:
            meeting = services.create_meeting(community=community, **payload.dict())
        except ValidationError as error:
            raise from_django(error) from error
        return Status(201, MeetingOut.from_orm(meeting))


@router.get("/communities/library", response=list[ProductOut],
            summary="Learning communities: the library of published knowledge products")
@paginate(Pages)
def list_library(request, q: str = Query("", max_length=100), kind: choices_of(KnowledgeProduct.Kind) | None = None):  # type: ignore[valid-type]
    activate_language(request)
    access = access_of(request.auth)
    ids = selectors.library_community_ids(access)
    load_within(request, partial(scope, community=ids))
    with scope(community=ids):
        return selectors.library(access, query=q.strip(), kind=kind or "")
