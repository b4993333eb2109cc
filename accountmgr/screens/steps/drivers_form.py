"""Edit a review's satisfaction drivers as one list: rename, rescore, add, or blank a name to remove."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from accountmgr.screens.form_base import FormScreen
from accountmgr.services import reviews
from accountmgr.services.errors import DomainError
from accountmgr.widgets.plain import line
from accountmgr.widgets.typed_app import database_of

BLANK_ROWS = 1
"""Empty rows offered for a new driver (save, then edit again for more)."""

COLUMNS = (("driver", "Driver", 26), ("importance", "Importance 1–5", 16), ("our_score", "Our score 0–10", 16),
           ("competitor_score", "Competitor 0–10", 16))


class DriversFormScreen(FormScreen[Any]):
    """All drivers of one review; saved together or not at all; Esc leaves without writing."""

    DEFAULT_CSS = """
    DriversFormScreen #form-frame { width: 84; }
    DriversFormScreen .driver-row { height: auto; }
    DriversFormScreen .driver-row Input { margin-right: 1; background: $boost; }
    DriversFormScreen .heading { margin-top: 1; }
    DriversFormScreen .heading Label { margin-right: 1; text-style: bold; }
    """

    def __init__(self, review_id: int, title: str) -> None:
        super().__init__()
        self.review_id = review_id
        self.form_title = title
        self.row_count = 0
        self._saving: list[int] = []
        """The screen row of each driver handed to the service, for pointing at the one it refuses."""

    def heading(self) -> str:
        return self.form_title

    def intro(self) -> str:
        return "Blank a driver's name to remove it; fill the empty row to add one."

    def compose_fields(self) -> ComposeResult:
        drivers = reviews.review_drivers(database_of(self), self.review_id)
        rows = [
            {"driver": d.driver, "importance": str(d.importance),
             "our_score": "" if d.our_score is None else str(d.our_score),
             "competitor_score": "" if d.competitor_score is None else str(d.competitor_score)}
            for d in drivers
        ] + [{"driver": "", "importance": "3", "our_score": "", "competitor_score": ""}] * BLANK_ROWS
        self.row_count = len(rows)
        with Horizontal(classes="driver-row heading"):
            for _name, heading, width in COLUMNS:
                yield Label(heading.ljust(width)[:width])
        for index, row in enumerate(rows):
            with Horizontal(classes="driver-row"):
                for name, _heading, width in COLUMNS:
                    hint = "new driver" if name == "driver" else "—"
                    field = Input(line(row[name]), id=f"d{index}-{name}", placeholder=hint, compact=True)
                    field.styles.width = width
                    yield field

    def _rows(self) -> list[tuple[int, dict[str, str]]]:
        rows = []
        for index in range(self.row_count):
            values = {name: self.query_one(f"#d{index}-{name}", Input).value for name, _h, _w in COLUMNS}
            if values["driver"].strip():
                rows.append((index, values))
        return rows

    def submit(self) -> Any:
        """Save the whole list."""
        rows = self._rows()
        self._saving = [index for index, _values in rows]
        return reviews.set_drivers(database_of(self), self.review_id, [values for _i, values in rows])

    def show_error(self, error: DomainError) -> None:
        """Say which row and field are wrong on the form's line, and put the cursor there."""
        super().show_error(DomainError(error.message))
        position = error.message.split(":", 1)[0].removeprefix("Driver ")
        if position.isdigit() and error.field and int(position) <= len(self._saving):
            field = self.query_one(f"#d{self._saving[int(position) - 1]}-{error.field}", Input)
            field.focus()
            field.scroll_visible()
