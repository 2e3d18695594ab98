"""Every user-facing string is translated into Hebrew, Arabic and English, and the compiled catalogs are current.

The catalogs live in locale/<lang>/LC_MESSAGES/django.po (msgids are the English strings of the code).
Refreshing them after adding strings (GNU gettext is needed: `apt-get install gettext`):

    .venv/bin/python manage.py makemessages -l he -l ar -l en --no-obsolete --no-location \\
        -i tests -i bench -i docs -i seeds -i staticfiles -i media -i node_modules -i conftest.py
    # translate the new or fuzzy entries in he and ar; in en, msgstr = msgid
    .venv/bin/python manage.py compilemessages -l he -l ar -l en -i .venv

Commit both the .po and the .mo files: the app reads the .mo files, and a fresh machine has no msgfmt.

These tests fail (they do not skip) when GNU gettext is missing, because without it nobody would notice
an untranslated string. JavaScript has no catalog of its own: its strings come from data-attributes that
templates render, so JS files must not call gettext().
"""

import ast
import functools
import gettext as gnu_gettext
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "locale"
LANGUAGES = ["he", "ar", "en"]
# Paths makemessages does not read: tests, tooling and generated files hold no user-facing strings.
IGNORE = ["tests", "bench", "docs", "seeds", "staticfiles", "media", "node_modules", "conftest.py"]
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
NOT_SOURCE_DIRS = {"locale", "node_modules", "staticfiles", "media", "__pycache__", "test-artifacts"}
GETTEXT_TOOLS = ["xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt"]
INSTALL_HINT = (
    "GNU gettext is not installed, so the translation catalogs cannot be checked. "
    "Install it (Debian/Ubuntu: `apt-get install gettext`; macOS: `brew install gettext`) and run the tests again."
)


def require_gettext():
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{INSTALL_HINT} Missing: {', '.join(missing)}.", pytrace=False)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


# --- a small reader for .po files (no third-party dependency) ------------------------------------------

@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def describe(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt else ""
        return f"line {self.line}: {self.msgid!r}{context}"


def read_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """(header fields, entries) of a .po file; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    current = Entry(line=1)
    target: tuple | None = None
    started = False

    def finish():
        nonlocal current, started, target
        if started:
            entries.append(current)
        started = False
        target = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
                current = Entry(line=number + 1)
            continue
        if line.startswith("#"):
            if started and current.msgstr:
                finish()
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith('"'):
            if target is None:
                raise AssertionError(f"{path}:{number}: a string continues nothing")
            text = ast.literal_eval(line)
            if target[0] == "msgstr":
                current.msgstr[target[1]] += text
            else:
                setattr(current, target[0], (getattr(current, target[0]) or "") + text)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and current.msgstr:
            finish()
            current = Entry(line=number)
        started = True
        text = ast.literal_eval(rest.strip())
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            current.msgstr[index] = text
            target = ("msgstr", index)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            setattr(current, keyword, text)
            target = (keyword,)
        else:
            raise AssertionError(f"{path}:{number}: unknown keyword {keyword!r}")
    finish()
    header_entries = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    header: dict[str, str] = {}
    if header_entries:
        for row in header_entries[0].msgstr.get(0, "").splitlines():
            name, _, value = row.partition(":")
            header[name.strip()] = value.strip()
    return header, [e for e in entries if not (e.msgid == "" and e.msgctxt is None)]


def nplurals(header: dict[str, str]) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header.get("Plural-Forms", ""))
    assert match, "the catalog's header has no Plural-Forms"
    return int(match.group(1))


# --- (a) every message of the code is in each catalog ----------------------------------------------------

def _copy_sources(destination: Path) -> None:
    """Copy the files makemessages reads (it writes scratch files beside templates, so never run it in the repo)."""

    def ignore(directory, names):
        skipped = []
        for name in names:
            path = Path(directory) / name
            if path.is_dir():
                if name.startswith(".") or name in NOT_SOURCE_DIRS:
                    skipped.append(name)
            elif path.suffix not in SOURCE_SUFFIXES:
                skipped.append(name)
        return skipped

    shutil.copytree(REPO, destination, ignore=ignore, symlinks=False)


@functools.cache
def extracted_messages() -> frozenset[tuple]:
    """The keys (context, msgid, plural) of every message in the code, extracted afresh by makemessages."""
    from django.test import override_settings

    with tempfile.TemporaryDirectory(prefix="merhav-makemessages-") as workdir:
        source = Path(workdir) / "src"
        _copy_sources(source)
        (source / "locale").mkdir()
        monkeypatch = pytest.MonkeyPatch()
        try:
            monkeypatch.chdir(source)
            with override_settings(LOCALE_PATHS=[str(source / "locale")]):
                call_command(
                    "makemessages", locale=["en"], keep_pot=True, no_obsolete=True, ignore_patterns=IGNORE,
                    verbosity=0,
                )
        finally:
            monkeypatch.undo()
        pot = source / "locale" / "django.pot"
        assert pot.exists(), "makemessages wrote no django.pot"
        _, entries = read_po(pot)
    assert entries, "makemessages found no messages in the code"
    return frozenset(entry.key for entry in entries)


def test_gettext_is_installed():
    require_gettext()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_code_is_in_the_catalog(language):
    require_gettext()
    _, entries = read_po(po_path(language))
    in_catalog = {entry.key for entry in entries}
    missing = sorted(extracted_messages() - in_catalog, key=lambda key: (key[1], key[0] or ""))
    listing = "\n".join(f"  {msgid!r}" + (f" (context {ctx!r})" if ctx else "") for ctx, msgid, _ in missing[:30])
    if missing:
        pytest.fail(
            f"{len(missing)} message(s) of the code are not in locale/{language}/LC_MESSAGES/django.po. "
            f"Run makemessages (see this file's docstring), translate, compilemessages, and commit locale/.\n{listing}",
            pytrace=False,
        )


ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{|x[0-9a-fA-F]{2})")


def test_messages_have_no_python_escapes():
    """xgettext keeps \\u2013 and the like literally, so such a msgid never matches the string at run time:
    write the character itself (“ ” – …) in the code."""
    require_gettext()
    escaped = sorted(msgid for _, msgid, _ in extracted_messages() if ESCAPE.search(msgid))
    if escaped:
        pytest.fail(
            "These messages contain a Python escape (\\u…, \\N{…}, \\x…) that gettext cannot match at run time; "
            "write the character itself:\n" + "\n".join(f"  {m!r}" for m in escaped[:30]),
            pytrace=False,
        )


# --- (b) every entry is translated, in every plural form, and not fuzzy ----------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]?\d*(?:\.\d+)?[sdifr]")


TRANSLATING_CALLS = {"gettext", "_", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
                     "npgettext", "gettext_noop"}


def test_no_message_is_hidden_inside_an_f_string():
    """xgettext reads an f-string as one literal, so a gettext("…") call inside one is never extracted: the message
    is missing from the catalogs and shows in English on a Hebrew page (the page header's "Modules" and "National
    administration" did, once the template that also held them was gone). Translate into a variable first."""
    hidden = []
    for path in sorted((REPO / "merhav").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                function = getattr(inner, "func", None)
                name = getattr(function, "id", None) or getattr(function, "attr", None)
                if isinstance(inner, ast.Call) and name in TRANSLATING_CALLS:
                    hidden.append(f"{path.relative_to(REPO)}:{inner.lineno}: {ast.unparse(inner)}")
    assert not hidden, "translation calls inside f-strings (not extracted by makemessages):\n" + "\n".join(hidden)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    path = po_path(language)
    assert path.exists(), f"{path} is missing"
    header, entries = read_po(path)
    forms = nplurals(header)
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy (check the translation, then remove the flag): {entry.describe()}")
            continue
        expected = set(range(forms)) if entry.msgid_plural is not None else {0}
        if set(entry.msgstr) != expected:
            problems.append(f"expected {len(expected)} form(s), found {len(entry.msgstr)}: {entry.describe()}")
            continue
        if any(not text.strip() for text in entry.msgstr.values()):
            problems.append(f"untranslated: {entry.describe()}")
            continue
        # Named placeholders: a translation may not invent one; a singular message must keep all of them
        # (a plural form for exactly one number, e.g. "one item", may leave the count out).
        source = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        for index, text in entry.msgstr.items():
            used = set(PLACEHOLDER.findall(text))
            if used - source:
                problems.append(f"unknown placeholder(s) {sorted(used - source)} in msgstr[{index}]: {entry.describe()}")
            if entry.msgid_plural is None and source - used:
                problems.append(f"placeholder(s) {sorted(source - used)} left out: {entry.describe()}")
    listing = "\n".join(f"  {p}" for p in problems[:40])
    if problems:
        pytest.fail(f"{len(problems)} problem(s) in {path.relative_to(REPO)}:\n{listing}", pytrace=False)


def test_english_catalog_repeats_the_code():
    """English text is edited in the code, not in the catalog: en's msgstr is the msgid."""
    _, entries = read_po(po_path("en"))
    differing = [
        entry.describe()
        for entry in entries
        if entry.msgstr.get(0) != entry.msgid or (entry.msgid_plural is not None and entry.msgstr.get(1) != entry.msgid_plural)
    ]
    if differing:
        pytest.fail("English msgstr differs from the msgid:\n" + "\n".join(f"  {d}" for d in differing[:30]), pytrace=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_names_the_language(language):
    header, _ = read_po(po_path(language))
    assert header.get("Language") == language
    assert "charset=UTF-8" in header.get("Content-Type", "")


# --- (c) each committed .mo is the compiled .po ----------------------------------------------------------

def _catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gnu_gettext.GNUTranslations(handle)._catalog)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_up_to_date(language, tmp_path):
    require_gettext()
    po = po_path(language)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed.relative_to(REPO)} is missing: run compilemessages and commit it"
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(fresh), str(po)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"msgfmt refused {po.relative_to(REPO)}:\n{result.stderr}"
    expected, actual = _catalog(fresh), _catalog(committed)
    stale = sorted(str(k) for k in expected.keys() ^ actual.keys() | {k for k in expected if expected[k] != actual.get(k)})
    if stale:
        pytest.fail(
            f"{committed.relative_to(REPO)} is not the compiled {po.name}: run "
        f"`.venv/bin/python manage.py compilemessages -l {language} -i .venv` and commit it. "
            f"Differing messages: {stale[:20]}",
            pytrace=False,
        )


# --- JavaScript gets its strings from the page ---------------------------------------------------------

JS_GETTEXT = re.compile(r"\b(?:gettext|ngettext|pgettext|npgettext|interpolate)\s*\(")


def test_javascript_does_not_translate_by_itself():
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "merhav").rglob("*.js"))
        if "/static/" in path.as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if JS_GETTEXT.search(line)
    ]
    assert not offenders, (
        "JavaScript calls gettext(), but there is no djangojs catalog: render the strings into "
        "data-attributes in the template instead. " + ", ".join(offenders)
    )
