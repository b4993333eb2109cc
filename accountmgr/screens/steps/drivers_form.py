"""Edit a review's satisfaction drivers as one list: rename, rescore, add, or blank a name to remove."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from accountmgr.services import reviews
from accountmgr.services.errors import DomainError

BLANK_ROWS = 1
"""Empty rows offered for a new driver (save, then edit again for more)."""

COLUMNS = (("driver", "Driver", 26), ("importance", "Importance 1–5", 16), ("our_score", "Our score 0–10", 16),
           ("competitor_score", "Competitor 0–10", 16))


class DriversFormScreen(ModalScreen[Any]):
    """All drivers of one review; saved together or not at all; Esc leaves without writing."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="drivers.save"),
        Binding("escape", "cancel", "Cancel", id="drivers.cancel"),
    ]

    DEFAULT_CSS = """
    DriversFormScreen { align: center middle; }
    DriversFormScreen > VerticalScroll {
        width: 84; max-width: 96%; height: auto; max-height: 92%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    DriversFormScreen .driver-row { height: auto; }
    DriversFormScreen .driver-row Input { margin-right: 1; }
    DriversFormScreen .heading Label { margin-right: 1; text-style: bold; }
    DriversFormScreen #drivers-error { color: $error; text-style: bold; }
    DriversFormScreen #drivers-buttons { height: auto; align-horizontal: right; margin: 1 0; }
    DriversFormScreen Button { margin-left: 2; }
    """

    def __init__(self, review_id: int, title: str) -> None:
        super().__init__()
        self.review_id = review_id
        self.form_title = title

    def compose(self) -> ComposeResult:
        drivers = reviews.review_drivers(self.app.db, self.review_id)  # type: ignore[attr-defined]
        rows = [
            {"driver": d.driver, "importance": str(d.importance),
             "our_score": "" if d.our_score is None else str(d.our_score),
             "competitor_score": "" if d.competitor_score is None else str(d.competitor_score)}
            for d in drivers
        ] + [{"driver": "", "importance": "3", "our_score": "", "competitor_score": ""}] * BLANK_ROWS
        self.row_count = len(rows)
        with VerticalScroll(can_focus=False):
            yield Static(self.form_title, classes="pane-title")
            yield Static("Blank a driver's name to remove it; fill the empty row to add one. "
                         "Ctrl+S saves · Esc cancels.")
            with Horizontal(classes="driver-row heading"):
                for _name, heading, width in COLUMNS:
                    yield Label(heading.ljust(width)[:width])
            for index, row in enumerate(rows):
                with Horizontal(classes="driver-row"):
                    for name, heading, width in COLUMNS:
                        hint = "new driver" if name == "driver" else "—"
                        field = Input(row[name], id=f"d{index}-{name}", placeholder=hint, compact=True)
                        field.styles.width = width
                        yield field
            yield Static("", id="drivers-error")
            with Horizontal(id="drivers-buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button("Save (Ctrl+S)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#d0-driver", Input).focus()

    def _rows(self) -> list[tuple[int, dict[str, str]]]:
        rows = []
        for index in range(self.row_count):
            values = {name: self.query_one(f"#d{index}-{name}", Input).value for name, _h, _w in COLUMNS}
            if values["driver"].strip():
                rows.append((index, values))
        return rows

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons do what their keys do."""
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Save the whole list; on a refusal, say which row and field, and put the cursor there."""
        rows = self._rows()
        try:
            result = reviews.set_drivers(self.app.db, self.review_id, [values for _i, values in rows])  # type: ignore[attr-defined]
        except DomainError as error:
            self.query_one("#drivers-error", Static).update(error.message)
            position = error.message.split(":", 1)[0].removeprefix("Driver ")
            if position.isdigit() and error.field and int(position) <= len(rows):
                self.query_one(f"#d{rows[int(position) - 1][0]}-{error.field}", Input).focus()
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
