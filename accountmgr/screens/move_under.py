"""Choose a person's new manager in the org chart: a filterable list, or the top of the chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from accountmgr.keys import key_of
from accountmgr.widgets.org_chart import person_label
from accountmgr.widgets.bindings import bind

TOP = "top"
"""Option id for "nobody: the top of the org chart"."""


@dataclass(frozen=True)
class ManagerChoice:
    """The chosen manager; None means the top of the org chart."""

    manager_id: int | None


def descendants(members: Sequence[Any], member_id: int) -> set[int]:
    """Everyone who reports to *member_id*, directly or not (they cannot become its manager)."""
    reports: dict[int | None, list[int]] = {}
    for member in members:
        reports.setdefault(member.reports_to_id, []).append(member.id)
    found: set[int] = set()
    stack = [member_id]
    while stack:
        for child in reports.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


class MoveUnderScreen(ModalScreen[ManagerChoice | None]):
    """Move a person under another manager"""

    HELP_TITLE = "Move in the org chart"
    BINDINGS = [
        bind("back", "cancel", "Cancel"),
        bind("down", "focus_list", "To the list", show=False),
    ]

    DEFAULT_CSS = """
    MoveUnderScreen { align: center middle; }
    MoveUnderScreen > Vertical { width: 80; max-width: 100%; height: auto; max-height: 90%;
                                  border: thick $primary; background: $surface; padding: 0 1; }
    MoveUnderScreen #question { text-style: bold; margin-bottom: 1; }
    MoveUnderScreen OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, member: Any, members: Sequence[Any]) -> None:
        super().__init__()
        self.member = member
        """The person being moved."""
        excluded = descendants(members, member.id) | {member.id}
        self.candidates = sorted((m for m in members if m.id not in excluded), key=lambda m: m.name.lower())
        """Everyone who may become the manager (not the person, not their own reports)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Move {self.member.name} under… (type to filter, Enter to choose, {key_of('back')} to cancel)",
                         id="question")
            yield Input(placeholder="filter by name", id="filter", compact=True)
            yield OptionList(id="managers", compact=True)

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#filter", Input).focus()

    def _fill(self, text: str) -> None:
        wanted = text.strip().lower()
        managers = self.query_one("#managers", OptionList)
        managers.clear_options()
        if not wanted:
            managers.add_option(Option("(nobody: top of the org chart)", id=TOP))
        for member in self.candidates:
            if wanted in member.name.lower():
                label = person_label(member)
                if member.id == self.member.reports_to_id:
                    label.append("  (current manager)", style="italic")
                managers.add_option(Option(label, id=str(member.id)))
        if managers.option_count:
            managers.highlighted = 0

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _choose_first(self) -> None:
        managers = self.query_one("#managers", OptionList)
        if managers.highlighted is not None:
            self._choose(managers.get_option_at_index(managers.highlighted).id)

    @on(OptionList.OptionSelected, "#managers")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id is None:
            return
        self.dismiss(ManagerChoice(None if option_id == TOP else int(option_id)))

    def action_focus_list(self) -> None:
        """From the filter, go down into the list."""
        self.query_one("#managers", OptionList).focus()

    def action_cancel(self) -> None:
        """Leave the person where they are."""
        self.dismiss(None)
