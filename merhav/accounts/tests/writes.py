"""Which tables a block of code wrote to, from the SQL it ran (Django's query capture)."""

import re
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
AUDIT_TABLE = "audit_auditentry"


def tables_written(queries, *, allowed: tuple[str, ...] = (AUDIT_TABLE,)) -> list[str]:
    written = []
    for query in queries:
        match = WRITE_SQL.match(query["sql"])
        if match and match.group(1).lower() not in allowed:
            written.append(match.group(1))
    return written


@contextmanager
def capture_writes():
    """with capture_writes() as written: ...; then `written()` lists the tables written (audit log aside)."""
    with CaptureQueriesContext(connection) as queries:
        yield lambda allowed=(AUDIT_TABLE,): tables_written(queries.captured_queries, allowed=allowed)
