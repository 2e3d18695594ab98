"""The import contracts (.importlinter) hold on the code, and each kind of wrong import breaks them.

The wrong imports are made in a copy of the package, never in the repository."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, env={"PYTHONPATH": str(root)},
        timeout=300,
    )


@pytest.fixture
def copy_of_the_package(tmp_path) -> Path:
    shutil.copytree(REPO / "merhav", tmp_path / "merhav", ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"))
    shutil.copy(REPO / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def add_import(root: Path, module_file: str, statement: str) -> None:
    path = root / module_file
    path.write_text(path.read_text() + f"\n{statement}  # noqa\n")


def test_the_code_keeps_every_contract():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_keeps_them_before_any_change(copy_of_the_package):
    assert lint_imports(copy_of_the_package).returncode == 0


@pytest.mark.parametrize(
    ("module_file", "statement", "named"),
    [
        ("merhav/core/permissions.py", "import merhav.tenancy.models", "The core imports no app of Merhav"),
        ("merhav/tenancy/services.py", "import merhav.ui.charts", "merhav.tenancy is not allowed to import merhav.ui"),
        ("merhav/audit/services.py", "import merhav.tenancy.roles", "No cycles between apps"),
        ("merhav/notify/services.py", "import merhav.lessons.models", "merhav.notify.services imports merhav.lessons"),
    ],
    ids=["core-imports-an-app", "layer-upwards", "cycle", "foundation-imports-a-module"],
)
def test_a_wrong_import_breaks_a_contract(copy_of_the_package, module_file, statement, named):
    add_import(copy_of_the_package, module_file, statement)
    result = lint_imports(copy_of_the_package)
    assert result.returncode != 0
    assert named in result.stdout


def test_a_module_importing_another_needs_a_listed_arrow(copy_of_the_package):
    other = copy_of_the_package / "merhav" / "zz_other"
    other.mkdir()
    (other / "__init__.py").write_text("")
    (other / "apps.py").write_text("import merhav.lessons.models  # noqa\n")
    result = lint_imports(copy_of_the_package)
    assert result.returncode != 0
    assert "merhav.zz_other.apps imports merhav.lessons.models (no arrow allows it)" in result.stdout

    config = copy_of_the_package / ".importlinter"
    config.write_text(config.read_text() + "    merhav.zz_other -> merhav.lessons  # a test's reason\n")
    assert lint_imports(copy_of_the_package).returncode == 0
