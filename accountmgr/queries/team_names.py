"""Statements naming our team members."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, true

from accountmgr.queries.light_tables import team_member as _member


def names_by_id(session: Any) -> dict[int, str]:  # noqa: ANN401
    """{team member id: name} of everyone, active or not (*session*: a session or a connection)."""
    return dict(session.execute(select(_member.c.id, _member.c.name)).all())


def active_members(session: Any) -> list[Any]:  # noqa: ANN401
    """(id, name) rows of the active team members by name (case-insensitive), as ``team.members_by_name`` orders
    them: read on the way to the first screen (who am I?) without building the table classes."""
    statement = select(_member.c.id, _member.c.name).where(_member.c.active == true()).order_by(
        func.lower(_member.c.name))
    return list(session.execute(statement).all())
