"""The cross-sector forum: members (partners and departments), meetings and their decisions."""

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
