"""A whole number past 64 bits in a JSON body is a 422 beside its field on every database (it was a 500:
the database driver cannot hold it). Found by the schemathesis run."""

from .support import token_api


def test_an_id_past_64_bits_is_refused_beside_its_field(authority_admin, authority):
    response = token_api(authority_admin).post(
        f"/authorities/{authority.slug}/lessons/reviews", {"title": "C", "participant_ids": [2**90, 5]}
    )
    assert response.status_code == 422
    assert any(field.startswith("participant_ids") for field in response.json()["errors"])


def test_a_negative_id_past_64_bits_is_refused_too(authority_admin, authority):
    response = token_api(authority_admin).post(
        f"/authorities/{authority.slug}/lessons/reviews", {"title": "C", "participant_ids": [-(2**90)]}
    )
    assert response.status_code == 422
