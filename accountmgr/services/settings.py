"""User preferences stored with the data: the stale-contact limit, score weights and lifetime-value settings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from accountmgr.services.customer_value import VALUE_DEFAULTS, check_settings
from accountmgr.services.errors import DomainError

if TYPE_CHECKING:
    from accountmgr.db import Database

DEFAULTS: dict[str, Any] = {
    "stale_days": 60,
    "attractiveness_weights": {"purchase_potential": 35, "absorption_potential": 25, "strategic_value": 20, "pipeline": 20},
    **VALUE_DEFAULTS,
}
"""Every setting with its default; a setting never stored reads as its default."""


def get(db: Database, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(key)
    # The table class is imported when used: the portfolio reads settings without it at start-up.
    from accountmgr.models import Setting

    with db.session() as session:
        row = session.get(Setting, key)
    return json.loads(row.value) if row else DEFAULTS[key]


def put(db: Database, key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise KeyError(key)
    if key == "stale_days" and (not isinstance(value, int) or not 1 <= value <= 3650):
        raise DomainError("The stale-contact limit must be a number of days between 1 and 3650.", "stale_days")
    check_settings({key: value})
    from accountmgr.models import Setting

    with db.session() as session:
        row = session.get(Setting, key) or Setting(key=key, value="")
        row.value = json.dumps(value)
        session.add(row)


def stale_days(db: Database) -> int:
    """Days without contact after which a key player counts as not covered (default 60)."""
    return int(get(db, "stale_days"))
