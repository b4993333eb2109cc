"""What every command of the command line shares: the --db option, opening the database, one-sentence errors,
plain tables and stored text made safe to print.

The commands live in ``cli`` and ``cli_team``; both import this module and neither imports the other's helpers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from accountmgr.paths import DB_ENV_VAR, resolve_db_path, uses_default_location

if TYPE_CHECKING:
    from accountmgr.db import Database

DbOption = Annotated[
    # Text, not a Path: a Path would turn postgresql://host into postgresql:/host before we can say what it is.
    Optional[str],
    typer.Option("--db", metavar="DATABASE", help=f"Database file, or a team's postgresql:// address (default: ${DB_ENV_VAR} or the user "
                              "data directory).", show_default=False),
]


class CliError(Exception):
    """A failure to report as one sentence on stderr."""


def open_db(
    ctx: typer.Context, db_path: str | Path | None, *, write: bool = False, create: bool | None = None,
    who: bool = True,
) -> "Database":
    """Open the database named after the command, else before it, else the default.

    A command that *writes* is refused on a database that cannot be written; the others open that one read-only,
    with a note on stderr. Only a command that may *create* (by default: one that writes) opens a missing
    database as a new one; it is kept, and announced, only if the command wrote something to it.
    With *who*, a command that writes logs its changes as made by "me" (see ``_act_as_me``).
    """
    create = write if create is None else create
    from accountmgr.db import DatabaseMissing, open_database, refuse_address

    chosen = db_path or (ctx.find_root().obj or {}).get("db")
    refuse_address(chosen or os.environ.get(DB_ENV_VAR) or "")
    address = server_address(chosen)
    if address is not None:
        database = _open_server(ctx, address, write=write, create=create)
        if who and write:
            _act_as_me(ctx, database, write=write)
        return database
    path = resolve_db_path(chosen)
    existed = path.exists()
    if uses_default_location(chosen):
        if create:
            make_default_folder(path)
        elif not existed:
            raise CliError(no_database(path))
    try:
        database = open_database(path, create=create)
    except DatabaseMissing as missing:
        raise CliError(no_database(missing.path)) from missing
    ctx.call_on_close(database.close)
    if not existed:
        ctx.with_resource(kept_if_written(database))
    if database.read_only:
        if write:
            raise CliError(f"{path} cannot be written ({database.read_only_reason}), so nothing was changed.")
        typer.echo(f"accountmgr: {path} is open read-only ({database.read_only_reason}).", err=True)
    if who and write:  # only changes are logged, so only a command that writes needs to know who runs it
        _act_as_me(ctx, database, write=write)
    return database


def as_option(ctx: typer.Context) -> str | None:
    return (ctx.find_root().obj or {}).get("as")


def _act_as_me(ctx: typer.Context, database: "Database", *, write: bool) -> None:
    """Log this run's changes as made by me: --as, else the config, else the only team member.

    A command that writes to a database with several team members and nobody chosen asks at a terminal,
    and is otherwise refused saying how to choose: every change on a shared database has an author.
    """
    from accountmgr.services import identity

    me = identity.resolve(database, as_option(ctx))
    if me is None and write and len(_team_names(database)) > 1:
        if not interactive():
            raise CliError(identity.how_to_choose(database, "Several people work on this database, so it must know who makes this change"))
        names = _team_names(database)
        typer.echo(f"Who are you on this database? The team: {', '.join(names)}.", err=True)
        answer = typer.prompt("Your name", err=True)
        me = identity.choose(database, answer, add=False)
        typer.echo(shown(f"You are {me.name} on this database from now on (accountmgr whoami to check)."), err=True)
    identity.act_as(database, me)


def _team_names(database: "Database") -> list[str]:
    from accountmgr.services.team import list_team

    return [member.name for member in list_team(database)]


def server_address(chosen: str | Path | None) -> str | None:
    """The postgresql:// address named by --db or $ACCOUNTMGR_DB, as typed (libpq reads it); None for a file."""
    from accountmgr.db_postgres import is_postgres_address

    named = str(chosen or os.environ.get(DB_ENV_VAR) or "")
    return named.strip() if is_postgres_address(named) else None


def _open_server(ctx: typer.Context, address: str, *, write: bool, create: bool) -> "Database":
    """A shared PostgreSQL database: an empty one gets the schema when the command may create."""
    from accountmgr.db import DatabaseMissing, open_database

    try:
        database = open_database(address, create=create, upgrade_without_backup=without_backup(ctx))
    except DatabaseMissing as missing:
        raise CliError(
            f"{missing.path} holds no accountmgr data yet; to start it, run accountmgr demo or "
            "accountmgr import accounts FILE.csv, or just accountmgr."
        ) from missing
    ctx.call_on_close(database.close)
    if database.read_only:
        if write:
            raise CliError(f"{database.label} cannot be written ({database.read_only_reason}), so nothing was changed.")
        typer.echo(f"accountmgr: {database.label} is open read-only ({database.read_only_reason}).", err=True)
    return database


def without_backup(ctx: typer.Context) -> bool:
    return bool((ctx.find_root().obj or {}).get("upgrade_without_backup"))


def no_database(path: Path | str) -> str:
    return (
        f"There is no database at {path} (check the path); to create one, run accountmgr demo or "
        "accountmgr import accounts FILE.csv, or just accountmgr to start."
    )


@contextmanager
def kept_if_written(database: "Database") -> Iterator[None]:
    """A database the command has just created: removed again when the command wrote nothing to it (a refused
    import or a dry run must not leave an empty database behind), otherwise announced."""
    from accountmgr.db import remove_if_unused

    try:
        yield
    except BaseException:
        remove_if_unused(database)
        raise
    if not remove_if_unused(database):
        typer.echo(f"Created a new database at {database.label}.", err=True)


def make_default_folder(path: Path) -> None:
    """The default data folder is ours to create on a first run (private: it holds personal data)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)



def interactive() -> bool:
    """Whether there is a person at a terminal to answer a question."""
    return sys.stdin.isatty()


def plain_table(columns: tuple[tuple[str, bool], ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max([len(heading)] + [len(row[i]) for row in rows]) for i, (heading, _) in enumerate(columns)]

    def line(values: tuple[str, ...] | list[str]) -> str:
        return "  ".join(
            value.rjust(width) if right else value.ljust(width)
            for value, width, (_, right) in zip(values, widths, columns)
        ).rstrip()

    rule = "  ".join("─" * width for width in widths)
    return "\n".join([line([heading for heading, _ in columns]), rule, *(line(row) for row in rows)])


def shown(message: str) -> str:
    """A message that may echo stored text (a name, a file's cell), with control characters made visible."""
    from accountmgr.services.safe_text import printable

    return printable(message, single_line=True)
