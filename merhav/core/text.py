"""Text that users typed, made safe to put into a line of plain text (an email, a calendar entry)."""

import re

# Bidirectional formatting controls: embeddings, overrides (U+202E turns "exe.gpj" into "jpg.exe"),
# isolates and marks. In a title they only serve to make text look other than it is.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Every way to start a new line (CR, LF, VT, FF, NEL, the Unicode line and paragraph separators).
_LINE_BREAKS = re.compile("[\r\n\v\f\x85\u2028\u2029]+")
_NUL = "\x00"


def without_bidi_controls(text: str) -> str:
    return _BIDI_CONTROLS.sub("", str(text)).replace(_NUL, "")


def one_line(text: str) -> str:
    """The text on one line, without bidi controls: line breaks become a space."""
    return re.sub(r" {2,}", " ", _LINE_BREAKS.sub(" ", without_bidi_controls(text))).strip()
