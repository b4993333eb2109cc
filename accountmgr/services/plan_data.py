"""Everything one account plan shows, loaded per table in bulk for one account or the whole portfolio.

A plan touches a dozen tables; loading them account by account would cost a
dozen queries per plan. Here each table is read once for all the accounts
asked for and grouped by account, in a stable order, so the portfolio export
costs the same handful of queries as a single plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accountmgr.models import (
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
    ValueProposition,
)

if TYPE_CHECKING:
    from accountmgr.db import Database

Record = Any
"""A row as a plain object with the table's attribute names and typed values (enums, dates, lists)."""


class _Row:
    """A read-only row: attribute access like the ORM object, at a fraction of the cost."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"Row({self.__dict__!r})"

    def __getattr__(self, name: str) -> Any:
        """Only for a column the row lacks (the others are plain attributes); typed, so any column reads."""
        raise AttributeError(name)


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


def _grouped(rows: list[dict[str, Any]]) -> dict[int, list[Record]]:
    groups: dict[int, list[Record]] = defaultdict(list)
    for values in rows:
        row = _Row(values)
        groups[row.account_id].append(row)
    return groups


def load_plan_data(db: Database, account_ids: Sequence[int] | None = None, *, include_archived: bool = True) -> dict[int, PlanData]:
    """PlanData per account id, in portfolio order (name, case-insensitive); all accounts when *account_ids* is None.

    Rows are read with Core statements into light read-only objects: the ORM's per-object cost would dominate a
    portfolio export (tens of thousands of rows).
    """
    from accountmgr.queries import plan_data as queries

    if account_ids is not None and not account_ids:
        return {}
    with db.session() as session:
        conn = session.connection()
        team = queries.team_names(conn)
        accounts = [_Row(values) for values in queries.accounts(conn, account_ids, include_archived=include_archived)]
        keys = None if account_ids is None else [a.id for a in accounts]
        if keys is not None and not keys:
            return {}

        def grouped(model: Any, *order: str) -> dict[int, list[Record]]:
            return _grouped(queries.rows_of_accounts(conn, model, keys, order))

        members = grouped(DmuMember, "lower(name)", "id")
        competitors = grouped(CompetitorPresence, "lower(competitor)", "id")
        constraints = grouped(RelationshipConstraint, "id")
        assessments = grouped(LevelAssessment, "assessed_on", "id")
        opportunities = grouped(Opportunity, "id")
        propositions = grouped(ValueProposition, "id")
        actions = grouped(CommunicationAction, "scheduled_at", "id")
        deliveries = grouped(Delivery, "id")
        reviews = grouped(Review, "reviewed_on", "id")
        influence = grouped(InfluenceLine, "id")
        leanings = grouped(CompetitorLeaning, "id")
        complaints = grouped(Complaint, "received_on", "id")
        action_members = _links(queries.action_members(conn, keys))
        action_team = _links(queries.action_team(conn, keys))
        opp_offerings = _links(queries.opportunity_offerings(conn, keys))
        offerings = queries.offering_names(conn)
        drivers: dict[int, list[Record]] = defaultdict(list)
        for values in queries.review_drivers(conn, keys):
            driver = _Row(values)
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


def _links(pairs: list[tuple[int, int]]) -> dict[int, list[int]]:
    """{left id: [right ids, sorted]} from a link table's pairs."""
    links: dict[int, list[int]] = defaultdict(list)
    for left, right in pairs:
        links[left].append(right)
    for values in links.values():
        values.sort()
    return links
