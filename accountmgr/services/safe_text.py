"""Stored text made safe to show: control characters become visible marks instead of acting on the terminal.

Input is cleaned where it is typed or imported, but a database may hold text written before that (or by another
tool): an ESC sequence in a name could retitle the window or clear the screen, a bidi override could reverse what
follows. ``printable`` is applied where stored text reaches a terminal; ``drop_controls`` where it goes into a
file (Markdown, .ics) that other programs read.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
"""Shown in place of a C1 control, a bidi control or a line separator: the usual mark for "a character was here"."""

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, LRM/RLM, the embeddings and overrides, and the isolates: they reorder what follows."""
_SEPARATORS = "\u2028\u2029"

_VISIBLE = {
    **{code: chr(0x2400 + code) for code in range(0x20)},  # C0 as Control Pictures: ␀ ␇ ␛ …
    0x7F: "\u2421",  # DEL as ␡
    **{code: REPLACEMENT for code in range(0x80, 0xA0)},  # C1 (0x9B is a one-byte CSI on some terminals)
    **{ord(char): REPLACEMENT for char in _BIDI + _SEPARATORS},
}
_VISIBLE_KEEP_NEWLINES = {code: mark for code, mark in _VISIBLE.items() if code != 0x0A}
_VISIBLE_SINGLE_LINE = {**_VISIBLE, 0x09: " ", 0x0A: " ", 0x0D: " "}

_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")
"""Any character ``printable`` would replace (each is also one ``str.isprintable`` rejects, the fast first test)."""
_UNSAFE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")
_DROPPED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")
_DROPPED_WITH_NEWLINES = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")


def printable(text: str, *, newlines: bool = False, single_line: bool = False) -> str:
    """*text* with every control character shown as a visible mark (C0 as Control Pictures, others as U+FFFD).

    ``newlines=True`` keeps line breaks (multi-line notes); ``single_line=True`` turns tabs and line breaks into
    spaces (a table cell or a title); by default every control, line breaks too, becomes a mark.
    """
    if text.isprintable():  # C speed, and true for nearly all text: no control, format or separator character
        return text
    if newlines:
        return text.translate(_VISIBLE_KEEP_NEWLINES) if _UNSAFE_BUT_NEWLINE.search(text) else text
    if not _UNSAFE.search(text):
        return text
    return text.translate(_VISIBLE_SINGLE_LINE if single_line else _VISIBLE)


def printable_or_none(text: str | None, **options: bool) -> str | None:
    """``printable`` for an optional value."""
    return None if text is None else printable(text, **options)


def drop_controls(text: str, *, newlines: bool = True) -> str:
    """*text* without control characters (C0 but tab and newline, DEL, C1, bidi controls), for files.

    ``newlines=False`` turns every line break and tab into a space, for one-line fields (a table cell, a
    heading, an event's summary).
    """
    if newlines:
        return _DROPPED.sub("", text.replace("\r\n", "\n"))
    return _DROPPED_WITH_NEWLINES.sub(_space_or_nothing, text.replace("\r\n", " "))


def _space_or_nothing(match: re.Match[str]) -> str:
    return " " if match.group() in "\t\n\r\x0b\x0c\u2028\u2029" else ""


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}{_SEPARATORS}]")


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as \\u escapes too (json.dumps escapes only C0):
    the same data, and nothing a terminal acts on."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def has_controls(text: str) -> bool:
    """Whether *text* holds any character ``printable`` would replace."""
    return not text.isprintable() and _UNSAFE.search(text) is not None
