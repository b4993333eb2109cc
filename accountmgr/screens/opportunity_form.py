"""Add or edit an opportunity: its facts, offerings and scorecard, with the suggested probability shown live."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from accountmgr.models.enums import OpportunityStage, Rating
from accountmgr.screens.form_base import FormScreen
from accountmgr.services import accounts
from accountmgr.services import opportunities as opps
from accountmgr.services.money import format_money
from accountmgr.services.versioned import Seen
from accountmgr.widgets.plain import options
from accountmgr.widgets.typed_app import database_of

RATING_FIELDS = (
    ("need_recognised", "Need recognised"),
    ("budget_exists", "Budget exists"),
    ("solution_fit", "Solution fit"),
    ("strategic_fit", "Strategic fit"),
    ("competitive_position", "Competitive position"),
)
"""The rated scorecard conditions, in the order of the rule."""


class OpportunityForm(FormScreen[int | None]):
    """Add or edit an opportunity"""

    HELP_TITLE = "Opportunity form"
    HELP_TEXT = (
        "Suggested probability = 5 % + 90 % × (sum of the six ratings ÷ 12), rounded to 5 %. "
        "Each condition is rated No (0), Partly (1) or Yes (2); DMU covered comes from the coverage status "
        "(green 2, amber 1, red 0). Leave the probability blank on a new opportunity to take the suggestion, "
        "or type your own: both are shown in the plan."
    )
    BINDINGS = [
        *FormScreen.BINDINGS,
        Binding("ctrl+g", "use_suggested", "Use suggested probability", priority=True),
    ]
    DEFAULT_CSS = """
    OpportunityForm #form-frame { width: 100; }
    OpportunityForm .form-row > Label { width: 24; }
    OpportunityForm .form-cell > SelectionList { max-height: 6; }
    OpportunityForm .form-cell > TextArea { height: 4; }
    OpportunityForm #suggestion { padding: 0 1; background: $boost; height: auto; }
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

    def heading(self) -> str:
        db = database_of(self)
        account = accounts.get_account(db, self.account_id).name
        if self.opportunity_id is None:
            return f"New opportunity at {account}"
        return f"Edit opportunity {opps.get_opportunity(db, self.opportunity_id).name} · {account}"

    def compose_fields(self) -> ComposeResult:
        db = database_of(self)
        opp = opps.get_opportunity(db, self.opportunity_id) if self.opportunity_id is not None else None
        if opp is not None:
            self.seen, self.watched = Seen.of(opp, opps.OPPORTUNITY_FIELDS), ("opportunity", opp.id)
        self.coverage_status = opps.account_coverage_status(db, self.account_id)
        chosen = set(opps.offering_ids_of(db, opp.id)) if opp else set(self.initial_offerings)

        def value(name: str, default: Any = "") -> Any:
            if opp is not None:
                return getattr(opp, name)
            return self.draft.get(name, default)

        yield from self.field_row("name", "Name *", Input(value("name"), id="name", compact=True))
        cents = value("value_cents", None)
        yield from self.field_row(
            "value_cents", "Value (€)",
            Input(format_money(cents, symbol=False, blank="") if cents else "", placeholder="e.g. 120000 or 120k",
                  id="value_cents", compact=True),
        )
        probability = value("probability", None)
        yield from self.field_row(
            "probability", "Probability (%)",
            Input("" if probability is None else str(probability), placeholder="blank: take the suggestion",
                  id="probability", compact=True),
        )
        stage = value("stage", OpportunityStage.IDENTIFIED)
        yield from self.field_row(
            "stage", "Stage",
            Select([(s.label, s.value) for s in OpportunityStage], value=OpportunityStage(stage).value,
                   allow_blank=False, id="stage", compact=True),
        )
        close = value("expected_close", None)
        yield from self.field_row(
            "expected_close", "Expected close",
            Input(close.isoformat() if close else "", placeholder="YYYY-MM-DD, +30", id="expected_close",
                  compact=True),
        )
        offerings = opps.offering_choices(db)
        if offerings:
            yield from self.field_row(
                "offerings", "Offerings",
                SelectionList[int](*options((name, oid, oid in chosen) for oid, name in offerings), id="offerings",
                                   compact=True),
            )
        yield Static("Scorecard: the conditions behind probability and return", classes="form-section")
        for field, text in RATING_FIELDS:
            current = value(field, None)
            yield from self.field_row(
                field, text,
                Select([(f"{r.label} ({r.points})", r.value) for r in Rating], prompt="(not rated)",
                       value=str(current) if current is not None else Select.NULL, id=field, compact=True),
            )
        yield from self.field_row("notes", "Notes", TextArea(value("notes"), id="notes", compact=True))

    def compose_below(self) -> ComposeResult:
        yield Static(id="suggestion")

    def compose_buttons(self) -> ComposeResult:
        yield Button("Use suggested (ctrl+g)", id="use-suggested", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
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

    def current_values(self) -> dict[str, Any]:
        """The fields plus the offerings ticked (sent only when changed)."""
        values = self.values()
        if (offerings := self.offering_ids()) is not None:
            values["offerings"] = offerings
        return values

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

    def submit(self) -> int | None:
        """Validate and save in one transaction."""
        db = database_of(self)
        if self.opportunity_id is None:
            saved = opps.create_opportunity(
                db, self.account_id, self.values(), offering_ids=self.offering_ids() or (),
                coverage_status=self.coverage_status,
            )
        else:
            changed = self.changed_values()
            offering_ids = changed.pop("offerings", None)
            saved = opps.update_opportunity(db, self.opportunity_id, changed, offering_ids=offering_ids, seen=self.seen)
        return saved.id

    @on(Button.Pressed, "#use-suggested")
    def _use_pressed(self) -> None:
        self.action_use_suggested()
