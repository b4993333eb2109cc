"""Files with personal data: private whatever the umask, whole or absent, never written over by surprise."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from accountmgr.services import private_files as pf
from accountmgr.services.errors import DomainError


@pytest.fixture(params=[0o000, 0o022], ids=["umask000", "umask022"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test under a permissive umask, then restore the previous one."""
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_file_and_the_folders_made_for_it_are_private_whatever_the_umask(umask: int, tmp_path: Path) -> None:
    target = tmp_path / "new" / "deep" / "plan.md"
    assert pf.write_private(target, "Anna Rossi, +39 02 1234\n") == target
    assert target.read_text(encoding="utf-8") == "Anna Rossi, +39 02 1234\n"
    assert mode(target) == 0o600
    assert mode(tmp_path / "new") == 0o700 and mode(tmp_path / "new" / "deep") == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["plan.md"]  # no temporary file left behind


def test_an_existing_folder_of_the_users_keeps_its_mode(umask: int, tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    pf.write_private(tmp_path / "x.ics", b"BEGIN:VCALENDAR\r\n")
    assert mode(tmp_path) == 0o755 and mode(tmp_path / "x.ics") == 0o600


def test_an_existing_file_is_refused_unless_forced(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n")
    os.chmod(notes, 0o644)
    with pytest.raises(pf.TargetExists, match=r"notes\.txt already exists; add --force to replace it\.$"):
        pf.write_private(notes, "plan")
    assert notes.read_text() == "mine\n"
    with pytest.raises(pf.TargetExists, match="choose another name"):
        pf.write_private(notes, "plan", hint="choose another name")
    pf.write_private(notes, "plan", force=True)
    assert notes.read_text() == "plan" and mode(notes) == 0o600
    pf.write_private(notes, "again", may_replace=lambda p: p.read_text() == "plan")
    assert notes.read_text() == "again"
    with pytest.raises(pf.TargetExists):
        pf.write_private(notes, "third", may_replace=lambda p: False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_litter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.md"
    target.write_text("previous\n")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pf.os, "write", full)
    with pytest.raises(DomainError, match=r"^Could not write .*plan\.md \(no space left on device\)\.$"):
        pf.write_private(target, "new", force=True)
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_a_folder_target_or_a_file_in_the_way_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="is a folder; give a file name"):
        pf.write_private(tmp_path, "x")
    (tmp_path / "blocker").write_text("x")
    with pytest.raises(DomainError, match=r"^Could not make the folder .*blocker"):
        pf.write_private(tmp_path / "blocker" / "plan.md", "x")


def test_replace_dir_builds_aside_and_swaps_in_a_private_folder(umask: int, tmp_path: Path) -> None:
    target = tmp_path / "plans"

    def build(folder: Path) -> int:
        assert folder.parent == tmp_path and folder != target and mode(folder) == 0o700
        pf.write_private(folder / "a.md", "a")
        return 1

    assert pf.replace_dir(target, build) == 1
    assert mode(target) == 0o700 and [p.name for p in target.iterdir()] == ["a.md"]
    pf.replace_dir(target, lambda folder: pf.write_private(folder / "b.md", "b"))
    assert [p.name for p in target.iterdir()] == ["b.md"]  # the previous export is replaced whole
    assert [p.name for p in tmp_path.iterdir()] == ["plans"]


def test_replace_dir_failing_half_way_leaves_the_previous_folder_intact(tmp_path: Path) -> None:
    target = tmp_path / "plans"
    target.mkdir()
    (target / "old.md").write_text("old")

    def build(folder: Path) -> None:
        pf.write_private(folder / "one.md", "1")
        raise DomainError("Could not write two.md (no space left on device).")

    with pytest.raises(DomainError) as refused:
        pf.replace_dir(target, build)
    assert str(refused.value) == (
        f"Could not write two.md (no space left on device); the previous export in {target} is intact."
    )
    assert [p.name for p in target.iterdir()] == ["old.md"]
    assert [p.name for p in tmp_path.iterdir()] == ["plans"]


def test_replace_dir_refuses_a_file_or_a_folder_it_may_not_replace(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DomainError, match="is a file; give a folder"):
        pf.replace_dir(tmp_path / "file", lambda folder: None)
    (tmp_path / "docs").mkdir()
    with pytest.raises(DomainError, match="holds files an export did not write; choose another folder"):
        pf.replace_dir(tmp_path / "docs", lambda folder: None, may_replace=lambda folder: False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "file"]
