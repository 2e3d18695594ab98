"""Start a new module of Merhav from the module kit: docs/adding-a-module.md is the checklist it begins.

    .venv/bin/python scripts/new_module.py drills --entity Drill --entities Drills \\
        --he-entity תרגיל --he-entities תרגילים --he-new "תרגיל חדש" \\
        --ar-entity تمرين --ar-entities تمارين --ar-new "تمرين جديد"

It copies scripts/module_template/ into merhav/<name>/ (every room of a module: model, first migration,
service, selector, policy, form, pages, API, panel, demo, crawler fillers and tests), puts the names in,
adds the module's messages with their Hebrew and Arabic translations to locale/{he,ar,en}, runs
makemessages and compilemessages, and prints the next steps. The new module touches no foundation file:
settings.py installs every merhav/*/apps.py, and its AppConfig declares the rest.

Placeholders of the template (in file contents and names; the files end in -tpl so that nothing reads
them as code before they are filled in):
    __module__ / __Module__       the package and app label (drills) / its class-name form (Drills)
    __entity__ / __entities__     the entity in identifiers (drill / drills; action_plan / action_plans)
    __Entity__ / __model_name__   the model class (Drill; ActionPlan) / Django's model name (actionplan)
    __Entities__                  the plural as a title, in messages (Drills; Action plans)
    __entity_text__, __entities_text__   the names in running text (drill, drills; action plan)
    __he_entity__                 the Hebrew name (demo data)
    __index_*__                   the names Django gives the model's indexes (for the first migration)
tests/test_module_kit.py generates a throwaway module with this script and runs the cross-cutting tests on it.
"""

from __future__ import annotations

import argparse
import builtins
import keyword
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "module_template"
LANGUAGES = ("he", "ar", "en")
PLACEHOLDER = re.compile(r"__(module|Module|entity|entities|Entity|Entities|model_name|entity_text|entities_text|"
                         r"he_entity|index_authority_updated|index_authority_status)__")
# The indexes of the template's model (models.py-tpl), by placeholder: Django names them from a hash.
INDEXES = {"index_authority_updated": ["authority", "-updated_at"], "index_authority_status": ["authority", "status"]}
# Names a module or an entity cannot take: the template's own names, Python's, the project's packages.
RESERVED = {
    "api", "apps", "audit", "authority", "context", "core", "demo", "detail", "dict", "edit", "form", "forms",
    "id", "index", "list", "migrations", "models", "object", "page", "panels", "policy", "request", "selectors",
    "services", "settings", "status", "static", "templates", "tests", "type", "url", "urls", "views",
}
MAKEMESSAGES_IGNORE = ["tests", "bench", "docs", "seeds", "staticfiles", "media", "node_modules", "conftest.py",
                       ".venv", "scripts"]

# Every message of the template that is not a name, with its Hebrew and Arabic translation. They are added
# to a catalog that lacks them (most are already there); a catalog's own translation is never replaced.
# Words that take a gender in Hebrew or Arabic are avoided (the entity can be of either).
TEMPLATE_MESSAGES = {
    "Draft": ("טיוטה", "مسودة"),
    "In progress": ("בביצוע", "قيد التنفيذ"),
    "Archived": ("בארכיון", "في الأرشيف"),
    "title": ("כותרת", "العنوان"),
    "description": ("תיאור", "الوصف"),
    "status": ("סטטוס", "الحالة"),
    "Title": ("כותרת", "العنوان"),
    "Description": ("תיאור", "الوصف"),
    "Status": ("סטטוס", "الحالة"),
    "Edit": ("עריכה", "تحرير"),
    "Save": ("שמירה", "حفظ"),
    "Cancel": ("ביטול", "إلغاء"),
    "Breadcrumbs": ("פירורי לחם", "مسار التنقل"),
    "Last updated": ("עדכון אחרון", "آخر تحديث"),
    "Nothing here yet.": ("עדיין אין כאן כלום.", "لا يوجد شيء هنا بعد."),
    "Saved.": ("השמירה בוצעה.", "تم الحفظ."),
    "This field is required.": ("זהו שדה חובה.", "هذا الحقل مطلوب."),
    "Select a valid choice. That choice is not one of the available choices.": (
        "יש לבחור אפשרות תקינה. האפשרות שנבחרה אינה אחת מהאפשרויות הזמינות.",
        "اختر خيارًا صحيحًا. هذا الخيار ليس من بين الخيارات المتاحة.",
    ),
    "This was changed by someone else.": ("מישהו אחר שינה את זה.", "غيّر شخص آخر هذا."),
    "Someone else saved a change after you started editing. Nothing was overwritten: compare the two versions, "
    "merge, and save again with the current version.": (
        "מישהו אחר שמר שינוי אחרי שהתחלת לערוך. שום דבר לא נדרס: יש להשוות בין שתי הגרסאות, למזג ולשמור שוב "
        "עם הגרסה העדכנית.",
        "حفظ شخص آخر تغييرًا بعد أن بدأت التحرير. لم يُستبدل أي شيء: قارن بين النسختين وادمجهما ثم احفظ مجددًا "
        "بالنسخة الحالية.",
    ),
    "Someone else saved a change here while you were editing. What is saved now is shown above the form; the "
    "form still holds your changes. Check them and save again to replace the saved version with yours.": (
        "מישהו אחר שמר כאן שינוי בזמן שערכת. מה ששמור עכשיו מוצג מעל הטופס; הטופס עדיין מכיל את השינויים שלך. "
        "יש לבדוק אותם ולשמור שוב כדי להחליף את הגרסה השמורה בגרסה שלך.",
        "حفظ شخص آخر تغييرًا هنا أثناء تحريرك. ما هو محفوظ الآن معروض فوق النموذج؛ ولا يزال النموذج يحتوي على "
        "تغييراتك. راجعها واحفظ مجددًا لاستبدال النسخة المحفوظة بنسختك.",
    ),
}

NEXT_STEPS = """
The module {name} is in merhav/{name}/. Next, in the order of docs/adding-a-module.md:
  1. Read what was generated; run its tests:
       .venv/bin/python -m pytest -q -m "not browser" merhav/{name} tests/test_isolation_crawler.py -k "{name} or {entity}"
  2. Shape the model to the seed's process (models.py), then `manage.py makemigrations {name}` for every
     change after the first migration.
  3. Services, selectors, policy, pages, API, panel, demo, fillers and tests: one room at a time.
  4. New messages: makemessages (--no-location), translate he and ar, compilemessages (README, Translations).
  5. Screenshots in docs/screenshots/, and the definition of done in docs/adding-a-module.md.
"""


def words(text: str) -> list[str]:
    return text.split()


def lower_text(text: str) -> str:
    """'NGO partners' -> 'NGO partners', 'Drills' -> 'drills': running text keeps acronyms."""
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in words(text))


def class_name(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words(text))


def snake(text: str) -> str:
    return "_".join(w.lower() for w in words(text))


def index_name(table: str, fields: list[str]) -> str:
    """The name Django gives models.Index(fields=fields) on this table (Index.set_name_with_model)."""
    from django.db import models

    def column(name: str) -> SimpleNamespace:
        return SimpleNamespace(column=f"{name}_id" if name == "authority" else name)

    index = models.Index(fields=fields)
    index.set_name_with_model(SimpleNamespace(_meta=SimpleNamespace(db_table=table, get_field=column)))
    return index.name


def names_for(args: argparse.Namespace) -> dict[str, str]:
    entity_class = class_name(args.entity)
    names = {
        "module": args.name,
        "Module": class_name(args.name.replace("_", " ")),
        "entity": snake(args.entity),
        "entities": snake(args.entities),
        "Entity": entity_class,
        "Entities": args.entities.strip(),
        "model_name": entity_class.lower(),
        "entity_text": lower_text(args.entity),
        "entities_text": lower_text(args.entities),
        "he_entity": args.he_entity.strip(),
    }
    table = f"{args.name}_{names['model_name']}"
    for placeholder, fields in INDEXES.items():
        names[placeholder] = index_name(table, fields)
    return names


def module_messages(args: argparse.Namespace, names: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The module's messages with their translations: its names, then the template's other messages."""
    return {
        names["Entities"]: (args.he_entities, args.ar_entities),
        names["entity_text"]: (args.he_entity, args.ar_entity),
        names["entities_text"]: (args.he_entities, args.ar_entities),
        f"New {names['entity_text']}": (args.he_new, args.ar_new),
        **{msgid: texts for msgid, texts in TEMPLATE_MESSAGES.items()},
    }


def fill(text: str, names: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: names[match.group(1)], text)


def check(args: argparse.Namespace, names: dict[str, str]) -> list[str]:
    problems = []
    if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", args.name):
        problems.append(f"the module's name {args.name!r} must be lowercase letters, digits and single underscores")
    for option in ("entity", "entities"):
        if not re.fullmatch(r"[A-Za-z]+( [A-Za-z]+)*", getattr(args, option).strip()):
            problems.append(f"--{option} must be English words (letters and single spaces)")
    for option in ("he_entity", "he_entities", "he_new", "ar_entity", "ar_entities", "ar_new"):
        if not getattr(args, option).strip() or re.search(r'["\\{}%<>]', getattr(args, option)):
            problems.append(f"--{option.replace('_', '-')} must be text without quotes, braces, % or <>")
    if problems:
        return problems
    if names["entity"] == names["entities"]:
        problems.append("--entity and --entities must differ (they name a row and a list in the code)")
    for what, value in (("module name", args.name), ("entity", names["entity"]), ("entities", names["entities"])):
        if keyword.iskeyword(value) or value in RESERVED or value in dir(builtins):
            problems.append(f"the {what} {value!r} is a name the code already uses; choose another")
    if shutil.which("msgfmt") is None:
        problems.append("GNU gettext is missing (apt-get install gettext): the catalogs cannot be refreshed")
    if (ROOT / "merhav" / args.name).exists():
        problems.append(f"merhav/{args.name} already exists")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    import django
    from django.apps import apps

    django.setup()
    if args.name in {config.label for config in apps.get_app_configs()}:
        problems.append(f"an installed app is already labelled {args.name!r}")
    return problems


def copy_template(target: Path, names: dict[str, str]) -> list[Path]:
    written = []
    for source in sorted(TEMPLATE.rglob("*-tpl")):
        relative = Path(fill(str(source.relative_to(TEMPLATE)), names).removesuffix("-tpl"))
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(fill(source.read_text(encoding="utf-8"), names), encoding="utf-8")
        written.append(destination)
    leftover = [str(p) for p in written if PLACEHOLDER.search(p.read_text(encoding="utf-8")) or "-tpl" in p.name]
    if leftover:
        raise SystemExit(f"placeholders left in {leftover}: fix scripts/new_module.py or the template")
    return written


def po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def catalog(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def add_messages(messages: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    """Append the messages a catalog lacks, translated (en: the msgid itself), before makemessages merges
    them with the code: an entry that is already there keeps its translation. Returns what was added."""
    from tests.test_translations import read_po

    added: dict[str, list[str]] = {}
    for language in LANGUAGES:
        path = catalog(language)
        _header, entries = read_po(path)
        known = {entry.msgid for entry in entries if entry.msgctxt is None and entry.msgid_plural is None}
        new = [msgid for msgid in messages if msgid not in known]
        if new:
            text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
            for msgid in new:
                he, ar = messages[msgid]
                translation = {"he": he, "ar": ar, "en": msgid}[language]
                text += f"\nmsgid {po_quote(msgid)}\nmsgstr {po_quote(translation)}\n"
            path.write_text(text, encoding="utf-8")
        added[language] = new
    return added


def manage(*arguments: str) -> None:
    subprocess.run(  # noqa: S603 - our own command
        [sys.executable, str(ROOT / "manage.py"), *arguments], cwd=ROOT, check=True, timeout=600
    )


def refresh_catalogs() -> None:
    ignore = [option for pattern in MAKEMESSAGES_IGNORE for option in ("-i", pattern)]
    manage("makemessages", *(f"-l{language}" for language in LANGUAGES), "--no-obsolete", "--no-location",
           *ignore, "-v", "0")
    manage("compilemessages", *(f"-l{language}" for language in LANGUAGES), "-i", ".venv", "-v", "0")


def untranslated() -> list[str]:
    """Entries of he and ar that still need a person: empty or fuzzy."""
    from tests.test_translations import read_po

    found = []
    for language in ("he", "ar"):
        _header, entries = read_po(catalog(language))
        found += [f"{language}: {entry.describe()}" for entry in entries
                  if "fuzzy" in entry.flags or any(not text.strip() for text in entry.msgstr.values())]
    return found


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="the module's package and app label, e.g. drills")
    parser.add_argument("--entity", required=True, help="the first entity's English name, e.g. Drill")
    parser.add_argument("--entities", required=True, help="its plural, e.g. Drills")
    for language, example in (("he", "תרגיל / תרגילים / תרגיל חדש"), ("ar", "تمرين / تمارين / تمرين جديد")):
        parser.add_argument(f"--{language}-entity", required=True, help=f"the entity's name ({example})")
        parser.add_argument(f"--{language}-entities", required=True, help="its plural")
        parser.add_argument(f"--{language}-new", required=True,
                            help="'New <entity>' as a whole phrase (adjectives agree with the noun's gender)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    names = names_for(args) if re.fullmatch(r"[a-z][a-z0-9_]*", args.name) else {}
    problems = check(args, names) if names else [f"the module's name {args.name!r} is not a package name"]
    if problems:
        print("Cannot start the module:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    target = ROOT / "merhav" / args.name
    written = copy_template(target, names)
    print(f"Wrote {len(written)} files to merhav/{args.name}/")
    messages = module_messages(args, names)
    added = add_messages(messages)
    print("Messages added to the catalogs: " + ", ".join(f"{lang} {len(ids)}" for lang, ids in added.items()))
    kept = [msgid for msgid in list(messages)[:4] if msgid not in added["he"]]
    if kept:
        print(f"Already in the catalogs, with their translations (check they fit this module): {kept}")
    refresh_catalogs()
    left = untranslated()
    if left:
        print("Translate these by hand, then compilemessages:\n  " + "\n  ".join(left), file=sys.stderr)
        return 1
    print(NEXT_STEPS.format(name=args.name, entity=names["entity"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
