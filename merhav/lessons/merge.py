"""A three-way merge by lines, for two people who edited the same answer of a review.

From the common base (the text both started from): lines only one side changed are taken from that side;
where both changed the same lines differently, both versions are kept, marked, for the user to resolve.
Nothing either side wrote is lost, and what both share appears once.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Conflict:
    theirs: list[str]
    yours: list[str]


@dataclass(frozen=True)
class MergeResult:
    # The merged text, with every conflict as both versions between markers.
    text: str
    conflicts: list[Conflict]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _matches(base: list[str], other: list[str]) -> list[tuple[int, int, int]]:
    """(base start, other start, length) of the runs of lines base and other share, in order."""
    return [(a, b, size) for a, b, size in SequenceMatcher(None, base, other, autojunk=False).get_matching_blocks()
            if size]


def _sync_regions(base: list[str], ours: list[str], theirs: list[str]) -> list[tuple[int, int, int, int, int, int]]:
    """Regions where all three texts agree: (base, ours, theirs) start and end of each, ending with an empty
    region at the ends of the three texts (the classic diff3 walk, as in bzr's merge3)."""
    regions = []
    a_matches, b_matches = _matches(base, ours), _matches(base, theirs)
    i = j = 0
    while i < len(a_matches) and j < len(b_matches):
        a_base, a_ours, a_len = a_matches[i]
        b_base, b_theirs, b_len = b_matches[j]
        start = max(a_base, b_base)
        end = min(a_base + a_len, b_base + b_len)
        if start < end:
            regions.append((start, end, a_ours + start - a_base, a_ours + end - a_base,
                            b_theirs + start - b_base, b_theirs + end - b_base))
        if a_base + a_len < b_base + b_len:
            i += 1
        else:
            j += 1
    regions.append((len(base), len(base), len(ours), len(ours), len(theirs), len(theirs)))
    return regions


def merge3(base: str, yours: str, theirs: str, *, labels: tuple[str, str] = ("theirs", "yours")) -> MergeResult:
    """Merge `yours` and `theirs`, both edited from `base`. Conflicting lines come out as

        <<<<<<< theirs-label
        their lines
        =======
        your lines
        >>>>>>> yours-label
    """
    base_lines, your_lines, their_lines = (text.replace("\r\n", "\n").split("\n") for text in (base, yours, theirs))
    out: list[str] = []
    conflicts: list[Conflict] = []
    i_base = i_yours = i_theirs = 0
    for base_start, base_end, yours_start, yours_end, theirs_start, theirs_end in _sync_regions(
        base_lines, your_lines, their_lines
    ):
        old = base_lines[i_base:base_start]
        mine = your_lines[i_yours:yours_start]
        other = their_lines[i_theirs:theirs_start]
        if mine == other:
            out.extend(mine)  # the same change on both sides (or none): once
        elif mine == old:
            out.extend(other)  # only they changed it
        elif other == old:
            out.extend(mine)  # only you changed it
        else:
            conflicts.append(Conflict(theirs=other, yours=mine))
            out.extend([f"<<<<<<< {labels[0]}", *other, "=======", *mine, f">>>>>>> {labels[1]}"])
        out.extend(base_lines[base_start:base_end])
        i_base, i_yours, i_theirs = base_end, yours_end, theirs_end
    return MergeResult(text="\n".join(out), conflicts=conflicts)
