"""The main flow of the lessons module with the keyboard alone, in Hebrew and in Arabic: log in with
two-factor → add an event → open its review → answer a question → add a lesson → add an action → mark the
review held. After each navigation the test moves only with page.keyboard; at every stop the focus ring
is visible, and every page is walked round with Tab once (no trap)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from merhav.accounts.tests.otp import current_code
from merhav.lessons.models import ActionItem, Event, Lesson, Review
from merhav.lessons.tests.support import section
from merhav.tenancy.roles import Role

from .conftest import two_factor_device
from .keyboard import tab_to, wait_for_focus_on, walk_the_page

pytestmark = pytest.mark.browser

REVIEW_PAGE = re.compile(r"/reviews/(\d+)/(#.*)?$")
SUBMIT = "main form button[type=submit]:not([name])"


def enter_and_wait(page, url) -> None:
    with page.expect_navigation(url=url):
        page.keyboard.press("Enter")


def dd_mm_yyyy(day) -> str:
    return day.strftime("%d.%m.%Y")


@pytest.mark.parametrize("language", ["he", "ar"])
def test_the_lessons_flow_by_keyboard_alone(new_page, make_user, authority, language):
    ceo = make_user(authority=authority, role=Role.CEO, language=language, full_name="מנכ״לית הרשות")
    device = two_factor_device(ceo)
    slug = authority.slug
    today = timezone.localdate()

    def lessons(name, **kwargs):
        return reverse(f"lessons:{name}", kwargs={"authority_slug": slug, **kwargs})

    page = new_page(locale={"he": "he-IL", "ar": "ar"}[language])  # a browser in the person's language
    page.goto("/login/")
    assert page.get_attribute("html", "lang") == language

    # Log in, with two-factor.
    walk_the_page(page)
    tab_to(page, "input[name=username]")
    page.keyboard.type(ceo.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type("a-long-test-password-2026")
    tab_to(page, SUBMIT)
    enter_and_wait(page, "**/2fa/verify/**")
    tab_to(page, "input[name=otp_token]")
    page.keyboard.type(current_code(device))
    tab_to(page, SUBMIT)
    enter_and_wait(page, f"**/a/{slug}/")

    # From the dashboard to the lessons module, and its "add an event".
    walk_the_page(page)
    tab_to(page, f".module-nav a[href='{lessons('index')}']")
    enter_and_wait(page, f"**{lessons('index')}")
    tab_to(page, f"main a[href='{lessons('event_create')}']")
    enter_and_wait(page, f"**{lessons('event_create')}")

    # Add an event.
    walk_the_page(page)
    tab_to(page, "#id_title")
    page.keyboard.type("הפסקת חשמל בשכונה")
    tab_to(page, "#id_kind")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_starts_on")
    page.keyboard.type(dd_mm_yyyy(today - timedelta(days=2)))
    tab_to(page, SUBMIT)
    enter_and_wait(page, re.compile(r"/events/\d+/$"))
    with scopes_disabled():
        event = Event.objects.get(authority=authority)
    assert (event.title, event.starts_on) == ("הפסקת חשמל בשכונה", today - timedelta(days=2))
    wait_for_focus_on(page, "[data-messages]")  # "The event was created" takes the focus

    # Open its review.
    walk_the_page(page)
    tab_to(page, f"main a[href='{lessons('review_create')}?event={event.pk}']")
    enter_and_wait(page, f"**{lessons('review_create')}?event={event.pk}")
    walk_the_page(page)
    tab_to(page, SUBMIT)
    enter_and_wait(page, REVIEW_PAGE)
    with scopes_disabled():
        review = Review.objects.get(authority=authority)
    review_path = lessons("review_detail", review_id=review.pk)
    wait_for_focus_on(page, "[data-messages]")

    # Answer a question: the page's own navigation leads to it in a few presses.
    walk_the_page(page)
    tab_to(page, "nav.page-toc a[href='#q4']")
    page.keyboard.press("Enter")
    assert tab_to(page, "#id_q4_text") <= 4
    page.keyboard.type("לא היו הודעות נצורות מוכנות לפגיעה בתשתית החשמל")
    tab_to(page, "#q4 form.section-form button[type=submit]")
    enter_and_wait(page, f"**{review_path}#q4")
    assert section(review, 4).text == "לא היו הודעות נצורות מוכנות לפגיעה בתשתית החשמל"
    # The page returned to the answer; "Your answer was saved" is said, not focused, there.
    page.wait_for_function("() => document.getElementById('announcer').textContent.trim() !== ''")

    # Add a lesson.
    tab_to(page, "nav.page-toc a[href='#lessons']", backwards=True)
    page.keyboard.press("Enter")
    assert tab_to(page, f"#lessons a[href='{lessons('lesson_create', review_id=review.pk)}']") <= 3
    enter_and_wait(page, f"**{lessons('lesson_create', review_id=review.pk)}")
    walk_the_page(page)
    tab_to(page, "#id_text")
    page.keyboard.type("יש להכין מראש הודעות נצורות לפגיעה בתשתיות")
    tab_to(page, SUBMIT)
    enter_and_wait(page, f"**{review_path}#lessons")
    with scopes_disabled():
        assert list(Lesson.objects.filter(review=review).values_list("text", flat=True)) == [
            "יש להכין מראש הודעות נצורות לפגיעה בתשתיות"
        ]

    # Add an action.
    add_action = lessons("action_add", review_id=review.pk)
    tab_to(page, f"nav.page-toc a[href='#review-actions-{review.pk}']", backwards=True)
    page.keyboard.press("Enter")
    assert tab_to(page, f"main a[href='{add_action}']") <= 3
    enter_and_wait(page, f"**{add_action}")
    walk_the_page(page)
    tab_to(page, "#id_title")
    page.keyboard.type("להכין סט הודעות נצורות")
    tab_to(page, "#id_owner")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_due_date")
    page.keyboard.type(dd_mm_yyyy(today + timedelta(days=30)))
    tab_to(page, SUBMIT)
    enter_and_wait(page, re.compile(r"/actions/\d+/$"))
    with scopes_disabled():
        action = ActionItem.objects.get(review=review)
    assert (action.title, action.due_date) == ("להכין סט הודעות נצורות", today + timedelta(days=30))
    wait_for_focus_on(page, "[data-messages]")

    # Back to the review, and mark it held.
    walk_the_page(page)
    tab_to(page, f"main a[href='{review_path}']")
    enter_and_wait(page, f"**{review_path}")
    tab_to(page, f"form[action^='{lessons('review_hold', review_id=review.pk)}'] button")
    enter_and_wait(page, f"**{review_path}#review-state")
    with scopes_disabled():
        review.refresh_from_db()
    assert review.status == Review.Status.HELD
    page.wait_for_function("() => document.getElementById('announcer').textContent.trim() !== ''")
    walk_the_page(page)
