"""Our offerings (what we sell) and who holds each one at an account, for cross-selling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Account, HoldingKind, Offering, OfferingHolding
from accountmgr.queries import offerings as queries
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels({"offering_id": "Offering", "holder": "Held by"})

OFFERING_FIELDS: dict[str, v.Converter] = {
    "name": v.text(required=True, max_length=120),
    "category": v.text(max_length=80),
    "description": v.text(max_length=2000, multiline=True),
    "active": v.boolean(),
}
"""Every editable offering field and how its input is checked."""

HOLDING_FIELDS: dict[str, v.Converter] = {
    "offering_id": v.integer(required=True),
    "department": v.text(max_length=120),
    "holder": v.choice(HoldingKind),
    "competitor": v.text(max_length=120),
    "notes": v.text(multiline=True),
}
"""Who supplies an offering at an account (ours or a competitor's), optionally per department."""


def _unique_name(session: Session, values: dict[str, Any], row: Offering | None) -> None:
    if "name" not in values:
        return
    if queries.name_taken(session, values["name"], other_than=row.id if row is not None else None):
        raise DomainError(f"There is already an offering called {values['name']}.", "name")


def _describe(offering: Offering) -> str:
    return f"offering {offering.name}"


def list_offerings(db: Database, *, include_inactive: bool = False) -> list[Offering]:
    """Offerings by name; retired ones only when asked."""
    with db.session() as session:
        return queries.by_name(session, include_inactive=include_inactive)


def get_offering(db: Database, offering_id: int) -> Offering:
    with db.session() as session:
        return records.fetch(session, Offering, offering_id, "offering")


def create_offering(db: Database, raw: Mapping[str, Any]) -> Offering:
    """Add an offering; names are unique whatever their case."""
    raw = {"active": True, **raw}
    with db.session() as session:
        return records.insert(
            session, Offering, raw, OFFERING_FIELDS,
            entity="offering", account_id=None, describe=_describe, check=_unique_name,
        )


def update_offering(
    db, offering_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> Offering:
    with db.session() as session:
        row = records.fetch(session, Offering, offering_id, "offering")
        return records.update(
            session, row, raw, OFFERING_FIELDS,
            entity="offering", account_id=None, describe=_describe, check=_unique_name, seen=seen,
        )


def delete_offering(db: Database, offering_id: int) -> None:
    """Remove an offering nobody refers to; one in use is retired instead (``active`` = no)."""
    with db.session() as session:
        row = records.fetch(session, Offering, offering_id, "offering")
        if queries.in_use(session, offering_id):
            raise DomainError(
                f"{row.name} is used by opportunities or holdings; retire it (set Active to no) instead.", "active"
            )
        records.delete(session, row, entity="offering", account_id=None, describe=_describe(row))


def _check_holding(session: Session, values: dict[str, Any], row: OfferingHolding | None) -> None:
    offering_id = values.get("offering_id", row.offering_id if row else None)
    if offering_id is not None and session.get(Offering, offering_id) is None:
        raise DomainError("Choose one of our offerings.", "offering_id")
    holder = values.get("holder", row.holder if row else None)
    competitor = values.get("competitor", row.competitor if row else "")
    if holder == HoldingKind.COMPETITOR and not competitor:
        raise DomainError("Name the competitor that supplies it.", "competitor")
    if holder == HoldingKind.OWNED and competitor:
        raise DomainError("Leave the competitor empty when we supply it ourselves.", "competitor")


def _describe_holding(session: Session, holding: OfferingHolding) -> str:
    offering = session.get(Offering, holding.offering_id)
    who = "us" if holding.holder == HoldingKind.OWNED else holding.competitor
    where = f" ({holding.department})" if holding.department else ""
    return f"holding of {offering.name if offering else 'an offering'}{where} by {who}"


def list_holdings(db: Database, account_id: int) -> list[OfferingHolding]:
    with db.session() as session:
        return queries.holdings_of(session, account_id)


def add_holding(db: Database, account_id: int, raw: Mapping[str, Any]) -> OfferingHolding:
    """Record who supplies an offering at the account (us, or a named competitor)."""
    raw = {"holder": HoldingKind.OWNED, **raw}
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        return records.insert(
            session, OfferingHolding, raw, HOLDING_FIELDS,
            entity="holding", account_id=account_id, describe=lambda h: _describe_holding(session, h),
            check=_check_holding, extra={"account_id": account_id},
        )


def update_holding(
    db, holding_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> OfferingHolding:
    with db.session() as session:
        row = records.fetch(session, OfferingHolding, holding_id, "holding")
        return records.update(
            session, row, raw, HOLDING_FIELDS,
            entity="holding", account_id=row.account_id, describe=lambda h: _describe_holding(session, h),
            check=_check_holding, seen=seen,
        )


def remove_holding(db: Database, holding_id: int) -> None:
    with db.session() as session:
        row = records.fetch(session, OfferingHolding, holding_id, "holding")
        records.delete(session, row, entity="holding", account_id=row.account_id,
                       describe=_describe_holding(session, row))
