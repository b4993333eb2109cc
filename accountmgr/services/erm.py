"""Our own people in the method: potential × commitment, incentive objectives and workload (section 9).

The sources place each person on two axes: **potential** and **commitment** (willingness to make personal
sacrifices for the goals, focus on the job). Each is assessed from 1 to 5 and dated; the latest assessment
counts and the earlier ones are the person's history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import IncentiveObjective, TeamAssessment, TeamMember
from accountmgr.models.erm import ObjectiveKind, ObjectiveScope
from accountmgr.queries import complaints as complaint_queries
from accountmgr.queries import team as q
from accountmgr.services import clock, records
from accountmgr.services import validation as v

if TYPE_CHECKING:
    from accountmgr.db import Database

HIGH_FROM = 4
"""A score of 4 or 5 (of 5) is high. The sources split each axis in two; a middling 3 is not yet high."""

SCALE = "1 = very low, 5 = very high"

ASSESSMENT_FIELDS = v.FieldSpec(
    {
        "assessed_on": v.date_(required=True),
        "potential": v.integer(1, 5, required=True),
        "commitment": v.integer(1, 5, required=True),
        "note": v.text(max_length=2000, multiline=True),
    },
    labels={"potential": "Potential", "commitment": "Commitment"},
)

OBJECTIVE_FIELDS = v.FieldSpec(
    {
        "description": v.text(required=True, max_length=300),
        "scope": v.choice(ObjectiveScope),
        "kind": v.choice(ObjectiveKind),
        "measure": v.text(max_length=300),
        "due_on": v.date_(),
        "visible": v.boolean(),
        "reachable": v.boolean(),
        "influenceable": v.boolean(),
    },
    labels={"description": "Objective", "scope": "Personal or team", "kind": "Business or customer loyalty",
            "measure": "How it is measured", "visible": "Visible", "reachable": "Reachable",
            "influenceable": "Influenceable"},
)

CHECKS: dict[str, str] = {
    "visible": "the person can see the objective and follow their progress towards it",
    "reachable": "it can be reached with an effort that is reasonable",
    "influenceable": "the result depends on what the person does, not on luck or others alone",
}
"""The three tests of a sound incentive (sources: visible, reachable, influenceable) and what each means."""


class Quadrant(Enum):
    """The four places of the potential × commitment matrix, with the sources' way to manage each."""

    TOP_GUN = ("top_gun", "Top gun", True, True,
               "Ambitious, clear, formal objectives; turn their competitive drive outward, towards the market. "
               "Top guns with 'diamond' customers make the competitive advantage.")
    BULLDOZER = ("bulldozer", "Bulldozer", False, True,
                 "Catch them doing something good and tell them.")
    CHALLENGE = ("challenge", "Challenge", True, False,
                 "Coaching: advice, guidance, teaching, confrontation.")
    PROBLEM = ("problem", "Problem", False, False,
               "Coaching, or outplacement.")

    def __init__(self, code: str, label: str, high_potential: bool, high_commitment: bool, advice: str) -> None:
        self.code = code
        self.label = label
        self.high_potential = high_potential
        self.high_commitment = high_commitment
        self.advice = advice

    @property
    def axes(self) -> str:
        """"high potential, low commitment"."""
        return (f"{'high' if self.high_potential else 'low'} potential, "
                f"{'high' if self.high_commitment else 'low'} commitment")


def quadrant_of(potential: int, commitment: int) -> Quadrant:
    """Where scores of 1–5 place a person (4 and 5 are high)."""
    high_p, high_c = potential >= HIGH_FROM, commitment >= HIGH_FROM
    return next(qd for qd in Quadrant if (qd.high_potential, qd.high_commitment) == (high_p, high_c))


def failed_checks(objective: IncentiveObjective) -> list[str]:
    """The checks an objective fails ("visible", "reachable", "influenceable"), in that order."""
    return [name for name in CHECKS if not getattr(objective, name)]


def objective_flag(objective: IncentiveObjective) -> str:
    """"" when sound, else e.g. "not reachable, not influenceable"."""
    return ", ".join(f"not {name}" for name in failed_checks(objective))


def balance_gaps(objectives: list[IncentiveObjective]) -> list[str]:
    """What a person's set of objectives lacks to balance personal and team, business and loyalty."""
    if not objectives:
        return ["no incentive objectives"]
    gaps = []
    scopes = {o.scope for o in objectives}
    kinds = {o.kind for o in objectives}
    for scope in ObjectiveScope:
        if scope not in scopes:
            gaps.append(f"no {scope.label.lower()} objective")
    for kind in ObjectiveKind:
        if kind not in kinds:
            gaps.append(f"no {kind.label.lower()} objective")
    return gaps


# --- workload --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkloadCounter:
    """One count of what a person has on their plate, by team member id."""

    label: str
    count: Callable[[Session], dict[int, int]]
    heading: str = ""
    """A shorter column heading for narrow tables ("" = the label)."""


WORKLOAD_COUNTERS: list[WorkloadCounter] = [
    WorkloadCounter("Accounts owned", q.accounts_owned, "Accounts"),
    WorkloadCounter("Relationships owned", q.relationships_owned, "Relationships"),
    WorkloadCounter("Actions planned", q.actions_planned, "Actions planned"),
    WorkloadCounter("Complaints to handle", complaint_queries.open_by_owner, "Complaints"),
]
"""The workload shown beside each person, in this order; a new kind of work adds a line."""


def workload(session: Session) -> dict[int, tuple[tuple[str, int], ...]]:
    """Every person's workload counters as (label, count), by team member id (people with none are absent)."""
    counts = [(counter.label, counter.count(session)) for counter in WORKLOAD_COUNTERS]
    ids = {member_id for _, by_member in counts for member_id in by_member}
    return {member_id: tuple((label, by_member.get(member_id, 0)) for label, by_member in counts) for member_id in ids}


def empty_workload() -> tuple[tuple[str, int], ...]:
    return tuple((counter.label, 0) for counter in WORKLOAD_COUNTERS)


# --- the overview ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberOverview:
    """One of our people with their latest assessment, quadrant, objectives and workload."""

    member: TeamMember
    latest: TeamAssessment | None
    objectives: tuple[IncentiveObjective, ...]
    workload: tuple[tuple[str, int], ...]

    @property
    def quadrant(self) -> Quadrant | None:
        return quadrant_of(self.latest.potential, self.latest.commitment) if self.latest else None

    @property
    def flagged(self) -> int:
        """How many objectives fail one of the three checks."""
        return sum(1 for objective in self.objectives if failed_checks(objective))

    @property
    def objectives_text(self) -> str:
        """"3 (1 flagged)", "3", or "none"."""
        if not self.objectives:
            return "none"
        return f"{len(self.objectives)}" + (f" ({self.flagged} flagged)" if self.flagged else "")

    def count(self, label: str) -> int:
        return dict(self.workload).get(label, 0)


def team_overview(db: Database, *, include_inactive: bool = True) -> list[MemberOverview]:
    """Every person by name with their latest assessment, objectives and workload, in a handful of queries."""
    from accountmgr.services.team import list_team

    members = list_team(db, include_inactive=include_inactive)
    with db.session() as session:
        latest = q.latest_assessments(session)
        objectives: dict[int, list[IncentiveObjective]] = {}
        for objective in q.all_objectives(session):
            objectives.setdefault(objective.team_member_id, []).append(objective)
        loads = workload(session)
    return [
        MemberOverview(m, latest.get(m.id), tuple(objectives.get(m.id, ())),
                       loads.get(m.id, empty_workload()))
        for m in members
    ]


def member_overview(db: Database, member_id: int) -> MemberOverview:
    """One person's overview (NotFound when they are gone)."""
    with db.session() as session:
        member = records.fetch(session, TeamMember, member_id, "team member")
        history = q.assessments_of(session, member_id)
        objectives = q.objectives_of(session, member_id)
        load = workload(session).get(member_id, empty_workload())
    return MemberOverview(member, history[0] if history else None, tuple(objectives), load)


def matrix(db: Database) -> dict[Quadrant, list[MemberOverview]]:
    """The active people in each quadrant (by name); people never assessed are left out (see ``unassessed``)."""
    return matrix_of(team_overview(db, include_inactive=False))


def matrix_of(overview: Iterable[MemberOverview]) -> dict[Quadrant, list[MemberOverview]]:
    """The people of *overview* (in its order) in each quadrant; people never assessed are left out."""
    cells: dict[Quadrant, list[MemberOverview]] = {quadrant: [] for quadrant in Quadrant}
    for row in overview:
        if row.quadrant is not None:
            cells[row.quadrant].append(row)
    return cells


def unassessed(db: Database) -> list[str]:
    """Active people with no assessment yet."""
    return [row.member.name for row in team_overview(db, include_inactive=False) if row.latest is None]


# --- assessments -----------------------------------------------------------------------------------------------


def _name(session: Session, member_id: int) -> str:
    return records.fetch(session, TeamMember, member_id, "team member").name


def assessments_of(db: Database, member_id: int) -> list[TeamAssessment]:
    """One person's assessments, newest first: the first one counts."""
    with db.session() as session:
        return q.assessments_of(session, member_id)


def add_assessment(db: Database, member_id: int, raw: Mapping[str, Any]) -> TeamAssessment:
    """Record how one person stands today (or on the date given) on potential and commitment."""
    raw = {"assessed_on": clock.today(), **raw}
    with db.session() as session:
        name = _name(session, member_id)
        return records.insert(
            session, TeamAssessment, raw, ASSESSMENT_FIELDS, entity="team_assessment", account_id=None,
            describe=lambda a: f"assessment of {name} ({quadrant_of(a.potential, a.commitment).label})",
            extra={"team_member_id": member_id},
        )


def delete_assessment(db: Database, assessment_id: int) -> None:
    """Remove one assessment (a mistake); the one before it counts again."""
    with db.session() as session:
        row = records.fetch(session, TeamAssessment, assessment_id, "assessment")
        name = _name(session, row.team_member_id)
        records.delete(session, row, entity="team_assessment", account_id=None,
                       describe=f"assessment of {name} of {row.assessed_on.isoformat()}")


# --- incentive objectives --------------------------------------------------------------------------------------


def objectives_of(db: Database, member_id: int) -> list[IncentiveObjective]:
    with db.session() as session:
        return q.objectives_of(session, member_id)


def get_objective(db: Database, objective_id: int) -> IncentiveObjective:
    with db.session() as session:
        return records.fetch(session, IncentiveObjective, objective_id, "objective")


def add_objective(db: Database, member_id: int, raw: Mapping[str, Any]) -> IncentiveObjective:
    """Give one person an incentive objective (its three checks default to not yet ticked)."""
    raw = {"scope": ObjectiveScope.PERSONAL, "kind": ObjectiveKind.BUSINESS, **raw}
    with db.session() as session:
        name = _name(session, member_id)
        return records.insert(
            session, IncentiveObjective, raw, OBJECTIVE_FIELDS, entity="incentive_objective", account_id=None,
            describe=lambda o: f"objective of {name}: {o.description}", extra={"team_member_id": member_id},
        )


def update_objective(db: Database, objective_id: int, raw: Mapping[str, Any], *, seen: Any = None) -> IncentiveObjective:
    with db.session() as session:
        row = records.fetch(session, IncentiveObjective, objective_id, "objective")
        name = _name(session, row.team_member_id)
        return records.update(
            session, row, raw, OBJECTIVE_FIELDS, entity="incentive_objective", account_id=None,
            describe=lambda o: f"objective of {name}: {o.description}", seen=seen,
        )


def toggle_check(db: Database, objective_id: int, check: str) -> IncentiveObjective:
    """Tick or untick one of the three checks of an objective."""
    if check not in CHECKS:
        raise ValueError(check)
    current = get_objective(db, objective_id)
    return update_objective(db, objective_id, {check: not getattr(current, check)})


def delete_objective(db: Database, objective_id: int) -> None:
    with db.session() as session:
        row = records.fetch(session, IncentiveObjective, objective_id, "objective")
        name = _name(session, row.team_member_id)
        records.delete(session, row, entity="incentive_objective", account_id=None,
                       describe=f"objective of {name}: {row.description}")
