"""The same database code on PostgreSQL: opening, the schema on first use, the address shown without password."""

from __future__ import annotations

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
