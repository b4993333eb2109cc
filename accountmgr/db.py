"""Opening, checking, creating and upgrading the database: a SQLite file, or a team's PostgreSQL server.

``open_database`` takes either; a ``postgresql://`` address is handled by ``open_server_database`` with the
server specifics in ``db_postgres.py``. What follows describes the SQLite file.

The database holds personal data of customer contacts, so a new file is
readable by its owner only. Every connection runs with foreign keys on, WAL
journaling (readers never block the writer; a killed process leaves a
consistent file) and a busy timeout (the CLI may write while the app runs).

A missing file is created only when the caller says so (a mistyped path must
not look like an empty portfolio). Creating the schema and upgrading it each
run in one transaction, so a kill leaves either the old state or the new one.
A file we may not write (or whose folder we may not write: WAL needs its -wal
and -shm files) is opened read-only, and a write to it is refused in one
sentence. "Damaged" is said only when SQLite itself fails and its quick_check
confirms it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from sqlalchemy import URL, Connection, Engine, create_engine, event, pool
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel

from accountmgr.services.errors import DomainError

SCHEMA_REVISION = "0005"
"""The newest migration shipped with this version (tests check it is Alembic's head)."""

KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0007", "0006", "0005")
"""Every revision this version can upgrade from, oldest first."""

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

_SQLITE_READONLY = 8
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:/")
"""postgresql://…, file:/…: a scheme of two letters or more, so a Windows drive (C:/) is still a path."""


class StorageError(Exception):
    """The database cannot be used; the message is one sentence for the user."""


class DatabaseMissing(StorageError):
    """There is no database at the path (or the server database has no schema), and the caller did not ask to
    create one."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(f"There is no database at {path}.")
        self.path = path


class ReadOnlyError(DomainError, StorageError):
    """A change to a database opened read-only.

    A DomainError too, so every form and pane that shows a refusal shows this one the same way.
    """


class Database:
    """An open accountmgr database: the engine plus a transactional session scope.

    *path* is the SQLite file (None on a PostgreSQL server); *label* is how messages name the database (the
    file's path, or the server address without its password).
    """

    def __init__(
        self, path: Path | None, engine: Engine, *, read_only_reason: str | None = None,
        label: str | None = None, address: str | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.label = label or str(path)
        self.address = address
        """The server address as typed (it may hold a password: never show it); None for a SQLite file."""
        self.read_only_reason = read_only_reason
        """Why the database is open read-only (e.g. "the file is read-only"); None when it is writable."""

    @property
    def read_only(self) -> bool:
        """True when nothing can be saved: the file or its folder is not writable, or the role may not write."""
        return self.read_only_reason is not None

    @property
    def is_server(self) -> bool:
        """True on a PostgreSQL server, False for a SQLite file."""
        return self.path is None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def location(self) -> str:
        """What names this database to ``--db`` and ``open_database``: the file's path, or the address as typed
        (which may hold a password: for passing on, never for showing)."""
        return self.address if self.address is not None else str(self.path)

    @property
    def name(self) -> str:
        """The short name for a header: the file's name, or the server address without its password."""
        return self.path.name if self.path is not None else self.label

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException as exc:
                session.rollback()
                self._raise_plainly(exc)
                raise

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """The raw DB-API connection, for fast read paths and the online backup."""
        with self.engine.connect() as conn:
            try:
                yield conn.connection.dbapi_connection  # type: ignore[misc]  # a live connection always has its driver connection
            except BaseException as exc:
                self._raise_plainly(exc)
                raise

    def _raise_plainly(self, exc: BaseException) -> None:
        """Turn a refused write on a read-only database, or a damaged SQLite page, into one sentence."""
        if self.path is None:
            self._raise_plainly_server(exc)
            return
        error = _sqlite_error(exc)
        if error is None:
            return
        code = _code(error)
        if code == _SQLITE_READONLY and self.read_only:
            raise ReadOnlyError(
                f"{self.path.name} is open read-only ({self.read_only_reason}), so changes cannot be saved."
            ) from exc
        if code in _DAMAGE_CODES:
            verdict = damage_verdict(self.path, error)
            if verdict is not None:
                raise verdict from exc

    def _raise_plainly_server(self, exc: BaseException) -> None:
        """A write refused by the server (read-only transaction, missing grant) on a read-only database."""
        sqlstate = getattr(getattr(exc, "orig", exc), "sqlstate", None)
        if sqlstate in _PG_READ_ONLY_STATES and self.read_only:
            raise ReadOnlyError(
                f"{self.label} is open read-only ({self.read_only_reason}), so changes cannot be saved."
            ) from exc

    def close(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.label!r})"


_PG_READ_ONLY_STATES = {"25006", "42501"}  # read_only_sql_transaction, insufficient_privilege


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    original = getattr(exc, "orig", exc)
    return original if isinstance(original, sqlite3.Error) else None


def _code(error: BaseException) -> int:
    """SQLite's primary result code (the extended code's low byte)."""
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a confirmed edit survives a power cut too, not only a killed process.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # The journal mode is the file's own; setting it would be a write.
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


def sqlite_url(path: Path) -> URL:
    """The URL built from parts, so a '?' or '#' in a file name stays part of the name."""
    return URL.create("sqlite", database=str(path))


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine for the file at *path*, with the pragmas every connection needs.

    Read-only, it connects through a ``mode=ro`` URI (``immutable`` when there is no -wal file, so that
    nothing is created beside a file whose folder we may not write).
    """
    if not read_only:
        engine = create_engine(sqlite_url(path), connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_connect)
        return engine
    uri = _uri(path, _read_only_query(path))

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=pool.QueuePool)
    event.listen(engine, "connect", _on_connect_read_only)
    return engine


def transactional_engine(url: URL, *, foreign_keys: bool = True) -> Engine:
    """An engine whose transactions include DDL: the whole block commits, or nothing of it does.

    pysqlite commits DDL on its own unless it is told not to manage transactions (SQLAlchemy's
    "serializable isolation / savepoints / transactional DDL" recipe): BEGIN IMMEDIATE is ours.
    """
    engine = create_engine(url, poolclass=pool.NullPool, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _take_control(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        # Outside any transaction: journal mode and foreign keys cannot change inside one.
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
        dbapi_connection.execute("PRAGMA synchronous = FULL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def open_database(
    path: Path | str, *, create: bool = False, backup_dir: Path | None = None, upgrade_without_backup: bool = False
) -> Database:
    """Open *path* (a SQLite file, or a ``postgresql://`` address), upgrading it as needed; raise StorageError if
    unusable.

    A missing file (or an empty server database) gets the schema only when *create*. A missing folder is always
    an error. A database that is not ours, damaged, or from a newer version is left untouched. An older one is
    copied first (beside the file; on a server with ``pg_dump`` into *backup_dir*) and then upgraded. A file or
    role that may not write opens read-only (see ``Database.read_only``).
    """
    from accountmgr.db_postgres import is_postgres_address

    if is_postgres_address(path):
        return open_server_database(
            str(path), create=create, backup_dir=backup_dir, upgrade_without_backup=upgrade_without_backup
        )
    refuse_address(path)
    path = Path(path).expanduser()
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file.")
    if path.exists() and not path.is_file():
        raise StorageError(f"{path} is not a regular file, so it cannot hold a database.")
    if not path.exists():
        check_folder(path)
        if not create:
            raise DatabaseMissing(path)
        return _create_database(path, remove_on_failure=True)
    read_only_reason = _read_only_reason(path)
    revision = "" if path.stat().st_size == 0 else _inspect_existing(path)
    if revision == "":
        if read_only_reason:
            raise StorageError(f"{path} is empty and cannot be written ({read_only_reason}).")
        return _create_database(path, remove_on_failure=False)
    if revision not in KNOWN_REVISIONS:
        raise StorageError(
            f"{path} was written by a newer version of accountmgr (schema {revision}); "
            "upgrade accountmgr to open it."
        )
    if revision != SCHEMA_REVISION:
        if read_only_reason:
            raise StorageError(
                f"{path} was written by an older version of accountmgr and must be upgraded, "
                f"but it cannot be written ({read_only_reason})."
            )
        backup = _backup_before_upgrade(path, revision, backup_dir)
        try:
            upgrade(path)
        except Exception as exc:
            # The upgrade runs in one transaction: the file is still the version it was.
            raise StorageError(
                f"Upgrading {path} failed ({_reason(exc)}); it was left as it was, and a copy is in {backup}."
            ) from exc
    return Database(path, make_engine(path, read_only=read_only_reason is not None), read_only_reason=read_only_reason)


def refuse_address(path: Path | str) -> None:
    """Refuse an address accountmgr cannot open (checked on the text as typed): only postgresql:// ones are served."""
    from accountmgr.db_postgres import is_postgres_address, without_password

    if _URL_LIKE.match(str(path)) and not is_postgres_address(path):
        shown = without_password(str(path)).split("://", 1)[0]
        raise StorageError(
            f"{shown}: addresses are not supported; give a database file's path or a postgresql:// address."
        )


def server_backup_dir() -> Path:
    """Where copies of a server database taken before an upgrade go: a private folder beside the default file."""
    from accountmgr.paths import default_db_path

    return default_db_path().parent / "backups"


def open_server_database(
    address: str, *, create: bool = False, backup_dir: Path | None = None, upgrade_without_backup: bool = False
) -> Database:
    """Open the PostgreSQL database at *address* (see ``open_database``)."""
    import accountmgr.models.tables  # noqa: F401  (registers the tables)
    from accountmgr import db_postgres as pg

    shown = pg.without_password(address)
    engine = pg.make_pg_engine(address)
    try:
        with engine.connect() as conn:
            label = pg.connected_label(conn)
            revision = pg.read_revision(conn)
            denied = pg.write_denied_reason(conn, sorted(SQLModel.metadata.tables))
    except LookupError as exc:
        engine.dispose()
        raise StorageError(f"{shown} is not an accountmgr database ({exc}).") from exc
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise StorageError(f"Cannot connect to {shown} ({pg.reason(exc)}).") from exc
    try:
        if revision == "" and not create:
            raise DatabaseMissing(label)
        if revision not in ("", *KNOWN_REVISIONS):
            raise StorageError(
                f"{label} was written by a newer version of accountmgr (schema {revision}); "
                "upgrade accountmgr to open it."
            )
        if revision != SCHEMA_REVISION and denied:
            if not revision:
                raise StorageError(f"{label} holds no accountmgr data yet and cannot be written ({denied}).")
            raise StorageError(
                f"{label} was written by an older version of accountmgr and must be upgraded, "
                f"but it cannot be written ({denied})."
            )
        if revision != SCHEMA_REVISION:
            backup = None
            if revision and not upgrade_without_backup:
                backup = _server_backup_before_upgrade(address, label, revision, backup_dir)
            try:
                pg.in_schema_lock(engine, _bring_schema_up_to_date)
            except SQLAlchemyError as exc:
                kept = f", and a copy is in {backup}" if backup else ""
                if not revision:
                    raise StorageError(f"Cannot create the schema in {label} ({pg.reason(exc)}).") from exc
                raise StorageError(
                    f"Upgrading {label} failed ({pg.reason(exc)}); it was left as it was{kept}."
                ) from exc
    except BaseException:
        engine.dispose()
        raise
    if denied:
        engine.dispose()
        engine = pg.make_pg_engine(address, read_only=True)
    return Database(None, engine, read_only_reason=denied, label=label, address=address)


def _bring_schema_up_to_date(conn: Connection, revision: str) -> None:
    """Under the schema lock: create the schema, or upgrade it, unless another process just did."""
    if revision == "":
        SQLModel.metadata.create_all(conn)
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
        )
        conn.exec_driver_sql("DELETE FROM alembic_version")
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (%s)", (SCHEMA_REVISION,))
    elif revision != SCHEMA_REVISION:
        from alembic import command

        command.upgrade(alembic_config(conn), "head")


def server_backup(database: Database, target: Path) -> Path:
    """A consistent copy of a server database with ``pg_dump -Fc`` (a folder gets a dated file); returns where."""
    from accountmgr import db_postgres as pg

    target = Path(target).expanduser()
    if target.is_dir():
        target = target / f"{pg.dump_stem(database.label)}-{datetime.now():%Y%m%d-%H%M%S}.dump"
    try:
        return pg.pg_dump_to(database.address or "", target)
    except FileNotFoundError as exc:
        raise StorageError(
            "pg_dump is not on the PATH; install PostgreSQL's client programs (Debian: postgresql-client) "
            "to back up a server database."
        ) from exc
    except (OSError, RuntimeError) as exc:
        raise StorageError(f"Cannot write the backup to {target} ({pg.reason(exc)}).") from exc


def _server_backup_before_upgrade(address: str, label: str, revision: str, backup_dir: Path | None) -> Path:
    """pg_dump the server database before an upgrade; without pg_dump, refuse and say what to do."""
    from accountmgr import db_postgres as pg

    try:
        return pg.pg_dump_backup(address, label, revision, backup_dir or server_backup_dir())
    except FileNotFoundError as exc:
        raise StorageError(
            f"{label} was written by an older version of accountmgr and must be upgraded, and pg_dump is not on "
            "the PATH to copy it first: take a copy with pg_dump -Fc, then run again with --upgrade-without-backup."
        ) from exc
    except (OSError, RuntimeError) as exc:
        raise StorageError(
            f"{label} was not upgraded: its copy with pg_dump failed ({pg.reason(exc)}); "
            "take one yourself, then run again with --upgrade-without-backup."
        ) from exc


def check_folder(path: Path) -> None:
    """A database can only be created in a folder that exists: a missing one is a typo more often than not."""
    refuse_address(path)
    existing = next((parent for parent in path.parents if parent.exists()), None)
    if existing is not None and not existing.is_dir():
        raise StorageError(f"{existing} is a file, not a folder, so there is no database at {path}.")
    if not path.parent.is_dir():
        raise StorageError(f"The folder {path.parent} does not exist, so there is no database at {path}.")


def remove_if_unused(database: Database) -> bool:
    """Close *database* and delete its files if nothing was ever written to it; True when deleted."""
    try:
        with database.connection() as conn:
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('alembic_version', 'sqlite_sequence')")]
            used = any(conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0] for table in tables)
    except (sqlite3.Error, SQLAlchemyError, StorageError):
        used = True  # when in doubt, keep it
    database.close()
    if used:
        return False
    for leftover in _files_of(database.path) if database.path is not None else ():
        with suppress(OSError):
            leftover.unlink()
    return True


def _files_of(path: Path) -> tuple[Path, Path, Path]:
    """The database file and the -wal and -shm files SQLite keeps beside it."""
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _read_only_reason(path: Path) -> str | None:
    """Why *path* must be opened read-only, or None when we may write it and create its -wal and -shm."""
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK):
        return "its folder is read-only"
    return None


def _create_database(path: Path, *, remove_on_failure: bool) -> Database:
    """A new database with the current schema; on failure nothing we created is left behind."""
    engine: Engine | None = None
    try:
        _create_private_file(path)
        _create_schema(path)
        engine = make_engine(path)
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        if engine is not None:
            engine.dispose()
        if remove_on_failure:
            for leftover in _files_of(path):
                with suppress(OSError):
                    leftover.unlink()
        raise StorageError(f"Cannot create a database at {path} ({_reason(exc)}).") from exc
    return Database(path, engine)


def _reason(exc: BaseException) -> str:
    """The short cause of an OS or SQLite error, without SQLAlchemy's statement dump."""
    original = getattr(exc, "orig", None) or exc
    if isinstance(original, OSError) and original.strerror:
        return original.strerror.lower()
    return (str(original).splitlines() or [type(original).__name__])[0].rstrip(".")


def _inspect_existing(path: Path) -> str:
    """Check an existing file without writing to it; return its schema revision.

    "" means a valid SQLite file without tables (treated as new: a first run killed before its schema was
    committed leaves one).
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StorageError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not header.startswith(SQLITE_HEADER):
        raise StorageError(f"{path} is not an accountmgr database (it is not a SQLite file).")
    try:
        # Without a -wal file beside it the file is read as immutable: SQLite then creates no -wal/-shm
        # either, so a file we refuse is left exactly as we found it.
        return _read_revision(path, _uri(path, _read_only_query(path)))
    except sqlite3.DatabaseError:
        # An immutable read takes no lock, so it can catch another process's checkpoint half-way:
        # read again the way SQLite coordinates with writers before judging the file.
        pass
    try:
        return _read_revision(path, _locked_uri(path))
    except sqlite3.DatabaseError as exc:
        raise (damage_verdict(path, exc) or StorageError(f"Cannot read {path} ({_reason(exc)}).")) from exc


def _read_revision(path: Path, uri: str) -> str:
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return ""
        if "alembic_version" not in tables or "account" not in tables:
            raise StorageError(f"{path} is a SQLite database, but not an accountmgr one.")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None:
            raise StorageError(f"{path} is damaged (it has no schema version); restore it from a backup.")
        return str(row[0])
    finally:
        conn.close()


def damage_verdict(path: Path, error: BaseException) -> StorageError | None:
    """After SQLite failed reading *path*: the refusal to show, or None when its quick_check finds it sound.

    Called only once something has failed: a quick_check reads every page, which a large file should not
    pay for on every start.
    """
    try:
        conn = sqlite3.connect(_locked_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            findings = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if _code(exc) not in _DAMAGE_CODES:
            return StorageError(f"Cannot read {path} ({_reason(exc)}).")
        findings = [_reason(exc)]
    except sqlite3.Error as exc:
        return StorageError(f"Cannot read {path} ({_reason(exc)}).")
    if findings == ["ok"]:
        return None
    detail = _reason(error) if _code(error) in _DAMAGE_CODES else findings[0]
    return StorageError(f"{path} is damaged ({detail}); restore it from a backup.")


def _read_only_query(path: Path) -> str:
    """URI options to read *path* without writing anything beside it."""
    wal = path.with_name(path.name + "-wal")
    return "mode=ro" if wal.exists() else "mode=ro&immutable=1"


def _locked_uri(path: Path) -> str:
    """A URI that reads *path* under SQLite's locks and leaves no -wal/-shm behind.

    A read-write connection removes the -wal and -shm files when it is the last to close; a read-only
    one cannot, so a file we may not write is read as immutable when it has no -wal (nobody else can
    write it either).
    """
    if _read_only_reason(path) is None:
        return _uri(path, "mode=rw")
    return _uri(path, _read_only_query(path))


def _uri(path: Path, query: str) -> str:
    """A SQLite URI for *path*: percent-encoded, so names with spaces, '#' or '?' work."""
    return f"{path.resolve().as_uri()}?{query}"


def _create_private_file(path: Path) -> None:
    """Create the file readable and writable by its owner only, before SQLite touches it.

    SQLite gives the -wal and -shm files the permissions of the database file.
    """
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _create_schema(path: Path) -> None:
    """Create every table of the current schema and record its revision, in one transaction."""
    import accountmgr.models.tables  # noqa: F401  (registers the tables)

    engine = transactional_engine(sqlite_url(path))
    try:
        with engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
            conn.exec_driver_sql(
                "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
            )
            conn.exec_driver_sql("DELETE FROM alembic_version")
            conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (SCHEMA_REVISION,))
    finally:
        engine.dispose()


def _backup_before_upgrade(path: Path, revision: str, backup_dir: Path | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = (backup_dir or path.parent) / f"{path.name}.schema-{revision}.{stamp}.bak"
    online_backup(path, target)
    return target


def online_backup(source: Path, target: Path) -> Path:
    """A consistent copy of *source* via SQLite's backup API, safe while others write; returns where it went.

    A folder as *target* gets a dated file name inside it. Nothing is left beside *source*.
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
        # Read-write when allowed: the last connection to close removes the -wal and -shm it needed.
        src = sqlite3.connect(_locked_uri(Path(source)), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
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
        if isinstance(exc, sqlite3.DatabaseError) and _code(exc) in _DAMAGE_CODES:
            verdict = damage_verdict(Path(source), exc)
            if verdict is not None:
                raise verdict from exc
        raise StorageError(f"Cannot write the backup to {target} ({_reason(exc)}).") from exc
    return target


def alembic_config(target: Path | Connection):  # noqa: ANN201 - alembic is imported only when upgrading
    """Alembic's settings for a SQLite file, or for a server connection already in its transaction."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "accountmgr:migrations")
    if isinstance(target, Connection):
        config.attributes["connection"] = target
    else:
        # env.py connects with this URL object; a URL in the ini options would be re-parsed.
        config.attributes["url"] = sqlite_url(target)
    return config


def upgrade(path: Path, revision: str = "head") -> None:
    """Run the shipped migrations on *path* up to *revision*, all in one transaction."""
    from alembic import command

    command.upgrade(alembic_config(path), revision)
