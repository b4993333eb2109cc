"""Commands about our own team: the list with quadrant and workload, and a team member's personal data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from accountmgr.cli import (
    CliError,
    DbOption,
    _interactive,
    _plain_table,
    _shown,
    app,
    erase_app,
    open_db,
)


@app.command("team")
def team_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")] = False,
    db: DbOption = None,
) -> None:
    """Print our team: quadrant (potential × commitment), objectives flagged and workload of each person."""
    from accountmgr.services import erm
    from accountmgr.services.safe_text import json_safe, printable

    rows = erm.team_overview(open_db(ctx, db))
    if as_json:
        payload = [
            {
                "name": row.member.name, "role": row.member.role.label, "active": row.member.active,
                "quadrant": row.quadrant.label if row.quadrant else None,
                "potential": row.latest.potential if row.latest else None,
                "commitment": row.latest.commitment if row.latest else None,
                "assessed_on": row.latest.assessed_on.isoformat() if row.latest else None,
                "objectives": len(row.objectives), "objectives_flagged": row.flagged,
                "workload": dict(row.workload),
            }
            for row in rows
        ]
        typer.echo(json_safe(json.dumps(payload, indent=2, ensure_ascii=False)))
        return
    columns = (("Name", False), ("Role", False), ("Quadrant", False), ("P/C", True), ("Assessed", False),
               ("Objectives", False), *((counter.label, True) for counter in erm.WORKLOAD_COUNTERS))
    cells = [
        (
            printable(row.member.name, single_line=True) + ("" if row.member.active else " (inactive)"),
            row.member.role.label,
            row.quadrant.label if row.quadrant else "not assessed",
            f"{row.latest.potential}/{row.latest.commitment}" if row.latest else "—",
            row.latest.assessed_on.isoformat() if row.latest else "—",
            row.objectives_text,
            *(str(n) for _, n in row.workload),
        )
        for row in rows
    ]
    typer.echo(f"Our team ({len(rows)} people; P/C = potential/commitment, 1–5, {erm.HIGH_FROM}+ is high)")
    from rich.console import Console

    console = Console()
    if console.is_terminal:
        from accountmgr.cli_fit import CliColumn, print_fitted

        # Who they are and how loaded with accounts stay; the finer counts give way on a narrow terminal.
        drops = {"Assessed": 7, "P/C": 5, "Role": 2, **{counter.label: rank for counter, rank in zip(
            erm.WORKLOAD_COUNTERS, (0, 6, 4, 3))}}
        fitted = [CliColumn(heading, right, drop=drops.get(heading, 0), wrap=14 if heading == "Name" else 0)
                  for heading, right in columns]
        print_fitted(console, fitted, cells, boxed=False)
        return
    typer.echo(_plain_table(columns, cells))


def export_member(ctx: typer.Context, db: str | None, name: str, output: Path | None, force: bool) -> None:
    """`export member NAME`: everything held about one of our team, as JSON."""
    from accountmgr.services import team_privacy
    from accountmgr.services.safe_text import json_safe

    database = open_db(ctx, db)
    member = team_privacy.find_member(database, name)
    text = json_safe(json.dumps(team_privacy.export_member(database, member.id), indent=2,
                                ensure_ascii=False)) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    from accountmgr.services.private_files import write_private

    path = write_private(output, text, force=force)
    typer.echo(_shown(f"Wrote everything held about {member.name} to {path}."))


@erase_app.command("member")
def erase_member_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The team member's full name (any case).",
                                        show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed without a terminal).")] = False,
    db: DbOption = None,
) -> None:
    """Erase one of our team and every trace of their personal data (assessments, objectives, log entries)."""
    from accountmgr.services import team_privacy

    database = open_db(ctx, db, write=True, create=False)
    member = team_privacy.find_member(database, name)
    preview = team_privacy.preview_member_erasure(database, member.id)
    if not yes:
        if not _interactive():
            raise CliError(f"Erasing {member.name} cannot be undone; add --yes to confirm (there is no terminal to ask).")
        typer.echo(_shown(f"Erase {preview.name} from our team?"))
        for line in preview.describe():
            typer.echo(f"  {_shown(line)}")
        if not typer.confirm("Erase for good?", default=False):
            raise CliError("Nothing was erased.")
    erasure = team_privacy.erase_member(database, member.id)
    typer.echo("\n".join(_shown(line) for line in erasure.describe()))


