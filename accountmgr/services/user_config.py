"""The user's own settings, kept in their config folder (not in the shared database), one section per database.

One TOML file (``config.toml`` in the platformdirs config folder, e.g. ``~/.config/accountmgr``), written whole
and private: ``[databases."<database>"]`` tables keyed by the database's path or address (never its password).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accountmgr.paths import APP_NAME
from accountmgr.services.errors import DomainError

if TYPE_CHECKING:
    from accountmgr.db import Database

CONFIG_ENV_VAR = "ACCOUNTMGR_CONFIG"


def config_path() -> Path:
    """$ACCOUNTMGR_CONFIG, else config.toml in the user's config folder."""
    explicit = os.environ.get(CONFIG_ENV_VAR)
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def database_key(db: Database) -> str:
    """How the config names *db*: its address without password for a server, else the file's full path."""
    if db.path is None:
        return str(db.label)  # a server: its address, the password left out
    return str(Path(db.path).expanduser().resolve())


def load() -> dict[str, Any]:
    """The whole config; an unreadable or broken file reads as empty (it is only preferences)."""
    try:
        with config_path().open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def for_database(db: Database) -> dict[str, Any]:  # noqa: ANN401
    """The settings remembered for *db* (empty when none)."""
    section = load().get("databases", {}).get(database_key(db), {})
    return section if isinstance(section, dict) else {}


def remember(db: Database, key: str, value: Any) -> Path:  # noqa: ANN401
    """Store *key* = *value* for *db* (None removes it); the file is rewritten whole, private to the user."""
    import tomli_w

    from accountmgr.services.private_files import write_private

    config = load()
    databases = config.setdefault("databases", {})
    section = databases.setdefault(database_key(db), {})
    if value is None:
        section.pop(key, None)
    else:
        section[key] = value
    try:
        return write_private(config_path(), tomli_w.dumps(config), force=True)
    except DomainError as error:
        raise DomainError(f"Your settings could not be saved: {error}", "config") from error
