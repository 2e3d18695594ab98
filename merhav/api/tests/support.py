"""A JSON client for the platform API, as one user, by personal token or by browser session."""

import json

from django.test import Client

from conftest import confirmed_device, verified_login
from merhav.accounts.models import ApiToken

BASE = "/api/v1"


class Api:
    def __init__(self, client: Client, headers: dict | None = None):
        self.client = client
        self.headers = headers or {}

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(BASE + path, params or {}, headers={**self.headers, **headers})

    def send(self, method: str, path: str, body=None, **headers):
        return self.client.generic(method, BASE + path, json.dumps(body or {}), content_type="application/json",
                                   headers={**self.headers, **headers})

    def post(self, path: str, body=None, **headers):
        return self.send("POST", path, body, **headers)

    def patch(self, path: str, body=None, **headers):
        return self.send("PATCH", path, body, **headers)


def token_api(user, **headers) -> Api:
    """A token of a user who has set up two-factor, as a user whose role needs it must have
    (test_token_two_factor.py is about the user who has not)."""
    confirmed_device(user)
    _token, raw = ApiToken.issue(user=user, name="tests")
    return Api(Client(), {"Authorization": f"Bearer {raw}", **headers})


def session_api(user, *, enforce_csrf: bool = False) -> Api:
    return Api(verified_login(Client(enforce_csrf_checks=enforce_csrf), user))
