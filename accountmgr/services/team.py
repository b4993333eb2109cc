"""Our team: the supplier's people who own relationships and take part in actions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from accountmgr.models import TeamMember, TeamRole
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError

TEAM_FIELDS: dict[str, v.Converter] = {
    "name": v.text(required=True, max_length=120),
    "role": v.choice(TeamRole),
    "email": v.text(max_length=200),
    "active": v.boolean(),
}


def _unique_name(session: Session, values: dict[str, Any], row: TeamMember | None) -> None:
    if "name" not in values:
        return
    query = select(TeamMember.id).where(func.lower(TeamMember.name) == values["name"].lower())
    if row is not None:
        query = query.where(TeamMember.id != row.id)
    if session.exec(query).first() is not None:
        raise DomainError(f"There is already a team member called {values['name']}.", "name")


def list_team(db, *, include_inactive: bool = False) -> list[TeamMember]:  # noqa: ANN001
    with db.session() as session:
        query = select(TeamMember).order_by(func.lower(TeamMember.name))
        if not include_inactive:
            query = query.where(col(TeamMember.active))
        return list(session.exec(query).all())


def create_member(db, raw: Mapping[str, Any]) -> TeamMember:  # noqa: ANN001
    raw = {"role": TeamRole.SALES, "active": True, **raw}
    with db.session() as session:
        return records.insert(
            session, TeamMember, raw, TEAM_FIELDS,
            entity="team_member", account_id=None, describe=lambda m: f"team member {m.name}", check=_unique_name,
        )


def update_member(db, member_id: int, raw: Mapping[str, Any]) -> TeamMember:  # noqa: ANN001
    with db.session() as session:
        row = records.fetch(session, TeamMember, member_id, "team member")
        return records.update(
            session, row, raw, TEAM_FIELDS,
            entity="team_member", account_id=None, describe=lambda m: f"team member {m.name}", check=_unique_name,
        )


def find_or_create_member(session: Session, name: str) -> TeamMember:
    """Used by imports and the demo: owners are named, not numbered."""
    existing = session.exec(select(TeamMember).where(func.lower(TeamMember.name) == name.strip().lower())).first()
    if existing:
        return existing
    member = TeamMember(name=name.strip())
    session.add(member)
    session.flush()
    return member
