"""This module's URL kwargs for the tenant isolation crawler and the auditor replay (tests/url_fillers.py
merges the FILLERS of every app's tests/url_fillers.py). One line per new kwarg name."""

from django_scopes import scopes_disabled

from tests.url_fillers import MARKER, attr_of, fitted, pk_of


def _region_of_a(world):
    from merhav.tenancy.models import Region

    with scopes_disabled():
        if world.a.region_id is None:
            world.a.region = Region.objects.create(name_he=fitted(Region, "name_he", f"{MARKER} אזור"), slug=f"region-{world.next_number()}")
            world.a.save(update_fields=["region"])
    return world.a.region


def _post(world):
    """An offer A shared with its region (B is in no region: it must not see it)."""
    from merhav.resources.models import SharedPost

    key = "resources.sharedpost"
    if key not in world.objects:
        world.objects[key] = SharedPost.objects.create(
            authority=world.a, region=_region_of_a(world), kind="offer", title=f"{MARKER} offer", category="food",
            description=MARKER, created_by=world.a_user)
    return world.objects[key].pk


def _reply(world):
    from merhav.resources.models import NetworkReply, SharedPost

    key = "resources.networkreply"
    if key not in world.objects:
        post = SharedPost.objects.get(pk=_post(world))
        world.objects[key] = NetworkReply.objects.create(post=post, authority=world.a, message=MARKER)
    return world.objects[key].pk


FILLERS = {
    "partner_id": pk_of("resources.Partner"),
    "resource_id": pk_of("resources.Resource"),
    "need_id": pk_of("resources.Need"),
    "allocation_id": pk_of("resources.Allocation"),
    "response_id": pk_of("resources.Response"),
    "snapshot_id": pk_of("resources.GapSnapshot"),
    "meeting_id": pk_of("resources.ForumMeeting"),
    "import_token": attr_of("resources.ResourceImport", "token"),
    "link_token": attr_of("resources.PublicLink", "token"),
    "post_id": _post,
    "reply_id": _reply,
}
