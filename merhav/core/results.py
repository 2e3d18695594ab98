"""What a service returns when it also has warnings to show: the value, and guidance that warns but
never blocks (a meeting date far from the event, fewer than three key lessons…).

    result = complete_review(review=review, by=user)
    for warning in result.warnings:
        messages.warning(request, warning)
    review = result.value
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Result(Generic[T]):
    value: T
    warnings: list[str] = field(default_factory=list)
