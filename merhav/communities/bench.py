"""Invented learning communities: the issue's programme has 20 communities with 5,000 members (at the
benchmark's scale of 1,000 members when called by bench/communities_bench.py), their meetings, attendance,
satisfaction, topics, calls, teams and knowledge products. `fill` is the communities benchmark's data;
`bench_data` is the module's generator for `manage.py bench_data` (declared on the module's AppConfig)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

FIRST = ["נועה", "אבי", "מיכל", "סמיר", "רונית", "يوسف", "ליאת", "דן", "هبة", "עומר", "ענבל", "أحمد", "רים",
         "יוסף", "مريم", "תמר", "خالد", "שירה"]
LAST = ["ברק", "שרון", "דוד", "خوري", "אלון", "כהן", "מזרחי", "عباس", "נחום", "לוי", "حداد", "סעדי", "עודה"]
COMMUNITY_NAMES = ["קהילת מנהלי הרווחה", "קהילת מהנדסי הרשויות", "مجتمع مديري التربية", "קהילת מנהלי החירום",
                   "קהילת הדוברים", "مجتمع مركزي الشباب", "קהילת מנהלי הרכש", "קהילת מנהלות משאבי אנוש"]


def fill(*, authorities: list, manager, communities: int, per_community: int, meetings_per_community: int,
         email_domain: str = "bench.example"):
    """A programme managed by `manager`, its communities and their members (new users, members of
    `authorities` in turn). Returns (programme, communities, the first community's leader)."""
    from django_scopes import scopes_disabled

    from merhav.accounts.models import User
    from merhav.communities import models as m

    with scopes_disabled():
        return _fill(authorities, manager, communities, per_community, meetings_per_community, email_domain, m, User)


def _fill(authorities, manager, communities, per_community, meetings_per_community, email_domain, m, User):
    programme = m.Programme.objects.create(name="תוכנית קהילות לומדות")
    m.ProgrammeRole.objects.create(programme=programme, user=manager, role="manager")
    users = User.objects.bulk_create([
        User(email=f"member{i}@{email_domain}", full_name=f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}", password="!")
        for i in range(per_community * communities)])
    created, leader = [], None
    for c in range(communities):
        community = m.Community.objects.create(programme=programme, name=f"{COMMUNITY_NAMES[c % len(COMMUNITY_NAMES)]} {c + 1}", shared_role="מנהלי אגפים",
                                               stage="year_b", finish_line=date(2027, 7, 15))
        created.append(community)
        members = m.CommunityMember.objects.bulk_create([
            m.CommunityMember(community=community, user=users[c * per_community + i],
                              authority=authorities[(c + i) % len(authorities)],
                              role="leader" if i == 0 else "leading_core" if i < 6 else "core",
                              gender=("female", "male")[i % 2], sector=("jewish", "arab", "druze")[i % 3],
                              seniority_years=i % 15)
            for i in range(per_community)])
        if c == 0:
            leader = members[0].user
        meetings = m.Meeting.objects.bulk_create([
            m.Meeting(community=community, number=k + 1, title=f"מפגש {k + 1}", syllabus_year=2026,
                      starts_on=date(2026, 9, 10) + timedelta(days=30 * k + c),
                      host_authority=authorities[k % len(authorities)], online=k % 3 == 1, goals_professional="מטרות " * 20)
            for k in range(meetings_per_community)])
        m.Attendance.objects.bulk_create([
            m.Attendance(community=community, meeting=meeting, member=member, present=(i + k) % 5 != 0)
            for k, meeting in enumerate(meetings) for i, member in enumerate(members)])
        m.SatisfactionResponse.objects.bulk_create([
            m.SatisfactionResponse(community=community, meeting=meeting, member=member, overall=3 + i % 3,
                                   content=4 + i % 2)
            for meeting in meetings for i, member in enumerate(members) if i % 3 != 2])
        topics = m.Topic.objects.bulk_create([m.Topic(community=community, title=f"נושא {t}") for t in range(8)])
        m.TopicVote.objects.bulk_create([
            m.TopicVote(community=community, topic=topic, member=member, score=1 + (i + t) % 5)
            for t, topic in enumerate(topics) for i, member in enumerate(members)])
        call = m.Call.objects.create(community=community, title="קול קורא")
        m.MixTarget.objects.bulk_create([m.MixTarget(community=community, call=call, dimension="gender",
                                                     value=v, target=per_community // 2)
                                         for v in ("female", "male")])
        m.Application.objects.bulk_create([
            m.Application(community=community, call=call, full_name=f"{FIRST[a % len(FIRST)]} {LAST[(a + c) % len(LAST)]}", email=f"a{c}-{a}@bench.example",
                          authority=authorities[a % len(authorities)], job_title="מנהל אגף", gender=("female", "male")[a % 2],
                          sector=("jewish", "arab")[a % 2], seniority_years=a % 20,
                          status=("new", "shortlisted", "interview", "accepted", "declined")[a % 5])
            for a in range(max(5, per_community // 2 + 5))])
        teams = m.WorkTeam.objects.bulk_create([
            m.WorkTeam(community=community, name=f"צוות {t}", stage=1 + t % 6, budget=5000) for t in range(5)])
        m.TeamMember.objects.bulk_create([
            m.TeamMember(community=community, team=team, member=members[(t * 6 + j) % per_community],
                         role=("facilitator", "documenter", "timekeeper", "scheduler", "member", "member")[j])
            for t, team in enumerate(teams) for j in range(6)])
        m.KnowledgeProduct.objects.bulk_create([
            m.KnowledgeProduct(community=community, team=teams[p % 5], kind="policy", title=f"תוצר {p}",
                               summary="סיכום " * 10, link="https://example.org/p", status="published",
                               published_at=datetime(2026, 6, 1, tzinfo=UTC) + timedelta(hours=p))
            for p in range(15)])
        m.StatusCheck.objects.bulk_create([
            m.StatusCheck(community=community, member=member, caller=members[i % 6])
            for i, member in enumerate(members)])
    return programme, created, leader


def bench_data(context) -> dict[str, int]:
    """manage.py bench_data: 20 communities with 5,000 members at `large` (the members are new users, each a
    member of one of the authorities); the programme manager is the city's CEO."""
    from merhav.communities import models as m

    members = context.size(5_000, minimum=12)
    communities = 20 if members >= 200 else 2
    before = {model: model.objects.count() for model in (m.CommunityMember, m.Meeting, m.Attendance,
                                                             m.SatisfactionResponse, m.TopicVote, m.Application)}
    fill(authorities=context.authorities, manager=context.people[context.city.pk]["ceo"], communities=communities,
         per_community=max(6, members // communities),
         meetings_per_community=max(2, context.size(200, minimum=2) // communities),
         email_domain="communities.bench.example")
    counts = {"communities.Community": communities}
    counts.update({model._meta.label: model.objects.count() - number for model, number in before.items()})
    return counts
