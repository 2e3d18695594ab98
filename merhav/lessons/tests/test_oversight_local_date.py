"""LocalDate (the dashboard's "which day was the action marked done") agrees with Django's __date lookup in
local time, in winter and in summer, at every half hour around midnight — on SQLite, where it avoids a
Python call per row, and on PostgreSQL."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F
from django_scopes import scope

from merhav.lessons.models import ActionItem
from merhav.lessons.selectors.oversight import LocalDate

from .oversight_support import make_action, make_event, make_review

JERUSALEM = ZoneInfo("Asia/Jerusalem")


def test_local_date_agrees_with_the_date_lookup(authority, staff):
    event = make_event(authority, starts_on=date(2025, 1, 1))
    review = make_review(event, meeting_date=date(2025, 1, 3))
    moments = []
    for day in (date(2025, 1, 15), date(2025, 3, 28), date(2025, 7, 15), date(2025, 10, 26)):  # winter, DST days
        midnight = datetime.combine(day, time(0, 0), tzinfo=JERUSALEM)
        moments += [midnight + timedelta(minutes=30 * k) for k in range(-8, 8)]
    for moment in moments:
        make_action(review, owner=staff, due_date=date(2025, 1, 1), status=ActionItem.Status.DONE, done_at=moment)
    with scope(authority=authority):
        qs = ActionItem.objects.filter(review=review).annotate(local=LocalDate("done_at"))
        by_lookup = dict(ActionItem.objects.filter(review=review).values_list("pk", "done_at__date"))
        assert {pk: day for pk, day in qs.values_list("pk", "local")} == by_lookup
        assert all(by_lookup[a.pk] == a.done_at.astimezone(JERUSALEM).date() for a in qs)
        late = qs.filter(local__gt=F("due_date")).count()
        assert late == ActionItem.objects.filter(review=review, done_at__date__gt=F("due_date")).count()
