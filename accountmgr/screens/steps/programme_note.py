"""The form for an account's place in one programme: since when, and a note (the incentive, the terms)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

from accountmgr.models.programmes import Programme
from accountmgr.screens.form_base import FormScreen
from accountmgr.services import programmes
from accountmgr.widgets.plain import line
from accountmgr.widgets.typed_app import database_of


class ProgrammeNoteForm(FormScreen[bool | None]):
    """Since when and note of a programme"""

    HELP_TITLE = "Programme membership"

    def __init__(self, account_id: int, programme: Programme) -> None:
        super().__init__()
        self.account_id = account_id
        """The account."""
        self.programme = programme
        """The programme it is in."""

    def heading(self) -> str:
        return f"{self.programme.label}: since when, and a note"

    def compose_fields(self) -> ComposeResult:
        db = database_of(self)
        row = next((r for r in programmes.programmes_of(db, self.account_id) if r.programme is self.programme), None)
        yield from self.field_row("since", "In it since", Input(
            row.since.isoformat() if row and row.since else "", id="since", compact=True, placeholder="YYYY-MM-DD"))
        yield from self.field_row("note", "Note", Input(
            line(row.note) if row else "", id="note", compact=True, placeholder="e.g. rebate after the third order"))

    def current_values(self) -> dict[str, Any]:
        return {"since": self.query_one("#since", Input).value, "note": self.query_one("#note", Input).value}

    def submit(self) -> bool | None:
        programmes.update_membership(database_of(self), self.account_id, self.programme,
                                     self.changed_values())
        return True
