"""A fixed-window rate limit in the shared database, so it holds across web processes; and the one
answer to "which address is this client" that the rate limits, the login lockout and the audit log share."""

import ipaddress
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone


def allow(scope: str, client: str) -> bool:
    """Count one request of this client in this scope; False once it is over the limit.

    Fixed windows of `window` seconds, counted in the database (core.RateCounter) with an atomic
    increment: the limit holds across web processes and under parallel requests. (Django's database
    cache was used before: its incr is a read then a write, so parallel requests were undercounted, and
    it cost about eleven queries per request; this costs two.)
    """
    from .models import RateCounter

    limit, window = settings.MERHAV_RATE_LIMITS[scope]
    bucket = int(timezone.now().timestamp() // window)
    key = f"{scope}:{client}:{bucket}"[:200]
    counters = RateCounter.objects.filter(key=key)
    if not counters.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateCounter.objects.create(
                    key=key, count=1, expires_at=datetime.fromtimestamp((bucket + 1) * window, tz=UTC)
                )
            return limit >= 1
        except IntegrityError:  # another request created this window's row first
            counters.update(count=F("count") + 1)
    return counters.values_list("count", flat=True).get() <= limit


def purge_expired_counters() -> int:
    from .models import RateCounter

    deleted, _by_model = RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. Behind MERHAV_PROXY_COUNT trusted reverse proxies it is the address the
    outermost of them saw, counted from the right of X-Forwarded-For (each proxy appends what it saw);
    anything further left was written by the client and is not believed. With no proxy (the default)
    X-Forwarded-For is ignored, so a client cannot pick a new address per request to dodge the
    lockout or the rate limits."""
    if request is None:
        return None
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.MERHAV_PROXY_COUNT
    if proxies > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return _valid_ip(forwarded[-proxies]) or remote
    return remote


# Set (in the shared cache, so `manage.py check --deploy` sees it) when a request arrived with
# X-Forwarded-For while PROXY_COUNT is 0: the site runs behind a proxy that the settings do not know of, and
# every client looks like the proxy's address.
UNCOUNTED_PROXY_FLAG = "merhav:uncounted-proxy-seen"
_uncounted_proxy_noted = False


# Where a reverse proxy of our own connects from: the same machine or the local network. A client on the
# internet connects from elsewhere, so a forged X-Forwarded-For from it changes nothing.
_LOCAL_NETWORKS = [ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7")]


def behind_uncounted_proxy(request: HttpRequest) -> bool:
    """Whether this request came through a local proxy that PROXY_COUNT does not count: it connects from a
    local address and says whom it forwards for, and so every client shares the proxy's address."""
    if settings.MERHAV_PROXY_COUNT != 0 or not request.META.get("HTTP_X_FORWARDED_FOR", "").strip():
        return False
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
    return remote is not None and any(ipaddress.ip_address(remote) in net for net in _LOCAL_NETWORKS)


def note_uncounted_proxy(request: HttpRequest) -> None:
    """Once per process: log a warning and leave the flag for the deploy check."""
    global _uncounted_proxy_noted
    if _uncounted_proxy_noted or not behind_uncounted_proxy(request):
        return
    _uncounted_proxy_noted = True
    import logging

    from django.core.cache import cache

    logging.getLogger("merhav.security").warning(
        "Requests arrive with X-Forwarded-For but PROXY_COUNT is 0: every client has the proxy's address, "
        "so rate limits and login lockouts hit everyone at once. Set PROXY_COUNT to the number of proxies."
    )
    try:
        cache.set(UNCOUNTED_PROXY_FLAG, timezone.now().isoformat(), timeout=60 * 60 * 24 * 30)
    except Exception:  # the cache table may not exist yet; the warning above was logged
        logging.getLogger("merhav.security").debug("could not record the proxy flag", exc_info=True)


def client_key(request: HttpRequest | None) -> str:
    return client_ip(request) or "unknown"
