"""Column helpers shared by the tables."""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, Table
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import declared_attr
from sqlmodel import SQLModel


def account_fk(index: bool = True) -> Column:
    """The account a row belongs to: deleted with it."""
    return Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False, index=index)


def enum_column(enum_cls: type, *, nullable: bool = False, default: Any = None, index: bool = False) -> Column:
    """Store an enum by its value (not its Python name), without a CHECK constraint.

    Values rather than names keep the database readable from any SQLite tool;
    no constraint means a new member needs no table rebuild. Validation is the
    services' job.
    """
    return Column(
        SAEnum(
            enum_cls,
            values_callable=lambda members: [m.value for m in members],
            native_enum=False,
            create_constraint=False,
            length=32,
        ),
        nullable=nullable,
        default=default,
        index=index,
    )


def json_list_column() -> Column:
    """A list of short strings (buying roles, evidenced criteria)."""
    return Column(JSON, nullable=False, default=list)


def utcnow() -> datetime:
    """Timestamps of records are aware and in UTC; the database returns them in UTC."""
    return datetime.now(timezone.utc)


def table_of(model: type[SQLModel]) -> Table:
    """The table of a table class, for Core statements."""
    return model.__table__  # type: ignore[attr-defined]  # SQLModel's metaclass sets it without declaring it


def _versioned_mapper_args(cls: Any) -> dict[str, Any]:
    return {"version_id_col": cls.__table__.c.version}


versioned_mapper_args: Any = declared_attr.directive(_versioned_mapper_args)
"""``__mapper_args__`` of a table with a version column: every ORM update (and delete) then says
``WHERE version = <the version read>`` and writes version + 1, so no update path can forget the bump and
a row changed by another process between reading and writing is never overwritten (StaleDataError)."""


def version_column() -> Column:
    """The record's version: 1 when created, one more at every saved change.

    A form remembers the version it was opened on, so a save can tell that
    somebody else (another window, a teammate, an import) changed the record since.
    """
    from sqlalchemy import Integer

    return Column(Integer, nullable=False, default=1, server_default="1")


_origin: tuple[int, str] | None = None


def process_origin() -> str:
    """A token naming this running process, written with every activity-log entry.

    A window polls the log for entries whose origin is not its own, so it can refresh what another
    window, a command or an import changed. A forked child gets a token of its own.
    """
    global _origin
    pid = os.getpid()
    if _origin is None or _origin[0] != pid:
        _origin = (pid, f"{socket.gethostname()}:{pid}:{secrets.token_hex(4)}")
    return _origin[1]
