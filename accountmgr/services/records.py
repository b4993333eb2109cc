"""Create / update / delete for any table, with validation and the activity log.

Entity services (accounts, DMU, opportunities…) describe their fields and
call these, so every change is validated the same way and logged in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel

from accountmgr.services import activity, clock
from accountmgr.services.errors import DomainError, NotFound
from accountmgr.services.versioned import RACE_MESSAGE, Seen, changed_before_delete, reconcile
from accountmgr.services.validation import Converter, clean

Row = TypeVar("Row", bound=SQLModel)


def fetch(session: Session, model: type[Row], record_id: int, what: str) -> Row:
    row = session.get(model, record_id)
    if row is None:
        raise NotFound(f"That {what} no longer exists.")
    return row


def insert(
    session: Session,
    model: type[Row],
    raw: Mapping[str, Any],
    spec: Mapping[str, Converter],
    *,
    entity: str,
    account_id: int | None | Callable[[Row], int],
    describe: Callable[[Row], str],
    check: Callable[[Session, dict[str, Any], Row | None], None] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Row:
    """Validate *raw* by *spec*, run *check* (cross-field rules), insert, log.

    *account_id* may be a function of the new row, for an account itself.
    """
    values = clean(raw, spec)
    if check:
        check(session, values, None)
    row = model(**values, **(extra or {}))
    session.add(row)
    session.flush()
    activity.record(
        session,
        entity=entity,
        action="created",
        summary=f"Added {describe(row)}",
        account_id=account_id(row) if callable(account_id) else account_id,
        entity_id=row.id,  # type: ignore[attr-defined]  # every table has an id; versioned ones a version
        changes=activity.created(values),
    )
    return row


def update(
    session: Session,
    row: Row,
    raw: Mapping[str, Any],
    spec: Mapping[str, Converter],
    *,
    entity: str,
    account_id: int | None,
    describe: Callable[[Row], str],
    check: Callable[[Session, dict[str, Any], Row | None], None] | None = None,
    seen: Seen | None = None,
) -> Row:
    """Validate the given fields only, apply them, log what actually changed.

    With *seen* (what the form saw when it opened), fields changed underneath since then are merged or refused
    (ConflictError), see :mod:`accountmgr.services.versioned`.
    """
    values = clean(raw, spec, partial=True)
    reconcile(session, row, values, seen, entity=entity)
    if check:
        check(session, values, row)
    before = {name: getattr(row, name) for name in values}
    changes = activity.diff(before, values)
    if not changes:
        return row
    for name, value in values.items():
        setattr(row, name, value)
    if hasattr(row, "updated_at"):
        row.updated_at = clock.utcnow()
    session.add(row)
    flush(session)
    activity.record(
        session,
        entity=entity,
        action="updated",
        summary=f"Changed {describe(row)}: {', '.join(changes)}",
        account_id=account_id,
        entity_id=row.id,  # type: ignore[attr-defined]  # every table has an id; versioned ones a version
        changes=changes,
    )
    return row


def delete(
    session: Session, row: SQLModel, *, entity: str, account_id: int | None, describe: str,
    seen_version: int | None = None,
) -> None:
    """Delete *row* and log it; with *seen_version*, refuse when the record changed since it was shown."""
    if seen_version is not None and int(row.version or 1) != seen_version:  # type: ignore[attr-defined]  # every table has an id; versioned ones a version
        raise DomainError(changed_before_delete(session, entity, row, describe))
    activity.record(
        session,
        entity=entity,
        action="deleted",
        summary=f"Removed {describe}",
        account_id=account_id,
        entity_id=row.id,  # type: ignore[attr-defined]  # every table has an id; versioned ones a version
    )
    session.delete(row)
    flush(session)


def flush(session: Session) -> None:
    """Write pending changes; a row another process changed since it was read here is refused, not overwritten."""
    try:
        session.flush()
    except StaleDataError:
        raise DomainError(RACE_MESSAGE) from None
