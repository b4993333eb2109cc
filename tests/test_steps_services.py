"""Field specs and CRUD of the step entities: competitors, constraints, deliveries, value proposition."""

from __future__ import annotations

import pytest

from accountmgr.models import Severity
from accountmgr.services import accounts, activity, competitors, constraints, deliveries, value_proposition
from accountmgr.services.errors import DomainError

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


@pytest.fixture
def account_id(db, frozen_clock) -> int:
    return accounts.create_account(db, {"name": "Acme"}).id


def test_competitor_crud_is_logged(db, account_id) -> None:
    row = competitors.create_competitor(db, account_id, {"competitor": "Rival", "level": "Account"})
    competitors.update_competitor(db, row.id, {"competences": "Cheap"})
    assert competitors.list_competitors(db, account_id)[0].competences == "Cheap"
    competitors.delete_competitor(db, row.id)
    assert competitors.list_competitors(db, account_id) == []
    actions = [e.action for e in activity.entries_for_account(db, account_id) if e.entity == "competitor"]
    assert actions == ["created", "updated", "deleted"]


@pytest.mark.parametrize(
    ("create", "raw", "field"),
    [
        (competitors.create_competitor, {"competitor": " "}, "competitor"),
        (competitors.create_competitor, {"competitor": "X", "level": "friend"}, "level"),
        (constraints.create_constraint, {"kind": "legal", "description": "x"}, "kind"),
        (constraints.create_constraint, {"kind": "economic", "description": ""}, "description"),
        (constraints.create_constraint, {"kind": "economic", "description": "x", "severity": "huge"}, "severity"),
        (deliveries.create_delivery, {"name": ""}, "name"),
        (deliveries.create_delivery, {"name": "x", "progress": 120}, "progress"),
        (deliveries.create_delivery, {"name": "x", "cooperation": "total"}, "cooperation"),
        (deliveries.create_delivery, {"name": "x", "start_on": "2026-12-01", "due_on": "2026-11-01"}, "due_on"),
    ],
)
def test_bad_input_is_refused_at_the_field(db, account_id, create, raw, field) -> None:
    with pytest.raises(DomainError) as error:
        create(db, account_id, raw)
    assert error.value.field == field
    assert not competitors.list_competitors(db, account_id)
    assert not constraints.list_constraints(db, account_id)
    assert not deliveries.list_deliveries(db, account_id)


def test_constraints_most_severe_first(db, account_id) -> None:
    constraints.create_constraint(db, account_id, {"kind": "logistic", "description": "Far", "severity": "low"})
    constraints.create_constraint(db, account_id, {"kind": "economic", "description": "Budget", "severity": "high"})
    assert [c.severity for c in constraints.list_constraints(db, account_id)] == [Severity.HIGH, Severity.LOW]


def test_value_proposition_is_created_then_updated(db, account_id) -> None:
    assert value_proposition.get_value_proposition(db, account_id) is None
    value_proposition.save_value_proposition(db, account_id, {"solution_fit": "MES"})
    value_proposition.save_value_proposition(db, account_id, {"strategic_fit": "Roadmap"})
    row = value_proposition.get_value_proposition(db, account_id)
    assert (row.solution_fit, row.strategic_fit) == ("MES", "Roadmap")


def test_delivery_update_checks_dates_against_stored_values(db, account_id) -> None:
    row = deliveries.create_delivery(db, account_id, {"name": "Pilot", "start_on": "2026-11-01"})
    with pytest.raises(DomainError) as error:
        deliveries.update_delivery(db, row.id, {"due_on": "2026-10-01"})
    assert error.value.field == "due_on"
