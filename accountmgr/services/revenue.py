"""Revenue per account and year (step e): actuals, targets and the customer's spend in our category."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Account
from accountmgr.models.revenue import AccountRevenue
from accountmgr.queries import revenue as q
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

FIRST_YEAR, LAST_YEAR = 1990, 2100

v.register_labels(
    {
        "year": "Year",
        "actual_cents": "Revenue",
        "target_cents": "Revenue target",
        "potential_cents": "Customer's category spend",
    }
)

REVENUE_FIELDS = v.FieldSpec(
    {
        "year": v.integer(FIRST_YEAR, LAST_YEAR, required=True),
        "actual_cents": v.money(),
        "target_cents": v.money(),
        "potential_cents": v.money(),
        "notes": v.text(multiline=True),
    },
    labels={},
)
"""Every editable field of a revenue year and how its input is checked."""


def _check(session: Session, values: dict[str, Any], row: AccountRevenue | None) -> None:
    account_id = row.account_id if row else values["account_id"]
    year = values.get("year", row.year if row else None)
    if year is None:
        return
    other = q.year_row(session, account_id, year)
    if other is not None and (row is None or other.id != row.id):
        raise DomainError(f"{year} already has a row; edit that one instead.", "year")


def _describe(row: AccountRevenue) -> str:
    return f"revenue for {row.year}"


def list_years(db: Database, account_id: int) -> list[AccountRevenue]:
    """The account's revenue years, oldest first."""
    with db.session() as session:
        return q.years_of(session, account_id)


def get_year(db: Database, revenue_id: int) -> AccountRevenue:
    with db.session() as session:
        return records.fetch(session, AccountRevenue, revenue_id, "revenue year")


def create_year(db: Database, account_id: int, raw: Mapping[str, Any]) -> AccountRevenue:
    """Add a year to the account; a year it already has is refused at the Year field."""
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        return records.insert(
            session, AccountRevenue, raw, REVENUE_FIELDS,
            entity="revenue", account_id=account_id, describe=_describe,
            check=lambda s, values, row: _check(s, {**values, "account_id": account_id}, row),
            extra={"account_id": account_id},
        )


def update_year(
    db, revenue_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> AccountRevenue:
    with db.session() as session:
        row = records.fetch(session, AccountRevenue, revenue_id, "revenue year")
        return records.update(
            session, row, raw, REVENUE_FIELDS, entity="revenue", account_id=row.account_id,
            describe=_describe, check=_check, seen=seen,
        )


def delete_year(db: Database, revenue_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, AccountRevenue, revenue_id, "revenue year")
        records.delete(session, row, entity="revenue", account_id=row.account_id, describe=_describe(row),
                       seen_version=seen_version)


@dataclass(frozen=True)
class RevenueYear:
    """One year as the economics step and the plan show it; money in cents, share in per cent (one decimal)."""

    id: int
    version: int
    year: int
    actual_cents: int | None
    target_cents: int | None
    potential_cents: int | None
    """The category spend entered for this year (None: not entered)."""
    wallet_cents: int | None
    """The category spend the share is measured against: this year's, else the account's current potential."""
    potential_is_current: bool
    share_pct: float | None
    target_pct: float | None
    notes: str = ""


def share_of_wallet(actual_cents: int | None, potential_cents: int | None) -> float | None:
    """Our revenue as a percentage of the customer's spend in our category, one decimal; None when unknown."""
    if actual_cents is None or not potential_cents:
        return None
    return round(actual_cents * 100 / potential_cents, 1)


def revenue_years(rows: list[AccountRevenue], current_potential_cents: int | None) -> list[RevenueYear]:
    """Each year with its share of wallet (a year without its own category spend uses the account's current one)."""
    result = []
    for row in rows:
        potential = row.potential_cents if row.potential_cents is not None else current_potential_cents
        result.append(
            RevenueYear(
                id=row.id or 0,
                version=int(row.version or 1),
                year=row.year,
                actual_cents=row.actual_cents,
                target_cents=row.target_cents,
                potential_cents=row.potential_cents,
                wallet_cents=potential,
                potential_is_current=row.potential_cents is None and potential is not None,
                share_pct=share_of_wallet(row.actual_cents, potential),
                target_pct=(
                    round(row.actual_cents * 100 / row.target_cents, 1)
                    if row.actual_cents is not None and row.target_cents else None
                ),
                notes=row.notes,
            )
        )
    return result
