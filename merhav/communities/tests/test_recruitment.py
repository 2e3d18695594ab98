"""Recruitment: a call with a public link, applications screened against the agreed mix, interviews with
the question bank, accept or decline with a message; accepted applicants become members."""

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scope

from merhav.accounts.models import User
from merhav.core.context import acting_as

from ..models import Application, Call, CommunityMember, MixTarget
from ..services import apply_to_call, set_mix_target
from .factories import ApplicationFactory, CallFactory
from .support import rows, url


def form_of(authority, **changes) -> dict:
    return {"full_name": "רנא חדאד", "email": "rana@example.org", "phone": "050-0000000", "authority": authority.pk,
            "job_title": "מנהלת אגף חינוך", "gender": "female", "sector": "arab", "seniority_years": "2",
            "motivation": "ללמוד מעמיתים", **changes}


def test_the_leader_opens_a_call_and_gets_its_public_link(login, place):
    client = login(place.leader)
    response = client.post(url("call_create", community_id=place.community.pk), {"title": "קול קורא 2027", "text": ""})
    [call] = rows(Call, place.community)
    assert response["Location"] == url("call", community_id=place.community.pk, call_id=call.pk)
    page = client.get(response["Location"]).content.decode()
    assert url("apply", call_token=call.token) in page


def test_anyone_applies_through_the_link_and_the_leaders_are_told(place, authority, db):
    call = CallFactory(community=place.community)
    response = Client().post(url("apply", call_token=call.token), form_of(authority))
    assert response.status_code == 200 and "communities/apply_done.html" in [t.name for t in response.templates]
    [application] = rows(Application, place.community)
    assert (application.full_name, application.authority, application.status) == ("רנא חדאד", authority, "new")
    assert place.leader.notifications.filter(kind="communities.application").count() == 1
    assert place.member.notifications.filter(kind="communities.application").count() == 0


def test_an_application_sent_twice_is_said_and_stored_once(place, authority, db):
    call = CallFactory(community=place.community)
    client = Client()
    client.post(url("apply", call_token=call.token), form_of(authority))
    response = client.post(url("apply", call_token=call.token), form_of(authority, email="RANA@example.org"))
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert response.context["form"]["full_name"].value() == "רנא חדאד"  # what was typed is kept
    assert len(rows(Application, place.community)) == 1


def test_the_public_form_is_rate_limited_and_keeps_what_was_typed(place, authority, db, settings):
    settings.MERHAV_RATE_LIMITS = {**settings.MERHAV_RATE_LIMITS, "login": (2, 60)}
    call = CallFactory(community=place.community)
    client = Client()
    for n in range(2):
        client.post(url("apply", call_token=call.token), form_of(authority, email=f"a{n}@example.org"))
    response = client.post(url("apply", call_token=call.token), form_of(authority, email="late@example.org"))
    assert response.status_code == 429
    assert response.context["form"]["email"].value() == "late@example.org"
    assert len(rows(Application, place.community)) == 2


def test_a_closed_call_takes_no_application(place, authority, db):
    call = CallFactory(community=place.community, is_open=False)
    response = Client().post(url("apply", call_token=call.token), form_of(authority))
    assert response.context["closed"] is True
    assert rows(Application, place.community) == []


def test_the_mix_view_counts_applicants_against_the_targets(login, place, authority, other_authority):
    call = CallFactory(community=place.community)
    with acting_as(place.leader):
        set_mix_target(call=call, dimension="gender", value="female", target=3)
        set_mix_target(call=call, dimension="sector", value="arab", target=2)
    ApplicationFactory(call=call, authority=authority, gender="female", sector="arab", status="accepted")
    ApplicationFactory(call=call, authority=authority, gender="female", sector="jewish", status="interview")
    ApplicationFactory(call=call, authority=other_authority, gender="male", sector="arab", status="new")
    response = login(place.leader).get(url("call", community_id=place.community.pk, call_id=call.pk))
    mix = {dimension: {row.value: (row.target, row.accepted, row.in_process, row.applied) for row in values}
           for dimension, _label, values in response.context["mix"]}
    assert mix["gender"] == {"female": (3, 1, 1, 2), "male": (None, 0, 0, 1)}
    assert mix["sector"] == {"jewish": (None, 0, 1, 1), "arab": (2, 1, 0, 2)}
    assert set(mix["seniority"]) == {"4-10"}


def test_the_interview_is_scheduled_with_the_question_bank(login, place, authority):
    call = CallFactory(community=place.community)
    application = ApplicationFactory(call=call, authority=authority)
    client = login(place.leader)
    client.post(url("call", community_id=place.community.pk, call_id=call.pk), {"question-text": "מה תביא.י לקהילה?"})
    response = client.post(url("application", community_id=place.community.pk, application_id=application.pk), {
        "action": "interview", "interview-day": "08.12.2026", "interview-time": "10:30", "interview-version": "1"})
    assert response.status_code == 302
    with scope(community=place.community.pk):
        application.refresh_from_db()
    assert application.status == "interview" and application.interview_at.isoformat().startswith("2026-12-08T")
    page = client.get(url("application", community_id=place.community.pk, application_id=application.pk))
    assert "מה תביא.י לקהילה?" in page.content.decode()


def test_an_accepted_applicant_becomes_a_member_and_is_told(login, place, authority, run_tasks):
    call = CallFactory(community=place.community)
    application = ApplicationFactory(call=call, authority=authority, email="new.head@example.org")
    response = login(place.leader).post(
        url("application", community_id=place.community.pk, application_id=application.pk),
        {"action": "decide", "decide-decision": "accept", "decide-message": "ברוכה הבאה לקהילה", "decide-version": "1"})
    assert response.status_code == 302
    user = User.objects.get(email="new.head@example.org")
    member = CommunityMember.objects.get(community=place.community, user=user)
    assert (member.authority, member.gender, member.job_title) == (authority, "female", "מנהלת אגף חינוך")
    assert user.notifications.filter(kind="communities.decision", body="ברוכה הבאה לקהילה").count() == 1
    run_tasks()
    assert any(m.to == ["new.head@example.org"] for m in mail.outbox)


def test_a_declined_applicant_without_an_account_gets_the_message_by_email(login, place, authority, run_tasks):
    call = CallFactory(community=place.community)
    application = ApplicationFactory(call=call, authority=authority, email="declined@example.org")
    login(place.leader).post(
        url("application", community_id=place.community.pk, application_id=application.pk),
        {"action": "decide", "decide-decision": "decline", "decide-message": "תודה, השנה התמהיל מלא", "decide-version": "1"})
    assert not User.objects.filter(email="declined@example.org").exists()
    run_tasks()
    [sent] = [m for m in mail.outbox if m.to == ["declined@example.org"]]
    assert "השנה התמהיל מלא" in sent.body and "תודה" not in sent.subject


def test_a_decision_without_a_message_is_refused_beside_the_field(login, place, authority):
    application = ApplicationFactory(call=CallFactory(community=place.community), authority=authority)
    response = login(place.leader).post(
        url("application", community_id=place.community.pk, application_id=application.pk),
        {"action": "decide", "decide-decision": "accept", "decide-message": "", "decide-version": "1"})
    assert response.status_code == 400
    assert not CommunityMember.objects.filter(community=place.community, user__email=application.email).exists()


def test_the_service_refuses_a_second_application_of_one_email(place, authority):
    from ..services.recruitment import AlreadyApplied

    call = CallFactory(community=place.community)
    values = dict(full_name="x", email="same@example.org", authority=authority, job_title="t", gender="male",
                  sector="jewish", seniority_years=1)
    apply_to_call(call=call, **values)
    with pytest.raises(AlreadyApplied):
        apply_to_call(call=call, **values)


def test_mix_targets_are_set_once_per_value(place):
    call = CallFactory(community=place.community)
    with acting_as(place.leader):
        set_mix_target(call=call, dimension="district", value="north", target=4)
        set_mix_target(call=call, dimension="district", value="north", target=6)
    assert [(t.value, t.target) for t in rows(MixTarget, place.community)] == [("north", 6)]
