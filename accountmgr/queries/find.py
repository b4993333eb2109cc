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
    query = (
        select(Account.id, Account.name)
        .where(Account.archived == false(), _matches(conn, Account.name, loose))
        .order_by(_best_first(conn, Account.name, exact, loose), Account.name, Account.id)
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_people(conn: Connection, exact: str, loose: str, limit: int) -> list[Any]:
    """(id, name, title, email, account_id, account_name) of DMU members whose name, title or e-mail matches."""
    query = (
        select(DmuMember.id, DmuMember.name, DmuMember.title, DmuMember.email, Account.id.label("account_id"),
               Account.name.label("account_name"))
        .join(Account, Account.id == DmuMember.account_id)
        .where(Account.archived == false(),
               or_(_matches(conn, DmuMember.name, loose), _matches(conn, DmuMember.title, loose),
                   _matches(conn, DmuMember.email, loose)))
        .order_by(_best_first(conn, DmuMember.name, exact, loose), DmuMember.name, DmuMember.id)
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_opportunities(conn: Connection, exact: str, loose: str, limit: int) -> list[Any]:
    """(id, name, status, account_id, account_name) of opportunities whose name matches."""
    query = (
        select(Opportunity.id, Opportunity.name, Opportunity.status, Account.id.label("account_id"),
               Account.name.label("account_name"))
        .join(Account, Account.id == Opportunity.account_id)
        .where(Account.archived == false(), _matches(conn, Opportunity.name, loose))
        .order_by(_best_first(conn, Opportunity.name, exact, loose), Opportunity.name, Opportunity.id)
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_actions(conn: Connection, exact: str, loose: str, limit: int) -> list[Any]:
    """(id, objective, scheduled_at, status, account_id, account_name) of communication actions whose objective
    matches, the latest first among equally good matches."""
    query = (
        select(CommunicationAction.id, CommunicationAction.objective, CommunicationAction.scheduled_at,
               CommunicationAction.status, Account.id.label("account_id"), Account.name.label("account_name"))
        .join(Account, Account.id == CommunicationAction.account_id)
        .where(Account.archived == false(), _matches(conn, CommunicationAction.objective, loose))
        .order_by(_best_first(conn, CommunicationAction.objective, exact, loose),
                  CommunicationAction.scheduled_at.desc(), CommunicationAction.id)
        .limit(limit)
    )
    return list(conn.execute(query).all())
