"""Schema versions: an older database is backed up and upgraded with its data; a newer one is refused untouched."""

from __future__ import annotations

import re
import sqlite3
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import accountmgr.models.tables  # noqa: F401  (registers the tables)
from accountmgr.db import KNOWN_REVISIONS, SCHEMA_REVISION, StorageError, alembic_config, open_database, upgrade


def _version(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _old_database(path: Path) -> None:
    """A database as version 0001 of accountmgr left it, with some data written by plain SQL."""
    upgrade(path, "0001")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO team_member (id, name, role, email, active, created_at) "
            "VALUES (1, 'Giulia Ferri', 'sales', '', 1, '2025-01-01 09:00:00')"
        )
        conn.execute(
            "INSERT INTO account (id, name, industry, region, owner_id, organisation, value_chain, customer_profile, "
            "purchase_potential_cents, strategy_notes, current_level, notes, archived, created_at, updated_at) "
            "VALUES (1, 'Brennero Foods', 'Food', 'North Italy', 1, '', '', '', 240000000, '', 'partner', '', 0, "
            "'2025-01-01 09:00:00', '2025-01-01 09:00:00')"
        )
        conn.execute(
            "INSERT INTO dmu_member (id, account_id, name, title, department, roles, influence, attitude, inner_circle, "
            "org_criteria, personal_criteria, personal_objectives, personal_win, coverage, email, phone, notes, "
            "created_at, updated_at) VALUES (1, 1, 'Chiara Valli', 'COO', 'Operations', '[\"decision_maker\"]', 'high', "
            "'champion', 1, '', '', '', 'A group OEE dashboard', 'in_depth', '', '', '', "
            "'2025-01-01 09:00:00', '2025-01-01 09:00:00')"
        )
        conn.execute(
            "INSERT INTO review (id, account_id, reviewed_on, satisfaction, learned, next_steps, created_at) "
            "VALUES (1, 1, '2025-06-01', 8, 'Uptime matters most', '', '2025-06-01 09:00:00')"
        )


def test_an_older_database_is_backed_up_then_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "accounts.db"
    _old_database(path)
    assert _version(path) == "0001"
    original = path.read_bytes()

    db = open_database(path)
    try:
        assert _version(path) == SCHEMA_REVISION
        with db.connection() as conn:
            assert conn.execute("SELECT name, purchase_potential_cents, current_level FROM account").fetchall() == [
                ("Brennero Foods", 240000000, "partner")]
            assert conn.execute("SELECT name, personal_win, roles FROM dmu_member").fetchall() == [
                ("Chiara Valli", "A group OEE dashboard", '["decision_maker"]')]
            assert conn.execute("SELECT satisfaction, learned FROM review").fetchall() == [(8, "Uptime matters most")]
            # The tables 0002 added are there and usable.
            conn.execute("INSERT INTO review_driver (review_id, driver, importance) VALUES (1, 'Reliability', 5)")
            conn.execute("INSERT INTO setting (key, value) VALUES ('stale_days', '30')")
    finally:
        db.close()

    [backup] = list(tmp_path.glob("accounts.db.schema-0001.*.bak"))
    assert _version(backup) == "0001"
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM account").fetchall() == [("Brennero Foods",)]
    assert backup.stat().st_size == len(original)


def test_backup_can_go_to_another_folder(tmp_path: Path) -> None:
    path = tmp_path / "accounts.db"
    _old_database(path)
    open_database(path, backup_dir=tmp_path / "backups").close()
    assert len(list((tmp_path / "backups").glob("accounts.db.schema-0001.*.bak"))) == 1


def test_a_database_from_a_newer_version_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(path, create=True).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    siblings = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(StorageError) as caught:
        open_database(path)

    assert str(caught.value) == (
        f"{path} was written by a newer version of accountmgr (schema 0099); upgrade accountmgr to open it."
    )
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings


def test_schema_revision_is_alembic_head_and_every_revision_is_known(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(alembic_config(tmp_path / "unused.db"))
    assert script.get_heads() == [SCHEMA_REVISION]
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == KNOWN_REVISIONS


def _index_sql(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    return {name: re.sub(r"[\s\"]+", "", sql).lower() for name, sql in rows}


def test_migrations_build_the_same_schema_as_the_models(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.db"
    upgrade(migrated)
    created = tmp_path / "created.db"
    open_database(created, create=True).close()

    engine = sa.create_engine(f"sqlite:///{migrated}")
    with engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect expression indexes (lower(name)); they are compared below instead.
        warnings.simplefilter("ignore")
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    engine.dispose()
    assert _index_sql(migrated) == _index_sql(created)

    def columns(path: Path) -> dict[str, list[tuple]]:
        with sqlite3.connect(path) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {t: [tuple(c[1:]) for c in conn.execute(f"PRAGMA table_info({t})")] for t in sorted(tables)}

    assert columns(migrated).keys() == columns(created).keys()
    for table, cols in columns(created).items():
        # Names, order, nullability and primary keys match; declared types may be spelled differently.
        assert [(c[0], c[2], c[4]) for c in columns(migrated)[table]] == [(c[0], c[2], c[4]) for c in cols], table


def test_a_failed_upgrade_rolls_back_and_says_so_in_one_sentence(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    """An upgrade that fails half-way (here: when 0002 is recorded) leaves the file exactly at its old version."""
    path = tmp_path / "accounts.db"
    _old_database(path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TRIGGER refuse_upgrade BEFORE UPDATE ON alembic_version "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    conn.close()

    for attempt in range(2):  # the next open says the same, not an SQL dump
        code, out, err = run_main("--db", str(path), "list")
        assert code == 1 and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err and "[SQL" not in err
        assert lines[0].startswith(f"accountmgr: Upgrading {path} failed (disk I/O error); it was left as it was, "
                                   f"and a copy is in {path}.schema-0001.")
    assert _version(path) == "0001"
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "setting" not in tables and "review_driver" not in tables  # 0002's tables were rolled back too
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM account").fetchall() == [("Brennero Foods",)]
    conn.close()
    for backup in tmp_path.glob("accounts.db.schema-0001.*.bak"):
        assert _version(backup) == "0001"
