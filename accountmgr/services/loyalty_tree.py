"""The loyalty tree (section 9): loyalty ← satisfaction ← drivers ← KPIs ← processes, and improvement projects.

Each key driver of the account rests on one or more KPIs — measurable indices
of our own processes, with an owner, a target, the current value and a dated
history. Where we trail the competitor most, the app suggests a narrow,
focused improvement project; the user confirms it, with its owner, due date
and the KPI it must move.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from accountmgr.models import ImprovementProject, Kpi, KpiReading, ProjectStatus, TeamMember
from accountmgr.queries import loyalty as queries
from accountmgr.services import activity, clock, records, reviews
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels({
    "process": "Process",
    "unit": "Unit",
    "target": "Target",
    "current": "Current value",
    "higher_is_better": "Higher is better",
    "measured_on": "Date measured",
    "value": "Value",
    "kpi_id": "KPI",
    "due_on": "Due",
})

BUNDLE_BY_ID = 500
"""Up to this many accounts the plan reads their loyalty records by id; beyond, it reads them all."""

PROJECT_DUE_DAYS = 90
"""A suggested project is due this many days from today (the user may change it)."""

_NUMBER = re.compile(r"^[+-]?[\d.,'’ ]+$")


def parse_number(text: Any, field: str = "value") -> float | None:
    """'98.5', '98,5', '1.234,56', '1,234.56', '95 %' → a number; '' → None; anything else is refused."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    cleaned = str(text).strip().rstrip("%").strip()
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned) or not any(ch.isdigit() for ch in cleaned):
        raise DomainError(f"{v.label(field)} must be a number such as 98.5 or 1.234,56, not “{text}”.", field)
    body = cleaned.replace(" ", "").replace("'", "").replace("’", "")
    dot, comma = body.rfind("."), body.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal_mark = "." if dot > comma else ","
    elif comma >= 0:
        # A single comma followed by exactly three digits groups thousands (1,500); otherwise it is decimal (98,5).
        decimal_mark = "" if body.count(",") > 1 or len(body) - comma - 1 == 3 else ","
    elif dot >= 0:
        decimal_mark = "" if body.count(".") > 1 else "."
    else:
        decimal_mark = ""
    group_mark = {".": ",", ",": ".", "": ".,"}[decimal_mark]
    for mark in group_mark:
        body = body.replace(mark, "")
    if decimal_mark == ",":
        body = body.replace(",", ".")
    try:
        return float(body)
    except ValueError:
        raise DomainError(f"{v.label(field)} must be a number such as 98.5 or 1.234,56, not “{text}”.", field) from None


def number() -> v.Converter:
    def convert(value: Any, field_name: str) -> float | None:
        return parse_number(value, field_name)

    return convert


def _ref(what: str) -> v.Converter:
    """A record chosen by id (blank: none)."""

    def convert(value: Any, field_name: str) -> int | None:
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if not text.isdigit():
            raise DomainError(f"Choose {what} from the list.", field_name)
        return int(text)

    return convert


KPI_FIELDS: dict[str, v.Converter] = {
    "driver": v.text(required=True, max_length=80),
    "name": v.text(required=True, max_length=120),
    "process": v.text(max_length=120),
    "owner_id": _ref("a team member"),
    "unit": v.text(max_length=20),
    "target": number(),
    "current": number(),
    "higher_is_better": v.boolean(),
    "notes": v.text(multiline=True),
}
"""A KPI: the driver it supports, its name, the process it measures, owner, unit, target and current value."""

READING_FIELDS: dict[str, v.Converter] = {"measured_on": v.date_(required=True), "value": number()}

PROJECT_FIELDS: dict[str, v.Converter] = {
    "driver": v.text(required=True, max_length=80),
    "name": v.text(required=True, max_length=120),
    "owner_id": _ref("a team member"),
    "due_on": v.date_(),
    "kpi_id": _ref("one of the account's KPIs"),
    "status": v.choice(ProjectStatus),
    "notes": v.text(multiline=True),
}
"""An improvement project: the driver, what it does, owner, due date, the KPI it must move, status."""


def _kpi_text(row: Kpi) -> str:
    return f"KPI {row.name}"


def _project_text(row: ImprovementProject) -> str:
    return f"improvement project {row.name}"


def list_kpis(db: Database, account_id: int) -> list[Kpi]:
    """The account's KPIs by driver then name."""
    with db.session() as session:
        return queries.kpis_of(session, [account_id])


def create_kpi(db: Database, account_id: int, raw: Mapping[str, Any]) -> Kpi:
    with db.session() as session:
        from accountmgr.models import Account

        records.fetch(session, Account, account_id, "account")
        raw = {"higher_is_better": True, **raw}
        return records.insert(session, Kpi, raw, KPI_FIELDS, entity="kpi", account_id=account_id,
                              describe=_kpi_text, check=_check_owner, extra={"account_id": account_id})


def update_kpi(db: Database, kpi_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None) -> Kpi:
    with db.session() as session:
        row = records.fetch(session, Kpi, kpi_id, "KPI")
        records.update(session, row, raw, KPI_FIELDS, entity="kpi", account_id=row.account_id,
                       describe=_kpi_text, check=_check_owner, seen=seen)
        return row


def delete_kpi(db: Database, kpi_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, Kpi, kpi_id, "KPI")
        records.delete(session, row, entity="kpi", account_id=row.account_id, describe=_kpi_text(row),
                       seen_version=seen_version)


def _check_owner(session: Any, values: dict[str, Any], row: Any) -> None:
    owner = values.get("owner_id")
    if owner is not None and session.get(TeamMember, owner) is None:
        raise DomainError("That team member does not exist.", "owner_id")
    kpi = values.get("kpi_id")
    if kpi is not None and session.get(Kpi, kpi) is None:
        raise DomainError("That KPI does not exist.", "kpi_id")


def add_reading(db: Database, kpi_id: int, raw: Mapping[str, Any]) -> KpiReading:
    """Record a dated value of a KPI; the newest reading becomes its current value."""
    values = v.clean({"measured_on": clock.today(), **raw}, READING_FIELDS)
    if values["value"] is None:
        raise DomainError("Value is required.", "value")
    with db.session() as session:
        kpi = records.fetch(session, Kpi, kpi_id, "KPI")
        reading = KpiReading(kpi_id=kpi_id, **values)
        session.add(reading)
        session.flush()
        newest = queries.newest_reading(session, kpi_id)
        activity.record(session, entity="kpi", action="updated",
                        summary=f"Measured {_kpi_text(kpi)}: {format_number(values['value'])} on "
                                f"{values['measured_on']:%Y-%m-%d}",
                        account_id=kpi.account_id, entity_id=kpi.id,
                        changes={"reading": [None, [values["measured_on"].isoformat(), values["value"]]]})
        if newest is not None and newest != kpi.current:
            records.update(session, kpi, {"current": newest}, {"current": number()}, entity="kpi",
                           account_id=kpi.account_id, describe=_kpi_text)
        return reading


def readings(db: Database, kpi_id: int) -> list[KpiReading]:
    """A KPI's history, oldest first."""
    with db.session() as session:
        return queries.readings_of(session, [kpi_id])


def list_projects(db: Database, account_id: int) -> list[ImprovementProject]:
    """The account's improvement projects, soonest due first (no date last)."""
    with db.session() as session:
        return queries.projects_of(session, [account_id])


def create_project(db: Database, account_id: int, raw: Mapping[str, Any]) -> ImprovementProject:
    with db.session() as session:
        from accountmgr.models import Account

        records.fetch(session, Account, account_id, "account")
        raw = {"status": ProjectStatus.PLANNED.value, **raw}
        return records.insert(session, ImprovementProject, raw, PROJECT_FIELDS, entity="improvement_project",
                              account_id=account_id, describe=_project_text, check=_check_owner,
                              extra={"account_id": account_id})


def update_project(db: Database, project_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None) -> ImprovementProject:  # noqa: ANN001,E501
    with db.session() as session:
        row = records.fetch(session, ImprovementProject, project_id, "improvement project")
        records.update(session, row, raw, PROJECT_FIELDS, entity="improvement_project", account_id=row.account_id,
                       describe=_project_text, check=_check_owner, seen=seen)
        return row


def delete_project(db: Database, project_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, ImprovementProject, project_id, "improvement project")
        records.delete(session, row, entity="improvement_project", account_id=row.account_id,
                       describe=_project_text(row), seen_version=seen_version)


@dataclass(frozen=True)
class Suggestion:
    """A project the app proposes on a driver where the competitor is ahead; the user confirms it."""

    driver: str
    gap: int
    importance: int
    name: str
    kpi_id: int | None
    kpi_name: str
    owner_id: int | None
    due_on: date
    reason: str

    def as_raw(self) -> dict[str, Any]:
        """The project's fields as a form starts with them."""
        return {"driver": self.driver, "name": self.name, "owner_id": self.owner_id, "due_on": self.due_on,
                "kpi_id": self.kpi_id, "status": ProjectStatus.PLANNED.value, "notes": self.reason}


SUGGESTION_RULE = (
    "Suggested where the competitor is furthest ahead on a driver that matters (importance 4 or 5) in the latest "
    "review with driver scores, unless a project on that driver is planned or in progress; the KPI is the "
    "driver's first, its owner the project's owner."
)


def suggest_projects(db: Database, account_id: int, limit: int = 3) -> list[Suggestion]:
    """Up to *limit* projects on the drivers with the largest gap to the competitor."""
    drivers = _latest_drivers(db, account_id)
    active = {p.driver.lower() for p in list_projects(db, account_id)
              if p.status in (ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS)}
    kpis: dict[str, Kpi] = {}
    for kpi in list_kpis(db, account_id):
        kpis.setdefault(kpi.driver.lower(), kpi)
    found: list[Suggestion] = []
    today = clock.today()
    for key in reviews.key_drivers(drivers):
        if key.competitor_score is None or key.driver.lower() in active:
            continue
        match = kpis.get(key.driver.lower())
        found.append(Suggestion(
            driver=key.driver, gap=key.gap, importance=key.importance,
            name=f"Close the gap on {key.driver.lower()}", kpi_id=match.id if match else None,
            kpi_name=match.name if match else "", owner_id=match.owner_id if match else None,
            due_on=today + timedelta(days=PROJECT_DUE_DAYS),
            reason=f"Competitor ahead by {key.gap} on {key.driver} ({key.reason})",
        ))
    return found[:limit]


def confirm_suggestion(db: Database, account_id: int, suggestion: Suggestion) -> ImprovementProject:
    return create_project(db, account_id, suggestion.as_raw())


def _latest_drivers(db: Database, account_id: int) -> list[Any]:
    """The drivers of the newest review that has any driver scored."""
    for review in reviews.list_reviews(db, account_id):
        drivers = reviews.review_drivers(db, review.id)
        if any(d.our_score is not None for d in drivers):
            return drivers
    return []


@dataclass
class KpiNode:
    kpi: Kpi
    owner: str
    history: list[KpiReading] = field(default_factory=list)

    @property
    def status(self) -> str:
        """'on target', 'below target by X' or '' when a figure is missing."""
        return kpi_status(self.kpi)


@dataclass
class DriverNode:
    driver: str
    importance: int | None
    our_score: int | None
    competitor_score: int | None
    key: bool
    kpis: list[KpiNode] = field(default_factory=list)
    projects: list[ImprovementProject] = field(default_factory=list)

    @property
    def gap_text(self) -> str:
        return gap_text(self.our_score, self.competitor_score)

    @property
    def gap(self) -> int:
        """How far the competitor is ahead (0 when level, unknown or behind us)."""
        if self.our_score is None or self.competitor_score is None:
            return 0
        return max(self.competitor_score - self.our_score, 0)


@dataclass
class LoyaltyTree:
    """The account's tree, from the latest review down to our processes."""

    loyalty: int | None
    satisfaction: int | None
    reviewed_on: date | None
    perceived_quality: int | None
    technical_quality: int | None
    drivers: list[DriverNode]


def gap_text(ours: int | None, theirs: int | None) -> str:
    """'competitor ahead by 2', 'we lead by 1', 'level' or '' when a score is missing."""
    if ours is None or theirs is None:
        return ""
    if theirs > ours:
        return f"competitor ahead by {theirs - ours}"
    if ours > theirs:
        return f"we lead by {ours - theirs}"
    return "level"


def quality_gap_text(perceived: int | None, technical: int | None) -> str:
    """How perceived quality compares with technical quality, in words."""
    if perceived is None or technical is None:
        return "not measured" if perceived is None and technical is None else "only one of the two measured"
    gap = perceived - technical
    if gap < 0:
        return (f"perceived {perceived}/10 below technical {technical}/10 by {-gap}: the customer does not see "
                "the quality we deliver — work on reliability, responsiveness, reassurance and empathy")
    if gap > 0:
        return f"perceived {perceived}/10 above technical {technical}/10 by {gap}: fix delivery before it shows"
    return f"perceived and technical quality agree at {perceived}/10"


def format_number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def kpi_status(kpi: Kpi) -> str:
    if kpi.target is None or kpi.current is None:
        return ""
    reached = kpi.current >= kpi.target if kpi.higher_is_better else kpi.current <= kpi.target
    if reached:
        return "on target"
    return f"off target by {with_unit(abs(kpi.target - kpi.current), kpi.unit)}"


def with_unit(value: float | None, unit: str) -> str:
    """'93.2%', '4 days', '—'."""
    shown = format_number(value)
    if value is None or not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def tree(db: Database, account_id: int) -> LoyaltyTree:
    """Loyalty → satisfaction → drivers (latest review) → KPIs → processes, with each driver's projects."""
    from accountmgr.services.team import list_team

    names = {m.id: m.name for m in list_team(db, include_inactive=True)}
    latest = next(iter(reviews.list_reviews(db, account_id)), None)
    drivers = _latest_drivers(db, account_id)
    keys = {k.driver for k in reviews.key_drivers(drivers)}
    nodes: dict[str, DriverNode] = {}
    for d in drivers:
        nodes[d.driver.lower()] = DriverNode(d.driver, d.importance, d.our_score, d.competitor_score, d.driver in keys)
    for kpi in list_kpis(db, account_id):
        node = nodes.setdefault(kpi.driver.lower(), DriverNode(kpi.driver, None, None, None, False))
        node.kpis.append(KpiNode(kpi, names.get(kpi.owner_id, "") if kpi.owner_id else "", readings(db, kpi.id)))
    for project in list_projects(db, account_id):
        node = nodes.setdefault(project.driver.lower(), DriverNode(project.driver, None, None, None, False))
        node.projects.append(project)
    ordered = sorted(nodes.values(), key=lambda n: (not n.key, -n.gap, -(n.importance or 0), n.driver.lower()))
    return LoyaltyTree(
        loyalty=latest.loyalty if latest else None, satisfaction=latest.satisfaction if latest else None,
        reviewed_on=latest.reviewed_on if latest else None,
        perceived_quality=latest.perceived_quality if latest else None,
        technical_quality=latest.technical_quality if latest else None,
        drivers=ordered,
    )


def team_names(db: Database) -> dict[int, str]:
    from accountmgr.services.team import list_team

    return {m.id: m.name for m in list_team(db, include_inactive=True)}


@dataclass
class LoyaltyData:
    """One account's KPIs (with history) and improvement projects, for the plan."""

    kpis: list[KpiNode] = field(default_factory=list)
    projects: list[ImprovementProject] = field(default_factory=list)
    kpi_names: dict[int, str] = field(default_factory=dict)
    owners: dict[int, str] = field(default_factory=dict)


def bundle(db: Database, account_ids: list[int]) -> dict[int, LoyaltyData]:
    """KPIs, readings and projects of many accounts in three queries (the whole portfolio's plans)."""
    owners = team_names(db)
    result: dict[int, LoyaltyData] = {}
    # Past a few hundred accounts, reading every record beats a long IN list (and its parameter limit).
    wanted = account_ids if len(account_ids) <= BUNDLE_BY_ID else None
    with db.session() as session:
        kpis = queries.kpis_of(session, wanted)
        history: dict[int, list[KpiReading]] = {}
        for reading in queries.readings_of(session, [k.id for k in kpis] if wanted is not None else None):
            history.setdefault(reading.kpi_id, []).append(reading)
        projects = queries.projects_of(session, wanted)
    if wanted is None:
        keep = set(account_ids)
        kpis = [k for k in kpis if k.account_id in keep]
        projects = [p for p in projects if p.account_id in keep]
    for kpi in kpis:
        data = result.setdefault(kpi.account_id, LoyaltyData(owners=owners))
        data.kpis.append(KpiNode(kpi, owners.get(kpi.owner_id, "") if kpi.owner_id else "", history.get(kpi.id, [])))
        data.kpi_names[kpi.id] = kpi.name
    for project in projects:
        result.setdefault(project.account_id, LoyaltyData(owners=owners)).projects.append(project)
    return result
