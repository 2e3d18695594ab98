"""The demo: the seed's two reviews for the demo city, loaded once, with figures for the dashboards."""

import io

from django.core.management import call_command
from django_scopes import scopes_disabled

from merhav.lessons.models import ActionItem, FollowUp, Lesson, Review
from merhav.tenancy.models import Authority


def load():
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_has_the_two_seed_reviews_and_loads_once(db):
    load()
    load()
    with scopes_disabled():
        city = Authority.objects.get(slug="givat-zamir")
        reviews = {r.title: r for r in Review.objects.filter(authority=city)}
        assert set(reviews) == {"תקשורת ועדכון תושבים במקרה של נפילה ופגיעה בתשתיות", "תהליך קליטת מפונים ברשות"}
        ein_or = reviews["תקשורת ועדכון תושבים במקרה של נפילה ופגיעה בתשתיות"]
        intake = reviews["תהליך קליטת מפונים ברשות"]
        assert "עין אור" in ein_or.sections.get(question=2).text
        assert ein_or.status == Review.Status.FOLLOWED_UP
        assert intake.status == Review.Status.COMPLETED

        sealed = ActionItem.objects.get(review=ein_or)
        assert sealed.owner.email == "dovrut@givat-zamir.example"
        assert sealed.due_date.isoformat() == "2026-01-01"
        assert sealed.lesson.is_key and sealed.done_on_time

        assert Lesson.objects.filter(review=intake, is_key=True).count() == 3
        actions = list(ActionItem.objects.filter(review=intake).select_related("owner"))
        assert len(actions) == 4
        assert {a.owner.email for a in actions} == {
            "ceo@givat-zamir.example", "admin@givat-zamir.example", "welfare@givat-zamir.example"
        }
        assert sum(a.done_on_time is True for a in actions) == 1
        assert sum(a.done_on_time is False for a in actions) == 1
        assert sum(a.is_overdue for a in actions) == 1
        assert FollowUp.objects.get(review=intake).status == FollowUp.Status.SCHEDULED
