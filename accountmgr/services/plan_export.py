"""Writing account plans to files: one plan, or the whole portfolio with a README that links them.

File names are slugs of the account names, stable across runs: the same
portfolio always gives the same names, and two accounts whose names slug the
same are told apart by their id. Each file is written whole (temporary file,
then rename), so an interrupted export never leaves half a plan, and never
over a file it did not write itself (a plan starts with its title, the index
with its own): the user's notes or a project's README are refused, not lost.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from accountmgr.services import clock
from accountmgr.services import markdown as md
from accountmgr.services.account_plan import derive, render_plan
from accountmgr.services.money import format_money
from accountmgr.services.pipeline import weighted_cents
from accountmgr.services.plan_data import PlanData, load_plan_data

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
    """What an export wrote; ``cancelled`` when stopped early (the files written so far are complete)."""

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
    """Write *text* whole: a temporary file beside the target, then an atomic rename.

    A folder that cannot be made or a file that cannot be written is a DomainError saying which and why.
    """
    tmp = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as error:
        if tmp.parent.is_dir():
            tmp.unlink(missing_ok=True)
        from accountmgr.services.errors import DomainError

        reason = (error.strerror or str(error)).lower()
        raise DomainError(f"Could not write {path} ({reason}).", "path") from error


def _refuse_foreign(path: Path, title: str, instead: str = "another name") -> None:
    """Refuse to replace *path* when it exists and is not something an export wrote (its first line is not *title*)."""
    if path.is_dir():
        from accountmgr.services.errors import DomainError

        raise DomainError(f"{path} is a folder; give a file name for the plan.", "path")
    if not path.exists():
        return
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
    except OSError:
        return  # unreadable: writing will say why
    if not first.startswith(title):
        from accountmgr.services.errors import DomainError

        raise DomainError(
            f"{path} already exists and was not written by an export; choose {instead} or move that file first.", "path"
        )


def export_plan(db, account_id: int, path: Path | str) -> Path:  # noqa: ANN001
    """Write one account's plan to *path* (into a folder: as the slug of its name); return the path written.

    A plan exported before is replaced; any other existing file is left alone and refused.
    """
    from accountmgr.services.account_plan import render_account_plan

    target = Path(path).expanduser()
    if target.is_dir():
        from accountmgr.services.accounts import get_account

        target = default_plan_path(target, get_account(db, account_id).name)
    _refuse_foreign(target, PLAN_TITLE)
    write_text(target, render_account_plan(db, account_id))
    return target


def default_export_dir(db) -> Path:  # noqa: ANN001
    """Where the app writes plans unless told otherwise: the user's documents for the default database
    (its own folder is hidden away), else a folder beside the database file ("clients.db" → "clients-plans")."""
    from accountmgr.paths import default_db_path

    if db.path.expanduser().resolve() == default_db_path().resolve():
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
    *cancel* is asked before each plan.
    """
    from accountmgr.services.changes import changes_by_account
    from accountmgr.services.completion import step_status_bulk

    target = Path(directory).expanduser()
    if target.exists() and not target.is_dir():
        from accountmgr.services.errors import DomainError

        raise DomainError(f"{target} is a file; give a folder to export the portfolio into.", "directory")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        from accountmgr.services.errors import DomainError

        raise DomainError(f"Could not make the folder {target} ({(error.strerror or str(error)).lower()}).",
                          "directory") from error
    result = ExportResult(target)
    data = load_plan_data(db, None, include_archived=include_archived)
    names = file_names([(a, p.account.name) for a, p in data.items()])
    # Check every file before writing any, so a refusal leaves the folder as it was.
    _refuse_foreign(target / "README.md", INDEX_TITLE, "another folder")
    for name in names.values():
        _refuse_foreign(target / name, PLAN_TITLE, "another folder")
    derived = derive(db, data, steps=step_status_bulk(db), changes=changes_by_account(db, None))
    today = clock.today()
    total = len(data)
    for account_id, plan in data.items():
        if cancel is not None and cancel():
            result.cancelled = True
            break
        path = target / names[account_id]
        write_text(path, render_plan(plan, derived[account_id], today=today))
        result.plans.append(ExportedPlan(account_id, plan.account.name, path))
        if progress is not None:
            progress(result.count, total)
    if not result.cancelled:
        result.index = target / "README.md"
        write_text(result.index, render_index(data, derived, names, today))
    return result


def render_index(data: dict[int, PlanData], derived: dict, names: dict[int, str], today) -> str:  # noqa: ANN001
    """README.md: the portfolio as a table, each account linking to its plan."""
    rows = []
    total_weighted = 0
    for account_id, plan in data.items():
        account = plan.account
        open_opps = [o for o in plan.opportunities if o.status.value == "open"]
        weighted = sum(weighted_cents(o.value_cents, o.probability) for o in open_opps)
        total_weighted += weighted
        info = derived.get(account_id)
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
    return "\n\n".join(lines) + "\n"
