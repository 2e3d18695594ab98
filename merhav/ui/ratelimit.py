"""A fixed-window rate limit on the shared cache, so it holds across web processes."""

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


def client_key(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")
