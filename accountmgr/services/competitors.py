"""Competitor presence on an account (step c): who else sells there, and how well placed they are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from accountmgr.models import CompetitorPresence, RelationshipLevel
from accountmgr.queries import competitors as queries
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels(
    {
        "competitor": "Competitor",
        "competences": "Distinctive competences",
        "success_factors": "Critical success factors",
        "level": "Level",
    }
)

COMPETITOR_FIELDS: dict[str, v.Converter] = {
    "competitor": v.text(required=True, max_length=120),
    "competences": v.text(multiline=True),
    "success_factors": v.text(multiline=True),
    "level": v.choice(RelationshipLevel, required=False),
    "notes": v.text(multiline=True),
}
"""Every editable field of a competitor presence and how its input is checked."""


def _describe(row: CompetitorPresence) -> str:
    return f"competitor {row.competitor}"


def list_competitors(db: Database, account_id: int) -> list[CompetitorPresence]:
    with db.session() as session:
        return queries.of_account(session, account_id)


def get_competitor(db: Database, competitor_id: int) -> CompetitorPresence:
    with db.session() as session:
        return records.fetch(session, CompetitorPresence, competitor_id, "competitor")


def create_competitor(db: Database, account_id: int, raw: Mapping[str, Any]) -> CompetitorPresence:
    with db.session() as session:
        return records.insert(
            session, CompetitorPresence, raw, COMPETITOR_FIELDS,
            entity="competitor", account_id=account_id, describe=_describe, extra={"account_id": account_id},
        )


def update_competitor(
    db, competitor_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> CompetitorPresence:
    with db.session() as session:
        row = records.fetch(session, CompetitorPresence, competitor_id, "competitor")
        return records.update(
            session, row, raw, COMPETITOR_FIELDS, entity="competitor", account_id=row.account_id, describe=_describe,
            seen=seen,
        )


def delete_competitor(db: Database, competitor_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, CompetitorPresence, competitor_id, "competitor")
        records.delete(session, row, entity="competitor", account_id=row.account_id, describe=_describe(row),
                       seen_version=seen_version)
