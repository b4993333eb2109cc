"""Opening, creating and upgrading a shared PostgreSQL database (psycopg 3).

The address is handed to libpq as typed, so everything libpq reads works: ``postgresql://user@host:port/db``,
a unix-socket folder (``?host=/run/postgresql`` or ``%2Frun%2Fpostgresql`` as the host), the ``PG*``
variables, ``~/.pgpass`` and service files (``postgresql:///?service=team``). A password is never needed on
the command line, and never shown: every message names the database by its user, host, port and name only.

The schema is created or upgraded in one transaction (PostgreSQL's DDL is transactional) under an advisory
lock, so two users starting at once do not both try. A role that may not write the tables gets the database
read-only, as a read-only SQLite file does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SCHEME = re.compile(r"^(postgresql|postgres)(\+psycopg)?://", re.IGNORECASE)

SCHEMA_LOCK = 0x61636D01
"""The advisory lock held while the schema is created or upgraded ("acm" + 1)."""

LOCK_TIMEOUT_MS = 5000
"""How long a statement waits for a row lock before giving up (SQLite's busy timeout has the same length)."""

_SECRET_KEYS = {"password", "passfile", "sslpassword"}


def is_postgres_address(target: object) -> bool:
    """True when *target* is text naming a PostgreSQL server (postgresql://…, postgres://…)."""
    return isinstance(target, str) and bool(_SCHEME.match(target.strip()))


def libpq_address(address: str) -> str:
    """The address as libpq reads it: SQLAlchemy's ``+psycopg`` driver suffix removed, nothing else changed."""
    return _SCHEME.sub(lambda m: f"{m.group(1).lower()}://", address.strip(), count=1)


def without_password(address: str) -> str:
    """*address* with any password dropped (from the user part and from the query), for messages."""
    try:
        parts = urlsplit(libpq_address(address))
    except ValueError:
        return "the PostgreSQL database"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hosts = netloc.rpartition("@")
        netloc = f"{userinfo.split(':', 1)[0]}@{hosts}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _SECRET_KEYS]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe="/"), ""))


def connected_label(conn: Connection) -> str:
    """Who and where we are connected, without a password: ``postgresql://user@host:port/dbname``."""
    info = conn.connection.dbapi_connection.info  # type: ignore[union-attr]  # a live connection always has its driver connection
    host = info.host or ""
    if host.startswith("/"):
        where = f"/{quote(info.dbname)}?host={host}" if str(info.port) == "5432" else (
            f"/{quote(info.dbname)}?host={host}&port={info.port}")
        return f"postgresql://{quote(info.user)}@{where}"
    return f"postgresql://{quote(info.user)}@{host}:{info.port}/{quote(info.dbname)}"


def make_pg_engine(address: str, *, read_only: bool = False, **kwargs: object) -> Engine:
    """An engine connecting through libpq with *address* as typed (see the module's docstring)."""
    import psycopg

    conninfo = libpq_address(address)

    def connect() -> psycopg.Connection:
        conn = psycopg.connect(conninfo, application_name="accountmgr")
        # As SQLite's busy timeout: a save waits a while for a row someone else is writing, then says so.
        # Unless the user chose a lock timeout of their own (PGOPTIONS, options= in the address).
        if (conn.execute("SHOW lock_timeout").fetchone() or ("",))[0] == "0":
            conn.execute(f"SET lock_timeout = {int(LOCK_TIMEOUT_MS)}")
        conn.commit()
        return conn

    engine = create_engine("postgresql+psycopg://", creator=connect, pool_pre_ping=True, **kwargs)
    if read_only:
        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection, _record) -> None:  # noqa: ANN001
            # The server then refuses every write of this session in one error we turn into a sentence.
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
    return engine


def reason(exc: BaseException) -> str:
    """The first line of a server or libpq error, without SQLAlchemy's statement dump."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    first = lines[0] if lines else type(original).__name__
    return first.removeprefix("connection failed: ").rstrip(".")


def read_revision(conn: Connection) -> str:
    """The schema revision of the connected database: "" for a database without tables of ours.

    Raises LookupError naming what is wrong when the database holds other tables.
    """
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if "account" in tables or not tables:
            return "" if not tables else _not_ours()
        return _not_ours()
    if "account" not in tables:
        return _not_ours()
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    if row is None:
        raise LookupError("it has no schema version")
    return str(row[0])


def _not_ours() -> str:
    raise LookupError("it holds tables, but not an accountmgr schema")


def write_denied_reason(conn: Connection, tables: list[str]) -> str | None:
    """Why this role may not write the accountmgr tables (None when it may): checked with the server's grants."""
    if conn.execute(text("SHOW transaction_read_only")).scalar() == "on":
        return "the server accepts no writes"
    rows = conn.execute(
        text("SELECT t FROM unnest(CAST(:tables AS text[])) AS t "
             "WHERE to_regclass(t) IS NOT NULL AND NOT (has_table_privilege(t, 'INSERT') AND has_table_privilege(t, 'UPDATE') "
             "AND has_table_privilege(t, 'DELETE'))"),
        {"tables": tables},
    ).all()
    if rows:
        role = conn.execute(text("SELECT current_user")).scalar()
        return f"the role {role} may not write it"
    return None


def take_lock(conn: Connection, key: int) -> None:
    """Wait for the advisory lock *key*, held until the transaction ends (commit, rollback or a lost client)."""
    conn.execute(select(text(f"pg_advisory_xact_lock({int(key)})")))


def in_schema_lock(engine: Engine, work: Callable[[Connection, str], None]) -> None:
    """Run *work(conn, revision)* in one transaction holding the schema lock, with the revision read under it."""
    with engine.begin() as conn:
        take_lock(conn, SCHEMA_LOCK)
        work(conn, read_revision(conn))


def pg_dump_backup(address: str, label: str, revision: str, folder: Path) -> Path:
    """``pg_dump -Fc`` of the database into a private, dated file in *folder* before an upgrade."""
    from accountmgr.services.private_files import make_private_dir

    make_private_dir(folder)
    return pg_dump_to(address, folder / f"{dump_stem(label)}.schema-{revision}.{datetime.now():%Y%m%d-%H%M%S}.dump")


def dump_stem(label: str) -> str:
    """A file name for copies of the database *label* names: its database name."""
    dbname = urlsplit(label).path.lstrip("/")
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", dbname) or "postgres"


def pg_dump_to(address: str, target: Path) -> Path:
    """``pg_dump -Fc`` into *target* (0600, appearing whole or not at all); FileNotFoundError without pg_dump,
    RuntimeError with pg_dump's last line when it fails."""
    executable = shutil.which("pg_dump")
    if executable is None:
        raise FileNotFoundError("pg_dump")
    partial = target.with_name(target.name + ".partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        done = subprocess.run(  # noqa: S603 - the address is one argument, never through a shell
            [executable, "-Fc", "-f", str(partial), "-d", libpq_address(address)],
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(_last_line(done.stderr) or "pg_dump failed")
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    return target


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1].removeprefix("pg_dump: error: ").rstrip(".") if lines else ""


def vacuum(engine: Engine) -> str:
    """VACUUM the database (outside any transaction, as the server requires), so erased rows' space is reclaimed
    now; "" when done, else why not. Tables the role does not own are skipped by the server with a warning only."""
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
    except SQLAlchemyError as exc:
        return f"the server could not vacuum the tables: {reason(exc)}"
    return ""
