"""The cross-sector forum: members (partners and departments), meetings and their decisions."""

from datetime import date

from django_scopes import scope

from merhav.tenancy.models import Department

from ..models import ForumDecision, ForumMeeting, ForumMember
from .support import make_partner, stored, url


def test_members_meetings_and_decisions(login, authority, staff):
    partner = make_partner(authority, by=staff, name="מכללת הגבעות")
    with scope(authority=authority):
        department = Department.objects.filter(authority=authority).first()
    client = login(staff)
    client.post(url("forum_member_add", authority), {"partner": partner.pk})
    client.post(url("forum_member_add", authority), {"department": department.pk, "role_note": "מרכזת"})
    response = client.post(url("forum_meeting_create", authority), {"title": "מפגש פתיחה", "held_on": "01.12.2026"})
    [meeting] = stored(ForumMeeting, authority)
    assert response["Location"] == url("forum_meeting", authority, meeting_id=meeting.pk)
    client.post(url("forum_meeting", authority, meeting_id=meeting.pk), {"text": "למפות מקלטים", "owner": "ליאת"})
    assert [d.text for d in stored(ForumDecision, authority)] == ["למפות מקלטים"]
    assert len(stored(ForumMember, authority)) == 2
    page = client.get(url("forum", authority)).content.decode()
    assert "מכללת הגבעות" in page and "מפגש פתיחה" in page


def test_a_member_must_be_a_partner_or_a_department(login, authority, staff):
    response = login(staff).post(url("forum_member_add", authority), {"role_note": "x"})
    assert response.status_code == 400
    assert stored(ForumMember, authority) == []


def test_decisions_with_a_due_date_reach_the_calendar_of_those_who_run_partnerships(authority, ceo, staff):
    from merhav.core.context import acting_as
    from merhav.resources import services
    from merhav.resources.calendar import resources_calendar

    with acting_as(ceo, authority=authority):
        meeting = services.create_forum_meeting(authority=authority, title="מפגש", held_on=date(2026, 12, 1))
        services.add_forum_decision(meeting=meeting, text="למפות מקלטים", due_on=date(2026, 12, 31))
        services.add_forum_decision(meeting=meeting, text="בלי תאריך")
    [item] = resources_calendar(ceo)
    assert (item.start, item.url) == (date(2026, 12, 31), url("forum_meeting", authority, meeting_id=meeting.pk))
    assert resources_calendar(staff) == []
