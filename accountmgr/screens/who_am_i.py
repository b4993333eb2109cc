"""Who are you? Asked once per database: type your name (added to the team) or pick yourself from the team."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from accountmgr.keys import key_of
from accountmgr.services import identity
from accountmgr.services.errors import DomainError
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of


class WhoAmIScreen(ModalScreen["identity.Me | None"]):
    """Dismisses with the chosen team member, or None (Esc: nobody for now, asked again next time)."""

    BINDINGS = [bind("back", "skip", "Not now")]

    DEFAULT_CSS = """
    WhoAmIScreen { align: center middle; }
    WhoAmIScreen > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    WhoAmIScreen #whoami-name { margin: 1 0 0 0; }
    WhoAmIScreen #whoami-error { color: $error; height: auto; }
    WhoAmIScreen #whoami-team { height: auto; max-height: 12; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        members = identity.members(database_of(self))
        with Vertical():
            yield Static("Who are you? Your changes are logged under your name, and your new accounts are yours.",
                         id="whoami-question")
            yield Input(placeholder="Your name (Enter adds you to the team)", id="whoami-name")
            yield Static("", id="whoami-error")
            # Above the team list, so that a long team cannot push it out of a small terminal.
            yield Static(f"{key_of('back')}: not now (asked again next time).", classes="hint")
            if members:
                yield Static(f"Or pick yourself (↓ then {key_of('open')}):", id="whoami-pick")
                yield OptionList(*(Option(plain(m.name), id=str(m.id)) for m in members), id="whoami-team")

    def on_mount(self) -> None:
        self.query_one("#whoami-name", Input).focus()

    def on_key(self, event: Any) -> None:  # noqa: ANN401
        """Down from the name field goes to the team list."""
        if event.key == "down" and self.focused is self.query_one("#whoami-name", Input) and self.query("#whoami-team"):
            event.stop()
            team = self.query_one("#whoami-team", OptionList)
            team.focus()
            if team.highlighted is None:
                team.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(event.value, add=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        members = {str(m.id): m.name for m in identity.members(database_of(self))}
        name = members.get(event.option.id or "")
        if name is not None:
            self._choose(name, add=False)

    def _choose(self, name: str, *, add: bool) -> None:
        try:
            me = identity.choose(database_of(self), name, add=add)
        except DomainError as error:
            self.query_one("#whoami-error", Static).update(plain(error.message))
            return
        self.dismiss(me)

    def action_skip(self) -> None:
        """Nobody for now: changes stay unattributed, and the next start asks again."""
        self.dismiss(None)
