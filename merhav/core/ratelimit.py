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


def client_key(request: HttpRequest | None) -> str:
    return client_ip(request) or "unknown"
