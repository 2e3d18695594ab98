"""The module kit keeps its promise: a module generated from scripts/module_template/ by
scripts/new_module.py passes every cross-cutting test with no edit to the foundation.

In a copy of the repository (the files git knows, as they are in the working tree), the generator starts a
throwaway module `kitcheck` (entity Drill). Then, in that copy, with this Python:
- ruff passes on the generated code, `makemigrations --check` finds its first migration complete, and
  the import contracts (lint-imports) hold;
- mypy passes on its services, selectors and policy (when mypy is installed);
- pytest passes on the isolation crawler (the table checks and the module's URLs), the auditor replay,
  the translation test, the dashboard's query count, and the module's own tests (persona, query-count,
  API, registration: its navigation entry, panel, API description and demo);
- with Chromium, the module's browser tests (axe in he/ar/en, a 360 px phone, the main flow by keyboard
  alone in he and ar) pass, like tests/browser:
  skipped without a browser, failed in CI.
Nothing is generated in the repository itself, and this test is kept: it keeps the kit honest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MODULE, ENTITY = "kitcheck", "drill"
GENERATE = [
    "scripts/new_module.py", MODULE, "--entity", "Drill", "--entities", "Drills",
    "--he-entity", "תרגיל", "--he-entities", "תרגילים", "--he-new", "תרגיל חדש",
    "--ar-entity", "تمرين", "--ar-entities", "تمارين", "--ar-new", "تمرين جديد",
]
# The cross-cutting tests. The crawler's tests are parametrized by URL: its table checks and the module's URLs.
CROSS_CUTTING = [
    "tests/test_isolation_crawler.py", "tests/test_auditor_read_only.py", "tests/test_translations.py",
    "tests/test_dashboard_queries.py",
]
ONLY_THE_MODULES_URLS = f"{MODULE} or {ENTITY} or not (cannot_reach or sent_to_login)"
TIMEOUT = 1200


def copy_of_the_repository(destination: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=60)
    for name in listed.stdout.decode().split("\0"):
        source = REPO / name
        if name and source.is_file():  # a file deleted in the working tree is not copied
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def environment(root: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    database = env.get("DATABASE_URL", "")
    if database.startswith(("postgres://", "postgresql://")):
        # The copy's tests get their own database (test_<name>_kit), never this run's test database.
        parts = urlsplit(database)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_kit"))
    return env


def run(root: Path, *command: str) -> subprocess.CompletedProcess:
    result = subprocess.run(list(command), cwd=root, env=environment(root), capture_output=True, text=True,
                            timeout=TIMEOUT)
    assert result.returncode == 0, (
        f"`{' '.join(command)}` failed ({result.returncode}) on the module generated from the kit:\n"
        f"{result.stdout[-6000:]}\n{result.stderr[-4000:]}"
    )
    return result


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A copy of the repository with the module `kitcheck` generated in it."""
    root = tmp_path_factory.mktemp("module-kit")
    copy_of_the_repository(root)
    run(root, PYTHON, *GENERATE)
    return root


def test_the_repository_has_no_generated_module():
    assert not (REPO / "merhav" / MODULE).exists(), f"merhav/{MODULE} is the kit test's throwaway module: delete it"


def test_a_generated_module_passes_the_cross_cutting_tests(generated):
    module = f"merhav/{MODULE}"
    assert {p.name for p in (generated / module).iterdir()} >= {
        "apps.py", "models.py", "migrations", "services.py", "selectors.py", "policy.py", "forms.py", "views.py",
        "urls.py", "api.py", "panels.py", "demo.py", "templates", "tests",
    }
    run(generated, PYTHON, "-m", "ruff", "check", module)
    run(generated, PYTHON, "manage.py", "makemigrations", "--check", "--dry-run")
    run(generated, str(Path(PYTHON).with_name("lint-imports")), "--no-cache")
    result = run(generated, PYTHON, "-m", "pytest", "-q", "-m", "not browser", "-k", ONLY_THE_MODULES_URLS,
                 *CROSS_CUTTING, module)
    assert " passed" in result.stdout and " failed" not in result.stdout, result.stdout[-3000:]


def test_a_generated_modules_typed_layer_passes_mypy(generated):
    """pyproject's [tool.mypy] types every app's services, selectors and policy."""
    pytest.importorskip("mypy", reason="mypy is not installed")
    module = f"merhav/{MODULE}"
    run(generated, PYTHON, "-m", "mypy", f"{module}/services.py", f"{module}/selectors.py", f"{module}/policy.py")


@pytest.mark.browser
def test_a_generated_modules_pages_pass_axe_and_fit_a_phone(generated):
    result = run(generated, PYTHON, "-m", "pytest", "-q", "-m", "browser", f"merhav/{MODULE}")
    assert " passed" in result.stdout or " skipped" in result.stdout, result.stdout[-3000:]
