"""Pages and API answers with personal data are never kept by a browser's or a proxy's cache:
every authenticated response says `Cache-Control: private, no-store` unless it set its own."""

from django.test import Client
from django.urls import reverse

from merhav.api.tests.support import token_api


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_page_of_an_authority_is_not_stored(login, staff, authority):
    response = login(staff).get(reverse("tenancy:dashboard", kwargs={"authority_slug": authority.slug}))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_the_people_list_is_not_stored(login, authority_admin, authority):
    response = login(authority_admin).get(reverse("tenancy:people", kwargs={"authority_slug": authority.slug}))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_an_api_answer_to_a_token_is_not_stored(staff, authority):
    response = token_api(staff).get(f"/authorities/{authority.slug}/memberships")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_static_files_stay_cacheable(db, settings):
    # Served by whitenoise from the source folders, as runserver does (a test has no collectstatic).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/ui/merhav.css")
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)
