"""Value proposition (step i): benefits for the organisation, solution fit, strategic fit; personal wins per person."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accountmgr.models import Account, ValueProposition
from accountmgr.queries import dmu as dmu_queries
from accountmgr.queries import value_proposition as queries
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels(
    {
        "org_benefits": "Benefits for the organisation",
        "solution_fit": "Solution fit",
        "strategic_fit": "Strategic fit",
        "resources_mix": "Mix of resources and competences",
    }
)

VALUE_PROPOSITION_FIELDS: dict[str, v.Converter] = {
    "org_benefits": v.text(multiline=True),
    "solution_fit": v.text(multiline=True),
    "strategic_fit": v.text(multiline=True),
    "resources_mix": v.text(multiline=True),
}
"""Every editable field of the value proposition and how its input is checked."""


@dataclass(frozen=True)
class PersonalWin:
    """One DMU member and what we offer them personally (kept on the member, edited in the DMU)."""

    member_id: int
    name: str
    title: str
    personal_win: str


def get_value_proposition(db: Database, account_id: int) -> ValueProposition | None:
    with db.session() as session:
        return queries.of_account(session, account_id)


def save_value_proposition(
    db, account_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> ValueProposition:
    """Create the account's value proposition or change the given fields of it (*seen*: see records.update)."""
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        row = queries.of_account(session, account_id)
        if row is None:
            return records.insert(
                session, ValueProposition, raw, VALUE_PROPOSITION_FIELDS,
                entity="value_proposition", account_id=account_id, describe=lambda _row: "the value proposition",
                extra={"account_id": account_id},
            )
        return records.update(
            session, row, raw, VALUE_PROPOSITION_FIELDS,
            entity="value_proposition", account_id=account_id, describe=lambda _row: "the value proposition",
            seen=seen,
        )


def personal_wins(db: Database, account_id: int) -> list[PersonalWin]:
    """Every DMU member of the account with their personal win (blank when not yet known)."""
    with db.session() as session:
        rows = dmu_queries.personal_wins(session, account_id)
        return [PersonalWin(row.id, row.name, row.title, row.personal_win) for row in rows]
