"""The audit log as a municipal auditor reads it: each entry's object named in the reader's language (a
review by its title, "Action: …") with a link, its fields by their labels, and for a refused action what
was attempted (the permission and the page). Modules name their own objects and words (merhav.core.modules:
audit_objects, permission_labels, audit_words); anything else is named by its model's translated name and id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from merhav.audit.models import AuditEntry
from merhav.core.modules import audit_object_describers, audit_words, permission_labels
from merhav.tenancy.models import Authority

# The platform's words: names in `fields` that are not model fields (what was exported, relations set by the
# services), and object types that are not models. Each module adds its own (Module.audit_words).
WORDS = {
    "docx": gettext_lazy("Word document"),
    "xlsx": gettext_lazy("Excel spreadsheet"),
    "csv": gettext_lazy("CSV file"),
    "gexf": gettext_lazy("network file (GEXF)"),
    "print": gettext_lazy("print view"),
    "ics": gettext_lazy("calendar file"),
    "accounts.lockout": gettext_lazy("Account locked after failed logins"),
}


def all_words() -> dict[str, object]:
    return {**WORDS, **audit_words()}


def _model(object_type: str):
    if object_type.count(".") != 1 or " " in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def field_label(model, name: str, words: dict[str, object]) -> str:
    if name in words:
        return str(words[name])
    if ":" in name:  # a count or an id: "people:12"
        head, value = name.split(":", 1)
        return f"{field_label(model, head, words)}: {value}"
    if "." in name:  # a part and its format ("log.xlsx"), a section and its field ("welfare.income")
        head, tail = name.split(".", 1)
        return f"{field_label(model, head, words)} ({field_label(model, tail, words)})"
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            pass
        else:
            if getattr(field, "verbose_name", None):
                return str(field.verbose_name)
            if field.related_model is not None:  # a reverse relation (a follow-up's items): the rows' name
                return str(field.related_model._meta.verbose_name_plural)
    return name.replace("_", " ")


def _generic_object(entry: AuditEntry, model, permissions: dict, words: dict[str, object]) -> str:
    if entry.object_type in words:
        return str(words[entry.object_type])
    if entry.object_type in permissions:  # a refused action with no object: the permission asked for
        return capfirst(str(permissions[entry.object_type]))
    if model is None:
        return entry.object_type
    if entry.object_ids:
        return "{}: {}".format(capfirst(str(model._meta.verbose_name_plural)),
                               ", ".join(f"#{i}" for i in entry.object_ids))
    name = capfirst(str(model._meta.verbose_name))
    return f"{name} #{entry.object_id}" if entry.object_id else name


def describe_entries(entries: Sequence[AuditEntry], authority: Authority) -> list[AuditEntry]:
    """The page's entries, each with object_text, object_url, field_labels and attempted (for DENIED)."""
    entries = list(entries)
    refs: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_type:
            refs[entry.object_type].add(entry.object_id or "")
    described: dict[tuple[str, str], tuple[str, str]] = {}
    for describe in audit_object_describers():
        described.update(describe(refs, authority))
    permissions, words = permission_labels(), all_words()
    for entry in entries:
        model = _model(entry.object_type)
        text, url = described.get((entry.object_type, entry.object_id or "")) or (
            _generic_object(entry, model, permissions, words), "")
        entry.object_text, entry.object_url = text, url  # type: ignore[attr-defined]
        labels, attempted = [], []
        for name in entry.fields or []:
            if name.startswith("perm:"):
                permission = name.removeprefix("perm:")
                attempted.insert(0, str(permissions.get(permission, permission)))
            elif name.startswith("page:"):
                attempted.append(_("page %(page)s") % {"page": name.removeprefix("page:")})
            else:
                labels.append(field_label(model, name, words))
        entry.field_labels = labels  # type: ignore[attr-defined]
        entry.attempted = attempted  # type: ignore[attr-defined]
    return entries
