"""Offerings and holdings: unique names, the holder rules, nothing written on a refusal, every change logged."""

from __future__ import annotations

import pytest

from accountmgr.db import Database
from accountmgr.models import HoldingKind
from accountmgr.services import offerings
from accountmgr.services.accounts import create_account
from accountmgr.services.errors import DomainError

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


def _count(db: Database, table: str) -> int:
    with db.connection() as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_create_list_update_and_retire(db: Database) -> None:
    mes = offerings.create_offering(db, {"name": " Vantec MES ", "category": "Software"})
    offerings.create_offering(db, {"name": "Field service", "active": "no"})
    assert mes.name == "Vantec MES" and mes.active
    assert [o.name for o in offerings.list_offerings(db)] == ["Vantec MES"]
    assert len(offerings.list_offerings(db, include_inactive=True)) == 2
    offerings.update_offering(db, mes.id, {"description": "Order tracking and OEE"})
    assert offerings.get_offering(db, mes.id).description == "Order tracking and OEE"
    with db.connection() as conn:
        actions = [row[0] for row in conn.execute("SELECT action FROM activity_log WHERE entity = 'offering'")]
    assert actions == ["created", "created", "updated"]


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({"name": ""}, "name", "Name is required"),
        ({"name": "x" * 121}, "name", "too long"),
        ({"name": "VANTEC mes"}, "name", "already an offering called"),
        ({"name": "New", "active": "perhaps"}, "active", "yes or no"),
    ],
)
def test_bad_offering_is_refused_and_nothing_written(db: Database, raw: dict, field: str, message: str) -> None:
    offerings.create_offering(db, {"name": "Vantec MES"})
    before = (_count(db, "offering"), _count(db, "activity_log"))
    with pytest.raises(DomainError, match=message) as caught:
        offerings.create_offering(db, raw)
    assert caught.value.field == field
    assert (_count(db, "offering"), _count(db, "activity_log")) == before


def test_rename_onto_another_name_is_refused(db: Database) -> None:
    offerings.create_offering(db, {"name": "Vantec MES"})
    other = offerings.create_offering(db, {"name": "Cloud Historian"})
    with pytest.raises(DomainError, match="already an offering"):
        offerings.update_offering(db, other.id, {"name": "vantec mes"})
    assert offerings.get_offering(db, other.id).name == "Cloud Historian"


def test_holdings_rules(db: Database) -> None:
    account = create_account(db, {"name": "Brennero Foods"})
    mes = offerings.create_offering(db, {"name": "Vantec MES"})
    owned = offerings.add_holding(db, account.id, {"offering_id": mes.id, "department": "Plant 1"})
    assert owned.holder == HoldingKind.OWNED
    theirs = offerings.add_holding(db, account.id, {"offering_id": mes.id, "holder": "competitor", "competitor": "AVEVA"})
    assert [h.id for h in offerings.list_holdings(db, account.id)] == [owned.id, theirs.id]
    before = _count(db, "offering_holding")
    for raw, field in (
        ({"offering_id": mes.id, "holder": "competitor"}, "competitor"),
        ({"offering_id": mes.id, "holder": "owned", "competitor": "AVEVA"}, "competitor"),
        ({"offering_id": 999}, "offering_id"),
        ({"offering_id": ""}, "offering_id"),
        ({"offering_id": mes.id, "holder": "partner"}, "holder"),
    ):
        with pytest.raises(DomainError) as caught:
            offerings.add_holding(db, account.id, raw)
        assert caught.value.field == field
    assert _count(db, "offering_holding") == before
    with pytest.raises(DomainError, match="Name the competitor"):
        offerings.update_holding(db, owned.id, {"holder": "competitor"})
    offerings.update_holding(db, owned.id, {"holder": "competitor", "competitor": "Siemens"})
    offerings.remove_holding(db, owned.id)
    assert [h.id for h in offerings.list_holdings(db, account.id)] == [theirs.id]


def test_an_offering_in_use_cannot_be_deleted(db: Database) -> None:
    account = create_account(db, {"name": "Brennero Foods"})
    used = offerings.create_offering(db, {"name": "Vantec MES"})
    spare = offerings.create_offering(db, {"name": "Spare"})
    offerings.add_holding(db, account.id, {"offering_id": used.id})
    with pytest.raises(DomainError, match="retire it"):
        offerings.delete_offering(db, used.id)
    offerings.delete_offering(db, spare.id)
    assert [o.name for o in offerings.list_offerings(db)] == ["Vantec MES"]
