"""A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, a unix socket there, no TCP.

PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` user (``runuser``) in a
folder that user owns. Settings trade durability for speed (fsync off): the data dies with the test run.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"

FAST_SETTINGS = (
    "listen_addresses = ''",
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = off",
    "max_connections = 100",
    "shared_buffers = 32MB",
    "log_min_messages = warning",
)


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: $ACCOUNTMGR_PG_BINDIR if set (and then only it), else
    ``pg_config --bindir``, else the newest /usr/lib/postgresql/*/bin."""
    candidates: list[str] = []
    chosen = os.environ.get("ACCOUNTMGR_PG_BINDIR")
    if chosen:
        candidates.append(chosen)
    elif shutil.which("pg_config"):
        done = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            candidates.append(done.stdout.strip())
    if not chosen:
        candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _version_key(folder: str) -> int:
    part = Path(folder).parent.name
    return int(part) if part.isdigit() else 0


def missing_reason() -> str | None:
    """Why no cluster can be started here (None when it can)."""
    if find_bindir() is None:
        return ("no PostgreSQL server binaries (initdb, pg_ctl) found via $ACCOUNTMGR_PG_BINDIR, pg_config "
                "--bindir or /usr/lib/postgresql/*/bin; install the Debian package postgresql")
    if os.geteuid() == 0 and _run_as_user() is None:
        return "running as root and there is no 'postgres' user to run the server as"
    return None


def _run_as_user() -> str | None:
    import pwd

    try:
        return pwd.getpwnam("postgres").pw_name
    except KeyError:
        return None


@dataclass
class Cluster:
    """A running cluster; ``url(dbname)`` is an address usable with ``--db`` and ``open_database``."""

    folder: Path
    bindir: Path
    port: int = 5432

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{quote(user)}@/{quote(dbname)}?host={self.socket_dir}"

    def psql_conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.socket_dir} dbname={dbname} user={SUPERUSER}"

    def execute(self, *statements: str, dbname: str = "postgres") -> None:
        """Run statements as the superuser, each on its own (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(self.psql_conninfo(dbname), autocommit=True, connect_timeout=30,
                             options="-c statement_timeout=60000") as conn:
            for statement in statements:
                conn.execute(statement)

    def stop(self) -> None:
        _as_server_user([str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                         "-w", "stop"], check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_server_user(command: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done


def start_cluster(prefix: str = "accountmgr-pg-") -> Cluster:
    """initdb and start a cluster in a new temporary folder (owned by the server's user when we are root)."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(missing_reason() or "no PostgreSQL binaries")
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    os.chmod(folder, 0o755)  # the socket lives here: clients of any user must reach it
    data = folder / "data"
    _as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                     "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
    with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write("\n".join((*FAST_SETTINGS, f"unix_socket_directories = '{folder}'")) + "\n")
    cluster = Cluster(folder=folder, bindir=bindir)
    done = _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                            "-w", "-t", "60", "start"], check=False)
    if done.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-2000:] if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()} {log}")
    return cluster


class Databases:
    """Fresh databases cut from one migrated template database (CREATE DATABASE … TEMPLATE is a file copy)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.count = 0
        self._templates: dict[str, str] = {}

    def template(self, name: str, fill=None) -> str:  # noqa: ANN001
        """The template database *name*, created once: migrated by open_database, then filled by *fill(db)*."""
        if name not in self._templates:
            from accountmgr.db import open_database

            self.cluster.execute(f'CREATE DATABASE "{name}"')
            database = open_database(self.cluster.url(name), create=True)
            try:
                if fill is not None:
                    fill(database)
            finally:
                database.close()
            self._templates[name] = name
        return self._templates[name]

    def fresh(self, template: str | None = None, fill=None) -> str:  # noqa: ANN001
        """A new database's address: a copy of *template* (migrated empty by default), or empty without one."""
        self.count += 1
        name = f"test_{os.getpid()}_{self.count}"
        source = self.template(template or "tpl_empty", fill)
        self.cluster.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return self.cluster.url(name)

    def empty(self) -> str:
        """A new database without any table (as a team's IT would hand it over)."""
        self.count += 1
        name = f"blank_{os.getpid()}_{self.count}"
        self.cluster.execute(f'CREATE DATABASE "{name}"')
        return self.cluster.url(name)

    def drop(self, url: str) -> None:
        """Drop a test's database (its connections are cut); a failure only leaves it for the cluster's end."""
        import psycopg

        name = url.rsplit("/", 1)[-1].split("?", 1)[0]
        try:
            self.cluster.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.Error:
            pass
