"""Helpers for the API tests: a client that speaks JSON as a user, by personal token or by browser session.

Data comes from the factories (factories.py), or through the API itself.
"""

import json

from django.test import Client

from conftest import confirmed_device, verified_login
from merhav.accounts.models import ApiToken


class ApiClient:
    """JSON calls to /api/v1/authorities/<slug>/lessons/… as one user."""

    def __init__(self, client: Client, authority, headers: dict | None = None):
        self.client = client
        self.authority = authority
        self.headers = headers or {}

    def url(self, path: str) -> str:
        return f"/api/v1/authorities/{self.authority.slug}/lessons/{path.lstrip('/')}"

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(self.url(path), params or {}, headers={**self.headers, **headers})

    def _send(self, method: str, path: str, body, headers: dict):
        return self.client.generic(
            method, self.url(path), json.dumps(body if body is not None else {}, default=str),
            content_type="application/json", headers={**self.headers, **headers},
        )

    def post(self, path: str, body=None, **headers):
        return self._send("POST", path, body, headers)

    def put(self, path: str, body=None, **headers):
        return self._send("PUT", path, body, headers)

    def patch(self, path: str, body=None, **headers):
        return self._send("PATCH", path, body, headers)


def token_api(user, authority, **headers) -> ApiClient:
    """A client with a personal access token (no session at all), of a user who has set up two-factor
    (without it, a role that needs two-factor is refused: merhav/api/tests/test_token_two_factor.py)."""
    confirmed_device(user)
    _token, raw = ApiToken.issue(user=user, name="tests")
    return ApiClient(Client(), authority, {"Authorization": f"Bearer {raw}", **headers})


def session_api(user, authority, **headers) -> ApiClient:
    """A browser session with two-factor passed (CSRF is not enforced by the test client)."""
    return ApiClient(verified_login(Client(), user), authority, headers)
