"""The communication plan of one account (step j): actions, marking them done, the plan's summary and .ics export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from accountmgr.models.enums import ActionStatus
from accountmgr.screens.action_form import ActionForm
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.mark_done import MarkDoneScreen
from accountmgr.services import accounts, calendar_export, clock, plan
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money
from accountmgr.widgets.account_pane import AccountPane
from accountmgr.widgets.plain import PlainDataTable
from accountmgr.widgets.refusal import say_refused, writes

PERIODS: tuple[tuple[str, int, int], ...] = (
    ("last 90 and next 90 days", -90, 90),
    ("next 30 days", 0, 30),
    ("next 90 days", 0, 90),
    ("last 90 days", -90, 0),
    ("last and next 365 days", -365, 365),
)
"""The summary periods the p key cycles through: (name, days from today to start, to end)."""

STATUS_STYLE = {ActionStatus.PLANNED: "", ActionStatus.DONE: "green", ActionStatus.CANCELLED: "dim strike"}

COLUMNS = (
    ("when", "When", 16),
    ("channel", "Channel", 9),
    ("objective", "Objective", 0),
    ("people", "People", 0),
    ("cost", "Cost", 7),
    ("status", "Status", 9),
)
"""(key, header, width); width 0 shares what is left of the pane, so the table never scrolls sideways."""

NARROW = 80
"""Below this pane width the table drops channel and cost (the line under it names both) and the year."""

NARROW_COLUMNS = (("when", "When", 13), ("objective", "Objective", 0), ("people", "People", 0), ("status", "Status", 9))
"""The columns of a narrow pane."""


def clip(text: str, width: int) -> str:
    """*text* cut to *width* characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


class PlanPane(AccountPane, can_focus=False):
    """Communication plan (step j): actions, summary and calendar export"""

    HELP_TITLE = "Communication plan (step j)"
    HELP_TEXT = (
        "“! overdue” marks a planned action whose time has passed: mark it done (x) or move it (e). Marking done "
        "sets the last contact of the people addressed. The summary counts the period's actions that are not "
        "cancelled; “not addressed” lists DMU members no planned action reaches, whatever the period."
    )
    BINDINGS = [
        Binding("a", "add", "Plan action"),
        Binding("e", "edit", "Edit"),
        Binding("x", "done", "Mark done"),
        Binding("c", "cancel_action", "Cancel action", show=False),
        Binding("d,delete", "delete", "Delete"),
        Binding("p", "period", "Summary period"),
        Binding("i", "export", "Export .ics"),
    ]

    DEFAULT_CSS = """
    PlanPane { height: auto; min-height: 14; layout: vertical; }
    PlanPane #plan-heading { height: auto; padding: 0 1; background: $boost; }
    PlanPane #plan-table { height: auto; max-height: 20; }
    PlanPane #plan-detail { height: auto; padding: 0 1; color: $text-muted; }
    PlanPane #plan-summary { height: auto; padding: 0 1; border-top: solid $primary; }
    """

    period_index: reactive[int] = reactive(0, init=False)
    """Which of PERIODS the summary covers."""


    def __init__(self, account_id: int, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(account_id, id=id)
        self.rows: list[plan.ActionRow] = []
        """The actions as last loaded, in date order."""
        self._widths: dict[str, int] = {}
        """The column widths the table was last built with."""
        self.last_export: Path | None = None
        """Where the calendar was last written from this pane."""

    def compose(self) -> ComposeResult:
        yield Static(id="plan-heading")
        yield PlainDataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="plan-detail")
        yield Static(id="plan-summary")

    def on_mount(self) -> None:
        self.reload()

    def columns(self) -> tuple[tuple[str, str, int], ...]:
        """The columns that fit the pane's current width."""
        return NARROW_COLUMNS if 0 < self.size.width < NARROW else COLUMNS

    def widths(self) -> dict[str, int]:
        """Column widths for the pane's current width (objective gets 60 % of the flexible space)."""
        columns = self.columns()
        fixed = sum(width for _key, _header, width in columns)
        spare = max((self.size.width or 120) - fixed - 2 * len(columns) - 4, 20)
        flexible = {"objective": spare * 3 // 5, "people": spare - spare * 3 // 5}
        return {key: width or flexible[key] for key, _header, width in columns}

    def on_resize(self) -> None:
        """Fit the columns to a new width (a change of height alone needs nothing)."""
        if self.is_mounted and self.widths() != self._widths:
            self.reload()

    # --- data ---------------------------------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the plan again and redraw; the cursor stays on *keep*, else on the next action due."""
        keep = keep if keep is not None else self.action_id
        self.rows = plan.list_actions(self.app.db, self.account_id)  # type: ignore[attr-defined]
        table = self.query_one("#plan-table", DataTable)
        table.clear(columns=True)
        self._widths = self.widths()
        for key, header, _width in self.columns():
            table.add_column(header, key=key, width=self._widths[key])
        for row in self.rows:
            table.add_row(*self._cells(row), key=str(row.id))
        if keep is None:
            upcoming = [r for r in self.rows if r.status == ActionStatus.PLANNED]
            keep = upcoming[0].id if upcoming else None
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(keep)))
            except Exception:  # noqa: BLE001 - the row is gone
                pass
        self._show_detail()
        self._show_summary()

    def _cells(self, row: plan.ActionRow) -> list[object]:
        status = ActionStatus(row.status)
        narrow = "channel" not in self._widths
        stamp = f"{row.scheduled_at:%m-%d %H:%M}" if narrow else f"{row.scheduled_at:%Y-%m-%d %H:%M}"
        when = Text(stamp)
        if row.overdue:
            when = Text(f"! {stamp}", style="bold red")
        label = Text(status.label, style=STATUS_STYLE[status])
        if row.overdue:
            label = Text("! overdue", style="bold red")
        cells = {
            "when": when,
            "channel": clip(row.channel.label, 9),
            "objective": clip(row.objective, self._widths["objective"]),
            "people": clip(", ".join(row.members) or "—", self._widths["people"]),
            "cost": Text(format_money(row.cost_cents) if row.cost_cents else "—", justify="right"),
            "status": label,
        }
        return [cells[key] for key in self._widths]

    def period(self) -> tuple[str, object, object]:
        name, start, end = PERIODS[self.period_index]
        today = clock.today()
        return name, today + timedelta(days=start), today + timedelta(days=end)

    def _show_summary(self) -> None:
        name, start, end = self.period()
        summary = plan.plan_summary(self.app.db, self.account_id, start, end)  # type: ignore[attr-defined, arg-type]
        planned = sum(1 for r in self.rows if r.status == ActionStatus.PLANNED)
        heading = Text()
        heading.append("Communication plan", style="bold")
        heading.append(f" · {len(self.rows)} actions, {planned} planned")
        if summary.overdue:
            heading.append(f" · {len(summary.overdue)} overdue", style="bold red")
        if self.last_export:
            heading.append(f" · calendar written to {self.last_export}", style="dim")
        self.query_one("#plan-heading", Static).update(heading)

        text = Text()
        text.append(f"Summary, {name} ({summary.start} to {summary.end}): ", style="bold")
        text.append(f"{summary.action_count} actions, cost {summary.cost_text()}\n")
        text.append("Channel mix: ", style="bold")
        text.append(summary.channel_mix_text() + "\n")
        text.append("Contacts per person: ", style="bold")
        text.append(", ".join(f"{n} {c}" for n, c in summary.contacts_per_member.items()) or "none")
        text.append("\nOur people: ", style="bold")
        text.append(", ".join(f"{n} {c}" for n, c in summary.contacts_per_team_member.items()) or "none")
        text.append("\nNot addressed by any planned action: ", style="bold")
        text.append(", ".join(summary.not_addressed) or "everyone is addressed",
                    style="yellow" if summary.not_addressed else "green")
        if summary.overdue:
            text.append("\nOverdue: ", style="bold red")
            text.append("; ".join(f"{r.scheduled_at:%Y-%m-%d} {r.objective}" for r in summary.overdue), style="red")
        self.query_one("#plan-summary", Static).update(text)

    @property
    def current_row(self) -> plan.ActionRow | None:
        if not self.is_mounted or not self.rows:
            return None
        table = self.query_one("#plan-table", DataTable)
        if table.row_count == 0:
            return None
        return self.rows[min(max(table.cursor_row, 0), len(self.rows) - 1)]

    @property
    def action_id(self) -> int | None:
        """The highlighted action."""
        row = self.current_row
        return row.id if row else None

    def select_record(self, action_id: int) -> None:
        """Put the cursor on one action (e.g. chosen in the agenda), with the keyboard in the table."""
        table = self.query_one("#plan-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(str(action_id)))
        except RowDoesNotExist:  # deleted meanwhile: the cursor stays on the next one due
            pass
        table.focus()

    def watch_period_index(self) -> None:
        self._show_summary()

    def _show_detail(self) -> None:
        row = self.current_row
        detail = self.query_one("#plan-detail", Static)
        if row is None:
            detail.update("No actions yet: in this pane, a plans one.")
            return
        text = Text()
        text.append(f"{row.objective}", style="bold")
        text.append(f" · {row.channel.label}, {row.duration_minutes} min")
        if "channel" not in self._widths:  # the narrow table leaves out the year, the channel and the cost
            text.append(f" · {row.scheduled_at:%Y-%m-%d %H:%M}")
            if row.cost_cents:
                text.append(f" · {format_money(row.cost_cents)}")
        text.append(f"\nWith: {', '.join(row.members) or 'nobody named'} · ours: {', '.join(row.team) or 'nobody named'}")
        if row.outcome:
            text.append(f"\nOutcome ({row.done_on or 'not done'}): {row.outcome}")
        detail.update(text)

    @on(DataTable.RowHighlighted, "#plan-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#plan-table")
    def _selected(self) -> None:
        self.action_edit()

    def _changed(self, keep: int | None = None) -> None:
        self.reload(keep)
        self.announce_change()

    # --- actions ------------------------------------------------------------------------------------------------

    @writes
    def action_add(self) -> None:
        """Plan a new action with the form."""
        self.app.push_screen(ActionForm(self.account_id), self._after_form)

    @writes
    def action_edit(self) -> None:
        """Edit the highlighted action."""
        if self.action_id is not None:
            self.app.push_screen(ActionForm(self.account_id, self.action_id), self._after_form)

    def _after_form(self, saved: int | None) -> None:
        if saved is not None:
            self._changed(saved)
            self.query_one("#plan-table", DataTable).focus()

    @writes
    def action_done(self) -> None:
        """Mark the highlighted action done, with an outcome note."""
        row = self.current_row
        if row is None:
            return
        if row.status == ActionStatus.DONE:
            self.app.notify("This action is already done.")
            return
        self.app.push_screen(MarkDoneScreen(row), lambda done: self._after_done(row) if done else None)

    def _after_done(self, row: plan.ActionRow) -> None:
        who = ", ".join(row.members)
        self.app.notify(f"Done. Last contact updated for {who}." if who else "Done.")
        self._changed(row.id)

    @writes
    def action_cancel_action(self) -> None:
        """Cancel the highlighted planned action (kept, struck through)."""
        row = self.current_row
        if row is None or row.status != ActionStatus.PLANNED:
            return
        plan.cancel_action(self.app.db, row.id)  # type: ignore[attr-defined]
        self._changed(row.id)

    @writes
    def action_delete(self) -> None:
        """Delete the highlighted action after confirming."""
        row = self.current_row
        if row is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                plan.delete_action(self.app.db, row.id, seen_version=row.version)  # type: ignore[attr-defined]
            except DomainError as error:
                say_refused(self, error)
                self.reload()
                return
            self._changed()

        self.app.push_screen(ConfirmScreen(f"Delete the action “{row.objective}”?", yes="Delete", no="Keep"), answered)

    def action_period(self) -> None:
        """Show the summary over the next period."""
        self.period_index = (self.period_index + 1) % len(PERIODS)

    def export_path(self) -> Path:
        """Where the pane writes the calendar: the account's file name in the home folder."""
        name = accounts.get_account(self.app.db, self.account_id).name  # type: ignore[attr-defined]
        return Path.home() / calendar_export.default_file_name(name)

    def action_export(self) -> None:
        """Write the planned actions as an .ics calendar file and say where."""
        try:
            result = calendar_export.export_calendar(
                self.app.db, self.account_id, self.export_path(), replace_own=True  # type: ignore[attr-defined]
            )
        except DomainError as error:
            say_refused(self, error)
            return
        self.last_export = result.path
        self.app.notify(f"Wrote {result.events} planned action(s) to {result.path}.", timeout=8)
        self._show_summary()
