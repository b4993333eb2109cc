"""The agenda: planned actions of every account due this week, overdue ones first."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from accountmgr.keys import key_of, ref
from accountmgr.screens.mark_done import MarkDoneScreen
from accountmgr.screens.palette import PaletteEntry
from accountmgr.screens.panes.table_screen import TableScreen
from accountmgr.services import clock, objectives, plan
from accountmgr.widgets.plain import line, plain
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.table_pane import CURRENT, TableColumn, TablePane
from accountmgr.widgets.typed_app import app_of, database_of

COLUMNS = (
    TableColumn("due", "Due", shrink=False),
    TableColumn("when", "When", shrink=False),
    TableColumn("account", "Account", min_width=16, priority=2),
    TableColumn("channel", "Channel", priority=0, leave_out=2),
    TableColumn("objective", "Objective", min_width=16),
    TableColumn("people", "People addressed", min_width=12, leave_out=1),
)
"""The agenda's columns: the channel gives up room first, then objective and people, the account last; on a
terminal too narrow even so, the channel and then the people are left out (the line under the table names both)."""


MAX_ROWS = 200
"""Rows drawn at once; a longer agenda (a large overdue backlog) says how many more there are."""


def clip(text: str, width: int) -> str:
    """*text* cut to *width* characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


class AgendaScreen(TableScreen):
    """Agenda: planned actions across all accounts"""

    SUB_TITLE = "Agenda"

    HELP_TITLE = "Agenda"
    HELP_TEXT = (
        "Overdue actions (still planned, time passed) come first whatever the week; then the next seven days' "
        f"actions by time. {ref('previous')} and {ref('next')} move by a week. Below them, the account objectives past their date."
    )
    BINDINGS = [
        bind("details", "open_account", "Open account", tooltip="Open the account at its communication plan (also Enter)"),
        bind("done", "done", "Mark done"),
        bind("next", "week(1)", "Next week"),
        bind("previous", "week(-1)", "Previous week", show=False),
        bind("first", "this_week", "From today"),
        bind("back", "back", "Back"),
    ]

    DEFAULT_CSS = """
    AgendaScreen #agenda-heading { height: auto; padding: 0 1; background: $boost; }
    AgendaScreen #agenda-pane { height: 1fr; }
    AgendaScreen #agenda-table { height: 1fr; }
    AgendaScreen #agenda-detail { height: auto; padding: 0 1; color: $text-muted; border-top: solid $primary; }
    AgendaScreen #agenda-objectives { height: auto; max-height: 8; padding: 0 1; border-top: solid $error; }
    """

    week_offset: reactive[int] = reactive(0, init=False)
    """Weeks from the current one (0 = this week)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[plan.ActionRow] = []
        """The agenda as last loaded."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="agenda-heading")
        yield TablePane(COLUMNS, table_id="agenda-table", detail=self._detail, detail_id="agenda-detail",
                        id="agenda-pane")
        yield Static(id="agenda-objectives")
        yield Footer()

    def palette_commands(self) -> list[PaletteEntry]:
        """The agenda's own entries in the command palette."""
        return [
            PaletteEntry("Agenda: open the highlighted account's plan", "Its workspace at step j", "open_account"),
            PaletteEntry("Agenda: mark the highlighted action done", "With an outcome note", "done"),
            PaletteEntry("Agenda: next week", "Show the following seven days", "week(1)"),
            PaletteEntry("Agenda: previous week", "Show the seven days before", "week(-1)"),
        ]

    def week(self) -> tuple[date, date]:
        """The seven days shown: from today (on a Friday, next week's Monday is still in sight), shifted by weeks."""
        start = clock.today() + timedelta(weeks=self.week_offset)
        return start, start + timedelta(days=6)

    def reload(self, keep: int | None = None) -> None:
        """Read the agenda again and redraw."""
        start, end = self.week()
        everything = plan.agenda(database_of(self), start, end)
        self.rows = everything[:MAX_ROWS]
        self.table.show([
            (row.id, (
                Text("OVERDUE", style="bold red") if row.overdue else Text(row.scheduled_at.strftime("%a %d")),
                row.scheduled_at.strftime("%Y-%m-%d %H:%M"), row.account_name, row.channel.label, row.objective,
                ", ".join(row.members) or "—",
            ))
            for row in self.rows
        ], keep=CURRENT if keep is None else keep)
        overdue = sum(1 for r in everything if r.overdue)
        label = "the next 7 days" if self.week_offset == 0 else f"{start:%a %d %b} – {end:%a %d %b %Y}"
        heading = Text()
        heading.append(f"Agenda, {label}", style="bold")
        heading.append(f" · {len(everything) - overdue} due")
        if overdue:
            heading.append(f" · {overdue} overdue", style="bold red")
        if len(everything) > len(self.rows):
            heading.append(f" · first {len(self.rows)} shown", style="yellow")
        heading.append(f"   {key_of('previous')} {key_of('next')} week · {key_of('first')} today · Enter: the account's plan", style="dim")
        self.query_one("#agenda-heading", Static).update(heading)
        self._show_objectives()

    def _show_objectives(self) -> None:
        """The account objectives past their date, whatever the week: they need a decision, not a slot."""
        late = objectives.overdue_objectives(database_of(self), clock.today())
        box = self.query_one("#agenda-objectives", Static)
        box.display = bool(late)
        if not late:
            return
        text = Text()
        text.append(f"⚑ {len(late)} account objective{'s' if len(late) != 1 else ''} past their date", style="bold red")
        text.append("  (achieve, drop or re-date them in the account's step g)", style="dim")
        for item in late[:6]:
            owner = f", {line(item.owner)}" if item.owner else ""
            text.append(f"\n{item.due_on:%Y-%m-%d}  {clip(line(item.account), 22)}: {clip(line(item.title), 60)}{owner}")
        if len(late) > 6:
            text.append(f"\n… and {len(late) - 6} more", style="dim")
        box.update(text)

    @property
    def current_row(self) -> plan.ActionRow | None:
        return self._row_for(self.table.selected_key)

    def _row_for(self, key: object) -> plan.ActionRow | None:
        return next((row for row in self.rows if row.id == key), None)

    def _detail(self, key: object) -> Content:
        """The highlighted action in full, under the table."""
        row = self._row_for(key)
        if row is None:
            return plain("Nothing planned for these days and nothing overdue.")
        return plain(
            f"{line(row.account_name)}: {line(row.objective)} · {row.channel.label}, {row.duration_minutes} min\n"
            f"With: {line(', '.join(row.members)) or 'nobody named'} · ours: {line(', '.join(row.team)) or 'nobody named'}",
            newlines=True,
        )

    @on(DataTable.RowSelected, "#agenda-table")
    def _selected(self) -> None:
        self.action_open_account()

    def watch_week_offset(self) -> None:
        self.reload()

    def action_open_account(self) -> None:
        """Open the highlighted action's account at its communication plan (step j), on that action."""
        row = self.current_row
        if row is not None:
            app_of(self).open_account(row.account_id, "j", select=row.id)

    @writes
    def action_done(self) -> None:
        """Mark the highlighted action done with an outcome note."""
        row = self.current_row
        if row is not None:
            self.app.push_screen(MarkDoneScreen(row), lambda done: self.reload() if done else None)

    def action_week(self, step: int) -> None:
        """Show the next or previous week."""
        self.week_offset += step

    def action_this_week(self) -> None:
        """Back to the seven days from today (said when the agenda shows them already: the key did its job)."""
        if self.week_offset == 0:
            self.notify("The agenda already shows the seven days from today.")
        self.week_offset = 0

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed a plan: read again, the cursor staying on its action
        (under another screen, coming back reads again anyway)."""
        if self.is_current:
            self.reload()
