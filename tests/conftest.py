"""Shared fixtures: every test gets its own temporary database; nothing touches real user data."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from accountmgr.db import Database, open_database


@pytest.fixture(autouse=True)
def _unfreeze_gc() -> Iterator[None]:
    """Review mode freezes its scored portfolio out of the collector's scans (process-wide): undo it after each test,
    so that a later test in the same process sees every object again."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def _isolate_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default data and config directories and $ACCOUNTMGR_DB away from the real ones; nobody is "me"."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for variable in ("ACCOUNTMGR_DB", "ACCOUNTMGR_AS", "ACCOUNTMGR_CONFIG"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


def _template(path: Path, fill: Callable[[Database], object] | None = None) -> Path:
    """Create a database once per session; tests get copies (creating the schema costs ~300 ms, a copy ~5 ms)."""
    database = open_database(path, create=True)
    if fill is not None:
        fill(database)
    with database.connection() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


def _copy(template: Path, target: Path) -> Database:
    shutil.copyfile(template, target)
    os.chmod(target, 0o600)  # as open_database would have created it
    return open_database(target)


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("templates") / "empty.db")


GC_THRESHOLDS = (50_000, 20, 20)
"""The collector's thresholds in the tests' processes. A Pilot test allocates millions of short-lived objects in a
process holding hundreds of thousands of long-lived ones (Textual, SQLAlchemy, the app); with the default
thresholds (700, 10, 10) collecting took a fifth of the suite's CPU time. Memory is plentiful, and reference
counting still frees nearly everything at once."""


IDLE_WINDOW = 1 / 100
"""How long Pilot watches the process for idleness in ``pilot.pause()`` and after each pressed key (Textual's own is
1/50 s, with idle meaning under a twentieth of it on the CPU). Every key costs two such windows asleep: at 1/50 s
over half of a Pilot test's time on an idle machine was spent waiting in them. A test that waits for work done in
the background waits for it (``app.workers.wait_for_complete()`` or a bounded poll), never on this window."""


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    # Textual has no public setting for it; its module reads both values on every wait.
    import textual._wait

    textual._wait.SLEEP_GRANULARITY = IDLE_WINDOW
    textual._wait.SLEEP_IDLE = IDLE_WINDOW / 20
    config.addinivalue_line(
        "markers", "both_engines: run the test's ``db`` / ``demo_db`` on SQLite and on PostgreSQL in turn")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test (or module, with ``pytestmark``) marked ``both_engines`` runs once per engine.

    ``ACCOUNTMGR_TEST_ENGINE=postgresql`` runs every test using ``db`` or ``demo_db`` on PostgreSQL only (to
    find what does not run there yet).
    """
    if not {"db", "demo_db"} & set(metafunc.fixturenames):
        return
    forced = os.environ.get("ACCOUNTMGR_TEST_ENGINE")
    if forced:
        metafunc.parametrize("db_engine", [forced], indirect=True)
    elif metafunc.definition.get_closest_marker("both_engines") is not None:
        metafunc.parametrize("db_engine", ENGINES, indirect=True)


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    """The engine ``db`` and ``demo_db`` use: SQLite unless the test is marked ``both_engines``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db(request: pytest.FixtureRequest, db_engine: str, db_path: Path) -> Iterator[Database]:
    """A fresh, empty database (a SQLite file; on PostgreSQL too for tests marked ``both_engines``)."""
    if db_engine == "postgresql":
        database = open_database(request.getfixturevalue("pg_url"))
    else:
        database = _copy(request.getfixturevalue("_empty_template"), db_path)
    yield database
    database.close()


FROZEN_NOW = __import__("datetime").datetime(2026, 11, 20, 9, 0)
"""The clock in tests and snapshots: a Friday morning."""


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    from accountmgr.services import clock

    with clock.frozen(FROZEN_NOW):
        yield


def _load_demo_frozen(database: Database) -> None:
    from accountmgr.services import clock
    from accountmgr.services.demo import load_demo

    with clock.frozen(FROZEN_NOW):
        load_demo(database)


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("templates") / "demo.db", _load_demo_frozen)


@pytest.fixture
def demo_db(
    request: pytest.FixtureRequest, db_engine: str, db_path: Path, frozen_clock: None
) -> Iterator[Database]:
    """A database holding the demo portfolio, loaded under the frozen clock (at ``db_path`` for SQLite)."""
    if "db" in request.fixturenames:
        # The test also asked for ``db``: fill that same database.
        database = request.getfixturevalue("db")
        _load_demo_frozen(database)
        yield database
        return
    if db_engine == "postgresql":
        databases = request.getfixturevalue("pg_databases")
        url = databases.fresh("tpl_demo", _load_demo_frozen)
        database = open_database(url)
        yield database
        database.close()
        databases.drop(url)
        return
    database = _copy(request.getfixturevalue("_demo_template"), db_path)
    yield database
    database.close()


@pytest.fixture
def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    """Run the real entry point in-process, as the console script does: ``run_main(*args) -> (code, out, err)``."""
    import sys

    from accountmgr import cli

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["accountmgr", *args])
        with pytest.raises(SystemExit) as caught:
            cli.main()
            raise SystemExit(0)
        out, err = capsys.readouterr()
        return int(caught.value.code or 0), out, err

    return run


@pytest.fixture
def disk_fills_up(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], list[Path]]:
    """``disk_fills_up(n)``: private files write normally n times, then the disk is full; returns the writes tried."""
    import errno

    from accountmgr.services import private_files

    real_write = private_files._write_all

    def after(count: int) -> list[Path]:
        writes: list[Path] = []

        def write(path: Path, payload: bytes) -> None:
            writes.append(path)
            if len(writes) > count:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_write(path, payload)

        monkeypatch.setattr(private_files, "_write_all", write)
        return writes

    return after


# --- PostgreSQL -------------------------------------------------------------------------------------------------
# One throwaway cluster per test process (each xdist worker starts its own: initdb + start take about 1 s), and
# one migrated template database in it; every test gets a fresh database copied from that template.

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():  # noqa: ANN201
    """The session's PostgreSQL cluster (tests/pg_cluster.py); skipped without server binaries, failed in CI."""
    import pg_cluster

    reason = pg_cluster.missing_reason()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}.", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {reason}.")
    try:
        cluster = pg_cluster.start_cluster()
    except RuntimeError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL test cluster did not start: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL test cluster did not start: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_databases(pg_server):  # noqa: ANN001, ANN201
    """Hands out fresh databases of the session's cluster (``fresh()``, ``empty()``, ``template(name, fill)``)."""
    from pg_cluster import Databases

    return Databases(pg_server)


@pytest.fixture
def pg_url(pg_databases) -> Iterator[str]:  # noqa: ANN001
    """The address of a fresh, empty (migrated) PostgreSQL database, e.g. ``postgresql://postgres@/test_1?host=…``."""
    url = pg_databases.fresh()
    yield url
    pg_databases.drop(url)


@pytest.fixture(params=ENGINES)
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path, _empty_template: Path) -> Iterator[str]:
    """A fresh, empty database on each engine in turn: a SQLite file's path, then a PostgreSQL address."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_url")
        return
    path = tmp_path / "test.db"
    _copy(_empty_template, path).close()
    yield str(path)


@pytest.fixture
def any_db(any_db_url: str) -> Iterator[Database]:
    """``any_db_url`` opened: the same tests run on SQLite and on PostgreSQL."""
    database = open_database(any_db_url)
    yield database
    database.close()
