"""Every write of the resources module (see each file): the map, matching, the gap document and settings,
the cross-sector forum, the regional network and imports."""

from .catalog import (
    add_agreement,
    add_partner_contact,
    create_need,
    create_neighbourhood,
    create_partner,
    create_resource,
    create_response,
    update_need,
    update_partner,
    update_resource,
    update_response,
    verify_resource,
)
from .forum import add_forum_decision, add_forum_member, create_forum_meeting
from .gaps import (
    create_public_link,
    revoke_public_links,
    save_gap_note,
    settings_of,
    take_gap_snapshot,
    update_settings,
)
from .imports import apply_checked, confirm_import, set_import_mapping, store_import
from .matching import CapacityExceeded, allocate_resource, release_allocation
from .network import close_post, decide_reply, reply_to_post, share_post

__all__ = [
    "CapacityExceeded", "add_agreement", "add_forum_decision", "add_forum_member", "add_partner_contact",
    "allocate_resource", "apply_checked", "close_post", "confirm_import", "create_forum_meeting", "create_need",
    "create_neighbourhood", "create_partner", "create_public_link", "create_resource", "create_response",
    "decide_reply", "release_allocation", "reply_to_post", "revoke_public_links", "save_gap_note",
    "set_import_mapping", "settings_of", "share_post", "store_import", "take_gap_snapshot", "update_need",
    "update_partner", "update_resource", "update_response", "update_settings", "verify_resource",
]
