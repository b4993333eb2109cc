"""One migration history for both engines: on PostgreSQL an older schema is copied with pg_dump, then upgraded
in one transaction under a lock; a newer one is refused; two processes starting at once make one schema."""

from __future__ import annotations

import shutil
import stat
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import accountmgr.models.tables  # noqa: F401  (registers the tables)
from accountmgr.db import SCHEMA_REVISION, StorageError, alembic_config, open_database
from accountmgr.db_postgres import make_pg_engine


def _at_revision(url: str, revision: str) -> None:
    """The database as accountmgr at *revision* left it, with an account written by plain SQL."""
    engine = make_pg_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), revision)
            conn.execute(text(
                "INSERT INTO team_member (name, role, email, active, created_at) "
                "VALUES ('Giulia Ferri', 'sales', '', true, '2025-01-01 09:00:00')"))
            conn.execute(text(
                "INSERT INTO account (name, industry, region, owner_id, organisation, value_chain, customer_profile, "
                "purchase_potential_cents, strategy_notes, current_level, notes, archived, created_at, updated_at) "
                "VALUES ('Brennero Foods', 'Food', 'North Italy', 1, '', '', '', 240000000, '', 'partner', '', "
                "false, '2025-01-01 09:00:00', '2025-01-01 09:00:00')"))
    finally:
        engine.dispose()


def _scalar(url: str, sql: str) -> object:
    engine = make_pg_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def test_migrations_build_the_models_schema_on_postgresql(pg_databases) -> None:  # noqa: ANN001
    url = pg_databases.empty()
    engine = make_pg_engine(url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_an_older_server_database_is_dumped_then_upgraded_with_its_data(pg_databases, tmp_path: Path) -> None:  # noqa: ANN001
    url = pg_databases.empty()
    _at_revision(url, "0001")
    database = open_database(url, backup_dir=tmp_path / "backups")
    try:
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
            assert conn.execute(text("SELECT name FROM account")).scalars().all() == ["Brennero Foods"]
    finally:
        database.close()
    [dump] = (tmp_path / "backups").iterdir()
    assert dump.name.startswith("blank_") and ".schema-0001." in dump.name and dump.suffix == ".dump"
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600 and dump.read_bytes()[:5] == b"PGDMP"


def test_without_pg_dump_the_upgrade_waits_for_the_user_to_take_a_copy(
    pg_databases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_main  # noqa: ANN001
) -> None:
    url = pg_databases.empty()
    _at_revision(url, "0002")
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "pg_dump" else real_which(name, *a, **k))
    code, out, err = run_main("--db", url, "list")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "pg_dump -Fc" in err and "--upgrade-without-backup" in err
    assert _scalar(url, "SELECT version_num FROM alembic_version") == "0002"
    _code, _out, err = run_main("--db", url, "--upgrade-without-backup", "list")
    assert "pg_dump" not in err
    assert _scalar(url, "SELECT version_num FROM alembic_version") == SCHEMA_REVISION


def test_a_newer_server_database_is_refused_in_one_sentence(pg_url: str, run_main) -> None:  # noqa: ANN001
    engine = make_pg_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    code, out, err = run_main("--db", pg_url, "list")
    assert code == 1 and out == ""
    assert err.strip().endswith("was written by a newer version of accountmgr (schema 0099); upgrade accountmgr to open it.")
    assert _scalar(pg_url, "SELECT version_num FROM alembic_version") == "0099"


def test_a_failed_upgrade_leaves_the_old_schema_whole(pg_databases, tmp_path: Path) -> None:  # noqa: ANN001
    url = pg_databases.empty()
    _at_revision(url, "0001")
    engine = make_pg_engine(url)
    with engine.begin() as conn:
        conn.execute(text(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"))
        conn.execute(text("CREATE TRIGGER refuse BEFORE UPDATE ON alembic_version FOR EACH ROW EXECUTE FUNCTION refuse()"))
    engine.dispose()
    with pytest.raises(StorageError) as refused:
        open_database(url, backup_dir=tmp_path)
    assert str(refused.value).startswith("Upgrading postgresql://postgres@/blank_")
    assert "failed (disk full); it was left as it was, and a copy is in " in str(refused.value)
    assert _scalar(url, "SELECT version_num FROM alembic_version") == "0001"
    assert _scalar(url, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'setting'") == 0


def test_two_first_starts_at_once_make_one_schema(pg_databases) -> None:  # noqa: ANN001
    url = pg_databases.empty()
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def start() -> None:
        barrier.wait()
        try:
            open_database(url, create=True).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _scalar(url, "SELECT count(*) FROM alembic_version") == 1
