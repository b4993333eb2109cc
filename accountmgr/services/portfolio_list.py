"""The portfolio as plain rows, for `accountmgr list` and other summaries.

One query with aggregates rather than ORM objects per account: the list must
stay fast at 10,000 accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text

from accountmgr.models import RelationshipLevel
from accountmgr.services.pipeline import WEIGHTED_CENTS_SQL


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    name: str
    level: RelationshipLevel
    target_level: RelationshipLevel | None
    owner: str | None
    open_pipeline_cents: int
    weighted_pipeline_cents: int
    next_action_on: date | None
    archived: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level.value,
            "target_level": self.target_level.value if self.target_level else None,
            "owner": self.owner,
            "open_pipeline": self.open_pipeline_cents / 100,
            "weighted_pipeline": self.weighted_pipeline_cents / 100,
            "next_action": self.next_action_on.isoformat() if self.next_action_on else None,
            "archived": self.archived,
        }


_QUERY = f"""
SELECT a.id, a.name, a.current_level, a.target_level, t.name AS owner, a.archived,
       COALESCE(o.open_value, 0) AS open_value,
       COALESCE(o.weighted, 0) AS weighted,
       n.next_at
FROM account a
LEFT JOIN team_member t ON t.id = a.owner_id
LEFT JOIN (
    SELECT account_id, SUM(value_cents) AS open_value,
           SUM({WEIGHTED_CENTS_SQL}) AS weighted
    FROM opportunity WHERE status = 'open' GROUP BY account_id
) o ON o.account_id = a.id
LEFT JOIN (
    SELECT account_id, MIN(scheduled_at) AS next_at
    FROM communication_action WHERE status = 'planned' GROUP BY account_id
) n ON n.account_id = a.id
{{where}}
ORDER BY lower(a.name)
"""


def portfolio_rows(db, *, include_archived: bool = False) -> list[PortfolioRow]:  # noqa: ANN001
    where = "" if include_archived else "WHERE a.archived = 0"
    with db.session() as session:
        result = session.connection().execute(text(_QUERY.format(where=where))).all()
    return [
        PortfolioRow(
            id=row.id,
            name=row.name,
            level=RelationshipLevel(row.current_level),
            target_level=RelationshipLevel(row.target_level) if row.target_level else None,
            owner=row.owner,
            open_pipeline_cents=int(row.open_value),
            weighted_pipeline_cents=int(row.weighted),
            next_action_on=datetime.fromisoformat(row.next_at).date() if row.next_at else None,
            archived=bool(row.archived),
        )
        for row in result
    ]
