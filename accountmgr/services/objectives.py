"""Account objectives and their milestones (step g): what, by when, who owns it, how far along."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Account, TeamMember
from accountmgr.models.enums import ObjectiveStatus
from accountmgr.models.objectives import AccountObjective, ObjectiveMilestone
from accountmgr.queries import objectives as q
from accountmgr.queries.team_names import names_by_id
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

OBJECTIVE_FIELDS = v.FieldSpec(
    {
        "title": v.text(required=True, max_length=200),
        "due_on": v.date_(),
        "owner_id": v.integer(),
        "status": v.choice(ObjectiveStatus),
        "notes": v.text(multiline=True),
    },
    labels={"title": "Objective", "due_on": "By when", "owner_id": "Owner"},
)
"""Every editable field of an objective and how its input is checked."""

MILESTONE_FIELDS = v.FieldSpec(
    {
        "objective_id": v.integer(required=True),
        "title": v.text(required=True, max_length=200),
        "due_on": v.date_(),
        "done_on": v.date_(),
    },
    labels={"objective_id": "Objective", "title": "Milestone", "due_on": "Due", "done_on": "Done on"},
)
"""Every editable field of a milestone."""


def _check_owner(session: Session, values: dict[str, Any], row: Any) -> None:
    owner_id = values.get("owner_id")
    if owner_id is not None and session.get(TeamMember, owner_id) is None:
        raise DomainError("The owner must be one of our team members.", "owner_id")


def _check_milestone(session: Session, values: dict[str, Any], row: ObjectiveMilestone | None) -> None:
    """A milestone leads to an objective of the same account (it may move to another one of them)."""
    if "objective_id" not in values:
        return
    objective = session.get(AccountObjective, values["objective_id"])
    if objective is None:
        raise DomainError("Choose one of this account's objectives.", "objective_id")
    if row is not None:
        current = session.get(AccountObjective, row.objective_id)
        if current is not None and current.account_id != objective.account_id:
            raise DomainError("Choose one of this account's objectives.", "objective_id")


def _describe(row: AccountObjective) -> str:
    return f"objective {row.title}"


def _describe_milestone(row: ObjectiveMilestone) -> str:
    return f"milestone {row.title}"


def is_overdue(row: AccountObjective, today: date) -> bool:
    """Past its date and neither achieved nor dropped."""
    return row.status == ObjectiveStatus.OPEN and row.due_on is not None and row.due_on < today


def create_objective(db: Database, account_id: int, raw: Mapping[str, Any]) -> AccountObjective:
    raw = {"status": ObjectiveStatus.OPEN, **raw}
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        return records.insert(
            session, AccountObjective, raw, OBJECTIVE_FIELDS, entity="objective", account_id=account_id,
            describe=_describe, check=_check_owner, extra={"account_id": account_id},
        )


def get_objective(db: Database, objective_id: int) -> AccountObjective:
    with db.session() as session:
        return records.fetch(session, AccountObjective, objective_id, "objective")


def update_objective(
    db, objective_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> AccountObjective:
    with db.session() as session:
        row = records.fetch(session, AccountObjective, objective_id, "objective")
        return records.update(
            session, row, raw, OBJECTIVE_FIELDS, entity="objective", account_id=row.account_id,
            describe=_describe, check=_check_owner, seen=seen,
        )


def mark_achieved(db: Database, objective_id: int) -> AccountObjective:
    """The objective is reached."""
    return update_objective(db, objective_id, {"status": ObjectiveStatus.ACHIEVED})


def delete_objective(db: Database, objective_id: int, *, seen_version: int | None = None) -> None:
    """Remove the objective; its milestones go with it (the database cascades the delete)."""
    with db.session() as session:
        row = records.fetch(session, AccountObjective, objective_id, "objective")
        records.delete(session, row, entity="objective", account_id=row.account_id, describe=_describe(row),
                       seen_version=seen_version)


def add_milestone(db: Database, objective_id: int, raw: Mapping[str, Any]) -> ObjectiveMilestone:
    with db.session() as session:
        objective = records.fetch(session, AccountObjective, objective_id, "objective")
        return records.insert(
            session, ObjectiveMilestone, {**raw, "objective_id": objective_id}, MILESTONE_FIELDS, entity="milestone",
            account_id=objective.account_id, describe=_describe_milestone, check=_check_milestone,
        )


def create_milestone(db: Database, account_id: int, raw: Mapping[str, Any]) -> ObjectiveMilestone:
    """Add a milestone to one of the account's objectives, named by ``raw['objective_id']`` (as a form gives it)."""
    raw = dict(raw)
    objective_id = v.integer()(raw.pop("objective_id", None), "objective_id")
    if objective_id is None:
        raise DomainError("Choose the objective this milestone leads to.", "objective_id")
    with db.session() as session:
        objective = session.get(AccountObjective, objective_id)
        if objective is None or objective.account_id != account_id:
            raise DomainError("Choose one of this account's objectives.", "objective_id")
    return add_milestone(db, objective_id, raw)


def get_milestone(db: Database, milestone_id: int) -> ObjectiveMilestone:
    with db.session() as session:
        return records.fetch(session, ObjectiveMilestone, milestone_id, "milestone")


def update_milestone(
    db, milestone_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> ObjectiveMilestone:
    with db.session() as session:
        row = records.fetch(session, ObjectiveMilestone, milestone_id, "milestone")
        objective = records.fetch(session, AccountObjective, row.objective_id, "objective")
        return records.update(
            session, row, raw, MILESTONE_FIELDS, entity="milestone", account_id=objective.account_id,
            describe=_describe_milestone, check=_check_milestone, seen=seen,
        )


def mark_milestone_done(db: Database, milestone_id: int, on: date) -> ObjectiveMilestone:
    return update_milestone(db, milestone_id, {"done_on": on})


def delete_milestone(db: Database, milestone_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, ObjectiveMilestone, milestone_id, "milestone")
        objective = records.fetch(session, AccountObjective, row.objective_id, "objective")
        records.delete(session, row, entity="milestone", account_id=objective.account_id,
                       describe=_describe_milestone(row), seen_version=seen_version)


@dataclass(frozen=True)
class MilestoneView:
    """A milestone as the strategy step and the plan show it, with the objective it leads to."""

    id: int
    version: int
    objective_id: int
    objective: str
    title: str
    due_on: date | None
    done_on: date | None
    overdue: bool


@dataclass(frozen=True)
class ObjectiveView:
    """An objective as the strategy step and the plan show it."""

    id: int
    version: int
    title: str
    due_on: date | None
    owner: str
    owner_id: int | None
    status: ObjectiveStatus
    notes: str
    overdue: bool
    milestones: list[MilestoneView] = field(default_factory=list)

    @property
    def milestones_done(self) -> int:
        return sum(1 for m in self.milestones if m.done_on is not None)


def objective_views(session: Session, account_id: int, today: date) -> list[ObjectiveView]:
    """The account's objectives with owner names, milestones and the overdue flag, soonest due first."""
    rows = q.objectives_of(session, account_id)
    found = q.milestones_of(session, [r.id for r in rows if r.id is not None])
    return build_objective_views(rows, found, names_by_id(session), today)


def build_objective_views(rows: list[AccountObjective], milestones: list[ObjectiveMilestone], names: dict[int, str],
                          today: date) -> list[ObjectiveView]:
    """Objectives (in the order given) with their milestones and owners' names, flagged when overdue."""
    by_objective: dict[int, list[MilestoneView]] = {}
    titles = {r.id: r.title for r in rows}
    for m in milestones:
        by_objective.setdefault(m.objective_id, []).append(
            MilestoneView(
                id=m.id or 0, version=int(m.version or 1), objective_id=m.objective_id,
                objective=titles.get(m.objective_id, ""), title=m.title, due_on=m.due_on, done_on=m.done_on,
                overdue=m.done_on is None and m.due_on is not None and m.due_on < today,
            )
        )
    return [
        ObjectiveView(
            id=r.id or 0, version=int(r.version or 1), title=r.title, due_on=r.due_on,
            owner=names.get(r.owner_id, "") if r.owner_id is not None else "", owner_id=r.owner_id,
            status=r.status, notes=r.notes, overdue=is_overdue(r, today), milestones=by_objective.get(r.id or 0, []),
        )
        for r in rows
    ]


def list_objectives(db: Database, account_id: int, today: date) -> list[ObjectiveView]:
    with db.session() as session:
        return objective_views(session, account_id, today)


def list_milestones(db: Database, account_id: int, today: date) -> list[MilestoneView]:
    """Every milestone of the account's objectives, grouped by objective in the objectives' order."""
    return [m for objective in list_objectives(db, account_id, today) for m in objective.milestones]


def overdue_counts(db: Database, today: date) -> dict[int, int]:
    """{account id: open objectives past their date}, for the portfolio's marker and filter."""
    with db.session() as session:
        return q.overdue_counts(session, today)


@dataclass(frozen=True)
class OverdueObjective:
    """An overdue objective as the agenda lists it."""

    objective_id: int
    account_id: int
    account: str
    title: str
    due_on: date
    owner: str


def overdue_objectives(db: Database, today: date) -> list[OverdueObjective]:
    """Every open objective past its date across the active portfolio, oldest first."""
    with db.session() as session:
        names = names_by_id(session)
        return [
            OverdueObjective(
                objective_id=row.id or 0, account_id=row.account_id, account=account, title=row.title,
                due_on=row.due_on, owner=names.get(row.owner_id, "") if row.owner_id is not None else "",
            )
            for row, account in q.overdue_with_accounts(session, today)
            if row.due_on is not None
        ]
