"""This module's URL kwargs for the tenant isolation crawler and the auditor replay (tests/url_fillers.py
merges the FILLERS of every app's tests/url_fillers.py). One line per new kwarg name. Every object is of
a community of authority A's CEO's programme; the crawler's other user takes part in none."""

from django_scopes import scopes_disabled

from tests.url_fillers import World, attr_of, pk_of


def _meeting(world: World) -> int:
    """A meeting in its syllabus year (the year the service derives from its date; a row built with the
    generic value 1 would put the community's syllabus in the year 1)."""
    meeting = world.obj("communities.Meeting")
    year = meeting.community.syllabus_year_of(meeting.starts_on)
    if meeting.syllabus_year != year:
        with scopes_disabled():
            type(meeting).objects.filter(pk=meeting.pk).update(syllabus_year=year)
        meeting.syllabus_year = year
    return meeting.pk


FILLERS = {
    "programme_id": pk_of("communities.Programme"),
    "community_id": pk_of("communities.Community"),
    "call_id": pk_of("communities.Call"),
    "call_token": attr_of("communities.Call", "token"),
    "application_id": pk_of("communities.Application"),
    "community_meeting_id": _meeting,
    "team_id": pk_of("communities.WorkTeam"),
    "product_id": pk_of("communities.KnowledgeProduct"),
    "network_thread_id": pk_of("communities.NetworkThread"),
    "newsletter_id": pk_of("communities.Newsletter"),
    "pulse_id": pk_of("communities.PulseSurvey"),
    "evaluation_id": pk_of("communities.EvaluationSurvey"),
}
FILLERS["roster_id"] = pk_of("communities.RosterSurvey")  # social network analysis
