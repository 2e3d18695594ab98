"""A newcomer sets up a community of education-department heads: the national admin opens a programme,
its manager opens the community and names its leader; an edit from a stale version shows the conflict."""

from merhav.audit.models import AuditEntry

from ..models import Community, CommunityMember, Programme, ProgrammeRole
from .support import url


def test_the_national_admin_opens_a_programme_and_manages_it(login, national_admin):
    response = login(national_admin).post(url("programme_create"), {"name": "  קהילות לומדות  ", "description": ""})
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == url("programme", programme_id=programme.pk)
    assert programme.name == "קהילות לומדות"
    assert ProgrammeRole.objects.get(programme=programme).user == national_admin
    assert AuditEntry.objects.filter(action="create", object_type="communities.programme").count() == 1


def test_a_staff_member_may_not_open_a_programme(login, staff):
    assert login(staff).post(url("programme_create"), {"name": "x"}).status_code == 403
    assert Programme.objects.count() == 0


def test_the_manager_opens_a_community_of_education_heads_and_names_its_leader(login, place, make_user, authority):
    client = login(place.manager)
    response = client.post(url("community_create", programme_id=place.programme.pk), {
        "name": "קהילת מנהלי.ות אגפי חינוך", "shared_role": "מנהלי אגפי חינוך", "department_kind": "education",
        "stage": "establishment", "finish_line": "15.07.2027", "description": "",
    })
    community = Community.objects.get(name="קהילת מנהלי.ות אגפי חינוך")
    assert response["Location"] == url("detail", community_id=community.pk)
    assert community.finish_line.isoformat() == "2027-07-15"
    leader = make_user(authority=authority, email="lead@example.org", full_name="מובילה חדשה")
    response = client.post(url("member_add", community_id=community.pk), {
        "email": "LEAD@example.org", "authority": authority.pk, "role": "leader", "job_title": "מובילת קהילה"})
    assert response.status_code == 302
    member = CommunityMember.objects.get(community=community, user=leader)
    assert (member.role, member.authority) == ("leader", authority)
    assert leader.notifications.filter(kind="communities.member_added").count() == 1
    page = login(leader).get(url("detail", community_id=community.pk)).content.decode()
    assert "קהילת מנהלי.ות אגפי חינוך" in page and 'aria-current="step"' in page


def test_an_unknown_email_is_said_beside_the_field(login, place):
    response = login(place.leader).post(url("member_add", community_id=place.community.pk), {
        "email": "nobody@example.org", "role": "core"})
    assert response.status_code == 400
    assert response.context["form"].errors["email"]


def test_a_stale_edit_shows_the_conflict_screen(login, place):
    community = place.community
    data = {"name": "שם חדש", "shared_role": community.shared_role, "department_kind": "education",
            "stage": "year_a", "description": "", "version": 1}
    client = login(place.leader)
    assert client.post(url("edit", community_id=community.pk), data).status_code == 302
    response = client.post(url("edit", community_id=community.pk), {**data, "name": "שם אחר"})
    assert response.status_code == 409
    community.refresh_from_db()
    assert (community.name, community.version) == ("שם חדש", 2)


def test_the_manager_records_a_committee_meeting_and_its_members_are_told(login, place, make_user):
    from ..models import CommitteeMeeting, ProgrammeRole
    from .factories import ProgrammeRoleFactory

    adviser = make_user(full_name="חברת ועדה מייעצת")
    ProgrammeRoleFactory(programme=place.programme, user=adviser, role=ProgrammeRole.Role.ADVISORY)
    response = login(place.manager).post(url("programme", programme_id=place.programme.pk), {
        "committee-committee": "advisory", "committee-held_on": "30.08.2026", "committee-agenda": "תוכנית עבודה ותקציב"})
    assert response.status_code == 302
    meeting = CommitteeMeeting.objects.get(programme=place.programme)
    assert (meeting.committee, meeting.held_on.isoformat()) == ("advisory", "2026-08-30")
    assert adviser.notifications.filter(kind="communities.committee").count() == 1
    page = login(adviser).get(url("programme", programme_id=place.programme.pk))
    assert page.status_code == 200 and "תוכנית עבודה ותקציב" in page.content.decode()
    assert login(adviser).post(url("programme", programme_id=place.programme.pk), {
        "committee-committee": "steering", "committee-held_on": "01.09.2026"}).status_code == 403
