"""Every write of learning communities: plain functions, keyword-only and typed, one transaction each, no
HTTP request (the acting user comes from merhav.core.context), the audit log through record() (field
names, never values), versioned edits through merhav.core.versioning, notifications through merhav.notify.
The pages, the API and the demo all write through here. Split by concept, one file each."""

from .meetings import (
    answer_survey,
    create_meeting,
    propose_topic,
    rank_topics,
    record_attendance,
    update_meeting,
)
from .products import create_product, publish_product, review_product
from .programmes import (
    add_member,
    add_programme_role,
    create_committee_meeting,
    create_community,
    create_programme,
    update_community,
)
from .recruitment import (
    add_interview_question,
    apply_to_call,
    create_call,
    decide_application,
    schedule_interview,
    set_mix_target,
    shortlist_application,
)
from .teams import advance_team, create_team
from .wartime import record_status_call, start_wartime_round

__all__ = [
    "add_interview_question", "add_member", "add_programme_role", "advance_team", "answer_survey",
    "apply_to_call", "create_call", "create_committee_meeting", "create_community", "create_meeting", "create_product", "create_programme",
    "create_team", "decide_application", "propose_topic", "publish_product", "rank_topics", "record_attendance",
    "record_status_call", "review_product", "schedule_interview", "set_mix_target", "shortlist_application",
    "start_wartime_round", "update_community", "update_meeting",
]
