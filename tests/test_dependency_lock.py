"""The dependency lock agrees with what it is compiled from and with what the code imports.

requirements.in and requirements-test.in say what Merhav asks for; requirements.txt and
requirements-test.txt are what pip-compile made of them (README.md, "Updating dependencies"), and
scripts/run.py and scripts/test.py install exactly those. These checks only read files: no network and no
pip-compile, so they fail fast when someone edits one side and forgets to recompile the other.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [("requirements.in", "requirements.txt"), ("requirements-test.in", "requirements-test.txt")]


@dataclass
class Pin:
    version: str
    hashes: set[str] = field(default_factory=set)
    via: list[str] = field(default_factory=list)


def _without_comment(line: str) -> str:
    return re.sub(r"(^|\s)#.*$", "", line).strip()


def declared(in_file: str) -> dict[str, Requirement]:
    """The requirements an .in file names, following its `-r` includes (a `-c` constraint names none)."""
    requirements = {}
    for raw in (ROOT / in_file).read_text().splitlines():
        line = _without_comment(raw)
        if line.startswith(("-r ", "--requirement ")):
            requirements.update(declared(line.split(maxsplit=1)[1]))
        elif line and not line.startswith("-"):
            requirement = Requirement(line)
            requirements[canonicalize_name(requirement.name)] = requirement
    return requirements


def locked(lock_file: str) -> dict[str, Pin]:
    """The pins of a compiled lock with their hashes and the `# via` notes pip-compile wrote under them."""
    pins: dict[str, Pin] = {}
    current = None
    for line in (ROOT / lock_file).read_text().replace("\\\n", " ").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            requirement, *options = line.split(" --hash=")
            name, _, version = _without_comment(requirement).partition("==")
            assert version, f"{lock_file}: {line.strip()!r} is not pinned with =="
            current = pins[canonicalize_name(name)] = Pin(version.strip(), {o.strip() for o in options})
        elif current is not None and line.strip().startswith("# via"):
            note = line.strip().removeprefix("# via").strip()
            current.via += [note] if note else []
        elif current is not None and line.strip().startswith("#   "):
            current.via.append(line.strip().removeprefix("#").strip())
    return pins


@pytest.mark.parametrize(("in_file", "lock_file"), PAIRS)
def test_every_requirement_is_pinned_with_hashes(in_file, lock_file):
    pins = locked(lock_file)
    assert pins, f"{lock_file} pins nothing"
    unhashed = sorted(name for name, pin in pins.items() if not pin.hashes)
    assert not unhashed, f"{lock_file} pins these without a hash: {unhashed}"
    assert all(h.startswith("sha256:") for pin in pins.values() for h in pin.hashes)
    missing = sorted(name for name in declared(in_file) if name not in pins)
    assert not missing, f"{in_file} asks for {missing}, which {lock_file} does not pin: recompile it"
    outside = sorted(
        f"{name}=={pins[name].version} (asked: {requirement.specifier})"
        for name, requirement in declared(in_file).items()
        if not requirement.specifier.contains(Version(pins[name].version), prereleases=True)
    )
    assert not outside, f"{lock_file} pins versions that {in_file} excludes: {outside}: recompile it"


@pytest.mark.parametrize(("in_file", "lock_file"), PAIRS)
def test_lock_pins_nothing_stale(in_file, lock_file):
    """A pin is there because its .in file or another pin of the same lock asks for it."""
    names, pins = set(declared(in_file)), locked(lock_file)
    for name, pin in pins.items():
        sources = [s for s in pin.via if not s.startswith("-c ")]
        assert sources, f"{lock_file}: nothing asks for {name}"
        for source in sources:
            if source.startswith("-r "):
                assert name in names, f"{lock_file} pins {name} for {source.split()[1]}, which no longer asks for it"
            else:
                assert canonicalize_name(source) in pins, f"{lock_file} pins {name} for {source}, which it lacks"


def test_test_lock_keeps_the_runtime_pins():
    """requirements-test.txt installs alone and runs the tests on the very versions production runs."""
    runtime, test = locked("requirements.txt"), locked("requirements-test.txt")
    differing = sorted(
        f"{name}: {pin.version} vs {test[name].version if name in test else 'missing'}"
        for name, pin in runtime.items()
        if name not in test or (test[name].version, test[name].hashes) != (pin.version, pin.hashes)
    )
    assert not differing, f"requirements-test.txt differs from requirements.txt on {differing}: recompile it"


@pytest.mark.parametrize("in_file", ["requirements.in", "requirements-test.in"])
def test_every_requirement_has_an_upper_bound(in_file):
    """A recompile never jumps over a breaking release: below 1.0 a minor one, from 1.0 a major one."""
    unbounded = [
        str(r) for r in declared(in_file).values() if not any(s.operator in ("<", "<=", "==", "~=") for s in r.specifier)
    ]
    assert not unbounded, f"{in_file} has no upper bound for {unbounded}"


# Files of merhav/ that only a development tool loads, never the running site: their imports belong to
# requirements-test.in. (test_dev_tool_modules_stay_out_of_the_site keeps this list honest.)
DEV_TOOL_MODULES = {
    "merhav/core/import_contracts.py": "merhav.core.import_contracts",  # an import-linter contract: lint-imports
}


def _is_test_code(path: Path) -> bool:
    return (
        "tests" in path.parts
        or path.name.startswith("test_")
        or path.name == "conftest.py"
        or path.as_posix() in DEV_TOOL_MODULES
    )


def _imports(paths: list[Path]) -> dict[str, Path]:
    """Top-level module name -> a file that imports it, for absolute imports that are not first-party."""
    found = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for top in (name.partition(".")[0] for name in names):
                first_party = any(
                    (folder / top).is_dir() or (folder / f"{top}.py").exists() for folder in (ROOT, path.parent)
                )
                if top not in sys.stdlib_module_names and not first_party:
                    found.setdefault(top, path)
    return found


_providers = cache(packages_distributions)  # top-level module -> distributions, of this environment


def _undeclared(paths: list[Path], names: set[str]) -> list[str]:
    providers = _providers()
    problems = []
    for module, path in sorted(_imports(paths).items()):
        distributions = {canonicalize_name(d) for d in providers.get(module, [])}
        if not distributions & names:
            what = f"distribution {sorted(distributions)}" if distributions else "no installed distribution"
            problems.append(f"{module} (imported by {path.relative_to(ROOT)}; {what})")
    return problems


def test_runtime_code_imports_only_what_requirements_in_declares():
    code = [p for p in (ROOT / "merhav").rglob("*.py") if not _is_test_code(p.relative_to(ROOT))]
    assert len(code) > 50
    undeclared = _undeclared(code, set(declared("requirements.in")))
    assert not undeclared, f"merhav imports these, which requirements.in does not declare: {undeclared}"


def test_dev_tool_modules_stay_out_of_the_site():
    site = [p for p in (ROOT / "merhav").rglob("*.py") if not _is_test_code(p.relative_to(ROOT))]
    for path, dotted in DEV_TOOL_MODULES.items():
        assert (ROOT / path).exists(), f"{path} is gone: drop it from DEV_TOOL_MODULES"
        name = dotted.rpartition(".")[2]  # found however it is imported, relative or absolute
        importers = [str(p.relative_to(ROOT)) for p in site if re.search(rf"\b{name}\b", p.read_text())]
        assert not importers, f"the site imports {dotted} ({importers}): declare its imports in requirements.in"


def test_tests_and_tools_import_only_what_the_test_lock_declares():
    code = [
        p
        for folder in ("merhav", "tests", "bench", "scripts")
        for p in (ROOT / folder).rglob("*.py")
        if folder != "merhav" or _is_test_code(p.relative_to(ROOT))
    ] + [ROOT / "conftest.py"]
    undeclared = _undeclared(code, set(declared("requirements-test.in")))
    assert not undeclared, f"these are imported, but requirements-test.in does not declare them: {undeclared}"


# --- scripts/_bootstrap.py: what command one and command two install -----------------------------------


@pytest.fixture(scope="module")
def bootstrap():
    spec = importlib.util.spec_from_file_location("merhav_bootstrap", ROOT / "scripts" / "_bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lock_file", ["requirements.txt", "requirements-test.txt"])
def test_bootstrap_reads_the_same_pins_as_the_lock(bootstrap, lock_file):
    assert bootstrap.lock_pins(ROOT / lock_file) == {name: pin.version for name, pin in locked(lock_file).items()}


def test_bootstrap_installs_a_lock_only_when_the_venv_lacks_it(bootstrap):
    runtime = {"django": "5.2.19", "numpy": "2.4.6"}
    test = {**runtime, "pytest": "9.2.0"}
    installed_test = {"lock": "requirements-test.txt", "digest": "t1", "pins": test}
    installed_runtime = {"lock": "requirements.txt", "digest": "r1", "pins": runtime}
    assert bootstrap.needs_install(None, "requirements.txt", "r1", runtime)
    assert not bootstrap.needs_install(installed_runtime, "requirements.txt", "r1", runtime)
    assert bootstrap.needs_install(installed_runtime, "requirements.txt", "r2", runtime)  # the lock changed
    assert bootstrap.needs_install(installed_runtime, "requirements-test.txt", "t1", test)  # no pytest yet
    # Command one after command two: the test lock holds every runtime pin, nothing to install.
    assert not bootstrap.needs_install(installed_test, "requirements.txt", "r1", runtime)
    # ... unless a runtime pin moved since the test lock was installed.
    assert bootstrap.needs_install(installed_test, "requirements.txt", "r2", {**runtime, "numpy": "2.5.0"})


def test_bootstrap_removes_what_the_lock_does_not_pin_but_keeps_pip(bootstrap):
    wanted = {"django": "5.2.19", "typing-extensions": "4.16.0"}
    installed = ["Django", "typing_extensions", "mypy", "pip", "setuptools", "Old.Package"]
    assert bootstrap.extras(installed, wanted) == ["Old.Package", "mypy"]
