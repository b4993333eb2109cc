"""The communication plan: actions, who they address, and the agenda across accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import false
from sqlmodel import Session, col, select

from accountmgr.models import (
    Account,
    ActionDmuLink,
    ActionStatus,
    ActionTeamLink,
    CommunicationAction,
    DmuMember,
    TeamMember,
)

_COLUMNS: tuple[Any, ...] = (
    CommunicationAction.id,
    CommunicationAction.account_id,
    Account.name,
    CommunicationAction.scheduled_at,
    CommunicationAction.duration_minutes,
    CommunicationAction.channel,
    CommunicationAction.objective,
    CommunicationAction.cost_cents,
    CommunicationAction.status,
    CommunicationAction.outcome,
    CommunicationAction.done_on,
    CommunicationAction.version,
)
"""What an action row needs, selected as columns: no ORM objects on the agenda's hot path."""


# --- which actions ---------------------------------------------------------------------------------------------

def of_account(account_id: int) -> tuple[Any, ...]:
    """The account's actions."""
    return (CommunicationAction.account_id == account_id,)


def with_id(action_id: int) -> tuple[Any, ...]:
    """One action."""
    return (CommunicationAction.id == action_id,)


def addressing(member_id: int) -> tuple[Any, ...]:
    """The actions addressing one DMU member."""
    return (col(CommunicationAction.id).in_(select(ActionDmuLink.action_id).where(ActionDmuLink.member_id == member_id)),)


def planned_before(until: datetime) -> tuple[Any, ...]:
    """Planned actions of active accounts scheduled before *until*."""
    return (
        CommunicationAction.status == ActionStatus.PLANNED,
        col(Account.archived) == false(),
        col(CommunicationAction.scheduled_at) < until,
    )


# --- reading them ----------------------------------------------------------------------------------------------

def action_columns(session: Session, which: tuple[Any, ...], *, newest_first: bool = False) -> list[Any]:
    """The columns of the actions *which* selects (with their account's name), by date."""
    order = col(CommunicationAction.scheduled_at), col(CommunicationAction.id)
    statement = (
        select(*_COLUMNS)
        .join(Account, col(Account.id) == CommunicationAction.account_id)
        .where(*which)
        .order_by(*(o.desc() for o in order) if newest_first else order)
    )
    return list(session.exec(statement).all())


def action_people(session: Session, which: tuple[Any, ...]) -> tuple[list[Any], list[Any]]:
    """(action id, DMU member id, name) and (action id, team member id, name) of the actions *which* selects."""
    # The same conditions as a subquery: no parameter per action however long the agenda.
    ids = select(CommunicationAction.id).join(Account, col(Account.id) == CommunicationAction.account_id).where(*which)
    members = session.exec(
        select(ActionDmuLink.action_id, DmuMember.id, DmuMember.name)
        .join(DmuMember, col(DmuMember.id) == ActionDmuLink.member_id)
        .where(col(ActionDmuLink.action_id).in_(ids))
    ).all()
    team = session.exec(
        select(ActionTeamLink.action_id, TeamMember.id, TeamMember.name)
        .join(TeamMember, col(TeamMember.id) == ActionTeamLink.team_member_id)
        .where(col(ActionTeamLink.action_id).in_(ids))
    ).all()
    return list(members), list(team)


def dmu_accounts(session: Session, member_ids: list[int]) -> list[Any]:
    """(id, account id) of the DMU members with these ids."""
    return list(session.exec(select(DmuMember.id, DmuMember.account_id).where(col(DmuMember.id).in_(member_ids))).all())


def team_ids_found(session: Session, team_ids: list[int]) -> list[int]:
    """Which of these team member ids exist."""
    return list(session.exec(select(TeamMember.id).where(col(TeamMember.id).in_(team_ids))).all())


def dmu_links(session: Session, action_id: int) -> list[ActionDmuLink]:
    """The action's links to the people it addresses."""
    return list(session.exec(select(ActionDmuLink).where(ActionDmuLink.action_id == action_id)).all())


def team_links(session: Session, action_id: int) -> list[ActionTeamLink]:
    """The action's links to our people."""
    return list(session.exec(select(ActionTeamLink).where(ActionTeamLink.action_id == action_id)).all())


def member_ids(session: Session, action_id: int) -> list[int]:
    """Ids of the DMU members the action addresses."""
    return list(session.exec(select(ActionDmuLink.member_id).where(ActionDmuLink.action_id == action_id)).all())


def link_names(session: Session, action_id: int) -> tuple[list[str], list[str]]:
    """(names of the people addressed, names of our people) of one action."""
    members = session.exec(
        select(DmuMember.name).join(ActionDmuLink, col(ActionDmuLink.member_id) == DmuMember.id)
        .where(ActionDmuLink.action_id == action_id)
    ).all()
    team = session.exec(
        select(TeamMember.name).join(ActionTeamLink, col(ActionTeamLink.team_member_id) == TeamMember.id)
        .where(ActionTeamLink.action_id == action_id)
    ).all()
    return list(members), list(team)


def people_of_account(session: Session, account_id: int) -> list[Any]:
    """(id, name) of the account's DMU members."""
    return list(session.exec(select(DmuMember.id, DmuMember.name).where(DmuMember.account_id == account_id)).all())
