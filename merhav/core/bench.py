"""The scenario data of `manage.py bench_data`: the scales, and what each module's generator receives.

A module declares `bench_data="merhav.<module>.bench.generate"` on its `Module`; the command (in the
workspace app) creates the authorities and their people, then calls each generator with a `BenchContext`.
The sizes are the issue's "large city" multiplied by the scale's factor: `large` is the issue's figures,
`city` a tenth, `small` a hundredth, `tiny` (for tests) a thousandth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TextIO

SCALES: dict[str, float] = {"tiny": 0.001, "small": 0.01, "city": 0.1, "large": 1.0}
# The other authorities get this share of the city's size (several authorities, one large city).
OTHER_SHARE = 0.05
BATCH = 2000


@dataclass
class BenchContext:
    scale: str
    factor: float
    # The large city first, then the other authorities.
    authorities: list[Any]
    # authority pk -> {role value: the first user with that role}
    people: dict[int, dict[str, Any]]
    # authority pk -> every user of the authority that may write (not the auditor or viewer)
    writers: dict[int, list[Any]]
    # authority pk -> its departments, in id order
    departments: dict[int, list[Any]]
    seed: int
    today: date
    stdout: TextIO
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    @property
    def city(self) -> Any:
        return self.authorities[0]

    @property
    def others(self) -> list[Any]:
        return self.authorities[1:]

    def size(self, large: int, *, authority: Any = None, minimum: int = 1) -> int:
        """`large` (the issue's figure for the large city) at this scale, for `authority` (the city by default)."""
        share = 1.0 if authority is None or authority.pk == self.city.pk else OTHER_SHARE
        return max(minimum, round(large * self.factor * share))


def bulk(model: Any, rows: list, counts: dict[str, int], name: str | None = None) -> list:
    """bulk_create in batches; adds the rows to `counts` under the model's label (or `name`)."""
    created: list = []
    for start in range(0, len(rows), BATCH):
        created.extend(model.objects.bulk_create(rows[start:start + BATCH], batch_size=BATCH))
    key = name or model._meta.label
    counts[key] = counts.get(key, 0) + len(rows)
    return created
