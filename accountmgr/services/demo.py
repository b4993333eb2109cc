"""The demo portfolio: a realistic set of accounts to try the method on.

The fixture (``fixtures/demo_portfolio.json``, shipped inside the package) names
people and offerings rather than numbering them, and gives every date relative
to the day it is loaded ("-45", "+14 10:30"), so the demo never goes stale and
loads the same under a frozen clock. Every record goes through the field spec
of its entity, and everything is written in one transaction with its
activity-log entries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, time, timedelta, timezone
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import SQLModel

from accountmgr.models import (
    Account,
    AccountObjective,
    AccountRevenue,
    AccountRisk,
    ManagementAsk,
    ObjectiveMilestone,
    ActivityLog,
    ActionDmuLink,
    ActionTeamLink,
    CommunicationAction,
    CompetitorLeaning,
    CompetitorPresence,
    Complaint,
    Delivery,
    DmuMember,
    InfluenceLine,
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
from accountmgr.models.columns import table_of
from accountmgr.queries import bulk
from accountmgr.services import clock
from accountmgr.services import validation as v
from accountmgr.services.accounts import ACCOUNT_FIELDS
from accountmgr.services.asks import ASK_FIELDS
from accountmgr.services.assessments import ASSESSMENT_FIELDS, suggest_level
from accountmgr.services.competitors import COMPETITOR_FIELDS
from accountmgr.services.constraints import CONSTRAINT_FIELDS
from accountmgr.services.deliveries import DELIVERY_FIELDS
from accountmgr.services.dmu import DMU_FIELDS
from accountmgr.services.errors import DomainError
from accountmgr.services.objectives import MILESTONE_FIELDS, OBJECTIVE_FIELDS
from accountmgr.services.offerings import HOLDING_FIELDS, OFFERING_FIELDS
from accountmgr.services.opportunities import OPPORTUNITY_FIELDS
from accountmgr.services.plan import ACTION_FIELDS
from accountmgr.services.revenue import REVENUE_FIELDS
from accountmgr.models import ImprovementProject, Kpi
from accountmgr.services.reviews import DRIVER_FIELDS, REVIEW_FIELDS
from accountmgr.services.risks import RISK_FIELDS
from accountmgr.services.row_defaults import row_defaults
from accountmgr.services.team import TEAM_FIELDS
from accountmgr.services.value_proposition import VALUE_PROPOSITION_FIELDS
from accountmgr.services.complaints import COMPLAINT_FIELDS
from accountmgr.services.informal import LEANING_FIELDS, LINE_FIELDS

if TYPE_CHECKING:
    from accountmgr.db import Database

FIXTURE_NAME = "demo_portfolio.json"
SIDE_FIXTURE_NAME = "demo_informal_and_complaints.json"
"""Influence lines, leanings and complaints by account name, merged into the accounts when the demo is read."""

SPECS: dict[str, dict[str, v.Converter]] = {
    "team": TEAM_FIELDS,
    "offering": OFFERING_FIELDS,
    "account": ACCOUNT_FIELDS,
    "dmu_member": DMU_FIELDS,
    "competitor": COMPETITOR_FIELDS,
    "constraint": CONSTRAINT_FIELDS,
    "assessment": ASSESSMENT_FIELDS,
    "opportunity": OPPORTUNITY_FIELDS,
    "value_proposition": VALUE_PROPOSITION_FIELDS,
    "action": ACTION_FIELDS,
    "delivery": DELIVERY_FIELDS,
    "review": REVIEW_FIELDS,
    "review_driver": DRIVER_FIELDS,
    "holding": HOLDING_FIELDS,
    "influence_line": LINE_FIELDS,
    "competitor_leaning": LEANING_FIELDS,
    "complaint": COMPLAINT_FIELDS,
    "revenue": REVENUE_FIELDS,
    "objective": OBJECTIVE_FIELDS,
    "milestone": MILESTONE_FIELDS,
    "risk": RISK_FIELDS,
    "ask": ASK_FIELDS,
}
"""Each entity's field spec, from its service: the demo is checked exactly like a form."""

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
    "influence_line": InfluenceLine,
    "competitor_leaning": CompetitorLeaning,
    "complaint": Complaint,
    "revenue": AccountRevenue,
    "objective": AccountObjective,
    "milestone": ObjectiveMilestone,
    "risk": AccountRisk,
    "ask": ManagementAsk,
}
MODELS.update({"kpi": Kpi, "improvement_project": ImprovementProject})

REFERENCES = {"owner", "reports_to", "offerings", "offering", "addresses", "involves", "drivers", "milestones", "from",
              "to", "person"}
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
    influence_lines: int = 0
    complaints: int = 0
    revenue_years: int = 0
    objectives: int = 0
    milestones: int = 0
    risks: int = 0
    asks: int = 0
    team_assessments: int = 0
    incentive_objectives: int = 0
    programmes: int = 0

    def describe(self) -> str:
        """One sentence for the CLI: '14 accounts, 7 team members, …'."""
        parts = [f"{getattr(self, f.name)} {f.name.replace('_', ' ')}" for f in fields(self)]
        return ", ".join(parts)


def read_fixture() -> dict[str, Any]:
    """The demo portfolio as shipped inside the package."""
    resource = files("accountmgr") / "fixtures" / FIXTURE_NAME
    if not resource.is_file():
        # accountmgr/fixtures is a symlink to the top-level fixtures/; a checkout without
        # symlinks (Windows) has a plain file there, so read the repository's copy.
        resource = Path(__file__).resolve().parents[2] / "fixtures" / FIXTURE_NAME
    data = json.loads(resource.read_text(encoding="utf-8"))
    side = resource.with_name(SIDE_FIXTURE_NAME) if hasattr(resource, "with_name") else None
    if side is None or not side.is_file():
        side = Path(__file__).resolve().parents[2] / "fixtures" / SIDE_FIXTURE_NAME
    if side.is_file():
        extra = json.loads(side.read_text(encoding="utf-8"))["accounts"]
        for account in data["accounts"]:
            account.update(extra.get(account["name"], {}))
    return data


def field_values(entity: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one fixture record by its entity's spec; money keys may omit the ``_cents`` suffix."""
    spec = SPECS[entity]
    raw: dict[str, Any] = {}
    for key, value in record.items():
        if key in REFERENCES:
            continue
        name = key if key in spec else f"{key}_cents"
        if name not in spec:
            raise DomainError(f"The demo fixture has an unknown {entity} field “{key}”.", key)
        raw[name] = value
    return v.clean(raw, spec, partial=True)


KNOWN_SINCE_DAYS = 540
"""How long ago the demo's undated records (people, competitors, the account) became known."""

_STORY_DATES: dict[str, tuple[str, ...]] = {
    "assessment": ("assessed_on",),
    "review": ("reviewed_on",),
    "opportunity": ("closed_on",),
    "action": ("done_on",),
    "delivery": ("start_on",),
    "complaint": ("received_on",),
}
"""The date that tells when each kind of demo record happened, where it has one."""


class _Writer:
    """Batched Core inserts (one statement per kind of record) with their activity-log entries.

    The ORM would flush once per record to learn its id; the demo feeds every
    snapshot test, so it is written in a dozen statements instead.
    """

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.now_utc = clock.now().astimezone(timezone.utc)
        self.log: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {}
        self.team: dict[str, int] = {}
        self.offerings: dict[str, int] = {}
        self.owners: dict[int, int | None] = {}
        """Each account's owner: the demo's log shows them as the one who wrote its records."""

    def row(self, entity: str, record: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
        """The full column values of one record: validated fields, model defaults, timestamps, *extra*."""
        try:
            values = field_values(entity, record)
        except DomainError as exc:
            raise DomainError(f"Demo {entity.replace('_', ' ')} {_name_of(record)}: {exc.message}", exc.field) from None
        row = {**row_defaults(MODELS[entity]), **values, **extra}
        for stamp in ("created_at", "updated_at"):
            if stamp in row:
                row[stamp] = self.now_utc
        return row

    def insert(self, entity: str, rows: list[dict[str, Any]], describe: Callable[[dict[str, Any]], str]) -> list[int]:
        """Insert *rows* in one statement, log each, and return their ids in order."""
        if not rows:
            return []
        table = table_of(MODELS[entity])
        ids = bulk.insert_returning_ids(self.conn, table, rows)
        for row, row_id in zip(rows, ids):
            account_id = row_id if entity == "account" else row.get("account_id")
            if entity == "account":
                self.owners[row_id] = row.get("owner_id")
            self.log.append({
                "actor_id": self.owners.get(account_id) if account_id is not None else None,
                "at": self.history_at(entity, row), "account_id": account_id, "entity": entity, "entity_id": row_id,
                "action": "created", "summary": f"Added {describe(row)} (demo portfolio)", "changes": {},
            })
        self.counts[entity] = self.counts.get(entity, 0) + len(rows)
        return ids

    def history_at(self, entity: str, row: Mapping[str, Any]) -> datetime:
        """When the demo's story says this record came about, for the activity log.

        Logging everything at load time would make "what changed since the last
        review" list the whole account. A dated record (an assessment, a review, a
        closed deal, an action done, a delivery started) is logged on its own date;
        everything else was known a year and a half ago, before any demo review.
        """
        day = next((row.get(key) for key in _STORY_DATES.get(entity, ()) if row.get(key)), None)
        if isinstance(day, datetime):
            day = day.date()
        if day is None or day > clock.today():
            day = clock.today() - timedelta(days=KNOWN_SINCE_DAYS)
        return datetime.combine(day, time(9, 0)).astimezone(timezone.utc)

    def link(self, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
        bulk.insert_rows(self.conn, table_of(model), rows)

    def write_log(self) -> None:
        bulk.insert_rows(self.conn, table_of(ActivityLog), self.log)

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

    def named(self, entity: str, records: list[dict[str, Any]], describe: Callable[[dict[str, Any]], str]) -> dict[str, int]:
        """Team members or offerings by lower-cased name; ones that already exist are reused."""
        table = table_of(MODELS[entity])
        existing = {name.lower(): row_id for row_id, name in bulk.pairs(self.conn, table, "id", "name")}
        new = [record for record in records if record["name"].lower() not in existing]
        ids = self.insert(entity, [self.row(entity, record) for record in new], describe)
        return {**existing, **{record["name"].lower(): row_id for record, row_id in zip(new, ids)}}


@cache
def relative_year(value: Any) -> Any:
    """A revenue year as the fixture gives it ('-1' = last year, '0' = this one) as a year of the calendar."""
    text = str(value).strip()
    if text.lstrip("+-").isdigit() and len(text.lstrip("+-")) < 3:
        return clock.today().year + int(text)
    return value


def _name_of(record: Mapping[str, Any]) -> str:
    for key in ("name", "competitor", "objective", "description", "reviewed_on", "assessed_on", "offering",
                "title", "request", "year"):
        if record.get(key):
            return f"“{record[key]}”"
    return ""


def _children(writer: _Writer, entity: str, key: str, accounts: list[tuple[int, dict[str, Any]]],
              describe: Callable[[dict[str, Any]], str]) -> list[tuple[int, dict[str, Any], int]]:
    """Insert the *key* list of every account; [(account id, fixture record, new id)]."""
    pairs = [(account_id, item) for account_id, account in accounts for item in account.get(key, [])]
    ids = writer.insert(entity, [writer.row(entity, item, account_id=account_id) for account_id, item in pairs], describe)
    return [(account_id, item, row_id) for (account_id, item), row_id in zip(pairs, ids)]


def _write(writer: _Writer, data: Mapping[str, Any]) -> None:
    writer.team = writer.named("team", data.get("team", []), lambda r: f"team member {r['name']}")
    writer.offerings = writer.named("offering", data.get("offerings", []), lambda r: f"offering {r['name']}")
    records = data["accounts"]
    account_rows = [
        writer.row("account", {k: val for k, val in record.items() if not isinstance(val, (list, dict))},
                   owner_id=writer.team_id(record.get("owner"), record["name"]))
        for record in records
    ]
    accounts = list(zip(writer.insert("account", account_rows, lambda r: f"account {r['name']}"), records))

    people = [(account_id, person) for account_id, account in accounts for person in account.get("dmu", [])]
    member_ids = writer.insert("dmu_member", [
        writer.row("dmu_member", person, account_id=account_id, owner_id=writer.team_id(person.get("owner"), person["name"]))
        for account_id, person in people
    ], lambda r: f"DMU member {r['name']}")
    members = {(account_id, person["name"].lower()): row_id for (account_id, person), row_id in zip(people, member_ids)}
    names = {account_id: account["name"] for account_id, account in accounts}
    # Reporting lines after everyone exists: a manager may be listed after the people reporting to them.
    lines = []
    for (account_id, person), row_id in zip(people, member_ids):
        boss = person.get("reports_to")
        if boss:
            if (account_id, boss.lower()) not in members:
                raise DomainError(f"In the demo, {person['name']} reports to “{boss}”, who is not in {names[account_id]}'s DMU.")
            lines.append({"_id": row_id, "manager": members[(account_id, boss.lower())]})
    if lines:
        bulk.set_by_id(writer.conn, table_of(DmuMember), {"reports_to_id": bulk.bound("manager")}, lines)

    _children(writer, "competitor", "competitors", accounts, lambda r: f"competitor {r['competitor']}")
    _children(writer, "constraint", "constraints", accounts, lambda r: f"{r['kind'].label.lower()} constraint")
    assessments = [(account_id, item) for account_id, account in accounts for item in account.get("assessments", [])]
    writer.insert("assessment", [
        writer.row("assessment", item, account_id=account_id, suggested_level=suggest_level(item.get("evidence", [])).level)
        for account_id, item in assessments
    ], lambda r: f"level assessment of {r['assessed_on']:%Y-%m-%d}")
    _children(writer, "delivery", "deliveries", accounts, lambda r: f"delivery {r['name']}")
    opportunities = _children(writer, "opportunity", "opportunities", accounts, lambda r: f"opportunity {r['name']}")
    writer.link(OpportunityOffering, [
        {"opportunity_id": row_id, "offering_id": writer.offering_id(name, item["name"])}
        for _account_id, item, row_id in opportunities for name in item.get("offerings", [])
    ])
    propositions = [(account_id, account["value_proposition"]) for account_id, account in accounts if "value_proposition" in account]
    writer.insert("value_proposition", [
        writer.row("value_proposition", item, account_id=account_id) for account_id, item in propositions
    ], lambda _r: "value proposition")
    holdings = [(account_id, item) for account_id, account in accounts for item in account.get("holdings", [])]
    writer.insert("holding", [
        writer.row("holding", item, account_id=account_id, offering_id=writer.offering_id(item["offering"], names[account_id]))
        for account_id, item in holdings
    ], lambda _r: "offering holding")

    actions = _children(writer, "action", "actions", accounts, lambda r: f"action “{r['objective']}”")
    addressed: list[Any] = []
    involved: list[Any] = []
    for account_id, item, row_id in actions:
        for person in item.get("addresses", []):
            member = members.get((account_id, person.lower()))
            if member is None:
                raise DomainError(f"A demo action at {names[account_id]} addresses “{person}”, who is not in its DMU.")
            addressed.append({"action_id": row_id, "member_id": member})
        involved.extend(
            {"action_id": row_id, "team_member_id": writer.team_id(person, names[account_id])}
            for person in item.get("involves", [])
        )
    writer.link(ActionDmuLink, addressed)
    writer.link(ActionTeamLink, involved)

    _informal_and_complaints(writer, accounts, members, names)
    reviews = _children(writer, "review", "reviews", accounts, lambda r: f"review of {r['reviewed_on']:%Y-%m-%d}")
    writer.link(ReviewDriver, [
        {**row_defaults(ReviewDriver), **field_values("review_driver", driver), "review_id": row_id}
        for _account_id, item, row_id in reviews for driver in item.get("drivers", [])
    ])
    _write_plan_records(writer, accounts)
    from accountmgr.services.demo_loyalty import write_loyalty

    write_loyalty(writer, accounts, reviews, data.get("loyalty"))
    writer.write_log()


def _informal_and_complaints(writer: _Writer, accounts: list[tuple[int, dict[str, Any]]],
                             members: dict[tuple[int, str], int], names: dict[int, str]) -> None:
    """Influence lines, competitor leanings and complaints, naming people of the account's DMU."""
    def person(account_id: int, name: str | None, where: str) -> int | None:
        if not name:
            return None
        member = members.get((account_id, name.lower()))
        if member is None:
            raise DomainError(f"The demo {where} at {names[account_id]} names “{name}”, who is not in its DMU.")
        return member

    people = {row_id: name for (_account, name), row_id in members.items()}
    writer.insert("influence_line", [
        writer.row("influence_line", {"strength": "medium", "direction": "one_way", **item}, account_id=account_id,
                   from_id=person(account_id, item["from"], "influence line"),
                   to_id=person(account_id, item["to"], "influence line"))
        for account_id, account in accounts for item in account.get("influence", [])
    ], lambda r: f"influence line {people[r['from_id']]} → {people[r['to_id']]}")
    writer.insert("competitor_leaning", [
        writer.row("competitor_leaning", item, account_id=account_id,
                   member_id=person(account_id, item["person"], "leaning"))
        for account_id, account in accounts for item in account.get("leanings", [])
    ], lambda r: f"leaning of {people[r['member_id']]}: {r['competitor']}")
    writer.insert("complaint", [
        writer.row("complaint", item, account_id=account_id, member_id=person(account_id, item.get("from"), "complaint"))
        for account_id, account in accounts for item in account.get("complaints", [])
    ], lambda r: f"complaint “{r['summary']}”")


def _write_plan_records(writer: _Writer, accounts: list[tuple[int, dict[str, Any]]]) -> None:
    """Revenue years, objectives with their milestones, risks and asks of management."""
    years = [(account_id, {**item, "year": relative_year(item["year"])})
             for account_id, account in accounts for item in account.get("revenue", [])]
    writer.insert("revenue", [writer.row("revenue", item, account_id=account_id) for account_id, item in years],
                  lambda r: f"revenue for {r['year']}")
    objectives = _children_owned(writer, "objective", "objectives", accounts, lambda r: f"objective {r['title']}")
    milestones = [(account_id, item, row_id) for account_id, objective, row_id in objectives
                  for item in objective.get("milestones", [])]
    first = len(writer.log)
    writer.insert("milestone", [writer.row("milestone", item, objective_id=row_id) for _a, item, row_id in milestones],
                  lambda r: f"milestone {r['title']}")
    for entry, (account_id, _item, _row) in zip(writer.log[first:], milestones):
        entry["account_id"] = account_id  # a milestone belongs to its objective's account
    _children_owned(writer, "risk", "risks", accounts, lambda r: f"risk {r['description']}")
    pairs = [(account_id, item) for account_id, account in accounts for item in account.get("asks", [])]
    rows = []
    for account_id, item in pairs:
        who = item.get("asked_of", "")
        member = writer.team.get(who.lower()) if who else None
        # A team member is linked; a role ("Sales director") stays as words.
        record = {k: val for k, val in item.items() if not (member and k == "asked_of")}
        rows.append(writer.row("ask", record, account_id=account_id, asked_of_id=member))
    writer.insert("ask", rows, lambda r: f"ask {r['request']}")


def _children_owned(writer: _Writer, entity: str, key: str, accounts: list[tuple[int, dict[str, Any]]],
                    describe: Callable[[dict[str, Any]], str]) -> list[tuple[int, dict[str, Any], int]]:
    """Like :func:`_children`, for records whose owner is one of our team members."""
    pairs = [(account_id, item) for account_id, account in accounts for item in account.get(key, [])]
    ids = writer.insert(entity, [
        writer.row(entity, item, account_id=account_id, owner_id=writer.team_id(item.get("owner"), describe(item)))
        for account_id, item in pairs
    ], describe)
    return [(account_id, item, row_id) for (account_id, item), row_id in zip(pairs, ids)]


_COUNT_FIELDS = {
    "account": "accounts", "team": "team_members", "offering": "offerings", "dmu_member": "dmu_members",
    "competitor": "competitors", "constraint": "constraints", "assessment": "assessments",
    "opportunity": "opportunities", "action": "actions", "delivery": "deliveries", "review": "reviews",
    "holding": "holdings", "influence_line": "influence_lines", "complaint": "complaints",
    "revenue": "revenue_years", "objective": "objectives", "milestone": "milestones", "risk": "risks", "ask": "asks",
}


def load_demo(db: Database, fixture: Mapping[str, Any] | None = None) -> DemoSummary:
    """Load the demo portfolio in one transaction; refuse if any of its accounts already exists."""
    data = fixture if fixture is not None else read_fixture()
    names = [account["name"].lower() for account in data["accounts"]]
    with db.session() as session:
        conn = session.connection()
        taken = bulk.first_name_among(conn, table_of(Account), names)
        if taken is not None:
            raise DomainError(f"The demo portfolio is already loaded (there is an account called {taken}).")
        writer = _Writer(conn)
        _write(writer, data)
        extra = _team_method(conn) if fixture is None else {}
    return DemoSummary(**{_COUNT_FIELDS[k]: n for k, n in writer.counts.items() if k in _COUNT_FIELDS},
                       **{k.replace(" ", "_"): n for k, n in extra.items()})


def _team_method(conn: Any) -> dict[str, int]:
    """Our people's assessments and objectives and the accounts' programmes, logged a month ago."""
    from accountmgr.services.demo_team import write_team_method

    at = datetime.combine(clock.today() - timedelta(days=30), time(9, 0)).astimezone(timezone.utc)
    return write_team_method(conn, at)
