"""Topics ranked by the members, the yearly syllabus as a Gantt chart (SVG) exported to .xlsx and .ics."""

import datetime as dt
import io

from icalendar import Calendar
from openpyxl import load_workbook

from merhav.core.context import acting_as

from ..models import Meeting, TopicVote
from ..services import create_meeting
from .factories import MeetingFactory, TopicFactory
from .support import rows, url


def test_the_leader_sets_a_meeting_and_the_members_are_told(login, place, authority):
    response = login(place.leader).post(url("meeting_create", community_id=place.community.pk), {
        "title": "חדשנות חינוכית", "kind": "meeting", "number": "2", "starts_on": "26.10.2026", "host_authority": authority.pk,
        "goals_professional": "השראה", "opening": "צ'ק-אין"})
    [meeting] = rows(Meeting, place.community)
    assert response["Location"] == url("meeting", community_id=place.community.pk, community_meeting_id=meeting.pk)
    assert (meeting.syllabus_year, meeting.host_authority, meeting.goals_professional) == (2026, authority, "השראה")
    assert place.member.notifications.filter(kind="communities.meeting").count() == 1


def test_a_meeting_outside_the_syllabus_year_is_refused(place):
    import pytest
    from django.core.exceptions import ValidationError

    with acting_as(place.leader), pytest.raises(ValidationError) as refused:
        create_meeting(community=place.community, title="x", starts_on=dt.date(2027, 9, 2), syllabus_year=2026)
    assert "starts_on" in refused.value.message_dict
    assert rows(Meeting, place.community) == []


def test_a_two_day_seminar_that_ends_before_it_starts_is_refused(login, place):
    response = login(place.leader).post(url("meeting_create", community_id=place.community.pk), {
        "title": "סמינר", "kind": "seminar", "starts_on": "23.02.2027", "ends_on": "22.02.2027"})
    assert response.status_code == 400 and response.context["form"].errors["ends_on"]


def test_the_gantt_draws_one_bar_per_meeting_with_a_table_beside_it(login, place):
    for day in (dt.date(2026, 9, 14), dt.date(2026, 10, 26), dt.date(2027, 6, 6)):
        MeetingFactory(community=place.community, starts_on=day, syllabus_year=2026)
    MeetingFactory(community=place.community, starts_on=dt.date(2025, 10, 1), syllabus_year=2025)
    response = login(place.member).get(url("syllabus", community_id=place.community.pk) + "?year=2026")
    svg = str(response.context["chart"])
    assert svg.startswith("<svg") and svg.count("<rect") == 3 and 'role="img"' in svg
    assert len(response.context["meetings"]) == 3
    assert response.content.decode().count("<time datetime=\"2026-") >= 2


def test_the_syllabus_exports_to_excel_with_formulas_escaped(login, place):
    MeetingFactory(community=place.community, starts_on=dt.date(2026, 9, 14), syllabus_year=2026, title="=HYPERLINK(1)")
    response = login(place.member).get(url("syllabus_xlsx", community_id=place.community.pk) + "?year=2026")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[3]]
    assert values[3] == "'=HYPERLINK(1)"
    assert values[1].date() == dt.date(2026, 9, 14)


def test_the_syllabus_exports_to_a_calendar(login, place):
    MeetingFactory(community=place.community, starts_on=dt.date(2026, 9, 14), syllabus_year=2026, title="פתיחה")
    response = login(place.member).get(url("syllabus_ics", community_id=place.community.pk) + "?year=2026")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2026, 9, 14) and "פתיחה" in str(event["summary"])


def test_members_rank_the_topics_once_and_the_results_are_aggregated(login, place):
    first, second = TopicFactory(community=place.community, title="כוח אדם"), TopicFactory(community=place.community,
                                                                                           title="חדשנות")
    client = login(place.member)
    data = {"rank": "1", f"topic_{first.pk}": "5", f"topic_{second.pk}": "2"}
    assert client.post(url("topics", community_id=place.community.pk), data).status_code == 302
    again = client.post(url("topics", community_id=place.community.pk), data)
    assert again.status_code == 400 and again.context["ranking_form"].non_field_errors()
    assert len(rows(TopicVote, place.community)) == 2
    login(place.leader).post(url("topics", community_id=place.community.pk),
                             {"rank": "1", f"topic_{first.pk}": "3", f"topic_{second.pk}": "4"})
    ranked = login(place.leader).get(url("topics", community_id=place.community.pk)).context["topics"]
    assert [(t.title, t.avg_score, t.vote_count) for t in ranked] == [("כוח אדם", 4.0, 2), ("חדשנות", 3.0, 2)]
