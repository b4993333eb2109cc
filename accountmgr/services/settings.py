"""Settings shared by everyone on the database: the stale-contact limit, score weights and lifetime-value settings.

The one way they are saved: :func:`store` (through :func:`put` for one setting), which checks them, writes them in
one transaction and logs what changed in the activity log. What only one user wants (theme, portfolio order,
who they are) is kept in their own settings file instead (``services/user_config.py``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from accountmgr.services.customer_value import VALUE_DEFAULTS, check_settings
from accountmgr.services.errors import DomainError

if TYPE_CHECKING:
    from accountmgr.db import Database

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "stale_days": 60,
    "attractiveness_weights": {"purchase_potential": 35, "absorption_potential": 25, "strategic_value": 20, "pipeline": 20},
    **VALUE_DEFAULTS,
}
"""Every setting with its default; a setting never stored reads as its default."""

STALE_DAYS_RANGE = (1, 3650)
"""The stale-contact limit's smallest and largest number of days."""
STALE_DAYS_MESSAGE = "The stale-contact limit is a whole number of days between 1 and 3650, e.g. 60."


def get(db: Database, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(key)
    # The table class is imported when used: the portfolio reads settings without it at start-up.
    from accountmgr.models import Setting

    with db.session() as session:
        row = session.get(Setting, key)
    return json.loads(row.value) if row else DEFAULTS[key]


def put(db: Database, key: str, value: Any, *, summary: str = "") -> None:
    """Check and store one setting, logging the change (see :func:`store`)."""
    store(db, {key: value}, summary=summary or f"Changed the setting {key.replace('_', ' ')}")


def store(db: Database, values: Mapping[str, Any], *, summary: str, changes: Mapping[str, Any] | None = None) -> None:
    """Check *values* (setting → value) and store them in one transaction with one activity-log entry.

    *changes* is what the log shows as changed (default: the stored values before and after); nothing is logged
    when nothing changed.
    """
    for key, value in values.items():
        if key not in DEFAULTS:
            raise KeyError(key)
        if key == "stale_days" and (type(value) is not int or not STALE_DAYS_RANGE[0] <= value <= STALE_DAYS_RANGE[1]):
            raise DomainError(STALE_DAYS_MESSAGE, "stale_days")
    check_settings(dict(values))
    from accountmgr.models import Setting
    from accountmgr.services import activity

    before = {key: get(db, key) for key in values}
    if changes is None:
        changes = activity.diff(before, dict(values))
    with db.session() as session:
        for key, value in values.items():
            row = session.get(Setting, key) or Setting(key=key, value="")
            row.value = json.dumps(value)
            session.add(row)
        if changes:
            activity.record(session, entity="setting", action="updated", summary=summary, changes=changes)
    if changes:
        log.info("%s: %s", summary, dict(changes))


def parse_stale_days(text: str | int) -> int:
    """The stale-contact limit typed by the user ("90", " 90 "), checked; a clear message at the field if not."""
    if isinstance(text, int) and not isinstance(text, bool):
        days = text
    else:
        cleaned = str(text).strip()
        if not cleaned.isascii() or not cleaned.isdigit():
            raise DomainError(STALE_DAYS_MESSAGE if cleaned else "Type the number of days, e.g. 60.", "stale_days")
        days = int(cleaned) if len(cleaned) <= 6 else STALE_DAYS_RANGE[1] + 1  # a long number is out of range
    if not STALE_DAYS_RANGE[0] <= days <= STALE_DAYS_RANGE[1]:
        raise DomainError(STALE_DAYS_MESSAGE, "stale_days")
    return days


def set_stale_days(db: Database, text: str | int) -> int:
    """Set the stale-contact limit from what the user typed; logged. Returns the days stored."""
    days = parse_stale_days(text)
    put(db, "stale_days", days, summary=f"Set the stale-contact limit to {days} days")
    return days


def stale_days(db: Database) -> int:
    """Days without contact after which a key player counts as not covered (default 60)."""
    return int(get(db, "stale_days"))


def is_stale(days_since_contact: int | None, limit: int) -> bool:
    """Whether a key player last contacted *days_since_contact* days ago (None: never) is past the *limit*."""
    return days_since_contact is None or days_since_contact > limit
