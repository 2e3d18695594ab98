"""The oversight pages, the recurring-lessons report, the shared library and the printable review in a real
browser: no axe-core violations in he/ar/en, they fit a 360 px phone, and similar.js shows similar earlier
lessons while a lesson is typed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import verified_login
from merhav.lessons.models import ActionItem, EventKind, SharedLesson
from merhav.lessons.similarity import normalize
from merhav.lessons.tests.factories import ActionItemFactory, EventFactory, LessonFactory, ReviewFactory
from merhav.tenancy.roles import Role

from .conftest import log_in
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
POWER = "לא היו הודעות נצורות מוכנות לפגיעה בתשתית החשמל"


@pytest.fixture
def pages(make_user, authority, other_authority, ceo):
    """Reviews over a year with a recurring lesson and actions; a published shared lesson and a proposal."""

    def make(language):
        staff = make_user(authority=authority, role=Role.STAFF, language=language, full_name="אבי שרון")
        auditor = make_user(authority=authority, role=Role.AUDITOR, language=language, full_name="דן פרידמן")
        T = timezone.localdate()
        reviews, lessons = [], []
        for n, kind in enumerate([EventKind.EMERGENCY, EventKind.INFRASTRUCTURE, EventKind.EMERGENCY]):
            day = T - timedelta(days=300 - 100 * n)
            event = EventFactory(authority=authority, kind=kind, starts_on=day, ends_on=day, title=f"הפסקת חשמל {n}")
            review = ReviewFactory(event=event, meeting_date=day + timedelta(days=2 + n), participants=[staff],
                                   created_by=staff, facilitator=staff, title=f"תחקיר {n}")
            lesson = LessonFactory(review=review,
                                   text=POWER if n != 1 else "לא היו הודעות נצורות מוכנות לפגיעה בתשתית המים")
            ActionItemFactory(review=review, lesson=lesson, owner=staff, due_date=day + timedelta(days=30),
                              status=ActionItem.Status.DONE if n == 0 else ActionItem.Status.OPEN,
                              done_on=day + timedelta(days=20) if n == 0 else None)
            reviews.append(review)
            lessons.append(lesson)
        with scopes_disabled():
            published = SharedLesson.objects.create(
                source_authority=other_authority, text="הודעות נצורות צריכות להיות מאושרות מראש", event_kind=EventKind.EMERGENCY,
                tags=["מוקד"], normalized_text=normalize("הודעות נצורות צריכות להיות מאושרות מראש"),
                status=SharedLesson.Status.APPROVED, decided_at=timezone.now(),
            )
            SharedLesson.objects.create(source_authority=authority, text=POWER, event_kind=EventKind.EMERGENCY,
                                        normalized_text=normalize(POWER), proposed_by=staff)
        slug = authority.slug

        def path(name, **kwargs):
            return reverse(f"lessons:{name}", kwargs={"authority_slug": slug, **kwargs})

        by_user = {
            auditor: {"oversight": path("oversight"), "recurring": path("recurring")},
            staff: {
                "library": path("library"),
                "library_detail": path("library_detail", shared_lesson_id=published.pk),
                "library_adopt": path("library_adopt", shared_lesson_id=published.pk),
                "library_propose": path("library_propose", lesson_id=lessons[0].pk),
                "review_print": path("review_print", review_id=reviews[0].pk),
            },
            ceo: {"library_queue": path("library_queue")},
        }
        ceo.is_ceo = True
        return staff, reviews, by_user

    return make


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_oversight_and_library_pages_have_no_axe_violations(new_page, live_server, pages, ceo, language):
    ceo.language = language
    ceo.save(update_fields=["language"])
    staff, reviews, by_user = pages(language)
    found = {}
    for user, paths in by_user.items():
        page = _page_for(new_page, live_server, user)
        for name, path in paths.items():
            page.goto(path)
            assert page.get_attribute("html", "lang") == language, name
            violations = axe_violations(page)
            if violations:
                found[name] = violations
    assert found == {}


def _page_for(new_page, live_server, user, **options):
    """A page logged in as the user; the CEO (who needs two-factor) gets a session that has passed it."""
    page = new_page(**options)
    if getattr(user, "is_ceo", False):
        client = verified_login(Client(), user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        return page
    return log_in(page, user)


def test_the_pages_fit_a_phone(new_page, live_server, pages, ceo):
    staff, reviews, by_user = pages("he")
    too_wide = {}
    for user, paths in by_user.items():
        page = _page_for(new_page, live_server, user, viewport=PHONE)
        for name, path in paths.items():
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[name] = width
    assert too_wide == {}


def test_similar_earlier_lessons_appear_while_a_lesson_is_typed(new_page, pages):
    staff, reviews, by_user = pages("he")
    page = log_in(new_page(), staff)
    page.goto(reverse("lessons:lesson_create", kwargs={"authority_slug": reviews[0].authority.slug,
                                                       "review_id": reviews[2].pk}))
    page.fill("#id_text", "אֵין הודעות נצורות מוכנות לפגיעות בתשתיות החשמל")
    hint = page.wait_for_selector("#similar-lessons[aria-live] li a")
    assert hint.inner_text() == POWER  # the earlier review's lesson, not the one of this review
    assert f"/reviews/{reviews[0].pk}/" in hint.get_attribute("href")
    page.fill("#id_text", "")
    page.wait_for_selector("#similar-lessons li", state="detached")
