"""A fixed-window rate limit in the shared database, so it holds across web processes (counted in batches, so
that a read writes nothing most of the time); and the one
answer to "which address is this client" that the rate limits, the login lockout and the audit log share."""

import ipaddress
import threading
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

# This process's view of each counted window: key → [the shared count when last read, requests not yet added].
_local: dict[str, list[int]] = {}
_local_lock = threading.Lock()


def flush_every(limit: int) -> int:
    """How many requests a web process counts in memory before adding them to the shared row: a twentieth of
    the limit (1 for small limits such as the login's, so those are exact)."""
    return max(1, limit // 20)


def allow(scope: str, client: str) -> bool:
    """Count one request of this client in this scope; False once it is over the limit.

    Fixed windows of `window` seconds, counted in the database (core.RateCounter) so that the limit holds
    across web processes. A process adds its requests to the shared row in batches of flush_every(limit),
    with one atomic upsert that returns the new total: a read (a GET of the API) writes nothing most of the
    time, instead of a row update on every request. The price: each process may let through up to one
    batch more than the limit before it sees the others' counts (2 workers, a limit of 300: at most ~330),
    and a batch not yet added when the window ends is not counted. Within one process the count is exact.
    """
    limit, window = settings.MERHAV_RATE_LIMITS[scope]
    bucket = int(timezone.now().timestamp() // window)
    key = f"{scope}:{client}:{bucket}"[:200]
    with _local_lock:
        entry = _local.get(key)
        if entry is None:
            if len(_local) > 10_000:
                _forget_ended_windows(bucket)
            entry = _local[key] = [0, 0]
        entry[1] += 1
        if entry[0] + entry[1] > limit:
            return False  # already over by this process's own count: no need to ask the others
        if entry[1] < flush_every(limit):
            return True
        pending, entry[1] = entry[1], 0
    total = _add_to_shared_count(key, pending, datetime.fromtimestamp((bucket + 1) * window, tz=UTC))
    with _local_lock:
        entry[0] = total
    return total <= limit


def _add_to_shared_count(key: str, count: int, expires_at: datetime) -> int:
    """One statement: create the window's row or add to it, and return its total (SQLite 3.35+ and PostgreSQL)."""
    from .models import RateCounter

    table, key_, count_, expires = (connection.ops.quote_name(name) for name in (
        RateCounter._meta.db_table, "key", "count", "expires_at"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {count_}, {expires}) VALUES (%s, %s, %s) "  # noqa: S608 (our names)
            f"ON CONFLICT ({key_}) DO UPDATE SET {count_} = {table}.{count_} + excluded.{count_} RETURNING {count_}",
            [key, count, expires_at],
        )
        return cursor.fetchone()[0]


def _forget_ended_windows(bucket: int) -> None:
    for key in [key for key in _local if not key.endswith(f":{bucket}")]:
        del _local[key]


def forget_local_counts() -> None:
    """Drop this process's counts (tests: each starts with an empty database, so with nothing counted)."""
    with _local_lock:
        _local.clear()


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
