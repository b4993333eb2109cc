"""Small helpers for the words the user reads: counts with the right plural, sentences ended once.

Every screen, command and export builds its counts and sentences with these, so that none says
"1 point(s)", "1 of 1 accounts" or ends a quoted text with “frustrated.”.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ENDED = re.compile(r"[.!?…:;]['\"”’»)\]]*\s*$")
"""A text that already ends a sentence: a stop, a question or exclamation mark, an ellipsis or a colon,
possibly inside closing quotes or brackets (“…frustrated.”)."""
_DOUBLED_STOP = re.compile(r"(?<![.])([.!?…])(['\"”’»)\]]*)\.$")
"""A stop added after a text (quoted or not) that already ended its own sentence: “frustrated.”. or "done.."."""


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 account', '2 accounts', '1,204 accounts'; *many* for irregular words ('opportunity', 'opportunities')."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def words(count: int, one: str, many: str | None = None) -> str:
    """Only the word, for *count*: 'account' or 'accounts' (the count is written elsewhere)."""
    return one if count == 1 else (many or one + "s")


def sentence(text: str, stop: str = ".") -> str:
    """*text* as a sentence: a stop added only if it does not end one already (nor a quote that does)."""
    text = text.rstrip()
    if not text:
        return text
    if _ENDED.search(text):
        return _DOUBLED_STOP.sub(r"\1\2", text)
    return text + stop


def unended(text: str) -> str:
    """*text* without its final stop (not an ellipsis, a question or an exclamation mark), to go on with it
    ("… is frustrated; severity …")."""
    text = text.rstrip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def sentences(*parts: str | None) -> str:
    """The non-empty *parts* as sentences, one space apart, each ended once."""
    return " ".join(sentence(part) for part in parts if part and part.strip())


def join_words(items: Iterable[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def prefixed(prefix: str, text: str) -> str:
    """*prefix* then *text*, unless *text* already begins with it (any case): never "strong in Strong in…"."""
    body, head = text.strip(), prefix.strip()
    if body.lower().startswith(head.lower()):
        body = body[len(head):].lstrip()
    return f"{prefix}{body}"


def labelled(label: str, value: str) -> str:
    """'Label: value'; the colon not doubled when the label has one."""
    return f"{label.rstrip().rstrip(':')}: {value}"
