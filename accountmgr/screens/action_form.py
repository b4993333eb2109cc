"""Plan or edit a communication action: when, channel, objective, cost, and the people on both sides."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from accountmgr.models.enums import ActionStatus, Channel
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.services import clock, dmu, plan, team
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money


class ActionForm(ModalScreen[int | None]):
    """Plan or edit a communication action"""

    HELP_TITLE = "Communication action form"
    HELP_TEXT = (
        "Dates: 2026-12-01 14:30, 'tomorrow 10:00', '+7' (in a week, 09:00). An action dated in the past is "
        "saved as planned only after you confirm; otherwise mark it done."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    ActionForm { align: center middle; }
    ActionForm > Vertical { width: 100; max-width: 100%; height: 95%; border: thick $primary; background: $surface; }
    ActionForm #heading { padding: 0 1; text-style: bold; background: $primary-muted; width: 100%; }
    ActionForm VerticalScroll { padding: 0 1; }
    ActionForm .row { height: auto; }
    ActionForm .row > Label { width: 22; }
    ActionForm .row > Input, ActionForm .row > Select { width: 1fr; }
    ActionForm .row > SelectionList { width: 1fr; height: auto; max-height: 8; }
    ActionForm .row > TextArea { width: 1fr; height: 4; }
    ActionForm .error { color: $error; padding-left: 22; height: auto; display: none; }
    ActionForm .error.shown { display: block; }
    ActionForm #buttons { height: auto; align-horizontal: right; padding: 0 1; }
    ActionForm #buttons Button { margin-left: 2; }
    """

    def __init__(self, account_id: int, action_id: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        """The account the action belongs to."""
        self.action_id = action_id
        """The action being edited; None when planning a new one."""

    def compose(self) -> ComposeResult:
        db = self.app.db  # type: ignore[attr-defined]
        action = plan.get_action(db, self.action_id) if self.action_id is not None else None
        members = dmu.list_members(db, self.account_id)
        ours = [t for t in team.list_team(db, include_inactive=True) if t.active or (action and t.id in action.team_ids)]
        addressed = set(action.member_ids) if action else set()
        involved = set(action.team_ids) if action else set()
        default_when = (clock.now().replace(hour=10, minute=0, second=0, microsecond=0)).strftime("%Y-%m-%d %H:%M")

        with Vertical():
            yield Static(f"Edit action “{action.objective}”" if action else "Plan a communication action", id="heading")
            with VerticalScroll():
                when = action.scheduled_at.strftime("%Y-%m-%d %H:%M") if action else ""
                yield from self._row(
                    "scheduled_at", "Date and time *",
                    Input(when, placeholder=f"e.g. {default_when}, tomorrow 10:00, +7", id="scheduled_at", compact=True),
                )
                yield from self._row(
                    "duration_minutes", "Duration (min)",
                    Input(str(action.duration_minutes) if action else "60", id="duration_minutes", compact=True),
                )
                yield from self._row(
                    "channel", "Channel",
                    Select([(c.label, c.value) for c in Channel], value=(action.channel if action else Channel.MEETING).value,
                           allow_blank=False, id="channel", compact=True),
                )
                yield from self._row(
                    "objective", "Objective *",
                    Input(action.objective if action else "", placeholder="what this contact should achieve",
                          id="objective", compact=True),
                )
                yield from self._row(
                    "member_ids", "People addressed",
                    SelectionList[int](
                        *[(f"{m.name}" + (f", {m.title}" if m.title else ""), m.id, m.id in addressed) for m in members],
                        id="member_ids", compact=True,
                    ),
                )
                yield from self._row(
                    "team_ids", "Our people",
                    SelectionList[int](*[(t.name, t.id, t.id in involved) for t in ours], id="team_ids", compact=True),
                )
                cost = format_money(action.cost_cents, symbol=False) if action and action.cost_cents else ""
                yield from self._row("cost_cents", "Cost (€)", Input(cost, placeholder="0", id="cost_cents", compact=True))
                yield from self._row(
                    "status", "Status",
                    Select([(s.label, s.value) for s in ActionStatus],
                           value=(action.status if action else ActionStatus.PLANNED).value,
                           allow_blank=False, id="status", compact=True),
                )
                yield from self._row("outcome", "Outcome", TextArea(action.outcome if action else "", id="outcome",
                                                                     compact=True))
            with Horizontal(id="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def _row(self, field: str, text: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(text)
            yield widget
        yield Static("", id=f"{field}-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#scheduled_at", Input).focus()

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

    def people(self) -> tuple[list[int], list[int]]:
        """(DMU member ids addressed, our team member ids involved)."""
        return (
            list(self.query_one("#member_ids", SelectionList).selected),
            list(self.query_one("#team_ids", SelectionList).selected),
        )

    def _show_error(self, error: DomainError) -> None:
        for shown in self.query(".error.shown"):
            shown.remove_class("shown")
        field = error.field if self.query(f"#{error.field}-error") else "objective"
        message = self.query_one(f"#{field}-error", Static)
        message.update(error.message)
        message.add_class("shown")
        target = self.query_one(f"#{field}")
        target.focus()
        target.scroll_visible()

    def _save(self, confirm_past: bool) -> None:
        db = self.app.db  # type: ignore[attr-defined]
        members, ours = self.people()
        try:
            if self.action_id is None:
                saved = plan.create_action(
                    db, self.account_id, self.values(), member_ids=members, team_ids=ours, confirm_past=confirm_past
                )
            else:
                saved = plan.update_action(
                    db, self.action_id, self.values(), member_ids=members, team_ids=ours, confirm_past=confirm_past
                )
        except plan.PastPlannedWarning as warning:
            question = f"{warning.message}\nSave it as planned?"
            self.app.push_screen(
                ConfirmScreen(question, yes="Save as planned", no="Go back"),
                lambda yes: self._save(True) if yes else self._show_error(warning),
            )
            return
        except DomainError as error:
            self._show_error(error)
            return
        self.dismiss(saved.id)

    def action_save(self) -> None:
        """Validate and save; a past date still planned asks first; a refusal stays open at its field."""
        self._save(False)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)

    @on(Input.Submitted)
    def _submit(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
