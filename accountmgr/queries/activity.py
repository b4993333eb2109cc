"""Reading the activity log.

The change marker is read on the way to the first screen, so it uses the light table description;
the entries need the table class, imported when first asked for.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, or_, select
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from accountmgr.queries.light_tables import activity_log as _log

if TYPE_CHECKING:
    from accountmgr.models import ActivityLog


def change_marker(conn: Connection) -> int:
    """The id of the newest log entry (0 when none): it grows with every logged change."""
    return int(conn.execute(select(func.coalesce(func.max(_log.c.id), 0))).scalar_one())


def entries_for_account(session: Session, account_id: int, since: datetime | None = None) -> list[ActivityLog]:
    """The account's log, oldest first, optionally only after *since*."""
    from accountmgr.models import ActivityLog

    query = select_rows(ActivityLog).where(ActivityLog.account_id == account_id)
    if since is not None:
        query = query.where(ActivityLog.at > since)
    return list(session.exec(query.order_by(col(ActivityLog.at), col(ActivityLog.id))).all())


def latest_entries_of_record(session: Session, entity: str, entity_id: int, limit: int = 50) -> list[ActivityLog]:
    """The newest log entries of one record, newest first."""
    from accountmgr.models import ActivityLog

    return list(session.exec(
        select_rows(ActivityLog)
        .where(ActivityLog.entity == entity, ActivityLog.entity_id == entity_id)
        .order_by(col(ActivityLog.id).desc())
        .limit(limit)
    ).all())




def entries_of_account_or_global(session: Session, account_id: int) -> list[ActivityLog]:
    """The log entries of one account and those of no account."""
    from accountmgr.models import ActivityLog

    return list(session.exec(
        select_rows(ActivityLog).where(
            or_(col(ActivityLog.account_id) == account_id, col(ActivityLog.account_id).is_(None))
        )
    ).all())
