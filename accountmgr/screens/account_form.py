"""Create or edit an account: every field, checked by the accounts service, errors shown at the field."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from accountmgr.models.enums import ManagementModel, ProfitGrade, RelationshipLevel
from accountmgr.services.accounts import ACCOUNT_FIELDS, create_account, get_account, update_account
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money
from accountmgr.services.team import list_team
from accountmgr.services.validation import label as field_label

LONG_TEXT = {"organisation", "value_chain", "customer_profile", "strategy_notes", "notes"}
MONEY = {"purchase_potential_cents", "absorption_potential_cents", "potential_value_cents"}
ENUMS: dict[str, type] = {
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


class AccountFormScreen(ModalScreen[int | None]):
    """Account form: create or edit an account."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    AccountFormScreen { align: center middle; }
    AccountFormScreen > Vertical {
        width: 90; max-width: 100%; height: 95%; border: thick $primary; background: $surface;
    }
    AccountFormScreen VerticalScroll { padding: 0 1; }
    AccountFormScreen .section { text-style: bold; color: $accent; margin-top: 1; }
    AccountFormScreen .field { height: auto; margin-top: 1; }
    AccountFormScreen .field > Label { width: 24; }
    AccountFormScreen .field Input, AccountFormScreen .field Select { background: $boost; }
    AccountFormScreen .field > Vertical { width: 1fr; height: auto; }
    AccountFormScreen TextArea { height: 3; background: $boost; }
    AccountFormScreen .hint { color: $text-muted; padding-left: 1; }
    AccountFormScreen .error { color: $error; text-style: bold; padding-left: 1; display: none; }
    AccountFormScreen .error.shown { display: block; }
    AccountFormScreen #buttons { height: auto; align-horizontal: right; padding: 0 1; margin: 1 0 0 0; }
    AccountFormScreen #buttons Button { margin-left: 2; }
    """

    def __init__(self, account_id: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        self._loaded = False

    def compose(self) -> ComposeResult:
        db = self.app.db  # type: ignore[attr-defined]
        account = get_account(db, self.account_id) if self.account_id is not None else None
        owners = [(member.name, member.id) for member in list_team(db)]
        if account is not None and account.owner_id is not None and account.owner_id not in {oid for _, oid in owners}:
            owners.append(("(inactive owner)", account.owner_id))
        with Vertical() as frame:
            frame.border_title = f"Edit {account.name}" if account else "New account"
            frame.border_subtitle = "ctrl+s saves · Esc cancels"
            with VerticalScroll():
                for title, names in SECTIONS:
                    yield Static(title, classes="section")
                    for name in names:
                        with Horizontal(classes="field"):
                            yield Label(field_label(name))
                            with Vertical():
                                yield self._widget(name, account, owners)
                                if name in HINTS:
                                    yield Static(HINTS[name], classes="hint")
                                yield Static("", id=f"error-{name}", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Cancel (Esc)", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
        yield Footer()

    def _widget(self, name: str, account: Any, owners: list[tuple[str, int]]) -> Widget:
        value = getattr(account, name) if account is not None else None
        widget_id = f"field-{name}"
        if name in LONG_TEXT:
            return TextArea(value or "", id=widget_id, soft_wrap=True, show_line_numbers=False, compact=True)
        if name == "owner_id":
            return Select(owners, value=value if value is not None else Select.NULL, prompt="Nobody yet",
                          id=widget_id, compact=True)
        if name == "strategic_value":
            options = [(f"{n} — {('low', 'fair', 'medium', 'high', 'very high')[n - 1]}", n) for n in range(1, 6)]
            return Select(options, value=value if value is not None else Select.NULL, prompt="Not assessed",
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
            text = "" if value is None else str(value)
        return Input(text, id=widget_id, compact=True)

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).focus()
        self.call_after_refresh(self._mark_loaded)

    def _mark_loaded(self) -> None:
        self._loaded = True

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _edited(self) -> None:
        """Any change after loading means there is something to lose."""
        if self._loaded:
            self.app.unsaved.add(UNSAVED_KEY)  # type: ignore[attr-defined]

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
                raw[name] = widget.value  # type: ignore[attr-defined]
        return raw

    def _show_error(self, field: str | None, message: str) -> None:
        for error in self.query(".error"):
            error.remove_class("shown")
        if field is None or field not in ACCOUNT_FIELDS:
            self.notify(message, severity="error")
            return
        error = self.query_one(f"#error-{field}", Static)
        error.update(message)
        error.add_class("shown")
        widget = self.query_one(f"#field-{field}")
        widget.focus()
        widget.scroll_visible()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Check and save; on a refusal, say why at the field and save nothing."""
        db = self.app.db  # type: ignore[attr-defined]
        try:
            if self.account_id is None:
                account = create_account(db, self.values())
            else:
                account = update_account(db, self.account_id, self.values())
        except DomainError as error:
            self._show_error(error.field, error.message)
            return
        self.app.unsaved.discard(UNSAVED_KEY)  # type: ignore[attr-defined]
        self.notify(f"Saved {account.name}.")
        self.dismiss(account.id)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.app.unsaved.discard(UNSAVED_KEY)  # type: ignore[attr-defined]
        self.dismiss(None)
