"""The lessons benchmark's data generator now lives in the module (merhav/lessons/bench.py, also used by
`manage.py bench_data`); this name is kept for the benchmark scripts.

    DATABASE_URL=... .venv/bin/python bench/lessons_data.py --actions 100000   # on a migrated database
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from merhav.lessons.bench import EVENT_TITLES, PLACES, THEMES, Generated, Sizes, generate, main  # noqa: E402, F401

if __name__ == "__main__":
    main()
