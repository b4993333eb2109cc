"""What the commands write is private and never replaces a file by surprise: backup, calendar, export."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def demo_path(demo_db) -> Path:  # noqa: ANN001
    demo_db.close()
    return demo_db.path


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_calendar_plan_and_backup_files_are_private_whatever_the_umask(
    demo_path: Path, tmp_path: Path, run_main, umask: int  # noqa: ANN001
) -> None:
    previous = os.umask(umask)
    try:
        out = tmp_path / "out"
        for args in (["export", "brennero", "-o", str(out / "b.md")], ["calendar", "brennero", "-o", str(out / "b.ics")],
                     ["export", "--all", "-o", str(out / "plans")], ["backup", "-o", str(out / "bk" / "copy.db")]):
            code, _, err = run_main("--db", str(demo_path), *args)
            assert code == 0, err
    finally:
        os.umask(previous)
    assert mode(out) == 0o700 and mode(out / "plans") == 0o700 and mode(out / "bk") == 0o700
    files = [out / "b.ics", out / "b.md", out / "bk" / "copy.db", *(out / "plans").iterdir()]
    assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}


@pytest.mark.parametrize("command", [["calendar", "brennero"], ["backup"]])
def test_an_existing_file_is_refused_without_force_and_replaced_with_it(
    demo_path: Path, tmp_path: Path, run_main, command: list[str]  # noqa: ANN001
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Call Chiara on Monday.\n")
    code, out, err = run_main("--db", str(demo_path), *command, "-o", str(notes))
    assert (code, out) == (1, "")
    assert err == f"accountmgr: {notes} already exists; add --force to replace it.\n"
    assert notes.read_text() == "Call Chiara on Monday.\n"
    code, out, err = run_main("--db", str(demo_path), *command, "-o", str(notes), "--force")
    assert code == 0, err
    assert notes.read_text(errors="replace") != "Call Chiara on Monday.\n" and mode(notes) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != demo_path.name and "-" not in p.name) == ["notes.txt"]


def test_a_plan_replaces_an_earlier_plan_but_another_file_only_with_force(
    demo_path: Path, tmp_path: Path, run_main  # noqa: ANN001
) -> None:
    plan = tmp_path / "b.md"
    assert run_main("--db", str(demo_path), "export", "brennero", "-o", str(plan))[0] == 0
    assert run_main("--db", str(demo_path), "export", "brennero", "-o", str(plan))[0] == 0  # refreshing it
    notes = tmp_path / "notes.md"
    notes.write_text("mine\n")
    code, _, err = run_main("--db", str(demo_path), "export", "brennero", "-o", str(notes))
    assert code == 1
    assert err == (f"accountmgr: {notes} already exists; it was not written by an export; "
                   "choose another name or add --force.\n")
    assert run_main("--db", str(demo_path), "export", "brennero", "-o", str(notes), "--force")[0] == 0
    assert notes.read_text(encoding="utf-8").startswith("# Account plan: Brennero Foods")
    code, _, err = run_main("--db", str(demo_path), "export", "--all", "-o", str(tmp_path / "p"), "--force")
    assert code == 1 and err.startswith("accountmgr: --force is for one plan;")


def test_export_all_over_a_folder_of_ones_own_is_refused_and_leaves_it_alone(
    demo_path: Path, tmp_path: Path, run_main  # noqa: ANN001
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "contract.pdf").write_bytes(b"%PDF")
    code, _, err = run_main("--db", str(demo_path), "export", "--all", "-o", str(docs))
    assert code == 1
    assert err == f"accountmgr: {docs} holds files an export did not write; choose another folder.\n"
    assert [p.name for p in docs.iterdir()] == ["contract.pdf"]


def test_the_app_refreshes_its_own_calendar_file_but_not_someone_elses(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    from accountmgr.services import calendar_export as ce
    from accountmgr.services.accounts import find_account
    from accountmgr.services.private_files import TargetExists

    account = find_account(demo_db, "Brennero Foods")
    target = tmp_path / "b.ics"
    ce.export_calendar(demo_db, account.id, target)
    ce.export_calendar(demo_db, account.id, target, replace_own=True)
    with pytest.raises(TargetExists):
        ce.export_calendar(demo_db, account.id, target)
    other = tmp_path / "other.ics"
    other.write_text("BEGIN:VCALENDAR\r\nPRODID:-//Someone else//EN\r\n")
    with pytest.raises(TargetExists):
        ce.export_calendar(demo_db, account.id, other, replace_own=True)


async def test_the_app_says_a_full_disk_left_the_previous_export_intact(
    demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    import errno

    from textual.widgets import Static

    from accountmgr.app import make_app
    from accountmgr.screens.export_portfolio import ExportPortfolioScreen
    from accountmgr.services import private_files
    from accountmgr.services.plan_export import export_all

    target = tmp_path / "plans"
    export_all(demo_db, target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    real_write, writes = private_files._write_all, []

    def fills_up_after_three(path: Path, payload: bytes) -> None:
        writes.append(path)
        if len(writes) > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, payload)

    monkeypatch.setattr(private_files, "_write_all", fills_up_after_three)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = ExportPortfolioScreen(target)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(screen.query_one("#export-status", Static).content)
    assert status == f"Could not write the export (no space left on device); the previous export in {target} is intact."
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
