"""Reading the keys the screen tells the user about, as the user reads them: "press n to add one", "n add · Enter
edit", "Assess the level (s)", and the footer; then what the key bound there is said to do.

The keys are read from the rendered text, never written here: the words of a hint must find the key's binding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.widget import Widget
from textual.widgets import Button, DataTable, Static

NAMED_KEYS = {
    "enter": "enter", "⏎": "enter", "esc": "escape", "escape": "escape", "space": "space", "tab": "tab",
    "del": "delete", "delete": "delete", "/": "slash", "?": "question_mark", "[": "left_square_bracket",
    "]": "right_square_bracket", "home": "home", "end": "end", "+": "plus",
}
"""How hints write keys that are not a plain letter or digit, and Textual's names for them."""

_KEY = r"(?:ctrl\+\w+|shift\+\w+|f\d{1,2}|enter|esc|escape|space|tab|del|delete|home|end|[A-Za-z0-9/?+\[\]])"
PRESS = re.compile(rf"\bpress (?P<key>{_KEY}) (?:to |for )?(?P<what>[^.;:,()]+)", re.IGNORECASE)
"""A sentence hint: "press n to add one", "press s to assess the relationship"."""
ITEM = re.compile(rf"^(?P<key>{_KEY})(?::)? (?P<what>.+)$", re.IGNORECASE)
"""One item of a "·" list of keys: "n add", "Enter edit", "v mark done (achieved, …)"."""
LABEL = re.compile(rf"^(?P<what>.+?) \((?P<key>{_KEY})\)$", re.IGNORECASE)
"""A button naming its key: "Assess the level (s)", "Save (Ctrl+S)"."""

STOP_WORDS = {"the", "a", "an", "to", "one", "it", "its", "of", "and", "or", "on", "in", "here", "from", "where",
              "we", "most", "this", "that", "for", "with", "at", "by", "up"}


@dataclass(frozen=True)
class Hint:
    """A key the screen names, what it says the key does, and where it says so."""

    key: str
    """Textual's name of the key (``n``, ``enter``, ``ctrl+s``)."""
    what: str
    source: str

    def __str__(self) -> str:
        return f"{self.key!r} → {self.what!r} (from {self.source!r})"


def key_name(written: str) -> str:
    """Textual's name of a key as a hint writes it ("Enter" → "enter", "Ctrl+S" → "ctrl+s", "K" → "K")."""
    lowered = written.lower()
    if lowered in NAMED_KEYS:
        return NAMED_KEYS[lowered]
    if len(written) == 1:
        return written
    return lowered


def hints_in_text(text: str) -> list[Hint]:
    """Every key a piece of text names, with what it says the key does."""
    found: list[Hint] = []
    for line in text.splitlines():
        for match in PRESS.finditer(line):
            found.append(Hint(key_name(match["key"]), match["what"].strip(), line.strip()))
        if "·" not in line:
            continue
        inner = line
        if "(" in line and line.index("(") < line.index("·"):
            inner = line[line.index("(") + 1:]
            inner = inner[:-1] if inner.endswith(")") else inner
        items = [item.strip() for item in inner.split("·")]
        matches = [ITEM.match(item) for item in items]
        # A list of keys only when every item is one: "Attitude: ++ champion · 0 neutral" is a legend.
        if len(items) > 1 and all(matches):
            found += [Hint(key_name(m["key"]), m["what"].strip(), line.strip()) for m in matches if m]
    return found


def shown(widget: Widget) -> bool:
    """Whether the widget and all its parents are displayed."""
    node: Any = widget
    while isinstance(node, Widget):
        if not node.display or not node.visible:
            return False
        node = node.parent
    return True


def hints_on(root: Widget) -> list[Hint]:
    """The keys named by the text and buttons shown under *root*."""
    found: list[Hint] = []
    for static in root.query(Static):
        if shown(static):
            found += hints_in_text(str(static.render()))
    for button in root.query(Button):
        match = LABEL.match(str(button.label).strip())
        if match and shown(button):
            found.append(Hint(key_name(match["key"]), match["what"].strip(), str(button.label)))
    return found


def footer_hints(app: App[Any]) -> list[Hint]:
    """The keys the footer shows (the shown bindings of what has the keyboard, its screen and the app)."""
    return [Hint(key, active.binding.description, "footer") for key, active in app.screen.active_bindings.items()
            if active.binding.show and active.binding.description]


def stems(text: str) -> set[str]:
    """The words that carry meaning, cut to four letters ("keys" and "key" alike)."""
    words = (word[:-1] if len(word) > 3 and word.endswith("s") else word for word in re.findall(r"[a-z]+", text.lower()))
    return {word[:4] for word in words if word not in STOP_WORDS and len(word) > 1}


def binding_for(app: App[Any], key: str) -> Binding | None:
    """What *key* runs where the keyboard is (the focused widget, its parents, the screen, the app)."""
    active = app.screen.active_bindings.get(key)
    return active.binding if active is not None else None


def chain_bindings(app: App[Any], key: str) -> list[Binding]:
    """Every binding of *key* from the focused widget up to the app, nearest first.

    Enter on a table is Textual's "select" there, which the table's owner turns into its own action (a step table
    edits the row): the owner's binding of the same key says what that is.
    """
    nodes: list[Any] = []
    if app.focused is not None:
        nodes += [app.focused, *app.focused.ancestors_with_self[1:]]
    nodes += [app.screen, app]
    found: list[Binding] = []
    for node in nodes:
        for cls in type(node).__mro__:
            for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ())):
                if binding.key == key and binding not in found:
                    found.append(binding)
    return found


def says_the_same(hint: Hint, binding: Binding, node: Any = None) -> bool:
    """Whether the hint's words and the binding's description (or tooltip, action, or the action's docstring on
    *node*) share a word."""
    name = binding.action.split("(", 1)[0].rsplit(".", 1)[-1]
    method = getattr(node, f"action_{name}", None) if node is not None else None
    doc = (getattr(method, "__doc__", None) or "") if method is not None else ""
    said = stems(f"{binding.description} {binding.tooltip} {name.replace('_', ' ')} {doc}")
    return bool(stems(hint.what) & said)


def nothing_to_act_on(app: App[Any]) -> bool:
    """The keyboard is on an empty table: edit, delete or mark done have no row to work on."""
    focused = app.focused
    return isinstance(focused, DataTable) and focused.row_count == 0


def count_notifications(app: App[Any]) -> None:
    """Count the app's notifications (a message is a visible answer to a key) in ``app.notified``."""
    notify = app.notify
    app.notified = 0  # type: ignore[attr-defined]

    def counting(*args: Any, **kwargs: Any) -> None:
        app.notified += 1  # type: ignore[attr-defined]
        notify(*args, **kwargs)

    app.notify = counting  # type: ignore[method-assign]


def fingerprint(app: App[Any]) -> tuple:
    """What a key can visibly change: the screen on top, the keyboard, the theme, texts, table rows and cursors,
    a message."""
    screen = app.screen
    texts = tuple(str(static.render()) for static in screen.query(Static) if shown(static))
    scrolled = tuple(widget.scroll_offset for widget in screen.query(ScrollableContainer))
    tables = tuple((table.row_count, table.cursor_coordinate) for table in screen.query(DataTable))
    switched = tuple(str(getattr(node, "current", "")) for node in screen.query("ContentSwitcher"))
    return (len(app.screen_stack), type(screen).__name__, id(screen), id(app.focused), app.theme, texts, tables,
            switched, scrolled, getattr(app, "notified", 0))
