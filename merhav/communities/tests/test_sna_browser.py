"""The social network analysis pages in a real browser: no axe-core violations in Hebrew, Arabic and
English, nothing wider than a 360 px phone (the leader's pages and the member's answer form). Chromium as
in tests/browser (skipped without it, failed in CI)."""

import pytest

from merhav.core.context import acting_as
from tests.browser.conftest import log_in_with_two_factor
from tests.browser.test_accessibility import axe_violations_on, wider_than_the_window

from ..services.sna import NamedTie, answer_roster
from .factories import MemberFactory
from .factories_sna import RosterSurveyFactory
from .support import url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["he", "ar", "en"]


@pytest.fixture
def pages(place, authority):
    """The leader and a member in `language`, two surveys with answers, and every SNA page."""

    def make(language):
        for user in (place.leader, place.member):
            user.language = language
            user.save(update_fields=["language"])
        community = place.community
        others = [MemberFactory(community=community, authority=authority, job_title="מנהלת אגף החינוך")
                  for _ in range(6)]
        m = [place.leader_member, *others]
        first = RosterSurveyFactory(community=community, round=1, title="מיפוי קשרים – תחילת הדרך")
        second = RosterSurveyFactory(community=community, round=2, title="מיפוי קשרים – אחרי שנה")
        for survey, ties in ((first, [(0, 1, 2), (2, 3, 1), (4, 5, 3)]),
                             (second, [(0, 1, 3), (1, 2, 2), (2, 3, 2), (3, 4, 1), (4, 5, 3), (5, 6, 2), (0, 4, 2)])):
            for i, member in enumerate(m):
                with acting_as(member.user):
                    answer_roster(survey=survey, member=member, ties=[
                        NamedTie(m[b].pk, f, "תקציב ותקינה") for a, b, f in ties if a == i])
        pk = community.pk
        leader_paths = [
            url("sna", community_id=pk), url("sna_survey_create", community_id=pk),
            url("sna_network", community_id=pk, roster_id=first.pk), url("sna_network", community_id=pk, roster_id=second.pk),
            url("sna_answer", community_id=pk, roster_id=second.pk),
        ]
        member_paths = [url("sna", community_id=pk), url("sna_answer", community_id=pk, roster_id=first.pk)]
        return leader_paths, member_paths

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sna_pages_have_no_axe_violations_and_fit_a_phone(new_page, place, pages, language):  # noqa: F811
    leader_paths, member_paths = pages(language)
    found, wide = {}, {}
    for user, paths in ((place.leader, leader_paths), (place.member, member_paths)):
        page = log_in_with_two_factor(new_page(), user)
        found.update({(user.pk, path): v for path, v in axe_violations_on(page, paths, language).items()})
        phone = log_in_with_two_factor(new_page(viewport=PHONE), user)
        wide.update({(user.pk, path): w for path, w in wider_than_the_window(phone, paths).items()})
    assert found == {}
    assert wide == {}
