"""What another authority may see: only what was explicitly shared with the reader's region
(SharedPost), and of the replies only its own (the sharing authority sees every reply to its post)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from merhav.tenancy.models import Authority

from ..models import NetworkReply, SharedPost


def region_posts(authority: Authority, *, kind: str = "") -> QuerySet[SharedPost]:
    if authority.region_id is None:
        return SharedPost.objects.none()
    queryset = SharedPost.objects.filter(region_id=authority.region_id).select_related("authority")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.annotate(reply_count=Count("replies")).order_by("status", "-created_at", "-id")


def post_for(authority: Authority, post_id: int) -> QuerySet[SharedPost]:
    """One post of the reader's region (another region's or a missing one is a 404)."""
    if authority.region_id is None:
        return SharedPost.objects.none()
    return SharedPost.objects.filter(region_id=authority.region_id, pk=post_id).select_related("authority",
                                                                                               "created_by")


def replies_seen_by(post: SharedPost, authority: Authority) -> list[NetworkReply]:
    replies = NetworkReply.objects.filter(post=post).select_related("authority", "created_by")
    if post.authority_id != authority.pk:
        replies = replies.filter(authority=authority)
    return list(replies.order_by("created_at", "id"))


def reply_for(authority: Authority, reply_id: int) -> QuerySet[NetworkReply]:
    """A reply to one of the authority's own posts (only the sharing authority decides)."""
    return NetworkReply.objects.filter(pk=reply_id, post__authority=authority).select_related("post")
