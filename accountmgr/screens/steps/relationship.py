"""Step d: relationship assessment — the four levels, assessments and their history, constraints, target and gap guidance."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from accountmgr.keys import key_of, keys_line
from accountmgr.models import ConstraintKind, RelationshipLevel, Severity, Step
from accountmgr.models.method import LEVEL_MEANING
from accountmgr.screens.assessment import AssessmentScreen, level_choices
from accountmgr.screens.steps.base import STEP_CAPTURES, StepPane
from accountmgr.screens.steps.fields import FieldDef, values_of
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.screens.steps.record_table import RECORD_KEYS, RecordTable, TableSpec
from accountmgr.services import accounts, assessments, clock, constraints, guidance
from accountmgr.services.review_charts import steps_of
from accountmgr.services.versioned import Seen
from accountmgr.widgets.bar_chart import LevelChart
from accountmgr.widgets.level_badge import level_badge
from accountmgr.widgets.plain import line
from accountmgr.widgets.table_pane import TableColumn, TablePane
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind

CONSTRAINT_FORM = (
    FieldDef("kind", "Kind", "select", ConstraintKind.choices()),
    FieldDef("description", "Description", "text"),
    FieldDef("severity", "Severity", "select", Severity.choices()),
)

SEVERITY_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "green"}


NARROW_LEVELS = 72
"""Below this pane width the scale says only what each level buys, so it fits in a few lines."""


def levels_text(current: RelationshipLevel, target: RelationshipLevel | None, *, narrow: bool = False) -> Table:
    """The scale with its meanings, marking where the account is and where it should go."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for level in RelationshipLevel:
        sees, buys = LEVEL_MEANING[level]
        marks = [word for word, here in (("current", level is current), ("target", level is target)) if here]
        meaning = f"Buys: {buys.lower()}" if narrow else f"{sees} Buys: {buys.lower()}"
        table.add_row(level_badge(level), "◀ " + " + ".join(marks) if marks else "", meaning)
    return table


def guidance_renderable(g: guidance.Guidance) -> Group:
    """The gap guidance: summary, sales-approach changes, then each finding with why and where to fix it."""
    parts: list = [Text(line(g.summary), style="bold")]
    if g.findings:
        parts.append(Text("What the data does not show yet:", style="bold"))
        for finding in g.findings:
            shown = Text()
            shown.append("  ⚠ ", style="yellow")
            shown.append(line(finding.title), style="bold")
            shown.append(f" (step {finding.step.value})", style="dim")
            shown.append(f"\n    {line(finding.why)}")
            parts.append(shown)
    elif g.is_move_up:
        parts.append(Text("The data shows what this move needs; keep the evidence current.", style="green"))
    if g.changes:
        table = Table(show_edge=False, pad_edge=False, expand=True, title="What changes in the sales approach",
                      title_justify="left", title_style="bold")
        table.add_column("Aspect", style="bold", no_wrap=True)
        table.add_column(f"Now ({g.current.label})")
        table.add_column(f"Target ({g.target.label if g.target else '—'})")
        for change in g.changes:
            table.add_row(change.label, change.current, change.target)
        parts.append(table)
    if g.criteria_to_evidence:
        parts.append(Text("Criteria still to evidence: " + "; ".join(
            f"{c.level.label} {c.aspect}" for c in g.criteria_to_evidence), style="dim"))
    return Group(*parts)


HISTORY_COLUMNS = [TableColumn(key, header, min_width=16 if key == "note" else 0, shrink=key == "note",
                               leave_out={"suggested": 2, "evidence": 1}.get(key, 0))
                   for key, header in (("date", "Date"), ("level", "Level"), ("suggested", "Suggested"),
                                       ("evidence", "Evidence"), ("note", "Note"))]
"""The level history: only the note is shortened, and only when the pane lacks room; on a narrow pane the
suggested level, then the evidence, give way (shown for the highlighted row under the table)."""


class RelationshipPane(StepPane):
    """The heart of the method for one account."""

    HELP_TITLE = "Relationship step (d): levels, history, constraints, gap guidance"

    step = Step.D

    BINDINGS = [
        bind("assess", "assess", "Assess level"),
        bind("target", "target", "Target level"),
    ]

    DEFAULT_CSS = """
    RelationshipPane #levels { margin-bottom: 1; }
    RelationshipPane #level-buttons { height: auto; }
    RelationshipPane #level-buttons Button { margin-right: 2; }
    RelationshipPane #history-detail { color: $foreground; padding: 0; }
    """

    def __init__(self, account_id: int, **kwargs: Any) -> None:
        super().__init__(account_id, **kwargs)
        self.history: dict[int, Any] = {}
        """The account's assessments by id, as last shown."""

    def compose(self) -> ComposeResult:
        yield Static(f"{self.step.value}. {self.step.label}", classes="pane-title")
        yield Static(STEP_CAPTURES[self.step], classes="pane-captures")
        yield Static(id="levels")
        with Horizontal(id="level-buttons"):
            yield Button(f"Assess the level ({key_of('assess')})", id="assess", variant="primary")
            yield Button(f"Set the target level ({key_of('target')})", id="target")
        yield Static("Gap guidance", classes="section")
        yield Static(id="guidance")
        yield Static("Level history", classes="section")
        yield TablePane(HISTORY_COLUMNS, table_id="history", detail=self._history_detail, detail_id="history-detail",
                        empty=f"No assessment yet: press {key_of('assess')} to assess the relationship.", id="history-pane")
        yield LevelChart([], id="level-chart")
        yield Static(f"Relationship constraints ({keys_line(RECORD_KEYS)})", classes="section")
        yield RecordTable(self._constraint_spec(), id="constraints")

    def _constraint_spec(self) -> TableSpec:
        account_id = self.account_id
        return TableSpec(
            what="constraint",
            columns=("Severity", "Kind", "Description"),
            fields=CONSTRAINT_FORM,
            rows=lambda db: constraints.list_constraints(db, account_id),
            cells=lambda c: (Text(c.severity.label, style=SEVERITY_STYLE[c.severity]), c.kind.label, c.description),
            create=lambda db, values: constraints.create_constraint(db, account_id, values),
            update=constraints.update_constraint,
            delete=constraints.delete_constraint,
            describe=lambda c: f"{c.kind.label.lower()} constraint",
            defaults=lambda: {"severity": Severity.MEDIUM.value},
        )

    def on_resize(self) -> None:
        """Crossing the narrow width redraws the scale (full meanings, or only what each level buys)."""
        if self.is_mounted and (0 < self.size.width < NARROW_LEVELS) != getattr(self, "narrow", None):
            self.refresh_view()

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw the levels, history and guidance from the database."""
        account = accounts.get_account(self.db, self.account_id)
        self.narrow = 0 < self.size.width < NARROW_LEVELS
        self.query_one("#levels", Static).update(
            levels_text(account.current_level, account.target_level, narrow=self.narrow))
        history = assessments.level_history(self.db, self.account_id)
        self.history = {row.id: row for row in history}
        rows = []
        for row in reversed(history):
            suggested = row.suggested_level.label if row.suggested_level else "—"
            level = Text(row.level.label)
            if row.suggested_level and row.suggested_level != row.level:
                level.append(" (override)", style="yellow")
            rows.append((row.id, (row.assessed_on.isoformat(), level, suggested, f"{len(row.evidence)} of 20",
                                  " ".join(row.note.split()) or "—")))
        self.query_one("#history-pane", TablePane).show(rows)
        assess = key_of("assess")
        self.query_one("#level-chart", LevelChart).show(
            steps_of([(row.assessed_on, row.level) for row in history], clock.today()), assess)
        self.query_one("#guidance", Static).update(guidance_renderable(guidance.gap_guidance(self.db, self.account_id)))

    def _history_detail(self, key: object) -> Text:
        """Under the history, the evidence behind the highlighted assessment."""
        row = self.history.get(key) if isinstance(key, int) else None
        if row is None:
            return Text("")
        criteria = assessments.describe_criteria(row.evidence)
        text = Text(f"Evidence on {row.assessed_on.isoformat()}: ", style="bold")
        text.append(" · ".join(f"{c.level.label} {c.aspect} ({c.text})" for c in criteria) or "none ticked")
        if row.note:
            text.append(f"\nNote: {row.note}", style="italic")
        return text

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons do what their keys do."""
        event.stop()
        if event.button.id == "assess":
            self.action_assess()
        elif event.button.id == "target":
            self.action_target()

    def on_record_table_saved(self, event: RecordTable.Saved) -> None:
        """A constraint changed: the guidance may change with it."""
        event.stop()
        self.refresh_view()
        self.saved()

    @writes
    def action_assess(self) -> None:
        """Open the assessment form: tick the evidence, see the suggested level, confirm or override."""
        def done(result: object) -> None:
            if result is not None:
                self.refresh_view()
                self.saved()

        self.app.push_screen(AssessmentScreen(self.account_id), callback=done)

    @writes
    def action_target(self) -> None:
        """Choose the level the account should reach (each level shown with its meaning)."""
        account = accounts.get_account(self.db, self.account_id)
        fields = (FieldDef("target_level", "Target level", "select", level_choices(),
                           hint="Raise the level where it pays: not every customer should become a partner."),)

        def done(result: object) -> None:
            if result is not None:
                self.refresh_view()
                self.saved()

        def now() -> tuple[dict[str, str], Seen]:
            fresh = accounts.get_account(self.db, self.account_id)
            return values_of(fresh, fields), Seen.of(fresh, ["target_level"])

        def save(values: dict[str, str], seen: Seen) -> object:
            if "target_level" not in values:  # unchanged: nothing to write
                return account
            return assessments.set_target_level(self.db, self.account_id, values["target_level"], seen=seen)

        self.app.push_screen(
            RecordFormScreen("Target level", fields, values_of(account, fields), save,
                             seen=Seen.of(account, ["target_level"]), reload=now, watched=("account", self.account_id)),
            callback=done,
        )
