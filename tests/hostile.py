"""What the hostile-input sweeps share: the payloads, the forms of a page as a browser would post them, the
personas that may post, and the row count of every table (to prove a refused form stored nothing).

The sweeps themselves: tests/test_hostile_forms.py (every page with a POST form), tests/test_hostile_api.py
(every API write operation), tests/test_hostile_imports.py (every import page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.db import connection

# A script payload that marks the window if it ever runs: <script>, an event handler and a javascript: URL.
SCRIPT = (
    '<script>window.__hostile=1</script><img src=x onerror="window.__hostile=2">'
    '<a href="javascript:window.__hostile=3">x</a>"\'><svg onload=window.__hostile=4>'
)
BIDI = "\u202eexe.gpj\u202c \u2066שלום\u2069 \u2067abc\u2069 \u200f\u200e\u061c end"
SQL = "'; DROP TABLE accounts_user; -- \" OR 1=1 -- ` ; SELECT pg_sleep(0) --"
NUL = "before\x00after"


def long_text(max_length: int | None) -> str:
    """Hebrew text longer than the field allows (or 20,000 characters when the field names no limit)."""
    length = max_length + 50 if max_length else 20_000
    return ("ארוך מדי " * (length // 9 + 1))[:length]


PAYLOADS = {"long": None, "bidi": BIDI, "script": SCRIPT, "sql": SQL, "nul": NUL}

# Tables a refused request may still write: the audit log (a refused attempt is logged), the session,
# the login-throttling and rate-limit counters.
UNCOUNTED_TABLES = {"audit_auditentry", "django_session", "core_ratecounter"}


def table_names() -> list[str]:
    names = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    existing = set(connection.introspection.table_names())
    return sorted(name for name in names & existing if name not in UNCOUNTED_TABLES and not name.startswith("axes_"))


def row_counts(tables: list[str]) -> dict[str, int]:
    """The number of rows of every table, in one query."""
    quote = connection.ops.quote_name
    selects = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        values = cursor.fetchone()
    return dict(zip(tables, values, strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}


# --- forms -------------------------------------------------------------------------------------------

TEXT_TYPES = {"text", "search", "email", "url", "tel", ""}
STRUCTURED = {"email": "hostile@example.com", "url": "https://example.com/", "tel": "03-1234567", "number": "1"}


@dataclass
class Field:
    name: str
    tag: str  # input, textarea, select
    type: str
    value: str
    max_length: int | None = None
    options: list[str] = field(default_factory=list)
    checked: bool = False
    selected: str | None = None
    classes: str = ""

    @property
    def is_text(self) -> bool:
        return self.tag == "textarea" or (self.tag == "input" and self.type in TEXT_TYPES)

    @property
    def is_free_text(self) -> bool:
        """Words a person types (a title, a name, a description), not a date, an address or a number."""
        return self.is_text and self.type not in STRUCTURED and "date-input" not in self.classes.split()

    def valid_value(self) -> str:
        """A value a structured field takes, so that the hostile text in the others reaches the service."""
        if "date-input" in self.classes.split():
            return "12.11.2030"
        return STRUCTURED.get(self.type, self.value)


@dataclass
class Form:
    action: str
    fields: list[Field] = field(default_factory=list)
    has_file: bool = False

    def text_fields(self) -> list[Field]:
        return [f for f in self.fields if f.is_free_text]

    def data(self, text: dict[str, str]) -> dict[str, list[str]]:
        """The form as a browser posts it, with `text` in the named text fields and every other field as
        rendered (the first option of a select that has none chosen)."""
        data: dict[str, list[str]] = {}
        for f in self.fields:
            if f.name in text:
                data.setdefault(f.name, []).append(text[f.name])
            elif f.tag == "select":
                chosen = f.selected if f.selected is not None else next((o for o in f.options if o), "")
                data.setdefault(f.name, []).append(chosen)
            elif f.type in ("checkbox", "radio"):
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
            elif f.type in ("submit", "button", "image", "reset", "file"):
                continue
            elif (f.is_text or f.type == "number") and not f.is_free_text and not f.value:
                data.setdefault(f.name, []).append(f.valid_value())
            else:
                data.setdefault(f.name, []).append(f.value)
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._radio_seen: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", "")) if a.get("method", "get").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        max_length = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.has_file = True
            self._form.fields.append(Field(name, "input", kind, a.get("value", ""), max_length,
                                           checked="checked" in a, classes=a.get("class", "")))
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", "textarea", "", max_length)
            self._form.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "select", "select", "")
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a and self._select.selected is None:
                self._select.selected = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            # Browsers drop one newline right after <textarea>.
            self._textarea.value += data.removeprefix("\n") if not self._textarea.value else data


def post_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def payload_for(kind: str, f: Field) -> str:
    return long_text(f.max_length) if kind == "long" else PAYLOADS[kind]
