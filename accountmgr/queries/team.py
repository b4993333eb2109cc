"""Our team: names, lists and what each person owns."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models import Account, ActionTeamLink, DmuMember, TeamMember


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
    relationships = dict(session.exec(select(DmuMember.owner_id, func.count()).group_by(DmuMember.owner_id)).all())
    accounts = dict(session.exec(select(Account.owner_id, func.count()).group_by(Account.owner_id)).all())
    actions = dict(session.exec(
        select(ActionTeamLink.team_member_id, func.count()).group_by(ActionTeamLink.team_member_id)
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
