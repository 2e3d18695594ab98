"""Reading the one-time token of a rendered create form, as a browser would send it back."""

import re

from merhav.core.submit_once import FIELD

TOKEN = re.compile(r'name="' + FIELD + r'" value="([^"]+)"')


def token_of(response) -> str:
    """The token of the (single) create form on the page; fails when the form carries none."""
    tokens = TOKEN.findall(response.content.decode())
    assert len(tokens) == 1, f"expected one {FIELD} on the page, found {len(tokens)}"
    return tokens[0]


def submit_twice(client, url: str, data: dict):
    """The form as rendered, sent twice with the same token (a double click, a resend after reload)."""
    token = token_of(client.get(url))
    first = client.post(url, {**data, FIELD: token})
    second = client.post(url, {**data, FIELD: token})
    return first, second
