"""Where a page's CPU goes: cProfile of repeated GETs of one page, in-process (Django's test client, DEBUG off),
on the database a `bench/load.py --keep` run left.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/merhav_load .venv/bin/python bench/profile_page.py \
        /a/bench-city/lessons/oversight/ --as auditor --runs 30 --top 40

Prints the functions with the most cumulative and own time, and the CPU ms per request (this process only:
the database's CPU is not in it). A tool for finding what to make cheaper; not a benchmark.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="persona", default="ceo", help="ceo, auditor or department_head")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--sort", default="cumulative,tottime")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(email=f"load-{args.persona}-0@bench.example")
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(user=user).get().persistent_id
    session.save()
    api = args.path.startswith("/api/")
    if api:
        from merhav.accounts.models import ApiToken

        _token, raw = ApiToken.issue(user=user, name="profile")
        client = Client(headers={"Authorization": f"Bearer {raw}"})
    for _ in range(3):
        response = client.get(args.path)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    print(f"{len(queries)} queries, {len(response.content)} bytes")
    profiler = cProfile.Profile(time.process_time)  # CPU, not wall time (waits for the database are not ours)
    cpu = time.process_time()
    profiler.enable()
    for _ in range(args.runs):
        client.get(args.path)
    profiler.disable()
    cpu = (time.process_time() - cpu) * 1000 / args.runs
    print(f"{cpu:.1f} CPU ms per request under the profiler (this process)")
    for sort in args.sort.split(","):
        pstats.Stats(profiler).strip_dirs().sort_stats(sort).print_stats(args.top)
    cpu = time.process_time()
    for _ in range(args.runs):
        client.get(args.path)
    print(f"{(time.process_time() - cpu) * 1000 / args.runs:.1f} CPU ms per request without the profiler")
    return 0


if __name__ == "__main__":
    sys.exit(main())
