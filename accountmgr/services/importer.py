"""The import entry points: plan a file, then write it (all or nothing, or the good rows only).

The work is done by the import_* modules: import_files and import_values read the
file and its values, import_mapping maps columns to fields and tells the kind,
import_rows checks each cell as a form would, import_match decides what is new,
changed or unchanged, import_plan puts that together without writing, and
import_write writes it under the write lock. ``import_accounts`` and
``import_people`` are kept for the commands of the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accountmgr.services.import_plan import MAX_REPORTED, ImportPlan, plan_import
from accountmgr.services.import_problems import Problem
from accountmgr.services.import_saved import load_mapping, mapping_names, save_mapping
from accountmgr.services.import_write import ImportRefused, ImportSummary, run_import

if TYPE_CHECKING:
    from accountmgr.db import Database

__all__ = [
    "IMPORTERS", "MAX_REPORTED", "ImportPlan", "ImportRefused", "ImportResult", "ImportSummary", "Problem",
    "import_accounts", "import_file", "import_people", "load_mapping", "mapping_names", "plan_import", "run_import",
    "save_mapping",
]


@dataclass
class ImportResult:
    """What an import of accounts or people added and changed."""

    created: int
    kind: str
    new_team_members: list[str] = field(default_factory=list)
    updated: int = 0
    unchanged: int = 0

    def describe(self) -> str:
        text = f"Imported {self.created} {self.kind}"
        if self.updated:
            text += f", updated {self.updated}"
        if self.unchanged:
            text += f", {self.unchanged} unchanged"
        if self.new_team_members:
            text += f" and added team members {', '.join(self.new_team_members)}"
        return text + "."


def import_file(db: Database, path: Path | str, *, kind: str | None = None, skip_bad: bool = False, **options: Any) -> ImportSummary:
    """Plan and write *path* in one go (options as for plan_import); ImportRefused if any row is bad."""
    plan = plan_import(db, path, kind=kind, **options)
    return run_import(db, plan, skip_bad=skip_bad)


def _import_kind(db: Database, source: Path | str, kind: str, entity: str, one: str, many: str) -> ImportResult:
    summary = import_file(db, source, kind=kind)
    count = summary.count(entity)
    return ImportResult(count.new, one if count.new == 1 else many, summary.new_team_members,
                        count.updated, count.unchanged)


def import_accounts(db: Database, source: Path | str) -> ImportResult:
    """Add or update the accounts of a file (one per row); refuse the whole file if any row is wrong."""
    return _import_kind(db, source, "accounts", "account", "account", "accounts")


def import_people(db: Database, source: Path | str) -> ImportResult:
    """Add or update DMU members from a file with an account column; reports-to names a person of the same account."""
    return _import_kind(db, source, "people", "person", "person", "people")


Importer = Callable[[Any, Path], ImportResult]
IMPORTERS: dict[str, Importer] = {"accounts": import_accounts, "people": import_people}
"""The importers of ``accountmgr import accounts|people FILE``."""
