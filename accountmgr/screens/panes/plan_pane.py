"""The communication plan of one account (step j): actions, marking them done, the plan's summary and .ics export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from accountmgr.models.enums import ActionStatus
from accountmgr.screens.action_form import ActionForm
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.mark_done import MarkDoneScreen
from accountmgr.services import calendar_export, clock, plan
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money
from accountmgr.services.wording import plural
from accountmgr.widgets.account_pane import AccountPane
from accountmgr.widgets.refusal import say_refused, writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.table_pane import CURRENT, TableColumn, TablePane
from accountmgr.widgets.typed_app import database_of

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
    TableColumn("when", "When", shrink=False),
    TableColumn("channel", "Channel", priority=0),
    TableColumn("objective", "Objective", min_width=16),
    TableColumn("people", "People", min_width=12),
    TableColumn("cost", "Cost", shrink=False),
    TableColumn("status", "Status", shrink=False),
)
"""The table's columns; the channel gives up room first, then objective and people; dates, costs and states never."""

NARROW = 80
"""Below this pane width the table drops channel and cost (the line under it names both) and the year."""

NARROW_COLUMNS = tuple(column for column in COLUMNS if column.key not in ("channel", "cost"))
"""The columns of a narrow pane."""


class PlanPane(AccountPane, can_focus=False):
    """Communication plan (step j): actions, summary and calendar export"""

    HELP_TITLE = "Communication plan (step j)"
    HELP_TEXT = (
        "“! overdue” marks a planned action whose time has passed: mark it done (x) or move it (e). Marking done "
        "sets the last contact of the people addressed. The summary counts the period's actions that are not "
        "cancelled; “not addressed” lists DMU members no planned action reaches, whatever the period."
    )
    BINDINGS = [
        bind("add", "add", "Plan action"),
        bind("edit", "edit", "Edit"),
        bind("done", "done", "Mark done"),
        bind("cancel-action", "cancel_action", "Cancel action", show=False),
        bind("delete", "delete", "Delete"),
        bind("period", "period", "Summary period", show=False),
        bind("export", "export", "Export .ics"),
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
        self.narrow = False
        """Whether the table was last drawn narrow (no channel, cost or year)."""
        self.last_export: Path | None = None
        """Where the calendar was last written from this pane."""

    def compose(self) -> ComposeResult:
        yield Static(id="plan-heading")
        yield TablePane(COLUMNS, table_id="plan-table", detail=self._detail, detail_id="plan-detail")
        yield Static(id="plan-summary")

    def on_mount(self) -> None:
        self.reload()

    @property
    def table(self) -> TablePane:
        return self.query_one(TablePane)

    def _narrow(self) -> bool:
        return 0 < self.size.width < NARROW

    def columns(self) -> tuple[TableColumn, ...]:
        """The columns that fit the pane's current width."""
        return NARROW_COLUMNS if self._narrow() else COLUMNS

    def on_resize(self) -> None:
        """Drop or bring back channel and cost across the narrow width (the table fits its columns itself)."""
        if self.is_mounted and self._narrow() != self.narrow:
            self.reload()

    # --- data ---------------------------------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the plan again and redraw; the cursor stays on *keep*, else on the next action due."""
        keep = keep if keep is not None else self.action_id
        self.rows = plan.list_actions(database_of(self), self.account_id)
        self.narrow = self._narrow()
        if keep is None:
            upcoming = [r for r in self.rows if r.status == ActionStatus.PLANNED]
            keep = upcoming[0].id if upcoming else CURRENT
        self.table.show([(row.id, self._cells(row)) for row in self.rows], columns=self.columns(), keep=keep)
        self._show_summary()

    def _cells(self, row: plan.ActionRow) -> list[object]:
        status = ActionStatus(row.status)
        narrow = self.narrow
        # Narrow: the month by name, as the portfolio writes it; "12-06" reads as June to half of Europe.
        stamp = f"{row.scheduled_at:%d %b %H:%M}" if narrow else f"{row.scheduled_at:%Y-%m-%d %H:%M}"
        when = Text(stamp)
        if row.overdue:
            when = Text(f"! {stamp}", style="bold red")
        label = Text(status.label, style=STATUS_STYLE[status])
        if row.overdue:
            label = Text("! overdue", style="bold red")
        cells = {
            "when": when,
            "channel": row.channel.label,
            "objective": row.objective,
            "people": ", ".join(row.members) or "—",
            "cost": Text(format_money(row.cost_cents) if row.cost_cents else "—", justify="right"),
            "status": label,
        }
        return [cells[column.key] for column in self.columns()]

    def period(self) -> tuple[str, object, object]:
        name, start, end = PERIODS[self.period_index]
        today = clock.today()
        return name, today + timedelta(days=start), today + timedelta(days=end)

    def _show_summary(self) -> None:
        name, start, end = self.period()
        summary = plan.plan_summary(database_of(self), self.account_id, start, end)  # type: ignore[arg-type]  # the period's ends are dates or None; the picker's values are typed object
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
        if not self.is_mounted:
            return None
        return self._row_for(self.table.selected_key)

    def _row_for(self, key: object) -> plan.ActionRow | None:
        return next((row for row in self.rows if row.id == key), None)

    @property
    def action_id(self) -> int | None:
        """The highlighted action."""
        row = self.current_row
        return row.id if row else None

    def select_record(self, action_id: int) -> None:
        """Put the cursor on one action (e.g. chosen in the agenda), with the keyboard in the table."""
        self.table.select(action_id)  # deleted meanwhile: the cursor stays on the next one due
        self.table.focus()

    def watch_period_index(self) -> None:
        self._show_summary()

    def _detail(self, key: object) -> Text:
        """The highlighted action in full, under the table."""
        row = self._row_for(key)
        if row is None:
            return Text("No actions yet: in this pane, a plans one.")
        text = Text()
        text.append(f"{row.objective}", style="bold")
        text.append(f" · {row.channel.label}, {row.duration_minutes} min")
        if self.narrow:  # the narrow table leaves out the year, the channel and the cost
            text.append(f" · {row.scheduled_at:%Y-%m-%d %H:%M}")
            if row.cost_cents:
                text.append(f" · {format_money(row.cost_cents)}")
        text.append(f"\nWith: {', '.join(row.members) or 'nobody named'} · ours: {', '.join(row.team) or 'nobody named'}")
        if row.outcome:
            text.append(f"\nOutcome ({row.done_on or 'not done'}): {row.outcome}")
        return text

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
            self.table.focus()

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
        plan.cancel_action(database_of(self), row.id)
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
                plan.delete_action(database_of(self), row.id, seen_version=row.version)
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
        """Where the pane writes the calendar (the calendar service decides)."""
        return calendar_export.default_destination(database_of(self), self.account_id)

    def action_export(self) -> None:
        """Write the planned actions as an .ics calendar file and say where."""
        try:
            result = calendar_export.export_calendar(
                database_of(self), self.account_id, self.export_path(), replace_own=True
            )
        except DomainError as error:
            say_refused(self, error)
            return
        self.last_export = result.path
        self.app.notify(f"Wrote {plural(result.events, 'planned action')} to {result.path}.", timeout=8)
        self._show_summary()
