"""Knowledge products: made by a team or after a meeting, reviewed against the seed's criteria of a good
product, published to the library that every community of the programme searches."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from merhav.accounts.models import User
from merhav.audit.services import Action, record
from merhav.core import context
from merhav.core.versioning import apply_changes, changed_fields, lock_current

from ..models import QUALITY_CRITERIA, Community, KnowledgeProduct, Meeting, WorkTeam
from .common import notify, raise_if, required, text


def create_product(*, community: Community, kind: str, title: str, summary: str = "", link: str = "",
                   team: WorkTeam | None = None, meeting: Meeting | None = None) -> KnowledgeProduct:
    errors: dict[str, str] = {}
    title = text(title, 200)
    required(errors, "title", title)
    if kind not in KnowledgeProduct.Kind.values:
        errors["kind"] = _("Select a valid choice. That choice is not one of the available choices.")
    link = text(link, 500)
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = _("A link starts with https://")
    for row in (team, meeting):
        if row is not None and row.community_id != community.pk:
            errors["__all__"] = _("The team or the meeting is of another community.")
    raise_if(errors)
    with transaction.atomic(), scope(community=community.pk):
        product = KnowledgeProduct.objects.create(
            community=community, kind=kind, title=title, summary=text(summary), link=link, team=team,
            meeting=meeting, created_by=context.current_user(),
        )
        record(action=Action.CREATE, obj=product, fields=["kind", "title", "summary", "link"])
    return product


def review_product(*, product: KnowledgeProduct, version: int, criteria: Mapping[str, bool]) -> list[str]:
    """The reviewer ticks the criteria the product meets."""
    changes = {name: bool(criteria.get(name)) for name in QUALITY_CRITERIA}
    with transaction.atomic(), scope(community=product.community_id):
        current: KnowledgeProduct = lock_current(KnowledgeProduct.objects, pk=product.pk, version=version)
        changed = changed_fields(current, changes)
        if changed:
            apply_changes(current, changes)
            record(action=Action.UPDATE, obj=current, fields=changed)
    return changed


def publish_product(*, product: KnowledgeProduct, version: int) -> KnowledgeProduct:
    """Into the library, once it meets every criterion and has a link or a file; the community is told."""
    errors: dict[str, str] = {}
    if not all(getattr(product, name) for name in QUALITY_CRITERIA):
        errors["__all__"] = _("The product meets the quality criteria only in part: review it before publishing.")
    if not (product.link or product.file):
        errors["link"] = _("Add a link to the product before publishing it.")
    raise_if(errors)
    with transaction.atomic(), scope(community=product.community_id):
        current: KnowledgeProduct = lock_current(KnowledgeProduct.objects, pk=product.pk, version=version)
        if current.status != KnowledgeProduct.Status.PUBLISHED:
            apply_changes(current, {"status": KnowledgeProduct.Status.PUBLISHED, "published_at": timezone.now()})
            record(action=Action.UPDATE, obj=current, fields=["status", "published_at"])
            members = User.objects.filter(community_memberships__community_id=current.community_id,
                                          community_memberships__is_active=True)
            title_text = current.title
            notify(members, kind="communities.product",
                   url=reverse("communities:product", args=[current.community_id, current.pk]),
                   title=lambda: _("A new knowledge product in the library: %(title)s") % {"title": title_text},
                   dedupe_key=f"communities.product:{current.pk}")
    return current
