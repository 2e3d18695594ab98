"""Precision and recall of the similar-lessons hint on the labelled pairs, before (the normalised text
alone) and after (stems and the domain's synonyms, similarity.analyse), overall and per language.

    .venv/bin/python bench/lessons_similarity.py

Writes bench/results/lessons_similarity.json (merhav/lessons/tests/test_similarity_pairs.py checks that the
figures there are the ones the code gives) and prints a table. No database, no network: a second or two.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "lessons_similarity.json"


def compute() -> dict:
    from merhav.lessons.similarity import HINT_THRESHOLD
    from merhav.lessons.tests.similarity_eval import figures, load_pairs

    pairs = load_pairs()
    out: dict = {"threshold": HINT_THRESHOLD, "pairs": len(pairs), "by_language": {}}
    for language in ("all", "he", "ar"):
        subset = [p for p in pairs if language == "all" or p["lang"] == language]
        out["by_language"][language] = {
            "pairs": len(subset),
            "similar": sum(1 for p in subset if p["similar"]),
            "before": asdict(figures(subset, analysed=False)),
            "after": asdict(figures(subset, analysed=True)),
        }
    return out


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "merhav.settings")
    import django

    django.setup()
    result = compute()
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{'language':<9}{'pairs':>6}{'precision before':>18}{'after':>7}{'recall before':>15}{'after':>7}")
    for language, row in result["by_language"].items():
        print(f"{language:<9}{row['pairs']:>6}{row['before']['precision']:>18}{row['after']['precision']:>7}"
              f"{row['before']['recall']:>15}{row['after']['recall']:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
