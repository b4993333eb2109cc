"""Step l: monitoring and feedback — reviews over time, satisfaction by driver, key drivers to act on."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from accountmgr.models import Step
from accountmgr.screens.steps.base import STEP_CAPTURES, StepPane
from accountmgr.screens.steps.drivers_form import DriversFormScreen
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.record_table import RecordTable, TableSpec
from accountmgr.models.enums import ComplaintNature, ComplaintStatus, FeedbackKind, Severity
from accountmgr.services import clock, complaints, dmu, reviews
from accountmgr.widgets.plain import PlainDataTable
from accountmgr.widgets.refusal import writes

REVIEW_FORM = (
    FieldDef("reviewed_on", "Date of the review", placeholder="YYYY-MM-DD"),
    FieldDef("satisfaction", "Overall satisfaction (0–10)"),
    FieldDef("loyalty", "Loyalty (0–10)", hint="How likely the customer is to stay and buy again."),
    FieldDef("profitability_pct", "Profitability (margin %, −100 to 100)"),
    FieldDef("project_progress", "Project progress (%)"),
    FieldDef("learned", "What we learned", "text"),
    FieldDef("next_steps", "Next steps", "text"),
)


COMPLAINT_FORM = (
    FieldDef("received_on", "Date received", placeholder="YYYY-MM-DD"),
    FieldDef("kind", "Complaint or other feedback", "select", FeedbackKind.choices()),
    FieldDef("nature", "Nature", "select", ComplaintNature.choices()),
    FieldDef("severity", "Severity", "select", Severity.choices()),
    FieldDef("summary", "What it is about"),
    FieldDef("department", "Routed to (department)", hint="Who can act on it: logistics, quality, accounting…"),
    FieldDef("status", "Status", "select", ComplaintStatus.choices(),
             hint="Answered or closed without a date takes today's."),
    FieldDef("resolution", "Resolution", "text"),
    FieldDef("compensation_cents", "Compensation given", "money"),
    FieldDef("answered_on", "Date answered", placeholder="YYYY-MM-DD"),
    FieldDef("closed_on", "Date closed", placeholder="YYYY-MM-DD"),
)
"""The complaint form, but for who in the DMU (the account's people, chosen when the pane opens)."""


def _complaint_cells(applied: complaints.Applied) -> tuple:
    c = applied.complaint
    status = Text(applied.flag, style="bold red" if applied.late else "green" if c.status != ComplaintStatus.OPEN
                  else "yellow")
    kind = "" if c.kind == FeedbackKind.COMPLAINT else " (feedback)"
    return (c.received_on.isoformat(), status, ComplaintNature(c.nature).label + kind, _clip(c.summary, 24),
            _clip(applied.member_name, 16), _clip(applied.guideline.actor.label, 18), _clip(c.department, 12),
            Severity(c.severity).label)


def _score(value: int | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def _clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return "—" if not flat else flat if len(flat) <= limit else flat[: limit - 1] + "…"


def trend_line(label: str, values: Sequence[int | None], suffix: str = "") -> Text:
    """'Satisfaction  6 → 7 → 8  rising' with the direction coloured."""
    known = [_score(v, suffix) for v in values]
    text = Text(f"{label:<14}", style="bold")
    text.append(" → ".join(known[-6:]) if known else "—")
    way = reviews.direction(list(values))
    if way:
        text.append(f"  {way}", style={"rising": "green", "falling": "bold red", "steady": "dim"}[way])
    return text


class MonitoringPane(StepPane):
    """Reviews with their trend; the drivers of the highlighted review with key drivers marked."""

    HELP_TITLE = "Monitoring step (l): reviews and satisfaction drivers"
    HELP_TEXT = reviews.KEY_DRIVER_RULE

    step = Step.L

    BINDINGS = [
        Binding("v", "drivers", "Edit drivers", id="monitoring.drivers"),
        Binding("c", "switch_table", "Reviews ⇄ complaints", id="monitoring.switch_table",
                tooltip="Move the keyboard between the reviews and the complaints tables"),
        Binding("K", "app.edit_recovery_guidelines", "Recovery guidelines", id="monitoring.recovery",
                tooltip="Who may act on a complaint, up to what, how fast — by nature and value segment"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(f"{self.step.value}. {self.step.label}", classes="pane-title")
        yield Static(STEP_CAPTURES[self.step], classes="pane-captures")
        yield Static(id="trend")
        yield Static("Reviews (n add · Enter edit · x delete · v edit drivers)", classes="section")
        yield RecordTable(self._spec(), id="reviews")
        yield Static("Satisfaction by driver", classes="section", id="drivers-title")
        yield PlainDataTable(id="drivers", cursor_type="none", zebra_stripes=True)
        yield Static(id="key-drivers")
        yield Static("Complaints and feedback (c here from the reviews · n add · Enter edit · x delete · "
                     "K recovery guidelines)",
                     classes="section")
        yield RecordTable(self._complaints_spec(), id="complaints")
        yield Static(id="complaint-advice")

    def _spec(self) -> TableSpec:
        account_id = self.account_id
        return TableSpec(
            what="review",
            columns=("Date", "Satisfaction", "Loyalty", "Margin", "Progress", "What we learned"),
            fields=REVIEW_FORM,
            rows=lambda db: reviews.list_reviews(db, account_id),
            cells=lambda r: (
                r.reviewed_on.isoformat(), _score(r.satisfaction, "/10"), _score(r.loyalty, "/10"),
                _score(r.profitability_pct, "%"), _score(r.project_progress, "%"),
                _clip(r.learned, 22),
            ),
            create=lambda db, values: reviews.create_review(db, account_id, values),
            update=reviews.update_review,
            delete=reviews.delete_review,
            describe=lambda r: f"review of {r.reviewed_on.isoformat()}",
            defaults=lambda: {"reviewed_on": clock.today().isoformat()},
        )

    def _complaints_spec(self) -> TableSpec:
        account_id = self.account_id
        people = [(m.name, str(m.id)) for m in dmu.list_members(self.db, account_id)]
        return TableSpec(
            what="complaint",
            columns=("Received", "Status", "Nature", "What", "From", "Who should act", "Routed to", "Severity"),
            fields=COMPLAINT_FORM[:1] + (FieldDef("member_id", "Who in the DMU", "select", people),) + COMPLAINT_FORM[1:],
            rows=lambda db: complaints.list_complaints(db, account_id),
            cells=_complaint_cells,
            create=lambda db, values: complaints.create_complaint(db, account_id, values),
            update=complaints.update_complaint,
            delete=complaints.delete_complaint,
            describe=lambda c: f"complaint “{_clip(c.summary, 40)}”",
            defaults=lambda: {"received_on": clock.today().isoformat(), "kind": FeedbackKind.COMPLAINT.value,
                              "severity": Severity.MEDIUM.value, "status": ComplaintStatus.OPEN.value},
        )

    def action_switch_table(self) -> None:
        """Put the keyboard on the complaints table, or back on the reviews."""
        reviews_table = self.query_one("#reviews", RecordTable)
        complaints_table = self.query_one("#complaints", RecordTable)
        target = reviews_table if complaints_table.has_focus_within else complaints_table
        target.focus_table()
        target.scroll_visible()

    def show_complaint(self) -> None:
        """What the recovery guideline says about the highlighted complaint."""
        applied = self.query_one("#complaints", RecordTable).selected
        advice = self.query_one("#complaint-advice", Static)
        advice.display = applied is not None
        if applied is None:
            return
        text = Text("Guideline: ", style="bold")
        text.append(applied.advice)
        if applied.late:
            text.append(f"  Late: {applied.overdue_days} days past the response time.", style="bold red")
        if applied.over_limit:
            text.append("  Compensation above the limit: needs someone with more authority.", style="dark_orange")
        advice.update(text)

    def on_mount(self) -> None:
        self.query_one("#drivers", DataTable).add_columns("Driver", "Importance", "Ours", "Competitor", "", "Gap")
        self.refresh_view()

    def refresh_view(self) -> None:
        points = reviews.trend(self.db, self.account_id)
        lines = Text("\n").join([
            trend_line("Satisfaction", [p.satisfaction for p in points], "/10"),
            trend_line("Loyalty", [p.loyalty for p in points], "/10"),
            trend_line("Profitability", [p.profitability_pct for p in points], "%"),
            trend_line("Progress", [p.project_progress for p in points], "%"),
        ])
        trend = self.query_one("#trend", Static)
        trend.update(lines)
        trend.display = bool(points)
        self.show_drivers()
        self.show_complaint()

    @property
    def review(self):  # noqa: ANN201
        return self.query_one("#reviews", RecordTable).selected

    def show_drivers(self) -> None:
        """The drivers of the highlighted review; key drivers are marked and explained."""
        review = self.review
        table = self.query_one("#drivers", DataTable)
        table.clear()
        title = self.query_one("#drivers-title", Static)
        for widget in (title, table, self.query_one("#key-drivers", Static)):
            widget.display = review is not None
        if review is None:
            return
        title.update(f"Satisfaction by driver — review of {review.reviewed_on.isoformat()} (v to edit)")
        drivers = reviews.review_drivers(self.db, review.id)
        keys = {k.driver: k for k in reviews.key_drivers(drivers)}
        for d in drivers:
            mark = Text("◆ KEY", style="bold red") if d.driver in keys else Text("")
            table.add_row(
                Text(d.driver, style="bold" if d.driver in keys else ""), f"{d.importance}/5",
                _score(d.our_score), _score(d.competitor_score), mark,
                reviews.gap_text(d.our_score, d.competitor_score),
            )
        text = Text()
        if keys:
            text.append("Key drivers — where to act:\n", style="bold")
            for k in keys.values():
                text.append(f"  ◆ {k.driver}: ", style="bold red")
                text.append(f"{k.reason}\n")
        elif not any(d.our_score is not None for d in drivers):
            text.append("No driver scored in this review yet (v to score them).\n", style="yellow")
        else:
            text.append("No key driver: nothing important where we trail.\n", style="green")
        text.append(reviews.KEY_DRIVER_RULE, style="dim")
        self.query_one("#key-drivers", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Follow the highlighted review with its drivers."""
        if event.data_table.parent is self.query_one("#reviews", RecordTable):
            self.show_drivers()
        elif event.data_table.parent is self.query_one("#complaints", RecordTable):
            self.show_complaint()

    def on_record_table_changed(self, event: RecordTable.Changed) -> None:
        event.stop()
        self.refresh_view()
        self.saved()

    @writes
    def action_drivers(self) -> None:
        """Edit the drivers of the highlighted review."""
        review = self.review
        if review is None:
            self.notify("Record a review first (n).", severity="warning")
            return

        def done(result: object) -> None:
            if result is not None:
                self.show_drivers()
                self.saved()

        self.app.push_screen(
            DriversFormScreen(review.id, f"Satisfaction drivers — review of {review.reviewed_on.isoformat()}"),
            callback=done,
        )
