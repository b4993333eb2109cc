"""Create or edit an account: every field, checked by the accounts service, errors shown at the field."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from accountmgr.models.enums import LabelledEnum, ManagementModel, ProfitGrade, RelationshipLevel
from accountmgr.screens.form_base import FormScreen
from accountmgr.services.accounts import ACCOUNT_FIELDS, create_account, get_account, update_account
from accountmgr.services.money import format_money
from accountmgr.services.team import list_team
from accountmgr.services.validation import label as field_label
from accountmgr.services.versioned import Seen
from accountmgr.widgets.plain import line, lines, options
from accountmgr.widgets.typed_app import app_of, database_of

LONG_TEXT = {"organisation", "value_chain", "customer_profile", "strategy_notes", "notes"}
MONEY = {"purchase_potential_cents", "absorption_potential_cents", "potential_value_cents"}
ENUMS: dict[str, type[LabelledEnum]] = {
    "current_level": RelationshipLevel,
    "target_level": RelationshipLevel,
    "profit_grade": ProfitGrade,
    "management_model": ManagementModel,
}
HINTS = {
    "name": "Unique in the portfolio.",
    "organisation": "Step a: organisational characteristics.",
    "value_chain": "Step a: the customer's value chain and where we fit.",
    "customer_profile": "Step b: typical operational and organisational behaviours.",
    "purchase_potential_cents": "Step e: what the customer buys per year in our field, e.g. 250k.",
    "absorption_potential_cents": "Step e: how much more it could buy from us, e.g. 80k.",
    "strategic_value": "Step f: 1 (low) to 5 (high).",
    "potential_value_cents": "Step f: potential business value.",
    "management_model": "Step g: how we staff the account.",
    "satisfaction": "0 to 10; reviews keep the history.",
}
UNSAVED_KEY = "account form"

SECTIONS: list[tuple[str, list[str]]] = [
    ("Account", ["name", "industry", "region", "owner_id", "current_level", "target_level", "satisfaction"]),
    ("a · b  Customer understanding and profile", ["organisation", "value_chain", "customer_profile"]),
    ("e · f  Economic importance and segmentation",
     ["purchase_potential_cents", "absorption_potential_cents", "strategic_value", "profit_grade",
      "potential_value_cents"]),
    ("g  Strategy", ["management_model", "strategy_notes"]),
    ("Notes", ["notes"]),
]
"""Fields grouped by the method's steps, in form order (every field of ACCOUNT_FIELDS)."""

assert sorted(name for _, names in SECTIONS for name in names) == sorted(ACCOUNT_FIELDS)


class AccountFormScreen(FormScreen[int | None]):
    """Account form: create or edit an account."""

    DEFAULT_CSS = """
    AccountFormScreen .form-row > Label { width: 24; }
    AccountFormScreen .form-cell Select { background: $boost; }
    """

    def __init__(self, account_id: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        self._loaded = False

    def heading(self) -> str:
        if self.account_id is None:
            return "New account"
        return f"Edit {get_account(database_of(self), self.account_id).name}"

    def widget_id(self, field: str) -> str:
        return f"field-{field}"

    def error_id(self, field: str) -> str:
        return f"error-{field}"

    def compose_fields(self) -> ComposeResult:
        db = database_of(self)
        account = get_account(db, self.account_id) if self.account_id is not None else None
        if account is not None:
            self.seen, self.watched = Seen.of(account, ACCOUNT_FIELDS), ("account", account.id)
        owners = [(member.name, member.id) for member in list_team(db)]
        if account is not None and account.owner_id is not None and account.owner_id not in {oid for _, oid in owners}:
            owners.append(("(inactive owner)", account.owner_id))
        for title, names in SECTIONS:
            yield Static(title, classes="form-section")
            for name in names:
                yield from self.field_row(name, field_label(name), self._widget(name, account, owners),
                                          hint=HINTS.get(name, ""))

    def _widget(self, name: str, account: Any, owners: list[tuple[str, int]]) -> Widget:
        value = getattr(account, name) if account is not None else None
        widget_id = self.widget_id(name)
        if name in LONG_TEXT:
            return TextArea(lines(value), id=widget_id, soft_wrap=True, show_line_numbers=False, compact=True)
        if name == "owner_id":
            me = app_of(self).me
            if account is None and me is not None and me.id in {oid for _, oid in owners}:
                value = me.id  # a new account is mine unless I say otherwise
            return Select(options(owners), value=value if value is not None else Select.NULL, prompt="Nobody yet",
                          id=widget_id, compact=True)
        if name == "strategic_value":
            scale = [(f"{n} — {('low', 'fair', 'medium', 'high', 'very high')[n - 1]}", n) for n in range(1, 6)]
            return Select(scale, value=value if value is not None else Select.NULL, prompt="Not assessed",
                          id=widget_id, compact=True)
        if name in ENUMS:
            enum = ENUMS[name]
            if name == "current_level":
                return Select(enum.choices(), value=(value or RelationshipLevel.PROSPECT).value,
                              allow_blank=False, id=widget_id, compact=True)
            return Select(enum.choices(), value=value.value if value else Select.NULL, prompt="Not set",
                          id=widget_id, compact=True)
        if name in MONEY:
            text = format_money(value, symbol=False, blank="")
        else:
            text = line(value)  # stored text with control characters shows them as marks
        return Input(text, id=widget_id, compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._mark_loaded)

    def _mark_loaded(self) -> None:
        self._loaded = True

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _edited(self) -> None:
        """Any change after loading means there is something to lose."""
        if self._loaded:
            app_of(self).unsaved.add(UNSAVED_KEY)

    def values(self) -> dict[str, Any]:
        """What the form holds, as raw values for the service to check."""
        raw: dict[str, Any] = {}
        for name in ACCOUNT_FIELDS:
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, TextArea):
                raw[name] = widget.text
            elif isinstance(widget, Select):
                raw[name] = None if widget.value is Select.NULL else widget.value
            else:
                raw[name] = widget.value  # type: ignore[attr-defined]  # every field widget here (Input, Select) has a value
        return raw

    def current_values(self) -> dict[str, Any]:
        return self.values()

    def submit(self) -> int | None:
        """Check and save the fields changed; on a refusal, say why at the field and save nothing."""
        db = database_of(self)
        if self.account_id is None:
            account = create_account(db, self.values())
        else:
            account = update_account(db, self.account_id, self.changed_values(), seen=self.seen)
        app_of(self).unsaved.discard(UNSAVED_KEY)
        self.notify(f"Saved {account.name}.")
        return account.id

    def action_cancel(self) -> None:
        """Close without writing anything."""
        app_of(self).unsaved.discard(UNSAVED_KEY)
        super().action_cancel()
