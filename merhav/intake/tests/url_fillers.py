"""This module's URL kwargs for the tenant isolation crawler and the auditor replay (tests/url_fillers.py
merges the FILLERS of every app's tests/url_fillers.py). One line per new kwarg name."""

from tests.url_fillers import constant, pk_of

FILLERS = {
    "household_id": pk_of("intake.Household"),
    "person_id": pk_of("intake.Person"),
    "service_id": pk_of("intake.LongTermService"),
    "field_id": pk_of("intake.SectionField"),
    "section": constant("welfare"),
}
FILLERS["batch_id"] = pk_of("intake.ImportBatch")
