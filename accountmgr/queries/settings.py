"""Stored settings."""

from __future__ import annotations

from sqlmodel import Session, col, select

from accountmgr.models import Setting


def keys_starting(session: Session, prefix: str) -> list[str]:
    """The keys of the settings whose key starts with *prefix*."""
    return list(session.exec(select(Setting.key).where(col(Setting.key).startswith(prefix))).all())
