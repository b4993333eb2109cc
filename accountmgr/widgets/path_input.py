"""Choosing a file by keyboard: a path box that completes on Tab, and a folder tree showing only importable files."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input

IMPORTABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
"""The files an import reads: CSV and text exports, and Excel workbooks."""


def importable(path: Path) -> bool:
    """True for a file the import reads (by its extension, any case)."""
    return path.suffix.lower() in IMPORTABLE_SUFFIXES


_STARTS_AGAIN = re.compile(r"^.*/(?=/[^/]|~(?:/|$))")
"""Everything before a path typed over the prefilled folder: `/tmp/me//home/x` or `/tmp/me/~/x`."""


def typed_over(text: str) -> str:
    """The path typed after the prefilled folder, when it starts again at / or ~ (as many file prompts allow):
    typing or pasting a whole path must not be read as a folder of the one already shown."""
    return _STARTS_AGAIN.sub("", text) if os.sep == "/" else text


def typed_path(text: str) -> Path | None:
    """The path a user typed or pasted: shell quoting and escapes (what a file dropped on the terminal gives) and a
    file:// prefix are taken off, ~ is expanded; None for nothing at all."""
    text = text.strip()
    if os.sep == "/" and any(mark in text for mark in "'\"\\"):
        try:
            words = shlex.split(text)
        except ValueError:  # an unbalanced quote: take the text as typed
            words = []
        if len(words) == 1:
            text = words[0]
    elif len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text.startswith("file://"):
        text = unquote(urlparse(text).path)
    text = typed_over(text)
    if not text.strip():
        return None
    try:
        return Path(os.path.expanduser(text))
    except ValueError:  # "~" followed by a NUL names no user: the text as typed (opening it says what is wrong)
        return Path(text)


def _candidates(typed: str) -> tuple[str, list[tuple[str, bool]]]:
    """(the typed folder part, [(name, is folder)] of its entries starting with the typed name part)."""
    head, _, stem = typed.rpartition(os.sep)
    folder = Path(os.path.expanduser(head + os.sep if head or typed.startswith(os.sep) else "."))
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return head, []
    # Case-insensitive, as people type "dat" for "Data"; hidden entries only when the name starts with a dot.
    wanted = stem.lower()
    found: list[tuple[str, bool]] = []
    for entry in entries:
        if not entry.name.lower().startswith(wanted) or (entry.name.startswith(".") and not stem.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir or importable(Path(entry.name)):
            found.append((entry.name, is_dir))
    return head, sorted(found, key=lambda item: item[0].lower())


def _join(head: str, name: str, is_dir: bool, typed: str) -> str:
    prefix = head + os.sep if head or typed.startswith(os.sep) else ""
    return prefix + name + (os.sep if is_dir else "")


def complete_path(typed: str) -> str:
    """What Tab makes of *typed* (see :func:`_complete`); a path typed over the prefilled folder completes on its own
    and the text before it is kept as it is, so Tab only ever adds to what is in the box."""
    rest = typed_over(typed)
    return typed[: len(typed) - len(rest)] + _complete(rest)


def _complete(typed: str) -> str:
    """What Tab makes of *typed*: the one matching entry, else the longest beginning all matches share.

    Only folders and importable files are offered; a folder gets its trailing separator so that Tab again goes on
    inside it. Returns *typed* unchanged when nothing matches.
    """
    head, found = _candidates(typed)
    if not found:
        return typed
    if len(found) == 1:
        name, is_dir = found[0]
        return _join(head, name, is_dir, typed)
    common = os.path.commonprefix([name.lower() for name, _ in found])
    stem = typed.rpartition(os.sep)[2]
    if len(common) <= len(stem):
        return typed
    # Keep the spelling of the first match for the shared part (names differ only in case beyond what was typed).
    return _join(head, found[0][0][: len(common)], False, typed)


def first_match(typed: str) -> str | None:
    """The first entry completing *typed* (shown greyed after the cursor), or None."""
    rest = typed_over(typed)
    head, found = _candidates(rest)
    if not found:
        return None
    name, is_dir = found[0]
    return typed[: len(typed) - len(rest)] + _join(head, name, is_dir, rest)


class PathSuggester(Suggester):
    """Suggests the first folder or importable file that completes what is typed (→ accepts it)."""

    def __init__(self) -> None:
        # The folder's contents change while the app runs: no cache. Paths are case-sensitive on most systems.
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        suggestion = first_match(value)
        # Textual shows a suggestion only when it extends the value as typed.
        return suggestion if suggestion and suggestion.startswith(value) and suggestion != value else None


class PathInput(Input):
    """A path box: Tab completes the folder or file name typed so far (like a shell); Tab with nothing to complete
    moves on."""

    BINDINGS = [Binding("tab", "complete", "Complete the path", show=False, id="path-complete")]

    def __init__(self, value: str = "", **kwargs: object) -> None:
        super().__init__(value, suggester=PathSuggester(), **kwargs)  # type: ignore[arg-type]  # the remaining keyword arguments are Input's own

    def action_complete(self) -> None:
        """Complete the path; when there is nothing to complete, move the focus on as Tab always does."""
        completed = complete_path(self.value)
        if completed != self.value:
            self.value = completed
            self.cursor_position = len(completed)
        else:
            self.screen.focus_next()


class ImportableTree(DirectoryTree):
    """A folder tree listing sub-folders and importable files only (CSV, text, Excel); hidden ones are left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            path for path in paths
            if not path.name.startswith(".") and (importable(path) or _is_dir(path))
        ]


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
