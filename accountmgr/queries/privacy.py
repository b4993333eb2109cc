"""What erasing a person, or exporting what we hold about them, reads."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from accountmgr.models import ActionDmuLink, ActivityLog, CommunicationAction


def own_log_entries(session: Session, member_id: int, account_id: int) -> list[ActivityLog]:
    """The log entries about one DMU member's own record, oldest first."""
    query = select(ActivityLog).where(
        ActivityLog.entity == "dmu_member", ActivityLog.entity_id == member_id, ActivityLog.account_id == account_id,
    )
    return list(session.exec(query.order_by(col(ActivityLog.at), col(ActivityLog.id))).all())


def action_links(session: Session, member_id: int) -> list[ActionDmuLink]:
    """The links between one DMU member and the actions they take part in."""
    return list(session.exec(select(ActionDmuLink).where(ActionDmuLink.member_id == member_id)).all())


def action_ids(session: Session, member_id: int) -> list[int]:
    """Ids of the actions one DMU member takes part in."""
    return list(session.exec(select(ActionDmuLink.action_id).where(ActionDmuLink.member_id == member_id)).all())


def actions_with(session: Session, member_id: int) -> list[CommunicationAction]:
    """The actions one DMU member takes part in, by date."""
    return list(session.exec(
        select(CommunicationAction)
        .join(ActionDmuLink, col(ActionDmuLink.action_id) == CommunicationAction.id)
        .where(ActionDmuLink.member_id == member_id)
        .order_by(col(CommunicationAction.scheduled_at))
    ).all())


def rows_of_account(session: Session, model: Any, account_id: int) -> list[Any]:
    """Every row of *model* belonging to the account."""
    return list(session.exec(select(model).where(model.account_id == account_id)).all())


def overwrite_deleted_rows(session: Session) -> None:
    """Have SQLite overwrite what this transaction deletes with zeros (PostgreSQL's VACUUM reclaims it)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
