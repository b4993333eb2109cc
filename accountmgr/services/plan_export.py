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
from typing import TYPE_CHECKING

from accountmgr.services import clock
from accountmgr.services.account_plan import derive, plan_files
from accountmgr.services.plan_data import load_plan_data
from accountmgr.services.private_files import reason, replace_dir, write_private
from accountmgr.services.review_pack import PACK_TITLE, render_pack

if TYPE_CHECKING:
    from accountmgr.db import Database

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
INDEX_TITLE = PACK_TITLE
OLD_INDEX_TITLE = "# Portfolio account plans"
"""The first lines of what an export writes: a file starting otherwise is the user's own and is never replaced
(an index written by earlier versions, with the older title, is ours too)."""
HTML_MARK = '<meta name="generator" content="accountmgr">'
SVG_MARK = 'class="chart chart-'
"""What the HTML pages and the SVG charts an export writes carry near their top."""

FORMATS = ("md", "html")


def write_text(path: Path, text: str) -> None:
    """Write *text* whole and private over whatever is there (callers decide what may be replaced)."""
    write_private(path, text, force=True)


def _written_by_export(path: Path, title: str) -> bool:
    """Whether *path* is a file an export wrote (a Markdown file starting with *title*, an HTML page or an SVG
    chart carrying our mark near its top), which a new export may replace."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(600)
    except OSError:
        return False
    if path.suffix == ".html":
        return head.startswith("<!DOCTYPE html>") and HTML_MARK in head
    if path.suffix == ".svg":
        return head.startswith("<svg ") and SVG_MARK in head
    return head.startswith(title) or (title == INDEX_TITLE and head.startswith(OLD_INDEX_TITLE))


def _is_previous_export(folder: Path) -> bool:
    """Whether *folder* holds nothing but plans and the index an export wrote (or is empty)."""
    for entry in folder.iterdir():
        if entry.name in _OS_LITTER:
            continue
        if not entry.is_file() or entry.suffix not in (".md", ".html", ".svg"):
            return False
        title = INDEX_TITLE if entry.name == "README.md" else PLAN_TITLE
        if not _written_by_export(entry, title):
            return False
    return True


INDEX_HTML = "index.html"

_OS_LITTER = {".DS_Store", "Thumbs.db", "desktop.ini"}
"""Files a desktop drops in any folder it shows; they do not make a folder the user's own."""


REFUSED_PLAN_HINT = "it was not written by an export; choose another name or move that file first"


def export_plan(  # noqa: ANN001
    db, account_id: int, path: Path | str, *, force: bool = False, hint: str = REFUSED_PLAN_HINT, fmt: str = "md"
) -> Path:
    """Write one account's plan to *path* (into a folder: as the slug of its name); return the path written.

    As Markdown (*fmt* "md") its charts are written beside it as SVG files named after it and linked from it;
    as HTML ("html") they are inside the page. A plan exported before is replaced; any other existing file is
    refused (TargetExists ending in *hint*) unless *force*.
    """
    from accountmgr.services.account_plan import account_plan_files

    target = Path(path).expanduser()
    if target.is_dir():
        from accountmgr.services.accounts import get_account

        target = default_plan_path(target, get_account(db, account_id).name, fmt)
    html = fmt == "html"
    files = account_plan_files(db, account_id, chart_stem="" if html else target.stem, html=html)
    may_replace = lambda existing: _written_by_export(existing, PLAN_TITLE)  # noqa: E731
    write_private(target, files.html if html else files.markdown, force=force, hint=hint, may_replace=may_replace)
    if not html:
        for kind, svg in files.charts.items():
            write_private(target.with_name(f"{target.stem}-{kind}.svg"), svg, hint=hint, may_replace=may_replace)
    return target


def default_export_dir(db: Database) -> Path:
    """Where the app writes plans unless told otherwise: the user's documents for the default database
    (its own folder is hidden away), else a folder beside the database file ("clients.db" → "clients-plans")."""
    from accountmgr.paths import default_db_path

    if db.path is None or db.path.expanduser().resolve() == default_db_path().resolve():
        from platformdirs import user_documents_path

        return user_documents_path() / "accountmgr-plans"
    return db.path.parent / f"{db.path.stem}-plans"


def default_plan_path(directory: Path | str, account_name: str, fmt: str = "md") -> Path:
    """Where review mode puts a plan: the slug of the account name in *directory*."""
    return Path(directory).expanduser() / f"{slugify(account_name)}.{fmt}"


def export_all(
    db,  # noqa: ANN001
    directory: Path | str,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    include_archived: bool = False,
    fmt: str = "md",
) -> ExportResult:
    """One plan per account plus the review pack linking every plan in *directory*: Markdown plans with their
    SVG charts beside them and README.md, or (*fmt* "html") self-contained pages and index.html.

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
    html = fmt == "html"
    names = file_names([(a, p.account.name) for a, p in data.items()])
    if html:
        names = {account_id: name[:-3] + ".html" for account_id, name in names.items()}
    derived = derive(db, data, steps=step_status_bulk(db), changes=changes_by_account(db, None))
    today = clock.today()
    total = len(data)
    result = ExportResult(target)

    def build(folder: Path) -> None:
        for account_id, plan in data.items():
            if cancel is not None and cancel():
                raise _Cancelled
            stem = names[account_id].rsplit(".", 1)[0]
            files = plan_files(plan, derived[account_id], today=today, chart_stem=stem, html=html)
            _write_export_file(folder / names[account_id], files.html if html else files.markdown)
            if not html:
                for kind, svg in files.charts.items():
                    _write_export_file(folder / f"{stem}-{kind}.svg", svg)
            result.plans.append(ExportedPlan(account_id, plan.account.name, target / names[account_id]))
            if progress is not None:
                progress(result.count, total)
        pack = render_pack(data, derived, names, today)
        if html:
            from accountmgr.services.charts_svg import matrix_chart
            from accountmgr.services.plan_html import page
            from accountmgr.services.review_pack import matrix_points

            charts = {"matrix": matrix_chart(matrix_points(data, derived))} if data else {}
            pack = pack.replace("\n## Needs attention now", "\n<!--chart:matrix-->\n\n## Needs attention now", 1)
            _write_export_file(folder / INDEX_HTML, page("Portfolio review pack", pack, charts))
        else:
            _write_export_file(folder / "README.md", pack)

    try:
        replace_dir(target, build, may_replace=_is_previous_export, refused="choose another folder")
    except _Cancelled:
        result.cancelled = True
        return result
    result.index = target / (INDEX_HTML if html else "README.md")
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
