"""The client's address: X-Forwarded-For is believed only as far as the configured trusted proxies go."""

from merhav.core.ratelimit import client_ip, client_key


def test_without_proxies_the_forwarded_header_is_ignored(rf, settings):
    settings.MERHAV_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="192.0.2.66")
    assert client_ip(request) == "198.51.100.1"


def test_behind_one_proxy_the_address_it_appended_counts(rf, settings):
    settings.MERHAV_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the address it really saw.
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_behind_two_proxies(rf, settings):
    settings.MERHAV_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.9, 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


def test_garbage_in_the_header_falls_back_to_the_peer(rf, settings):
    settings.MERHAV_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(request) == "10.0.0.2"


def test_no_address_at_all(rf, settings):
    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) is None
    assert client_key(request) == "unknown"
