"""The lessons API, under /api/v1/authorities/<authority_slug>/lessons/: events, reviews (with their five
sections and transitions), lessons and action items.

It calls the same services and selectors as the pages and asks the same policy (merhav/tenancy/access.py):
an outsider gets 404, a refused write (the auditor's) 403 and an audit-log entry. Lists take limit/offset
(at most 100) and cost a fixed number of queries. Errors: {"detail": ..., "errors": {field: [messages]}}
in the user's language; a stale version is a 409 with both versions.
"""

from ninja import Router

router = Router(tags=["lessons"])

from . import actions, events, lessons, reviews  # noqa: E402, F401  (register the operations on the router)
