"""The portfolio as plain rows, for `accountmgr list` and other summaries.

The portfolio screen's own aggregate query (queries/portfolio.py), rather than ORM objects per
account: the list must stay fast at 10,000 accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from accountmgr.models import RelationshipLevel
from accountmgr.services import clock
from accountmgr.services.scoring import LOST_WINDOW_DAYS, WON_WINDOW_DAYS

if TYPE_CHECKING:
    from accountmgr.db import Database


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


def portfolio_rows(db: Database, *, include_archived: bool = False) -> list[PortfolioRow]:
    """Every account (active ones unless *include_archived*) by name, from the portfolio's aggregate query."""
    from accountmgr.queries import portfolio as queries

    today = clock.today()
    with db.session() as session:
        result = queries.account_figures(
            session.connection(), today - timedelta(days=WON_WINDOW_DAYS), today - timedelta(days=LOST_WINDOW_DAYS),
            include_archived=include_archived,
        )
    return [
        PortfolioRow(
            id=row.id,
            name=row.name,
            level=row.current_level,
            target_level=row.target_level,
            owner=row.owner,
            open_pipeline_cents=int(row.open_cents or 0),
            weighted_pipeline_cents=int(row.weighted_cents or 0),
            next_action_on=row.next_at.date() if row.next_at else None,
            archived=bool(row.archived),
        )
        for row in result
    ]
