"""The dashboard benchmark's data now lives with the foundation's scenario data (merhav/workspace/bench.py,
also used by `manage.py bench_data`); this name is kept for the benchmark scripts."""

from merhav.workspace.bench import BENCH_PASSWORD, Generated, generate  # noqa: F401
