"""Two imports at once: both succeed, the second waiting for the first's write lock; never a UNIQUE failure.

On SQLite the lock is BEGIN IMMEDIATE; on PostgreSQL an advisory lock, and ids come from the sequences.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from accountmgr.db import open_database


def _start(db: str, path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "accountmgr", "--db", str(db), "--as", "Sam Import", "import", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_imports_started_together_both_go_in(tmp_path: Path, any_db_url: str) -> None:
    db = any_db_url
    from accountmgr.services.team import create_member

    first = open_database(db)
    create_member(first, {"name": "Sam Import"})  # who runs the imports, once the team has several people
    first.close()
    files = []
    for side in ("north", "south"):
        path = tmp_path / f"{side}.csv"
        path.write_text("Account Name,Industry,Account Owner\n" + "".join(
            f"{side.title()} Account {i},Industry {i % 7},Owner {i % 5}\n" for i in range(3000)))
        files.append(path)
    # The same file twice as well: the second import must see the first's accounts and add nothing.
    runs = [_start(db, files[0]), _start(db, files[1]), _start(db, files[0])]
    results = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, results):
        assert run.returncode == 0, err
        assert "UNIQUE" not in err
    database = open_database(db)
    try:
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM account")).scalar() == 6000
            assert conn.execute(text("SELECT COUNT(*) FROM team_member")).scalar() == 6
    finally:
        database.close()
    north = [out for (out, _err) in (results[0], results[2])]
    assert sorted("Accounts: 3000 new" in out for out in north) == [False, True]
    assert any("Accounts: 0 new, 0 updated, 3000 unchanged" in out for out in north)
