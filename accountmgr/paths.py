"""Where the data lives. Computed when asked, never at import."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "accountmgr"
DB_ENV_VAR = "ACCOUNTMGR_DB"


def default_db_path() -> Path:
    """The database in the user's data directory (e.g. ~/.local/share/accountmgr)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "accountmgr.db"


def resolve_db_path(explicit: str | os.PathLike[str] | None) -> Path:
    """--db wins, then $ACCOUNTMGR_DB, then the default location."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def uses_default_location(explicit: str | os.PathLike[str] | None) -> bool:
    """True when neither --db nor $ACCOUNTMGR_DB names the database."""
    return not explicit and not os.environ.get(DB_ENV_VAR)
