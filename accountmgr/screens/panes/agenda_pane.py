"""The agenda: planned actions of every account due this week, overdue ones first."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from accountmgr.screens.mark_done import MarkDoneScreen
from accountmgr.screens.palette import PaletteEntry
from accountmgr.services import clock, objectives, plan
from accountmgr.widgets.plain import PlainDataTable, line, plain
from accountmgr.widgets.refusal import writes

COLUMNS = (
    ("due", "Due", 9),
    ("when", "When", 16),
    ("account", "Account", 22),
    ("channel", "Channel", 12),
    ("objective", "Objective", 28),
    ("people", "People addressed", 20),
)
"""(key, header, width) of the agenda table."""


MAX_ROWS = 200
"""Rows drawn at once; a longer agenda (a large overdue backlog) says how many more there are."""


def clip(text: str, width: int) -> str:
    """*text* cut to *width* characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


class AgendaScreen(Screen[None]):
    """Agenda: planned actions across all accounts"""

    HELP_TITLE = "Agenda"
    HELP_TEXT = (
        "Overdue actions (still planned, time passed) come first whatever the week; then the next seven days' "
        "actions by time. [ and ] move by a week. Below them, the account objectives past their date."
    )
    BINDINGS = [
        Binding("o", "open_account", "Open account", tooltip="Open the account at its communication plan (also Enter)"),
        Binding("x", "done", "Mark done"),
        Binding("right_square_bracket", "week(1)", "Next week"),
        Binding("left_square_bracket", "week(-1)", "Previous week"),
        Binding("t", "this_week", "From today"),
        Binding("escape", "back", "Back"),
    ]

    DEFAULT_CSS = """
    AgendaScreen #agenda-heading { height: auto; padding: 0 1; background: $boost; }
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
        self.resumed = False
        """Whether the screen has been shown before (then a resume means coming back)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="agenda-heading")
        yield PlainDataTable(id="agenda-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="agenda-objectives")
        yield Static(id="agenda-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Agenda"
        table = self.query_one("#agenda-table", DataTable)
        for key, header, width in COLUMNS:
            table.add_column(header, key=key, width=width)
        self.reload()
        table.focus()

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
        everything = plan.agenda(self.app.db, start, end)  # type: ignore[attr-defined]
        self.rows = everything[:MAX_ROWS]
        table = self.query_one("#agenda-table", DataTable)
        table.clear()
        for row in self.rows:
            due = Text("OVERDUE", style="bold red") if row.overdue else Text(row.scheduled_at.strftime("%a %d"))
            table.add_row(
                due,
                row.scheduled_at.strftime("%Y-%m-%d %H:%M"),
                clip(row.account_name, 22),
                clip(row.channel.label, 12),
                clip(row.objective, 28),
                clip(", ".join(row.members) or "—", 20),
                key=str(row.id),
            )
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(keep)))
            except Exception:  # noqa: BLE001 - the row is gone (done)
                pass
        overdue = sum(1 for r in everything if r.overdue)
        label = "the next 7 days" if self.week_offset == 0 else f"{start:%a %d %b} – {end:%a %d %b %Y}"
        heading = Text()
        heading.append(f"Agenda, {label}", style="bold")
        heading.append(f" · {len(everything) - overdue} due")
        if overdue:
            heading.append(f" · {overdue} overdue", style="bold red")
        if len(everything) > len(self.rows):
            heading.append(f" · first {len(self.rows)} shown", style="yellow")
        heading.append("   [ ] week · t today · Enter: the account's plan", style="dim")
        self.query_one("#agenda-heading", Static).update(heading)
        self._show_objectives()
        self._show_detail()

    def _show_objectives(self) -> None:
        """The account objectives past their date, whatever the week: they need a decision, not a slot."""
        late = objectives.overdue_objectives(self.app.db, clock.today())  # type: ignore[attr-defined]
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
        table = self.query_one("#agenda-table", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(max(table.cursor_row, 0), len(self.rows) - 1)]

    def _show_detail(self) -> None:
        row = self.current_row
        detail = self.query_one("#agenda-detail", Static)
        if row is None:
            detail.update("Nothing planned for these days and nothing overdue.")
            return
        detail.update(plain(
            f"{line(row.account_name)}: {line(row.objective)} · {row.channel.label}, {row.duration_minutes} min\n"
            f"With: {line(', '.join(row.members)) or 'nobody named'} · ours: {line(', '.join(row.team)) or 'nobody named'}",
            newlines=True,
        ))

    @on(DataTable.RowHighlighted, "#agenda-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#agenda-table")
    def _selected(self) -> None:
        self.action_open_account()

    def watch_week_offset(self) -> None:
        self.reload()

    def action_open_account(self) -> None:
        """Open the highlighted action's account at its communication plan (step j), on that action."""
        row = self.current_row
        if row is not None:
            self.app.open_account(row.account_id, "j", select=row.id)  # type: ignore[attr-defined]

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
        """Back to the seven days from today."""
        self.week_offset = 0

    def action_back(self) -> None:
        """Back to where the agenda was opened from."""
        self.app.pop_screen()

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed a plan: read again, the cursor staying on its action
        (under another screen, coming back reads again anyway)."""
        if self.is_current:
            current = self.current_row
            self.reload(current.id if current else None)

    def on_screen_resume(self) -> None:
        """Coming back from an account: its plan may have changed (the first showing is fresh)."""
        if not self.resumed:
            self.resumed = True
            return
        current = self.current_row
        self.reload(current.id if current else None)
