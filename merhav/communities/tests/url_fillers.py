"""This module's URL kwargs for the tenant isolation crawler and the auditor replay (tests/url_fillers.py
merges the FILLERS of every app's tests/url_fillers.py). One line per new kwarg name. Every object is of
a community of authority A's CEO's programme; the crawler's other user takes part in none."""

from tests.url_fillers import attr_of, pk_of

FILLERS = {
    "programme_id": pk_of("communities.Programme"),
    "community_id": pk_of("communities.Community"),
    "call_id": pk_of("communities.Call"),
    "call_token": attr_of("communities.Call", "token"),
    "application_id": pk_of("communities.Application"),
    "community_meeting_id": pk_of("communities.Meeting"),
    "team_id": pk_of("communities.WorkTeam"),
    "product_id": pk_of("communities.KnowledgeProduct"),
    "network_thread_id": pk_of("communities.NetworkThread"),
    "newsletter_id": pk_of("communities.Newsletter"),
    "pulse_id": pk_of("communities.PulseSurvey"),
    "evaluation_id": pk_of("communities.EvaluationSurvey"),
}
FILLERS["roster_id"] = pk_of("communities.RosterSurvey")  # social network analysis
