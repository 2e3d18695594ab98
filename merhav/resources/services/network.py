"""The regional network of partnership managers: an authority explicitly shares an offer or a request with
the authorities of its region; another authority of the region replies; the sharing authority accepts or
declines. Nothing is visible to another authority unless it was shared this way."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from merhav.audit.services import Action, record
from merhav.core import context
from merhav.notify.services import send_notification
from merhav.tenancy.models import Authority

from ..models import Category, NetworkReply, SharedPost
from .catalog import required


def share_post(*, authority: Authority, kind: str, title: str, category: str, quantity: int | None = 0,
               unit: str = "", description: str = "") -> SharedPost:
    errors = {}
    if authority.region_id is None:
        errors["kind"] = _("This authority belongs to no region: there is no network to share with.")
    if kind not in SharedPost.Kind.values:
        errors["kind"] = _("Select a valid choice. That choice is not one of the available choices.")
    if category not in Category.values:
        errors["category"] = _("Select a valid choice. That choice is not one of the available choices.")
    if not (title or "").strip():
        errors["title"] = required()
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        post = SharedPost.objects.create(
            authority=authority, region_id=cast(int, authority.region_id), kind=kind, title=title.strip()[:200],
            category=category, quantity=max(quantity or 0, 0), unit=(unit or "").strip()[:40],
            description=(description or "").replace("\r\n", "\n").strip(), created_by=context.current_user())
        record(action=Action.CREATE, obj=post, authority=authority, fields=["kind", "title", "category"])
    return post


def reply_to_post(*, post: SharedPost, authority: Authority, message: str, quantity: int | None = 0) -> NetworkReply:
    """Another authority of the post's region answers it."""
    if post.authority_id == authority.pk or post.region_id != authority.region_id:
        raise ValidationError({"message": _("Only another authority of the region can answer this.")})
    if post.status != SharedPost.Status.OPEN:
        raise ValidationError({"message": _("This post is closed.")})
    if not (message or "").strip():
        raise ValidationError({"message": required()})
    with transaction.atomic():
        reply = NetworkReply.objects.create(post=post, authority=authority, message=message.strip()[:5000],
                                            quantity=max(quantity or 0, 0), created_by=context.current_user())
        record(action=Action.CREATE, obj=reply, authority=authority, fields=["message"])
        if post.created_by is not None:
            send_notification(
                recipient=post.created_by, kind="resources_network_reply", authority=post.authority,
                title=gettext_lazy("A new answer to what you shared with the regional network"),
                body=gettext_lazy("Another authority of the region answered your post. Open it to accept or "
                                  "decline the answer."),
                url=reverse("resources:network_post", kwargs={"authority_slug": post.authority.slug,
                                                              "post_id": post.pk}))
    return reply


def decide_reply(*, reply: NetworkReply, authority: Authority, accept: bool) -> NetworkReply:
    """The sharing authority accepts (the post closes) or declines a reply."""
    with transaction.atomic():
        post = SharedPost.objects.select_for_update().get(pk=reply.post_id)
        if post.authority_id != authority.pk:
            raise ValidationError({"reply": _("Only the authority that shared this can decide.")})
        current = NetworkReply.objects.select_for_update().get(pk=reply.pk)
        if current.status != NetworkReply.Status.PROPOSED:
            return current
        current.status = NetworkReply.Status.ACCEPTED if accept else NetworkReply.Status.DECLINED
        current.save(update_fields=["status"])
        if accept:
            post.status = SharedPost.Status.CLOSED
            post.save(update_fields=["status"])
        record(action=Action.UPDATE, obj=current, authority=authority, fields=["status"])
        if current.created_by is not None:
            send_notification(
                recipient=current.created_by, kind="resources_network_decision", authority=current.authority,
                title=(gettext_lazy("Your answer in the regional network was accepted") if accept
                       else gettext_lazy("Your answer in the regional network was declined")),
                url=reverse("resources:network_post", kwargs={"authority_slug": current.authority.slug,
                                                              "post_id": post.pk}))
    return current


def close_post(*, post: SharedPost, authority: Authority) -> None:
    if post.authority_id != authority.pk:
        raise ValidationError({"post": _("Only the authority that shared this can close it.")})
    with transaction.atomic():
        SharedPost.objects.filter(pk=post.pk).update(status=SharedPost.Status.CLOSED)
        record(action=Action.UPDATE, obj=post, authority=authority, fields=["status"])
