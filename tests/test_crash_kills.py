"""Crash suite: real processes SIGKILLed at random moments leave a sound database, with all or nothing of each step.

Every kind of work is run once to completion to time it, then killed at random moments within that time (a
seeded random: set ACCOUNTMGR_CRASH_SEED to try other moments). After each kill: SQLite's integrity_check
passes, the next open works, the work is entirely there or entirely absent, and every save that was
acknowledged is there. The processes are forked from one that has already imported accountmgr
(tests/crash_zygote.py), so that a kill costs milliseconds rather than an interpreter start.
"""

from __future__ import annotations

import json
import os
import queue
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_migrations import _old_database
from test_storage import _integrity

from accountmgr.db import SCHEMA_REVISION, open_database

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="the forking killer needs Linux (pidfd_open)")

SEED = int(os.environ.get("ACCOUNTMGR_CRASH_SEED", "20261128"))
TRIALS = 20
"""Kills tried per kind of work (six kinds: at least 100 kills in all)."""
WORKERS = 2
ROUNDS = 4
ZYGOTE = Path(__file__).with_name("crash_zygote.py")

OLD_ACCOUNTS = 1500
IMPORT_ROWS = 3000


class Zygote:
    """One forking process; see crash_zygote.py."""

    def __init__(self, home: Path) -> None:
        env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
        env.pop("ACCOUNTMGR_DB", None)
        self.process = subprocess.Popen(
            [sys.executable, str(ZYGOTE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def run(self, work: str, args: list[str], out: Path, delay: float) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        request = {"work": work, "args": args, "out": str(out), "delay": delay}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def zygotes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[queue.Queue[Zygote]]:
    home = tmp_path_factory.mktemp("crash-home")
    pool: queue.Queue[Zygote] = queue.Queue()
    started = [Zygote(home) for _ in range(WORKERS)]
    for zygote in started:
        pool.put(zygote)
    yield pool
    for zygote in started:
        zygote.close()


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        count = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    conn.close()
    return count


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    conn.close()
    return revision


UPGRADING = threading.Lock()
"""Alembic keeps its migration context in module globals: one upgrade at a time in this process."""


def _opens_soundly(path: Path) -> None:
    """What the next start does: open (creating or upgrading as needed), then check every page."""
    with UPGRADING:
        open_database(path, create=True).close()
    assert _integrity(path) == "ok"


@dataclass
class Work:
    """One kind of work to kill: how to set up a trial folder, what to run, and what must hold afterwards."""

    prepare: Callable[[Path], tuple[str, list[str]]]
    check: Callable[[Path, dict, str], None]


def _first_run(templates: dict[str, Path]) -> Work:
    def prepare(trial: Path) -> tuple[str, list[str]]:
        return "cli", ["--db", str(trial / "new.db"), "demo"]

    def check(trial: Path, _result: dict, _out: str) -> None:
        path = trial / "new.db"
        if not path.exists():
            return  # killed before the file was made: the next run starts afresh
        _opens_soundly(path)  # never "not an accountmgr database"
        assert (_count(path, "account"), _count(path, "dmu_member")) in {(0, 0), (14, 70)}

    return Work(prepare, check)


def _upgrade(templates: dict[str, Path]) -> Work:
    def prepare(trial: Path) -> tuple[str, list[str]]:
        shutil.copyfile(templates["0001"], trial / "old.db")
        return "cli", ["--db", str(trial / "old.db"), "list", "--json"]

    def check(trial: Path, _result: dict, _out: str) -> None:
        path = trial / "old.db"
        assert _integrity(path) == "ok"
        assert _revision(path) in {"0001", SCHEMA_REVISION}  # never half-way
        for backup in trial.glob("old.db.schema-0001.*.bak"):  # a copy that was finished is the true old version
            assert _integrity(backup) == "ok" and _revision(backup) == "0001"
            assert _count(backup, "account") == OLD_ACCOUNTS + 1
        _opens_soundly(path)
        assert _revision(path) == SCHEMA_REVISION
        assert (_count(path, "account"), _count(path, "dmu_member")) == (OLD_ACCOUNTS + 1, 4 * OLD_ACCOUNTS + 1)

    return Work(prepare, check)


def _import(templates: dict[str, Path]) -> Work:
    def prepare(trial: Path) -> tuple[str, list[str]]:
        shutil.copyfile(templates["empty"], trial / "db.db")
        return "cli", ["--db", str(trial / "db.db"), "import", "accounts", str(templates["csv"])]

    def check(trial: Path, _result: dict, _out: str) -> None:
        path = trial / "db.db"
        _opens_soundly(path)
        assert (_count(path, "account"), _count(path, "team_member")) in {(0, 0), (IMPORT_ROWS, 5)}

    return Work(prepare, check)


def _demo(templates: dict[str, Path]) -> Work:
    def prepare(trial: Path) -> tuple[str, list[str]]:
        shutil.copyfile(templates["empty"], trial / "db.db")
        return "cli", ["--db", str(trial / "db.db"), "demo"]

    def check(trial: Path, _result: dict, _out: str) -> None:
        path = trial / "db.db"
        _opens_soundly(path)
        counts = (_count(path, "account"), _count(path, "dmu_member"), _count(path, "opportunity"))
        assert counts in {(0, 0, 0), (14, 70, 43)}

    return Work(prepare, check)


def _export(templates: dict[str, Path]) -> Work:
    def prepare(trial: Path) -> tuple[str, list[str]]:
        shutil.copyfile(templates["demo"], trial / "db.db")
        return "cli", ["--db", str(trial / "db.db"), "export", "--all", "-o", str(trial / "plans")]

    def check(trial: Path, _result: dict, _out: str) -> None:
        path = trial / "db.db"
        _opens_soundly(path)
        assert _count(path, "account") == 14

    return Work(prepare, check)


def _saves(templates: dict[str, Path]) -> Work:
    def prepare(trial: Path) -> tuple[str, list[str]]:
        shutil.copyfile(templates["demo"], trial / "db.db")
        return "saves", [str(trial / "db.db")]

    def check(trial: Path, _result: dict, out: str) -> None:
        path = trial / "db.db"
        _opens_soundly(path)
        acknowledged: dict[int, int] = {}
        for line in out.splitlines():
            if line.startswith("saved "):
                _, account_id, edit = line.split()
                acknowledged[int(account_id)] = int(edit)
        with sqlite3.connect(path) as conn:
            notes = dict(conn.execute("SELECT id, notes FROM account"))
        conn.close()
        for account_id, edit in acknowledged.items():
            # The save in flight may have committed without being acknowledged: it is the same or a later edit.
            assert int(notes[account_id].removeprefix("edit ")) >= edit, (account_id, edit, notes[account_id])

    return Work(prepare, check)


WORKS = {"first run": _first_run, "upgrade from 0001": _upgrade, "import": _import, "demo": _demo,
         "export --all": _export, "form saves": _saves}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory, _empty_template: Path, _demo_template: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crash-templates")
    old = folder / "0001.db"
    _old_database(old)
    with sqlite3.connect(old) as conn:
        conn.executemany(
            "INSERT INTO account (name, industry, region, owner_id, organisation, value_chain, customer_profile, "
            "strategy_notes, current_level, notes, archived, created_at, updated_at) VALUES (?, 'Food', 'North', 1, "
            "'', '', '', '', 'buyer', ?, 0, '2025-01-01 09:00:00', '2025-01-01 09:00:00')",
            [(f"Old account {i}", "n" * 100) for i in range(OLD_ACCOUNTS)])
        conn.execute(
            "INSERT INTO dmu_member (account_id, name, title, department, roles, influence, attitude, inner_circle, "
            "org_criteria, personal_criteria, personal_objectives, personal_win, coverage, email, phone, notes, "
            "created_at, updated_at) SELECT a.id, 'Person ' || n.k, 'Buyer', 'Purchasing', '[]', 'medium', "
            "'neutral', 0, '', '', '', '', 'unknown', '', '', '', a.created_at, a.updated_at FROM account a, "
            "(SELECT 1 AS k UNION SELECT 2 UNION SELECT 3 UNION SELECT 4) n WHERE a.name LIKE 'Old account %'")
    # Into the file itself (trials copy the file alone), whether or not a connection left open is collected yet.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    csv = folder / "accounts.csv"
    csv.write_text("name,owner,industry,region,purchase potential\n" + "".join(
        f"Imported {i},Owner {i % 5},Industry {i % 9},Region {i % 4},{i * 10}k\n" for i in range(IMPORT_ROWS)))
    return {"0001": old, "empty": _empty_template, "demo": _demo_template, "csv": csv}


@pytest.mark.parametrize("name", list(WORKS))
def test_killed_at_random_moments(name: str, zygotes: queue.Queue, templates: dict[str, Path], tmp_path: Path) -> None:
    work = WORKS[name](templates)
    rng = random.Random(f"{SEED}-{name}")

    def trial(number: int, delay: float) -> dict:
        folder = tmp_path / f"trial-{number}"
        folder.mkdir()
        what, args = work.prepare(folder)
        (folder / "out.txt").touch()  # a child killed before it opened its output leaves it empty
        zygote = zygotes.get()
        try:
            result = zygote.run(what, args, folder / "out.txt", delay)
        finally:
            zygotes.put(zygote)
        out = (folder / "out.txt").read_text()
        try:
            work.check(folder, result, out)
        except AssertionError as failure:
            raise AssertionError(f"{name}, trial {number}, killed after {delay:.3f} s: {failure}\n{out}") from failure
        return result

    # Once to the end: it must succeed, and it says how long the work takes (saves run until killed).
    whole = trial(0, 1.0 if name == "form saves" else 60.0)
    assert whole["status"] == (-9 if name == "form saves" else 0), (tmp_path / "trial-0" / "out.txt").read_text()
    duration = whole["seconds"]
    killed, number = 0, 0
    # A busy machine makes run times vary: work that finished before its kill counts for nothing, and
    # teaches how long the work takes now; a few rounds reach the number of kills.
    for _ in range(ROUNDS):
        wanted = TRIALS - killed
        if wanted <= 0:
            break
        delays = [rng.uniform(0.0, duration * 0.95) for _ in range(wanted)]
        with ThreadPoolExecutor(WORKERS) as pool:
            results = list(pool.map(trial, range(number + 1, number + wanted + 1), delays))
        number += wanted
        killed += sum(result["killed"] for result in results)
        duration = min([duration, *(result["seconds"] for result in results if not result["killed"])])
    print(f"{name}: {killed} killed in {number} runs (the whole work took {whole['seconds']:.2f} s)")
    assert killed >= TRIALS
