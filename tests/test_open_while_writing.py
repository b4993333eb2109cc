"""No false "damaged": opening, exporting and backing up while another process imports and checkpoints."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from accountmgr.db import StorageError, open_database

SECONDS = 8.0
"""How long the database is opened again and again while the other process writes."""
MIN_OPENS = 100
LIMIT = 30.0

HEAVY_WRITER = """
import sys
from accountmgr.db import open_database
from accountmgr.services.importer import import_accounts

path, rows = sys.argv[1], int(sys.argv[2])
round_ = 0
while True:  # until the test stops it
    round_ += 1
    db = open_database(path)  # a new process-like open and close each round: the -wal comes and goes
    with db.connection() as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 20")  # checkpoint every 20 pages: the main file keeps changing
    csv = "name,owner,industry,notes\\n" + "".join(
        f"Round {round_} account {i},Owner {i % 7},Industry {i % 11},{'n' * 200}\\n" for i in range(rows))
    source = path + f".round-{round_}.csv"
    with open(source, "w", encoding="utf-8") as handle:
        handle.write(csv)
    import_accounts(db, source)
    with db.connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print("round", round_, flush=True)
"""


def test_no_false_damage_while_another_process_imports(db, tmp_path: Path, run_main) -> None:  # noqa: ANN001
    db.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", HEAVY_WRITER, str(db.path), "800"], stdout=subprocess.PIPE, text=True
    )
    opens, failures, exports, backups = 0, [], 0, 0
    try:
        assert writer.stdout is not None and writer.stdout.readline().startswith("round 1")  # it is writing
        started = time.monotonic()
        # At least SECONDS and MIN_OPENS, but never more than LIMIT: a busy machine gets more time, not a failure.
        while (time.monotonic() - started < SECONDS or opens < MIN_OPENS) and time.monotonic() - started < LIMIT:
            try:
                reader = open_database(db.path)
                with reader.connection() as conn:
                    conn.execute("SELECT version_num FROM alembic_version").fetchone()
                reader.close()
            except StorageError as error:
                failures.append(str(error))
            opens += 1
            if opens % 60 == 0:
                code, _, err = run_main("--db", str(db.path), "backup", "-o", str(tmp_path / f"b{opens}.db"))
                assert code == 0, err
                backups += 1
            if opens == 10:
                code, _, err = run_main("--db", str(db.path), "export", "--all", "-o", str(tmp_path / f"e{opens}"))
                assert code == 0, err
                exports += 1
        assert writer.poll() is None, "the writer stopped early"
    finally:
        writer.kill()
        writer.wait(timeout=30)
    print(f"{opens} opens, {backups} backups and {exports} exports during the import; {len(failures)} refused")
    assert failures == []
    assert opens >= MIN_OPENS and backups >= 1 and exports == 1
    for copy in tmp_path.glob("b*.db"):
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        conn.close()
