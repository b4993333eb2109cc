"""Statements about our own people: names, what each owns, assessments, incentive objectives and workload."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models import (
    Account,
    ActionTeamLink,
    ActivityLog,
    CommunicationAction,
    DmuMember,
    IncentiveObjective,
    TeamAssessment,
    TeamMember,
)
from accountmgr.models.enums import ActionStatus


def assessments_of(session: Session, member_id: int) -> list[TeamAssessment]:
    """One person's assessments, newest first (the same day: the one recorded last first)."""
    query = (
        select(TeamAssessment).where(TeamAssessment.team_member_id == member_id)
        .order_by(col(TeamAssessment.assessed_on).desc(), col(TeamAssessment.id).desc())
    )
    return list(session.exec(query).all())


def latest_assessments(session: Session) -> dict[int, TeamAssessment]:
    """Each assessed person's latest assessment, by team member id."""
    latest: dict[int, TeamAssessment] = {}
    query = select(TeamAssessment).order_by(col(TeamAssessment.assessed_on).desc(), col(TeamAssessment.id).desc())
    for row in session.exec(query).all():
        latest.setdefault(row.team_member_id, row)
    return latest


def objectives_of(session: Session, member_id: int) -> list[IncentiveObjective]:
    """One person's incentive objectives in the order they were set."""
    query = select(IncentiveObjective).where(IncentiveObjective.team_member_id == member_id).order_by(
        col(IncentiveObjective.id))
    return list(session.exec(query).all())


def all_objectives(session: Session) -> list[IncentiveObjective]:
    """Every incentive objective of the team."""
    return list(session.exec(select(IncentiveObjective).order_by(col(IncentiveObjective.id))).all())


def accounts_owned(session: Session) -> dict[int, int]:
    """Active (not archived) accounts owned, by team member id."""
    query = (select(Account.owner_id, func.count()).where(col(Account.archived).is_(False))
             .group_by(col(Account.owner_id)))
    return {owner: n for owner, n in session.exec(query).all() if owner is not None}


def relationships_owned(session: Session) -> dict[int, int]:
    """DMU relationships owned, by team member id."""
    query = select(col(DmuMember.owner_id), func.count()).group_by(col(DmuMember.owner_id))
    return {owner: n for owner, n in session.exec(query).all() if owner is not None}


def actions_planned(session: Session) -> dict[int, int]:
    """Planned (not yet done or cancelled) actions each person takes part in, by team member id."""
    query = (
        select(ActionTeamLink.team_member_id, func.count())
        .join(CommunicationAction, col(CommunicationAction.id) == ActionTeamLink.action_id)
        .where(CommunicationAction.status == ActionStatus.PLANNED)
        .group_by(col(ActionTeamLink.team_member_id))
    )
    return dict(session.exec(query).all())


def owned_account_names(session: Session, member_id: int) -> list[str]:
    """The names of the accounts one person owns."""
    query = select(Account.name).where(Account.owner_id == member_id).order_by(func.lower(Account.name))
    return list(session.exec(query).all())


def action_ids_of(session: Session, member_id: int) -> list[int]:
    """The actions one person takes part in."""
    return list(session.exec(select(ActionTeamLink.action_id).where(ActionTeamLink.team_member_id == member_id)).all())


def actions_of(session: Session, member_id: int) -> list[CommunicationAction]:
    """The actions one person takes part in, by date."""
    query = (
        select(CommunicationAction)
        .join(ActionTeamLink, col(ActionTeamLink.action_id) == CommunicationAction.id)
        .where(ActionTeamLink.team_member_id == member_id)
        .order_by(col(CommunicationAction.scheduled_at))
    )
    return list(session.exec(query).all())


def links_of(session: Session, member_id: int) -> list[ActionTeamLink]:
    """The links that put one person on actions."""
    return list(session.exec(select(ActionTeamLink).where(ActionTeamLink.team_member_id == member_id)).all())


def reports_of(session: Session, member_id: int) -> list[TeamMember]:
    """The people whose manager is *member_id*."""
    return list(session.exec(select(TeamMember).where(TeamMember.manager_id == member_id)).all())


def log_entries_about(session: Session, entity: str, ids: list[int]) -> list[ActivityLog]:
    """The log entries about the records *ids* of one kind, oldest first."""
    if not ids:
        return []
    query = (select(ActivityLog).where(ActivityLog.entity == entity, col(ActivityLog.entity_id).in_(ids))
             .order_by(col(ActivityLog.at), col(ActivityLog.id)))
    return list(session.exec(query).all())


def every_log_entry(session: Session) -> list[ActivityLog]:
    """The whole activity log, oldest first (a team member's name may be in any account's entries)."""
    return list(session.exec(select(ActivityLog).order_by(col(ActivityLog.at), col(ActivityLog.id))).all())


def entries_by(session: Session, member_id: int) -> list[ActivityLog]:
    """The log entries written by one person (as the actor on a shared database)."""
    return list(session.exec(select(ActivityLog).where(ActivityLog.actor_id == member_id)).all())


def every_account(session: Session) -> list[Account]:
    """Every account, archived ones included."""
    return list(session.exec(select(Account).order_by(col(Account.id))).all())


def name_taken(session: Session, name: str, *, other_than: int | None = None) -> bool:
    """True when another team member already has *name* (any case)."""
    query = select(TeamMember.id).where(func.lower(TeamMember.name) == name.lower())
    if other_than is not None:
        query = query.where(TeamMember.id != other_than)
    return session.exec(query).first() is not None


def members_by_name(session: Session, *, include_inactive: bool = False) -> list[TeamMember]:
    """Team members ordered by name (case-insensitive)."""
    query = select(TeamMember).order_by(func.lower(TeamMember.name))
    if not include_inactive:
        query = query.where(col(TeamMember.active))
    return list(session.exec(query).all())


def member_named(session: Session, name: str) -> TeamMember | None:
    """The team member called *name* (any case, surrounding spaces ignored)."""
    return session.exec(select(TeamMember).where(func.lower(TeamMember.name) == name.strip().lower())).first()


def names_by_id(session: Session) -> dict[int, str]:
    """{id: name} of every team member."""
    return dict(session.exec(select(TeamMember.id, TeamMember.name)).all())


def ownership_counts(session: Session) -> tuple[dict[Any, int], dict[Any, int], dict[Any, int]]:
    """Per team member id: DMU relationships owned, accounts owned, actions taken part in."""
    relationships = dict(session.exec(select(col(DmuMember.owner_id), func.count()).group_by(col(DmuMember.owner_id))).all())
    accounts = dict(session.exec(select(col(Account.owner_id), func.count()).group_by(col(Account.owner_id))).all())
    actions = dict(session.exec(
        select(col(ActionTeamLink.team_member_id), func.count()).group_by(col(ActionTeamLink.team_member_id))
    ).all())
    return relationships, accounts, actions


def owned_counts(session: Session, member_id: int) -> tuple[int, int]:
    """(DMU relationships, accounts) one team member owns."""
    relationships = session.exec(select(func.count()).where(DmuMember.owner_id == member_id)).one()
    accounts = session.exec(select(func.count()).where(Account.owner_id == member_id)).one()
    return int(relationships), int(accounts)


def owned_by(session: Session, model: Any, member_id: int) -> list[Any]:
    """Rows of *model* (DMU members or accounts) owned by one team member."""
    return list(session.exec(select(model).where(model.owner_id == member_id)).all())
