"""The knowledge network's pages in a real browser: no axe-core violations in Hebrew, Arabic and English,
and nothing wider than a 360 px phone (as test_communities_browser.py does for the rest of the app)."""

import datetime as dt

import pytest
from django.utils import timezone

from merhav.core.context import acting_as
from tests.browser.conftest import log_in_with_two_factor
from tests.browser.test_accessibility import axe_violations, axe_violations_on, wider_than_the_window

from ..services import network as services
from .factories import ProductFactory
from .network_factories import NetworkMemberFactory, WaveFactory
from .support import url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["he", "ar", "en"]


@pytest.fixture
def pages(place):
    """A network member in `language` (and leader of the network's pages' forms: the leader) with data."""

    def make(language):
        leader = place.leader
        leader.language = language
        leader.save(update_fields=["language"])
        community = place.community
        wave = WaveFactory(community=community, number=1)
        NetworkMemberFactory(wave=wave, member=place.leader_member)
        others = [NetworkMemberFactory(wave=wave) for _ in range(3)]
        ProductFactory(community=community, title="דף אחד: תיק חירום", status="published",
                       published_at=timezone.now() - dt.timedelta(days=2), summary="סיכום " * 20)
        with acting_as(leader):
            thread = services.start_thread(community=community, title="איך מגייסים מורים למדעים?",
                                           body="<script>alert(1)</script> שאלה ארוכה " * 10)
            services.reply(thread=thread, body="תשובה " * 40)
            services.schedule_talk(community=community, topic="למידה מרחוק", speaker="מרצה אורחת",
                                   starts_at=timezone.now() + dt.timedelta(days=5),
                                   link="https://zoom.example.org/j/1001")
            newsletter = services.generate_newsletter(community=community,
                                                      period_start=timezone.localdate() - dt.timedelta(days=30),
                                                      period_end=timezone.localdate(), intro="שלום לכולם")
            pulse = services.open_pulse(community=community, year=2026, quarter=4, question="עד כמה הרשת מועילה?")
            survey = services.open_evaluation(community=community, title="סקר הערכה")
        for i, row in enumerate(others):
            services.answer_pulse(pulse=pulse, member=row.member, value=3 + i % 3)
            services.answer_evaluation(survey=survey, member=row.member, meetings_satisfaction=5, ongoing_contact=True,
                                       adopted_tool=i % 2 == 0, shared_with_manager=False, comment="הערה")
        pk = community.pk
        return leader, [
            url("network", community_id=pk), url("network_wave_create", community_id=pk),
            url("network_board", community_id=pk), url("network_thread", community_id=pk, network_thread_id=thread.pk),
            url("network_talks", community_id=pk), url("network_newsletters", community_id=pk),
            url("network_newsletter", community_id=pk, newsletter_id=newsletter.pk),
            url("network_pulses", community_id=pk), url("network_pulse", community_id=pk, pulse_id=pulse.pk),
            url("network_evaluation", community_id=pk),
            url("network_evaluation_survey", community_id=pk, evaluation_id=survey.pk),
        ]

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_network_pages_have_no_axe_violations(new_page, pages, language):  # noqa: F811
    leader, paths = pages(language)
    page = log_in_with_two_factor(new_page(), leader)
    assert axe_violations_on(page, paths, language) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_network_pages_fit_a_360px_phone(new_page, pages, language):  # noqa: F811
    leader, paths = pages(language)
    page = log_in_with_two_factor(new_page(viewport=PHONE), leader)
    assert wider_than_the_window(page, paths) == {}


def test_a_script_in_a_post_is_never_run(new_page, pages):  # noqa: F811
    leader, paths = pages("he")
    page = log_in_with_two_factor(new_page(), leader)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(paths[3])
    assert "<script>alert(1)</script>" in page.inner_text("main")
    assert dialogs == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_joining_questionnaire_has_no_axe_violations_and_fits_a_phone(new_page, place, language):
    """The one page a member sees before joining (the leader, already in the network, is sent past it)."""
    member = place.member
    member.language = language
    member.save(update_fields=["language"])
    WaveFactory(community=place.community, number=1)
    path = url("network_join", community_id=place.community.pk)
    page = log_in_with_two_factor(new_page(viewport=PHONE), member)
    page.goto(path)
    assert page.url.endswith(path) and page.get_attribute("html", "lang") == language
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
