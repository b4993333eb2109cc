"""The same database code on PostgreSQL: opening, the schema on first use, the address shown without password."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlmodel import select

from accountmgr.db import DatabaseMissing, StorageError, open_database
from accountmgr.models.tables import Account


def test_a_fresh_database_on_either_engine_takes_a_saved_account(any_db) -> None:  # noqa: ANN001
    with any_db.session() as session:
        session.add(Account(name="Rossi [italia] SpA"))
    with any_db.session() as session:
        assert [a.name for a in session.exec(select(Account))] == ["Rossi [italia] SpA"]
    assert any_db.read_only is False


def test_an_empty_server_database_gets_the_schema_only_when_asked(pg_databases) -> None:  # noqa: ANN001
    url = pg_databases.empty()
    with pytest.raises(DatabaseMissing):
        open_database(url)
    database = open_database(url, create=True)
    try:
        assert database.is_server and database.dialect == "postgresql"
        with database.session() as session:
            assert list(session.exec(select(Account))) == []
    finally:
        database.close()
    open_database(url).close()  # the second start finds the schema


def test_the_address_is_shown_without_its_password(pg_url: str) -> None:
    with_password = pg_url.replace("postgresql://postgres@", "postgresql://postgres:s3cret@")
    database = open_database(with_password)
    try:
        assert "s3cret" not in database.label and "s3cret" not in repr(database)
        assert database.label.startswith("postgresql://postgres@/test_")
    finally:
        database.close()


def test_an_unreachable_server_is_one_sentence_without_the_password(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(StorageError) as refused:
        open_database(f"postgresql://me:hunter2@/nothing?host={tmp_path}")
    message = str(refused.value)
    assert message.startswith("Cannot connect to postgresql://me@/nothing?host=") and "hunter2" not in message
    assert "\n" not in message


def test_reading_commands_on_an_empty_server_database_say_how_to_start(pg_databases, run_main) -> None:  # noqa: ANN001
    url = pg_databases.empty()
    for command in (["list"], ["export", "Acme"], ["calendar", "Acme"], ["backup", "-o", "copy.dump"]):
        code, out, err = run_main("--db", url, *command)
        assert code == 1 and out == ""
        assert err == (f"accountmgr: {url} holds no accountmgr data yet; to start it, run accountmgr demo or "
                       "accountmgr import accounts FILE.csv, or just accountmgr.\n")


def test_backup_of_a_server_database_is_a_private_pg_dump(
    pg_url: str, run_main, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    monkeypatch.setenv("ACCOUNTMGR_DB", pg_url.replace("postgres@", "postgres:pässword@"))
    (tmp_path / "copies").mkdir()
    code, out, err = run_main("backup", "-o", str(tmp_path / "copies"))
    assert code == 0 and err == ""
    [dump] = (tmp_path / "copies").iterdir()
    assert out == f"Backed up {pg_url} to {dump}.\n" and "pässword" not in out
    assert dump.name.startswith("test_") and dump.suffix == ".dump" and dump.read_bytes()[:5] == b"PGDMP"
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    code, _out, err = run_main("backup", "-o", str(dump))
    assert code == 1 and err == f"accountmgr: {dump} already exists; add --force to replace it.\n"


def test_erasure_vacuums_a_server_database_outside_any_transaction(pg_url: str) -> None:
    from accountmgr.services.privacy import wipe_free_space

    database = open_database(pg_url)
    try:
        assert wipe_free_space(database) == ""
    finally:
        database.close()
