"""Escaping user text for GitHub-flavoured Markdown and Mermaid, and small builders for tables.

Whatever a salesperson types (a ``|`` in a note, ``#1 priority``, ``<script>``,
a pasted e-mail with newlines) must come out as the same visible text: it may
neither break a table nor turn into markup. Escaping is targeted rather than
blanket, so the raw Markdown still reads well and diffs well in git.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

# Characters that are markup anywhere in a line take a backslash, which
# CommonMark allows before any ASCII punctuation. `<` and `&` are markup only
# where they would start a tag or an entity, and `>` only at the start of a
# line (a quote): elsewhere they are left as typed ("Food & beverage", "a < b").
_INLINE = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "|": "\\|",
        "~": "\\~",
        "$": "\\$",  # GitHub renders $…$ as maths
    }
)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
"""A `<` that opens an HTML tag, comment, declaration or autolink."""
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
"""An `&` that would be read as an entity (`&amp;`, `&#35;`)."""

# What would start a block at the beginning of a line: a quote, a list marker,
# an ordered-list number ("1. ", not "4.2%"), a setext underline, or a thematic
# break. A sign followed by a letter or digit ("+1 point", "-5 %") starts none.
_LINE_START = re.compile(r"^(>|[-+=:](?![A-Za-z0-9])|\d{1,9}(?=[.)](?:\s|$)))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b\ufeff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Dropped from user text: C0 controls but tab and newline, DEL, C1 controls (0x9b acts as an escape on some
terminals), bidi controls (they reorder what a reader sees), separators and invisible marks."""
_SPACES = re.compile(r"[ \t\u00a0]+")


def _normalise(text: object) -> str:
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", value))


def _escape_line(line: str) -> str:
    """One line, already free of newlines: collapse runs of blanks (indentation would make a code block)."""
    line = _SPACES.sub(" ", line).strip().translate(_INLINE)
    if "&" in line:
        line = _ENTITY_START.sub("&amp;", line)
    if "<" in line:
        line = _TAG_START.sub("&lt;", line)
    match = _LINE_START.match(line)
    if match:
        if match.group(1).isdigit():
            # "1. Win the tender" must not become an ordered list: escape the dot or bracket.
            cut = match.end()
            line = line[:cut] + "\\" + line[cut:]
        else:
            line = "\\" + line
    return line


# Plain printable ASCII that means nothing in Markdown: text made only of these (and not starting
# with a digit, a sign or a blank, nor ending in one) needs no escaping at all. This is the common
# case, checked first because a portfolio export escapes hundreds of thousands of cells.
_UNSAFE_CHAR = re.compile(r"[^ a-zA-Z0-9!\"%'()+,\-./:;=?@^{}]")
_UNSAFE_START = frozenset(" \t0123456789-+=:")


def _plain(text: object) -> str | None:
    """*text* unchanged when it is a plain single line of ASCII that means nothing in Markdown, else None."""
    if (
        type(text) is str
        and text
        and text[0] not in _UNSAFE_START
        and text[-1] != " "
        and "  " not in text
        and _UNSAFE_CHAR.search(text) is None
    ):
        return text
    return None


def inline(text: object) -> str:
    """User text for one line of running text, a heading, a list item or a bold label: newlines become spaces."""
    return _inline(text) if type(text) is str else _inline_uncached(text)


def _inline_uncached(text: object) -> str:
    plain = _plain(text)
    if plain is not None:
        return plain
    lines = [part for part in _normalise(text).split("\n") if part.strip()]
    return _escape_line(" ".join(lines))


def cell(text: object, *, blank: str = "—", line_break: str = "<br>") -> str:
    """User text for a GFM table cell: pipes escaped, newlines as ``<br>`` (or *line_break*)."""
    if type(text) is str:
        return _cell(text, blank, line_break)
    return _cell_uncached(text, blank, line_break)


def _cell_uncached(text: object, blank: str, line_break: str) -> str:
    plain = _plain(text)
    if plain is not None:
        return plain
    lines = [_escape_line(part) for part in _normalise(text).split("\n") if part.strip()]
    return line_break.join(lines) if lines else blank


# A portfolio's plans repeat the same names, labels and dates thousands of times: escape each once.
_cell = functools.lru_cache(maxsize=1 << 15)(_cell_uncached)
_inline = functools.lru_cache(maxsize=1 << 15)(_inline_uncached)


def paragraphs(text: object) -> str:
    """Multi-line user text as Markdown paragraphs: blank lines separate paragraphs, single newlines are hard breaks."""
    blocks: list[list[str]] = [[]]
    for raw in _normalise(text).split("\n"):
        if raw.strip():
            blocks[-1].append(_escape_line(raw))
        elif blocks[-1]:
            blocks.append([])
    # A backslash at the end of a line is CommonMark's hard line break.
    return "\n\n".join("\\\n".join(lines) for lines in blocks if lines)


def plain(text: object) -> str:
    """User text as one plain line (controls dropped, blanks collapsed), for code blocks that need no escaping."""
    return _SPACES.sub(" ", " ".join(_normalise(text).split())).strip()


def is_blank(text: object) -> bool:
    return not _normalise(text).strip()


_MERMAID = str.maketrans(
    {
        "#": "#35;",
        '"': "#34;",
        "'": "#39;",
        ";": "#59;",
        "[": "#91;",
        "]": "#93;",
        "(": "#40;",
        ")": "#41;",
        "{": "#123;",
        "}": "#125;",
        "<": "#60;",
        ">": "#62;",
        "&": "#38;",
        "|": "#124;",
        "`": "#96;",
        "%": "#37;",
        "\\": "#92;",
    }
)


def mermaid_label(text: object) -> str:
    """Text for a quoted Mermaid node label (``id["…"]``): Mermaid's ``#code;`` entities, newlines as ``<br>``."""
    lines = [_SPACES.sub(" ", part).strip().translate(_MERMAID) for part in _normalise(text).split("\n")]
    return "<br>".join(line for line in lines if line)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, align: Sequence[str] | None = None) -> str:
    """A GFM table from cells that are already escaped (use :func:`cell`); *align* items are 'l', 'r' or 'c'."""
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    align = align or ["l"] * len(headers)
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(marks[a] for a in align) + "|",
    ]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"table row has {len(row)} cells, expected {len(headers)}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
