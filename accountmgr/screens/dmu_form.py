"""Add or edit one person of the DMU: a modal that saves through the DMU service and shows its refusals at the field."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from accountmgr.models.enums import (
    Attitude,
    BuyingRole,
    CoverageDepth,
    Influence,
    InfluenceStrength,
    LabelledEnum,
    SocialStyle,
)
from accountmgr.screens.form_base import FormScreen
from accountmgr.services import dmu, informal, team
from accountmgr.services import validation as v
from accountmgr.services.versioned import Seen
from accountmgr.widgets.plain import lines, options
from accountmgr.widgets.typed_app import database_of

TEXT_AREAS = ("org_criteria", "personal_criteria", "personal_objectives", "personal_win", "notes")
"""Fields that take a few lines of prose."""


class DmuForm(FormScreen[int | None]):
    """Add or edit a DMU member"""

    HELP_TITLE = "DMU member form"
    DEFAULT_CSS = """
    DmuForm #form-frame { width: 96; }
    DmuForm .form-row > Label { width: 26; }
    """

    def __init__(self, account_id: int, member_id: int | None = None, *, reports_to_id: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        """The account whose DMU the person belongs to."""
        self.member_id = member_id
        """The person being edited; None when adding."""
        self.initial_manager = reports_to_id
        """For a new person: the manager they are added under."""
        self.leaning_seen: tuple[str, str] = ("", InfluenceStrength.MEDIUM.value)
        """The competitor leaning as the form opened on it, to write it only when changed."""

    def heading(self) -> str:
        db = database_of(self)
        if self.member_id is not None:
            return f"Edit {dmu.get_member(db, self.member_id).name}"
        others = dmu.list_members(db, self.account_id)
        manager_name = next((m.name for m in others if m.id == self.initial_manager), "")
        return "Add a person to the DMU" + (f", reporting to {manager_name}" if manager_name else "")

    def compose_fields(self) -> ComposeResult:
        db = database_of(self)
        member = dmu.get_member(db, self.member_id) if self.member_id is not None else None
        if member is not None:
            self.seen, self.watched = Seen.of(member, dmu.DMU_FIELDS), ("dmu_member", member.id)
        others = [m for m in dmu.list_members(db, self.account_id) if m.id != self.member_id]
        owners = [t for t in team.list_team(db, include_inactive=True) if t.active or (member and t.id == member.owner_id)]

        def value(name: str, default: Any = "") -> Any:
            stored = getattr(member, name) if member is not None else default
            return lines(stored) if type(stored) is str else stored  # control characters show as marks (enums stay)

        yield from self.field_row("name", "Name *", Input(value("name"), id="name", compact=True))
        yield from self.field_row("title", "Title", Input(value("title"), id="title", compact=True))
        yield from self.field_row("department", "Department", Input(value("department"), id="department", compact=True))
        manager = value("reports_to_id", self.initial_manager)
        yield from self.field_row(
            "reports_to_id", "Reports to",
            Select(options((m.name, m.id) for m in others), prompt="(nobody: top of the org chart)",
                   value=manager if manager in {m.id for m in others} else Select.NULL,
                   id="reports_to_id", compact=True),
        )
        roles = value("roles", [])
        yield from self.field_row(
            "roles", "Buying roles",
            SelectionList[str](*[(r.label, r.value, r.value in roles) for r in BuyingRole], id="roles",
                               compact=True),
        )
        yield from self._enum_row("influence", "Influence", Influence, value("influence", Influence.MEDIUM))
        yield from self._enum_row("attitude", "Attitude towards us", Attitude, value("attitude", Attitude.NEUTRAL))
        leaning = informal.leaning_of(db, self.member_id) if self.member_id is not None else None
        self.leaning_seen = (leaning.competitor, leaning.strength.value) if leaning else ("", InfluenceStrength.MEDIUM.value)
        yield from self.field_row(
            "competitor", "Leans to competitor",
            Input(lines(leaning.competitor) if leaning else "", placeholder="(none) the competitor they favour",
                  id="competitor", compact=True),
        )
        yield from self._enum_row("strength", "  … how strongly", InfluenceStrength,
                                  leaning.strength if leaning else InfluenceStrength.MEDIUM)
        yield from self.field_row(
            "inner_circle", "Inner circle",
            Checkbox("informal power beyond the title", value("inner_circle", False), id="inner_circle",
                     compact=True),
        )
        yield from self._enum_row("social_style", "Social style", SocialStyle, value("social_style", None),
                                  blank="(not known)")
        yield from self.field_row(
            "owner_id", "Our owner",
            Select(options((t.name, t.id) for t in owners), prompt="(nobody yet)",
                   value=value("owner_id", None) or Select.NULL, id="owner_id", compact=True),
        )
        yield from self._enum_row("coverage", "Coverage depth", CoverageDepth,
                                  value("coverage", CoverageDepth.UNKNOWN))
        last = value("last_contact", None)
        yield from self.field_row(
            "last_contact", "Last contact",
            Input(last.isoformat() if last else "", placeholder="YYYY-MM-DD, today, -7", id="last_contact",
                  compact=True),
        )
        yield from self.field_row("email", "E-mail", Input(value("email"), id="email", compact=True))
        yield from self.field_row("phone", "Phone", Input(value("phone"), id="phone", compact=True))
        for name, text in (
            ("org_criteria", "Organisational criteria"),
            ("personal_criteria", "Personal criteria"),
            ("personal_objectives", "Personal objectives"),
            ("personal_win", "Personal win we offer"),
            ("notes", "Notes"),
        ):
            yield from self.field_row(name, text, TextArea(value(name), id=name, compact=True))

    def _enum_row(self, field: str, text: str, enum_cls: type[LabelledEnum], current: Any, *, blank: str | None = None) -> ComposeResult:
        select: Select[str] = Select(
            [(m.label, m.value) for m in enum_cls],
            prompt=blank or "Select",
            allow_blank=blank is not None,
            value=current.value if current is not None else Select.NULL,
            id=field,
            compact=True,
        )
        yield from self.field_row(field, text, select)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#roles", SelectionList).highlighted = 0

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

    def current_values(self) -> dict[str, Any]:
        return self.values()

    def leaning_values(self) -> dict[str, Any]:
        """The competitor this person leans to and how strongly, as the form holds them."""
        chosen = self.query_one("#strength", Select).value
        return {"competitor": self.query_one("#competitor", Input).value,
                "strength": None if chosen is Select.NULL else chosen}

    def submit(self) -> int | None:
        db = database_of(self)
        leaning = self.leaning_values()
        if leaning["competitor"].strip():
            v.clean(leaning, informal.LEANING_FIELDS)  # refused at its field before anything is written
        if self.member_id is None:
            member_id = dmu.create_member(db, self.account_id, self.values()).id
        else:
            member_id = dmu.update_member(db, self.member_id, self.changed_values(), seen=self.seen).id
        if (leaning["competitor"].strip(), leaning["strength"]) != self.leaning_seen:
            informal.set_leaning(db, member_id, leaning)
        return member_id
