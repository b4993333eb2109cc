"""The user's own settings, kept in their config folder (not in the shared database), one section per database.

One TOML file (``config.toml`` in the platformdirs config folder, e.g. ``~/.config/accountmgr``), written whole
and private (0600, a temporary file renamed into place): ``[databases."<database>"]`` tables keyed by the
database's path or address (never its password). Every user setting is read and written here (see
``services/preferences.py`` for what the app remembers); settings shared by the team live in the database
(``services/settings.py``). A damaged file is never fatal: it reads as empty, :func:`problem` says so in one
line, and the next save first moves it aside (``config.toml.damaged``).
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


def _read() -> tuple[dict[str, Any], str | None]:
    """The whole config and, when the file is there but cannot be used, why (a few words)."""
    try:
        with config_path().open("rb") as handle:
            config = tomllib.load(handle)
    except FileNotFoundError:
        return {}, None
    except OSError as error:
        return {}, (error.strerror or str(error)).lower()
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {}, f"not valid TOML: {error}"
    databases = config.get("databases", {})
    if not isinstance(databases, dict) or not all(isinstance(section, dict) for section in databases.values()):
        return {}, "its [databases] tables are not tables"
    return config, None


def load() -> dict[str, Any]:
    """The whole config; an unreadable or broken file reads as empty (it is only preferences)."""
    return _read()[0]


def problem() -> str | None:
    """One line saying the settings file is damaged and was ignored, or None when it is fine (or absent)."""
    reason = _read()[1]
    if reason is None:
        return None
    return f"Your settings file {config_path()} could not be read ({reason}); using the defaults."


def for_database(db: Database) -> dict[str, Any]:  # noqa: ANN401
    """The settings remembered for *db* (empty when none)."""
    section = load().get("databases", {}).get(database_key(db), {})
    return section if isinstance(section, dict) else {}


def remember(db: Database, key: str, value: Any) -> Path:  # noqa: ANN401
    """Store *key* = *value* for *db* (None removes it); the file is rewritten whole, private to the user."""
    import tomli_w

    from accountmgr.services.private_files import write_private

    config, damaged = _read()
    if damaged is not None:
        _move_aside()
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


def _move_aside() -> None:
    """Keep a damaged settings file as ``config.toml.damaged`` rather than writing over it."""
    path = config_path()
    try:
        path.replace(path.with_name(path.name + ".damaged"))
    except OSError:
        pass  # unreadable and immovable: the save below replaces it, which is all that can be done
