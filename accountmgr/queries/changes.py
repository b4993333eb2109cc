"""What "what changed since the last review" reads: reviews, log entries, and the current names of records.

Columns are read untyped, as stored (the service parses them), so the texts it builds stay as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, column, select, table

_team = table("team_member", column("id"), column("name"))
_review = table("review", column("id"), column("account_id"), column("reviewed_on"), column("created_at"))
_log = table(
    "activity_log", column("id"), column("at"), column("account_id"), column("entity"), column("entity_id"),
    column("action"), column("summary"), column("changes"), column("actor_id"),
)
_account = table("account", column("id"))
_holding = table("offering_holding", column("id"), column("account_id"), column("offering_id"))
_offering = table("offering", column("id"), column("name"))

_PLAIN = {
    # entity: (table, columns after the id)
    "dmu_member": ("dmu_member", ("name", "title")),
    "opportunity": ("opportunity", ("name", "value_cents", "status", "closed_on")),
    "action": ("communication_action", ("objective", "scheduled_at", "done_on")),
    "competitor": ("competitor_presence", ("competitor",)),
    "constraint": ("relationship_constraint", ("description",)),
    "delivery": ("delivery", ("name",)),
    "review": ("review", ("reviewed_on",)),
    "assessment": ("level_assessment", ("level", "assessed_on")),
}
"""The record tables the log names, and the columns its sentences quote."""


def _of_accounts(statement: Any, account_column: Any, account_ids: Sequence[int] | None) -> Any:
    return statement if account_ids is None else statement.where(account_column.in_(list(account_ids)))


def team_names(conn: Connection) -> dict[int, str]:
    """{id: name} of our team."""
    return {row.id: row.name for row in conn.execute(select(_team.c.id, _team.c.name))}


def record_columns(conn: Connection, account_ids: Sequence[int] | None) -> dict[str, list[Any]]:
    """Per entity of the log: (id, *quoted columns) of its records of *account_ids* (all when None)."""
    result: dict[str, list[Any]] = {}
    for entity, (name, columns) in _PLAIN.items():
        records = table(name, column("id"), column("account_id"), *(column(c) for c in columns))
        statement = select(records.c.id, *(records.c[c] for c in columns))
        result[entity] = list(conn.execute(_of_accounts(statement, records.c.account_id, account_ids)).all())
    holdings = select(_holding.c.id, _offering.c.name).select_from(
        _holding.join(_offering, _offering.c.id == _holding.c.offering_id)
    )
    result["holding"] = list(conn.execute(_of_accounts(holdings, _holding.c.account_id, account_ids)).all())
    return result


def reviews_in_order(conn: Connection, account_ids: Sequence[int] | None) -> list[Any]:
    """(id, account id, reviewed on, created at) of the reviews, oldest first."""
    statement = select(_review.c.id, _review.c.account_id, _review.c.reviewed_on, _review.c.created_at).order_by(
        _review.c.reviewed_on, _review.c.id
    )
    return list(conn.execute(_of_accounts(statement, _review.c.account_id, account_ids)).all())


def account_log(conn: Connection, account_ids: Sequence[int] | None) -> list[Any]:
    """The log entries of *account_ids* (of every account when None), in time order."""
    c = _log.c
    statement = select(
        c.id, c.at, c.account_id, c.entity, c.entity_id, c.action, c.summary, c.changes, c.actor_id
    ).order_by(
        c.at, c.id
    )
    if account_ids is None:
        statement = statement.where(c.account_id.is_not(None))
    return list(conn.execute(_of_accounts(statement, c.account_id, account_ids)).all())


def account_ids(conn: Connection) -> list[int]:
    """Every account id, in order."""
    return [row.id for row in conn.execute(select(_account.c.id).order_by(_account.c.id))]
