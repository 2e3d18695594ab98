"""This module's URL kwargs for the tenant isolation crawler and the auditor replay (tests/url_fillers.py
merges the FILLERS of every app's tests/url_fillers.py). One line per new kwarg name."""

from tests.url_fillers import pk_of

FILLERS = {
    "community_id": pk_of("communities.Community"),
}
