"""The knowledge network: joining in waves, the board and its notifications, talks in the calendar, the
newsletter by email, the pulse and the evaluation, for each persona (programme team, leader, member,
outsider), with bad input refused clearly and nothing stored half-way."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scope

from merhav.core.context import acting_as
from merhav.notify.models import Notification

from ..models import (
    EvaluationAnswer,
    NetworkMember,
    NetworkPost,
    NetworkThread,
    NetworkWave,
    Newsletter,
    PulseAnswer,
)
from ..network_selectors import evaluation_figures, talk_dates
from ..services import network as services
from .factories import MemberFactory, ProductFactory
from .network_factories import (
    EvaluationFactory,
    NetworkMemberFactory,
    PulseFactory,
    TalkFactory,
    ThreadFactory,
    WaveFactory,
)
from .support import client_of, rows, url


@pytest.fixture
def net(place):
    """The community's launch wave, with the core member and three more in it."""
    wave = WaveFactory(community=place.community, number=1)
    NetworkMemberFactory(wave=wave, member=place.member_row)
    others = [NetworkMemberFactory(wave=wave) for _ in range(3)]
    return wave, others


def n(place, name, **kw):
    return url(name, community_id=place.community.pk, **kw)


# --- Personas -------------------------------------------------------------------------------------------

PAGES = ["network", "network_board", "network_talks", "network_newsletters", "network_pulses", "network_evaluation"]


@pytest.mark.parametrize("who,status", [("manager", 200), ("leader", 200), ("member", 200), ("stranger", 404)])
def test_each_persona_sees_the_network_pages_or_a_404(place, net, who, status):
    client = client_of(getattr(place, who))
    for name in PAGES:
        assert client.get(n(place, name)).status_code == status, name


def test_the_outsider_cannot_post_nor_answer(place, net):
    thread = ThreadFactory(community=place.community)
    pulse = PulseFactory(community=place.community)
    client = client_of(place.stranger)
    assert client.post(n(place, "network_board"), {"title": "x", "body": "y"}).status_code == 404
    assert client.post(n(place, "network_thread", network_thread_id=thread.pk), {"body": "y"}).status_code == 404
    assert client.post(n(place, "network_pulse", pulse_id=pulse.pk), {"value": "3"}).status_code == 404
    assert rows(NetworkPost, place.community) == [] and rows(PulseAnswer, place.community) == []


def test_a_member_may_not_run_the_network(place, net):
    client = client_of(place.member)
    assert client.post(n(place, "network_wave_create"), {"opens_on": "01.10.2026"}).status_code == 403
    assert client.post(n(place, "network_talks"), {"topic": "x"}).status_code == 403
    assert client.post(n(place, "network_newsletters"), {"period_start": "01.01.2026"}).status_code == 403


# --- Joining in waves ------------------------------------------------------------------------------------


def test_the_launch_group_then_a_wave_and_the_member_sees_their_wave(place, login):
    client = login(place.leader)
    assert client.post(n(place, "network_wave_create"), {"opens_on": "01.09.2026"}).status_code == 302
    newcomer = MemberFactory(community=place.community, role="network")
    joiner = client_of(newcomer.user)
    response = joiner.post(n(place, "network_join"), {"expertise": "רכש", "interests": "חדשנות", "online_ready": "on"})
    assert response.status_code == 302
    client.post(n(place, "network_wave_create"), {"opens_on": "01.11.2026"})
    with scope(community=place.community.pk):
        waves = list(NetworkWave.objects.order_by("number").values_list("kind", "number"))
        assert waves == [("launch", 1), ("wave", 2)]
        assert NetworkMember.objects.get(member=newcomer).wave.number == 1
    page = joiner.get(n(place, "network")).content.decode()
    assert "You joined the network in wave 1" in page or "בגל 1" in page


def test_a_full_wave_takes_no_one_and_says_so(place, login):
    wave = WaveFactory(community=place.community, kind="wave", number=2)
    for _ in range(10):
        NetworkMemberFactory(wave=wave)
    newcomer = MemberFactory(community=place.community, role="network")
    response = client_of(newcomer.user).post(n(place, "network_join"), {"expertise": "רכש", "interests": "x"})
    assert response.status_code == 400
    assert "רכש" in response.content.decode()  # what was typed is kept
    with scope(community=place.community.pk):
        assert not NetworkMember.objects.filter(member=newcomer).exists()


def test_the_questionnaire_without_answers_is_refused_beside_the_fields(place, net):
    newcomer = MemberFactory(community=place.community, role="network")
    response = client_of(newcomer.user).post(n(place, "network_join"), {"expertise": "", "interests": ""})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() >= {"expertise", "interests"}


def test_a_wave_before_the_last_one_is_refused(place):
    WaveFactory(community=place.community, number=1, opens_on=dt.date(2026, 9, 1))
    response = client_of(place.leader).post(n(place, "network_wave_create"), {"opens_on": "01.08.2026"})
    assert response.status_code == 400 and "opens_on" in response.context["form"].errors


# --- The board --------------------------------------------------------------------------------------------


def test_a_reply_tells_the_participants_once_in_app_and_by_email(place, net, run_tasks):
    _wave, others = net
    with acting_as(others[0].member.user):
        thread = services.start_thread(community=place.community, title="איך מגייסים מתנדבים?", body="שאלה")
    with acting_as(place.member):
        services.reply(thread=thread, body="כך עשינו אצלנו")
    client = client_of(place.leader)
    response = client.post(n(place, "network_thread", network_thread_id=thread.pk), {"body": "ואצלנו כך"})
    assert response.status_code == 302
    run_tasks()
    run_tasks()  # a second run sends nothing again
    told = sorted(Notification.objects.filter(kind="communities.network_reply").values_list("recipient_id", flat=True))
    # the opener is told of both replies, the member of the leader's reply; no one of their own reply
    assert told == sorted([others[0].member.user_id, others[0].member.user_id, place.member.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [others[0].member.user.email, others[0].member.user.email, place.member.email])


def test_a_post_with_script_is_shown_as_text(place, net):
    client = client_of(place.member)
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    response = client.post(n(place, "network_board"), {"title": evil, "body": evil})
    assert response.status_code == 302
    thread = rows(NetworkThread, place.community)[0]
    client.post(n(place, "network_thread", network_thread_id=thread.pk), {"body": evil})
    page = client.get(n(place, "network_thread", network_thread_id=thread.pk)).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    board = client.get(n(place, "network_board")).content.decode()
    assert "<script>alert" not in board


def test_an_empty_post_is_refused_and_a_double_submit_stores_one(place, net):
    client = client_of(place.member)
    response = client.post(n(place, "network_board"), {"title": "שאלה", "body": "  "})
    assert response.status_code == 400 and "שאלה" in response.content.decode()
    assert rows(NetworkThread, place.community) == []
    data = {"title": "שאלה", "body": "גוף", "submit_token": "k" * 22}
    first = client.post(n(place, "network_board"), data)
    second = client.post(n(place, "network_board"), data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert len(rows(NetworkThread, place.community)) == 1


# --- Talks in the calendar --------------------------------------------------------------------------------


def test_a_talk_is_scheduled_and_is_in_the_members_calendar(place, net):
    client = client_of(place.leader)
    response = client.post(n(place, "network_talks"), {"topic": "מפגש מקוון: רכש", "day": "15.12.2026",
                                                       "time": "18:30", "link": "https://zoom.example.org/j/5"})
    assert response.status_code == 302
    [item] = talk_dates(place.member)
    assert "מפגש מקוון: רכש" in item.summary
    assert timezone.localtime(item.start).strftime("%d.%m.%Y %H:%M") == "15.12.2026 18:30"
    assert talk_dates(place.stranger) == []


def test_a_talk_with_a_bad_time_or_link_is_refused_and_keeps_the_topic(place):
    response = client_of(place.leader).post(n(place, "network_talks"), {
        "topic": "נושא שנשמר", "day": "15.12.2026", "time": "25:99", "link": "javascript:alert(1)"})
    assert response.status_code == 400
    assert {"time", "link"} <= response.context["form"].errors.keys()
    assert "נושא שנשמר" in response.content.decode()


# --- The newsletter -----------------------------------------------------------------------------------------


def test_the_newsletter_of_the_period_is_emailed_to_the_network_by_the_worker(place, net, run_tasks):
    ProductFactory(community=place.community, title="מדריך קליטה", status="published",
                   published_at=dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC))
    ProductFactory(community=place.community, title="תוצר ישן", status="published",
                   published_at=dt.datetime(2025, 1, 5, 9, tzinfo=dt.UTC))
    ProductFactory(community=place.community, title="טיוטה", status="draft")
    client = client_of(place.leader)
    response = client.post(n(place, "network_newsletters"), {"period_start": "01.10.2026", "period_end": "31.10.2026"})
    assert response.status_code == 302
    [newsletter] = rows(Newsletter, place.community)
    with scope(community=place.community.pk):
        assert [p.title for p in newsletter.products.all()] == ["מדריך קליטה"]
    client.post(n(place, "network_newsletter", newsletter_id=newsletter.pk))
    again = client.post(n(place, "network_newsletter", newsletter_id=newsletter.pk), follow=True)
    assert "already sent" in again.content.decode() or "כבר נשלח" in again.content.decode()
    run_tasks()
    _wave, others = net
    network_emails = sorted([place.member.email, *(o.member.user.email for o in others)])
    assert sorted(m.to[0] for m in mail.outbox) == network_emails  # the leader is in no network: not sent
    assert all("מדריך קליטה" in m.body for m in mail.outbox)


def test_a_newsletter_of_a_period_without_products_says_so_and_stores_nothing(place, net):
    response = client_of(place.leader).post(n(place, "network_newsletters"),
                                            {"period_start": "01.01.2020", "period_end": "31.01.2020"})
    assert response.status_code == 400
    assert "01.01.2020" in response.content.decode()
    assert rows(Newsletter, place.community) == []
    assert len(mail.outbox) == 0


# --- The pulse and the evaluation ----------------------------------------------------------------------------


def test_the_pulse_results_and_a_second_answer_refused(place, net):
    pulse = PulseFactory(community=place.community)
    client = client_of(place.member)
    assert client.post(n(place, "network_pulse", pulse_id=pulse.pk), {"value": "4"}).status_code == 302
    again = client.post(n(place, "network_pulse", pulse_id=pulse.pk), {"value": "5"})
    assert again.status_code == 400
    assert "already answered" in again.content.decode() or "כבר ענית" in again.content.decode()
    assert [a.value for a in rows(PulseAnswer, place.community)] == [4]
    results = client_of(place.leader).get(n(place, "network_pulse", pulse_id=pulse.pk)).context["results"]
    assert (results.answered, results.network, results.response_rate) == (1, 4, 25)
    assert [s.count for s in results.distribution] == [0, 0, 0, 1, 0]


def test_a_pulse_without_an_answer_is_refused_and_a_non_network_member_cannot_answer(place, net):
    pulse = PulseFactory(community=place.community)
    assert client_of(place.member).post(n(place, "network_pulse", pulse_id=pulse.pk), {}).status_code == 400
    assert client_of(place.leader).post(n(place, "network_pulse", pulse_id=pulse.pk), {"value": "3"}).status_code == 403


def test_the_evaluation_figures_and_who_sees_whose_answers(place, net):
    _wave, others = net
    survey = EvaluationFactory(community=place.community)
    answers = [(5, True, True, True, "הערה פרטית של חבר"), (4, True, True, False, ""), (3, False, True, True, ""),
               (5, True, False, False, "")]
    for member, (sat, contact, tool, shared, comment) in zip([place.member_row, *(o.member for o in others)], answers,
                                                              strict=True):
        services.answer_evaluation(survey=survey, member=member, meetings_satisfaction=sat, ongoing_contact=contact,
                                   adopted_tool=tool, shared_with_manager=shared, comment=comment)
    with scope(community=place.community.pk):
        figures = evaluation_figures(survey, 4)
    assert [(s.count, s.percent) for s in figures.shares] == [(3, 75), (3, 75), (3, 75), (2, 50)]
    # a member: the figures and their own answers, never another member's
    other = client_of(others[0].member.user).get(n(place, "network_evaluation_survey", evaluation_id=survey.pk))
    page = other.content.decode()
    assert "75%" in page and "הערה פרטית של חבר" not in page and place.member.full_name not in page
    # the leader and the programme team: every answer
    for who in (place.leader, place.manager):
        page = client_of(who).get(n(place, "network_evaluation_survey", evaluation_id=survey.pk)).content.decode()
        assert "הערה פרטית של חבר" in page


def test_an_evaluation_answered_twice_is_refused(place, net):
    survey = EvaluationFactory(community=place.community)
    client = client_of(place.member)
    path = n(place, "network_evaluation_survey", evaluation_id=survey.pk)
    assert client.post(path, {"meetings_satisfaction": "5", "ongoing_contact": "on"}).status_code == 302
    again = client.post(path, {"meetings_satisfaction": "1"})
    assert again.status_code == 400
    assert len(rows(EvaluationAnswer, place.community)) == 1


def test_talks_on_the_board_page(place, net):
    TalkFactory(community=place.community)
    assert client_of(place.member).get(n(place, "network")).status_code == 200
