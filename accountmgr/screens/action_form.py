"""Plan or edit a communication action: when, channel, objective, cost, and the people on both sides."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select, SelectionList, TextArea

from accountmgr.models.enums import ActionStatus, Channel
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.form_base import FormScreen, StayOpen
from accountmgr.services import clock, dmu, plan, team
from accountmgr.services.money import format_money
from accountmgr.services.versioned import Seen
from accountmgr.widgets.plain import line, lines, options
from accountmgr.widgets.typed_app import database_of


class ActionForm(FormScreen[int | None]):
    """Plan or edit a communication action"""

    HELP_TITLE = "Communication action form"
    HELP_TEXT = (
        "Dates: 2026-12-01 14:30, 'tomorrow 10:00', '+7' (in a week, 09:00). An action dated in the past is "
        "saved as planned only after you confirm; otherwise mark it done."
    )
    DEFAULT_CSS = """
    ActionForm #form-frame { width: 100; }
    ActionForm .form-cell > TextArea { height: 4; }
    """

    def __init__(self, account_id: int, action_id: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        """The account the action belongs to."""
        self.action_id = action_id
        """The action being edited; None when planning a new one."""

    def heading(self) -> str:
        if self.action_id is None:
            return "Plan a communication action"
        return f"Edit action “{plan.get_action(database_of(self), self.action_id).objective}”"

    def compose_fields(self) -> ComposeResult:
        db = database_of(self)
        action = plan.get_action(db, self.action_id) if self.action_id is not None else None
        if action is not None:
            self.seen, self.watched = Seen.of(action, plan.ACTION_FIELDS), ("action", action.id)
        members = dmu.list_members(db, self.account_id)
        ours = [t for t in team.list_team(db, include_inactive=True) if t.active or (action and t.id in action.team_ids)]
        addressed = set(action.member_ids) if action else set()
        involved = set(action.team_ids) if action else set()
        default_when = (clock.now().replace(hour=10, minute=0, second=0, microsecond=0)).strftime("%Y-%m-%d %H:%M")

        when = action.scheduled_at.strftime("%Y-%m-%d %H:%M") if action else ""
        yield from self.field_row(
            "scheduled_at", "Date and time *",
            Input(when, placeholder=f"e.g. {default_when}, tomorrow 10:00, +7", id="scheduled_at", compact=True),
        )
        yield from self.field_row(
            "duration_minutes", "Duration (min)",
            Input(str(action.duration_minutes) if action else "60", id="duration_minutes", compact=True),
        )
        yield from self.field_row(
            "channel", "Channel",
            Select([(c.label, c.value) for c in Channel], value=(action.channel if action else Channel.MEETING).value,
                   allow_blank=False, id="channel", compact=True),
        )
        yield from self.field_row(
            "objective", "Objective *",
            Input(line(action.objective) if action else "", placeholder="what this contact should achieve",
                  id="objective", compact=True),
        )
        yield from self.field_row(
            "member_ids", "People addressed",
            SelectionList[int](
                *options((f"{m.name}" + (f", {m.title}" if m.title else ""), m.id, m.id in addressed) for m in members),
                id="member_ids", compact=True,
            ),
        )
        yield from self.field_row(
            "team_ids", "Our people",
            SelectionList[int](*options((t.name, t.id, t.id in involved) for t in ours), id="team_ids", compact=True),
        )
        cost = format_money(action.cost_cents, symbol=False) if action and action.cost_cents else ""
        yield from self.field_row("cost_cents", "Cost (€)", Input(cost, placeholder="0", id="cost_cents", compact=True))
        yield from self.field_row(
            "status", "Status",
            Select([(s.label, s.value) for s in ActionStatus],
                   value=(action.status if action else ActionStatus.PLANNED).value,
                   allow_blank=False, id="status", compact=True),
        )
        yield from self.field_row("outcome", "Outcome", TextArea(lines(action.outcome) if action else "", id="outcome",
                                                             compact=True))

    def values(self) -> dict[str, Any]:
        """What the form holds, as raw values for ACTION_FIELDS."""
        raw: dict[str, Any] = {
            name: self.query_one(f"#{name}", Input).value
            for name in ("scheduled_at", "duration_minutes", "objective", "cost_cents")
        }
        raw["channel"] = self.query_one("#channel", Select).value
        raw["status"] = self.query_one("#status", Select).value
        raw["outcome"] = self.query_one("#outcome", TextArea).text
        return raw

    def current_values(self) -> dict[str, Any]:
        """The fields plus the people on both sides (sent only when changed)."""
        members, ours = self.people()
        return {**self.values(), "member_ids": members, "team_ids": ours}

    def people(self) -> tuple[list[int], list[int]]:
        """(DMU member ids addressed, our team member ids involved)."""
        return (
            list(self.query_one("#member_ids", SelectionList).selected),
            list(self.query_one("#team_ids", SelectionList).selected),
        )

    def _store(self, confirm_past: bool) -> int:
        db = database_of(self)
        members, ours = self.people()
        if self.action_id is None:
            saved = plan.create_action(
                db, self.account_id, self.values(), member_ids=members, team_ids=ours, confirm_past=confirm_past
            )
        else:
            changed = self.changed_values()
            saved = plan.update_action(
                db, self.action_id, changed, member_ids=changed.pop("member_ids", None),
                team_ids=changed.pop("team_ids", None), confirm_past=confirm_past, seen=self.seen,
            )
        return saved.id

    def submit(self) -> int | None:
        """Validate and save; a past date still planned asks first; a refusal stays open at its field."""
        try:
            return self._store(confirm_past=False)
        except plan.PastPlannedWarning as warning:
            question = warning  # the except clause unbinds its name; the answer below needs it later

            def answered(yes: bool | None) -> None:
                if yes:
                    self.attempt(lambda: self._store(confirm_past=True))
                else:
                    self.show_error(question)

            self.app.push_screen(
                ConfirmScreen(f"{warning.message}\nSave it as planned?", yes="Save as planned", no="Go back"),
                answered,
            )
            raise StayOpen from None
