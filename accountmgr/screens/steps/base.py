"""What every step pane shares: its account, a heading saying what the step captures, the Saved message, and the
numbered parts of a pane with several (step g's tables, step l's, step e's revenue and opportunities).

A pane with several parts that have keys of their own (a add, Enter edit…) gives the keyboard to one part at a
time: that part's heading names its keys, every other heading names the number key (1, 2, 3…) that puts the
keyboard there, so every key a heading names works where it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from accountmgr.keys import BY_ID, key_of, keys_line
from accountmgr.models import Step
from accountmgr.widgets.table_pane import TablePane
from accountmgr.widgets.typed_app import database_of

if TYPE_CHECKING:
    from accountmgr.db import Database

STEP_CAPTURES: dict[Step, str] = {
    Step.A: "Organisational characteristics, value chain, key actors and their personal objectives.",
    Step.B: "Typical operational and organisational behaviours (customer profile).",
    Step.C: "Each competitor's distinctive competences, critical success factors, and its relationship level here.",
    Step.D: "State of the relationship, the level reached and the target, relationship constraints.",
    Step.E: "Incremental absorption potential (how much more it could buy from us), size of the opportunities.",
    Step.F: "Current relationship level, profit grade, potential business value, customer profile.",
    Step.G: "Account-management model, relationship constraints to work on, strategy.",
    Step.H: "Actors, organisational position, role in the buying process, decision criteria, attitude towards us.",
    Step.I: "Benefits for the organisation and for the individuals.",
    Step.J: "Cost, channel mix, interlocutors, number of contacts, our people involved.",
    Step.K: "Degree of cooperation, customer people involved, competences needed.",
    Step.L: "Project progress, customer satisfaction, profitability.",
}
"""What each step captures (domain brief, section 3): the line under every pane's title."""


def declares_keys(node: Widget) -> bool:
    """True when one of our classes gives *node* keys of its own (not only those a Textual base class has)."""
    return any("BINDINGS" in vars(cls) and vars(cls)["BINDINGS"] and cls.__module__.startswith("accountmgr.")
               for cls in type(node).__mro__)


def _shown_in(node: Widget, root: Widget) -> bool:
    """Whether *node* and its containers up to *root* are displayed."""
    current: Any = node
    while isinstance(current, Widget) and current is not root:
        if not current.display:
            return False
        current = current.parent
    return True


def first_focusable(part: Widget) -> Widget | None:
    """Where the keyboard goes in *part*: itself, or its first widget that can take it."""
    return next((w for w in (part, *part.query("*")) if w.focusable), None)


def numbered_parts(pane: Widget) -> list[Widget]:
    """The parts of *pane* with keys of their own, shown and able to take the keyboard, in screen order — when
    there are several (a pane with one part needs no numbers)."""
    parts: list[Widget] = []
    for node in pane.query("*"):
        if any(part in node.ancestors for part in parts):
            continue
        if declares_keys(node) and _shown_in(node, pane) and first_focusable(node) is not None:
            parts.append(node)
    return parts if len(parts) > 1 else []


def typing_in(widget: Widget | None) -> bool:
    """Whether *widget* takes letters and digits as text (a key typed there is text, not a command)."""
    return isinstance(widget, (Input, TextArea))


class PartHeading(Static):
    """The heading of one part of a pane with several: the part's keys while it has the keyboard, else the
    number key that puts the keyboard there (and the pane's own keys about that part, which work anywhere in it)."""

    def __init__(self, title: str, part: str, keys: Sequence[tuple[str, str]] | None = None,
                 extras: Sequence[tuple[str, str]] = (), lead: str = "", **kwargs: Any) -> None:
        super().__init__(title, classes="section", **kwargs)
        self.heading_title = title
        self.part_id = part
        """The id of the part this heads (in the same pane)."""
        self.keys = keys
        """The part's own keys, (binding id, what it does); None: the part's ``heading_keys()``."""
        self.extras = list(extras)
        """Keys of the pane about this part, working wherever the keyboard is in the pane."""
        self.lead = lead
        """Words before the keys that are not a binding (e.g. "Space ticks, saved at once")."""

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        """Say the keys that work here now, from where the keyboard is."""
        pane = next((node for node in self.ancestors if isinstance(node, StepPane)), None)
        if pane is None or not pane.is_mounted:
            return
        found = pane.query(f"#{self.part_id}")
        if not found:
            return
        part = found.first()
        own = list(self.keys if self.keys is not None else getattr(part, "heading_keys", lambda: [])())
        number = pane.part_number(part)
        focused = self.screen.focused
        in_pane = focused is not None and pane in focused.ancestors_with_self
        if number is None or part.has_focus_within:
            said = "; ".join(text for text in (self.lead, keys_line([*own, *self.extras])) if text)
        elif in_pane and typing_in(focused):
            said = f"{key_of('back')}, then {key_of(f'pick-{number}')} to work here"
        else:
            said = f"press {key_of(f'pick-{number}')} to work here"
            if in_pane and self.extras:
                said += f"; {keys_line(self.extras)}"
        self.update(f"{self.heading_title} ({said})" if said else self.heading_title)


class StepPane(VerticalScroll):
    """The editor of one step of one account."""

    DEFAULT_CSS = """
    StepPane { height: 1fr; padding: 0 1; }
    StepPane .pane-title { text-style: bold; color: $accent; }
    StepPane .pane-captures { color: $text-muted; margin-bottom: 1; }
    StepPane .section { text-style: bold; margin-top: 1; border-bottom: solid $primary-darken-2; }
    StepPane .muted { color: $text-muted; }
    StepPane .save-row { height: auto; margin-top: 1; }
    StepPane DataTable { height: auto; max-height: 14; }
    """

    step: Step
    """The step this pane edits."""

    class Saved(Message):
        """Something of this step was written: the workspace refreshes its completion marks."""

        def __init__(self, step: Step) -> None:
            super().__init__()
            self.step = step

    def __init__(self, account_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.account_id = account_id
        """The account this pane edits."""

    @property
    def db(self) -> Database:
        return database_of(self)

    def has_unsaved(self) -> bool:
        """True while the pane holds edits not yet saved (the workspace asks before leaving)."""
        return False

    def saved(self) -> None:
        self.post_message(self.Saved(self.step))

    def part_number(self, part: Widget) -> int | None:
        """*part*'s number (1, 2…) among the pane's numbered parts; None when it has none (or no number key, past
        the vocabulary's last)."""
        parts = numbered_parts(self)
        number = parts.index(part) + 1 if part in parts else None
        return number if number is not None and f"pick-{number}" in BY_ID else None

    def work_in(self, number: int) -> bool:
        """Put the keyboard in the pane's *number*-th part (see ``numbered_parts``); False when there is none."""
        parts = numbered_parts(self)
        if not 0 < number <= len(parts):
            return False
        target = first_focusable(parts[number - 1])
        if target is None:
            return False
        target.focus()
        parts[number - 1].scroll_visible()
        return True

    def show_parts(self) -> None:
        """Every part heading (and empty-table hint) says the keys that work from where the keyboard is now."""
        if not self.is_mounted:
            return
        for heading in self.query(PartHeading):
            heading.show()
        for node in self.query("*"):
            hint = getattr(node, "show_empty_hint", None)
            if callable(hint):
                hint()

    def on_descendant_focus(self) -> None:
        self.call_after_refresh(self.show_parts)

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self.show_parts)

    def focus_first(self) -> None:
        """Put the keyboard in the pane's first editor."""
        for widget in self.query("Input, TextArea, Select, DataTable, TablePane, Button, Checkbox"):
            if widget.focusable or isinstance(widget, TablePane) and widget.display:  # its table may still be mounting
                widget.focus()
                return
