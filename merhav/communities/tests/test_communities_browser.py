"""The learning communities pages in a real browser: no axe-core violations in Hebrew, Arabic and English,
nothing wider than a 360 px phone, and the main flow (plan a meeting of the syllabus with its planning
sheet) by keyboard alone in Hebrew and Arabic. Chromium as in tests/browser (skipped without it, failed in
CI). One file: the browser is a session fixture, imported here once."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django_scopes import scope

from merhav.core.context import acting_as
from tests.browser.conftest import log_in_with_two_factor
from tests.browser.keyboard import tab_to, wait_for_focus_on, walk_the_page
from tests.browser.test_accessibility import axe_violations_on, wider_than_the_window

from ..models import Meeting
from ..services import create_meeting, create_product, create_team, publish_product, review_product
from .factories import CallFactory, MemberFactory, ProgrammeRoleFactory, TopicFactory
from .support import url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["he", "ar", "en"]


@pytest.fixture
def pages(place, authority):
    """The leader in `language` and every page of the module, with data to show."""

    def make(language):
        leader = place.leader
        leader.language = language
        leader.save(update_fields=["language"])
        ProgrammeRoleFactory(programme=place.programme, user=leader, role="knowledge_lead")  # the programme page too
        community = place.community
        others = [MemberFactory(community=community, authority=authority) for _ in range(5)]
        call = CallFactory(community=community, title="קול קורא לקהילת מנהלי החינוך")
        TopicFactory(community=community, title="חדשנות חינוכית")
        with acting_as(leader):
            meeting = create_meeting(community=community, title="שותפויות ורצפים", starts_on=dt.date(2026, 12, 21),
                                     host_authority=authority, planning={"goals_professional": "השראה " * 30})
            team = create_team(community=community, name="צוות נייר מדיניות",
                               members={m.pk: "member" for m in [place.member_row, *others[:4]]})
            product = create_product(community=community, team=team, kind="policy", title="נייר מדיניות",
                                     link="https://example.org/a-very-long-address/of-a-knowledge-product/" * 2)
            review_product(product=product, version=1, criteria=dict.fromkeys(
                ("voice", "useful", "whole", "pride", "from_field"), True))
            product.refresh_from_db()
            publish_product(product=product, version=product.version)
        from ..models import Application

        with scope(community=community.pk):
            application = Application.objects.create(
                community=community, call=call, full_name="מועמדת לבדיקה", email="a@example.org", authority=authority,
                job_title="מנהלת אגף חינוך", gender="female", sector="arab", seniority_years=3)
        pk = community.pk
        return leader, [
            url("index"), reverse("communities_here:index", kwargs={"authority_slug": authority.slug}),
            url("library"), url("programme", programme_id=place.programme.pk), url("detail", community_id=pk), url("edit", community_id=pk), url("members", community_id=pk),
            url("member_add", community_id=pk),
            url("call_create", community_id=pk), url("call", community_id=pk, call_id=call.pk),
            url("application", community_id=pk, application_id=application.pk), url("topics", community_id=pk),
            url("syllabus", community_id=pk) + "?year=2026", url("meetings", community_id=pk) + "?year=2026",
            url("meeting_create", community_id=pk), url("meeting", community_id=pk, community_meeting_id=meeting.pk),
            url("meeting_edit", community_id=pk, community_meeting_id=meeting.pk),
            url("survey", community_id=pk, community_meeting_id=meeting.pk), url("teams", community_id=pk),
            url("team_create", community_id=pk), url("team", community_id=pk, team_id=team.pk),
            url("product_create", community_id=pk), url("product", community_id=pk, product_id=product.pk),
            url("wartime", community_id=pk), url("apply", call_token=call.token),
        ]

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_have_no_axe_violations(new_page, pages, language):  # noqa: F811
    leader, paths = pages(language)
    page = log_in_with_two_factor(new_page(), leader)
    assert axe_violations_on(page, paths, language) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_fit_a_360px_phone(new_page, pages, language):  # noqa: F811
    leader, paths = pages(language)
    page = log_in_with_two_factor(new_page(viewport=PHONE), leader)
    assert wider_than_the_window(page, paths) == {}


# --- The main flow by keyboard alone (docs/adding-a-module.md, the definition of done) -----------------

SUBMIT = "main form button[type=submit]"
MEETING = re.compile(r"/meetings/(\d+)/$")


def enter_and_wait(page, where) -> None:
    with page.expect_navigation(url=where):
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["he", "ar"])
def test_the_main_flow_by_keyboard_alone(new_page, place, authority, language):  # noqa: F811
    """The leader goes from the authority's navigation to the community's syllabus and plans a meeting
    with its planning sheet; the failed submit's error summary takes the focus."""
    leader = place.leader
    leader.language = language
    leader.save(update_fields=["language"])
    page = log_in_with_two_factor(new_page(), leader)
    here = reverse("communities_here:index", kwargs={"authority_slug": authority.slug})
    detail, syllabus = url("detail", community_id=place.community.pk), url("syllabus", community_id=place.community.pk)
    create = url("meeting_create", community_id=place.community.pk)
    page.goto(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))

    walk_the_page(page)
    tab_to(page, f".module-nav a[href='{here}']")
    enter_and_wait(page, f"**{here}")
    walk_the_page(page)
    tab_to(page, f"main a[href='{detail}']")
    enter_and_wait(page, f"**{detail}")
    walk_the_page(page)
    tab_to(page, f"main a[href='{syllabus}']")
    enter_and_wait(page, f"**{syllabus}")
    walk_the_page(page)
    tab_to(page, f"main a[href='{create}']")
    enter_and_wait(page, f"**{create}")

    walk_the_page(page)
    tab_to(page, SUBMIT)  # sent empty: the error summary takes the focus
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_focus_on(page, "[data-error-summary]")
    tab_to(page, "#id_title")
    page.keyboard.type("חדשנות חינוכית")
    tab_to(page, "#id_starts_on")
    page.keyboard.type("26.10.2026")
    tab_to(page, "#id_goals_professional")
    page.keyboard.type("השראה ושיתוף")
    tab_to(page, SUBMIT)
    enter_and_wait(page, MEETING)
    wait_for_focus_on(page, "[data-messages]")
    with scope(community=place.community.pk):
        meeting = Meeting.objects.get(community=place.community)
    assert (meeting.title, meeting.starts_on, meeting.goals_professional) == (
        "חדשנות חינוכית", dt.date(2026, 10, 26), "השראה ושיתוף")
