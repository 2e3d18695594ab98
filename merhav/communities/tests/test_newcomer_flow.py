"""The issue's "done when", end to end through the pages, by the people of the seed's roles: a newcomer
sets up a community of education-department heads, recruits members from a public call with the mix
view, builds the syllabus, plans a meeting with the planning sheet, records attendance and satisfaction;
a work team goes through the six stages and publishes a knowledge product that another community finds."""

import re

from django.test import Client
from django_scopes import scope

from merhav.accounts.models import User
from merhav.tenancy.roles import Role
from merhav.tenancy.tests.factories import member_of

from ..models import Application, Call, Community, KnowledgeProduct, Meeting, WorkTeam
from .factories import CommunityFactory, MemberFactory
from .support import client_of, url


def only(model, community, **lookup):
    with scope(community=community.pk):
        return model.objects.get(community=community, **lookup)


def test_from_an_empty_programme_to_a_published_product(national_admin, authority, other_authority):
    admin = client_of(national_admin)
    admin.post(url("programme_create"), {"name": "קהילות לומדות בשלטון המקומי"})
    programme = national_admin.programme_roles.get().programme
    admin.post(url("community_create", programme_id=programme.pk), {
        "name": "קהילת מנהלי.ות אגפי חינוך", "shared_role": "מנהלי אגפי חינוך", "department_kind": "education",
        "stage": "establishment", "finish_line": "15.07.2027"})
    community = Community.objects.get(programme=programme)
    leader = member_of(authority, Role.DEPARTMENT_HEAD, department_kind="education", email="leader@example.org")
    admin.post(url("member_add", community_id=community.pk),
               {"email": "leader@example.org", "authority": authority.pk, "role": "leader"})
    lead = client_of(leader)

    # Recruitment: a call, its public link, six applicants, the mix view, accept five.
    lead.post(url("call_create", community_id=community.pk), {"title": "קול קורא"})
    call = only(Call, community)
    lead.post(url("call", community_id=community.pk, call_id=call.pk),
              {"target-dimension": "gender", "target-value": "female", "target-target": "3"})
    public = Client()
    for n in range(6):
        public.post(url("apply", call_token=call.token), {
            "full_name": f"מנהלת {n}", "email": f"head{n}@example.org", "authority": (authority, other_authority)[n % 2].pk,
            "job_title": "מנהלת אגף החינוך", "gender": ("female", "male")[n % 2], "sector": "arab", "seniority_years": n})
    with scope(community=community.pk):
        applications = list(Application.objects.filter(call=call).order_by("pk"))
    for application in applications[:5]:
        lead.post(url("application", community_id=community.pk, application_id=application.pk),
                  {"action": "decide", "decide-decision": "accept", "decide-message": "ברוכים הבאים",
                   "decide-version": application.version})
    mix = lead.get(url("call", community_id=community.pk, call_id=call.pk)).context["mix"]
    gender = {row.value: (row.target, row.accepted) for dimension, _label, rows in mix if dimension == "gender"
              for row in rows}
    assert gender == {"female": (3, 3), "male": (None, 2)}
    members = list(community.members.filter(role="core").order_by("pk"))
    assert len(members) == 5

    # The syllabus: a meeting with its planning sheet; attendance; the survey.
    lead.post(url("meeting_create", community_id=community.pk), {
        "title": "הגדרת תחומי ליבה", "kind": "meeting", "number": "1", "starts_on": "14.09.2026",
        "host_authority": authority.pk, "goals_professional": "בחירת נושאי השנה", "product_lab": "דירוג נושאים"})
    meeting = only(Meeting, community)
    syllabus = lead.get(url("syllabus", community_id=community.pk) + "?year=2026")
    assert "<svg" in syllabus.content.decode() and "הגדרת תחומי ליבה" in syllabus.content.decode()
    lead.post(url("meeting", community_id=community.pk, community_meeting_id=meeting.pk), {"present": [m.pk for m in members[:4]]})
    for member in members[:3]:
        client_of(member.user).post(url("survey", community_id=community.pk, community_meeting_id=meeting.pk),
                                    {"overall": "5", "content": "4"})
    results = lead.get(url("meeting", community_id=community.pk, community_meeting_id=meeting.pk)).context["results"]
    assert (results.count, results.overall, results.high_share) == (3, 5.0, 100)

    # Year B: a work team of five through the six stages to a published product.
    lead.post(url("edit", community_id=community.pk), {
        "name": community.name, "shared_role": community.shared_role, "department_kind": "education",
        "stage": "year_b", "finish_line": "15.07.2027", "description": "", "version": 1})
    roles = ["facilitator", "documenter", "timekeeper", "scheduler", "member"]
    response = lead.post(url("team_create", community_id=community.pk), {
        "name": "צוות נייר מדיניות", "budget": "8000", **{f"member_{m.pk}": roles[i] for i, m in enumerate(members)}})
    team = only(WorkTeam, community)
    assert team.finish_line.isoformat() == "2027-07-15" and response.status_code == 302
    facilitator = client_of(members[0].user)
    for _stage in range(5):
        facilitator.post(url("team", community_id=community.pk, team_id=team.pk),
                         {"version": only(WorkTeam, community).version})
    assert only(WorkTeam, community).stage == 6
    facilitator.post(url("product_create", community_id=community.pk), {
        "team": team.pk, "kind": "policy", "title": "נייר מדיניות: רצף חינוכי", "link": "https://example.org/paper"})
    product = only(KnowledgeProduct, community)
    lead.post(url("product", community_id=community.pk, product_id=product.pk), {
        "version": product.version, "publish": "1",
        **dict.fromkeys(("voice", "useful", "whole", "pride", "from_field"), "on")})
    assert only(KnowledgeProduct, community).status == "published"

    # Another community of the programme finds it in the library.
    treasurers = CommunityFactory(programme=programme, name="קהילת גזברים")
    reader = MemberFactory(community=treasurers).user
    found = client_of(reader).get(url("library") + "?q=" + "רצף")
    assert [p.title for p in found.context["rows"]] == ["נייר מדיניות: רצף חינוכי"]
    # Everyone concerned was told, in the inbox (and by email through merhav.notify).
    accepted = User.objects.get(email="head0@example.org")
    kinds = set(accepted.notifications.values_list("kind", flat=True))
    assert {"communities.decision", "communities.meeting", "communities.survey", "communities.team",
            "communities.team_stage", "communities.product"} <= kinds
    assert re.search(r"communities\.application", " ".join(leader.notifications.values_list("kind", flat=True)))
