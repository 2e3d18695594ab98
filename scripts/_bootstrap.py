"""Shared by scripts/run.py and scripts/test.py: a virtual environment with pinned requirements.

Standard library only: it runs with the system's Python 3.11+ before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
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


def _requirement_files(path: Path) -> list[Path]:
    """The file and every file it includes with -r."""
    files = [path]
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith(("-r ", "--requirement ")):
            files += _requirement_files(path.parent / line.split(maxsplit=1)[1])
    return files


def ensure_venv(requirements: str) -> Path:
    """Create .venv if needed and install `requirements` when it changed since the last install."""
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
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in _requirement_files(path))).hexdigest()
    stamp = VENV / f".installed-{path.name}.sha256"
    if not stamp.exists() or stamp.read_text().strip() != digest:
        say(f"Installing {requirements} (pinned) ...")
        run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r", str(path)])
        stamp.write_text(digest)
    return python


def run(command: list[str], env: dict | None = None, check: bool = True) -> int:
    result = subprocess.run(command, cwd=ROOT, env=env)  # noqa: S603 - our own commands
    if check and result.returncode != 0:
        fail(f"{' '.join(command)} exited with {result.returncode}.", result.returncode)
    return result.returncode


def manage(python: Path, *args: str) -> None:
    run([str(python), "manage.py", *args])
