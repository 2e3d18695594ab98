"""The checklist holds every question of seed 004's appendix ("צ'ק-ליסט לניהול אקוסיסטם בזמן חירום"),
word for word in Hebrew, each with an Arabic and an English translation, under the right stage.

seed_004_checklist.txt is the appendix's text as it is in the seed (extracted from a PDF: a question may
wrap over two lines, and its parentheses come out reversed); when the seeds are beside the repository
(../shared/seeds/), the test also checks that the excerpt is still the seed's text."""

import re
from pathlib import Path

import pytest

from ..checklist import STANDARD_CHECKLIST, standard_questions
from ..models import ChecklistStage

HERE = Path(__file__).resolve().parent
EXCERPT = HERE / "seed_004_checklist.txt"
# The seeds live beside the repository (../shared/seeds/ from its root; a worktree may sit deeper).
SEEDS = next((p / "shared" / "seeds" for p in HERE.parents[2].parents if (p / "shared" / "seeds").is_dir()),
             HERE.parents[2].parent / "shared" / "seeds")
STAGE_HEADING = re.compile(r"^(שלב (\d)|הציר המלווה)")


def normalise(text: str) -> str:
    text = " ".join(text.split())
    # The PDF's extraction reverses parentheses around a right-to-left clause: ")…(" is "(…)".
    return re.sub(r"\)\s*([^()]*?)\s*\(", r"(\1)", text)


def seed_questions() -> list[tuple[int, str]]:
    """(stage, question) for every question of the appendix, in order."""
    found, stage, pending = [], 0, []
    for line in (raw.strip() for raw in EXCERPT.read_text(encoding="utf-8").splitlines()):
        if not line:
            continue
        heading = STAGE_HEADING.match(line)
        if heading and not pending:
            stage = int(heading.group(2)) if heading.group(2) else ChecklistStage.AXIS
            continue
        if pending or line.startswith(("האם ", "מה ")):
            pending.append(line)
            if line.endswith(("?", "?(", "?)")):
                found.append((stage, normalise(" ".join(pending))))
                pending = []
    assert not pending, "a question of the seed did not end"
    return found


def test_every_question_of_the_appendix_is_in_the_checklist_word_for_word():
    seed = seed_questions()
    ours = [(row["stage"], row["text_he"]) for row in standard_questions()]
    assert len(seed) == 41
    assert len(ours) == len(seed)
    assert ours == seed


def test_every_question_and_topic_has_its_arabic_and_english():
    for topic in STANDARD_CHECKLIST:
        assert topic.ar.strip() and topic.en.strip()
        for he, ar, en in topic.questions:
            assert ar.strip() and en.strip() and ar != he and en != he
            assert re.search(r"[\u0600-\u06ff]", ar), ar
            assert re.fullmatch(r"[\x20-\x7e]+", en), en


def test_the_four_stages_and_the_accompanying_axis_each_have_questions():
    stages = {row["stage"] for row in standard_questions()}
    assert stages == set(ChecklistStage.values)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not beside the repository")
def test_the_excerpt_is_the_seeds_text():
    [seed] = SEEDS.glob("004_*.txt")
    assert EXCERPT.read_text(encoding="utf-8").strip() in seed.read_text(encoding="utf-8")
