"""What the app remembers for its user between runs, per database: theme, portfolio order and filters, last account.

Kept in the user's settings file (``services/user_config.py``), never in the shared database: two colleagues on
one database each keep their own. Values read back are checked; anything unknown or damaged reads as "not
remembered", so an old or hand-edited file can never stop the app from starting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accountmgr.services import user_config

THEME = "theme"
PORTFOLIO_VIEW = "portfolio_view"
LAST_ACCOUNT = "last_account"

VIEW_FIELDS: dict[str, type] = {
    "sort_key": str,
    "sort_reverse": bool,
    "level": str,
    "owner": str,
    "segment": str,
    "complaints": str,
    "overdue": bool,
    "archived": str,
}
"""The portfolio's order and filters as remembered (text and yes/no only; a filter not set is left out)."""


@dataclass(frozen=True)
class Remembered:
    """What was remembered for one database."""

    theme: str | None = None
    portfolio_view: dict[str, Any] = field(default_factory=dict)
    last_account: int | None = None


def recall(db: Any) -> Remembered:  # noqa: ANN401 - a Database
    """What is remembered for *db* (checked: anything malformed is left out)."""
    section = user_config.for_database(db)
    theme = section.get(THEME)
    view = section.get(PORTFOLIO_VIEW)
    last = section.get(LAST_ACCOUNT)
    return Remembered(
        theme=theme if isinstance(theme, str) and theme else None,
        portfolio_view=clean_view(view) if isinstance(view, dict) else {},
        last_account=last if isinstance(last, int) and not isinstance(last, bool) and last > 0 else None,
    )


DEFAULT_VIEW: dict[str, Any] = {"sort_key": "name", "sort_reverse": False, "overdue": False}
"""What the portfolio shows when nothing is remembered: left out of the file."""


def clean_view(view: dict[str, Any]) -> dict[str, Any]:
    """Only the known fields of *view*, each of its type; unset filters (None) and defaults left out."""
    return {name: value for name, value in view.items()
            if name in VIEW_FIELDS and value is not None and type(value) is VIEW_FIELDS[name]
            and not (name in DEFAULT_VIEW and DEFAULT_VIEW[name] == value)}


def remember_theme(db: Any, theme: str) -> None:  # noqa: ANN401
    """The theme chosen (light, dark or any other)."""
    _remember(db, THEME, theme)


def remember_portfolio_view(db: Any, view: dict[str, Any]) -> None:  # noqa: ANN401
    """The portfolio's order and filters (see VIEW_FIELDS); written only when they changed."""
    _remember(db, PORTFOLIO_VIEW, clean_view(view))


def remember_last_account(db: Any, account_id: int) -> None:  # noqa: ANN401
    """The account last opened, where the portfolio's cursor starts next time."""
    _remember(db, LAST_ACCOUNT, account_id)


def _remember(db: Any, key: str, value: Any) -> None:  # noqa: ANN401
    """Write *key* for *db* unless it already holds *value* (the file is not rewritten at every key press)."""
    current = user_config.for_database(db).get(key)
    if current != value and not (current is None and value == {}):  # nothing remembered yet: nothing to write
        user_config.remember(db, key, value)
