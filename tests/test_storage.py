"""Storage you can trust: unusable files are refused in one sentence and left untouched; backups are consistent."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmgr.db import StorageError, online_backup, open_database
from accountmgr.services.accounts import create_account
from accountmgr.services.demo import load_demo

ACCOUNTMGR = Path(sys.executable).with_name("accountmgr")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _one_sentence(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("accountmgr: ") and lines[0].endswith((".", "?"))
    return lines[0]


def test_a_text_file_is_refused_and_untouched(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    notes = tmp_path / "notes.txt"
    notes.write_text("Call Chiara about the energy project.\n")
    before = _snapshot(tmp_path)
    code, out, err = run_main("--db", str(notes), "list")
    assert code != 0 and out == ""
    assert _one_sentence(err) == f"accountmgr: {notes} is not an accountmgr database (it is not a SQLite file)."
    assert _snapshot(tmp_path) == before


def _truncated_database(folder: Path) -> Path:
    path = folder / "damaged.db"
    db = open_database(path, create=True)
    load_demo(db)
    db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    for leftover in folder.glob("damaged.db-*"):
        leftover.unlink()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def test_a_truncated_database_is_refused_and_untouched(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    path = _truncated_database(tmp_path)
    before = _snapshot(tmp_path)
    for args in (["--db", str(path), "list"], ["list", "--db", str(path)], ["--db", str(path), "demo"]):
        code, out, err = run_main(*args)
        assert code != 0 and out == ""
        assert "is damaged" in _one_sentence(err) and "restore it from a backup" in err
    assert _snapshot(tmp_path) == before


def test_other_unusable_paths(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        open_database(tmp_path)
    foreign = tmp_path / "other-app.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(StorageError, match="a SQLite database, but not an accountmgr one"):
        open_database(foreign)
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-app.db"]


def test_an_empty_file_becomes_a_new_private_database(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    path.touch(mode=0o644)
    db = open_database(path, create=True)
    create_account(db, {"name": "Acme"})
    db.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(StorageError, match=r"The folder .*a/b does not exist, so there is no database at .*c\.db\."):
        open_database(tmp_path / "a" / "b" / "c.db", create=True)
    assert not (tmp_path / "a").exists()


def test_the_console_script_reports_one_sentence(tmp_path: Path) -> None:
    """The installed command, in a real process: no traceback, non-zero exit, the file untouched."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run(
        [str(ACCOUNTMGR), "list", "--db", str(notes)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1 and result.stdout == ""
    _one_sentence(result.stderr)
    assert notes.read_text() == "not a database"


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_backup_is_consistent_while_another_connection_is_writing(db, tmp_path: Path) -> None:  # noqa: ANN001
    create_account(db, {"name": "Committed Ltd"})
    writer = sqlite3.connect(db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO account (name, industry, region, organisation, value_chain, customer_profile, strategy_notes, "
        "current_level, notes, archived, created_at, updated_at) "
        "VALUES ('Uncommitted Ltd', '', '', '', '', '', '', 'prospect', '', 0, '2026-01-01', '2026-01-01')"
    )
    try:
        copy = tmp_path / "copy" / "backup.db"
        online_backup(db.path, copy)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _integrity(copy) == "ok"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT name FROM account").fetchall() == [("Committed Ltd",)]
    conn.close()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not list(copy.parent.glob("*.partial"))
    reopened = open_database(copy)
    reopened.close()


def test_backup_onto_the_database_itself_is_refused(db) -> None:  # noqa: ANN001
    with pytest.raises(StorageError, match="must not be the database itself"):
        online_backup(db.path, db.path)


def test_paths_that_cannot_hold_a_database(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(StorageError, match="is not a regular file"):
        open_database(fifo)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder should be")
    code, out, err = run_main("--db", str(blocker / "sub" / "x.db"), "list")
    assert code == 1 and out == ""
    assert _one_sentence(err) == (
        f"accountmgr: {blocker} is a file, not a folder, so there is no database at {blocker / 'sub' / 'x.db'}.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "pipe"]


def test_a_locked_database_is_one_sentence(db, monkeypatch, run_main) -> None:  # noqa: ANN001
    """Another process holding the write lock past the busy timeout: a clear refusal, nothing half-written."""
    import accountmgr.db

    monkeypatch.setattr(accountmgr.db, "BUSY_TIMEOUT_MS", 50)
    csv = db.path.with_name("one.csv")
    csv.write_text("name\nAcme\n")
    holder = sqlite3.connect(db.path, isolation_level=None)
    holder.execute("PRAGMA busy_timeout = 0")
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run_main("import", "accounts", str(csv), "--db", str(db.path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "Imported" not in out  # the mapping is printed before the import waits for the lock
    assert _one_sentence(err) == "accountmgr: The database could not be used (database is locked); nothing was changed."
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM account").fetchone()[0] == 0
    conn.close()


def test_backup_into_a_folder_gets_a_dated_name_and_failures_leave_nothing(db, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "backups"
    folder.mkdir()
    written = online_backup(db.path, folder)
    assert written.parent == folder and written.name.startswith("test-") and written.suffix == ".db"
    assert _integrity(written) == "ok"
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(StorageError, match=r"Cannot write the backup to .*file.txt/copy.db"):
        online_backup(db.path, blocker / "copy.db")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "test.db" and not p.name.startswith("test.db-")) == [
        "backups", "file.txt"]


KILL_DURING_IMPORT = """
import os, signal, sys
from accountmgr.db import open_database
from accountmgr.services import import_write, importer

original = import_write.write

def write_then_die(conn, decider, source, progress=None):
    original(conn, decider, source, progress)
    os.kill(os.getpid(), signal.SIGKILL)  # the rows are written, the transaction not yet committed

import_write.write = write_then_die
importer.import_accounts(open_database(sys.argv[1]), sys.argv[2])
"""


def test_a_process_killed_in_the_middle_of_an_import_leaves_a_sound_database(tmp_path: Path) -> None:
    path = tmp_path / "accounts.db"
    open_database(path, create=True).close()
    csv = tmp_path / "accounts.csv"
    csv.write_text("name,owner\n" + "".join(f"Account {i},Owner {i % 3}\n" for i in range(2000)))
    result = subprocess.run([sys.executable, "-c", KILL_DURING_IMPORT, str(path), str(csv)], timeout=60)
    assert result.returncode == -9
    assert _integrity(path) == "ok"
    db = open_database(path)
    try:
        with db.connection() as conn:
            assert conn.execute("SELECT COUNT(*) FROM account").fetchone()[0] == 0
            assert conn.execute("SELECT COUNT(*) FROM team_member").fetchone()[0] == 0
            assert conn.execute("SELECT COUNT(*) FROM activity_log").fetchone()[0] == 0
        from accountmgr.services.importer import import_accounts

        assert import_accounts(db, csv).created == 2000
    finally:
        db.close()


def test_cli_works_while_the_app_holds_unwritten_log_pages(db, run_main) -> None:  # noqa: ANN001
    """The app keeps the database open; pages still in the write-ahead log must not look like damage."""
    load_demo(db)
    with db.connection() as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    create_account(db, {"name": "Written while open"})
    assert db.path.with_name(db.path.name + "-wal").stat().st_size > 0
    code, out, err = run_main("--db", str(db.path), "list", "--json")
    assert code == 0, err
    assert "Written while open" in out


# --- a mistyped path is not a new database -------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["export", "Acme"], ["export", "--all", "-o", "plans"],
                                     ["calendar", "Acme"], ["backup", "-o", "copy.db"]])
def test_reading_commands_refuse_a_missing_database(tmp_path: Path, run_main, command: list[str]) -> None:  # noqa: ANN001
    typo = tmp_path / "acounts.db"
    code, out, err = run_main("--db", str(typo), *command)
    assert code == 1 and out == ""
    assert _one_sentence(err) == (
        f"accountmgr: There is no database at {typo} (check the path); to create one, run accountmgr demo or "
        "accountmgr import accounts FILE.csv, or just accountmgr to start.")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_an_unknown_address_or_an_unreachable_server_is_refused_by_every_command(
    tmp_path: Path, run_main  # noqa: ANN001
) -> None:
    os.chdir(tmp_path)
    for command in (["list"], ["demo"], ["import", "accounts", "x.csv"]):
        code, out, err = run_main("--db", "nodir/x.db", *command)
        assert code == 1 and out == ""
        assert _one_sentence(err) == "accountmgr: The folder nodir does not exist, so there is no database at nodir/x.db."
        code, out, err = run_main("--db", "mysql://anna:pw@crm.example.com/accounts", *command)
        assert code == 1 and out == ""
        assert _one_sentence(err) == (
            "accountmgr: mysql: addresses are not supported; give a database file's path or a postgresql:// address.")
        # The address as typed (not turned into a path, postgresql:/anna@…), without its password.
        code, out, err = run_main("--db", f"postgresql://anna:pw@{str(tmp_path).replace('/', '%2F')}/accounts", *command)
        assert code == 1 and out == ""
        assert _one_sentence(err).startswith(f"accountmgr: Cannot connect to postgresql://anna@{str(tmp_path).replace('/', '%2F')}/accounts (")
        assert ":pw" not in err
    assert list(tmp_path.iterdir()) == []


def test_demo_and_import_create_the_database_and_say_so(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    new = tmp_path / "new.db"
    code, out, err = run_main("--db", str(new), "demo")
    assert code == 0 and out.startswith(f"Loaded the demo portfolio into {new}: 14 accounts")
    assert err == f"Created a new database at {new}.\n"
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    code, _, err = run_main("--db", str(new), "list")
    assert code == 0 and err == ""


def test_a_refused_import_leaves_no_new_database_behind(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    csv = tmp_path / "people.csv"
    csv.write_text("account;name\nNo Such Account;Anna Rossi\n", encoding="utf-8")
    code, _out, err = run_main("--db", str(tmp_path / "new.db"), "import", "people", str(csv))
    assert code == 1
    assert "Created a new database" not in err and err.splitlines()[-1].startswith("accountmgr: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]
    code, _out, err = run_main("--db", str(tmp_path / "new.db"), "import", "people", str(csv), "--dry-run")
    assert code == 1 and "Created a new database" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_the_app_asks_before_creating_a_database_at_a_new_path(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    import accountmgr.app
    from accountmgr import cli

    opened: list[Path] = []
    monkeypatch.setattr(accountmgr.app, "make_app", lambda db, **_: type("App", (), {"run": lambda self: opened.append(db.path)})())
    typo = tmp_path / "acounts.db"
    result = CliRunner().invoke(cli.app, ["--db", str(typo)], input="\n")  # Enter takes the default: no
    assert result.exit_code == 1 and opened == [] and not typo.exists()
    assert result.stdout == f"There is no database at {typo}. Create a new one? [y/N]: \n"
    result = CliRunner().invoke(cli.app, ["--db", str(typo)], input="y\n")
    assert result.exit_code == 0 and opened == [typo] and typo.exists()
    # The default location is made on a first run without a question.
    result = CliRunner().invoke(cli.app, [])
    assert result.exit_code == 0 and opened[-1] == Path.home() / ".local" / "share" / "accountmgr" / "accountmgr.db"


def test_backup_leaves_nothing_beside_the_source(demo_db, tmp_path: Path, run_main) -> None:  # noqa: ANN001
    demo_db.close()
    (tmp_path / "backups").mkdir()
    beside = sorted(p.name for p in demo_db.path.parent.iterdir())
    assert beside == ["backups", "test.db"]
    code, _, err = run_main("--db", str(demo_db.path), "backup", "-o", str(tmp_path / "backups"))
    assert code == 0, err
    assert sorted(p.name for p in demo_db.path.parent.iterdir()) == beside  # no -wal, no -shm


def test_a_damaged_page_found_later_is_confirmed_then_reported_once(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    """The schema reads fine but an account page is garbage: list says damaged (quick_check agrees), in one sentence."""
    path = tmp_path / "accounts.db"
    db = open_database(path, create=True)
    load_demo(db)
    with db.connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'account'").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    code, out, err = run_main("--db", str(path), "list")
    assert code == 1 and out == ""
    assert _one_sentence(err).startswith(f"accountmgr: {path} is damaged (")
    assert err.rstrip().endswith("restore it from a backup.")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40))
def test_any_typed_path_is_refused_in_one_sentence_and_creates_nothing(tmp_path: Path, name: str) -> None:
    """Whatever is typed after --db, a reading command gets a StorageError (one sentence) and nothing is created."""
    folder = tmp_path / "typed"
    folder.mkdir(exist_ok=True)
    try:
        open_database(folder / name)
    except StorageError as error:
        said = str(error).replace(str(folder / name), "PATH").replace(str((folder / name).parent), "FOLDER")
        assert "\n" not in said and said.endswith("."), said
    else:  # the text named an existing folder's file? there are none: nothing may open
        raise AssertionError(f"{name!r} opened")
    assert list(folder.rglob("*")) == []
