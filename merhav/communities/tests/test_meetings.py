"""A meeting: the planning sheet before it, attendance, the summary, and the satisfaction survey after it
(one answer per member; results per meeting and the trend across the year)."""

import datetime as dt

from django_scopes import scope

from ..models import Attendance, SatisfactionResponse
from .factories import MeetingFactory, MemberFactory
from .support import rows, url

SHEET = {
    "title": "ניהול אמיץ ויוזם", "kind": "meeting", "number": "2", "starts_on": "26.10.2026",
    "goals_professional": "השראה ושיתוף בהחלטות ניהוליות אמיצות", "goals_community": "המשך היכרות",
    "desired_output": "עמוד שדרה ניהולי", "opening": "צ'ק-אין", "professional_content": "מתחים על ציר",
    "product_lab": "ניסוח עמוד השדרה", "schedule": "09:00 התכנסות", "logistics": "כיבוד", "roles": "רכזת הפקה",
    "summary": "", "knowledge_produced": "",
}


def test_the_planning_sheet_is_filled_and_shown(login, place):
    meeting = MeetingFactory(community=place.community, starts_on=dt.date(2026, 10, 26), syllabus_year=2026)
    client = login(place.leader)
    response = client.post(url("meeting_edit", community_id=place.community.pk, community_meeting_id=meeting.pk),
                           {**SHEET, "version": meeting.version})
    assert response.status_code == 302
    page = client.get(url("meeting", community_id=place.community.pk, community_meeting_id=meeting.pk)).content.decode()
    for text in ("השראה ושיתוף בהחלטות ניהוליות אמיצות", "מתחים על ציר", "ניסוח עמוד השדרה", "רכזת הפקה"):
        assert text in page


def test_a_stale_planning_sheet_shows_the_conflict(login, place):
    meeting = MeetingFactory(community=place.community, starts_on=dt.date(2026, 10, 26), syllabus_year=2026)
    client = login(place.leader)
    client.post(url("meeting_edit", community_id=place.community.pk, community_meeting_id=meeting.pk), {**SHEET, "version": 1})
    response = client.post(url("meeting_edit", community_id=place.community.pk, community_meeting_id=meeting.pk),
                           {**SHEET, "title": "אחר", "version": 1})
    assert response.status_code == 409


def test_attendance_is_recorded_and_those_present_are_asked_for_the_survey(login, place):
    meeting = MeetingFactory(community=place.community, starts_on=dt.date(2026, 10, 26), syllabus_year=2026)
    absent = MemberFactory(community=place.community)
    response = login(place.leader).post(url("meeting", community_id=place.community.pk, community_meeting_id=meeting.pk),
                                        {"present": [place.member_row.pk, place.leader_member.pk]})
    assert response.status_code == 302
    stored = {a.member_id: a.present for a in rows(Attendance, place.community)}
    assert stored == {place.member_row.pk: True, place.leader_member.pk: True, absent.pk: False}
    assert place.member.notifications.filter(kind="communities.survey").count() == 1
    assert absent.user.notifications.filter(kind="communities.survey").count() == 0


def test_a_member_answers_the_survey_once(login, place):
    meeting = MeetingFactory(community=place.community, starts_on=dt.date(2026, 10, 26), syllabus_year=2026)
    client = login(place.member)
    path = url("survey", community_id=place.community.pk, community_meeting_id=meeting.pk)
    assert client.post(path, {"overall": "5", "content": "4", "comment": "מצוין"}).status_code == 302
    again = client.post(path, {"overall": "1", "content": "1"})
    assert again.status_code == 400 and again.context["form"].non_field_errors()
    assert again.context["form"]["overall"].value() == "1"
    assert [(r.overall, r.content) for r in rows(SatisfactionResponse, place.community)] == [(5, 4)]


def test_the_results_per_meeting_and_the_trend(login, place):
    first = MeetingFactory(community=place.community, starts_on=dt.date(2026, 10, 26), syllabus_year=2026, title="א")
    second = MeetingFactory(community=place.community, starts_on=dt.date(2026, 11, 24), syllabus_year=2026, title="ב")
    with scope(community=place.community.pk):
        for meeting, scores in ((first, (5, 3)), (second, (4, 4))):
            for member, score in zip((place.member_row, place.leader_member), scores, strict=True):
                SatisfactionResponse.objects.create(community=place.community, meeting=meeting, member=member,
                                                    overall=score, content=score)
    client = login(place.leader)
    results = client.get(url("meeting", community_id=place.community.pk, community_meeting_id=first.pk)).context["results"]
    assert (results.count, results.overall, results.high_share) == (2, 4.0, 50)
    trend = client.get(url("meetings", community_id=place.community.pk) + "?year=2026")
    assert [(m.title, m.overall_avg) for m in trend.context["meetings"]] == [("א", 4.0), ("ב", 4.0)]
    assert str(trend.context["chart"]).startswith("<svg")
