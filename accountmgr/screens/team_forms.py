"""Forms of our team's method: a dated assessment of potential and commitment, and an incentive objective."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select, TextArea

from accountmgr.models.erm import ObjectiveKind, ObjectiveScope
from accountmgr.screens.form_base import FormScreen
from accountmgr.services import clock, erm
from accountmgr.services.versioned import Seen
from accountmgr.widgets.plain import line
from accountmgr.widgets.typed_app import database_of


class TeamAssessmentForm(FormScreen[int | None]):
    """Assess potential and commitment"""

    HELP_TITLE = "Potential and commitment"
    DEFAULT_CSS = """
    TeamAssessmentForm #form-frame { width: 80; }
    """

    def __init__(self, member_id: int, name: str) -> None:
        super().__init__()
        self.member_id = member_id
        """The person assessed."""
        self.person = name
        """Their name, for the heading."""

    def heading(self) -> str:
        return f"Assess {line(self.person)}: potential and commitment"

    def intro(self) -> str:
        return (f"Scores of 1 to 5 ({erm.SCALE}); {erm.HIGH_FROM} or more is high. A new assessment is added "
                "to the history and counts from its date.")

    def compose_fields(self) -> ComposeResult:
        history = erm.assessments_of(database_of(self), self.member_id)
        last = history[0] if history else None
        yield from self.field_row("assessed_on", "Date *", Input(clock.today().isoformat(), id="assessed_on",
                                                                 compact=True))
        yield from self.field_row("potential", "Potential (1–5) *", Input(
            str(last.potential) if last else "", id="potential", compact=True, placeholder="1–5"),
            hint="What they could achieve: skills, learning, judgement.")
        yield from self.field_row("commitment", "Commitment (1–5) *", Input(
            str(last.commitment) if last else "", id="commitment", compact=True, placeholder="1–5"),
            hint="Willingness to make personal sacrifices for the goals, focus on the job.")
        yield from self.field_row("note", "Note", TextArea("", id="note", compact=True))

    def values(self) -> dict[str, Any]:
        return {
            "assessed_on": self.query_one("#assessed_on", Input).value,
            "potential": self.query_one("#potential", Input).value,
            "commitment": self.query_one("#commitment", Input).value,
            "note": self.query_one("#note", TextArea).text,
        }

    def current_values(self) -> dict[str, Any]:
        return self.values()

    def submit(self) -> int | None:
        return erm.add_assessment(database_of(self), self.member_id, self.values()).id


class ObjectiveForm(FormScreen[int | None]):
    """Add or edit an incentive objective"""

    HELP_TITLE = "Incentive objective"
    DEFAULT_CSS = """
    ObjectiveForm #form-frame { width: 90; }
    """

    def __init__(self, member_id: int, name: str, objective_id: int | None = None) -> None:
        super().__init__()
        self.member_id = member_id
        """Whose objective it is."""
        self.person = name
        """Their name, for the heading."""
        self.objective_id = objective_id
        """The objective edited; None when adding."""

    def heading(self) -> str:
        verb = "Edit an" if self.objective_id else "Add an"
        return f"{verb} incentive objective of {line(self.person)}"

    def intro(self) -> str:
        return "A sound incentive is visible, reachable and influenceable; tick each check it passes."

    def compose_fields(self) -> ComposeResult:
        row = erm.get_objective(database_of(self), self.objective_id) if self.objective_id else None
        if row is not None:
            self.seen, self.watched = Seen.of(row, erm.OBJECTIVE_FIELDS), ("incentive_objective", row.id)
        yield from self.field_row("description", "Objective *", Input(
            line(row.description) if row else "", id="description", compact=True,
            placeholder="e.g. Renew the three Partner service contracts"))
        yield from self.field_row("scope", "Personal or team", Select(
            ObjectiveScope.choices(), allow_blank=False, compact=True, id="scope",
            value=(row.scope if row else ObjectiveScope.PERSONAL).value))
        yield from self.field_row("kind", "Business or loyalty", Select(
            ObjectiveKind.choices(), allow_blank=False, compact=True, id="kind",
            value=(row.kind if row else ObjectiveKind.BUSINESS).value))
        yield from self.field_row("measure", "Measured by", Input(
            line(row.measure) if row else "", id="measure", compact=True, placeholder="e.g. contracts signed by 31 March"))
        yield from self.field_row("due_on", "Due", Input(
            row.due_on.isoformat() if row and row.due_on else "", id="due_on", compact=True, placeholder="YYYY-MM-DD"))
        for check, meaning in erm.CHECKS.items():
            yield from self.field_row(check, check.capitalize(), Checkbox(
                meaning, bool(getattr(row, check)) if row else False, id=check, compact=True))

    def values(self) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "description": self.query_one("#description", Input).value,
            "scope": self.query_one("#scope", Select).value,
            "kind": self.query_one("#kind", Select).value,
            "measure": self.query_one("#measure", Input).value,
            "due_on": self.query_one("#due_on", Input).value,
        }
        for check in erm.CHECKS:
            raw[check] = self.query_one(f"#{check}", Checkbox).value
        return raw

    def current_values(self) -> dict[str, Any]:
        return self.values()

    def submit(self) -> int | None:
        db = database_of(self)
        if self.objective_id is None:
            return erm.add_objective(db, self.member_id, self.values()).id
        return erm.update_objective(db, self.objective_id, self.changed_values(), seen=self.seen).id
