"""The resources pages in a real browser: no axe-core violations in Hebrew, Arabic and English, nothing
wider than a 360 px phone, and the main flow — record a need, allocate a suggested resource — by keyboard
alone in Hebrew and Arabic. Chromium as in tests/browser (skipped without it, failed in CI). One file: the
browser is a session fixture, imported here once."""

import re

import pytest
from django_scopes import scope, scopes_disabled

from merhav.core.context import acting_as
from merhav.tenancy.models import Region
from merhav.tenancy.roles import Role
from tests.browser.conftest import log_in
from tests.browser.keyboard import tab_to, wait_for_focus_on, walk_the_page
from tests.browser.test_accessibility import axe_violations_on, wider_than_the_window

from .. import services
from ..models import Allocation, Need, PublicLink, ResourceImport
from .support import make_need, make_partner, make_resource, url

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
LANGUAGES = ["he", "ar", "en"]


@pytest.fixture
def pages(make_user, authority):
    """The partnerships manager in `language` and the module's main pages, with data to show."""

    def make(language):
        manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER, language=language,
                            full_name="ליאת מזרחי")
        with scopes_disabled():
            authority.region, _created = Region.objects.get_or_create(slug="browser-region",
                                                                      defaults={"name_he": "אשכול"})
            authority.save(update_fields=["region"])
        with acting_as(manager, authority=authority):
            place = services.create_neighbourhood(authority=authority, name="עין אור")
            partner = make_partner(authority, by=manager, name="עמותת לב זמיר — שותף ראשון", kind="company",
                                   added_value="ערך מוסף " * 20)
            resource = make_resource(authority, by=manager, name="מחסן מזון", capacity=300, partner=partner,
                                     neighbourhood=place)
            need = make_need(authority, by=manager, title="סלי מזון למשפחות", quantity=120, neighbourhood=place)
            services.allocate_resource(need=need, resource=resource, quantity=80)
            services.create_public_link(authority=authority)
            snapshot = services.take_gap_snapshot(authority=authority, label="לפני")
            meeting = services.create_forum_meeting(authority=authority, title="מפגש פתיחה", held_on=need.created_at.date())
            response = services.create_response(authority=authority, name="מוקד רווחה", category="food", partner=partner)
            post = services.share_post(authority=authority, kind="offer", title="מיניבוסים", category="transport") \
                if authority.region_id else None
        with scope(authority=authority):
            mapping = ResourceImport.objects.create(
                authority=authority, target="resources", created_by=manager, file_name="משאבים.xlsx",
                status="mapping", headers=["שם", "סוג", "קיבולת"], rows=[[2, ["מחסן", "מתנדבים", "10"]]], total=1)
            preview = ResourceImport.objects.create(
                authority=authority, target="resources", created_by=manager, file_name="משאבים.csv", status="ready",
                total=2, counts={"create": 1, "update": 0, "unchanged": 0, "bad": 1},
                problems=[[3, [["unknown_neighbourhood", {"value": "שכונה לא קיימת"}]]]])
        with scopes_disabled():
            token = PublicLink.objects.get(authority=authority, revoked_at=None).token
        return manager, [
            url("index", authority), url("partner_list", authority), url("partner_create", authority),
            url("partner_detail", authority, partner_id=partner.pk), url("resource_list", authority),
            url("resource_detail", authority, resource_id=resource.pk), url("need_list", authority),
            url("need_create", authority), url("need_detail", authority, need_id=need.pk),
            url("response_list", authority), url("gap_document", authority),
            url("snapshot_detail", authority, snapshot_id=snapshot.pk), url("import_upload", authority),
            url("network_list", authority), url("forum", authority),
            url("forum_meeting", authority, meeting_id=meeting.pk), url("settings", authority),
            url("neighbourhood_list", authority), f"/p/needs/{token}/",
            url("contact_add", authority, partner_id=partner.pk), url("agreement_add", authority, partner_id=partner.pk),
            url("partner_edit", authority, partner_id=partner.pk), url("resource_create", authority),
            url("resource_edit", authority, resource_id=resource.pk), url("need_edit", authority, need_id=need.pk),
            url("response_create", authority), url("response_edit", authority, response_id=response.pk),
            url("forum_meeting_create", authority), url("forum_member_add", authority), url("network_share", authority),
            url("import_status", authority, import_token=mapping.token),
            url("import_status", authority, import_token=preview.token),
        ] + ([url("network_post", authority, post_id=post.pk)] if post else [])

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_have_no_axe_violations(new_page, pages, language):  # noqa: F811
    manager, paths = pages(language)
    page = log_in(new_page(), manager)
    assert axe_violations_on(page, paths, language) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_fit_a_360px_phone(new_page, pages, language):  # noqa: F811
    manager, paths = pages(language)
    page = log_in(new_page(viewport=PHONE), manager)
    assert wider_than_the_window(page, paths) == {}


# --- The main flow by keyboard alone (docs/adding-a-module.md, the definition of done) -----------------

SUBMIT = "main form.card button[type=submit]"
DETAIL = re.compile(r"/needs/(\d+)/$")


def enter_and_wait(page, where) -> None:
    with page.expect_navigation(url=where):
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["he", "ar"])
def test_record_a_need_and_allocate_a_suggested_resource_by_keyboard_alone(  # noqa: F811
        new_page, make_user, authority, language):  # noqa: F811
    manager = make_user(authority=authority, role=Role.PARTNERSHIPS_MANAGER, language=language, full_name="ליאת")
    make_resource(authority, by=manager, name="מחסן מזון", capacity=300)
    page = log_in(new_page(), manager)

    walk_the_page(page)
    tab_to(page, f".module-nav a[href='{url('index', authority)}']")
    enter_and_wait(page, f"**{url('index', authority)}")
    walk_the_page(page)
    tab_to(page, f"main .page-head a[href='{url('need_create', authority)}']")
    enter_and_wait(page, f"**{url('need_create', authority)}")

    walk_the_page(page)
    tab_to(page, SUBMIT)  # sent empty: the error summary takes the focus
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_focus_on(page, "[data-error-summary]")
    tab_to(page, "#id_title")
    page.keyboard.type("סלי מזון")
    tab_to(page, "#id_population_group")
    page.keyboard.type("משפחות")
    tab_to(page, "#id_quantity")
    page.keyboard.type("40")
    tab_to(page, SUBMIT)
    enter_and_wait(page, DETAIL)
    wait_for_focus_on(page, "[data-messages]")
    with scopes_disabled():
        need = Need.objects.get(authority=authority)
    assert (need.title, need.quantity) == ("סלי מזון", 40)

    walk_the_page(page)
    tab_to(page, "main form.inline-form button[type=submit]")  # allocate from the first suggestion
    enter_and_wait(page, DETAIL)
    wait_for_focus_on(page, "[data-messages]")
    with scopes_disabled():
        assert Allocation.objects.get(need=need).quantity == 40
