"""Text as it is stored: what users type or paste, and what files bring, cleaned once at the door.

Pasted text and CRM exports carry characters nobody sees (zero-width spaces, bidi
marks, control codes, a BOM in the middle of a cell). Left in, they make two
names that look identical compare different and can reorder or hide text in a
terminal, so they are removed before anything is validated or stored.
"""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x85\u2028\u2029]")
"""Every other way of ending a line; they become "\\n" so a Windows or old-Mac note keeps its lines."""

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f"  # C0 controls (but tab, LF, CR), DEL and C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides and isolates
    "\u200b-\u200d\u2060\ufeff"  # zero-width space and joiners, word joiner, BOM
    "\u00ad\u180e\u2061-\u2064\u206a-\u206f\ufff9-\ufffb"  # soft hyphen, invisible operators, old format marks
    "\U000e0000-\U000e007f]"  # tag characters: invisible letters that can smuggle hidden text into a name
)
_WHITESPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"[^\S\n]+$", re.MULTILINE)
TAB_WIDTH = 4
"""Spaces a tab becomes in multi-line text: notes are shown in text areas and Markdown, where a tab has no fixed width."""


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFC text without control, bidi or zero-width characters; one line unless ``multiline``."""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", value))
    if multiline:
        # Indentation inside a note is kept (a nested list); only line ends are trimmed.
        text = _TRAILING.sub("", text.replace("\t", " " * TAB_WIDTH)).strip()
    else:
        text = _WHITESPACE.sub(" ", text).strip()
    # Normalised last: removing a zero-width joiner can bring a letter and its accent together.
    return unicodedata.normalize("NFC", text)
