"""Benchmark of the knowledge network at the issue's scale: a network of 5,000 members (a launch group and
waves), a discussion board of 2,000 discussions with a discussion of 600 replies, a library of 300 published
products, a pulse and an evaluation survey answered by every member; on SQLite and PostgreSQL.

    .venv/bin/python bench/communities_network_bench.py                   # both databases, 30 runs per page
    .venv/bin/python bench/communities_network_bench.py --backends sqlite --runs 10

Each database runs in its own process on a fresh database (a temporary SQLite file; on PostgreSQL the
database named by BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/merhav_knet_bench, dropped
and created). The rows are bulk-inserted, then each page is requested through Django's test Client
in-process (the whole middleware stack, a session logged in with two-factor passed) as the community leader
or a network member. For each: the wall time p50/p95, the CPU time p50/p95 and the number of queries of one
request at the full size and at a tenth of it (a fixed count holds both). Figures go to
bench/results/communities_network.json, with the load average beside them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "communities_network.json"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/merhav_knet_bench"
SCALE = {"network_members": 5000, "discussions": 2000, "replies_in_one_discussion": 600, "products": 300}
TARGETS = {"page_p95_ms": 300}


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def load(scale: float = 1.0) -> dict:
    from django_scopes import scopes_disabled

    from merhav.accounts.models import User
    from merhav.communities import models as m
    from merhav.tenancy.models import Authority

    n_members = max(30, int(SCALE["network_members"] * scale))
    n_threads = max(30, int(SCALE["discussions"] * scale))
    n_replies = max(30, int(SCALE["replies_in_one_discussion"] * scale))
    n_products = max(30, int(SCALE["products"] * scale))
    now = datetime(2026, 11, 1, 10, tzinfo=UTC)
    with scopes_disabled():
        authorities = [Authority.objects.create(name_he=f"רשות {i}", slug=f"knet-{i}", code=str(71000 + i),
                                                kind="city", district="north") for i in range(60)]
        programme = m.Programme.objects.create(name="תוכנית קהילות לומדות")
        community = m.Community.objects.create(programme=programme, name="קהילת מנהלי חינוך", shared_role="מנהלי אגפים")
        users = User.objects.bulk_create([User(email=f"net{i}@bench.example", full_name=f"חברת רשת {i}", password="!")
                                          for i in range(n_members + 1)])
        members = m.CommunityMember.objects.bulk_create([
            m.CommunityMember(community=community, user=u, authority=authorities[i % 60],
                              role="leader" if i == 0 else "network", job_title="סגנית מנהל אגף")
            for i, u in enumerate(users)])
        waves = [m.NetworkWave.objects.create(community=community, number=1, kind="launch", opens_on=date(2025, 9, 1))]
        n_waves = max(1, (n_members - 30) // 10 + 1)
        waves += m.NetworkWave.objects.bulk_create([
            m.NetworkWave(community=community, number=k + 2, kind="wave", opens_on=date(2025, 10, 1) + timedelta(days=k))
            for k in range(n_waves)])
        m.NetworkMember.objects.bulk_create([
            m.NetworkMember(community=community, member=member, wave=waves[0] if i < 30 else waves[1 + (i - 30) // 10],
                            expertise="ניהול " * 10, interests="חדשנות " * 5)
            for i, member in enumerate(members[1:])])
        threads = m.NetworkThread.objects.bulk_create([
            m.NetworkThread(community=community, title=f"דיון {t}", body="גוף הדיון " * 30, author=users[1 + t % n_members],
                            created_at=now - timedelta(hours=t), last_post_at=now - timedelta(hours=t), reply_count=0)
            for t in range(n_threads)])
        big = threads[0]
        m.NetworkPost.objects.bulk_create([
            m.NetworkPost(community=community, thread=big, author=users[1 + r % n_members], body="תגובה " * 40,
                          created_at=now + timedelta(minutes=r)) for r in range(n_replies)])
        m.NetworkThread.objects.filter(pk=big.pk).update(reply_count=n_replies)
        m.KnowledgeProduct.objects.bulk_create([
            m.KnowledgeProduct(community=community, kind="one_pager", title=f"תוצר {p}", summary="סיכום " * 20,
                               link="https://example.org/p", status="published",
                               published_at=now - timedelta(days=p)) for p in range(n_products)])
        pulse = m.PulseSurvey.objects.create(community=community, year=2026, quarter=4, question="עד כמה הרשת מועילה?")
        m.PulseAnswer.objects.bulk_create([m.PulseAnswer(community=community, pulse=pulse, member=member,
                                                         value=1 + i % 5) for i, member in enumerate(members[1:])])
        survey = m.EvaluationSurvey.objects.create(community=community, title="סקר הערכה")
        m.EvaluationAnswer.objects.bulk_create([
            m.EvaluationAnswer(community=community, survey=survey, member=member, meetings_satisfaction=3 + i % 3,
                               ongoing_contact=i % 5 != 0, adopted_tool=i % 10 != 0, shared_with_manager=i % 3 != 0)
            for i, member in enumerate(members[1:])])
    return {"leader": users[0], "member": users[1],
            "ids": {"community": community.pk, "thread": big.pk, "pulse": pulse.pk, "survey": survey.pk,
                    "last_reply_page": math.ceil(n_replies / 25), "board_page": max(1, n_threads // 25 // 2)}}


def pages(ids: dict) -> dict[str, tuple[str, str]]:
    base = f"/communities/{ids['community']}/network"
    return {
        "board": ("member", f"{base}/board/"),
        "board_deep_page": ("member", f"{base}/board/?page={ids['board_page']}"),
        "discussion": ("member", f"{base}/board/{ids['thread']}/"),
        "discussion_last_page": ("member", f"{base}/board/{ids['thread']}/?page=last"),
        "library": ("member", "/communities/library/"),
        "library_search": ("member", "/communities/library/?q=%D7%AA%D7%95%D7%A6%D7%A8+1"),
        "network_leader": ("leader", f"{base}/"),
        "pulse_results": ("leader", f"{base}/pulse/{ids['pulse']}/"),
        "evaluation": ("leader", f"{base}/evaluation/"),
        "evaluation_survey_leader": ("leader", f"{base}/evaluation/{ids['survey']}/"),
    }


def _setup():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def measure_backend(backend: str, runs: int, scale: float) -> dict:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conftest import verified_login

    started = time.perf_counter()
    world = load(scale)
    load_seconds = time.perf_counter() - started
    if backend == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    clients = {who: verified_login(Client(), world[who]) for who in ("leader", "member")}
    result = {}
    for name, (who, path) in pages(world["ids"]).items():
        client = clients[who]
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        count = len(queries)
        wall, cpu = [], []
        for _ in range(runs):
            w0, c0 = time.perf_counter(), time.process_time()
            client.get(path)
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        result[name] = {"path": path, "queries": count, "wall_p50_ms": round(percentile(wall, 50), 1),
                        "wall_p95_ms": round(percentile(wall, 95), 1), "cpu_p50_ms": round(percentile(cpu, 50), 1),
                        "cpu_p95_ms": round(percentile(cpu, 95), 1)}
    return {"backend": backend, "load_seconds": round(load_seconds, 1), "pages": result}


def run_child(backend: str, runs: int, scale: float) -> dict:
    env = {**os.environ, "DEBUG": "false"}
    folder = tempfile.mkdtemp(prefix="merhav-knet-bench-")
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    else:
        url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
        name = url.rsplit("/", 1)[1]
        subprocess.run(["psql", url.rsplit("/", 1)[0] + "/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {name}",
                        "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        env["DATABASE_URL"] = url
    out = subprocess.run([sys.executable, __file__, "--child", backend, "--runs", str(runs), "--scale", str(scale)],
                         env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_backend(args.child, args.runs, args.scale)))
        return 0
    import django

    report = {"benchmark": "communities_network", "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "scale": SCALE, "targets": TARGETS,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
                          "platform": platform.platform()},
              "method": __doc__.split("\n\n")[2].replace("\n", " "), "runs": []}
    for backend in args.backends.split(","):
        load_before = os.getloadavg()
        run = run_child(backend, args.runs, 1.0)
        tenth = run_child(backend, 1, 0.1)
        run["load_average_at_start"] = [round(x, 2) for x in load_before]
        run["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        for name, figures in run["pages"].items():
            figures["queries_at_a_tenth"] = tenth["pages"][name]["queries"]
            figures["fixed_queries"] = figures["queries_at_a_tenth"] == figures["queries"]
            figures["under_target"] = figures["wall_p95_ms"] < TARGETS["page_p95_ms"]
        report["runs"].append(run)
        RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")  # after each backend
        print(f"\n{backend} (load {run['load_average_at_start']} → {run['load_average_at_end']}):")
        print(f"{'page':<26}{'queries':>9}{'wall p50':>10}{'wall p95':>10}{'cpu p50':>9}{'cpu p95':>9}")
        for name, f in run["pages"].items():
            print(f"{name:<26}{f['queries']:>5}/{f['queries_at_a_tenth']:<3}{f['wall_p50_ms']:>10}"
                  f"{f['wall_p95_ms']:>10}{f['cpu_p50_ms']:>9}{f['cpu_p95_ms']:>9}")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
