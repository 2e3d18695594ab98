"""The audit log names every entry in the reader's language: whatever any page or download of any module
records (a personal read, an export, a refusal), the log shows the object and the fields by words a municipal
auditor reads, never internal names ("resources.gapdocument", "log.xlsx", "plan").

Every page and download of the project is opened by whoever may open it (the browser sweep's walk,
tests/browser/sweep.py, without a browser), then every entry of the authority is described in Hebrew and in
Arabic: no Latin letter may remain, except in what the data itself says (the fillers' marker in titles)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

from merhav.audit.models import AuditEntry
from merhav.workspace.audit_display import describe_entries
from tests.browser.sweep import pages_to_visit
from tests.url_fillers import MARKER, World

LATIN = re.compile(r"[A-Za-z]")
BRANDS = re.compile(r"\b(Word|Excel|CSV|GEXF)\b")  # the files' formats, named so in Hebrew and Arabic too


@pytest.fixture
def world(authority, other_authority, ceo, outsider):
    return World(a=authority, b=other_authority, a_user=ceo, b_user=outsider)


@pytest.mark.parametrize("language", ["he", "ar"])
def test_every_entry_that_the_pages_record_is_named_in_the_readers_language(world, national_admin, language):
    sweep = pages_to_visit(world, national_admin)
    with scopes_disabled():
        entries = list(AuditEntry.objects.order_by("id"))  # a community's entries belong to no one authority
    kinds = {(entry.action, entry.object_type) for entry in entries}
    assert len(kinds) > 10, f"the walk recorded too little to check: {sorted(kinds)}"
    assert any(entry.action == AuditEntry.Action.EXPORT for entry in entries), sweep.others
    with translation.override(language):
        described = describe_entries(entries, world.a)
    raw = set()
    for entry in described:
        texts = [entry.object_text, *entry.field_labels]
        raw.update(f"{entry.action} {entry.object_type} {entry.fields}: {text!r}" for text in texts
                   if LATIN.search(BRANDS.sub("", str(text))) and MARKER not in str(text))
    assert not raw, "\n".join(sorted(raw))


def test_compound_names_read_as_words():
    """A recorded "a.b" reads "a (b)" (an exported part and its format, a section and its question), "a:n" reads
    "a: n" (a count, an id)."""
    from merhav.workspace.audit_display import all_words, field_label

    with translation.override("he"):
        words = all_words()
        assert field_label(None, "log.xlsx", words) == "יומן אירועים (גיליון Excel)"
        assert field_label(None, "people:12", words) == "אנשים: 12"
        assert field_label(None, "welfare.housing_type", words) == "רווחה (housing type)"  # the key an authority chose
