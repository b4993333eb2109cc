"""The database opens, is private, and runs with the pragmas we rely on."""

from __future__ import annotations

import stat

from accountmgr.db import Database


def test_new_database_is_private_and_in_wal_mode(db: Database) -> None:
    mode = stat.S_IMODE(db.path.stat().st_mode)
    assert mode == 0o600
    with db.connection() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
