"""A database that cannot be written still opens for reading: the CLI and the app say so, and refuse saves plainly."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from accountmgr.app import make_app
from accountmgr.db import Database, ReadOnlyError, make_engine
from accountmgr.screens.account_form import AccountFormScreen
from accountmgr.services.accounts import count_accounts, create_account, find_account

ACCOUNTMGR = Path(sys.executable).with_name("accountmgr")
AS_ROOT = os.geteuid() == 0


def _read_only(database: Database) -> Database:
    """*database* as accountmgr opens a file it may not write."""
    database.close()
    return Database(database.path, make_engine(database.path, read_only=True), read_only_reason="the file is read-only")


async def test_the_app_says_read_only_and_a_save_gets_a_sentence_not_a_traceback(demo_db: Database) -> None:
    db = _read_only(demo_db)
    try:
        app = make_app(db)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert app.sub_title == "test.db · read-only"
            await pilot.press("e")  # the edit key says so instead of opening a form that can only be refused
            await pilot.pause()
            assert not isinstance(app.screen, AccountFormScreen)
            # A form still open when the file turned read-only says why on its message line.
            await app.push_screen(AccountFormScreen(find_account(db, "Brennero").id))
            await pilot.pause()
            app.screen.query_one("#field-industry", Input).value = "Changed"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, AccountFormScreen)  # still open, with the reason on its message line
            message = str(app.screen.query_one("#form-error").content)
            assert message == "test.db is open read-only (the file is read-only), so changes cannot be saved."
            await pilot.press("escape", "a", "y")  # archive from the portfolio: a notice, not a traceback
            await pilot.pause()
            assert app.is_running and type(app.screen).__name__ == "PortfolioScreen"
        assert app.return_code in (0, None)
        with sqlite3.connect(db.path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM account WHERE industry = 'Changed' OR archived").fetchone()[0] == 0
        conn.close()
    finally:
        db.close()


def test_a_service_write_is_a_read_only_error(demo_db: Database) -> None:
    db = _read_only(demo_db)
    try:
        before = count_accounts(db)
        with pytest.raises(ReadOnlyError, match="is open read-only"):
            create_account(db, {"name": "Never Saved"})
        assert count_accounts(db) == before
    finally:
        db.close()


# --- the real thing: files and folders this user may not write ----------------------------------------------------

# Root writes anywhere; without these capabilities it obeys the permission bits like any user.
NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"] if AS_ROOT else []


@pytest.fixture(autouse=True)
def _restore_permissions(tmp_path: Path) -> Iterator[None]:
    yield
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    if AS_ROOT and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot take write permission away")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "LANG": "C.UTF-8"}
    return subprocess.run([*NO_OVERRIDE, str(ACCOUNTMGR), *args], capture_output=True, text=True, env=env, timeout=60)


def _demo_file(folder: Path, demo_db: Database) -> Path:
    path = folder / "accounts.db"
    demo_db.close()
    with sqlite3.connect(demo_db.path) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = WAL")
    src.close()
    dst.close()
    return path


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_a_read_only_file_lists_exports_and_backs_up_but_refuses_changes(tmp_path: Path, demo_db: Database) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = _demo_file(folder, demo_db)
    path.chmod(0o444)
    out = tmp_path / "out"
    out.mkdir()
    before = (path.read_bytes(), _beside(path))

    listed = _run("--db", str(path), "list", "--json", home=out)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 14
    assert listed.stderr == f"accountmgr: {path} is open read-only (the file is read-only).\n"
    exported = _run("--db", str(path), "export", "--all", "-o", str(out / "plans"), home=out)
    assert exported.returncode == 0, exported.stderr
    assert (out / "plans" / "README.md").exists()
    backed_up = _run("--db", str(path), "backup", "-o", str(out / "copy.db"), home=out)
    assert backed_up.returncode == 0, backed_up.stderr
    assert backed_up.stdout == f"Backed up {path} to {out / 'copy.db'}.\n"

    csv = out / "new.csv"
    csv.write_text("name\nAcme\n")
    for args in (["demo"], ["import", "accounts", str(csv)]):
        refused = _run("--db", str(path), *args, home=out)
        assert refused.returncode == 1 and refused.stdout == ""
        assert refused.stderr == (
            f"accountmgr: {path} cannot be written (the file is read-only), so nothing was changed.\n")
    assert (path.read_bytes(), _beside(path)) == before  # no -wal, no -shm, not a byte changed


@pytest.mark.parametrize(("mode", "reason"), [(0o600, "its folder is read-only"), (0o444, "the file is read-only")])
def test_a_file_in_a_read_only_folder_opens_read_only(tmp_path: Path, demo_db: Database, mode: int, reason: str) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = _demo_file(folder, demo_db)
    path.chmod(mode)
    folder.chmod(0o555)
    listed = _run("--db", str(path), "list", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "Portfolio (14 accounts)" in listed.stdout
    assert listed.stderr == f"accountmgr: {path} is open read-only ({reason}).\n"
    exported = _run("--db", str(path), "export", "Brennero", home=tmp_path)
    assert exported.returncode == 0 and "Brennero Foods" in exported.stdout
    assert _beside(path) == ["accounts.db"]
