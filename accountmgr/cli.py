"""The command line. With no command it opens the TUI.

Every command takes ``--db PATH`` (or $ACCOUNTMGR_DB) before or after its
name. Errors are one sentence on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from accountmgr.cli_fit import CliColumn
from accountmgr.paths import DB_ENV_VAR, resolve_db_path, uses_default_location
from accountmgr.services.wording import plural, sentence, words

if TYPE_CHECKING:
    from accountmgr.db import Database

app = typer.Typer(
    name="accountmgr",
    help="Account management for B2B salespeople, following the ARTAX method. With no command, opens the app.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    # -h as well as --help, on every command (sub-commands inherit it from here).
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="In usage lines {NAME} must be given and [NAME] may be left out. Every command takes -h for its help.",
)

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
    address = _server_address(chosen)
    if address is not None:
        database = _open_server(ctx, address, write=write, create=create)
        if who and write:
            _act_as_me(ctx, database, write=write)
        return database
    path = resolve_db_path(chosen)
    existed = path.exists()
    if uses_default_location(chosen):
        if create:
            _make_default_folder(path)
        elif not existed:
            raise CliError(_no_database(path))
    try:
        database = open_database(path, create=create)
    except DatabaseMissing as missing:
        raise CliError(_no_database(missing.path)) from missing
    ctx.call_on_close(database.close)
    if not existed:
        ctx.with_resource(_kept_if_written(database))
    if database.read_only:
        if write:
            raise CliError(f"{path} cannot be written ({database.read_only_reason}), so nothing was changed.")
        typer.echo(f"accountmgr: {path} is open read-only ({database.read_only_reason}).", err=True)
    if who and write:  # only changes are logged, so only a command that writes needs to know who runs it
        _act_as_me(ctx, database, write=write)
    return database


def _as_name(ctx: typer.Context) -> str | None:
    return (ctx.find_root().obj or {}).get("as")


def _act_as_me(ctx: typer.Context, database: "Database", *, write: bool) -> None:
    """Log this run's changes as made by me: --as, else the config, else the only team member.

    A command that writes to a database with several team members and nobody chosen asks at a terminal,
    and is otherwise refused saying how to choose: every change on a shared database has an author.
    """
    from accountmgr.services import identity

    me = identity.resolve(database, _as_name(ctx))
    if me is None and write and len(_team_names(database)) > 1:
        if not _interactive():
            raise CliError(identity.how_to_choose(database, "Several people work on this database, so it must know who makes this change"))
        names = _team_names(database)
        typer.echo(f"Who are you on this database? The team: {', '.join(names)}.", err=True)
        answer = typer.prompt("Your name", err=True)
        me = identity.choose(database, answer, add=False)
        typer.echo(_shown(f"You are {me.name} on this database from now on (accountmgr whoami to check)."), err=True)
    identity.act_as(database, me)


def _team_names(database: "Database") -> list[str]:
    from accountmgr.services.team import list_team

    return [member.name for member in list_team(database)]


def _server_address(chosen: str | Path | None) -> str | None:
    """The postgresql:// address named by --db or $ACCOUNTMGR_DB, as typed (libpq reads it); None for a file."""
    from accountmgr.db_postgres import is_postgres_address

    named = str(chosen or os.environ.get(DB_ENV_VAR) or "")
    return named.strip() if is_postgres_address(named) else None


def _open_server(ctx: typer.Context, address: str, *, write: bool, create: bool) -> "Database":
    """A shared PostgreSQL database: an empty one gets the schema when the command may create."""
    from accountmgr.db import DatabaseMissing, open_database

    try:
        database = open_database(address, create=create, upgrade_without_backup=_without_backup(ctx))
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


def _without_backup(ctx: typer.Context) -> bool:
    return bool((ctx.find_root().obj or {}).get("upgrade_without_backup"))


def _no_database(path: Path | str) -> str:
    return (
        f"There is no database at {path} (check the path); to create one, run accountmgr demo or "
        "accountmgr import accounts FILE.csv, or just accountmgr to start."
    )


@contextmanager
def _kept_if_written(database: "Database") -> Iterator[None]:
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


def _make_default_folder(path: Path) -> None:
    """The default data folder is ours to create on a first run (private: it holds personal data)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)


def _open_for_the_app(ctx: typer.Context) -> "Database":
    """The database the app works on: the default one is created on a first run; another path only if the user
    says yes, since a mistyped path must not look like an empty portfolio."""
    from accountmgr.db import check_folder, open_database

    chosen = (ctx.find_root().obj or {}).get("db")
    address = _server_address(chosen)
    if address is not None:
        database = open_database(address, create=True, upgrade_without_backup=_without_backup(ctx))
        ctx.call_on_close(database.close)
        return database
    path = resolve_db_path(chosen)
    if uses_default_location(chosen):
        _make_default_folder(path)
    elif not path.exists() and not path.is_symlink():
        check_folder(path)  # a missing folder is refused before anything is asked
        if not typer.confirm(f"There is no database at {path}. Create a new one?", default=False):
            raise CliError(f"Nothing was created at {path}.")
    database = open_database(path, create=True)
    ctx.call_on_close(database.close)
    return database


AS_ENV_VAR = "ACCOUNTMGR_AS"

AsOption = Annotated[
    Optional[str],
    typer.Option("--as", metavar="NAME", envvar=AS_ENV_VAR, show_default=False,
                 help=f"Act as this team member for this run (also ${AS_ENV_VAR}); see accountmgr whoami."),
]


def _print_version(wanted: bool) -> None:
    """--version: the installed version, then exit (before any database is opened)."""
    if wanted:
        from accountmgr import __version__

        typer.echo(f"accountmgr {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_print_version, help="Print the version and exit.",
    )] = False,
    as_name: AsOption = None,
    upgrade_without_backup: Annotated[bool, typer.Option(
        "--upgrade-without-backup",
        help="Upgrade an older PostgreSQL database without the pg_dump copy (take one yourself first).",
    )] = False,
) -> None:
    """Open the app (no command), or run one of the commands below."""
    ctx.obj = {"db": db, "as": as_name, "upgrade_without_backup": upgrade_without_backup}
    if ctx.invoked_subcommand is None:
        database = _open_for_the_app(ctx)
        from accountmgr.app import make_app
        from accountmgr.services import identity

        me = identity.resolve(database, as_name)
        identity.act_as(database, me)
        # Nobody chosen yet on a writable database: the app asks first (added to the team, or picked from it).
        make_app(database, me=me, ask_who=me is None and not database.read_only).run()


ACCOUNT_HELP = "The account: its full name or a unique beginning of it (any case)."
"""What every command taking an account says of it (one name, ACCOUNT, everywhere)."""


@app.command("whoami")
def whoami_command(
    ctx: typer.Context,
    set_name: Annotated[Optional[str], typer.Option(
        "--set", metavar="NAME", show_default=False,
        help="Be NAME on this database from now on (added to the team if new), remembered in your config file.")] = None,
    forget: Annotated[bool, typer.Option("--forget", help="Forget who you are on this database.")] = False,
    db: DbOption = None,
) -> None:
    """Print who you are on the database: the team member your changes are logged for."""
    from accountmgr.services import identity
    from accountmgr.services.user_config import config_path

    database = open_db(ctx, db, write=set_name is not None, create=False, who=False)
    where = _database_shown(database)
    if forget:
        identity.forget(database)
        typer.echo(_shown(f"Forgot who you are on {where}; the next change asks again."))
        return
    if set_name is not None:
        added = identity.find_member(database, set_name) is None
        chosen_me = identity.choose(database, set_name)
        typer.echo(_shown(f"You are {chosen_me.name} on {where} from now on"
                          + (" (added to the team)." if added else ".")))
        return
    me = identity.resolve(database, _as_name(ctx))
    if me is None:
        raise CliError(identity.how_to_choose(database, f"Nobody is set on {where}"))
    how = {"--as": "for this run, from --as", "config": f"remembered in {config_path()}",
           "only member": "the only member of the team"}.get(me.how, me.how)
    typer.echo(_shown(f"{me.name} on {where} ({how})."))


def _database_shown(database: "Database") -> str:
    """The database as messages name it: a file's path, or a server address without its password."""
    return database.label


@app.command("demo")
def demo_command(ctx: typer.Context, db: DbOption = None) -> None:
    """Fill the database with the demo portfolio (refuses if it is already loaded)."""
    from accountmgr.services.demo import load_demo

    # Nobody needs choosing: the demo's records are logged as written by the demo team's own members.
    database = open_db(ctx, db, write=True, who=False)
    summary = load_demo(database)
    typer.echo(f"Loaded the demo portfolio into {database.label}: {summary.describe()}.")


@app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")] = False,
    archived: Annotated[bool, typer.Option("--archived", help="Include archived accounts.")] = False,
    owner: Annotated[Optional[str], typer.Option(
        "--owner", metavar="NAME", show_default=False, help="Only the accounts this team member owns.")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only my accounts (see accountmgr whoami).")] = False,
    db: DbOption = None,
) -> None:
    """Print the portfolio: name, level, target, owner, open and weighted pipeline, next action."""
    from accountmgr.services.portfolio_list import portfolio_rows

    from accountmgr.services.safe_text import json_safe, printable

    database = open_db(ctx, db)
    owner_name = _owner_wanted(ctx, database, owner, mine)
    rows = portfolio_rows(database, include_archived=archived)
    if owner_name is not None:
        rows = [row for row in rows if (row.owner or "").casefold() == owner_name.casefold()]
    if as_json:
        typer.echo(json_safe(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False)))
        return
    if not rows:
        typer.echo(_shown(_nothing_listed(database, owner_name, archived)))
        return
    from accountmgr.services.money import format_money

    # Stored names may hold control characters (written before input was cleaned): shown as visible marks.
    cells = [
        (
            printable(row.name, single_line=True) + (" (archived)" if row.archived else ""),
            row.level.label,
            row.target_level.label if row.target_level else "—",
            printable(row.owner, single_line=True) if row.owner else "—",
            format_money(row.open_pipeline_cents),
            format_money(row.weighted_pipeline_cents),
            row.next_action_on.isoformat() if row.next_action_on else "—",
        )
        for row in rows
    ]
    whose = f" of {printable(owner_name, single_line=True)}" if owner_name else ""
    title = f"Portfolio{whose} ({len(rows)} accounts)"
    if len(cells) > RICH_TABLE_LIMIT:
        typer.echo(title)
        typer.echo(_plain_table(LIST_COLUMNS, cells))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    typer.echo(title)  # printed on its own: Rich pads a table's title line to the table's width with spaces
    console = Console()
    if console.is_terminal:
        from accountmgr.cli_fit import print_fitted

        print_fitted(console, LIST_FIT, cells)
        return
    table = Table()
    for heading, right in LIST_COLUMNS:
        table.add_column(heading, justify="right" if right else "left", no_wrap=heading != "Account")
    for line in cells:
        table.add_row(*(Text(cell) for cell in line))  # Text, not markup: "Rossi [italia] SpA" shows as typed
    # Piped into a file or another program: print whole lines rather than wrap at 80 columns.
    Console(width=1000).print(table)


EMPTY_HINT = ("No accounts yet: run accountmgr demo to look around, or accountmgr import accounts FILE to bring "
              "yours in (accountmgr import -h lists the columns).")
"""What `list` says on an empty database: how to start, in one line."""


def _nothing_listed(database: "Database", owner_name: str | None, archived: bool) -> str:
    """One line for a `list` that has no row: how to start, or why the filter shows nothing."""
    from accountmgr.services.accounts import count_accounts

    total = count_accounts(database, include_archived=True)
    if total == 0:
        return EMPTY_HINT
    if owner_name is not None:
        return f"{owner_name} owns no {'' if archived else 'active '}account."
    return f"No active account: all {total} are archived (add --archived to list them)."


def _owner_wanted(ctx: typer.Context, database: "Database", owner: str | None, mine: bool) -> str | None:
    """The owner whose accounts `list` shows (--owner or --mine), checked against the team; None for all."""
    from accountmgr.services import identity

    if owner is not None and mine:
        raise CliError("Give --owner NAME or --mine, not both.")
    if mine:
        me = identity.resolve(database, _as_name(ctx))
        if me is None:
            raise CliError(identity.how_to_choose(database, "--mine needs to know who you are"))
        return me.name
    if owner is None:
        return None
    member = identity.find_member(database, owner)
    if member is None:
        raise CliError(f"There is no team member called “{owner.strip()}”; {identity.who_is_there(database)}.")
    return member.name


LIST_COLUMNS = (
    ("Account", False), ("Level", False), ("Target", False), ("Owner", False),
    ("Open pipeline", True), ("Weighted", True), ("Next action", False),
)
"""The columns of ``accountmgr list``: heading, right-aligned."""

LIST_FIT = (
    CliColumn("Account", wrap=20), CliColumn("Level"), CliColumn("Target", drop=4), CliColumn("Owner", drop=2),
    CliColumn("Open pipeline", right=True), CliColumn("Weighted", right=True, drop=3),
    CliColumn("Next action", drop=1),
)
"""The same columns in a terminal: the target, then the weighted pipeline, then the owner give way to names."""

RICH_TABLE_LIMIT = 1000
"""Above this many accounts the table is plain aligned text: Rich needs about a millisecond a row."""


@app.command("complaints")
def complaints_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")] = False,
    db: DbOption = None,
) -> None:
    """Print the open complaints of every active account, late ones first, with who should act by the guidelines."""
    from accountmgr.services.complaints import complaints_needing_attention
    from accountmgr.services.safe_text import json_safe, printable

    found = complaints_needing_attention(open_db(ctx, db))
    if as_json:
        typer.echo(json_safe(json.dumps([
            {"account": a.account_name, "summary": a.summary, "received_on": a.received_on.isoformat(),
             "due_on": a.due_on.isoformat(), "overdue_days": a.overdue_days, "who_should_act": a.who_should_act}
            for a in found
        ], indent=2, ensure_ascii=False)))
        return
    if not found:
        typer.echo("No open complaint.")
        return
    late = sum(1 for a in found if a.overdue_days)
    typer.echo(f"Open complaints ({len(found)}, {late} late)")
    cells = [
        (printable(a.account_name, single_line=True), printable(a.summary, single_line=True),
         a.received_on.isoformat(), f"late {a.overdue_days} d" if a.overdue_days else f"due {a.due_on.isoformat()}",
         a.who_should_act)
        for a in found
    ]
    from rich.console import Console

    console = Console()
    if console.is_terminal:
        from accountmgr.cli_fit import print_fitted

        print_fitted(console, COMPLAINT_FIT, cells, boxed=False)
        return
    typer.echo(_plain_table(COMPLAINT_COLUMNS, cells))


COMPLAINT_COLUMNS = (("Account", False), ("Complaint", False), ("Received", False), ("Status", False),
                     ("Who should act", False))
"""The columns of ``accountmgr complaints``."""

COMPLAINT_FIT = (CliColumn("Account", wrap=16), CliColumn("Complaint", wrap=24), CliColumn("Received", drop=1),
                 CliColumn("Status"), CliColumn("Who should act", wrap=10))
"""In a terminal: names and summaries wrap, and the date received gives way first."""


def _plain_table(columns: tuple[tuple[str, bool], ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max([len(heading)] + [len(row[i]) for row in rows]) for i, (heading, _) in enumerate(columns)]

    def line(values: tuple[str, ...] | list[str]) -> str:
        return "  ".join(
            value.rjust(width) if right else value.ljust(width)
            for value, width, (_, right) in zip(values, widths, columns)
        ).rstrip()

    rule = "  ".join("─" * width for width in widths)
    return "\n".join([line([heading for heading, _ in columns]), rule, *(line(row) for row in rows)])


@app.command("transfer")
def transfer_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Option("--from", metavar="SOURCE", show_default=False,
                                        help="The database to copy: a file, or a postgresql:// address.")],
    target: Annotated[str, typer.Option("--to", metavar="TARGET", show_default=False,
                                        help="Where to copy it: a file (created if missing) or a postgresql:// address.")],
    merge: Annotated[bool, typer.Option(
        "--merge", help="Merge into a target that already holds data: add what is new, update what changed, "
                        "and list the fields both sides changed (conflicts) without overwriting them.")] = False,
) -> None:
    """Copy a whole database (every table, the activity log included, ids and versions kept) between SQLite and
    PostgreSQL in either direction; the target is created or upgraded first. A target holding data is refused
    unless --merge. Everything is written in one transaction: an interrupted transfer leaves the target as it was."""
    from accountmgr.db import open_database
    from accountmgr.services import identity
    from accountmgr.services.transfer import transfer

    source_db = open_database(source, create=False)
    ctx.call_on_close(source_db.close)
    new_file = not _server_address(target) and not Path(target).expanduser().exists()
    target_db = open_database(target, create=True)
    ctx.call_on_close(target_db.close)
    if new_file:
        ctx.with_resource(_kept_if_written(target_db))  # a refused or failed copy leaves no empty file behind
    source_shown, target_shown = _database_shown(source_db), _database_shown(target_db)
    identity.act_as(target_db, identity.resolve(target_db, _as_name(ctx)))  # a merge's own updates have an author
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bars: list[Progress] = []

    def progress(done: int, total: int, table: str) -> None:
        # Started at the first report, after the checks: a refusal is one line, with no bar drawn before it.
        if not bars:
            bars.append(Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True))
            bars[0].add_task("Copying", total=total)
            bars[0].start()
        bars[0].update(bars[0].task_ids[0], completed=done, total=total,
                       description=f"Copying {table.replace('_', ' ')}".rstrip())

    try:
        summary = transfer(source_db, target_db, merge=merge, progress=progress, source_name=source_shown)
    finally:
        for bar in bars:
            bar.stop()
    for line in summary.describe(source_shown, target_shown):
        typer.echo(_shown(line))


ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the output file if it already exists (otherwise refused).")
]


def _refuse_existing(output: Path, force: bool) -> None:
    """Refuse to write over an existing file unless --force: one sentence naming it."""
    if output.expanduser().is_file() and not force:
        raise CliError(f"{output} already exists; add --force to replace it.")


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", metavar="PATH", help="Where to write the copy (a file, or a folder for a dated file).")],
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Write a consistent copy of the database, safe while the app is running. An existing file needs --force."""
    from accountmgr.db import online_backup

    database = open_db(ctx, db)
    if database.path is None or output.expanduser().resolve() != database.path.resolve():
        _refuse_existing(output, force)  # (the database itself: online_backup says why not)
    if not output.expanduser().is_dir():
        from accountmgr.services.private_files import make_private_dir

        make_private_dir(output.expanduser().parent)  # a copy of personal data: folders made for it are 0700
    if database.path is None:
        from accountmgr.db import server_backup

        written = server_backup(database, output)
    else:
        written = online_backup(database.path, output)
    typer.echo(f"Backed up {database.label} to {written}.")


@app.command("calendar")
def calendar_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(metavar="ACCOUNT", help=ACCOUNT_HELP, show_default=False)],
    output: Annotated[
        Optional[Path], typer.Option("-o", "--output", metavar="FILE", help="The .ics file to write (stdout without it).")
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Write the account's planned communication actions as calendar events (.ics). An existing file needs --force."""
    from accountmgr.services import calendar_export
    from accountmgr.services.accounts import find_account

    database = open_db(ctx, db)
    found = find_account(database, account)
    if output is None:
        typer.echo(calendar_export.calendar_bytes(database, found.id), nl=False)
        return
    result = calendar_export.export_calendar(database, found.id, output, force=force)
    typer.echo(_shown(f"Wrote {plural(result.events, 'planned action')} of {found.name} to {result.path}."))


@app.command("export")
def export_command(
    ctx: typer.Context,
    name: Annotated[
        Optional[str],
        typer.Argument(help=ACCOUNT_HELP + " Or the word person or member (above).", show_default=False, metavar="ACCOUNT"),
    ] = None,
    all_accounts: Annotated[
        bool, typer.Option("--all", help="Export every active account into the folder given with -o.")
    ] = False,
    output: Annotated[
        Optional[Path],
        typer.Option("-o", "--output", metavar="PATH",
                     help="The Markdown or HTML file to write (stdout without it); with --all, a folder."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With ACCOUNT -o FILE: replace FILE even if an export did not write it.")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="md (Markdown, charts as SVG files beside it) or html (one page each, "
                                           "charts inside, printable).", metavar="md|html")
    ] = "md",
    person: Annotated[
        Optional[str],
        typer.Argument(help="With `export person NAME --account ACCOUNT` or `export member NAME`: the full name.",
                       show_default=False, metavar="NAME"),
    ] = None,
    account: Annotated[
        Optional[str], typer.Option("--account", metavar="ACCOUNT",
                                    help="The account whose DMU the person is in (with `export person NAME`).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write an account plan as Markdown or HTML, or with --all one plan per account plus the review pack.

    With --all the folder gets README.md (Markdown) or index.html (HTML): portfolio totals, both matrices, the
    accounts that need attention now and why, and a paragraph per account linking its plan.

    Files are private to you. A plan exported before is replaced; any other existing file needs --force.
    With --all the new folder replaces the previous export only once complete; a folder holding files an
    export did not write is refused.

    `export person NAME --account ACCOUNT` writes everything held about one person as JSON (an access
    request); an account called "Person…" is still exported by its name alone. `export member NAME` does the
    same for one of our team (with their assessments and incentive objectives).
    """
    if (name or "").casefold() == "member" and person is not None and account is None and not all_accounts:
        from accountmgr.cli_team import export_member

        export_member(ctx, db, person, output, force)
        return
    if person is not None or account is not None:
        if all_accounts or (name or "").casefold() != "person":
            raise CliError("To export a person's data write: export person NAME --account ACCOUNT.")
        _export_person(ctx, db, person, account, output, force)
        return
    fmt = fmt.strip().lower().lstrip(".")
    if fmt not in ("md", "html"):
        raise CliError(f"--format is md or html, not {fmt!r}.")
    if all_accounts:
        if name:
            raise CliError("Give an account name or --all, not both.")
        if output is None:
            raise CliError("Exporting --all needs a folder: add -o FOLDER.")
        if force:
            raise CliError("--force is for one plan; --all never replaces a folder holding files of your own.")
        from accountmgr.services.plan_export import export_all

        result = export_all(open_db(ctx, db), output, fmt=fmt)
        typer.echo(f"Wrote {result.count} account plans and {result.index.name if result.index else 'no index'} "
                   f"to {result.directory}.")
        return
    if not name:
        raise CliError("Name the account to export, or use --all -o FOLDER for the whole portfolio.")
    from accountmgr.services.accounts import find_account
    from accountmgr.services.account_plan import render_account_plan

    database = open_db(ctx, db)
    found = find_account(database, name)
    if output is None:
        if fmt == "html":
            from accountmgr.services.account_plan import account_plan_files

            typer.echo(account_plan_files(database, found.id, html=True).html, nl=False)
            return
        typer.echo(render_account_plan(database, found.id), nl=False)
        return
    from accountmgr.services.plan_export import export_plan

    path = export_plan(database, found.id, output, force=force, fmt=fmt,
                       hint="it was not written by an export; choose another name or add --force")
    typer.echo(_shown(f"Wrote the account plan of {found.name} to {path}."))


def _export_person(
    ctx: typer.Context, db: str | Path | None, person: str | None, account: str | None, output: Path | None, force: bool
) -> None:
    if not person:
        raise CliError("Name the person: export person NAME --account ACCOUNT.")
    if not account:
        raise CliError(f"Say whose DMU {person} is in: export person NAME --account ACCOUNT.")
    from accountmgr.services import privacy

    database = open_db(ctx, db)
    member = privacy.find_person(database, account, person)
    from accountmgr.services.safe_text import json_safe

    # Escaped like list --json: a control character in a stored note never reaches the terminal.
    text = json_safe(json.dumps(privacy.export_person(database, member.id), indent=2, ensure_ascii=False)) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    from accountmgr.services.private_files import write_private

    path = write_private(output, text, force=force)
    typer.echo(_shown(f"Wrote everything held about {member.name} to {path}."))


erase_app = typer.Typer(rich_markup_mode=None)
app.add_typer(erase_app, name="erase")


@erase_app.callback(invoke_without_command=True)
def erase_group(ctx: typer.Context) -> None:
    """Erase personal data for good (a person's right to be forgotten)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def _interactive() -> bool:
    """Whether there is a person at a terminal to answer a question."""
    return sys.stdin.isatty()


@erase_app.command("person")
def erase_person_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The person's full name, as in the DMU (any case).",
                                        show_default=False)],
    account: Annotated[str, typer.Option("--account", metavar="ACCOUNT", help="The account whose DMU they are in.",
                                         show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed without a terminal).")] = False,
    db: DbOption = None,
) -> None:
    """Erase a DMU member and every trace of their personal data (record, links, log entries), then wipe the file."""
    from accountmgr.services import privacy

    database = open_db(ctx, db, write=True, create=False)  # nothing to erase in a new or read-only database
    member = privacy.find_person(database, account, name)
    if not yes:
        if not _interactive():
            raise CliError(f"Erasing {member.name} cannot be undone; add --yes to confirm (there is no terminal to ask).")
        preview = privacy.preview_erasure(database, member.id)
        typer.echo(_shown(f"Erase {preview.name} from the DMU of {preview.account_name}?"))
        for line in preview.describe():
            typer.echo(f"  {_shown(line)}")
        if not typer.confirm("Erase for good?", default=False):
            raise CliError("Nothing was erased.")
    erasure = privacy.erase_person(database, member.id)
    typer.echo("\n".join(_shown(line) for line in erasure.describe()))


KIND_WORDS = {
    "accounts": "accounts", "account": "accounts", "companies": "accounts",
    "contacts": "contacts",
    "people": "people", "persons": "people", "dmu": "people",
    "opportunities": "opportunities", "opportunity": "opportunities", "deals": "opportunities",
    "pipeline": "opportunities",
    "offerings": "offerings", "products": "offerings",
    "team": "team",
    "revenue": "revenue", "fatturato": "revenue",
}
"""What may come before the file in ``accountmgr import KIND FILE``."""


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    """'COLUMN=field' options as a dict (the last '=' splits, so a column name may hold one)."""
    pairs: dict[str, str] = {}
    for value in values or []:
        column, sep, target = value.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise CliError(f"{option} takes COLUMN=FIELD (e.g. {option} \"Ragione sociale=account\"), not “{value}”.")
        pairs[column.strip()] = target.strip()
    return pairs


VALUE_WORDS = {"money": "an amount: 1.234,56 or 1,234.56, €, k and m accepted", "date": "a date",
               "percent": "a percentage", "integer": "a whole number"}
"""How ``import --help`` names what a field's cells must hold."""


def _import_columns() -> str:
    """Every kind of import with its fields and the headings each accepts, for ``import --help``.

    Built from the importer's own tables, so the help never drifts from what it reads; each kind is a paragraph
    that Click prints as it is (the \\b marker), wrapped here at 78 columns.
    """
    import textwrap

    from accountmgr.services.import_mapping import KIND_FIELDS, KINDS, REQUIRED

    paragraphs = [
        "COLUMNS. Each kind below lists its fields as FIELD (what it fills in): the headings it recognises. Headings "
        "match in any case, with accents, spaces and punctuation ignored; the field's own key or label works too, "
        "and --map COLUMN=FIELD maps any other heading."
    ]
    for kind, fields in KIND_FIELDS.items():
        needs = "; ".join(" or ".join(group) for group in REQUIRED.get(kind, ()))
        lines = textwrap.wrap(f"{kind}: {KINDS[kind]}" + (f"; needs {needs}" if needs else ""), width=76,
                              subsequent_indent="    ", break_on_hyphens=False)
        for field in fields:
            what = field.label + (f", {VALUE_WORDS[field.value]}" if field.value in VALUE_WORDS else "")
            headings = ", ".join(dict.fromkeys(field.synonyms)) or field.key
            lines += textwrap.wrap(f"{field.key} ({what}): {headings}", width=76, initial_indent="  ",
                                   subsequent_indent="      ", break_long_words=False, break_on_hyphens=False)
        paragraphs.append("\b\n" + "\n".join(lines))
    return "\n\n".join(paragraphs)


@app.command(
    "import",
    epilog=_import_columns(),
    help=(
        "Import accounts, contacts, people, opportunities, products or the sales team from a CSV or .xlsx file, "
        "such as a CRM export or a spreadsheet.\n\n"
        "accountmgr import FILE detects what the file holds from its columns; accountmgr import KIND FILE forces it "
        "(KIND: accounts, contacts, people, opportunities, offerings, team, revenue). Columns are matched to fields by the "
        "names Salesforce, HubSpot, Pipedrive, Dynamics 365, Zoho and spreadsheets use, in English and Italian "
        "(Account Name, Ragione sociale, Amount, Importo, Stage, Fase, Close Date, Data chiusura...); a column that "
        "matches no field is listed as ignored. The mapping is printed before anything is written. The headings of "
        "each kind are listed at the end.\n\n"
        "Importing the same or a newer export again updates what changed instead of adding duplicates: records match "
        "by the source's id when the file has one, otherwise by name (a person or opportunity within its account). "
        "A blank cell never wipes a stored value. By default the whole file goes in, or nothing if any row is wrong; "
        "every problem is listed by line and column."
    ),
)
def import_command(
    ctx: typer.Context,
    first: Annotated[Optional[str], typer.Argument(
        metavar="KIND", show_default=False,
        help="What the file holds: accounts, contacts, people, opportunities, offerings, team or revenue (detected when "
             "left out).",
    )] = None,
    second: Annotated[Optional[str], typer.Argument(
        metavar="FILE", show_default=False, help="The CSV (any usual encoding and separator) or .xlsx file.",
    )] = None,
    map_: Annotated[Optional[list[str]], typer.Option(
        "--map", metavar="COLUMN=FIELD",
        help="Map a column to a field (a field key, label or usual column name), or COLUMN=- to ignore it. Repeatable.",
    )] = None,
    map_stage: Annotated[Optional[list[str]], typer.Option(
        "--map-stage", metavar="STAGE=OURS",
        help="Read a stage of the file as one of ours (identified, qualified, proposal, negotiation, commit, won, lost),"
             " e.g. --map-stage \"Engaging=qualified\". Repeatable.",
    )] = None,
    mapping: Annotated[Optional[str], typer.Option("--mapping", metavar="NAME", help="Use a mapping saved earlier with --save-mapping.")] = None,
    save_as: Annotated[Optional[str], typer.Option("--save-mapping", metavar="NAME", help="Save the mapping used under NAME, for the next export of the same shape.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse the file if any column is not imported.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check everything and print the mapping, the counts and the first 20 problems; write nothing.")] = False,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Import the good rows; write the bad ones, with the reason, to FILE.rejected.csv beside the file.")] = False,
    rejected: Annotated[Optional[Path], typer.Option("--rejected", metavar="PATH", help="Where --skip-bad writes the rejected rows.")] = None,
    create_accounts: Annotated[bool, typer.Option("--create-accounts", help="Add the accounts that people or opportunities name but the database does not have (otherwise each is a line error).")] = False,
    currency_ok: Annotated[bool, typer.Option("--currency-ok", help="Accept a file whose amounts are in more than one currency (they are stored as they are).")] = False,
    sheet: Annotated[Optional[str], typer.Option("--sheet", metavar="NAME", help="The sheet of an .xlsx workbook (default: the first).")] = None,
    db: DbOption = None,
) -> None:
    from accountmgr.services.import_plan import MAX_REPORTED, plan_import
    from accountmgr.services.import_saved import save_mapping
    from accountmgr.services.import_write import ImportRefused, run_import

    kind: str | None = None
    if first is None:
        raise CliError("Name the file to import: accountmgr import FILE (or accountmgr import KIND FILE).")
    if second is None:
        if first.lower() in KIND_WORDS and not Path(first).expanduser().exists():
            raise CliError(f"Give the file to import after the kind: accountmgr import {first} FILE.")
        file = Path(first)
    else:
        kind = KIND_WORDS.get(first.lower())
        if kind is None:
            raise CliError(f"“{first}” is not a kind of import; use one of accounts, contacts, people, opportunities, "
                           "offerings, team, revenue (or give the file alone).")
        file = Path(second)
    database = open_db(ctx, db, write=not dry_run, create=True)
    plan = plan_import(
        database, file, kind=kind, sheet=sheet, overrides=_pairs(map_, "--map"), mapping=mapping, strict=strict,
        stage_map=_pairs(map_stage, "--map-stage"), create_accounts=create_accounts, currency_ok=currency_ok,
    )
    if save_as and not plan.file_problems:
        save_mapping(database, save_as, plan)
    for line in plan.mapping_lines(ignored=dry_run) + (plan.count_lines() if dry_run else []):
        typer.echo(_shown(line))  # the file's own column names
    if save_as and not plan.file_problems:
        typer.echo(_shown(f"Saved this mapping as “{save_as}”."))
    if dry_run:
        _report(file.name, plan.problems, 20)
        if plan.problems:
            bad = len(plan.bad_lines) or 1
            raise CliError(f"{plural(bad, 'row')} of {plan.source} {words(bad, 'has', 'have')} problems; a real "
                           "import would "
                           f"{'skip them' if skip_bad and not plan.file_problems else 'refuse the file'}. Dry run: nothing was written.")
        typer.echo("Dry run: nothing was written.")
        return
    try:
        summary = run_import(database, plan, skip_bad=skip_bad, rejected=rejected)
    except ImportRefused as refused:
        _report(file.name, refused.problems, MAX_REPORTED)
        raise
    if summary.rejected_path is not None:
        _report(file.name, plan.problems, 20)
    for line in summary.describe():
        typer.echo(_shown(line))


def _report(name: str, problems: list, limit: int) -> None:
    for problem in problems[:limit]:
        typer.echo(_shown(f"{name}: {problem}"), err=True)  # problems quote the file's cells
    if len(problems) > limit:
        typer.echo(f"… and {len(problems) - limit} more problems.", err=True)


def main() -> None:
    """Entry point: run the CLI and turn every failure into one sentence."""
    from accountmgr.db import StorageError
    from accountmgr.services.errors import DomainError

    try:
        app(standalone_mode=False)
    except (StorageError, DomainError, CliError) as exc:
        _fail(str(exc))
    except typer.Abort:
        _fail("Aborted.")
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _fail("Interrupted.", code=130)
    except typer.TyperException as exc:  # usage errors: unknown command or option, missing argument
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        _fail(sentence(message), code=getattr(exc, "exit_code", 2))
    except Exception as exc:  # anything unexpected still gets one sentence, not a traceback
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError):
            # e.g. "database is locked" after the busy timeout, a full disk, a read-only file.
            reason = str(exc.orig).splitlines()[0].rstrip(".")
            _fail(f"The database could not be used ({reason}); nothing was changed.", code=1)
        first_line = (str(exc).splitlines() or [type(exc).__name__])[0].rstrip(".")
        _fail(f"Unexpected error: {first_line}.", code=2)


def _shown(message: str) -> str:
    """A message that may echo stored text (a name, a file's cell), with control characters made visible."""
    from accountmgr.services.safe_text import printable

    return printable(message, single_line=True)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"accountmgr: {_shown(message)}", err=True)
    sys.exit(code)


from accountmgr import cli_team  # noqa: E402,F401  (registers `team`, `erase member`; imports what is above)
