"""Two real connections on one database, on SQLite and on PostgreSQL: versions merge or conflict, never lose an
edit; a write in flight never blocks a reader; other processes' changes are seen by the watcher."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from accountmgr.db import open_database
from accountmgr.services import accounts, watch
from accountmgr.services.versioned import ConflictError, Seen

FIELDS = list(accounts.ACCOUNT_FIELDS)


def _in_another_process(url: str, account_id: int, values: dict[str, str]) -> None:
    """Another user's save, from their own process (and so their own connection and origin)."""
    script = (
        "import json, sys\n"
        "from accountmgr.db import open_database\n"
        "from accountmgr.services import accounts\n"
        "db = open_database(sys.argv[1])\n"
        "accounts.update_account(db, int(sys.argv[2]), json.loads(sys.argv[3]))\n"
        "db.close()\n"
    )
    subprocess.run([sys.executable, "-c", script, url, str(account_id), json.dumps(values)], check=True, timeout=60)


@pytest.fixture
def two_users(any_db_url: str):  # noqa: ANN201
    """Two open databases on the same data, each with its own connections."""
    first, second = open_database(any_db_url), open_database(any_db_url)
    yield first, second
    first.close()
    second.close()


def test_edits_of_different_fields_by_two_users_both_survive(two_users) -> None:  # noqa: ANN001
    anna, marco = two_users
    account = accounts.create_account(anna, {"name": "Käserei Müller & Söhne", "industry": "Food", "region": "Bayern"})
    seen_by_marco = Seen.of(accounts.get_account(marco, account.id), FIELDS)
    accounts.update_account(anna, account.id, {"industry": "Dairy"}, seen=Seen.of(account, FIELDS))
    saved = accounts.update_account(marco, account.id, {"region": "Tirol"}, seen=seen_by_marco)
    assert (saved.industry, saved.region, saved.version) == ("Dairy", "Tirol", 3)
    again = accounts.get_account(anna, account.id)
    assert (again.industry, again.region) == ("Dairy", "Tirol")


def test_the_same_field_changed_by_another_user_is_a_conflict_naming_them(any_db_url: str) -> None:
    db = open_database(any_db_url)
    try:
        account = accounts.create_account(db, {"name": "Rossi [italia] SpA", "industry": "Food", "region": "Lazio"})
        seen = Seen.of(account, FIELDS)
        _in_another_process(any_db_url, account.id, {"industry": "Dairy [bio]"})
        with pytest.raises(ConflictError) as caught:
            accounts.update_account(db, account.id, {"industry": "Cheese", "region": "Tirol"}, seen=seen)
        [conflict] = caught.value.conflicts
        assert (conflict.seen, conflict.current, conflict.who) == ("Food", "Dairy [bio]", "another window")
        unchanged = accounts.get_account(db, account.id)
        assert (unchanged.industry, unchanged.region, unchanged.version) == ("Dairy [bio]", "Lazio", 2)
    finally:
        db.close()


def test_the_watcher_sees_another_users_changes_and_not_its_own(any_db_url: str) -> None:
    db = open_database(any_db_url)
    try:
        account = accounts.create_account(db, {"name": "Atlas Aerospace Parts"})
        mark = watch.latest_id(db)
        assert watch.changed_elsewhere(db, mark) == (mark, [])
        _in_another_process(any_db_url, account.id, {"industry": "Aerospace"})
        newest, changes = watch.changed_elsewhere(db, mark)
        assert newest > mark and [(c.entity, c.entity_id) for c in changes] == [("account", account.id)]
        assert watch.current_version(db, "account", account.id) == 2
        assert watch.changed_elsewhere(db, newest) == (newest, [])
    finally:
        db.close()


def test_an_entry_committed_late_with_a_lower_id_is_still_seen(pg_url: str) -> None:
    """On PostgreSQL a long transaction (an import) commits its log entries after later ones: not lost."""
    from sqlalchemy import text

    db, other = open_database(pg_url), open_database(pg_url)
    try:
        first = accounts.create_account(db, {"name": "Brennero Foods"})
        mark = watch.latest_id(db)
        with other.engine.connect() as slow:
            slow.execute(text("INSERT INTO activity_log (at, action, entity, entity_id, account_id, summary, changes, origin) "
                              "VALUES (now(), 'update', 'account', :id, :id, 'slow import', '{}', 'import:1:ab')"),
                         {"id": first.id})
            _in_another_process(pg_url, first.id, {"industry": "Food"})  # commits first, with a higher id
            mark, changes = watch.changed_elsewhere(db, mark)
            assert len(changes) == 1
            slow.commit()
        mark, changes = watch.changed_elsewhere(db, mark)
        assert [(c.entity, c.entity_id) for c in changes] == [("account", first.id)]
        assert watch.changed_elsewhere(db, mark) == (mark, [])
    finally:
        db.close()
        other.close()


def test_a_reader_is_not_blocked_by_a_write_in_progress(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = open_database(pg_url)
    # Bounded by the server (libpq reads PGOPTIONS): a blocked read fails after 5 s instead of hanging the suite.
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=5000")
    reader = open_database(pg_url)
    try:
        account = accounts.create_account(writer, {"name": "Brennero Foods", "industry": "Food"})
        entered, release = threading.Event(), threading.Event()

        def slow_save() -> None:
            with writer.session() as session:
                row = session.get(type(account), account.id)
                row.industry = "Dairy"
                session.flush()  # the row is locked and changed, not committed
                entered.set()
                release.wait(30)

        thread = threading.Thread(target=slow_save)
        thread.start()
        assert entered.wait(30)
        try:
            assert accounts.get_account(reader, account.id).industry == "Food"
        finally:
            release.set()
            thread.join()
        assert accounts.get_account(reader, account.id).industry == "Dairy"
    finally:
        writer.close()
        reader.close()


def test_an_import_in_progress_blocks_neither_screens_nor_saves(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """While one import holds the import lock with rows written, others read and save; a second import waits."""
    from sqlalchemy import text

    from accountmgr.queries.ids import IMPORT_LOCK, take_import_lock

    importer = open_database(pg_url)
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=5000")  # a blocked statement fails instead of hanging
    other = open_database(pg_url)
    try:
        existing = accounts.create_account(other, {"name": "Brennero Foods"})
        with importer.engine.connect() as conn:
            take_import_lock(conn)
            conn.execute(text("INSERT INTO account (name, industry, region, organisation, value_chain, "
                              "customer_profile, purchase_potential_cents, strategy_notes, current_level, notes, "
                              "archived, created_at, updated_at, version) VALUES ('Atlas Aerospace Parts', '', '', "
                              "'', '', '', 0, '', 'prospect', '', false, now(), now(), 1)"))
            assert accounts.update_account(other, existing.id, {"industry": "Food"}).version == 2
            assert accounts.get_account(other, existing.id).industry == "Food"
            with other.engine.connect() as second:
                locked = second.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                        {"key": IMPORT_LOCK}).scalar()
                assert locked is False  # a second import would wait for this one
            conn.rollback()
    finally:
        importer.close()
        other.close()
