"""Find anything (ctrl+f from every screen): accounts, people of every DMU, opportunities and actions.

Typing searches as you go (in the background: the box keeps answering keys at 100,000 people); Enter or a click
dismisses with the result, and the app opens its account at the right step with the record selected.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from accountmgr.widgets.bindings import bind
from accountmgr.services.find import LIMIT, Found, find_anything
from accountmgr.services.safe_text import printable
from accountmgr.widgets.typed_app import database_of

KIND_WIDTH = 12
"""Room for the kind column ("Opportunity" and a space)."""


def result_prompt(found: Found) -> Text:
    """One result line: kind, name (and title, e-mail or date), and the account it belongs to."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(found.kind.ljust(KIND_WIDTH), style="bold")
    text.append(printable(found.name, single_line=True))
    if found.detail:
        text.append(f" · {printable(found.detail, single_line=True)}", style="dim")
    if found.kind != "Account":
        text.append(f"  — {printable(found.account_name, single_line=True)}", style="italic")
    return text


class FindScreen(ModalScreen[Found | None]):
    """One search box over the whole portfolio; dismisses with the chosen result (None on Esc)."""

    HELP_TITLE = "Find anything"
    HELP_TEXT = (
        "Type part of an account's name, a person's name, title or e-mail, an opportunity or an action: case and "
        "accents do not matter. Down goes into the results, Enter opens the account at that person, opportunity "
        "or action, Esc closes."
    )

    BINDINGS = [
        bind("back", "close", "Close"),
        bind("down", "into_results", "Results", show=False),
    ]

    DEFAULT_CSS = """
    FindScreen { align: center top; }
    FindScreen > Vertical {
        width: 100; max-width: 96%; height: auto; max-height: 90%; margin-top: 2; padding: 0 1;
        border: thick $accent; background: $surface;
    }
    FindScreen #find-title { text-style: bold; }
    FindScreen #find-results {
        height: auto; max-height: 20; border: none;
        text-wrap: nowrap; text-overflow: ellipsis;  /* one result a line: a wrapped name reads as two */
    }
    FindScreen #find-status { color: $text-muted; }
    """

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.initial_text = text
        self.results: list[Found] = []
        """What the list shows, in its order."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Find: accounts, people, opportunities, actions", id="find-title")
            yield Input(value=self.initial_text, placeholder="Name, title, e-mail, opportunity or action",
                        id="find-input")
            yield OptionList(id="find-results")
            yield Static("Type to search; Enter goes there, Esc closes.", id="find-status")

    def on_mount(self) -> None:
        self.query_one("#find-input", Input).focus()
        if self.initial_text:
            self.search(self.initial_text)

    def on_key(self, event: events.Key) -> None:
        """Text that reaches the screen rather than the box (typed right after ctrl+f, before the box had the
        keyboard, or in the result list) goes into the box: nothing typed is lost."""
        if event.is_printable and event.character:
            event.stop()
            box = self.query_one("#find-input", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#find-input")
    def typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, group="find")
    def search(self, text: str) -> None:
        """Search in the background; only the latest text's results are shown."""
        found = find_anything(database_of(self), text)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_results, text, found)

    def show_results(self, text: str, found: list[Found]) -> None:
        if text != self.query_one("#find-input", Input).value:
            return  # typed on meanwhile: the next search brings its own results
        self.results = found
        results = self.query_one("#find-results", OptionList)
        results.clear_options()
        results.add_options([Option(result_prompt(hit), id=str(index)) for index, hit in enumerate(found)])
        if found:
            results.highlighted = 0
        status = self.query_one("#find-status", Static)
        if not text.strip():
            status.update("Type to search; Enter goes there, Esc closes.")
        elif not found:
            status.update("Nothing found.")
        else:
            status.update(f"{len(found)} found{' (the first ones)' if len(found) >= LIMIT else ''}; "
                          "Enter goes there, Esc closes.")

    @on(Input.Submitted, "#find-input")
    def submitted(self) -> None:
        """Enter in the box goes to the highlighted result (the best one unless Down moved)."""
        highlighted = self.query_one("#find-results", OptionList).highlighted
        if self.results:
            self.dismiss(self.results[highlighted or 0])

    @on(OptionList.OptionSelected, "#find-results")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.results[event.option_index])

    def action_into_results(self) -> None:
        results = self.query_one("#find-results", OptionList)
        if self.results:
            results.focus()

    def action_close(self) -> None:
        self.dismiss(None)
