"""Find anything: accounts, people, opportunities and planned actions whose text matches what is searched.

Each function takes two LIKE patterns built by services/find.py from the folded text (escaped with backslash):
*exact* (the text itself) and *loose* (a wildcard wherever an accent may be; it matches everything *exact* does,
and is *exact* itself when the text has no such letter). Rows matching *loose* come back, at most *limit*,
exact matches first and among them those beginning with the text. Case is ignored by the engine: ILIKE on
PostgreSQL, LIKE on SQLite (which ignores the case of ASCII letters only; *loose* covers the others). One scan
per table, no lower() per row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, false, or_, select
from sqlmodel import col

from accountmgr.models import Account, CommunicationAction, DmuMember, Opportunity

ESCAPE = "\\"
"""The LIKE escape character the service uses for a literal %, _ or backslash."""


def _matches(conn: Connection, column: Any, pattern: str) -> Any:
    if conn.dialect.name == "postgresql":
        return column.ilike(pattern, escape=ESCAPE)
    return column.like(pattern, escape=ESCAPE)  # SQLite's LIKE ignores ASCII case already


def _best_first(conn: Connection, column: Any, exact: str, loose: str) -> Any:
    """Order key: 0 begins with the text as typed, 1 holds it, 2 begins with it give or take accents, 3 the rest."""
    return case(
        (_matches(conn, column, exact.removeprefix("%")), 0),
        (_matches(conn, column, exact), 1),
        (_matches(conn, column, loose.removeprefix("%")), 2),
        else_=3,
    )


def matching_accounts(conn: Connection, exact: str, loose: str, limit: int) -> list[Any]:
    """(id, name) of active accounts whose name matches."""
    query: Any = (
        select(col(Account.id), col(Account.name))
        .where(col(Account.archived) == false(), _matches(conn, col(Account.name), loose))
        .order_by(_best_first(conn, col(Account.name), exact, loose), col(Account.name), col(Account.id))
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_people(conn: Connection, exact: str, loose: str, limit: int) -> list[Any]:
    """(id, name, title, email, account_id, account_name) of DMU members whose name, title or e-mail matches."""
    query: Any = (
        select(col(DmuMember.id), col(DmuMember.name), col(DmuMember.title), col(DmuMember.email), col(Account.id).label("account_id"),
               col(Account.name).label("account_name"))
        .join(Account, col(Account.id) == col(DmuMember.account_id))
        .where(col(Account.archived) == false(),
               or_(_matches(conn, col(DmuMember.name), loose), _matches(conn, col(DmuMember.title), loose),
                   _matches(conn, col(DmuMember.email), loose)))
        .order_by(_best_first(conn, col(DmuMember.name), exact, loose), col(DmuMember.name), col(DmuMember.id))
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_opportunities(conn: Connection, exact: str, loose: str, limit: int) -> list[Any]:
    """(id, name, status, account_id, account_name) of opportunities whose name matches."""
    query: Any = (
        select(col(Opportunity.id), col(Opportunity.name), col(Opportunity.status), col(Account.id).label("account_id"),
               col(Account.name).label("account_name"))
        .join(Account, col(Account.id) == col(Opportunity.account_id))
        .where(col(Account.archived) == false(), _matches(conn, col(Opportunity.name), loose))
        .order_by(_best_first(conn, col(Opportunity.name), exact, loose), col(Opportunity.name), col(Opportunity.id))
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_actions(conn: Connection, exact: str, loose: str, limit: int) -> list[Any]:
    """(id, objective, scheduled_at, status, account_id, account_name) of communication actions whose objective
    matches, the latest first among equally good matches."""
    query: Any = (
        select(col(CommunicationAction.id), col(CommunicationAction.objective), col(CommunicationAction.scheduled_at),
               col(CommunicationAction.status), col(Account.id).label("account_id"), col(Account.name).label("account_name"))
        .join(Account, col(Account.id) == col(CommunicationAction.account_id))
        .where(col(Account.archived) == false(), _matches(conn, col(CommunicationAction.objective), loose))
        .order_by(_best_first(conn, col(CommunicationAction.objective), exact, loose),
                  col(CommunicationAction.scheduled_at).desc(), col(CommunicationAction.id))
        .limit(limit)
    )
    return list(conn.execute(query).all())
