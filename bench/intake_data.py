"""The intake benchmark's evacuee list now lives in the module (merhav/intake/bench.py, also used by
`manage.py bench_data`); this name is kept for the benchmark scripts."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from merhav.intake.bench import HEADERS, evacuee_list, id_number, rows  # noqa: E402, F401
