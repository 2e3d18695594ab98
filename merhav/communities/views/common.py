"""What the pages of learning communities share: opening a community for the user (its access checked,
its scope activated) and the pages' small helpers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django_scopes import scope

from merhav.core.permissions import check_perm

from ..access import access_of
from ..models import Community

PAGE_SIZE = 25


def community_page(permission: str = "communities.view") -> Callable:
    """The view gets the community (not its id) with the community's scope active. A community the user
    does not see is a 404, as another authority's object is; a page they see but may not use is a 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @functools.wraps(view)
        def wrapped(request: HttpRequest, community_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            access = access_of(request.user)
            if not access.sees(community_id):
                raise Http404("No such community for this user.")
            community = Community.objects.select_related("programme").get(pk=community_id)
            check_perm(request, permission, community)
            with scope(community=community.pk):
                return view(request, community, *args, **kwargs)

        return wrapped

    return decorator


def member_id_of(request: HttpRequest, community: Community) -> int | None:
    return access_of(request.user).member_ids.get(community.pk)


def perms(request: HttpRequest, community: Community) -> dict[str, bool]:
    user = request.user
    return {
        "can_lead": user.has_perm("communities.lead", community),
        "can_take_part": user.has_perm("communities.take_part_in", community),
        "can_call": user.has_perm("communities.call_members", community),
        "can_add_product": user.has_perm("communities.add_product", community),
    }
