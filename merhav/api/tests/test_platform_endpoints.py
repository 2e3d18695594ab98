"""/me, /authorities and an authority's departments."""

from .support import token_api


def test_me(staff, authority):
    body = token_api(staff).get("/me").json()
    assert body["id"] == staff.pk and body["email"] == staff.email
    assert [(m["authority"], m["role"]) for m in body["memberships"]] == [(authority.slug, "staff")]


def test_authorities_lists_only_ones_own(staff, authority, other_authority):
    body = token_api(staff).get("/authorities").json()
    assert [a["slug"] for a in body] == [authority.slug]


def test_departments(staff, authority):
    response = token_api(staff).get(f"/authorities/{authority.slug}/departments")
    assert response.status_code == 200
    assert len(response.json()) >= 5


def test_departments_of_another_authority_are_404(outsider, authority):
    assert token_api(outsider).get(f"/authorities/{authority.slug}/departments").status_code == 404
