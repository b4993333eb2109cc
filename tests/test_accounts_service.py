"""Accounts: create, update, archive, find; every validation rule refuses the bad value and writes nothing."""

from __future__ import annotations

import pytest

from accountmgr.db import Database
from accountmgr.models import ManagementModel, ProfitGrade, RelationshipLevel
from accountmgr.services import accounts
from accountmgr.services.activity import entries_for_account
from accountmgr.services.errors import DomainError, NotFound
from accountmgr.services.team import create_member

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


def _counts(db: Database) -> tuple[int, int]:
    with db.connection() as conn:
        return (
            conn.execute("SELECT COUNT(*) FROM account").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM activity_log").fetchone()[0],
        )


def test_create_with_every_field(db: Database) -> None:
    owner = create_member(db, {"name": "Giulia Ferri"})
    account = accounts.create_account(db, {
        "name": "  Brennero Foods ", "industry": "Food", "region": "North Italy", "owner_id": owner.id,
        "organisation": "Family group", "value_chain": "Wheat to shelf", "customer_profile": "Loyal",
        "purchase_potential_cents": "2.4m", "absorption_potential_cents": "900k", "strategic_value": "5",
        "profit_grade": "High", "potential_value_cents": "3,100,000", "management_model": "key-account team",
        "strategy_notes": "Protect", "current_level": "partner", "target_level": "Partner", "satisfaction": "9",
        "notes": "Reference",
    })
    assert account.name == "Brennero Foods"
    assert account.purchase_potential_cents == 240_000_000 and account.potential_value_cents == 310_000_000
    assert account.profit_grade is ProfitGrade.HIGH and account.management_model is ManagementModel.KEY_ACCOUNT_TEAM
    assert account.current_level is RelationshipLevel.PARTNER and account.satisfaction == 9
    [entry] = entries_for_account(db, account.id)
    assert entry.action == "created" and entry.changes["name"] == [None, "Brennero Foods"]


def test_new_account_starts_as_prospect(db: Database) -> None:
    assert accounts.create_account(db, {"name": "Acme"}).current_level is RelationshipLevel.PROSPECT


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({"name": ""}, "name", "Name is required."),
        ({"name": "x" * 121}, "name", "too long"),
        ({"name": "ACME foods"}, "name", "There is already an account called ACME foods."),
        ({"name": "N", "industry": "x" * 121}, "industry", "too long"),
        ({"name": "N", "owner_id": 99}, "owner_id", "The owner must be one of our team members."),
        ({"name": "N", "purchase_potential_cents": "-1"}, "purchase_potential_cents", "cannot be negative"),
        ({"name": "N", "absorption_potential_cents": "lots"}, "absorption_potential_cents", "not an amount of money"),
        ({"name": "N", "potential_value_cents": "-3k"}, "potential_value_cents", "cannot be negative"),
        ({"name": "N", "strategic_value": "6"}, "strategic_value", "between 1 and 5"),
        ({"name": "N", "strategic_value": "0"}, "strategic_value", "between 1 and 5"),
        ({"name": "N", "profit_grade": "superb"}, "profit_grade", "Profit grade must be one of"),
        ({"name": "N", "management_model": "none"}, "management_model", "Account-management model must be one of"),
        ({"name": "N", "current_level": "king"}, "current_level", "Current level must be one of"),
        ({"name": "N", "current_level": ""}, "current_level", "Current level is required."),
        ({"name": "N", "target_level": "vip"}, "target_level", "Target level must be one of"),
        ({"name": "N", "satisfaction": "11"}, "satisfaction", "between 0 and 10"),
        ({"name": "N", "satisfaction": "-1"}, "satisfaction", "between 0 and 10"),
        ({"name": "N", "satisfaction": "good"}, "satisfaction", "whole number"),
    ],
)
def test_bad_values_are_refused_and_nothing_written(db: Database, raw: dict, field: str, message: str) -> None:
    accounts.create_account(db, {"name": "Acme Foods"})
    before = _counts(db)
    with pytest.raises(DomainError, match=message) as caught:
        accounts.create_account(db, raw)
    assert caught.value.field == field
    assert _counts(db) == before


def test_update_logs_only_what_changed_and_refuses_a_taken_name(db: Database) -> None:
    acme = accounts.create_account(db, {"name": "Acme", "region": "North"})
    beta = accounts.create_account(db, {"name": "Beta"})
    accounts.update_account(db, acme.id, {"region": "North", "industry": "Food"})
    entries = entries_for_account(db, acme.id)
    assert entries[-1].changes == {"industry": ["", "Food"]}
    accounts.update_account(db, acme.id, {"region": "North"})
    assert len(entries_for_account(db, acme.id)) == len(entries)
    before = _counts(db)
    with pytest.raises(DomainError, match="already an account called acme"):
        accounts.update_account(db, beta.id, {"name": "acme"})
    with pytest.raises(DomainError, match="between 0 and 10"):
        accounts.update_account(db, beta.id, {"satisfaction": 12})
    assert _counts(db) == before
    assert accounts.update_account(db, acme.id, {"name": "ACME"}).name == "ACME"


def test_archive_hides_and_brings_back(db: Database) -> None:
    acme = accounts.create_account(db, {"name": "Acme"})
    accounts.create_account(db, {"name": "Beta"})
    accounts.set_archived(db, acme.id, True)
    assert [a.name for a in accounts.list_accounts(db)] == ["Beta"]
    assert [a.name for a in accounts.list_accounts(db, include_archived=True)] == ["Acme", "Beta"]
    assert accounts.count_accounts(db, include_archived=False) == 1
    accounts.set_archived(db, acme.id, False)
    assert accounts.count_accounts(db, include_archived=False) == 2
    assert [e.action for e in entries_for_account(db, acme.id)] == ["created", "archived", "unarchived"]


def test_missing_account_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="no longer exists"):
        accounts.get_account(db, 42)
    with pytest.raises(NotFound):
        accounts.update_account(db, 42, {"name": "X"})


def test_find_by_name_prefix_and_suggestions(db: Database) -> None:
    for name in ("Acme Foods", "Acme Logistics", "Brennero Foods"):
        accounts.create_account(db, {"name": name})
    assert accounts.find_account(db, "acme foods").name == "Acme Foods"
    assert accounts.find_account(db, "bren").name == "Brennero Foods"
    with pytest.raises(NotFound, match="matches several accounts: Acme Foods, Acme Logistics"):
        accounts.find_account(db, "acme")
    with pytest.raises(NotFound, match="did you mean Brennero Foods"):
        accounts.find_account(db, "Brenero Foods")
    with pytest.raises(NotFound, match="There is no account called “Zzz”."):
        accounts.find_account(db, "Zzz")
