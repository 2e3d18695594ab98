"""Shared by scripts/run.py and scripts/test.py: a virtual environment holding exactly one compiled lock.

Standard library only: it runs with the system's Python 3.11+ before anything is installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)


def say(message: str) -> None:
    print(f"[merhav] {message}", flush=True)


def fail(message: str, code: int = 1) -> None:
    print(f"[merhav] ERROR: {message}", file=sys.stderr, flush=True)
    raise SystemExit(code)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def check_python() -> None:
    if sys.version_info < MIN_PYTHON:
        fail(f"Merhav needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; this is {sys.version.split()[0]}.")


LOCK_STAMP = ".installed-lock.json"
# The venv's own installer: a lock may pin them (requirements-test.txt does, for pip-tools), but installing
# another lock never removes them.
KEPT = {"pip", "setuptools", "wheel"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    """A distribution name as pip compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins(path: Path) -> dict[str, str]:
    """Distribution name -> version of every `name==version` line of a compiled lock."""
    pins = {}
    for line in path.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            pins[canonical(match[1])] = match[2]
    return pins


def needs_install(stamp: dict | None, lock: str, digest: str, wanted: dict[str, str]) -> bool:
    """Whether the venv described by `stamp` (what the last install wrote) lacks the lock `lock`.

    The lock installed last is up to date when its file has not changed. Another lock that was installed
    last (requirements-test.txt, which holds every runtime pin) serves as well when it has every pin of
    `lock` at the same version, so command one after command two installs nothing.
    """
    if not stamp:
        return True
    if stamp.get("lock") == lock:
        return stamp.get("digest") != digest
    installed = stamp.get("pins") or {}
    return any(installed.get(name) != version for name, version in wanted.items())


def extras(installed: list[str], wanted: dict[str, str]) -> list[str]:
    """The installed distributions that the lock does not pin: they are removed so the venv is the lock."""
    return sorted(name for name in installed if canonical(name) not in wanted and canonical(name) not in KEPT)


def _read_stamp() -> dict | None:
    try:
        return json.loads((VENV / LOCK_STAMP).read_text())
    except (OSError, ValueError):
        return None


def _install_lock(python: Path, path: Path, wanted: dict[str, str]) -> None:
    """Install exactly the lock `path`: its pins with their hashes, then remove anything else."""
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    # --require-hashes: every file must match a hash in the lock, and a dependency missing from the lock
    # stops the install instead of being fetched unpinned.
    run([*pip, "install", "--quiet", "--require-hashes", "-r", str(path)])
    listed = subprocess.run(  # noqa: S603 - our own command
        [*pip, "list", "--format=json"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    unwanted = extras([d["name"] for d in json.loads(listed.stdout)], wanted)
    if unwanted:
        say(f"Removing what {path.name} does not pin: {', '.join(unwanted)}")
        run([*pip, "uninstall", "--quiet", "--yes", *unwanted])


def ensure_venv(requirements: str) -> Path:
    """Create .venv if needed and install the lock `requirements`, exactly, when the venv does not have it."""
    check_python()
    python = venv_python()
    if not python.exists():
        say(f"Creating the virtual environment in {VENV} ...")
        try:
            venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
        except (subprocess.CalledProcessError, OSError) as exc:
            fail(
                f"Could not create {VENV} ({exc}). On Debian/Ubuntu install the venv module first: "
                f"sudo apt-get install python3-venv"
            )
    path = ROOT / requirements
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    wanted = lock_pins(path)
    if needs_install(_read_stamp(), path.name, digest, wanted):
        say(f"Installing {requirements} (the exact lock, hash-checked) ...")
        (VENV / LOCK_STAMP).unlink(missing_ok=True)
        _install_lock(python, path, wanted)
        (VENV / LOCK_STAMP).write_text(json.dumps({"lock": path.name, "digest": digest, "pins": wanted}))
    return python


def run(command: list[str], env: dict | None = None, check: bool = True) -> int:
    result = subprocess.run(command, cwd=ROOT, env=env)  # noqa: S603 - our own commands
    if check and result.returncode != 0:
        fail(f"{' '.join(command)} exited with {result.returncode}.", result.returncode)
    return result.returncode


def manage(python: Path, *args: str) -> None:
    run([str(python), "manage.py", *args])
