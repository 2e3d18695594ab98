"""Text that users typed, made safe to put into plain text: an email, a calendar entry, a title.

Removed: bidirectional formatting controls (U+202E turns "exe.gpj" into "jpg.exe": they only serve to
make text look other than it is) and control characters (NUL, ESC, …; RFC 5545 forbids them in a
calendar). Every way of starting a new line (CR LF, CR, VT, FF, NEL, U+2028, U+2029) becomes LF in
multi-line text and a space in a one-line text.
"""

import re

_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def clean_text(text: str) -> str:
    """Multi-line text as typed, minus bidi and control characters; its line breaks are all LF."""
    text = _BIDI_CONTROLS.sub("", str(text))
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def one_line(text: str) -> str:
    """The text on one line, without bidi and control characters: line breaks become a space."""
    return re.sub(r"[ \t]{2,}", " ", clean_text(text).replace("\n", " ")).strip()
