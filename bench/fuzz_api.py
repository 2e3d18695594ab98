"""The long API fuzzing run: schemathesis over every operation of /api/v1/openapi.json, as a member (CEO, 2FA,
personal token) of one authority, with many more examples than the suite's bounded run and a random seed.

    .venv/bin/python bench/fuzz_api.py                          # SQLite, 100 examples per operation
    DATABASE_URL=postgres://... .venv/bin/python bench/fuzz_api.py --examples 300 --seed 7

It runs tests/test_api_schemathesis.py (the same checks: no 5xx, status code, content type and body as the
schema documents; positive and negative input) with MERHAV_FUZZ_EXAMPLES and hypothesis' seed, and writes
bench/results/fuzz_api.json: per operation, passed or the failure schemathesis reported (with the curl command
that reproduces it). Exit status 1 when any operation failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET  # noqa: S405 (our own pytest's report)
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "fuzz_api.json"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="examples per operation")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: a random one, recorded)")
    parser.add_argument("--only", default="", help="a pytest -k expression, e.g. 'lessons and POST'")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**31)  # noqa: S311
    report = Path(tempfile.mkdtemp(prefix="fuzz-api-")) / "junit.xml"
    command = [sys.executable, "-m", "pytest", "tests/test_api_schemathesis.py", "-p", "no:randomly", "-q", "--reuse-db",
               f"--hypothesis-seed={seed}", f"--junitxml={report}", "-o", "junit_logging=no"]
    if args.only:
        command += ["-k", args.only]
    env = {**os.environ, "MERHAV_FUZZ_EXAMPLES": str(args.examples), "MERHAV_FUZZ_SEED": str(seed)}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)
    seconds = time.perf_counter() - started

    operations = []
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314
        name = re.search(r"\[(.*)\]$", case.get("name", ""))
        failure = case.find("failure")
        error = case.find("error")
        skipped = case.find("skipped")
        entry = {"operation": name.group(1) if name else case.get("name"),
                 "result": "failed" if failure is not None else "error" if error is not None
                 else "skipped" if skipped is not None else "passed"}
        problem = failure if failure is not None else error
        if problem is not None:
            entry["message"] = (problem.get("message") or "")[:2000]
        operations.append(entry)
    counts: dict[str, int] = {}
    for entry in operations:
        counts[entry["result"]] = counts.get(entry["result"], 0) + 1
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    result = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "database": "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
        "examples_per_operation": args.examples,
        "seed": seed,
        "seconds": round(seconds),
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "checks": ["not_a_server_error", "status_code_conformance", "content_type_conformance",
                   "response_schema_conformance"],
        "operations": len(operations),
        "counts": counts,
        "failures": [entry for entry in operations if entry["result"] in ("failed", "error")],
        "all": [f"{entry['result']}: {entry['operation']}" for entry in operations],
    }
    print(json.dumps({k: v for k, v in result.items() if k != "all"}, indent=2, ensure_ascii=False))
    if not args.no_write:
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0 if done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
