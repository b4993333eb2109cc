"""Relationship constraints (step d): what holds the relationship back, by kind and severity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from accountmgr.models import ConstraintKind, RelationshipConstraint, Severity
from accountmgr.queries import constraints as queries
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels({"kind": "Kind", "description": "Description", "severity": "Severity"})

CONSTRAINT_FIELDS: dict[str, v.Converter] = {
    "kind": v.choice(ConstraintKind),
    "description": v.text(required=True, max_length=2000, multiline=True),
    "severity": v.choice(Severity),
}
"""Every editable field of a relationship constraint and how its input is checked."""

_SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


def _describe(row: RelationshipConstraint) -> str:
    return f"{row.kind.label.lower()} constraint"


def list_constraints(db: Database, account_id: int) -> list[RelationshipConstraint]:
    """The account's constraints, most severe first."""
    with db.session() as session:
        rows = queries.of_account(session, account_id)
    return sorted(rows, key=lambda row: (_SEVERITY_ORDER[row.severity], row.kind.value, row.id))


def get_constraint(db: Database, constraint_id: int) -> RelationshipConstraint:
    with db.session() as session:
        return records.fetch(session, RelationshipConstraint, constraint_id, "constraint")


def create_constraint(db: Database, account_id: int, raw: Mapping[str, Any]) -> RelationshipConstraint:
    raw = {"severity": Severity.MEDIUM, **raw}
    with db.session() as session:
        return records.insert(
            session, RelationshipConstraint, raw, CONSTRAINT_FIELDS,
            entity="constraint", account_id=account_id, describe=_describe, extra={"account_id": account_id},
        )


def update_constraint(
    db, constraint_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> RelationshipConstraint:
    with db.session() as session:
        row = records.fetch(session, RelationshipConstraint, constraint_id, "constraint")
        return records.update(
            session, row, raw, CONSTRAINT_FIELDS, entity="constraint", account_id=row.account_id, describe=_describe,
            seen=seen,
        )


def delete_constraint(db: Database, constraint_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, RelationshipConstraint, constraint_id, "constraint")
        records.delete(session, row, entity="constraint", account_id=row.account_id, describe=_describe(row),
                       seen_version=seen_version)
