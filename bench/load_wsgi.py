"""The WSGI application of bench/load.py: Django's, with two response headers per request — how many SQL
statements it ran (X-Bench-Queries) and how many of them wrote (X-Bench-Writes). Only the benchmark uses it."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402

django_application = get_wsgi_application()
WRITES = ("INSERT", "UPDATE", "DELETE")


def application(environ, start_response):
    counts = [0, 0]

    def count(execute, sql, params, many, context):
        counts[0] += 1
        if sql.lstrip().upper().startswith(WRITES):
            counts[1] += 1
        return execute(sql, params, many, context)

    def start(status, headers, exc_info=None):
        headers = [*headers, ("X-Bench-Queries", str(counts[0])), ("X-Bench-Writes", str(counts[1]))]
        return start_response(status, headers, exc_info)

    with connection.execute_wrapper(count):
        return django_application(environ, start)
