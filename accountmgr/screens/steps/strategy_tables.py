"""The tables of step g: objectives, their milestones, risks and asks of management, each with a mark-done key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text

from accountmgr.models.enums import RISK_SCALE, AskStatus, ObjectiveStatus, RiskStatus
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.record_table import RECORD_KEYS, RecordTable, TableSpec
from accountmgr.services import asks, clock, objectives, risks, team
from accountmgr.widgets.plain import line
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.table_pane import TableColumn

if TYPE_CHECKING:
    from accountmgr.db import Database


def _flat(text: str) -> str:
    """*text* on one line and whole: the table shortens it, with an ellipsis, only when it lacks room."""
    return " ".join(text.split())


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _day(value: Any) -> str:
    return value.isoformat() if value else "—"


def _late(text: str, late: bool) -> Text:
    """A date cell, marked when it has passed with the work still open."""
    return Text(f"{text} ⚠ overdue", style="bold red") if late else Text(text)


class DoneRecordTable(RecordTable):
    """A step table whose records can also be marked done (achieved, mitigated, granted) with one key."""

    HELP_TITLE = "Step g tables: objectives, milestones, risks, asks"

    BINDINGS = [bind("done", "mark_done", "Mark done")]

    def __init__(self, spec: TableSpec, done: Callable[[Any, Any], Any], **kwargs: Any) -> None:
        super().__init__(spec, **kwargs)
        self.done = done
        """Marks a record (by the record shown) done; a record already done is left as it is."""

    def heading_keys(self) -> list[tuple[str, str]]:
        return [*RECORD_KEYS, ("done", "mark done")]

    @writes
    def action_mark_done(self) -> None:
        """Mark the highlighted record done."""
        record = self.selected
        if record is None:
            return
        result = self.done(self.db, record)
        self.app.notify(f"{self.spec.describe(record).capitalize()}: {result}.")
        self.reload(keep=record.id)
        self.post_message(self.Saved())


def owner_choices(db: Database) -> list[tuple[str, str]]:
    """Our active team members as (name, id) choices for an owner field."""
    return [(line(member.name), str(member.id)) for member in team.list_team(db)]


def objective_spec(db: Database, account_id: int) -> TableSpec:
    fields = (
        FieldDef("title", "Objective", placeholder="e.g. Partner by Q3 2027"),
        FieldDef("due_on", "By when", placeholder="YYYY-MM-DD"),
        FieldDef("owner_id", "Owner", "select", owner_choices(db)),
        FieldDef("status", "Status", "select", ObjectiveStatus.choices()),
        FieldDef("notes", "Notes", "text"),
    )
    return TableSpec(
        what="objective",
        columns=("Objective", "By when", TableColumn("owner", "Owner", leave_out=1), "Status", "Milestones"),
        fields=fields,
        rows=lambda db: objectives.list_objectives(db, account_id, clock.today()),
        cells=lambda o: (
            _flat(o.title), _late(_day(o.due_on), o.overdue), o.owner or "—", o.status.label,
            f"{o.milestones_done} of {len(o.milestones)} done" if o.milestones else "—",
        ),
        create=lambda db, values: objectives.create_objective(db, account_id, values),
        update=objectives.update_objective,
        delete=objectives.delete_objective,
        describe=lambda o: f"objective {o.title}",
        defaults=lambda: {"status": ObjectiveStatus.OPEN.value},
    )


def objective_done(db: Database, record: Any) -> str:
    if record.status == ObjectiveStatus.ACHIEVED:
        return "already achieved"
    objectives.mark_achieved(db, record.id)
    return "achieved"


def milestone_spec(db: Database, account_id: int) -> TableSpec:
    goals = [(line(_short(o.title, 60)), str(o.id)) for o in objectives.list_objectives(db, account_id, clock.today())]
    fields = (
        FieldDef("objective_id", "Objective it leads to", "select", goals),
        FieldDef("title", "Milestone"),
        FieldDef("due_on", "Due", placeholder="YYYY-MM-DD"),
        FieldDef("done_on", "Done on", placeholder="YYYY-MM-DD (blank while open)"),
    )
    return TableSpec(
        what="milestone",
        columns=("Objective", "Milestone", "Due", "Done"),
        fields=fields,
        rows=lambda db: objectives.list_milestones(db, account_id, clock.today()),
        cells=lambda m: (_flat(m.objective), _flat(m.title), _late(_day(m.due_on), m.overdue),
                         _day(m.done_on)),
        create=lambda db, values: objectives.create_milestone(db, account_id, values),
        update=objectives.update_milestone,
        delete=objectives.delete_milestone,
        describe=lambda m: f"milestone {m.title}",
        defaults=lambda: {"objective_id": goals[0][1]} if goals else {},
    )


def milestone_done(db: Database, record: Any) -> str:
    if record.done_on is not None:
        return f"already done on {record.done_on.isoformat()}"
    objectives.mark_milestone_done(db, record.id, clock.today())
    return f"done on {clock.today().isoformat()}"


RATING_CHOICES = [(f"{number} {word.lower()}", str(number)) for number, word in RISK_SCALE.items()]


def risk_spec(db: Database, account_id: int) -> TableSpec:
    fields = (
        FieldDef("description", "Risk", "text"),
        FieldDef("likelihood", "Likelihood", "select", RATING_CHOICES),
        FieldDef("impact", "Impact", "select", RATING_CHOICES),
        FieldDef("mitigation", "Mitigation", "text"),
        FieldDef("owner_id", "Owner", "select", owner_choices(db)),
        FieldDef("status", "Status", "select", RiskStatus.choices()),
    )
    return TableSpec(
        what="risk",
        columns=("Risk", TableColumn("likelihood", "Likelihood", leave_out=2), "Impact", "Score", "Mitigation",
                 TableColumn("owner", "Owner", leave_out=3), "Status"),
        fields=fields,
        rows=lambda db: risks.list_risks(db, account_id),
        cells=lambda r: (
            _flat(r.description), RISK_SCALE[r.likelihood], RISK_SCALE[r.impact], f"{r.score}/25",
            _flat(r.mitigation) or "—", r.owner or "—", r.status.label,
        ),
        create=lambda db, values: risks.create_risk(db, account_id, values),
        update=risks.update_risk,
        delete=risks.delete_risk,
        describe=lambda r: f"risk {_short(r.description, 30)}",
        defaults=lambda: {"likelihood": "3", "impact": "3", "status": RiskStatus.OPEN.value},
    )


def risk_done(db: Database, record: Any) -> str:
    if record.status != RiskStatus.OPEN:
        return f"already {record.status.label.lower()}"
    risks.mark_mitigated(db, record.id)
    return "mitigated"


def ask_spec(db: Database, account_id: int) -> TableSpec:
    fields = (
        FieldDef("request", "What we need", "text"),
        FieldDef("asked_of_id", "From whom (one of our team)", "select", owner_choices(db)),
        FieldDef("asked_of", "…or from whom, in words", placeholder="e.g. Sales director"),
        FieldDef("needed_by", "Needed by", placeholder="YYYY-MM-DD"),
        FieldDef("status", "Status", "select", AskStatus.choices()),
        FieldDef("answer", "Answer", "text"),
    )
    return TableSpec(
        what="ask",
        columns=("What we need", TableColumn("from", "From whom", leave_out=2), "Needed by", "Status",
                 TableColumn("answer", "Answer", leave_out=1)),
        fields=fields,
        rows=lambda db: asks.list_asks(db, account_id, clock.today()),
        cells=lambda a: (_flat(a.request), a.who or "—", _late(_day(a.needed_by), a.late), a.status.label,
                         _flat(a.answer) or "—"),
        create=lambda db, values: asks.create_ask(db, account_id, values),
        update=asks.update_ask,
        delete=asks.delete_ask,
        describe=lambda a: f"ask {_short(a.request, 30)}",
        defaults=lambda: {"status": AskStatus.OPEN.value},
    )


def ask_done(db: Database, record: Any) -> str:
    if record.status != AskStatus.OPEN:
        return f"already {record.status.label.lower()}"
    asks.mark_granted(db, record.id)
    return "granted"
