"""The public list of open needs for philanthropic bodies: behind a secret link, revocable, without any
personal data (no titles, sources or descriptions)."""

from django.test import Client

from merhav.core.context import acting_as

from .. import services
from .support import make_need, url


def test_the_secret_link_shows_open_needs_without_personal_data_and_revoking_closes_it(login, authority, ceo):
    make_need(authority, by=ceo, title="משפחת כהן ברחוב הזית", quantity=12, source="השכנה רחל",
              population_group="משפחות", description="טלפון 050-1234567")
    client = login(ceo)
    client.post(url("public_link_create", authority))
    with acting_as(ceo, authority=authority):
        link = services.create_public_link(authority=authority)
    page = Client().get(f"/p/needs/{link.token}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "מזון" in body and "12" in body
    for private in ("משפחת כהן", "רחל", "050-1234567"):
        assert private not in body
    client.post(url("public_link_revoke", authority))
    assert Client().get(f"/p/needs/{link.token}/").status_code == 404


def test_a_new_link_revokes_the_old_one(authority, ceo):
    with acting_as(ceo, authority=authority):
        first = services.create_public_link(authority=authority)
        services.create_public_link(authority=authority)
    assert Client().get(f"/p/needs/{first.token}/").status_code == 404


def test_an_unknown_token_is_a_404(db):
    assert Client().get("/p/needs/not-a-token/").status_code == 404


def test_the_auditor_cannot_make_or_revoke_a_link(login, authority, auditor):
    client = login(auditor)
    assert client.post(url("public_link_create", authority)).status_code == 403
    assert client.post(url("public_link_revoke", authority)).status_code == 403
