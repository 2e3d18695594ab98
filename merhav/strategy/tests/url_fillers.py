"""This module's URL kwargs for the tenant isolation crawler and the auditor replay (tests/url_fillers.py
merges the FILLERS of every app's tests/url_fillers.py). One line per new kwarg name."""

from tests.url_fillers import pk_of

FILLERS = {
    "plan_id": pk_of("strategy.Plan"),
    "plan_meeting_id": pk_of("strategy.Meeting"),
    "plan_channel_id": pk_of("strategy.Channel"),
    "plan_indicator_id": pk_of("strategy.Indicator"),
    "plan_action_id": pk_of("strategy.PlanAction"),
    "plan_initiative_id": pk_of("strategy.Initiative"),
    "plan_comment_id": pk_of("strategy.PublicComment"),
    # The public plan's address names its authority by slug (not authority_slug, which requires a member).
    "public_slug": lambda world: world.a.slug,
}
