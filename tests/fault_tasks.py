"""Tasks for the fault drills (tests/test_faults.py), run by a real `manage.py run_worker` process.

Each leaves a file named after its key, created with O_EXCL: a task run twice fails its second run (FileExistsError,
a FAILED result), so "done once" is checked by the files and the results together.
"""

import os
import time
from pathlib import Path

from django.db import connection
from django_tasks import task


def _done_once(directory: str, key: str) -> None:
    fd = os.open(Path(directory) / f"done-{key}", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)


@task()
def query_then_mark(*, directory: str, key: str) -> str:
    """Some database work (a query that takes a moment: the connection may be cut under it), then the mark."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.05)" if connection.vendor == "postgresql" else "SELECT 1")
    _done_once(directory, key)
    return key


@task()
def hold_until_released(*, directory: str, key: str) -> str:
    """Says it started (a file named after the worker's pid), waits for a `release` file (bounded), then marks."""
    folder = Path(directory)
    (folder / f"started-{os.getpid()}").write_text(key)
    deadline = time.monotonic() + 120
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    _done_once(directory, key)
    return key
