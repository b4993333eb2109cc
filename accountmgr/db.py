"""Opening, checking, creating and upgrading the SQLite database.

The database holds personal data of customer contacts, so a new file is
readable by its owner only. Every connection runs with foreign keys on, WAL
journaling (readers never block the writer; a killed process leaves a
consistent file) and a busy timeout (the CLI may write while the app runs).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel

SCHEMA_REVISION = "0003"
"""The newest migration shipped with this version (tests check it is Alembic's head)."""

KNOWN_REVISIONS = ("0001", "0002", "0003")
"""Every revision this version can upgrade from, oldest first."""

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class StorageError(Exception):
    """The database cannot be used; the message is one sentence for the user."""


class Database:
    """An open accountmgr database: the engine plus a transactional session scope."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """The raw DB-API connection, for fast read paths and the online backup."""
        with self.engine.connect() as conn:
            yield conn.connection.dbapi_connection  # type: ignore[misc]

    def close(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a confirmed edit survives a power cut too, not only a killed process.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def sqlite_url(path: Path) -> URL:
    """The URL built from parts, so a '?' or '#' in a file name stays part of the name."""
    return URL.create("sqlite", database=str(path))


def make_engine(path: Path) -> Engine:
    """An engine for the file at *path*, with the pragmas every connection needs."""
    engine = create_engine(sqlite_url(path), connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    return engine


def open_database(path: Path | str, *, backup_dir: Path | None = None) -> Database:
    """Open *path*, creating or upgrading it as needed; raise StorageError if unusable.

    A file that is not ours, damaged, or from a newer version is left untouched.
    An older one is copied beside itself before it is upgraded.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file.")
    if path.exists() and not path.is_file():
        raise StorageError(f"{path} is not a regular file, so it cannot hold a database.")
    existed = path.exists()
    is_new = not existed or path.stat().st_size == 0
    revision = None if is_new else _inspect_existing(path)
    if is_new or revision == "":
        return _create_database(path, remove_on_failure=not existed)
    if revision not in KNOWN_REVISIONS:
        raise StorageError(
            f"{path} was written by a newer version of accountmgr (schema {revision}); "
            "upgrade accountmgr to open it."
        )
    if revision != SCHEMA_REVISION:
        backup = _backup_before_upgrade(path, revision, backup_dir)
        try:
            upgrade(path)
        except Exception as exc:  # pragma: no cover - upgrade failures are rare and must not lose data
            raise StorageError(
                f"Upgrading {path} failed ({exc}); your data is safe in {backup}."
            ) from exc
    return Database(path, make_engine(path))


def _create_database(path: Path, *, remove_on_failure: bool) -> Database:
    """A new database with the current schema; on failure nothing we created is left behind."""
    engine: Engine | None = None
    blocking = next((parent for parent in path.parents if parent.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise StorageError(f"Cannot create a database at {path}: {blocking} is a file, not a folder.")
    try:
        _create_private_file(path)
        engine = make_engine(path)
        _create_schema(engine)
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        if engine is not None:
            engine.dispose()
        if remove_on_failure:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                with suppress(OSError):
                    leftover.unlink()
        raise StorageError(f"Cannot create a database at {path} ({_reason(exc)}).") from exc
    return Database(path, engine)


def _reason(exc: BaseException) -> str:
    """The short cause of an OS or SQLite error, without SQLAlchemy's statement dump."""
    original = getattr(exc, "orig", None) or exc
    if isinstance(original, OSError) and original.strerror:
        return original.strerror.lower()
    return str(original).splitlines()[0].rstrip(".")


def _inspect_existing(path: Path) -> str:
    """Check an existing file without writing to it; return its schema revision.

    "" means a valid but empty SQLite file (treated as new).
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StorageError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not header.startswith(SQLITE_HEADER):
        raise StorageError(f"{path} is not an accountmgr database (it is not a SQLite file).")
    # Without a -wal file beside it, read it as immutable: SQLite then creates no -wal/-shm
    # files either, so a file we refuse is left exactly as we found it.
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(_uri(path, flags), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StorageError(f"Cannot open {path}: {exc}.") from exc
    try:
        # A truncated file still has a valid header; its pages do not add up. The size
        # is read from the file's own header: PRAGMA page_count would include pages still
        # in the write-ahead log (the app running beside a CLI command), which are not
        # in the main file yet.
        if path.stat().st_size < _declared_size(header):
            raise StorageError(f"{path} is damaged (the file is shorter than its contents); restore it from a backup.")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return ""
        if "alembic_version" not in tables or "account" not in tables:
            raise StorageError(f"{path} is a SQLite database, but not an accountmgr one.")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None:
            raise StorageError(f"{path} is damaged (it has no schema version); restore it from a backup.")
        return str(row[0])
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is damaged or not a database ({exc}); restore it from a backup.") from exc
    finally:
        conn.close()


def _declared_size(header: bytes) -> int:
    """The main file's size according to its header, or 0 when the header does not say.

    The page count at offset 28 is valid only when the "version valid for" number
    (offset 92) equals the change counter (offset 24); older writers left it stale.
    """
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if header[92:96] != header[24:28]:
        return 0
    return page_size * int.from_bytes(header[28:32], "big")


def _uri(path: Path, query: str) -> str:
    """A SQLite URI for *path*: percent-encoded, so names with spaces, '#' or '?' work."""
    return f"{path.resolve().as_uri()}?{query}"


def _create_private_file(path: Path) -> None:
    """Create the file readable and writable by its owner only, before SQLite touches it.

    SQLite gives the -wal and -shm files the permissions of the database file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _create_schema(engine: Engine) -> None:
    """Create every table of the current schema and record its revision."""
    import accountmgr.models.tables  # noqa: F401  (registers the tables)

    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.exec_driver_sql("DELETE FROM alembic_version")
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (SCHEMA_REVISION,))


def _backup_before_upgrade(path: Path, revision: str, backup_dir: Path | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = (backup_dir or path.parent) / f"{path.name}.schema-{revision}.{stamp}.bak"
    online_backup(path, target)
    return target


def online_backup(source: Path, target: Path) -> Path:
    """A consistent copy of *source* via SQLite's backup API, safe while others write; returns where it went.

    A folder as *target* gets a dated file name inside it.
    """
    target = Path(target).expanduser()
    if target.is_dir():
        target = target / f"{Path(source).stem}-{datetime.now():%Y%m%d-%H%M%S}.db"
    if target.resolve() == Path(source).resolve():
        raise StorageError("The backup file must not be the database itself.")
    tmp = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
        src = sqlite3.connect(_uri(Path(source), "mode=ro"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        # Rename last, so a half-written copy never sits under the requested name.
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        with suppress(OSError):
            tmp.unlink()
        raise StorageError(f"Cannot write the backup to {target} ({_reason(exc)}).") from exc
    return target


def alembic_config(path: Path):  # noqa: ANN201 - alembic is imported only when upgrading
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "accountmgr:migrations")
    # env.py connects with this URL object; a URL in the ini options would be re-parsed.
    config.attributes["url"] = sqlite_url(path)
    return config


def upgrade(path: Path, revision: str = "head") -> None:
    """Run the shipped migrations on *path* up to *revision*."""
    from alembic import command

    command.upgrade(alembic_config(path), revision)
