"""Per-authority data versions: the cheap answer to "has this authority's data changed since I computed this?".

    # in a service, inside its transaction:
    versions.bump(authority.pk, "drills")
    # in a selector or a panel:
    counts = versions.cached(authority.pk, "drills", "panel-counts", lambda: expensive_counts(authority))

`bump` is one upsert (the row is created the first time); `current` is one indexed row read; `cached` reads
the version and keeps the computed value in the web process's memory (the "local" cache) under a key that
carries the version, so a write shows on the next view in every process, a repeated view runs no aggregate,
and a GET writes nothing. The value must be plain data (numbers, strings, ids, dicts and lists of them):
it is pickled, and model instances would go stale (a renamed department) or carry too much.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import connection

from .models import DataVersion

T = TypeVar("T")
TIMEOUT = 24 * 3600


def bump(authority_id: int, name: str) -> None:
    """Count one change of the authority's `name` data. Call it inside the writing transaction: the new
    version is seen when the change is (and not at all if it rolls back)."""
    table, authority, name_, version = (connection.ops.quote_name(n) for n in (
        DataVersion._meta.db_table, "authority_id", "name", "version"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({authority}, {name_}, {version}) VALUES (%s, %s, 1) "  # noqa: S608 (our names)
            f"ON CONFLICT ({authority}, {name_}) DO UPDATE SET {version} = {table}.{version} + 1",
            [authority_id, name],
        )


def current(authority_id: int, name: str) -> int:
    """The version of the authority's `name` data (0 before the first change)."""
    return (DataVersion.objects.filter(authority_id=authority_id, name=name)
            .values_list("version", flat=True).first() or 0)


def cached(authority_id: int, name: str, key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """compute(), kept in this process's memory until the authority's `name` data changes. One query (the
    version) when it is kept; the version and compute()'s queries when it is not. `key` tells apart the
    values kept under one version (a filter, a day)."""
    version = current(authority_id, name)
    cache_key = f"v:{authority_id}:{name}:{version}:{key}"
    local = caches["local"]
    value = local.get(cache_key)
    if value is None:
        value = compute()
        local.set(cache_key, value, timeout=timeout)
    return value
