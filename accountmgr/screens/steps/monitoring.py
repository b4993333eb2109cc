"""Step l: monitoring and feedback — reviews over time, satisfaction by driver, key drivers to act on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, Tree

from accountmgr.keys import key_of
from accountmgr.models import SATISFACTION_DRIVERS, Step
from accountmgr.screens.steps.base import STEP_CAPTURES, PartHeading, StepPane
from accountmgr.screens.steps.drivers_form import DriversFormScreen
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.record_table import RecordTable, TableSpec
from accountmgr.models import ProjectStatus
from accountmgr.models.enums import ComplaintNature, ComplaintStatus, FeedbackKind, Severity
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.services import clock, complaints, dmu, loyalty_tree, reviews
from accountmgr.services.team import list_team
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.table_pane import TableColumn, TablePane

if TYPE_CHECKING:
    from accountmgr.db import Database

REVIEW_FORM = (
    FieldDef("reviewed_on", "Date of the review", placeholder="YYYY-MM-DD"),
    FieldDef("satisfaction", "Overall satisfaction (0–10)"),
    FieldDef("loyalty", "Loyalty (0–10)", hint="How likely the customer is to stay and buy again."),
    FieldDef("profitability_pct", "Profitability (margin %, −100 to 100)"),
    FieldDef("project_progress", "Project progress (%)"),
    FieldDef("perceived_quality", "Perceived quality (0–10)",
             hint="The customer's view: reliability, responsiveness, reassurance, empathy."),
    FieldDef("technical_quality", "Technical quality (0–10)",
             hint="Measured against results: specifications met, service levels, defects."),
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
    return (c.received_on.isoformat(), status, ComplaintNature(c.nature).label + kind, _flat(c.summary),
            _flat(applied.member_name), _flat(applied.guideline.actor.label), _flat(c.department),
            Severity(c.severity).label)


def kpi_form(drivers: list[str], team: list[tuple[str, str]]) -> tuple[FieldDef, ...]:
    return (
        FieldDef("driver", "Satisfaction driver it supports", "select", [(d, d) for d in drivers]),
        FieldDef("name", "KPI (a measurable index of one of our processes)", placeholder="On-time delivery"),
        FieldDef("process", "Process it measures", placeholder="Order fulfilment"),
        FieldDef("owner_id", "Owner", "select", team),
        FieldDef("unit", "Unit", placeholder="%, days, hours…"),
        FieldDef("target", "Target", placeholder="98"),
        FieldDef("current", "Current value", hint="A new reading (t) updates it."),
        FieldDef("higher_is_better", "Direction", "select", [("Higher is better", "True"), ("Lower is better", "False")]),
        FieldDef("notes", "Notes", "text"),
    )


def project_form(drivers: list[str], team: list[tuple[str, str]], kpis: list[tuple[str, str]]) -> tuple[FieldDef, ...]:
    return (
        FieldDef("driver", "Driver where we trail", "select", [(d, d) for d in drivers]),
        FieldDef("name", "Project (narrow and focused)"),
        FieldDef("owner_id", "Owner", "select", team),
        FieldDef("due_on", "Due", placeholder="YYYY-MM-DD"),
        FieldDef("kpi_id", "KPI it must move", "select", kpis),
        FieldDef("status", "Status", "select", ProjectStatus.choices()),
        FieldDef("notes", "Notes", "text"),
    )


READING_FORM = (
    FieldDef("measured_on", "Date measured", placeholder="YYYY-MM-DD"),
    FieldDef("value", "Value", placeholder="98,5 or 98.5"),
)


def _score(value: int | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


DRIVER_COLUMNS = [
    TableColumn("driver", "Driver"), TableColumn("importance", "Importance", leave_out=1),
    TableColumn("ours", "Ours", min_width=4), TableColumn("competitor", "Competitor"),
    TableColumn("key", "", min_width=5, leave_out=2), TableColumn("gap", "Gap"),
]
"""The columns of the satisfaction-by-driver table under the reviews. On a narrow pane the key-driver mark and the
importance give way: the key drivers are listed with their importance under the table anyway."""


def _flat(text: str) -> str:
    """*text* on one line and whole: the table shortens it, with an ellipsis, only when it lacks room."""
    return " ".join(text.split()) or "—"


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

    DEFAULT_CSS = """
    MonitoringPane #loyalty-tree { height: auto; max-height: 30; }
    """

    BINDINGS = [
        bind("details", "drivers", "Edit drivers"),
        bind("new-reading", "reading", "New reading"),
        bind("suggest-project", "suggest_project", "Suggest a project", show=False),
        bind("recovery", "app.edit_recovery_guidelines", "Recovery guidelines", show=False,
             tooltip="Who may act on a complaint, up to what, how fast — by nature and value segment"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(f"{self.step.value}. {self.step.label}", classes="pane-title")
        yield Static(STEP_CAPTURES[self.step], classes="pane-captures")
        yield Static(id="trend")
        yield PartHeading("Reviews", "reviews", extras=[("details", "edit drivers")])
        yield RecordTable(self._spec(), id="reviews")
        yield Static("Satisfaction by driver", classes="section", id="drivers-title")
        yield TablePane(DRIVER_COLUMNS, table_id="drivers", cursor_type="none", id="drivers-pane")
        yield Static(id="key-drivers")
        yield Static(id="quality-gap")
        yield Static("Loyalty tree: loyalty → satisfaction → drivers → KPIs → processes", classes="section")
        yield Tree("Loyalty", id="loyalty-tree")
        yield PartHeading("KPIs", "kpis", extras=[("new-reading", "new reading")])
        yield RecordTable(self._kpi_spec(), id="kpis")
        yield PartHeading("Improvement projects", "projects",
                          extras=[("suggest-project", "suggest one where we trail most")])
        yield RecordTable(self._project_spec(), id="projects")
        yield PartHeading("Complaints and feedback", "complaints", extras=[("recovery", "recovery guidelines")])
        yield RecordTable(self._complaints_spec(), id="complaints")
        yield Static(id="complaint-advice")

    def _spec(self) -> TableSpec:
        account_id = self.account_id
        return TableSpec(
            what="review",
            # On a narrow pane progress, then margin, then quality give way (named under the table for the row).
            columns=("Date", "Satisfaction", "Loyalty", TableColumn("margin", "Margin", leave_out=2),
                     TableColumn("progress", "Progress", leave_out=3),
                     TableColumn("quality", "Quality P/T", leave_out=1), "What we learned"),
            fields=REVIEW_FORM,
            rows=lambda db: reviews.list_reviews(db, account_id),
            cells=lambda r: (
                r.reviewed_on.isoformat(), _score(r.satisfaction, "/10"), _score(r.loyalty, "/10"),
                _score(r.profitability_pct, "%"), _score(r.project_progress, "%"),
                f"{_score(r.perceived_quality)}/{_score(r.technical_quality)}", _flat(r.learned),
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
            columns=("Received", "Status", TableColumn("nature", "Nature", leave_out=2), "What",
                     TableColumn("from", "From", leave_out=3), "Who should act",
                     TableColumn("routed", "Routed to", leave_out=4), TableColumn("severity", "Severity", leave_out=1)),
            fields=COMPLAINT_FORM[:1] + (FieldDef("member_id", "Who in the DMU", "select", people),) + COMPLAINT_FORM[1:],
            rows=lambda db: complaints.list_complaints(db, account_id),
            cells=_complaint_cells,
            create=lambda db, values: complaints.create_complaint(db, account_id, values),
            update=complaints.update_complaint,
            delete=complaints.delete_complaint,
            describe=lambda c: f"complaint “{_clip(c.summary, 40)}”",
            defaults=lambda: {"received_on": clock.today().isoformat(), "kind": FeedbackKind.COMPLAINT.value,
                              "severity": Severity.MEDIUM.value, "status": ComplaintStatus.OPEN.value},
            # The guidelines follow the account's value segment, which needs the whole portfolio scored.
            in_background="Scoring the portfolio for the recovery guidelines (by value segment)…",
        )

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

    def _drivers(self) -> list[str]:
        """The drivers a KPI or project can name: the latest review's, the method's and those already used."""
        names = [d.driver for d in loyalty_tree.tree(self.db, self.account_id).drivers]
        for name in SATISFACTION_DRIVERS:
            if name.lower() not in {n.lower() for n in names}:
                names.append(name)
        return names

    def _first_driver(self) -> str:
        """A new KPI starts on the key driver with the widest gap (the tree lists it first)."""
        drivers = loyalty_tree.tree(self.db, self.account_id).drivers
        return drivers[0].driver if drivers and drivers[0].key else ""

    def _team(self) -> list[tuple[str, str]]:
        return [(m.name, str(m.id)) for m in list_team(self.db)]

    def _kpi_spec(self) -> TableSpec:
        account_id = self.account_id
        pane = self
        names: dict[int, str] = {}

        def rows(db: Database):  # noqa: ANN202
            names.clear()
            names.update(loyalty_tree.team_names(db))
            return loyalty_tree.list_kpis(db, account_id)

        return TableSpec(
            what="KPI", entity="kpi",
            columns=("Driver", "KPI", TableColumn("process", "Process", leave_out=3), TableColumn("owner", "Owner", leave_out=2),
                     "Current", TableColumn("target", "Target", leave_out=1), "Status"),
            fields=lambda: kpi_form(pane._drivers(), pane._team()),
            rows=rows,
            cells=lambda k: (
                k.driver, k.name, k.process or "—", names.get(k.owner_id, "—") if k.owner_id else "—",
                loyalty_tree.with_unit(k.current, k.unit), loyalty_tree.with_unit(k.target, k.unit),
                loyalty_tree.kpi_status(k) or "—",
            ),
            create=lambda db, values: loyalty_tree.create_kpi(db, account_id, values),
            update=loyalty_tree.update_kpi,
            delete=loyalty_tree.delete_kpi,
            describe=lambda k: f"KPI {k.name}",
            defaults=lambda: {"higher_is_better": "True", "driver": pane._first_driver()},
        )

    def _project_spec(self) -> TableSpec:
        account_id = self.account_id
        pane = self
        names: dict[int, str] = {}
        kpis: dict[int, str] = {}

        def rows(db: Database):  # noqa: ANN202
            names.clear()
            names.update(loyalty_tree.team_names(db))
            kpis.clear()
            kpis.update({k.id: k.name for k in loyalty_tree.list_kpis(db, account_id)})
            return loyalty_tree.list_projects(db, account_id)

        return TableSpec(
            what="improvement project", entity="improvement_project",
            columns=("Driver", "Project", TableColumn("owner", "Owner", leave_out=2), "Due",
                     TableColumn("kpi", "KPI to move", leave_out=1), "Status"),
            fields=pane._project_fields,
            rows=rows,
            cells=lambda p: (
                p.driver, p.name, names.get(p.owner_id, "—") if p.owner_id else "—",
                p.due_on.isoformat() if p.due_on else "—", kpis.get(p.kpi_id, "—") if p.kpi_id else "—",
                p.status.label,
            ),
            create=lambda db, values: loyalty_tree.create_project(db, account_id, values),
            update=loyalty_tree.update_project,
            delete=loyalty_tree.delete_project,
            describe=lambda p: f"improvement project {p.name}",
            defaults=lambda: {"status": ProjectStatus.PLANNED.value},
        )

    def _project_fields(self) -> tuple[FieldDef, ...]:
        kpis = [(f"{k.name} ({k.driver})", str(k.id)) for k in loyalty_tree.list_kpis(self.db, self.account_id)]
        return project_form(self._drivers(), self._team(), kpis)

    def on_mount(self) -> None:
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
        self.show_tree()

    def show_tree(self) -> None:
        """Loyalty → satisfaction → drivers → KPIs → processes, with each driver's projects."""
        tree = loyalty_tree.tree(self.db, self.account_id)
        quality = self.query_one("#quality-gap", Static)
        quality.update(Text.assemble(("Perceived vs technical quality: ", "bold"),
                                     loyalty_tree.quality_gap_text(tree.perceived_quality, tree.technical_quality)))
        widget = self.query_one("#loyalty-tree", Tree)
        widget.clear()
        widget.root.set_label(Text(f"Loyalty {_score(tree.loyalty, '/10')}", style="bold"))
        widget.root.expand()
        satisfaction = widget.root.add(Text(f"Satisfaction {_score(tree.satisfaction, '/10')}"
                                            + (f" (review of {tree.reviewed_on:%Y-%m-%d})" if tree.reviewed_on else "")),
                                       expand=True)
        if not tree.drivers:
            satisfaction.add_leaf(Text(f"No driver scored yet: record a review and its drivers ({key_of('details')}).",
                                        style="dim"))
        for node in tree.drivers:
            label = Text(node.driver, style="bold red" if node.key else "bold")
            details = [f"importance {node.importance}/5" if node.importance else "", node.gap_text]
            label.append("  " + " · ".join(d for d in details if d), style="")
            if node.key:
                label.append("  ◆ KEY", style="bold red")
            branch = satisfaction.add(label, expand=True)
            if not node.kpis and node.key:
                branch.add_leaf(Text(f"No KPI yet: add one ({key_of('add')} in the KPI table).", style="yellow"))
            for kpi_node in node.kpis:
                kpi = kpi_node.kpi
                current, target = loyalty_tree.with_unit(kpi.current, kpi.unit), loyalty_tree.with_unit(kpi.target, kpi.unit)
                text = Text(f"KPI {kpi.name}: {current} (target {target})")
                status = kpi_node.status
                if status:
                    text.append(f" {status}", style="green" if status == "on target" else "yellow")
                if kpi_node.owner:
                    text.append(f" · owner {kpi_node.owner}", style="dim")
                if kpi_node.history:
                    text.append(" · " + " → ".join(loyalty_tree.format_number(r.value) for r in kpi_node.history[-4:]),
                                style="dim")
                leaf = branch.add(text, expand=True)
                leaf.add_leaf(Text(f"process: {kpi.process or 'not named'}", style="italic"))
            for project in node.projects:
                due = f", due {project.due_on:%Y-%m-%d}" if project.due_on else ""
                branch.add_leaf(Text(f"▶ project {project.name} ({project.status.label}{due})", style="cyan"))

    @property
    def kpi(self):  # noqa: ANN201
        return self.query_one("#kpis", RecordTable).selected

    @writes
    def action_reading(self) -> None:
        """Record a dated value of the highlighted KPI: its history, and its current value."""
        kpi = self.kpi
        if kpi is None:
            self.notify(f"Add a KPI first ({key_of('add')} in the KPI table).", severity="warning")
            return

        def done(result: object) -> None:
            if result is not None:
                self.query_one("#kpis", RecordTable).reload(keep=kpi.id)
                self.show_tree()
                self.saved()

        self.app.push_screen(
            RecordFormScreen(f"New reading of {kpi.name}", READING_FORM, {"measured_on": clock.today().isoformat()},
                             lambda values: loyalty_tree.add_reading(self.db, kpi.id, values)),
            callback=done,
        )

    @writes
    def action_suggest_project(self) -> None:
        """Propose a project on the driver where the competitor is furthest ahead; saving the form confirms it."""
        suggestions = loyalty_tree.suggest_projects(self.db, self.account_id, limit=1)
        if not suggestions:
            self.notify("No driver where the competitor is ahead without a project already.", severity="information")
            return
        suggestion = suggestions[0]
        values = {key: "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
                  for key, value in suggestion.as_raw().items()}

        def done(result: object) -> None:
            if result is not None:
                self.query_one("#projects", RecordTable).reload(keep=getattr(result, "id", None))
                self.show_tree()
                self.saved()

        self.app.push_screen(
            RecordFormScreen(f"Suggested: {suggestion.name} — save to confirm", self._project_fields(), values,
                             lambda raw: loyalty_tree.create_project(self.db, self.account_id, raw)),
            callback=done,
        )

    @property
    def review(self):  # noqa: ANN201
        return self.query_one("#reviews", RecordTable).selected

    def show_drivers(self) -> None:
        """The drivers of the highlighted review; key drivers are marked and explained."""
        review = self.review
        table = self.query_one("#drivers-pane", TablePane)
        table.show([])
        title = self.query_one("#drivers-title", Static)
        for widget in (title, table, self.query_one("#key-drivers", Static)):
            widget.display = review is not None
        if review is None:
            return
        title.update(f"Satisfaction by driver — review of {review.reviewed_on.isoformat()} ({key_of('details')} to edit)")
        drivers = reviews.review_drivers(self.db, review.id)
        keys = {k.driver: k for k in reviews.key_drivers(drivers)}
        table.show([
            (d.driver, (Text(d.driver, style="bold" if d.driver in keys else ""), f"{d.importance}/5",
                        _score(d.our_score), _score(d.competitor_score),
                        Text("◆ KEY", style="bold red") if d.driver in keys else Text(""),
                        reviews.gap_text(d.our_score, d.competitor_score)))
            for d in drivers
        ])
        text = Text()
        if keys:
            text.append("Key drivers — where to act:\n", style="bold")
            for k in keys.values():
                text.append(f"  ◆ {k.driver}: ", style="bold red")
                text.append(f"{k.reason}\n")
        elif not any(d.our_score is not None for d in drivers):
            text.append(f"No driver scored in this review yet ({key_of('details')} to score them).\n", style="yellow")
        else:
            text.append("No key driver: nothing important where we trail.\n", style="green")
        text.append(reviews.KEY_DRIVER_RULE, style="dim")
        self.query_one("#key-drivers", Static).update(text)

    def on_table_pane_changed(self, event: TablePane.Changed) -> None:
        """Follow the highlighted review with its drivers, the highlighted complaint with its guideline."""
        if event.table_pane.parent is self.query_one("#reviews", RecordTable):
            self.show_drivers()
        elif event.table_pane.parent is self.query_one("#complaints", RecordTable):
            self.show_complaint()

    def on_record_table_saved(self, event: RecordTable.Saved) -> None:
        event.stop()
        for table_id in ("#kpis", "#projects"):
            self.query_one(table_id, RecordTable).reload()
        self.refresh_view()
        self.saved()

    @writes
    def action_drivers(self) -> None:
        """Edit the drivers of the highlighted review."""
        review = self.review
        if review is None:
            self.notify(f"Record a review first ({key_of('add')} in the reviews table).", severity="warning")
            return

        def done(result: object) -> None:
            if result is not None:
                self.show_drivers()
                self.saved()

        self.app.push_screen(
            DriversFormScreen(review.id, f"Satisfaction drivers — review of {review.reviewed_on.isoformat()}"),
            callback=done,
        )
