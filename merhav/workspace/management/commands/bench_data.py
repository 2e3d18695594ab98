"""Generate the scenario data of the benchmarks: several authorities and, in the first, a large city.

    manage.py bench_data --scale small|city|large [--authorities N] [--seed S]

The foundation creates the authorities and their people (merhav/workspace/bench.py); then every module
that declares `bench_data` on its `Module` adds its rows (merhav.core.modules.bench_generators), in
INSTALLED_APPS order, in one transaction. Rows go in with bulk_create (no services, no audit entries, no
notifications). It refuses to run on a database that already has the scenario's authorities.
"""

import time

from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from merhav.core.bench import SCALES, BenchContext
from merhav.core.modules import bench_generators
from merhav.tenancy.models import Authority
from merhav.workspace import bench


class Command(BaseCommand):
    help = "Generate invented scenario data (several authorities, one large city) for the benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small",
                            help="large: the issue's large city; city: a tenth; small: a hundredth; tiny: tests")
        parser.add_argument("--authorities", type=int, default=5, help="how many authorities (the city first)")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale: str, authorities: int, seed: int, **options):
        if not 1 <= authorities <= len(bench.AUTHORITY_NAMES):
            raise CommandError(f"--authorities must be between 1 and {len(bench.AUTHORITY_NAMES)}.")
        with scopes_disabled():
            if Authority.objects.filter(slug__startswith="bench-").exists():
                raise CommandError("This database already has scenario data (authorities named bench-…); "
                                   "generate it on a fresh database.")
        timings = self.generate(scale=scale, authorities=authorities, seed=seed)
        total = sum(timings.values())
        self.stdout.write(self.style.SUCCESS(f"Scenario data at scale {scale} generated in {total:.1f}s."))

    @transaction.atomic
    @scopes_disabled()
    def generate(self, *, scale: str, authorities: int, seed: int) -> dict[str, float]:
        factor = SCALES[scale]
        timings: dict[str, float] = {}
        started = time.perf_counter()
        created, people, writers, departments, counts = bench.people(authorities=authorities, factor=factor,
                                                                      seed=seed)
        timings["people"] = time.perf_counter() - started
        self.report("people", counts, timings["people"])
        context = BenchContext(scale=scale, factor=factor, authorities=created, people=people, writers=writers,
                               departments=departments, seed=seed, today=timezone.localdate(), stdout=self.stdout)
        for label, generate in bench_generators():
            started = time.perf_counter()
            counts = generate(context)
            timings[label] = time.perf_counter() - started
            self.report(label, counts, timings[label])
        return timings

    def report(self, label: str, counts: dict[str, int], seconds: float) -> None:
        rows = ", ".join(f"{name} {number:,}" for name, number in sorted(counts.items()))
        self.stdout.write(f"{label}: {seconds:.1f}s — {rows}")
