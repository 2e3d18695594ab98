"""The demo of the social network analysis (called by merhav.communities.demo): the education community's
two roster surveys, as the seed tells it. At time 1 (autumn of the first year) the members form small
separate sub-networks around a few leading members, and several know no one yet; at time 2 (the end of
the year) the sub-networks have merged into one denser network. Idempotent: nothing is added when the
community already has a roster survey. Eight more invented members join the community for it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from merhav.core.context import acting_as
from merhav.tenancy.models import Authority
from merhav.workspace.management.commands.load_demo import ensure_user

from . import services
from .models import Community, CommunityMember, RosterSurvey
from .services.sna import NamedTie, answer_roster, create_roster_survey

COMMUNITY = "קהילת מנהלי.ות אגפי חינוך"
MORE_MEMBERS = (
    ("rana.edu@merhav.example", "ראנה מסארווה", "female", "arab", 5, "city"),
    ("moshe.edu@merhav.example", "משה אלמוג", "male", "jewish", 10, "neighbour"),
    ("dalia.edu@merhav.example", "דליה קיסר", "female", "jewish", 2, "neighbour"),
    ("fadi.edu@merhav.example", "פאדי חסון", "male", "druze", 7, "city"),
    ("galit.edu@merhav.example", "גלית שמש", "female", "jewish", 4, "neighbour"),
    ("amal.edu@merhav.example", "אמל אבו-קשק", "female", "bedouin", 3, "city"),
    ("ronen.edu@merhav.example", "רונן דהן", "male", "jewish", 14, "neighbour"),
    ("suha.edu@merhav.example", "סוהא ח'טיב", "female", "arab", 6, "city"),
)
TOPICS = ("תקציב ותקינה", "רישום לגנים", "חינוך בזמן חירום", "שותפויות עם משרד החינוך", "גיוס כוח אדם",
          "חדשנות פדגוגית")
# Ties by position in the community's member list (by id): (who answered, whom they named, how often).
# Time 1: four small sub-networks (0-3, 4-6, 7-10, 11-12) and five members with no tie yet.
TIME_1 = ((0, 1, 3), (0, 2, 2), (1, 3, 1), (2, 3, 1), (4, 5, 2), (5, 6, 1), (7, 8, 2), (8, 9, 1), (9, 10, 1),
          (10, 7, 1), (11, 12, 2))
# Time 2: the ties of time 1, stronger, bridges between the sub-networks, and the newcomers drawn in.
TIME_2 = ((0, 1, 4), (0, 2, 3), (1, 3, 2), (2, 3, 2), (4, 5, 3), (5, 6, 2), (7, 8, 3), (8, 9, 2), (9, 10, 2),
          (10, 7, 2), (11, 12, 3), (0, 4, 2), (0, 7, 2), (2, 11, 2), (3, 5, 1), (6, 9, 2), (10, 12, 1), (1, 8, 1),
          (13, 0, 2), (13, 5, 1), (14, 2, 2), (14, 9, 1), (15, 11, 2), (15, 6, 1), (16, 3, 1), (16, 13, 2),
          (17, 8, 2), (17, 14, 1), (4, 12, 1), (7, 1, 2), (1, 0, 4), (8, 7, 3), (12, 11, 2), (4, 0, 2), (9, 6, 1), (5, 4, 3))
D = dt.date


def load_sna_demo(*, city: Authority, neighbour: Authority, stdout) -> None:
    community = Community.objects.filter(name=COMMUNITY).order_by("id").first()
    if community is None:
        return
    with scope(community=community.pk):
        if RosterSurvey.objects.filter(community=community).exists():
            return
    leader = CommunityMember.objects.filter(community=community, role=CommunityMember.Role.LEADER).select_related(
        "user").first()
    if leader is None:
        return
    with acting_as(leader.user):
        for email, name, gender, sector, years, where in MORE_MEMBERS:
            user = ensure_user(email, name)
            if not CommunityMember.objects.filter(community=community, user=user).exists():
                services.add_member(community=community, user=user, authority=city if where == "city" else neighbour,
                                    role=CommunityMember.Role.CORE, job_title="מנהל.ת אגף החינוך", gender=gender,
                                    sector=sector, seniority_years=years, joined_on=D(2022, 9, 1))
        members = list(CommunityMember.objects.filter(community=community, is_active=True).order_by("id"))[:18]
        today = timezone.localdate()
        first = create_roster_survey(community=community, title="מיפוי קשרים – תחילת הדרך", round=1,
                                     opens_on=today - dt.timedelta(days=400), closes_on=today - dt.timedelta(days=370))
        second = create_roster_survey(community=community, title="מיפוי קשרים – אחרי שנה", round=2,
                                      opens_on=today - dt.timedelta(days=40), closes_on=today - dt.timedelta(days=10))
    for survey, ties in ((first, TIME_1), (second, TIME_2)):
        for i, member in enumerate(members):
            named = [NamedTie(members[b].pk, frequency, TOPICS[(a + b) % len(TOPICS)])
                     for a, b, frequency in ties if a == i and b < len(members)]
            with acting_as(member.user):
                answer_roster(survey=survey, member=member, ties=named, today=survey.opens_on)
    stdout.write("Communities demo: two roster surveys of the education community (small sub-networks merging)")
