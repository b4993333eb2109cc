"""Writing account plans to files: one plan, or the whole portfolio with a README that links them.

File names are slugs of the account names, stable across runs: the same
portfolio always gives the same names, and two accounts whose names slug the
same are told apart by their id. Plans hold personal data, so they are written
through private_files: 0600 files in 0700 folders, whole or not at all. A file
the export did not write itself (a plan starts with its title, the index with
its own) is never replaced unless forced: the user's notes or a project's
README are refused, not lost. The whole portfolio is built in a temporary
folder and swapped in at the end, so a full disk or a cancel leaves the
previous export as it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from accountmgr.models import OpportunityStatus
from accountmgr.services import clock
from accountmgr.services import markdown as md
from accountmgr.services.account_plan import derive, render_plan
from accountmgr.services.money import format_money
from accountmgr.services.pipeline import weighted_cents
from accountmgr.services.plan_data import PlanData, load_plan_data
from accountmgr.services.private_files import reason, replace_dir, write_private
from accountmgr.services.safe_text import drop_controls

MAX_SLUG = 60
_RESERVED = {"readme", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
"""Names a plan may not take: the index file, and names Windows refuses."""

Progress = Callable[[int, int], None]
"""Called with (plans written, plans in all) after each plan."""


@dataclass(frozen=True)
class ExportedPlan:
    account_id: int
    name: str
    path: Path


@dataclass
class ExportResult:
    """What an export wrote; ``cancelled`` when stopped early (then nothing was changed on disk)."""

    directory: Path
    plans: list[ExportedPlan] = field(default_factory=list)
    index: Path | None = None
    cancelled: bool = False

    @property
    def count(self) -> int:
        return len(self.plans)


def slugify(name: str) -> str:
    """A lower-case ASCII file-name stem: 'Müller & Söhne GmbH' → 'muller-sohne-gmbh'."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        return "account"
    return f"{slug}-account" if slug in _RESERVED else slug


def file_names(accounts: list[tuple[int, str]]) -> dict[int, str]:
    """{account id: file name}. Where names collide, the oldest account (lowest id) keeps the plain slug."""
    by_slug: dict[str, list[int]] = {}
    for account_id, name in accounts:
        by_slug.setdefault(slugify(name), []).append(account_id)
    names: dict[int, str] = {}
    taken = set(by_slug)
    for slug, ids in by_slug.items():
        ids.sort()
        names[ids[0]] = f"{slug}.md"
        for account_id in ids[1:]:
            candidate = f"{slug}-{account_id}"
            while candidate in taken:
                candidate += "-x"
            taken.add(candidate)
            names[account_id] = f"{candidate}.md"
    return names


PLAN_TITLE = "# Account plan: "
INDEX_TITLE = "# Portfolio account plans"
"""The first lines of what an export writes: a file starting otherwise is the user's own and is never replaced."""


def write_text(path: Path, text: str) -> None:
    """Write *text* whole and private over whatever is there (callers decide what may be replaced)."""
    write_private(path, text, force=True)


def _written_by_export(path: Path, title: str) -> bool:
    """Whether *path* starts with *title*: a file an export wrote, which a new export may replace."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.readline().startswith(title)
    except OSError:
        return False


def _is_previous_export(folder: Path) -> bool:
    """Whether *folder* holds nothing but plans and the index an export wrote (or is empty)."""
    for entry in folder.iterdir():
        if entry.name in _OS_LITTER:
            continue
        if not entry.is_file() or entry.suffix != ".md":
            return False
        title = INDEX_TITLE if entry.name == "README.md" else PLAN_TITLE
        if not _written_by_export(entry, title):
            return False
    return True


_OS_LITTER = {".DS_Store", "Thumbs.db", "desktop.ini"}
"""Files a desktop drops in any folder it shows; they do not make a folder the user's own."""


REFUSED_PLAN_HINT = "it was not written by an export; choose another name or move that file first"


def export_plan(  # noqa: ANN001
    db, account_id: int, path: Path | str, *, force: bool = False, hint: str = REFUSED_PLAN_HINT
) -> Path:
    """Write one account's plan to *path* (into a folder: as the slug of its name); return the path written.

    A plan exported before is replaced; any other existing file is refused (TargetExists ending in *hint*)
    unless *force*.
    """
    from accountmgr.services.account_plan import render_account_plan

    target = Path(path).expanduser()
    if target.is_dir():
        from accountmgr.services.accounts import get_account

        target = default_plan_path(target, get_account(db, account_id).name)
    write_private(
        target,
        render_account_plan(db, account_id),
        force=force,
        hint=hint,
        may_replace=lambda existing: _written_by_export(existing, PLAN_TITLE),
    )
    return target


def default_export_dir(db) -> Path:  # noqa: ANN001
    """Where the app writes plans unless told otherwise: the user's documents for the default database
    (its own folder is hidden away), else a folder beside the database file ("clients.db" → "clients-plans")."""
    from accountmgr.paths import default_db_path

    if db.path is None or db.path.expanduser().resolve() == default_db_path().resolve():
        from platformdirs import user_documents_path

        return user_documents_path() / "accountmgr-plans"
    return db.path.parent / f"{db.path.stem}-plans"


def default_plan_path(directory: Path | str, account_name: str) -> Path:
    """Where review mode puts a plan: the slug of the account name in *directory*."""
    return Path(directory).expanduser() / f"{slugify(account_name)}.md"


def export_all(
    db,  # noqa: ANN001
    directory: Path | str,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    include_archived: bool = False,
) -> ExportResult:
    """One plan per account plus README.md (a portfolio summary linking every plan) in *directory*.

    Every table is loaded once for the whole portfolio and every figure is derived from what is loaded;
    *cancel* is asked before each plan. The plans are written into a private temporary folder beside
    *directory* that replaces it only once complete: a failure or a cancel leaves the previous export as it
    was. An existing folder holding anything an export did not write is refused.
    """
    from accountmgr.services.changes import changes_by_account
    from accountmgr.services.completion import step_status_bulk

    target = Path(directory).expanduser()
    if target.exists() and not target.is_dir():
        from accountmgr.services.errors import DomainError

        raise DomainError(f"{target} is a file; give a folder to export the portfolio into.", "directory")
    data = load_plan_data(db, None, include_archived=include_archived)
    names = file_names([(a, p.account.name) for a, p in data.items()])
    derived = derive(db, data, steps=step_status_bulk(db), changes=changes_by_account(db, None))
    today = clock.today()
    total = len(data)
    result = ExportResult(target)

    def build(folder: Path) -> None:
        for account_id, plan in data.items():
            if cancel is not None and cancel():
                raise _Cancelled
            _write_export_file(folder / names[account_id], render_plan(plan, derived[account_id], today=today))
            result.plans.append(ExportedPlan(account_id, plan.account.name, target / names[account_id]))
            if progress is not None:
                progress(result.count, total)
        _write_export_file(folder / "README.md", render_index(data, derived, names, today))

    try:
        replace_dir(target, build, may_replace=_is_previous_export, refused="choose another folder")
    except _Cancelled:
        result.cancelled = True
        return result
    result.index = target / "README.md"
    return result


def _write_export_file(path: Path, text: str) -> None:
    """Write a file of the temporary folder; a failure names the export, not the temporary folder's path."""
    from accountmgr.services.errors import DomainError

    try:
        write_text(path, text)
    except DomainError as error:
        cause = error.__cause__
        why = f" ({reason(cause)})" if isinstance(cause, OSError) else ""
        raise DomainError(f"Could not write the export{why}.", "directory") from error


class _Cancelled(Exception):
    """Raised inside the build to stop it; the temporary folder goes, the previous export stays."""


def render_index(data: dict[int, PlanData], derived: dict, names: dict[int, str], today) -> str:  # noqa: ANN001
    """README.md: the portfolio as a table, each account linking to its plan."""
    rows = []
    total_weighted = 0
    for account_id, plan in data.items():
        account = plan.account
        info = derived.get(account_id)
        if info is not None and info.score is not None:
            weighted = info.score.weighted_cents  # the portfolio's aggregate query, as the screen and `list` show it
        else:
            weighted = sum(weighted_cents(o.value_cents, o.probability) for o in plan.opportunities
                           if o.status == OpportunityStatus.OPEN)
        total_weighted += weighted
        coverage = info.coverage.status.label if info is not None and info.coverage is not None else "—"
        segment = info.score.segment.label if info is not None and info.score is not None else "—"
        steps = "—"
        if info is not None and info.steps:
            steps = f"{sum(1 for s in info.steps.values() if s.done)}/{len(info.steps)}"
        level = account.current_level.label
        if account.target_level and account.target_level != account.current_level:
            level += f" → {account.target_level.label}"
        link = f"[{md.inline(account.name)}]({names[account_id]})"
        rows.append([link, md.cell(plan.owner), level, format_money(weighted), coverage, segment, steps])
    lines = [
        INDEX_TITLE,
        f"{len(data)} accounts, weighted open pipeline {format_money(total_weighted)}. Exported {today.isoformat()}.",
        md.table(
            ["Account", "Owner", "Level", "Weighted pipeline", "DMU coverage", "Segment", "Steps done"],
            rows,
            align=["l", "l", "l", "r", "l", "l", "r"],
        ) if rows else "No accounts to export.",
    ]
    return drop_controls("\n\n".join(lines) + "\n")
