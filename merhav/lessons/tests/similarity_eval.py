"""Precision and recall of the similar-lessons hint on the labelled pairs (tests/data/similarity_pairs.json).

Each pair is scored as the hint scores it: TF-IDF of character n-grams, fitted on all the set's texts (as
the index is fitted on an authority's lessons), cosine similarity, "similar" from HINT_THRESHOLD. Before:
the normalised text alone (the earlier analyser); after: with stems and the domain's synonyms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer

from merhav.lessons.similarity import HINT_THRESHOLD, NGRAMS, analyse, normalize

PAIRS = Path(__file__).parent / "data" / "similarity_pairs.json"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["pairs"]


@dataclass(frozen=True)
class Figures:
    pairs: int
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int


def scores(pairs: list[dict], *, analysed: bool) -> np.ndarray:
    texts = sorted({normalize(p[side]) for p in pairs for side in ("a", "b")})
    row = {text: i for i, text in enumerate(texts)}
    counts = NGRAMS.transform([analyse(t) if analysed else t for t in texts])
    matrix = TfidfTransformer().fit_transform(counts)  # rows of unit length
    a = matrix[[row[normalize(p["a"])] for p in pairs]]
    b = matrix[[row[normalize(p["b"])] for p in pairs]]
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def figures(pairs: list[dict], *, analysed: bool, threshold: float = HINT_THRESHOLD) -> Figures:
    found = scores(pairs, analysed=analysed) >= threshold
    truth = np.array([p["similar"] for p in pairs])
    tp, fp, fn = int((found & truth).sum()), int((found & ~truth).sum()), int((~found & truth).sum())
    return Figures(pairs=len(pairs), precision=round(tp / (tp + fp), 3) if tp + fp else 1.0,
                   recall=round(tp / (tp + fn), 3) if tp + fn else 1.0,
                   true_positives=tp, false_positives=fp, false_negatives=fn)
