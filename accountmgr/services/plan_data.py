"""Everything one account plan shows, loaded per table in bulk for one account or the whole portfolio.

A plan touches a dozen tables; loading them account by account would cost a
dozen queries per plan. Here each table is read once for all the accounts
asked for and grouped by account, in a stable order, so the portfolio export
costs the same handful of queries as a single plan.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime
from sqlmodel import SQLModel

from accountmgr.models import (
    Account,
    CommunicationAction,
    CompetitorLeaning,
    CompetitorPresence,
    Complaint,
    Delivery,
    DmuMember,
    InfluenceLine,
    LevelAssessment,
    Opportunity,
    RelationshipConstraint,
    Review,
    ReviewDriver,
    ValueProposition,
)

Record = Any
"""A row as a plain object with the table's attribute names and typed values (enums, dates, lists)."""


class _Row:
    """A read-only row: attribute access like the ORM object, at a fraction of the cost."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"Row({self.__dict__!r})"


def _converter(column: Any) -> Any:
    """How to turn the stored value of *column* back into its Python type (None stays None)."""
    kind = column.type
    enum_class = getattr(kind, "enum_class", None)
    if enum_class is not None:
        return {member.value: member for member in enum_class}.__getitem__
    if isinstance(kind, JSON):
        return json.loads
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, DateTime):
        return _parse_datetime
    if isinstance(kind, Date):
        return date.fromisoformat
    return None


def _parse_datetime(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _fetch(conn: Any, model: type[SQLModel], where: str = "", params: Sequence[Any] = (), order: str = "") -> list[_Row]:
    """Every row of *model*'s table matching *where*, typed like the model, without ORM overhead."""
    columns = list(model.__table__.columns)  # type: ignore[attr-defined]
    names = [c.name for c in columns]
    converters = [(i, f) for i, f in ((i, _converter(c)) for i, c in enumerate(columns)) if f is not None]
    sql = f"SELECT {', '.join(names)} FROM {model.__tablename__}"  # type: ignore[attr-defined]
    if where:
        sql += f" WHERE {where}"
    if order:
        sql += f" ORDER BY {order}"
    rows = []
    for raw in conn.execute(sql, tuple(params)):
        values = list(raw)
        for index, convert in converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        rows.append(_Row(dict(zip(names, values))))
    return rows


@dataclass
class PlanData:
    """One account and everything recorded about it, each list in a stable display order."""

    account: Record
    team: dict[int, str]
    members: list[Record] = field(default_factory=list)
    competitors: list[Record] = field(default_factory=list)
    constraints: list[Record] = field(default_factory=list)
    assessments: list[Record] = field(default_factory=list)
    opportunities: list[Record] = field(default_factory=list)
    opportunity_offerings: dict[int, list[str]] = field(default_factory=dict)
    value_proposition: Record | None = None
    actions: list[Record] = field(default_factory=list)
    action_members: dict[int, list[int]] = field(default_factory=dict)
    action_team: dict[int, list[int]] = field(default_factory=dict)
    deliveries: list[Record] = field(default_factory=list)
    reviews: list[Record] = field(default_factory=list)
    drivers: dict[int, list[Record]] = field(default_factory=dict)
    influence_lines: list[Record] = field(default_factory=list)
    leanings: dict[int, Record] = field(default_factory=dict)
    """Member id → the competitor they lean to."""
    complaints: list[Record] = field(default_factory=list)

    @property
    def owner(self) -> str | None:
        return self.team.get(self.account.owner_id) if self.account.owner_id is not None else None

    def member_name(self, member_id: int | None) -> str:
        for member in self.members:
            if member.id == member_id:
                return member.name
        return ""


def _grouped(conn: Any, model: type[SQLModel], where: str, params: Sequence[Any], order: str) -> dict[int, list[Record]]:
    groups: dict[int, list[Record]] = defaultdict(list)
    for row in _fetch(conn, model, where, params, order):
        groups[row.account_id].append(row)
    return groups


def load_plan_data(db, account_ids: Sequence[int] | None = None, *, include_archived: bool = True) -> dict[int, PlanData]:  # noqa: ANN001
    """PlanData per account id, in portfolio order (name, case-insensitive); all accounts when *account_ids* is None.

    Rows are read with plain SQL into light read-only objects: the ORM's per-object cost would dominate a
    portfolio export (tens of thousands of rows).
    """
    conditions, params = [], []
    if account_ids is not None:
        if not account_ids:
            return {}
        conditions.append(f"id IN ({','.join('?' * len(account_ids))})")
        params = list(account_ids)
    if not include_archived:
        conditions.append("archived = 0")
    with db.connection() as conn:
        team = dict(conn.execute("SELECT id, name FROM team_member").fetchall())
        accounts = _fetch(conn, Account, " AND ".join(conditions), params, "lower(name), id")
        if account_ids is None:
            where, keys = "", []
        else:
            keys = [a.id for a in accounts]
            if not keys:
                return {}
            where = f"account_id IN ({','.join('?' * len(keys))})"
        members = _grouped(conn, DmuMember, where, keys, "lower(name), id")
        competitors = _grouped(conn, CompetitorPresence, where, keys, "lower(competitor), id")
        constraints = _grouped(conn, RelationshipConstraint, where, keys, "id")
        assessments = _grouped(conn, LevelAssessment, where, keys, "assessed_on, id")
        opportunities = _grouped(conn, Opportunity, where, keys, "id")
        propositions = _grouped(conn, ValueProposition, where, keys, "id")
        actions = _grouped(conn, CommunicationAction, where, keys, "scheduled_at, id")
        deliveries = _grouped(conn, Delivery, where, keys, "id")
        reviews = _grouped(conn, Review, where, keys, "reviewed_on, id")
        influence = _grouped(conn, InfluenceLine, where, keys, "id")
        leanings = _grouped(conn, CompetitorLeaning, where, keys, "id")
        complaints = _grouped(conn, Complaint, where, keys, "received_on, id")
        sub = "" if account_ids is None else " WHERE {key} IN (SELECT id FROM {table} WHERE " + where + ")"
        action_members = _links(conn, "SELECT action_id, member_id FROM action_dmu_member"
                                + sub.format(key="action_id", table="communication_action"), keys)
        action_team = _links(conn, "SELECT action_id, team_member_id FROM action_team_member"
                             + sub.format(key="action_id", table="communication_action"), keys)
        opp_offerings = _links(conn, "SELECT opportunity_id, offering_id FROM opportunity_offering"
                               + sub.format(key="opportunity_id", table="opportunity"), keys)
        offerings = dict(conn.execute("SELECT id, name FROM offering").fetchall())
        drivers: dict[int, list[Record]] = defaultdict(list)
        driver_where = "" if account_ids is None else f"review_id IN (SELECT id FROM review WHERE {where})"
        for driver in _fetch(conn, ReviewDriver, driver_where, keys, "review_id, id"):
            drivers[driver.review_id].append(driver)

    result: dict[int, PlanData] = {}
    for account in accounts:
        aid = account.id
        data = PlanData(account=account, team=team)
        data.members = members.get(aid, [])
        data.competitors = competitors.get(aid, [])
        data.constraints = constraints.get(aid, [])
        data.assessments = assessments.get(aid, [])
        data.opportunities = opportunities.get(aid, [])
        data.value_proposition = (propositions.get(aid) or [None])[0]
        data.actions = actions.get(aid, [])
        data.deliveries = deliveries.get(aid, [])
        data.reviews = reviews.get(aid, [])
        data.influence_lines = influence.get(aid, [])
        data.leanings = {row.member_id: row for row in leanings.get(aid, [])}
        data.complaints = complaints.get(aid, [])
        for action in data.actions:
            data.action_members[action.id] = action_members.get(action.id, [])
            data.action_team[action.id] = action_team.get(action.id, [])
        for opp in data.opportunities:
            data.opportunity_offerings[opp.id] = sorted(
                (offerings.get(i, "") for i in opp_offerings.get(opp.id, [])), key=str.lower
            )
        for review in data.reviews:
            data.drivers[review.id] = drivers.get(review.id, [])
        result[aid] = data
    return result


def _links(conn: Any, sql: str, params: Sequence[Any]) -> dict[int, list[int]]:
    """{left id: [right ids, sorted]} from a link table."""
    links: dict[int, list[int]] = defaultdict(list)
    for left, right in conn.execute(sql, tuple(params) if "?" in sql else ()):
        links[left].append(right)
    for values in links.values():
        values.sort()
    return links
