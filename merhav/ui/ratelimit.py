"""A fixed-window rate limit on the shared cache, so it holds across web processes; and the one
answer to "which address is this client" that the rate limits, the login lockout and the audit log share."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def allow(scope: str, client: str) -> bool:
    """Count one request of this client in this scope; False once it is over the limit."""
    limit, window = settings.MERHAV_RATE_LIMITS[scope]
    bucket = int(time.time() // window)
    key = f"rl:{scope}:{client}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return True
    return count <= limit


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
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


def client_key(request) -> str:
    return client_ip(request) or "unknown"
