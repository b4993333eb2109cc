"""Step e: economic importance — potentials, revenue by year against target, share of wallet, the forecast and
the opportunities below them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from accountmgr.models import Step
from accountmgr.screens.panes.opportunities_pane import OpportunitiesPane
from accountmgr.screens.steps.field_pane import FieldPane
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.base import PartHeading
from accountmgr.screens.steps.record_table import RecordTable, TableSpec
from accountmgr.services import clock, revenue
from accountmgr.services.account_review import ReviewFigures, review_figures
from accountmgr.services.money import format_money
from accountmgr.services.review_charts import forecast_chart, revenue_chart, share_chart
from accountmgr.widgets.bar_chart import BarChart
from accountmgr.widgets.table_pane import TableColumn

REVENUE_FORM = (
    FieldDef("year", "Year", placeholder="e.g. 2026"),
    FieldDef("actual_cents", "Revenue (actual, or to date for this year)", "money", placeholder="e.g. 120k"),
    FieldDef("target_cents", "Revenue target", "money", placeholder="e.g. 150k"),
    FieldDef("potential_cents", "Customer's spend in our category that year", "money", placeholder="blank = the purchase potential",
             hint="Leave blank to measure the share of wallet against the purchase potential above."),
    FieldDef("notes", "Notes", "text"),
)


OPPORTUNITY_KEYS = [("add", "add"), ("edit", "edit"), ("won", "won"), ("lost", "lost"), ("delete", "delete")]
"""The opportunities' main keys, as their heading names them while they have the keyboard (help has the rest)."""


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def revenue_spec(account_id: int) -> TableSpec:
    """The revenue table of step e: one row per year."""
    return TableSpec(
        what="revenue year",
        entity="revenue",
        # On a narrow terminal the category spend, then how far from target, then the target are left out.
        columns=(TableColumn("year", "Year", priority=2), TableColumn("revenue", "Revenue"),
                 TableColumn("target", "Target", leave_out=1), TableColumn("vs", "vs target", leave_out=2),
                 TableColumn("spend", "Category spend", leave_out=3), TableColumn("share", "Share of wallet")),
        fields=REVENUE_FORM,
        rows=lambda db: review_figures(db, account_id, clock.today()).years,
        cells=lambda y: (
            str(y.year), format_money(y.actual_cents), format_money(y.target_cents), _pct(y.target_pct),
            format_money(y.wallet_cents) + (" (potential)" if y.potential_is_current else ""), _pct(y.share_pct),
        ),
        create=lambda db, values: revenue.create_year(db, account_id, values),
        update=revenue.update_year,
        delete=revenue.delete_year,
        describe=lambda y: f"revenue for {y.year}",
        defaults=lambda: {"year": str(clock.today().year)},
    )


def headline(figures: ReviewFigures) -> str:
    """This year against last year and the target, and the share of wallet now, in one or two lines."""
    this, last = figures.this_year, figures.last_year
    year = figures.today.year
    parts = [f"{year} so far: {format_money(this.actual_cents if this else None)}"
             f" (target {format_money(this.target_cents if this else None)})",
             f"{year - 1}: {format_money(last.actual_cents if last else None)}"]
    share = (f"share of wallet {_pct(figures.share_now)} in {figures.share_now_year}"
             if figures.share_now is not None else "share of wallet — (needs revenue and the purchase potential)")
    forecast = f"weighted forecast {format_money(figures.forecast_total_cents)}"
    return " · ".join(parts) + "\n" + share.capitalize() + " · " + forecast


class EconomicsPane(FieldPane):
    """Purchase potential and incremental absorption potential; the opportunities pane underneath."""

    step = Step.E
    FIELDS = (
        FieldDef("purchase_potential_cents", "Purchase potential (per year)", "money", placeholder="e.g. 1.2m",
                 hint="What the customer spends a year on what we could supply, from anyone."),
        FieldDef("absorption_potential_cents", "Incremental absorption potential", "money", placeholder="e.g. 300k",
                 hint="How much more it could buy from us."),
    )

    DEFAULT_CSS = """
    EconomicsPane #opportunities-host { height: 24; }
    EconomicsPane #economics-headline { margin-top: 1; }
    """

    def compose_context(self) -> ComposeResult:
        figures = review_figures(self.db, self.account_id, clock.today())
        yield PartHeading("Revenue by year", "revenue-table")
        yield RecordTable(revenue_spec(self.account_id), id="revenue-table")
        yield Static(headline(figures), id="economics-headline")
        yield BarChart(revenue_chart(figures), id="revenue-chart")
        yield BarChart(share_chart(figures), id="share-chart")
        yield BarChart(forecast_chart(figures), id="forecast-chart")
        yield PartHeading("Opportunities", "opportunities", keys=OPPORTUNITY_KEYS)
        with Vertical(id="opportunities-host"):
            yield OpportunitiesPane(self.account_id, id="opportunities")

    def refresh_figures(self) -> None:
        """Draw the headline and the charts again from the figures as they are now."""
        figures = review_figures(self.db, self.account_id, clock.today())
        self.query_one("#economics-headline", Static).update(headline(figures))
        self.query_one("#revenue-chart", BarChart).show(revenue_chart(figures))
        self.query_one("#share-chart", BarChart).show(share_chart(figures))
        self.query_one("#forecast-chart", BarChart).show(forecast_chart(figures))

    def after_save(self) -> None:
        """The purchase potential measures the share of wallet: show the shares again."""
        self.query_one("#revenue-table", RecordTable).reload()
        self.refresh_figures()

    def on_record_table_saved(self, event: RecordTable.Saved) -> None:
        """A revenue year was added, changed or deleted."""
        event.stop()
        self.refresh_figures()
        self.saved()

    def on_account_pane_changed(self) -> None:
        """An opportunity changed below: the forecast follows (the message goes on to the workspace)."""
        self.refresh_figures()

    def select_record(self, opportunity_id: int) -> None:
        """Select an opportunity in the mounted opportunities pane."""
        for pane in self.query("#opportunities-host > *"):
            select = getattr(pane, "select_record", None)
            if callable(select):
                pane.scroll_visible()
                select(opportunity_id)
                return
