"""The Textual app: bindings, command palette, theme and screen routing. Kept small."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from accountmgr.db import Database
from accountmgr.services.money import format_money
from accountmgr.services.portfolio_list import portfolio_rows


class AccountManagerApp(App[None]):
    """accountmgr's terminal UI over one open database."""

    TITLE = "accountmgr"

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        """The open database every screen works on (through the services)."""
        self.sub_title = str(db.path)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="accounts", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Account", "Level", "Target", "Owner", "Weighted pipeline")
        for row in portfolio_rows(self.db):
            table.add_row(
                row.name,
                row.level.label,
                row.target_level.label if row.target_level else "—",
                row.owner or "—",
                format_money(row.weighted_pipeline_cents),
            )


def make_app(db: Database) -> AccountManagerApp:
    """Build the app on *db*; tests pass a temporary database."""
    return AccountManagerApp(db)
