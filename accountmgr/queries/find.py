"""Find anything: accounts, people, opportunities and planned actions whose text matches a LIKE pattern.

Each function takes a pattern already lower-cased and escaped with backslash (see services/find.py), compares
it with the lower-cased columns (SQLite lowers ASCII only, which is why the service also sends patterns with
wildcards where an accent may be) and returns at most *limit* rows of active accounts, those beginning with the text first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, false, func, or_, select

from accountmgr.models import Account, CommunicationAction, DmuMember, Opportunity

ESCAPE = "\\"
"""The LIKE escape character the service uses for a literal %, _ or backslash."""


def _like(column: Any, pattern: str) -> Any:
    return func.lower(column).like(pattern, escape=ESCAPE)


def _starts_first(column: Any, pattern: str) -> Any:
    """Order key: 0 for a text that begins with what is searched (the pattern without its leading %), else 1."""
    return case((_like(column, pattern.removeprefix("%")), 0), else_=1)


def matching_accounts(conn: Connection, pattern: str, limit: int) -> list[Any]:
    """(id, name) of active accounts whose name matches."""
    query = (
        select(Account.id, Account.name)
        .where(Account.archived == false(), _like(Account.name, pattern))
        .order_by(_starts_first(Account.name, pattern), func.lower(Account.name), Account.id)
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_people(conn: Connection, pattern: str, limit: int) -> list[Any]:
    """(id, name, title, email, account_id, account_name) of DMU members whose name, title or e-mail matches."""
    query = (
        select(DmuMember.id, DmuMember.name, DmuMember.title, DmuMember.email, Account.id.label("account_id"),
               Account.name.label("account_name"))
        .join(Account, Account.id == DmuMember.account_id)
        .where(Account.archived == false(),
               or_(_like(DmuMember.name, pattern), _like(DmuMember.title, pattern), _like(DmuMember.email, pattern)))
        .order_by(_starts_first(DmuMember.name, pattern), func.lower(DmuMember.name), DmuMember.id)
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_opportunities(conn: Connection, pattern: str, limit: int) -> list[Any]:
    """(id, name, status, account_id, account_name) of opportunities whose name matches."""
    query = (
        select(Opportunity.id, Opportunity.name, Opportunity.status, Account.id.label("account_id"),
               Account.name.label("account_name"))
        .join(Account, Account.id == Opportunity.account_id)
        .where(Account.archived == false(), _like(Opportunity.name, pattern))
        .order_by(_starts_first(Opportunity.name, pattern), func.lower(Opportunity.name), Opportunity.id)
        .limit(limit)
    )
    return list(conn.execute(query).all())


def matching_actions(conn: Connection, pattern: str, limit: int) -> list[Any]:
    """(id, objective, scheduled_at, status, account_id, account_name) of communication actions whose objective
    matches, latest first."""
    query = (
        select(CommunicationAction.id, CommunicationAction.objective, CommunicationAction.scheduled_at,
               CommunicationAction.status, Account.id.label("account_id"), Account.name.label("account_name"))
        .join(Account, Account.id == CommunicationAction.account_id)
        .where(Account.archived == false(), _like(CommunicationAction.objective, pattern))
        .order_by(_starts_first(CommunicationAction.objective, pattern), CommunicationAction.scheduled_at.desc(),
                  CommunicationAction.id)
        .limit(limit)
    )
    return list(conn.execute(query).all())
