"""Similar and recurring lessons: text normalisation for Hebrew, Arabic and English, and character
n-gram TF-IDF similarity (scikit-learn) over an authority's lessons.

normalize() is called by the lesson services whenever a lesson's text is saved (Lesson.normalized_text),
so the index never has to normalise 50,000 texts on a request.
"""

from __future__ import annotations

import re
import unicodedata

# Hebrew points and cantillation marks (niqqud, te'amim), including maqaf-adjacent marks, U+0591–U+05C7,
# but not the letters themselves (U+05D0–U+05EA) nor geresh/gershayim punctuation handled below.
_HEBREW_MARKS = "".join(chr(c) for c in range(0x0591, 0x05C8) if unicodedata.category(chr(c)) == "Mn")
# Arabic tashkeel (harakat, tanwin, shadda, sukun and the extended marks), superscript alef, tatweel.
_ARABIC_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670" + "\u0640"

_FOLD = {ord(ch): None for ch in _HEBREW_MARKS + _ARABIC_MARKS}
_FOLD.update(
    {
        # Hebrew final letters → their regular forms.
        ord("ך"): "כ",
        ord("ם"): "מ",
        ord("ן"): "נ",
        ord("ף"): "פ",
        ord("ץ"): "צ",
        # Arabic alef forms → bare alef; alef maqsura → ya; ta marbuta → ha.
        ord("أ"): "ا",
        ord("إ"): "ا",
        ord("آ"): "ا",
        ord("ٱ"): "ا",
        ord("ى"): "ي",
        ord("ة"): "ه",
        # Bidi controls and zero-width characters that sneak in from copy-paste.
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0x200E: None,
        0x200F: None,
        0x061C: None,
        0xFEFF: None,
    }
)

# Anything that is not a letter or a digit (in any script) is a separator. Hebrew geresh and
# gershayim inside abbreviations (מנכ"ל, צה״ל) are dropped without splitting the word.
_ABBREVIATION_MARKS = re.compile(r"(?<=\w)[\"'\u05F3\u05F4\u2019](?=\w)")
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str | None) -> str:
    """Fold a lesson's text so that spelling variants compare equal.

    Strips Hebrew niqqud/cantillation and Arabic tashkeel/tatweel, unifies Hebrew final letters and
    Arabic alef forms (and ى→ي, ة→ه), lowercases, and collapses punctuation and whitespace to one space.
    """
    if not text:
        return ""
    # NFKC folds presentation forms (Arabic ligatures, full-width Latin) into ordinary letters; the
    # combining marks it leaves are then removed by the translation table.
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_FOLD)
    text = text.casefold()
    text = _ABBREVIATION_MARKS.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    return text.strip()
