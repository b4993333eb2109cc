"""Saved column mappings: the same monthly export comes back, so its mapping is kept by name.

Stored in the ``setting`` table under ``import_mapping:NAME`` as JSON
({"kind": ..., "columns": {header: field key or "-"}}).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from accountmgr.models import Setting
from accountmgr.queries import settings as queries
from accountmgr.services.errors import DomainError

if TYPE_CHECKING:
    from accountmgr.db import Database

PREFIX = "import_mapping:"


def _key(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned or len(cleaned) > 80:
        raise DomainError("Give the mapping a name of 1 to 80 characters.", "mapping")
    return PREFIX + cleaned


def save_mapping(db: Database, name: str, plan: Any) -> None:
    """Keep *plan*'s kind and column mapping under *name* (replacing a mapping of that name)."""
    key = _key(name)
    value = json.dumps({"kind": plan.kind, "columns": plan.mapping}, ensure_ascii=False)
    with db.session() as session:
        row = session.get(Setting, key) or Setting(key=key, value="")
        row.value = value
        session.add(row)


def load_mapping(db: Database, name: str) -> dict[str, Any]:
    """{"kind": ..., "columns": {header: field or "-"}} saved under *name*, or a one-sentence error naming the others."""
    key = _key(name)
    with db.session() as session:
        row = session.get(Setting, key)
    if row is None:
        names = mapping_names(db)
        known = f"; saved mappings: {', '.join(names)}" if names else "; none is saved yet"
        raise DomainError(f"There is no saved mapping called “{name}”{known}.", "mapping")
    data = json.loads(row.value)
    return {"kind": data.get("kind"), "columns": dict(data.get("columns", {}))}


def mapping_names(db: Database) -> list[str]:
    """The names of the saved mappings, alphabetically."""
    with db.session() as session:
        keys = queries.keys_starting(session, PREFIX)
    return sorted((key.removeprefix(PREFIX) for key in keys), key=str.lower)
