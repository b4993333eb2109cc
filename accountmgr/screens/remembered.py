"""The app's side of what is remembered between runs (services/preferences.py): read at start, saved on change.

Remembering is a convenience: a settings file that cannot be written is said once per run, never an error
that stops the work.
"""

from __future__ import annotations

from typing import Any

from accountmgr.models.enums import RelationshipLevel
from accountmgr.services import preferences, user_config
from accountmgr.services.errors import DomainError
from accountmgr.services.scoring import Segment

ARCHIVE_STATES = ("active", "all", "archived")
COMPLAINT_FILTERS = ("", "open", "late")


def _save(app: Any, write: Any, *args: Any) -> None:  # noqa: ANN401
    """Run a preferences write; a failure is told once per run."""
    try:
        write(app.db, *args)
    except DomainError as error:
        if not getattr(app, "remember_failed", False):
            app.remember_failed = True
            app.notify(error.message, severity="warning")


def start(app: Any) -> None:  # noqa: ANN401
    """At start: say in one line if the settings file is damaged, and bring back the theme."""
    if (problem := user_config.problem()) is not None:
        app.notify(problem, severity="warning", timeout=10)
    theme = preferences.recall(app.db).theme
    if theme is not None and theme in app.available_themes:
        app.theme = theme


def theme_changed(app: Any, theme: str) -> None:  # noqa: ANN401
    """Remember the theme just chosen (F2, or the palette's theme list)."""
    _save(app, preferences.remember_theme, theme)


def account_opened(app: Any, account_id: int) -> None:  # noqa: ANN401
    """Remember the account just opened: next time the portfolio's cursor starts on it."""
    _save(app, preferences.remember_last_account, account_id)


def last_account(app: Any) -> int | None:  # noqa: ANN401
    return preferences.recall(app.db).last_account


def view_of(screen: Any) -> dict[str, Any]:  # noqa: ANN401
    """The portfolio screen's order and filters as remembered."""
    return {
        "sort_key": screen.sort_key,
        "sort_reverse": screen.sort_reverse,
        "level": screen.level_filter.value if screen.level_filter else None,
        "owner": screen.owner_filter,
        "segment": screen.segment_filter.value if screen.segment_filter else None,
        "complaints": screen.complaints_filter or None,
        "overdue": screen.overdue_filter or None,
        "archived": screen.archive_state if screen.archive_state != "active" else None,
    }


def restore_view(screen: Any, sort_keys: Any) -> None:  # noqa: ANN401
    """Put back the portfolio's remembered order and filters (a value no longer known is skipped)."""
    view = preferences.recall(screen.app.db).portfolio_view
    if view.get("sort_key") in sort_keys:
        screen.sort_key = view["sort_key"]
        screen.sort_reverse = bool(view.get("sort_reverse", False))
    if view.get("level") in {level.value for level in RelationshipLevel}:
        screen.level_filter = RelationshipLevel(view["level"])
    if "owner" in view:
        screen.owner_filter = view["owner"]
    if view.get("segment") in {segment.value for segment in Segment}:
        screen.segment_filter = Segment(view["segment"])
    if view.get("complaints") in COMPLAINT_FILTERS:
        screen.complaints_filter = view["complaints"]
    screen.overdue_filter = bool(view.get("overdue", False))
    if view.get("archived") in ARCHIVE_STATES:
        screen.archive_state = view["archived"]


def view_changed(screen: Any) -> None:  # noqa: ANN401
    """Remember the portfolio's order and filters (written only when they differ from what is remembered)."""
    _save(screen.app, preferences.remember_portfolio_view, view_of(screen))
