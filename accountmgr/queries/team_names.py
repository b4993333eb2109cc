"""Statements naming our team members."""

from __future__ import annotations

from sqlmodel import Session, select

from accountmgr.models.tables import TeamMember


def names_by_id(session: Session) -> dict[int, str]:
    """{team member id: name} of everyone, active or not."""
    return dict(session.exec(select(TeamMember.id, TeamMember.name)).all())
