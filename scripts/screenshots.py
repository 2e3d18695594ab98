#!/usr/bin/env python3
"""Screenshots of pages in Hebrew, Arabic and English, on a desktop and a phone, into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py                 # the dashboard, as the demo CEO
    .venv/bin/python scripts/screenshots.py --page /a/givat-zamir/people/ --name people

Builds a fresh copy of the demo database in a temporary folder, serves it with `manage.py runserver` on
a port of 8100-8199 (default 8160), logs in as a demo user (two-factor code from `manage.py demo_otp`),
switches the language with the header buttons and takes full-page screenshots with Debian's Chromium.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
CHROMIUM = os.environ.get("MERHAV_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SIZES = {"1280": {"width": 1280, "height": 900}, "360": {"width": 360, "height": 800}}
LANGUAGES = ["he", "ar", "en"]
DEMO_PASSWORD = "merhav-demo-2026"


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 - our own command
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout.strip() if capture else ""


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except urllib.error.HTTPError:
            return  # it answers (503 from /healthz without a worker is fine)
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server at {url} did not answer in {seconds} s.")


def log_in(page, env: dict, base: str, email: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    for _attempt in range(2):
        if "/account/2fa/" not in page.url:
            break
        # A code is accepted once: a second login in the same 30-second step waits for the next code.
        if _attempt:
            time.sleep(30 - time.time() % 30 + 1)
        page.fill("input[name=otp_token]", manage(env, "demo_otp", email, capture=True))
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    if "/login/" in page.url or "/account/2fa/" in page.url:
        raise SystemExit(f"Could not log in as {email}: still on {page.url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument("--user", default="ceo@givat-zamir.example")
    parser.add_argument("--page", default="/", help="path to shoot after logging in (default: the user's dashboard)")
    parser.add_argument("--name", default="dashboard", help="file name prefix in docs/screenshots/")
    args = parser.parse_args()
    if not 8100 <= args.port <= 8199:
        raise SystemExit("Use a port of 8100-8199.")

    folder = tempfile.mkdtemp(prefix="merhav-shots-")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3", "DEBUG": "true", "PYTHONUNBUFFERED": "1"}
    env.pop("MERHAV_ENV", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(  # noqa: S603 - our own command
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{args.port}"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/healthz")
        from playwright.sync_api import sync_playwright

        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                log_in(page, env, base, args.user)
                for language in LANGUAGES:
                    page.goto(base + args.page)
                    page.click(f".lang-switch button[value={language}]")
                    page.wait_for_selector(f"html[lang={language}]")
                    path = OUT / f"{args.name}-{language}-{size}.png"
                    page.screenshot(path=str(path), full_page=True)
                    width = page.evaluate("document.documentElement.scrollWidth")
                    print(f"{path.relative_to(ROOT)}  (page width {width}px in a {viewport['width']}px window)")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
