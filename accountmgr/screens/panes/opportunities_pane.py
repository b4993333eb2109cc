"""Opportunities of one account (step e): the pipeline table with suggested and weighted values, totals and scorecard."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from accountmgr.keys import key_of
from accountmgr.models.enums import OpportunityStatus
from accountmgr.screens.close_opportunity import CloseOpportunityScreen
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.services import opportunities as opps
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money, format_money_short
from accountmgr.widgets.account_pane import AccountPane
from accountmgr.widgets.refusal import say_refused, writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.form_flow import FormFlow
from accountmgr.widgets.table_pane import CURRENT, TableColumn, TablePane
from accountmgr.widgets.typed_app import app_of, database_of

STATUS_STYLE = {
    OpportunityStatus.OPEN: "",
    OpportunityStatus.WON: "bold green",
    OpportunityStatus.LOST: "red",
}

COLUMNS = (
    TableColumn("name", "Opportunity", min_width=14),
    TableColumn("value", "Value", shrink=False),
    TableColumn("probability", "Prob.", shrink=False),
    TableColumn("suggested", "Sugg.", shrink=False, leave_out=3),
    TableColumn("weighted", "Weighted", shrink=False),
    TableColumn("stage", "Stage/status", leave_out=1),
    TableColumn("close", "Close", shrink=False, leave_out=2),
)
"""The table's columns; the name gives up room first, figures and dates never. On a terminal too narrow even so,
the suggestion, then the closing date, then the stage are left out and named under the table."""

NARROW = 100
"""Below this pane width money is shown short (€260k) to leave room for the name."""


class OpportunitiesPane(AccountPane, FormFlow, can_focus=False):
    """Opportunities (step e): pipeline, scorecard and weighted value"""

    HELP_TITLE = "Opportunities (step e)"
    HELP_TEXT = (
        f"Weighted value = value × probability of each open opportunity. {opps.SCORECARD_RULE_HELP} "
        "“≠” marks a probability you set differently from the suggestion."
    )
    BINDINGS = [
        bind("add", "add", "Add opportunity"),
        bind("edit", "edit", "Edit"),
        bind("suggested", "accept_suggested", "Accept suggested %", show=False),
        bind("won", "close(True)", "Won"),
        bind("lost", "close(False)", "Lost"),
        bind("reopen", "reopen", "Reopen", show=False),
        bind("delete", "delete", "Delete"),
        bind("cross-selling", "whitespace", "Cross-selling", show=False),
    ]

    DEFAULT_CSS = """
    OpportunitiesPane { height: auto; min-height: 12; layout: vertical; }
    OpportunitiesPane #opp-totals { height: auto; padding: 0 1; background: $boost; }
    OpportunitiesPane #opp-table { height: auto; max-height: 20; }
    OpportunitiesPane #opp-detail { height: auto; padding: 0 1; color: $text-muted; border-top: solid $primary; }
    """


    def __init__(self, account_id: int, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(account_id, id=id)
        self.rows: list[opps.OpportunityRow] = []
        """The opportunities as last loaded."""
        self.coverage_status: Any = None
        """The account's DMU coverage status as last read."""
        self.short_money = False
        """Whether amounts are drawn short (€260k), in a narrow pane."""

    def compose(self) -> ComposeResult:
        yield Static(id="opp-totals")
        yield TablePane(COLUMNS, table_id="opp-table", detail=self._detail, detail_id="opp-detail")

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        """Amounts go short in a narrow pane, whole again in a wide one (the table fits its columns itself)."""
        if self.is_mounted and self._narrow() != self.short_money:
            self.reload()

    def _narrow(self) -> bool:
        return 0 < (self.size.width or self.app.size.width) < NARROW

    # --- data ---------------------------------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the opportunities again and redraw; keep the cursor on *keep* (or where it was)."""
        keep = keep if keep is not None else self.opportunity_id
        db = database_of(self)
        self.coverage_status = opps.account_coverage_status(db, self.account_id)
        self.rows = opps.opportunity_rows(db, self.account_id, self.coverage_status)
        self.short_money = self._narrow()
        self.table.show([(row.opportunity.id, self._cells(row)) for row in self.rows],
                        keep=CURRENT if keep is None else keep)
        self._show_totals()

    def _cells(self, row: opps.OpportunityRow) -> list[Any]:
        opp = row.opportunity
        status = OpportunityStatus(opp.status)
        is_open = status == OpportunityStatus.OPEN
        money = format_money_short if self.short_money else format_money
        suggested = Text(f"{row.suggested}%", justify="right")
        if is_open and row.differs:
            suggested = Text(f"≠{row.suggested}%", style="yellow", justify="right")
        return [
            Text(opp.name, style="bold" if is_open else "dim"),
            Text(money(opp.value_cents), justify="right"),
            Text(f"{opp.probability}%", justify="right"),
            suggested if is_open else Text("—", style="dim", justify="right"),
            Text(money(row.weighted_cents) if is_open else "—", justify="right"),
            # An open deal shows its stage; a closed one says won or lost, in colour.
            opp.stage.label if is_open else Text(status.label, style=STATUS_STYLE[status]),
            (opp.expected_close.isoformat() if opp.expected_close else "—") if is_open
            else (opp.closed_on.isoformat() if opp.closed_on else "—"),
        ]

    def _show_totals(self) -> None:
        totals = opps.account_pipeline(database_of(self), self.account_id)
        text = Text()
        text.append("Opportunities", style="bold")
        text.append(f" · open {totals.open_count}: {format_money(totals.open_cents)}")
        text.append(f" · weighted {format_money(totals.weighted_cents)}", style="bold")
        text.append(f" · won {totals.won_count}: {format_money(totals.won_cents)}", style="green")
        text.append(f" · lost {totals.lost_count}: {format_money(totals.lost_cents)}", style="red")
        portfolio = opps.portfolio_pipeline(database_of(self))
        if portfolio.weighted_cents:
            share = 100 * totals.weighted_cents / portfolio.weighted_cents
            text.append(f" · {share:.0f} % of the portfolio's weighted {format_money_short(portfolio.weighted_cents)}",
                        style="dim")
        status = opps.status_value(self.coverage_status)
        text.append(f" · DMU coverage {status or 'not known'}", style="dim")
        self.query_one("#opp-totals", Static).update(text)

    def _detail(self, key: object) -> Text:
        """The highlighted opportunity's scorecard, suggestion, offerings and closing, under the table."""
        row = self._row_for(key)
        if row is None:
            return Text(f"No opportunities yet: in this pane, {key_of('add')} adds one.")
        opp = row.opportunity
        text = self.table.left_out(key)
        if text:
            text.append("\n")
        marks = []
        for line in row.scorecard.lines:
            mark = "?" if line.points is None else ("✓" if line.points == 2 else "½" if line.points == 1 else "✗")
            marks.append(f"{line.label} {mark}")
        text.append("Scorecard: " + " · ".join(marks) + "\n")
        text.append(f"Suggested {row.suggested} %: {row.scorecard.explain()}")
        if row.offerings:
            text.append(f"\nOfferings: {', '.join(row.offerings)}")
        if opp.status != OpportunityStatus.OPEN:
            text.append(f"\n{OpportunityStatus(opp.status).label} on {opp.closed_on}: {opp.close_reason or '—'}")
        return text

    def _row_for(self, key: object) -> opps.OpportunityRow | None:
        return next((row for row in self.rows if row.opportunity.id == key), None)

    @property
    def current_row(self) -> opps.OpportunityRow | None:
        if not self.is_mounted:
            return None
        return self._row_for(self.table.selected_key)

    def select_record(self, opportunity_id: int) -> None:
        """Put the cursor on one opportunity (unless deleted meanwhile), with the keyboard in the table."""
        self.table.select(opportunity_id)
        self.table.focus()

    @property
    def opportunity_id(self) -> int | None:
        """The highlighted opportunity."""
        row = self.current_row
        return row.opportunity.id if row else None

    @on(DataTable.RowSelected, "#opp-table")
    def _selected(self) -> None:
        self.action_edit()

    # --- actions ------------------------------------------------------------------------------------------------

    @writes
    def action_add(self) -> None:
        """Add an opportunity with the form."""
        self.open_form(OpportunityForm(self.account_id))

    @writes
    def action_edit(self) -> None:
        """Edit the highlighted opportunity."""
        if self.opportunity_id is not None:
            self.open_form(OpportunityForm(self.account_id, self.opportunity_id))

    @writes
    def action_accept_suggested(self) -> None:
        """Set the highlighted opportunity's probability to the suggested one."""
        row = self.current_row
        if row is None or row.opportunity.status != OpportunityStatus.OPEN:
            return
        opps.update_opportunity(database_of(self), row.opportunity.id, {"probability": row.suggested})
        self.app.notify(f"{row.opportunity.name}: probability set to the suggested {row.suggested} %.")
        self.changed(row.opportunity.id)

    @writes
    def action_close(self, won: bool) -> None:
        """Mark the highlighted opportunity won or lost (asks for the reason)."""
        row = self.current_row
        if row is None:
            return
        opp = row.opportunity
        if opp.status != OpportunityStatus.OPEN:
            self.app.notify(f"{opp.name} is already {OpportunityStatus(opp.status).label.lower()}; o reopens it.")
            return
        self.app.push_screen(
            CloseOpportunityScreen(opp.id, opp.name, won),
            lambda closed: self.changed(opp.id) if closed else None,
        )

    @writes
    def action_reopen(self) -> None:
        """Put a won or lost opportunity back in the open pipeline."""
        row = self.current_row
        if row is None or row.opportunity.status == OpportunityStatus.OPEN:
            return
        opps.reopen_opportunity(database_of(self), row.opportunity.id)
        self.changed(row.opportunity.id)

    def action_whitespace(self) -> None:
        """Open this account's white space: our offerings against its departments."""
        app_of(self).open_whitespace(self.account_id)

    @writes
    def action_delete(self) -> None:
        """Delete the highlighted opportunity after confirming."""
        row = self.current_row
        if row is None:
            return
        opp = row.opportunity

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                opps.delete_opportunity(database_of(self), opp.id,
                                        seen_version=opp.version)
            except DomainError as error:
                say_refused(self, error)
                self.reload()
                return
            self.changed()
            self.app.notify(f"Deleted {opp.name}.")

        self.app.push_screen(ConfirmScreen(f"Delete the opportunity {opp.name}?", yes="Delete", no="Keep"), answered)
