"""Shared fixtures: every test gets its own temporary database; nothing touches real user data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accountmgr.db import Database, open_database


@pytest.fixture(autouse=True)
def _isolate_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default data directory and $ACCOUNTMGR_DB away from the real ones."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("ACCOUNTMGR_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, empty database."""
    database = open_database(db_path)
    yield database
    database.close()


FROZEN_NOW = __import__("datetime").datetime(2026, 11, 20, 9, 0)
"""The clock in tests and snapshots: a Friday morning."""


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    from accountmgr.services import clock

    with clock.frozen(FROZEN_NOW):
        yield


@pytest.fixture
def demo_db(db: Database, frozen_clock: None) -> Database:
    """A database holding the demo portfolio, loaded under the frozen clock."""
    from accountmgr.services.demo import load_demo

    load_demo(db)
    return db
