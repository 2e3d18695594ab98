"""gunicorn's configuration for production: `gunicorn -c python:merhav.gunicorn_conf merhav.wsgi:application`.

The access log goes to stdout, one line per request, with the request id (the same as in the
application's log lines) and nothing secret or personal: paths with tokens are redacted, query strings
are dropped, no client address, no referrer, no request header (merhav/core/logredact.py).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", 4))
# A request that takes longer is cut (the worker is restarted): no page of ours should come near it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
accesslog = "-"
errorlog = "-"
logger_class = "merhav.core.logredact.RedactingGunicornLogger"
# time, request id, method, redacted path, status, bytes, seconds.
access_log_format = '%(t)s [%({x-request-id}o)s] "%(r)s" %(s)s %(b)s %(L)s'
