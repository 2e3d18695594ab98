"""Secrets and search words out of log lines: the web server's access log and Django's own request log.

Some addresses carry a secret: the calendar feed (/calendar/<token>.ics), an invitation, a password reset
link, an uploaded people sheet's preview. Query strings carry what people search for (?q=<a name>). Any
access log would keep them for as long as logs are kept. Here every logged path has its secret parts
replaced by "[redacted]", the query string is dropped (only its presence is kept), a Referer header is
treated the same way, and the client's address and request headers are not logged (the audit log keeps
the address of what matters, with a retention period).

Used by Django's logging (RedactSecretsFilter, in settings.LOGGING) and by gunicorn's access log
(RedactingGunicornLogger, in merhav/gunicorn_conf.py). Plain Python: it imports nothing of Django.
"""

import logging
import re
from typing import Any
from urllib.parse import urlsplit

REDACTED = "[redacted]"

# Addresses whose <secret> part is a credential. A segment that merely looks like a token (24 or more
# URL-safe characters) is redacted too, so a new kind of secret link is covered before it is listed here.
SECRET_PATHS = [
    re.compile(r"^/calendar/(?P<secret>[^/?]+)(?=\.ics)"),
    re.compile(r"^/invitations/(?P<secret>[^/?]+)"),
    re.compile(r"^/password/reset/(?P<secret>(?!sent/|complete/)[^/?]+/[^/?]+)"),
    re.compile(r"^/a/[^/]+/people/import/(?P<secret>(?!template/)[^/?]+)"),
]
TOKEN_LIKE = re.compile(r"(?<=/)[A-Za-z0-9_\-]{24,}(?=[/.]|$)")
# A path inside a log message (Django: "Not Found: /calendar/abc.ics").
_PATH_IN_TEXT = re.compile(r"(?<![\w:/])/[^\s\"']*")


def redact_path(path: str) -> str:
    """The path with secrets replaced and without its query string (its presence is kept as "?…")."""
    if not path:
        return path
    path, _sep, query = path.partition("?")
    for pattern in SECRET_PATHS:
        match = pattern.match(path)
        if match:
            path = path[: match.start("secret")] + REDACTED + path[match.end("secret") :]
            break
    path = TOKEN_LIKE.sub(REDACTED, path)
    return f"{path}?{REDACTED}" if query else path


def redact_url(url: str) -> str:
    """A full URL (a Referer): scheme and host kept, path redacted, query dropped."""
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    path = redact_path(parts.path + (f"?{parts.query}" if parts.query else ""))
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.netloc else path


def redact_text(text: str) -> str:
    return _PATH_IN_TEXT.sub(lambda match: redact_path(match.group(0)), text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites a record's message with secrets in paths redacted (Django's request and server logs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


try:  # gunicorn is only installed where the web server runs
    from gunicorn.glogging import Logger as _GunicornLogger  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover
    _GunicornLogger = object


class RedactingGunicornLogger(_GunicornLogger):
    """gunicorn's logger whose access-log atoms carry no secret, no query string, no client address and
    no request header (cookies and the Authorization header must never reach a log)."""

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("RAW_URI") or environ.get("PATH_INFO") or "")
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        atoms["U"] = redact_path(environ.get("PATH_INFO") or "")
        atoms["q"] = REDACTED if environ.get("QUERY_STRING") else "-"
        atoms["f"] = redact_url(environ.get("HTTP_REFERER", "-"))
        atoms["h"] = "-"
        for key in [key for key in atoms if key.startswith("{") and key.endswith("}i")]:
            del atoms[key]
        return atoms
