"""Add or edit one person of the DMU: a modal that saves through the DMU service and shows its refusals at the field."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from accountmgr.models.enums import Attitude, BuyingRole, CoverageDepth, Influence, SocialStyle
from accountmgr.services import dmu, team
from accountmgr.services.errors import DomainError

TEXT_AREAS = ("org_criteria", "personal_criteria", "personal_objectives", "personal_win", "notes")
"""Fields that take a few lines of prose."""


class DmuForm(ModalScreen[int | None]):
    """Add or edit a DMU member"""

    HELP_TITLE = "DMU member form"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    DEFAULT_CSS = """
    DmuForm { align: center middle; }
    DmuForm > Vertical { width: 96; max-width: 100%; height: 95%; border: thick $primary; background: $surface; }
    DmuForm #heading { padding: 0 1; text-style: bold; background: $primary-muted; width: 100%; }
    DmuForm VerticalScroll { padding: 0 1; height: 1fr; }
    DmuForm .row { height: auto; margin-bottom: 1; }
    DmuForm .row > Input, DmuForm .row > TextArea { background: $boost; }
    DmuForm .row > Label { width: 26; padding-top: 0; }
    DmuForm .row > Input, DmuForm .row > Select, DmuForm .row > Checkbox { width: 1fr; }
    DmuForm .row > SelectionList { width: 1fr; height: auto; max-height: 8; }
    DmuForm .row > TextArea { width: 1fr; height: 3; }
    DmuForm .error { color: $error; padding-left: 26; height: auto; display: none; }
    DmuForm .error.shown { display: block; }
    DmuForm #buttons { height: auto; align-horizontal: right; padding: 0 1; }
    DmuForm #buttons Button { margin-left: 2; }
    """

    def __init__(self, account_id: int, member_id: int | None = None, *, reports_to_id: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        """The account whose DMU the person belongs to."""
        self.member_id = member_id
        """The person being edited; None when adding."""
        self.initial_manager = reports_to_id
        """For a new person: the manager they are added under."""

    def compose(self) -> ComposeResult:
        db = self.app.db  # type: ignore[attr-defined]
        member = dmu.get_member(db, self.member_id) if self.member_id is not None else None
        others = [m for m in dmu.list_members(db, self.account_id) if m.id != self.member_id]
        owners = [t for t in team.list_team(db, include_inactive=True) if t.active or (member and t.id == member.owner_id)]

        def value(name: str, default: Any = "") -> Any:
            return getattr(member, name) if member is not None else default

        with Vertical():
            manager_name = next((m.name for m in others if m.id == self.initial_manager), "")
            heading = f"Edit {member.name}" if member else "Add a person to the DMU" + (
                f", reporting to {manager_name}" if manager_name else "")
            yield Static(heading, id="heading")
            with VerticalScroll():
                yield from self._row("name", "Name *", Input(value("name"), id="name", compact=True))
                yield from self._row("title", "Title", Input(value("title"), id="title", compact=True))
                yield from self._row("department", "Department", Input(value("department"), id="department", compact=True))
                manager = value("reports_to_id", self.initial_manager)
                yield from self._row(
                    "reports_to_id", "Reports to",
                    Select([(m.name, m.id) for m in others], prompt="(nobody: top of the org chart)",
                           value=manager if manager in {m.id for m in others} else Select.NULL,
                           id="reports_to_id", compact=True),
                )
                roles = value("roles", [])
                yield from self._row(
                    "roles", "Buying roles",
                    SelectionList[str](*[(r.label, r.value, r.value in roles) for r in BuyingRole], id="roles",
                                       compact=True),
                )
                yield from self._enum_row("influence", "Influence", Influence, value("influence", Influence.MEDIUM))
                yield from self._enum_row("attitude", "Attitude towards us", Attitude, value("attitude", Attitude.NEUTRAL))
                yield from self._row(
                    "inner_circle", "Inner circle",
                    Checkbox("informal power beyond the title", value("inner_circle", False), id="inner_circle",
                             compact=True),
                )
                yield from self._enum_row("social_style", "Social style", SocialStyle, value("social_style", None),
                                          blank="(not known)")
                yield from self._row(
                    "owner_id", "Our owner",
                    Select([(t.name, t.id) for t in owners], prompt="(nobody yet)",
                           value=value("owner_id", None) or Select.NULL, id="owner_id", compact=True),
                )
                yield from self._enum_row("coverage", "Coverage depth", CoverageDepth,
                                          value("coverage", CoverageDepth.UNKNOWN))
                last = value("last_contact", None)
                yield from self._row(
                    "last_contact", "Last contact",
                    Input(last.isoformat() if last else "", placeholder="YYYY-MM-DD, today, -7", id="last_contact",
                          compact=True),
                )
                yield from self._row("email", "E-mail", Input(value("email"), id="email", compact=True))
                yield from self._row("phone", "Phone", Input(value("phone"), id="phone", compact=True))
                for name, text in (
                    ("org_criteria", "Organisational criteria"),
                    ("personal_criteria", "Personal criteria"),
                    ("personal_objectives", "Personal objectives"),
                    ("personal_win", "Personal win we offer"),
                    ("notes", "Notes"),
                ):
                    yield from self._row(name, text, TextArea(value(name), id=name, compact=True))
            with Horizontal(id="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def _row(self, field: str, text: str, widget: Widget) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(text)
            yield widget
        yield Static("", id=f"{field}-error", classes="error")

    def _enum_row(self, field: str, text: str, enum_cls: type, current: Any, *, blank: str | None = None) -> ComposeResult:
        select: Select[str] = Select(
            [(m.label, m.value) for m in enum_cls],
            prompt=blank or "Select",
            allow_blank=blank is not None,
            value=current.value if current is not None else Select.NULL,
            id=field,
            compact=True,
        )
        yield from self._row(field, text, select)

    def on_mount(self) -> None:
        self.query_one("#roles", SelectionList).highlighted = 0
        self.query_one("#name", Input).focus()

    def values(self) -> dict[str, Any]:
        """What the form holds, as raw values for DMU_FIELDS."""
        raw: dict[str, Any] = {}
        for name in ("name", "title", "department", "last_contact", "email", "phone"):
            raw[name] = self.query_one(f"#{name}", Input).value
        for name in ("reports_to_id", "influence", "attitude", "social_style", "owner_id", "coverage"):
            chosen = self.query_one(f"#{name}", Select).value
            raw[name] = None if chosen is Select.NULL else chosen
        raw["roles"] = list(self.query_one("#roles", SelectionList).selected)
        raw["inner_circle"] = self.query_one("#inner_circle", Checkbox).value
        for name in TEXT_AREAS:
            raw[name] = self.query_one(f"#{name}", TextArea).text
        return raw

    def _show_error(self, error: DomainError) -> None:
        for shown in self.query(".error.shown"):
            shown.remove_class("shown")
        field = error.field if error.field in dmu.DMU_FIELDS else "name"
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
            if self.member_id is None:
                saved = dmu.create_member(db, self.account_id, self.values())
            else:
                saved = dmu.update_member(db, self.member_id, self.values())
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
