"""Accounts: create, read, update, archive, and finding one by name."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Account, ManagementModel, ProfitGrade, RelationshipLevel, TeamMember
from accountmgr.queries import accounts as queries
from accountmgr.services import activity, records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError, NotFound
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels(
    {
        "owner_id": "Owner",
        "purchase_potential_cents": "Purchase potential",
        "absorption_potential_cents": "Incremental absorption potential",
        "potential_value_cents": "Potential business value",
        "current_level": "Current level",
        "target_level": "Target level",
        "management_model": "Account-management model",
        "strategic_value": "Strategic value",
        "profit_grade": "Profit grade",
    }
)

ACCOUNT_FIELDS: dict[str, v.Converter] = {
    "name": v.text(required=True, max_length=120),
    "industry": v.text(max_length=120),
    "region": v.text(max_length=120),
    "owner_id": v.integer(),
    "organisation": v.text(multiline=True),
    "value_chain": v.text(multiline=True),
    "customer_profile": v.text(multiline=True),
    "purchase_potential_cents": v.money(),
    "absorption_potential_cents": v.money(),
    "strategic_value": v.integer(1, 5),
    "profit_grade": v.choice(ProfitGrade, required=False),
    "potential_value_cents": v.money(),
    "management_model": v.choice(ManagementModel, required=False),
    "strategy_notes": v.text(multiline=True),
    "current_level": v.choice(RelationshipLevel),
    "target_level": v.choice(RelationshipLevel, required=False),
    "satisfaction": v.integer(0, 10),
    "notes": v.text(multiline=True),
}
"""Every editable account field and how its input is checked."""


def _check(session: Session, values: dict[str, Any], row: Account | None) -> None:
    if "name" in values:
        if queries.name_taken(session, values["name"], other_than=row.id if row is not None else None):
            raise DomainError(f"There is already an account called {values['name']}.", "name")
    owner_id = values.get("owner_id")
    if owner_id is not None and session.get(TeamMember, owner_id) is None:
        raise DomainError("The owner must be one of our team members.", "owner_id")


def _describe(account: Account) -> str:
    return f"account {account.name}"


def create_account(db: Database, raw: Mapping[str, Any]) -> Account:
    """Create an account; *raw* maps field names to form text or typed values."""
    raw = {"current_level": RelationshipLevel.PROSPECT, **raw}
    if "owner_id" not in raw and activity.actor(db) is not None:
        raw["owner_id"] = activity.actor(db)  # a new account is its creator's unless said otherwise
    with db.session() as session:
        return records.insert(
            session, Account, raw, ACCOUNT_FIELDS,
            entity="account", account_id=lambda row: row.id, describe=_describe, check=_check,
        )


def update_account(db: Database, account_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None) -> Account:
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        return records.update(
            session, account, raw, ACCOUNT_FIELDS, entity="account", account_id=account_id,
            describe=_describe, check=_check, seen=seen,
        )


def set_archived(db: Database, account_id: int, archived: bool) -> Account:
    """Archive (hide from the portfolio) or bring back an account; nothing is deleted."""
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        if account.archived == archived:
            return account
        account.archived = archived
        session.add(account)
        activity.record(
            session, entity="account", action="archived" if archived else "unarchived",
            summary=f"{'Archived' if archived else 'Brought back'} account {account.name}",
            account_id=account.id, entity_id=account.id, changes={"archived": [not archived, archived]},
        )
        return account


def get_account(db: Database, account_id: int) -> Account:
    with db.session() as session:
        return records.fetch(session, Account, account_id, "account")


def list_accounts(db: Database, *, include_archived: bool = False) -> list[Account]:
    with db.session() as session:
        return queries.accounts_by_name(session, include_archived=include_archived)


def count_accounts(db: Database, *, include_archived: bool = True) -> int:
    with db.session() as session:
        return queries.count(session, include_archived=include_archived)


def find_account(db: Database, name: str) -> Account:
    """The account called *name* (any case), or a unique prefix of one.

    Otherwise NotFound, naming the closest matches, so the CLI can say
    "no account called 'acme'; did you mean Acme Foods, Acme Logistics?".
    """
    wanted = name.strip().lower()
    with db.session() as session:
        rows = queries.ids_and_names(session)
    exact = [row for row in rows if row.name.lower() == wanted]
    if exact:
        return get_account(db, exact[0].id)
    prefixed = [row for row in rows if row.name.lower().startswith(wanted)] if wanted else []
    if len(prefixed) == 1:
        return get_account(db, prefixed[0].id)
    if len(prefixed) > 1:
        names = ", ".join(sorted(row.name for row in prefixed)[:6])
        raise NotFound(f"“{name}” matches several accounts: {names}; give the full name.")
    lowered = {row.name.lower(): row.name for row in rows}
    close = [lowered[c] for c in difflib.get_close_matches(wanted, list(lowered), n=4, cutoff=0.5)]
    # Word by word: every word typed starts a word of the name ("helv log" → Helvetia Pharma Logistics),
    # or is close to one ("rheinstal" → Rheinstahl Components).
    typed = wanted.split()
    wordwise = sorted(
        (n for low, n in lowered.items()
         if typed and all(any(w.startswith(t) or difflib.SequenceMatcher(None, t, w).ratio() >= 0.8
                              for w in low.split()) for t in typed)),
        key=str.lower,
    )
    suggestions = list(dict.fromkeys(close + wordwise))[:4]
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "."
    raise NotFound(f"There is no account called “{name}”{hint}")
