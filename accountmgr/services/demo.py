"""The demo portfolio: a realistic set of accounts to try the method on.

The fixture (``fixtures/demo_portfolio.json``, shipped inside the package) names
people and offerings rather than numbering them, and gives every date relative
to the day it is loaded ("-45", "+14 10:30"), so the demo never goes stale and
loads the same under a frozen clock. Every record goes through the field spec
of its entity, and everything is written in one transaction with its
activity-log entries.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import timezone
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, func
from sqlalchemy import Enum as SAEnum
from sqlmodel import Session, SQLModel, select

from accountmgr.models import (
    Account,
    ActionDmuLink,
    ActionTeamLink,
    BuyingRole,
    CommunicationAction,
    CompetitorPresence,
    Delivery,
    DmuMember,
    LevelAssessment,
    Offering,
    OfferingHolding,
    Opportunity,
    OpportunityOffering,
    RelationshipConstraint,
    Review,
    ReviewDriver,
    TeamMember,
    ValueProposition,
)
from accountmgr.models.method import CRITERIA_BY_CODE
from accountmgr.services import activity, clock
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError

FIXTURE_NAME = "demo_portfolio.json"

SPECS: dict[str, tuple[str, str]] = {
    "team": ("accountmgr.services.team", "TEAM_FIELDS"),
    "offering": ("accountmgr.services.offerings", "OFFERING_FIELDS"),
    "account": ("accountmgr.services.accounts", "ACCOUNT_FIELDS"),
    "dmu_member": ("accountmgr.services.dmu", "DMU_FIELDS"),
    "competitor": ("accountmgr.services.competitors", "COMPETITOR_FIELDS"),
    "constraint": ("accountmgr.services.constraints", "CONSTRAINT_FIELDS"),
    "assessment": ("accountmgr.services.assessments", "ASSESSMENT_FIELDS"),
    "opportunity": ("accountmgr.services.opportunities", "OPPORTUNITY_FIELDS"),
    "value_proposition": ("accountmgr.services.value_proposition", "VALUE_PROPOSITION_FIELDS"),
    "action": ("accountmgr.services.plan", "ACTION_FIELDS"),
    "delivery": ("accountmgr.services.deliveries", "DELIVERY_FIELDS"),
    "review": ("accountmgr.services.reviews", "REVIEW_FIELDS"),
    "review_driver": ("accountmgr.services.reviews", "DRIVER_FIELDS"),
    "holding": ("accountmgr.services.offerings", "HOLDING_FIELDS"),
}
"""Where each entity's field spec lives; an entity whose service has none yet is checked by column type."""

MODELS: dict[str, type[SQLModel]] = {
    "team": TeamMember,
    "offering": Offering,
    "account": Account,
    "dmu_member": DmuMember,
    "competitor": CompetitorPresence,
    "constraint": RelationshipConstraint,
    "assessment": LevelAssessment,
    "opportunity": Opportunity,
    "value_proposition": ValueProposition,
    "action": CommunicationAction,
    "delivery": Delivery,
    "review": Review,
    "review_driver": ReviewDriver,
    "holding": OfferingHolding,
}

REFERENCES = {"owner", "reports_to", "offerings", "offering", "addresses", "involves", "drivers"}
"""Fixture keys that name other records instead of holding a field value."""


@dataclass(frozen=True)
class DemoSummary:
    """How many records of each kind the demo added."""

    accounts: int = 0
    team_members: int = 0
    offerings: int = 0
    dmu_members: int = 0
    competitors: int = 0
    constraints: int = 0
    assessments: int = 0
    opportunities: int = 0
    actions: int = 0
    deliveries: int = 0
    reviews: int = 0
    holdings: int = 0

    def describe(self) -> str:
        """One sentence for the CLI: '14 accounts, 7 team members, …'."""
        parts = [f"{getattr(self, f.name)} {f.name.replace('_', ' ')}" for f in fields(self)]
        return ", ".join(parts)


def read_fixture() -> dict[str, Any]:
    """The demo portfolio as shipped inside the package."""
    resource = files("accountmgr") / "fixtures" / FIXTURE_NAME
    return json.loads(resource.read_text(encoding="utf-8"))


@cache
def field_spec(entity: str) -> dict[str, v.Converter]:
    """The entity's published field spec, or converters derived from its columns if none exists yet."""
    module_name, attribute = SPECS[entity]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        module = None
    published = getattr(module, attribute, None) if module else None
    derived = _column_spec(MODELS[entity])
    return {**derived, **published} if published else derived


def _column_spec(model: type[SQLModel]) -> dict[str, v.Converter]:
    spec: dict[str, v.Converter] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        kind = column.type
        if column.primary_key or column.name.endswith("_id"):
            spec[column.name] = v.integer()
        elif isinstance(kind, SAEnum):
            spec[column.name] = v.choice(kind.enum_class, required=not column.nullable)
        elif isinstance(kind, DateTime):
            spec[column.name] = v.datetime_()
        elif isinstance(kind, Date):
            spec[column.name] = v.date_()
        elif isinstance(kind, Boolean):
            spec[column.name] = v.boolean()
        elif isinstance(kind, Integer):
            spec[column.name] = v.money() if column.name.endswith("_cents") else v.integer()
        elif column.name == "roles":
            spec[column.name] = v.choices(BuyingRole)
        elif isinstance(kind, JSON):
            spec[column.name] = _string_list
        else:
            spec[column.name] = v.text()
    return spec


def _string_list(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DomainError(f"{v.label(field)} must be a list of texts.", field)
    return list(value)


def field_values(entity: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one fixture record by its entity's spec; money keys may omit the ``_cents`` suffix."""
    spec = field_spec(entity)
    raw: dict[str, Any] = {}
    for key, value in record.items():
        if key in REFERENCES:
            continue
        name = key if key in spec else f"{key}_cents"
        if name not in spec:
            raise DomainError(f"The demo fixture has an unknown {entity} field “{key}”.", key)
        raw[name] = value
    values = v.clean(raw, spec, partial=True)
    if entity == "assessment":
        unknown = [code for code in values.get("evidence", []) if code not in CRITERIA_BY_CODE]
        if unknown:
            raise DomainError(f"Unknown level criteria: {', '.join(unknown)}.", "evidence")
    return values


class _Loader:
    """Writes the fixture inside one session, resolving names to ids as it goes."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.counts: dict[str, int] = {}
        self.team: dict[str, int] = {}
        self.offerings: dict[str, int] = {}
        self.now_local = clock.now()
        self.now_utc = self.now_local.astimezone(timezone.utc)

    def add(
        self,
        entity: str,
        record: Mapping[str, Any],
        *,
        account_id: int | None,
        describe: Callable[[Any], str],
        extra: Mapping[str, Any] | None = None,
        count_as: str | None = None,
    ) -> Any:
        try:
            values = field_values(entity, record)
        except DomainError as exc:
            raise DomainError(f"Demo {entity.replace('_', ' ')} {_name_of(record)}: {exc.message}", exc.field) from None
        model = MODELS[entity]
        for stamp in ("created_at", "updated_at"):
            if stamp in model.__table__.columns:  # type: ignore[attr-defined]
                values.setdefault(stamp, self.now_utc)
        row = model(**values, **(extra or {}))
        self.session.add(row)
        self.session.flush()
        key = count_as or entity
        self.counts[key] = self.counts.get(key, 0) + 1
        entry = activity.record(
            self.session,
            entity=entity,
            action="created",
            summary=f"Added {describe(row)} (demo portfolio)",
            account_id=account_id if account_id is not None or entity != "account" else row.id,
            entity_id=getattr(row, "id", None),
        )
        entry.at = self.now_utc
        return row

    def team_id(self, name: str | None, where: str) -> int | None:
        if not name:
            return None
        try:
            return self.team[name.lower()]
        except KeyError:
            raise DomainError(f"The demo fixture names an unknown team member “{name}” ({where}).") from None

    def offering_id(self, name: str, where: str) -> int:
        try:
            return self.offerings[name.lower()]
        except KeyError:
            raise DomainError(f"The demo fixture names an unknown offering “{name}” ({where}).") from None

    def load_team(self, people: list[dict[str, Any]]) -> None:
        for person in people:
            existing = self.session.exec(
                select(TeamMember.id).where(func.lower(TeamMember.name) == person["name"].lower())
            ).first()
            if existing is None:
                existing = self.add("team", person, account_id=None, describe=lambda m: f"team member {m.name}").id
            self.team[person["name"].lower()] = existing

    def load_offerings(self, offerings: list[dict[str, Any]]) -> None:
        for offering in offerings:
            existing = self.session.exec(
                select(Offering.id).where(func.lower(Offering.name) == offering["name"].lower())
            ).first()
            if existing is None:
                existing = self.add("offering", offering, account_id=None, describe=lambda o: f"offering {o.name}").id
            self.offerings[offering["name"].lower()] = existing

    def load_account(self, record: dict[str, Any]) -> None:
        name = record["name"]
        fields_only = {k: v_ for k, v_ in record.items() if not isinstance(v_, (list, dict))}
        account = self.add(
            "account", fields_only, account_id=None, describe=lambda a: f"account {a.name}",
            extra={"owner_id": self.team_id(record.get("owner"), name)},
        )
        aid = account.id
        members = self._load_dmu(aid, name, record.get("dmu", []))
        for item in record.get("competitors", []):
            self.add("competitor", item, account_id=aid, describe=lambda c: f"competitor {c.competitor}",
                     extra={"account_id": aid})
        for item in record.get("constraints", []):
            self.add("constraint", item, account_id=aid, describe=lambda c: f"{c.kind.label.lower()} constraint",
                     extra={"account_id": aid})
        for item in record.get("assessments", []):
            self.add("assessment", item, account_id=aid,
                     describe=lambda a: f"level assessment of {a.assessed_on:%Y-%m-%d}", extra={"account_id": aid})
        for item in record.get("opportunities", []):
            opportunity = self.add("opportunity", item, account_id=aid, describe=lambda o: f"opportunity {o.name}",
                                   extra={"account_id": aid})
            for offering in item.get("offerings", []):
                self.session.add(OpportunityOffering(
                    opportunity_id=opportunity.id, offering_id=self.offering_id(offering, item["name"])))
        if "value_proposition" in record:
            self.add("value_proposition", record["value_proposition"], account_id=aid,
                     describe=lambda _: "value proposition", extra={"account_id": aid})
        for item in record.get("actions", []):
            self._load_action(aid, name, members, item)
        for item in record.get("deliveries", []):
            self.add("delivery", item, account_id=aid, describe=lambda d: f"delivery {d.name}",
                     extra={"account_id": aid}, count_as="delivery")
        for item in record.get("reviews", []):
            review = self.add("review", item, account_id=aid,
                              describe=lambda r: f"review of {r.reviewed_on:%Y-%m-%d}", extra={"account_id": aid})
            for driver in item.get("drivers", []):
                values = field_values("review_driver", driver)
                self.session.add(ReviewDriver(review_id=review.id, **values))
        for item in record.get("holdings", []):
            self.add("holding", item, account_id=aid, describe=lambda h: "offering holding",
                     extra={"account_id": aid, "offering_id": self.offering_id(item["offering"], name)})

    def _load_dmu(self, account_id: int, account_name: str, people: list[dict[str, Any]]) -> dict[str, DmuMember]:
        members: dict[str, DmuMember] = {}
        for person in people:
            member = self.add(
                "dmu_member", person, account_id=account_id, describe=lambda m: f"DMU member {m.name}",
                extra={"account_id": account_id, "owner_id": self.team_id(person.get("owner"), person["name"])},
            )
            members[person["name"].lower()] = member
        # Reporting lines second: a manager may be listed after the people reporting to them.
        for person in people:
            boss = person.get("reports_to")
            if not boss:
                continue
            if boss.lower() not in members:
                raise DomainError(f"In the demo, {person['name']} reports to “{boss}”, who is not in {account_name}'s DMU.")
            members[person["name"].lower()].reports_to_id = members[boss.lower()].id
        return members

    def _load_action(self, account_id: int, account_name: str, members: dict[str, DmuMember], item: dict[str, Any]) -> None:
        action = self.add("action", item, account_id=account_id, describe=lambda a: f"action “{a.objective}”",
                          extra={"account_id": account_id})
        for person in item.get("addresses", []):
            member = members.get(person.lower())
            if member is None:
                raise DomainError(f"A demo action at {account_name} addresses “{person}”, who is not in its DMU.")
            self.session.add(ActionDmuLink(action_id=action.id, member_id=member.id))
        for person in item.get("involves", []):
            self.session.add(ActionTeamLink(action_id=action.id, team_member_id=self.team_id(person, account_name)))


def _name_of(record: Mapping[str, Any]) -> str:
    for key in ("name", "competitor", "objective", "description", "reviewed_on", "assessed_on", "offering"):
        if record.get(key):
            return f"“{record[key]}”"
    return ""


_COUNT_FIELDS = {
    "account": "accounts", "team": "team_members", "offering": "offerings", "dmu_member": "dmu_members",
    "competitor": "competitors", "constraint": "constraints", "assessment": "assessments",
    "opportunity": "opportunities", "action": "actions", "delivery": "deliveries", "review": "reviews",
    "holding": "holdings",
}


def load_demo(db, fixture: Mapping[str, Any] | None = None) -> DemoSummary:  # noqa: ANN001
    """Load the demo portfolio in one transaction; refuse if any of its accounts already exists."""
    data = fixture if fixture is not None else read_fixture()
    names = [account["name"] for account in data["accounts"]]
    with db.session() as session:
        taken = session.exec(
            select(Account.name).where(func.lower(Account.name).in_([n.lower() for n in names]))
        ).first()
        if taken is not None:
            raise DomainError(f"The demo portfolio is already loaded (there is an account called {taken}).")
        loader = _Loader(session)
        loader.load_team(data.get("team", []))
        loader.load_offerings(data.get("offerings", []))
        for account in data["accounts"]:
            loader.load_account(account)
    return DemoSummary(**{_COUNT_FIELDS[k]: n for k, n in loader.counts.items() if k in _COUNT_FIELDS})
