"""Import: what the import did (or, for a check, would do), with the way to see what came in."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from accountmgr.keys import key_of, ref
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind


class ImportSummaryScreen(ModalScreen[bool]):
    """Import: the summary"""

    HELP_TITLE = "Import: the summary"
    HELP_TEXT = (
        "After an import: how many records are new, updated (and which fields) or unchanged, the columns ignored, "
        f"new team members and the rejected-rows file. {ref('details')} shows the portfolio with only the accounts that came in "
        f"or changed ({ref('clear-filters')} there clears that filter); {ref('up')} {ref('down')} scroll a long report. "
        f"After a check ({ref('check')} on the import screen) the same summary says "
        "what would happen; nothing has been written."
    )
    BINDINGS = [
        bind("details", "show", "Show what came in"),
        bind("back", "close", "Close"),
    ]

    DEFAULT_CSS = """
    ImportSummaryScreen { align: center middle; }
    ImportSummaryScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    ImportSummaryScreen #import-summary-title { dock: top; text-style: bold; padding-bottom: 1; }
    ImportSummaryScreen VerticalScroll { height: auto; max-height: 100%; }
    ImportSummaryScreen #import-summary-buttons {
        dock: bottom; height: auto; align-horizontal: right; padding-top: 1; background: $surface;
    }
    ImportSummaryScreen #import-summary-buttons Button { margin-left: 2; }
    """

    def __init__(self, lines: Iterable[str], *, title: str, account_ids: Iterable[int] = ()) -> None:
        super().__init__()
        self.lines = list(lines)
        """The summary, one line each, as the command line prints it."""
        self.title_text = title
        self.account_ids = frozenset(account_ids)
        """Accounts that came in or changed: what "Show what came in" shows."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), id="import-summary-title")
            with VerticalScroll(id="import-summary-body"):
                yield Static("\n".join(self.lines) or "Nothing to report.", id="import-summary-text", markup=False)
            with Horizontal(id="import-summary-buttons"):
                if self.account_ids:
                    count = len(self.account_ids)
                    noun = "account" if count == 1 else "accounts"
                    yield Button(f"Show the {count:,} {noun} in the portfolio ({key_of('details')})", id="import-summary-show",
                                 variant="primary", compact=True)
                yield Button(f"Close ({key_of('back')})", id="import-summary-close", compact=True)

    def on_mount(self) -> None:
        # The text has the focus, so that ↑ ↓ scroll a long report; p and Esc work from anywhere.
        self.query_one("#import-summary-body", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"Show what came in" only when some accounts came in or changed."""
        return bool(self.account_ids) if action == "show" else True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "import-summary-show":
            self.action_show()
        else:
            self.action_close()

    def action_show(self) -> None:
        """Go to the portfolio showing only the accounts that came in or changed."""
        if self.account_ids:
            self.dismiss(True)

    def action_close(self) -> None:
        """Back to the import screen."""
        self.dismiss(False)
