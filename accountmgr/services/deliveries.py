"""Delivery (step k): the work we do at the account, how cooperative it is and how far along."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Cooperation, Delivery, DeliveryStatus
from accountmgr.queries import deliveries as queries
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels(
    {
        "cooperation": "Degree of cooperation",
        "customer_people": "Customer people involved",
        "progress": "Progress",
        "start_on": "Start",
        "due_on": "Due",
    }
)

DELIVERY_FIELDS = v.FieldSpec(
    {
        "name": v.text(required=True, max_length=200),
        "cooperation": v.choice(Cooperation, required=False),
        "customer_people": v.text(multiline=True),
        "competences": v.text(multiline=True),
        "progress": v.percentage(required=True),
        "status": v.choice(DeliveryStatus),
        "start_on": v.date_(),
        "due_on": v.date_(),
        "notes": v.text(multiline=True),
    },
    # A competitor's "competences" are its distinctive ones; here they are the ones the work needs.
    labels={"competences": "Competences needed"},
)
"""Every editable field of a delivery and how its input is checked."""


def _check(session: Session, values: dict[str, Any], row: Delivery | None) -> None:
    start = values.get("start_on", row.start_on if row else None)
    due = values.get("due_on", row.due_on if row else None)
    if start and due and due < start:
        raise DomainError("The due date cannot be before the start date.", "due_on")


def _describe(row: Delivery) -> str:
    return f"delivery {row.name}"


def list_deliveries(db: Database, account_id: int) -> list[Delivery]:
    with db.session() as session:
        return queries.of_account(session, account_id)


def get_delivery(db: Database, delivery_id: int) -> Delivery:
    with db.session() as session:
        return records.fetch(session, Delivery, delivery_id, "delivery")


def create_delivery(db: Database, account_id: int, raw: Mapping[str, Any]) -> Delivery:
    raw = {"progress": 0, "status": DeliveryStatus.PLANNED, **raw}
    with db.session() as session:
        return records.insert(
            session, Delivery, raw, DELIVERY_FIELDS,
            entity="delivery", account_id=account_id, describe=_describe, check=_check,
            extra={"account_id": account_id},
        )


def update_delivery(
    db, delivery_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> Delivery:
    with db.session() as session:
        row = records.fetch(session, Delivery, delivery_id, "delivery")
        return records.update(
            session, row, raw, DELIVERY_FIELDS, entity="delivery", account_id=row.account_id,
            describe=_describe, check=_check, seen=seen,
        )


def delete_delivery(db: Database, delivery_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, Delivery, delivery_id, "delivery")
        records.delete(session, row, entity="delivery", account_id=row.account_id, describe=_describe(row),
                       seen_version=seen_version)
