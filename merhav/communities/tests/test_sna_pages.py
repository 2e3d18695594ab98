"""The roster surveys and the social network analysis pages: answering (and refusing bad answers), who
sees what, the exports, the audit of reads, the notifications and the query counts."""

import csv
import datetime as dt
import io

import networkx as nx
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scope

from merhav.audit.models import AuditEntry
from merhav.core.context import acting_as
from merhav.notify.models import Notification

from ..access import forget_access
from ..models import CommunityMember, ProgrammeRole, RosterAnswer, RosterSurvey, RosterTie
from ..services.meetings import AlreadyAnswered
from ..services.sna import NamedTie, answer_roster, create_roster_survey
from .factories import CommunityFactory, MemberFactory, ProgrammeRoleFactory
from .factories_sna import RosterSurveyFactory
from .support import client_of, rows, url

TODAY = dt.date.today()


def answer(survey, member, *ties):
    with acting_as(member.user):
        return answer_roster(survey=survey, member=member, ties=[NamedTie(*t) for t in ties])


@pytest.fixture
def network(place, authority):
    """Time 1 and time 2 of a community of seven: three small sub-networks merge into one."""
    others = [MemberFactory(community=place.community, authority=authority) for _ in range(5)]
    m = [place.leader_member, place.member_row, *others]
    first = RosterSurveyFactory(community=place.community, round=1, title="זמן 1")
    second = RosterSurveyFactory(community=place.community, round=2, title="זמן 2")
    answer(first, m[0], (m[1].pk, 2, "תקציב"))
    answer(first, m[2], (m[3].pk, 1, ""))
    answer(first, m[4], (m[5].pk, 3, "גנים"))
    answer(first, m[6])
    answer(second, m[0], (m[1].pk, 3, "תקציב"), (m[2].pk, 2, ""), (m[4].pk, 2, ""))
    answer(second, m[2], (m[3].pk, 2, ""), (m[6].pk, 1, ""))
    answer(second, m[4], (m[5].pk, 4, "גנים"), (m[0].pk, 1, ""))
    answer(second, m[1], (m[5].pk, 2, "חירום"))
    return first, second, m


# --- Writing --------------------------------------------------------------------------------------------


def test_a_survey_tells_the_members(place):
    with acting_as(place.leader):
        survey = create_roster_survey(community=place.community, title="מיפוי קשרים", round=1, opens_on=TODAY,
                                      closes_on=TODAY + dt.timedelta(days=14))
    assert Notification.objects.filter(kind="communities.roster", recipient=place.member).exists()
    assert survey.created_by == place.leader


def test_a_second_survey_at_the_same_time_is_refused(place):
    RosterSurveyFactory(community=place.community, round=1)
    with acting_as(place.leader), pytest.raises(ValidationError) as error:
        create_roster_survey(community=place.community, title="שוב", round=1, opens_on=TODAY, closes_on=TODAY)
    assert "round" in error.value.message_dict


def test_a_survey_closing_before_it_opens_is_refused(place):
    with acting_as(place.leader), pytest.raises(ValidationError) as error:
        create_roster_survey(community=place.community, title="x", round=2, opens_on=TODAY,
                             closes_on=TODAY - dt.timedelta(days=1))
    assert "closes_on" in error.value.message_dict


@pytest.mark.parametrize("bad", ["self", "stranger", "twice", "scale"])
def test_a_bad_answer_stores_nothing(place, authority, bad):
    survey = RosterSurveyFactory(community=place.community)
    other = MemberFactory(community=place.community, authority=authority)
    outsider = MemberFactory(community=CommunityFactory(), authority=authority)
    ties = {
        "self": [(other.pk, 1), (place.member_row.pk, 2)],
        "stranger": [(other.pk, 1), (outsider.pk, 2)],
        "twice": [(other.pk, 1), (other.pk, 2)],
        "scale": [(other.pk, 9)],
    }[bad]
    with pytest.raises(ValidationError):
        answer(survey, place.member_row, *ties)
    assert rows(RosterAnswer, place.community) == []
    assert rows(RosterTie, place.community) == []


def test_an_answer_twice_is_refused_and_the_first_stays(place, authority):
    survey = RosterSurveyFactory(community=place.community)
    answer(survey, place.member_row, (place.leader_member.pk, 2, "תקציב"))
    with pytest.raises(AlreadyAnswered):
        answer(survey, place.member_row, (place.leader_member.pk, 4, "אחר"))
    assert [(t.frequency, t.topic) for t in rows(RosterTie, place.community)] == [(2, "תקציב")]


def test_a_closed_survey_takes_no_answer(place):
    survey = RosterSurveyFactory(community=place.community, opens_on=TODAY - dt.timedelta(days=30),
                                 closes_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        answer(survey, place.member_row)


# --- The answer page --------------------------------------------------------------------------------------


def test_a_member_answers_through_the_page(place, authority):
    survey = RosterSurveyFactory(community=place.community)
    other = MemberFactory(community=place.community, authority=authority, job_title="מנהלת אגף")
    client = client_of(place.member)
    page = client.get(url("sna_answer", community_id=place.community.pk, roster_id=survey.pk))
    assert page.status_code == 200
    content = page.content.decode()
    assert other.user.full_name in content and "מנהלת אגף" in content  # the picker shows role and authority
    assert f'name="freq_{place.member_row.pk}"' not in content  # not oneself
    response = client.post(url("sna_answer", community_id=place.community.pk, roster_id=survey.pk),
                           {f"freq_{other.pk}": "3", f"topic_{other.pk}": "רישום לגנים"})
    assert response.status_code == 302
    assert [(t.alter_id, t.frequency, t.topic) for t in rows(RosterTie, place.community)] == [(other.pk, 3, "רישום לגנים")]
    again = client.get(url("sna_answer", community_id=place.community.pk, roster_id=survey.pk))
    assert "רישום לגנים" in again.content.decode()
    assert AuditEntry.objects.filter(action="view_personal", user=place.member,
                                     object_type="communities.rostertie").exists()


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_a_forged_name_gets_a_clear_message_in_the_users_language(place, authority, language):
    survey = RosterSurveyFactory(community=place.community)
    outsider = MemberFactory(community=CommunityFactory(), authority=authority)
    place.member.language = language
    place.member.save(update_fields=["language"])
    client = client_of(place.member)
    path = url("sna_answer", community_id=place.community.pk, roster_id=survey.pk)
    response = client.post(path, {f"freq_{outsider.pk}": "2"})
    assert response.status_code == 400
    message = {"he": "אינו חבר בקהילה", "ar": "ليس عضوًا في المجتمع", "en": "is not a member of the community"}[language]
    assert message in response.content.decode()
    response = client.post(path, {f"freq_{place.member_row.pk}": "2"})
    assert response.status_code == 400
    assert rows(RosterAnswer, place.community) == []


def test_an_outsider_cannot_answer(place):
    survey = RosterSurveyFactory(community=place.community)
    ProgrammeRoleFactory(programme=place.programme, user=place.stranger, role=ProgrammeRole.Role.ADVISORY)
    forget_access(place.stranger)
    response = client_of(place.stranger).post(url("sna_answer", community_id=place.community.pk, roster_id=survey.pk),
                                              {f"freq_{place.member_row.pk}": "2"})
    assert response.status_code == 403
    assert rows(RosterAnswer, place.community) == []


# --- Who sees what ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "leader"])
def test_the_programme_team_and_the_leader_read_the_network_with_names(place, network, who):
    first, second, m = network
    client = client_of(getattr(place, who))
    overview = client.get(url("sna", community_id=place.community.pk))
    assert overview.status_code == 200
    text = overview.content.decode()
    assert "3 small sub-networks" in text or "3" in text
    page = client.get(url("sna_network", community_id=place.community.pk, roster_id=second.pk))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'role="img"' in content and m[3].user.full_name in content
    assert AuditEntry.objects.filter(action="view_personal", user=getattr(place, who),
                                     object_type="communities.communitymember").exists()


def test_the_overview_says_the_sub_networks_merged(place, network):
    place.leader.language = "en"
    place.leader.save(update_fields=["language"])
    content = client_of(place.leader).get(url("sna", community_id=place.community.pk)).content.decode()
    assert "The 3 small sub-networks of time 1 merged into one denser network at time 2." in content


def test_a_committee_member_sees_the_network_by_numbers_only(place, network, authority):
    first, second, m = network
    ProgrammeRoleFactory(programme=place.programme, user=place.stranger, role=ProgrammeRole.Role.STEERING)
    forget_access(place.stranger)
    client = client_of(place.stranger)
    page = client.get(url("sna_network", community_id=place.community.pk, roster_id=second.pk))
    assert page.status_code == 200
    assert m[3].user.full_name not in page.content.decode()
    exported = client.get(url("sna_csv", community_id=place.community.pk, roster_id=second.pk))
    text = exported.content.decode("utf-8-sig")
    assert m[3].user.full_name not in text and "גנים" not in text


def test_a_member_sees_the_figures_and_their_own_answer_only(place, network):
    first, second, m = network
    client = client_of(place.member)  # m[1]
    overview = client.get(url("sna", community_id=place.community.pk))
    assert overview.status_code == 200
    content = overview.content.decode()
    assert "0.333" in content or "0.3" in content  # the community-level figures
    assert m[3].user.full_name not in content
    assert client.get(url("sna_network", community_id=place.community.pk, roster_id=second.pk)).status_code == 403
    assert client.get(url("sna_csv", community_id=place.community.pk, roster_id=second.pk)).status_code == 403
    assert client.get(url("sna_gexf", community_id=place.community.pk, roster_id=second.pk)).status_code == 403
    own = client.get(url("sna_answer", community_id=place.community.pk, roster_id=second.pk)).content.decode()
    assert "חירום" in own  # their own topic
    assert "תקציב" not in own  # the leader's answer about them is not theirs


@pytest.mark.parametrize("name", ["sna", "sna_network", "sna_answer", "sna_csv", "sna_gexf", "sna_survey_create"])
def test_an_outsider_gets_a_404(place, network, name):
    first, second, m = network
    kwargs = {"community_id": place.community.pk}
    if name not in ("sna", "sna_survey_create"):
        kwargs["roster_id"] = second.pk
    assert client_of(place.stranger).get(url(name, **kwargs)).status_code == 404


def test_another_communitys_survey_is_a_404(place, network, authority):
    other = CommunityFactory(programme=place.programme)
    survey = RosterSurveyFactory(community=other)
    response = client_of(place.leader).get(url("sna_network", community_id=place.community.pk, roster_id=survey.pk))
    assert response.status_code == 404


def test_a_member_cannot_create_a_survey(place):
    client = client_of(place.member)
    response = client.post(url("sna_survey_create", community_id=place.community.pk),
                           {"title": "x", "round": "1", "opens_on": "01.01.2027", "closes_on": "02.01.2027"})
    assert response.status_code == 403


def test_the_leader_creates_a_survey_through_the_page(place):
    client = client_of(place.leader)
    response = client.post(url("sna_survey_create", community_id=place.community.pk),
                           {"title": "מיפוי זמן 1", "round": "1", "opens_on": TODAY.strftime("%d.%m.%Y"),
                            "closes_on": (TODAY + dt.timedelta(days=10)).strftime("%d.%m.%Y")})
    assert response.status_code == 302
    assert [s.title for s in rows(RosterSurvey, place.community)] == ["מיפוי זמן 1"]
    assert len(mail.outbox) >= 0  # the e-mails go when the transaction commits (merhav.notify)


# --- Exports --------------------------------------------------------------------------------------------


def test_the_exports_parse(place, network, tmp_path):
    first, second, m = network
    client = client_of(place.leader)
    gexf = client.get(url("sna_gexf", community_id=place.community.pk, roster_id=second.pk))
    assert gexf.status_code == 200
    path = tmp_path / "n.gexf"
    path.write_bytes(gexf.content)
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == 7 and graph.number_of_edges() == 7  # m4 and m0 named each other
    assert {d["label"] for _n, d in graph.nodes(data=True)} == {x.user.full_name for x in m}
    exported = client.get(url("sna_csv", community_id=place.community.pk, roster_id=second.pk))
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(table) == 1 + 8
    assert any(row[5] == "חירום" for row in table[1:])
    assert AuditEntry.objects.filter(action="export", user=place.leader).count() == 2


# --- Computed once per data version ------------------------------------------------------------------------


def test_the_network_is_computed_again_only_after_an_answer(place, network, authority, django_assert_max_num_queries):
    first, second, m = network
    client = client_of(place.leader)
    path = url("sna_network", community_id=place.community.pk, roster_id=first.pk)
    before = client.get(path).content.decode()
    newcomer = MemberFactory(community=place.community, authority=authority)
    answer(first, newcomer, (m[6].pk, 2, ""))
    after = client.get(path).content.decode()
    assert before != after
    assert newcomer.user.full_name in after


# --- Query counts -----------------------------------------------------------------------------------------


def grow(place, authority, n):
    members = [MemberFactory(community=place.community, authority=authority) for _ in range(n)]
    first = RosterSurveyFactory(community=place.community, round=1)
    second = RosterSurveyFactory(community=place.community, round=2)
    with scope(community=place.community.pk):
        for survey in (first, second):
            for i, member in enumerate(members):
                row = RosterAnswer.objects.create(community=place.community, survey=survey, member=member)
                RosterTie.objects.create(community=place.community, survey=survey, answer=row, member=member,
                                         alter=members[(i + 1) % n], frequency=2, topic="t")
    return first, second


PAGES = {
    "sna": lambda place, s: url("sna", community_id=place.community.pk),
    "sna_network": lambda place, s: url("sna_network", community_id=place.community.pk, roster_id=s.pk),
    "sna_answer": lambda place, s: url("sna_answer", community_id=place.community.pk, roster_id=s.pk),
    "sna_csv": lambda place, s: url("sna_csv", community_id=place.community.pk, roster_id=s.pk),
    "sna_gexf": lambda place, s: url("sna_gexf", community_id=place.community.pk, roster_id=s.pk),
}
LIMITS = {"sna": 13, "sna_network": 14, "sna_answer": 14, "sna_csv": 14, "sna_gexf": 14}


@pytest.mark.parametrize("count", [3, 40])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_sna_page_costs_the_same_at_any_size(place, authority, count, page, django_assert_max_num_queries):
    first, second = grow(place, authority, count)
    CommunityMember.objects.filter(pk=place.leader_member.pk).update(role="leader")
    client = client_of(place.leader)
    path = PAGES[page](place, second)
    client.get(path)  # warm the session and the computed network
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(path)
    assert response.status_code == 200
