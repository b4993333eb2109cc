"""Asked when a save is refused because somebody else changed the same fields since the form opened."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from accountmgr.keys import key_of, ref
from accountmgr.services.activity import plain
from accountmgr.services.versioned import ConflictError, when_text
from accountmgr.widgets.bindings import bind

RELOAD, OVERWRITE = "reload", "overwrite"
"""What the modal dismisses with; None for Cancel."""


class ConflictScreen(ModalScreen[str | None]):
    """Changed elsewhere: reload keeping your edits, overwrite, or cancel"""

    HELP_TITLE = "Changed in another window"
    HELP_TEXT = (
        "A save is checked against what the form showed when it opened. Fields changed elsewhere that you did "
        "not touch are kept; when you changed the same field, this question shows who changed it and when. "
        f"{ref('reload')} reloads the record with the other changes and puts your edits back on top, to review "
        f"and save again; {ref('save')} saves your values over the others'; {ref('back')} goes back to the form without "
        "saving."
    )

    BINDINGS = [
        bind("reload", "choose('reload')", "Reload keeping my edits"),
        bind("save", "choose('overwrite')", "Overwrite"),
        bind("back", "choose('')", "Cancel"),
    ]

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > Vertical {
        width: 84; max-width: 95%; height: auto; padding: 1 2; border: thick $warning; background: $surface;
    }
    ConflictScreen #conflict-text { margin-bottom: 1; height: auto; }
    ConflictScreen Horizontal { height: auto; align-horizontal: right; }
    ConflictScreen Button { margin-left: 2; }
    """

    def __init__(self, error: ConflictError) -> None:
        super().__init__()
        self.error = error

    def message(self) -> Text:
        """What changed, by whom and when; user text stays plain (never markup)."""
        text = Text("Not saved: changed since you opened it.\n", style="bold")
        for conflict in self.error.conflicts:
            text.append(f"\n• {conflict.label}", style="bold")
            text.append(f" — changed by {conflict.who}")
            if conflict.when is not None:
                text.append(f", {when_text(conflict.when)}")
            text.append(f"\n  you saw: {_plain(conflict.seen)}\n  now:     {_plain(conflict.current)}")
        text.append("\n\nYour edits of other fields are not affected.", style="dim")
        return text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.message(), id="conflict-text")
            with Horizontal():
                yield Button("Cancel (Esc)", id="cancel", compact=True)
                yield Button(f"Overwrite ({key_of('save')})", id=OVERWRITE, variant="warning", compact=True)
                yield Button(f"Reload keeping my edits ({key_of('reload')})", id=RELOAD, variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{RELOAD}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Buttons answer like the keys do."""
        event.stop()
        self.action_choose(event.button.id if event.button.id in (RELOAD, OVERWRITE) else "")

    def action_choose(self, choice: str) -> None:
        """Close with the choice ('' is Cancel)."""
        self.dismiss(choice or None)


def _plain(value: object) -> str:
    value = plain(value)
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 70 else text[:69] + "…"


def reloaded_notice(error: ConflictError | None) -> Text:
    """What a form says after reloading: the others' values it now holds under the user's edits (plain text)."""
    text = Text("Reloaded with the changes made elsewhere")
    if error is not None and error.conflicts:
        text.append(" (" + "; ".join(f"{c.label} there: {_plain(c.current)}" for c in error.conflicts) + ")")
    text.append("; your edits are back on top: check them and save.")
    return text
