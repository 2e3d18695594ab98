#!/usr/bin/env python3
"""Command two: lint and run the whole test suite, real-browser tests included.

    python3 scripts/test.py                 # ruff check + import contracts + mypy + pytest (SQLite)
    python3 scripts/test.py -k crawler      # extra arguments go to pytest
    python3 scripts/test.py --no-browser    # skip the Chromium check and the browser tests

Installs exactly the lock requirements-test.txt into .venv, and Debian's `chromium` with apt-get when it is
missing and this user may install packages (root, or sudo without a password); otherwise it says what to install and fails.
Set DATABASE_URL to run the suite on PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from _bootstrap import ROOT, ensure_venv, fail, run, say

CHROMIUM = os.environ.get("MERHAV_CHROMIUM", "/usr/bin/chromium")
LINTED = ["merhav", "tests", "bench", "scripts", "conftest.py"]


def _can_install_packages() -> list[str] | None:
    """The prefix to run apt-get with, or None when this user may not install packages."""
    if not shutil.which("apt-get"):
        return None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(
        ["sudo", "-n", "true"], capture_output=True, stdin=subprocess.DEVNULL  # noqa: S607
    ).returncode == 0:
        return ["sudo", "-n"]
    return None


def ensure_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    prefix = _can_install_packages()
    if prefix is None:
        fail(
            f"The browser tests need Chromium at {CHROMIUM}. Install Debian's package:\n"
            "    sudo apt-get update && sudo apt-get install -y chromium\n"
            "or point MERHAV_CHROMIUM at a Chromium binary, or run without the browser tests:\n"
            "    python3 scripts/test.py --no-browser"
        )
    say("Installing Debian's chromium with apt-get ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run([*prefix, "apt-get", "update", "-qq"], env=env)
    run([*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core"], env=env)
    if not os.path.exists(CHROMIUM):
        fail(f"apt-get installed chromium, but {CHROMIUM} is still missing. Set MERHAV_CHROMIUM to its path.")


def main() -> int:
    args = sys.argv[1:]
    no_browser = "--no-browser" in args
    args = [a for a in args if a != "--no-browser"]
    python = ensure_venv("requirements-test.txt")
    if no_browser:
        args = ["-m", "not browser", *args]
    else:
        ensure_chromium()
    say("ruff check ...")
    run([str(python), "-m", "ruff", "check", *[p for p in LINTED if (ROOT / p).exists()]])
    say("lint-imports (the import contracts of .importlinter) ...")
    run([str(python.with_name("lint-imports")), "--no-cache"])
    say("mypy (the core, every app's services, selectors and policy: [tool.mypy] in pyproject.toml) ...")
    run([str(python), "-m", "mypy"])
    # whitenoise warns on every request of every test when staticfiles/ does not exist yet.
    run([str(python), "manage.py", "collectstatic", "--noinput", "-v", "0"])
    say("pytest ...")
    code = run([str(python), "-m", "pytest", *args], check=False)
    if code == 5:
        fail("pytest collected no tests.")
    return code


if __name__ == "__main__":
    sys.exit(main())
