"""Add or edit an opportunity: its facts, offerings and scorecard, with the suggested probability shown live."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from accountmgr.models.enums import OpportunityStage, Rating
from accountmgr.services import accounts
from accountmgr.services import opportunities as opps
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money

RATING_FIELDS = (
    ("need_recognised", "Need recognised"),
    ("budget_exists", "Budget exists"),
    ("solution_fit", "Solution fit"),
    ("strategic_fit", "Strategic fit"),
    ("competitive_position", "Competitive position"),
)
"""The rated scorecard conditions, in the order of the rule."""


class OpportunityForm(ModalScreen[int | None]):
    """Add or edit an opportunity"""

    HELP_TITLE = "Opportunity form"
    HELP_TEXT = (
        "Suggested probability = 5 % + 90 % × (sum of the six ratings ÷ 12), rounded to 5 %. "
        "Each condition is rated No (0), Partly (1) or Yes (2); DMU covered comes from the coverage status "
        "(green 2, amber 1, red 0). Leave the probability blank on a new opportunity to take the suggestion, "
        "or type your own: both are shown in the plan."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+g", "use_suggested", "Use suggested probability", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    OpportunityForm { align: center middle; }
    OpportunityForm > Vertical { width: 100; max-width: 100%; height: 95%; border: thick $primary; background: $surface; }
    OpportunityForm #heading { padding: 0 1; text-style: bold; background: $primary-muted; width: 100%; }
    OpportunityForm VerticalScroll { padding: 0 1; }
    OpportunityForm .row { height: auto; }
    OpportunityForm .row > Label { width: 24; }
    OpportunityForm .row > Input, OpportunityForm .row > Select { width: 1fr; }
    OpportunityForm .row > SelectionList { width: 1fr; height: auto; max-height: 6; }
    OpportunityForm .row > TextArea { width: 1fr; height: 4; }
    OpportunityForm .section { text-style: bold; color: $text-primary; }
    OpportunityForm #suggestion { padding: 0 1; background: $boost; height: auto; }
    OpportunityForm .error { color: $error; padding-left: 24; height: auto; display: none; }
    OpportunityForm .error.shown { display: block; }
    OpportunityForm #buttons { height: auto; align-horizontal: right; padding: 0 1; }
    OpportunityForm #buttons Button { margin-left: 2; }
    """

    def __init__(
        self,
        account_id: int,
        opportunity_id: int | None = None,
        *,
        draft: dict[str, Any] | None = None,
        offering_ids: tuple[int, ...] = (),
    ) -> None:
        super().__init__()
        self.account_id = account_id
        """The account the opportunity belongs to."""
        self.opportunity_id = opportunity_id
        """The opportunity being edited; None when adding."""
        self.draft = draft or {}
        """Prefilled values for a new opportunity (e.g. from a white-space cell)."""
        self.initial_offerings = offering_ids
        """Offerings ticked when a new opportunity opens."""
        self.coverage_status: Any = None
        """The account's DMU coverage status, read when the form opens."""

    def compose(self) -> ComposeResult:
        db = self.app.db  # type: ignore[attr-defined]
        opp = opps.get_opportunity(db, self.opportunity_id) if self.opportunity_id is not None else None
        self.coverage_status = opps.account_coverage_status(db, self.account_id)
        chosen = set(opps.offering_ids_of(db, opp.id)) if opp else set(self.initial_offerings)  # type: ignore[arg-type]

        def value(name: str, default: Any = "") -> Any:
            if opp is not None:
                return getattr(opp, name)
            return self.draft.get(name, default)

        with Vertical():
            account = accounts.get_account(db, self.account_id).name
            heading = f"Edit opportunity {opp.name} · {account}" if opp else f"New opportunity at {account}"
            yield Static(heading, id="heading")
            with VerticalScroll():
                yield from self._row("name", "Name *", Input(value("name"), id="name", compact=True))
                cents = value("value_cents", None)
                yield from self._row(
                    "value_cents", "Value (€)",
                    Input(format_money(cents, symbol=False, blank="") if cents else "", placeholder="e.g. 120000 or 120k",
                          id="value_cents", compact=True),
                )
                probability = value("probability", None)
                yield from self._row(
                    "probability", "Probability (%)",
                    Input("" if probability is None else str(probability), placeholder="blank: take the suggestion",
                          id="probability", compact=True),
                )
                stage = value("stage", OpportunityStage.IDENTIFIED)
                yield from self._row(
                    "stage", "Stage",
                    Select([(s.label, s.value) for s in OpportunityStage], value=OpportunityStage(stage).value,
                           allow_blank=False, id="stage", compact=True),
                )
                close = value("expected_close", None)
                yield from self._row(
                    "expected_close", "Expected close",
                    Input(close.isoformat() if close else "", placeholder="YYYY-MM-DD, +30", id="expected_close",
                          compact=True),
                )
                offerings = opps.offering_choices(db)
                if offerings:
                    yield from self._row(
                        "offerings", "Offerings",
                        SelectionList[int](*[(name, oid, oid in chosen) for oid, name in offerings], id="offerings",
                                           compact=True),
                    )
                yield Static("Scorecard: the conditions behind probability and return", classes="section")
                for field, text in RATING_FIELDS:
                    current = value(field, None)
                    yield from self._row(
                        field, text,
                        Select([(f"{r.label} ({r.points})", r.value) for r in Rating], prompt="(not rated)",
                               value=str(current) if current is not None else Select.NULL, id=field, compact=True),
                    )
                yield from self._row("notes", "Notes", TextArea(value("notes"), id="notes", compact=True))
            yield Static(id="suggestion")
            with Horizontal(id="buttons"):
                yield Button("Use suggested (ctrl+g)", id="use-suggested")
                yield Button("Cancel (Esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def _row(self, field: str, text: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(text)
            yield widget
        yield Static("", id=f"{field}-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._show_suggestion()

    # --- values and the live suggestion -------------------------------------------------------------------------

    def ratings(self) -> dict[str, Any]:
        """The ratings chosen so far (None for not rated)."""
        result: dict[str, Any] = {}
        for field, _text in RATING_FIELDS:
            chosen = self.query_one(f"#{field}", Select).value
            result[field] = None if chosen is Select.NULL else int(str(chosen))
        return result

    def values(self) -> dict[str, Any]:
        """What the form holds, as raw values for OPPORTUNITY_FIELDS."""
        raw: dict[str, Any] = {
            name: self.query_one(f"#{name}", Input).value for name in ("name", "value_cents", "probability", "expected_close")
        }
        raw["stage"] = self.query_one("#stage", Select).value
        raw["notes"] = self.query_one("#notes", TextArea).text
        raw.update(self.ratings())
        return raw

    def offering_ids(self) -> list[int] | None:
        lists = self.query("#offerings")
        return list(lists.first(SelectionList).selected) if lists else None

    @property
    def suggested(self) -> int:
        return opps.suggested_probability(self.ratings(), self.coverage_status)

    def _show_suggestion(self) -> None:
        card = opps.scorecard(self.ratings(), self.coverage_status)
        status = opps.status_value(self.coverage_status)
        dmu_points = next(line.points for line in card.lines if line.field == "dmu_covered")
        text = Text()
        text.append(f"Suggested probability: {card.suggested} %", style="bold")
        text.append(f"   ({card.explain()})\n", style="dim")
        text.append(
            f"DMU covered: {status.capitalize() if status else 'not known'} → {dmu_points or 0} point(s), "
            "from the account's coverage analysis.",
        )
        typed = self.query_one("#probability", Input).value.strip()
        if typed and typed.rstrip("%").strip() != str(card.suggested):
            text.append(f"\nYour probability {typed.rstrip('%').strip()} % overrides it; ctrl+g uses the suggestion.",
                        style="italic")
        self.query_one("#suggestion", Static).update(text)

    @on(Select.Changed)
    def _rating_changed(self) -> None:
        self._show_suggestion()

    @on(Input.Changed, "#probability")
    def _probability_typed(self) -> None:
        self._show_suggestion()

    def action_use_suggested(self) -> None:
        """Put the suggested probability in the probability field."""
        self.query_one("#probability", Input).value = str(self.suggested)
        self._show_suggestion()

    # --- saving -------------------------------------------------------------------------------------------------

    def _show_error(self, error: DomainError) -> None:
        for shown in self.query(".error.shown"):
            shown.remove_class("shown")
        field = error.field if self.query(f"#{error.field}-error") else "name"
        message = self.query_one(f"#{field}-error", Static)
        message.update(error.message)
        message.add_class("shown")
        target = self.query_one(f"#{field}")
        target.focus()
        target.scroll_visible()

    def action_save(self) -> None:
        """Validate and save in one transaction; on a refusal stay open with the message at its field."""
        db = self.app.db  # type: ignore[attr-defined]
        try:
            if self.opportunity_id is None:
                saved = opps.create_opportunity(
                    db, self.account_id, self.values(), offering_ids=self.offering_ids() or (),
                    coverage_status=self.coverage_status,
                )
            else:
                saved = opps.update_opportunity(db, self.opportunity_id, self.values(), offering_ids=self.offering_ids())
        except DomainError as error:
            self._show_error(error)
            return
        self.dismiss(saved.id)

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

    @on(Button.Pressed, "#use-suggested")
    def _use_pressed(self) -> None:
        self.action_use_suggested()
