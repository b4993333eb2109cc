"""The app's one key vocabulary: every action's binding id, its default key, what it does and where it is grouped.

Every ``BINDINGS`` list in the app is built from this table (``accountmgr.widgets.bindings.bind``), so one action
has one key on every screen and one key never means two things. A user's ``keymap.toml`` (``binding_id = "key"``)
remaps any id; hints that name a key read it with :func:`key_of`, so they follow the keymap too.
Data only: no Textual import, so services, the CLI and the README check can read it.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class KeySpec(NamedTuple):
    """One action of the vocabulary."""

    id: str
    key: str
    """Textual key names, comma-separated when one action has two keys (e.g. ``d,delete``)."""
    description: str
    group: str


GROUPS = ("Everywhere", "Moving", "Tables and lists", "Portfolio", "Account steps", "Team", "Import")
"""The help screen and the README list the vocabulary in this order."""

VOCABULARY: tuple[KeySpec, ...] = (
    # Everywhere
    KeySpec("help", "question_mark,f1", "Help: the keys of where you are, then all others", "Everywhere"),
    KeySpec("back", "escape", "Back, close or cancel", "Everywhere"),
    KeySpec("save", "ctrl+s", "Save", "Everywhere"),
    KeySpec("undo", "ctrl+z", "Undo (unsaved edits of a step, an archive)", "Everywhere"),
    KeySpec("suggested", "ctrl+r", "Use the suggested value", "Everywhere"),
    KeySpec("palette", "ctrl+p", "Command palette: every action by name", "Everywhere"),
    KeySpec("search", "ctrl+f", "Find anything", "Everywhere"),
    KeySpec("guide", "ctrl+g", "Method guide", "Everywhere"),
    KeySpec("theme", "f2", "Light/dark", "Everywhere"),
    KeySpec("agenda", "f3", "Agenda", "Everywhere"),
    KeySpec("team", "f4", "Team", "Everywhere"),
    KeySpec("reload", "f5", "Reload keeping my edits", "Everywhere"),
    KeySpec("step-list", "f6", "Step list", "Everywhere"),
    KeySpec("quit", "ctrl+q", "Quit", "Everywhere"),
    KeySpec("yes", "y", "Yes", "Everywhere"),
    # Moving
    KeySpec("open", "enter", "Open / choose", "Moving"),
    KeySpec("up", "up", "Up", "Moving"),
    KeySpec("down", "down", "Down", "Moving"),
    KeySpec("left", "left", "Left", "Moving"),
    KeySpec("right", "right", "Right", "Moving"),
    KeySpec("page-up", "pageup", "Page up", "Moving"),
    KeySpec("page-down", "pagedown", "Page down", "Moving"),
    KeySpec("first", "home", "First", "Moving"),
    KeySpec("last", "end", "Last", "Moving"),
    KeySpec("next", "right_square_bracket", "Next", "Moving"),
    KeySpec("previous", "left_square_bracket", "Previous", "Moving"),
    KeySpec("tab", "tab", "Next part", "Moving"),
    KeySpec("go-to", "g", "Go to step… (then a–l)", "Moving"),
    KeySpec("pick-1", "1", "The first numbered choice", "Moving"),
    KeySpec("pick-2", "2", "The second numbered choice", "Moving"),
    KeySpec("pick-3", "3", "The third numbered choice", "Moving"),
    KeySpec("pick-4", "4", "The fourth numbered choice", "Moving"),
    KeySpec("pick-5", "5", "The fifth numbered choice", "Moving"),
    # Tables and lists
    KeySpec("add", "a", "Add", "Tables and lists"),
    KeySpec("edit", "e", "Edit", "Tables and lists"),
    KeySpec("delete", "d,delete", "Delete", "Tables and lists"),
    KeySpec("done", "x", "Mark done", "Tables and lists"),
    KeySpec("details", "o", "Details of the highlighted row", "Tables and lists"),
    KeySpec("filter", "slash", "Filter", "Tables and lists"),
    KeySpec("clear-filters", "c", "Clear filters", "Tables and lists"),
    KeySpec("sort", "s", "Sort", "Tables and lists"),
    KeySpec("reverse-sort", "S", "Reverse sort", "Tables and lists"),
    KeySpec("view", "v", "Switch view", "Tables and lists"),
    KeySpec("why", "w", "Why?", "Tables and lists"),
    KeySpec("export", "X", "Export", "Tables and lists"),
    KeySpec("export-html", "H", "Export HTML", "Tables and lists"),
    KeySpec("erase", "E", "Erase person…", "Tables and lists"),
    KeySpec("archive", "Z", "Archive / bring back", "Tables and lists"),
    # Portfolio
    KeySpec("level-filter", "l", "Level filter", "Portfolio"),
    KeySpec("owner-filter", "O", "Owner filter", "Portfolio"),
    KeySpec("mine", "M", "My accounts / whole team", "Portfolio"),
    KeySpec("segment-filter", "b", "Segment filter", "Portfolio"),
    KeySpec("complaints-filter", "k", "Complaints filter", "Portfolio"),
    KeySpec("archived-filter", "z", "Archived: hide / show / only", "Portfolio"),
    KeySpec("overdue-filter", "exclamation_mark", "Overdue objectives only", "Portfolio"),
    KeySpec("review", "r", "Review mode", "Portfolio"),
    KeySpec("weights", "W", "Attractiveness weights", "Portfolio"),
    KeySpec("recovery", "K", "Recovery guidelines", "Portfolio"),
    KeySpec("value-settings", "V", "Lifetime value and RFMT settings", "Portfolio"),
    KeySpec("demo", "D", "Load the demo", "Portfolio"),
    # Account steps
    KeySpec("next-missing", "n", "Next missing step", "Account steps"),
    KeySpec("four-questions", "q", "Four questions", "Account steps"),
    KeySpec("add-under", "A", "Add a report under the highlighted person", "Account steps"),
    KeySpec("move", "m", "Move under…", "Account steps"),
    KeySpec("promote", "u", "Move up a level", "Account steps"),
    KeySpec("gaps", "G", "Coverage gaps", "Account steps"),
    KeySpec("influence", "i", "Influence lines", "Account steps"),
    KeySpec("stale-limit", "L", "Stale-contact limit", "Account steps"),
    KeySpec("assess", "p", "Assess", "Account steps"),
    KeySpec("target", "t", "Target level", "Account steps"),
    KeySpec("period", "T", "Summary period", "Account steps"),
    KeySpec("cancel-action", "N", "Cancel the planned action", "Account steps"),
    KeySpec("won", "plus", "Won", "Account steps"),
    KeySpec("lost", "minus", "Lost", "Account steps"),
    KeySpec("reopen", "R", "Reopen", "Account steps"),
    KeySpec("cross-selling", "C", "Cross-selling (white space)", "Account steps"),
    KeySpec("new-reading", "Y", "New KPI reading", "Account steps"),
    KeySpec("suggest-project", "P", "Suggest an improvement project", "Account steps"),
    # Team
    KeySpec("hand-over", "h", "Hand over", "Team"),
    # Import
    KeySpec("import", "I", "Import", "Import"),
    KeySpec("check", "Q", "Dry run: check without writing", "Import"),
    KeySpec("kind", "j", "Kind of data", "Import"),
    KeySpec("skip-bad", "B", "Skip bad rows", "Import"),
    KeySpec("create-accounts", "F", "Create missing accounts", "Import"),
    KeySpec("currency-ok", "dollar_sign", "Accept mixed currencies", "Import"),
    KeySpec("use-mapping", "U", "Use a saved mapping…", "Import"),
    KeySpec("sheet", "J", "Sheet", "Import"),
    KeySpec("stage", "ctrl+k", "Map a stage", "Import"),
    KeySpec("other-file", "f", "Other file", "Import"),
    KeySpec("folder-tree", "ctrl+t", "Folder tree", "Import"),
    KeySpec("path", "ctrl+l", "Path", "Import"),
    KeySpec("parent-folder", "ctrl+o", "Up a folder", "Import"),
)
"""Every action of the app; ids are what a keymap file names."""

BY_ID: dict[str, KeySpec] = {spec.id: spec for spec in VOCABULARY}

_active: dict[str, str] = {}
"""Keys the user's keymap changed (id → key), as applied at start; hints read through :func:`key_of`."""

KEY_NAMES = {
    "question_mark": "?", "slash": "/", "right_square_bracket": "]", "left_square_bracket": "[",
    "exclamation_mark": "!", "dollar_sign": "$", "plus": "+", "minus": "-", "escape": "Esc", "enter": "Enter",
    "tab": "Tab", "delete": "Del", "home": "Home", "end": "End", "pageup": "PgUp", "pagedown": "PgDn",
    "up": "↑", "down": "↓", "left": "←", "right": "→",
}
"""How a key name reads in hints, help and the README."""


def keys_of(binding_id: str) -> str:
    """The key string bound to *binding_id* now (the user's keymap first, else the default)."""
    return _active.get(binding_id) or BY_ID[binding_id].key


def display(key: str) -> str:
    """A key string as people read it: ``question_mark,f1`` → ``? / F1``, ``ctrl+s`` → ``Ctrl+S``."""
    shown = []
    for name in key.split(","):
        name = name.strip()
        if name in KEY_NAMES:
            shown.append(KEY_NAMES[name])
        elif len(name) > 1 and name[0] == "f" and name[1:].isdigit():
            shown.append(name.upper())
        elif name.startswith("ctrl+"):
            shown.append("Ctrl+" + display(name[5:]).upper())
        else:
            shown.append(name)
    return " / ".join(shown)


def key_of(binding_id: str) -> str:
    """The first key of *binding_id* as a hint names it (``a``, ``Enter``, ``Ctrl+S``)."""
    return display(keys_of(binding_id).split(",")[0])


def keys_line(items: list[tuple[str, str]]) -> str:
    """"a add · Enter edit · d delete" from (binding id, what it does) pairs, each key as :func:`key_of` names it."""
    return " · ".join(f"{key_of(binding_id)} {what}" for binding_id, what in items)


REF = re.compile(r"⟨key:([a-z0-9-]+)⟩")
"""A key named in a text written once (a class's help text): :func:`ref` writes it, :func:`spell` resolves it."""


def ref(binding_id: str) -> str:
    """A placeholder for *binding_id*'s key in a text written before the keymap is known (a class attribute);
    :func:`spell` turns it into the key the user has when the text is shown."""
    if binding_id not in BY_ID:
        raise KeyError(binding_id)
    return f"⟨key:{binding_id}⟩"


def spell(text: str) -> str:
    """*text* with every :func:`ref` placeholder replaced by the key it names now (after the user's keymap)."""
    return REF.sub(lambda match: key_of(match[1]), text)


def set_active(keymap: dict[str, str]) -> None:
    """Record the keymap the app applied, so hints name the user's keys."""
    _active.clear()
    _active.update(keymap)


def active_keymap() -> dict[str, str]:
    """The keys the user's keymap changed (id → key), as applied."""
    return dict(_active)


def by_group() -> list[tuple[str, list[KeySpec]]]:
    """The vocabulary in help order: (group, its actions)."""
    return [(group, [spec for spec in VOCABULARY if spec.group == group]) for group in GROUPS]


def markdown_table() -> str:
    """The vocabulary as the README shows it (a test keeps the README's copy equal to this)."""
    lines = ["| Key | Action | Binding id | Where |", "|---|---|---|---|"]
    for group, specs in by_group():
        for spec in specs:
            shown = display(spec.key).replace("|", "\\|")
            lines.append(f"| `{shown}` | {spec.description} | `{spec.id}` | {group} |")
    return "\n".join(lines)
