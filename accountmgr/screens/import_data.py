"""Import, the main step: what the file holds, how its columns map, what would change; then import it.

The file is checked (planned) in a thread worker whenever the kind or a column's mapping changes, and imported in
another with a progress bar: a 10,000-row export takes seconds, and the screen answers keys all along.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, ProgressBar, Select, Static
from textual.worker import get_current_worker

from accountmgr.keys import key_of, ref
from accountmgr.screens import import_view as view
from accountmgr.services.errors import DomainError
from accountmgr.services.import_plan import ImportPlan, plan_import
from accountmgr.services.import_write import ImportRefused, ImportSummary, run_import
from accountmgr.widgets.plain import plain, scrub
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.table_pane import TableColumn, TablePane
from accountmgr.widgets.typed_app import app_of, database_of

ACCOUNT_NAMING_KINDS = {"people", "opportunities"}
"""Kinds whose rows name an account that must exist, unless missing accounts are created (a)."""
UNKNOWN_STAGE = re.compile(r"Stage “(.+?)”")
"""How the check's notes name a stage word it did not know."""
PROBLEMS_SHOWN = 8
"""Problems listed on the screen; the check (c) lists the first 20, like the command line's dry run."""
MAPPING_COLUMNS = (
    TableColumn("header", "Column in the file", min_width=16, priority=2),
    TableColumn("field", "Fills in", min_width=12),
    TableColumn("sample-1", "Sample", priority=0),
    TableColumn("sample-2", "Sample", priority=0),
)
"""The mapping table's columns: the samples give up room first, the file's column names last."""


class ImportScreen(Screen[bool]):
    """Import customer data"""

    HELP_TITLE = "Import: check the mapping, then import"
    HELP_TEXT = (
        "The file is read as soon as it is chosen: the line under the title says what it holds and how it is "
        "written. Each row of the table is a column of the file, what it fills in and two sample values; "
        f"{ref('open')} on a row changes what it fills in (or ignores it), and the file is checked again. Below: what the import "
        "would add, update or leave unchanged, and the first problems with their line and column. Nothing is "
        f"written until you press {ref('import')}; all or nothing, unless 'skip bad rows' ({ref('skip-bad')}) is on: then the good rows go in "
        "and the bad ones are written, with the reason, to FILE.rejected.csv beside the file. People and "
        f"opportunities must name accounts already in the portfolio, unless {ref('create-accounts')} (create "
        "missing accounts) is on. "
        f"{ref('sheet')} chooses the sheet of an Excel workbook; {ref('stage')} says what a stage word of the file "
        "means in our pipeline. A file whose amounts mix currencies is refused unless "
        f"{ref('currency-ok')} accepts them (they are not converted)."
    )
    BINDINGS = [
        bind("open", "map_column", "Map column"),
        bind("kind", "choose_kind", "Kind"),
        bind("check", "check", "Dry run"),
        bind("import", "import", "Import"),
        bind("skip-bad", "toggle_skip_bad", "Skip bad rows"),
        bind("create-accounts", "toggle_create_accounts", "Create missing accounts", show=False),
        bind("currency-ok", "toggle_currency_ok", "Accept mixed currencies", show=False),
        bind("save", "save_mapping", "Save mapping", show=False),
        bind("use-mapping", "use_mapping", "Use saved mapping…", show=False),
        bind("sheet", "choose_sheet", "Sheet", show=False),
        bind("stage", "map_stage", "Map a stage", show=False),
        bind("other-file", "other_file", "Other file", show=False),  # in help and the palette: the footer fits 80 columns
        bind("back", "leave", "Leave"),
    ]

    DEFAULT_CSS = """
    ImportScreen #import-head { height: auto; padding: 0 1; }
    ImportScreen #import-title { text-style: bold; width: 1fr; height: 1; }
    ImportScreen #import-kind-row { height: auto; }
    ImportScreen #import-detected { width: 1fr; height: auto; color: $text-muted; }
    ImportScreen #import-kind-select { width: 32; }
    ImportScreen #import-mapping-pane { height: 1fr; min-height: 4; }
    ImportScreen #import-mapping { height: 1fr; }
    ImportScreen #import-below { height: auto; max-height: 50%; padding: 0 1; }
    ImportScreen #import-counts { height: auto; text-style: bold; }
    ImportScreen #import-problems { height: auto; }
    ImportScreen #import-notes { height: auto; color: $text-muted; }
    ImportScreen #import-progress { display: none; }
    ImportScreen #import-progress.shown { display: block; }
    ImportScreen #import-progress Bar { width: 1fr; }
    ImportScreen #import-status { height: auto; color: $text-muted; }
    ImportScreen #import-status.error { color: $error; text-style: bold; }
    """

    skip_bad: reactive[bool] = reactive(False)
    """Import the good rows and write the bad ones to the rejected file, instead of all or nothing."""

    def __init__(self, path: Path | str) -> None:
        super().__init__()
        self.path = Path(path)
        """The file being imported."""
        self.plan: ImportPlan | None = None
        """The latest check of the file (None while the first one runs, or when the file cannot be read)."""
        self.planning = False
        """True while the file is being checked again."""
        self.running = False
        """True while the import writes."""
        self.summary: ImportSummary | None = None
        """What the last import did."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="import-head"):
            yield Static(plain(f"Import {self.path.name}"), id="import-title")
            with Horizontal(id="import-kind-row"):
                yield Static("Reading the file…", id="import-detected")
                yield Select(view.kind_options(), prompt="Kind of data", allow_blank=True, compact=True,
                             id="import-kind-select")
        yield TablePane(MAPPING_COLUMNS, table_id="import-mapping", id="import-mapping-pane")
        # The status and progress come before the problems and notes, which are cut first on a short terminal.
        with Vertical(id="import-below"):
            yield Static("", id="import-counts")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-status")
            yield Static("", id="import-problems")
            yield Static("", id="import-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.mapping_table.focus()
        self.read_file()

    @property
    def mapping_table(self) -> TablePane:
        """The mapping: one row per column of the file, keyed by the column's place in it."""
        return self.query_one("#import-mapping-pane", TablePane)

    # -- checking the file ----------------------------------------------------------------------
    @property
    def mapping_name(self) -> str | None:
        """The saved mapping in use, if any."""
        return self.plan.options.mapping if self.plan is not None else None

    @property
    def create_accounts(self) -> bool:
        """People and opportunities naming an account not in the portfolio create it, instead of a problem."""
        return self.plan is not None and self.plan.options.create_accounts

    def read_file(self) -> None:
        """Read and check the file from the start (the kind detected, the built-in mapping)."""
        path, db = self.path, database_of(self)
        self.replan(lambda: plan_import(db, path), "Reading the file…")

    def replan(self, make: Callable[[], ImportPlan], doing: str = "Checking the file again…") -> None:
        """Check the file again (*make* returns the new plan), off the UI thread; the keys stay live meanwhile."""
        self.planning = True
        self.refresh_bindings()
        self._status(doing)
        # A large file takes seconds to check: a moving bar says it is on its way.
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("shown")
        self._plan(make)

    @work(thread=True, exclusive=True, group="import-plan")
    def _plan(self, make: Callable[[], ImportPlan]) -> None:
        """Make the plan; only the latest request's answer is shown."""
        worker = get_current_worker()
        try:
            plan = make()
        except DomainError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._unreadable, error.message)
            return
        except Exception as error:  # noqa: BLE001 - a file the reader did not foresee must not close the app
            self.log.error(f"planning the import of {self.path}: {error!r}")
            if not worker.is_cancelled:
                self.app.call_from_thread(self._unreadable, f"{self.path.name} could not be read ({error}).")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._planned, plan)

    def _planned(self, plan: ImportPlan) -> None:
        self.planning = False
        self.query_one("#import-progress", ProgressBar).remove_class("shown")
        self.plan = plan
        self.path = plan.path
        self.query_one("#import-detected", Static).update(plain(view.detected_line(plan)))
        select = self.query_one("#import-kind-select", Select)
        if select.value != plan.kind:
            with select.prevent(Select.Changed):
                select.value = plan.kind
        self._fill_table(plan)
        self.query_one("#import-counts", Static).update(plain(view.counts_text(plan), newlines=True))
        self._show("#import-problems", view.problem_lines(plan.problems, PROBLEMS_SHOWN))
        self._show("#import-notes", view.notes_text(plan))
        self._status(self._ready_text())
        self.refresh_bindings()

    def _unreadable(self, message: str) -> None:
        self.planning = False
        self.query_one("#import-progress", ProgressBar).remove_class("shown")
        if self.plan is not None:
            # A change the service refused: the plan shown still holds.
            self._status(message, error=True)
            self.refresh_bindings()
            return
        self.query_one("#import-detected", Static).update("")
        self.mapping_table.show([])
        for part in ("#import-counts", "#import-problems", "#import-notes"):
            self._show(part, "")
        self._status(f"{message} Press {key_of('other-file')} to choose another file.", error=True)
        self.refresh_bindings()

    def _fill_table(self, plan: ImportPlan) -> None:
        """One row per column of the file; the cursor stays on the column it was on (the same place in the file)."""
        self.mapping_table.show([(index, view.mapping_cells(column)) for index, column in enumerate(plan.columns)])

    def _ready_text(self) -> str:
        plan = self.plan
        if plan is None:
            return ""
        mode = "Skip bad rows: ON (they go to the rejected file)" if self.skip_bad else "All or nothing"
        used = f"Mapping “{self.mapping_name}” · " if self.mapping_name else ""
        used += "Creating missing accounts · " if self.create_accounts else ""
        used += "Mixed currencies accepted · " if plan.options.currency_ok else ""
        if plan.file_problems:
            return f"{used}The file cannot be imported as it is, even skipping rows: see the first problems below."
        if plan.problems and not self.skip_bad:
            if plan.kind in ACCOUNT_NAMING_KINDS and not self.create_accounts:
                return (f"{used}{mode}. Fix the problems (Enter on a column remaps it), press "
                        f"{key_of('create-accounts')} to create the accounts the file names, or "
                        f"{key_of('skip-bad')} to skip bad rows.")
            return (f"{used}{mode}. Fix the problems (Enter on a column remaps it) or press {key_of('skip-bad')} "
                    "to skip bad rows.")
        return f"{used}{mode}. Press {key_of('import')} to import, {key_of('check')} to check without writing."

    def _show(self, selector: str, content: str | Text) -> None:
        """Fill a part below the table; an empty part takes no line."""
        part = self.query_one(selector, Static)
        # Parts quote the file's headers and cells: never markup.
        part.update(scrub(content) if isinstance(content, Text) else plain(content, newlines=True))
        part.display = bool(str(content))

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(plain(text, newlines=True))
        status.set_class(error, "error")

    def watch_skip_bad(self) -> None:
        if self.is_mounted and self.plan is not None:
            self._status(self._ready_text())

    # -- changing the mapping -----------------------------------------------------------------------
    @on(DataTable.RowSelected, "#import-mapping")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_map_column()

    def action_map_column(self) -> None:
        """Choose what the selected column fills in (or ignore it)."""
        from accountmgr.screens.import_field import IGNORE, ImportFieldScreen

        plan = self.plan
        index = self.mapping_table.selected_key
        if plan is None or not isinstance(index, int) or not 0 <= index < len(plan.columns):
            return
        column = plan.columns[index]

        def chosen(field: str | None) -> None:
            if field is None or field == (column.field or IGNORE) or self.plan is None:
                return
            current = self.plan
            self.replan(lambda: current.with_overrides({column.header: field}))

        self.app.push_screen(
            ImportFieldScreen(column.header, plan.field_choices(), column.field, column.samples), callback=chosen
        )

    def action_choose_kind(self) -> None:
        """Open the list of kinds: what the file holds, if the detected kind is wrong."""
        select = self.query_one("#import-kind-select", Select)
        select.focus()
        select.action_show_overlay()

    @on(Select.Changed, "#import-kind-select")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        plan = self.plan
        if event.value is Select.NULL or plan is None or event.value == plan.kind:
            return
        kind = str(event.value)
        self.mapping_table.focus()
        # The columns' meaning depends on the kind: the mapping starts afresh.
        self.replan(lambda: plan.with_kind(kind))

    def action_toggle_skip_bad(self) -> None:
        """Switch between all-or-nothing and importing the good rows (the bad ones go to the rejected file)."""
        self.skip_bad = not self.skip_bad
        self.notify("Skip bad rows: on. Bad rows go to the rejected file." if self.skip_bad
                    else "All or nothing: any problem stops the import.", timeout=3)

    def action_toggle_create_accounts(self) -> None:
        """Let people and opportunities create the accounts they name that are not in the portfolio yet."""
        self._toggle_option("create_accounts", "Accounts named in the file but missing will be created.",
                            "An account missing from the portfolio is a problem at its line.", timeout=3)

    def action_toggle_currency_ok(self) -> None:
        """Accept money columns in more than one currency (the amounts are taken as they are, without converting)."""
        self._toggle_option("currency_ok", "Mixed currencies accepted: amounts are taken as written, not converted.",
                            "A file mixing currencies is refused again.", timeout=4)

    def _toggle_option(self, option: str, turned_on: str, turned_off: str, *, timeout: float) -> None:
        """Flip one of the plan's options, say so, and check the file again with it."""
        plan = self.plan
        if plan is None:
            return
        value = not getattr(plan.options, option)
        self.notify(turned_on if value else turned_off, timeout=timeout)
        self.replan(lambda: plan.with_options(**{option: value}))

    @writes
    def action_save_mapping(self) -> None:
        """Save this mapping by name, to use again for the next export of the same kind."""
        from accountmgr.screens.import_save_mapping import SaveMappingScreen

        if self.plan is None:
            return

        def saved(name: str | None) -> None:
            if name:
                self.notify(f"Saved the mapping as “{name}”; u uses it for the next file.")

        self.app.push_screen(SaveMappingScreen(self.plan), callback=saved)

    def action_use_mapping(self) -> None:
        """Use a mapping saved earlier."""
        from accountmgr.screens.import_field import IGNORE
        from accountmgr.screens.import_mapping_pick import PickMappingScreen

        plan = self.plan
        if plan is None:
            return

        def picked(name: str | None) -> None:
            if name is None:
                return
            mapping = None if name == IGNORE else name
            self.replan(lambda: plan.with_options(mapping=mapping, overrides={}))

        self.app.push_screen(PickMappingScreen(self.mapping_name), callback=picked)

    def action_map_stage(self) -> None:
        """Say what a stage word of the file means in our pipeline (or that it is won or lost)."""
        from accountmgr.screens.import_stage import ImportStageScreen

        plan = self.plan
        if plan is None:
            return
        # The check names the stage words it did not know; the first one is offered to start with.
        unknown = next((match.group(1) for note in plan.notes if (match := UNKNOWN_STAGE.search(note))), "")

        def mapped(pair: tuple[str, str] | None) -> None:
            if pair is not None:
                word, stage = pair
                self.replan(lambda: plan.with_options(stage_map={**plan.options.stage_map, word: stage}))

        self.app.push_screen(ImportStageScreen(unknown), callback=mapped)

    def action_choose_sheet(self) -> None:
        """Read another sheet of the workbook (Excel files only)."""
        from accountmgr.screens.import_sheet import ImportSheetScreen
        from accountmgr.services.import_sheets import sheet_names

        plan = self.plan
        if plan is None or plan.table is None or plan.table.format != "xlsx":
            self.notify("Only an Excel workbook has sheets to choose from.")
            return
        try:
            sheets = sheet_names(plan.path)
        except DomainError as error:
            self._status(error.message, error=True)
            return
        path, db = plan.path, database_of(self)

        def picked(sheet: str | None) -> None:
            if sheet is not None and sheet != plan.table.sheet:  # type: ignore[union-attr]  # a plan on screen always has its table
                self.replan(lambda: plan_import(db, path, sheet=sheet), f"Reading the sheet “{sheet}”…")

        self.app.push_screen(ImportSheetScreen(path.name, sheets, plan.table.sheet), callback=picked)

    def action_other_file(self) -> None:
        """Choose another file to import."""
        from accountmgr.screens.import_file import ImportFileScreen

        def picked(path: Path | None) -> None:
            if path is None:
                return
            self.path, self.plan = path, None
            self.query_one("#import-title", Static).update(plain(f"Import {path.name}"))
            self.read_file()

        self.app.push_screen(ImportFileScreen(self.path.parent), callback=picked)

    # -- dry run and import ----------------------------------------------------------------------------
    def action_check(self) -> None:
        """Show what the import would do, in full, without writing anything."""
        from accountmgr.screens.import_summary import ImportSummaryScreen

        if self.plan is not None:
            self.app.push_screen(ImportSummaryScreen(view.check_lines(self.plan), title=f"Check of {self.path.name}"))

    @writes
    def action_import(self) -> None:
        """Import the file as checked (in the background, with a progress bar)."""
        plan = self.plan
        if plan is None:
            return
        if plan.file_problems:
            self._status("The file cannot be imported as it is, even skipping rows: see the first problems below.",
                         error=True)
            return
        if plan.problems and not self.skip_bad:
            self._status(
                f"{len(plan.problems):,} problems: nothing would be imported. Fix the file or the mapping, "
                f"or press {key_of('skip-bad')} to import the good rows and set the bad ones aside.",
                error=True,
            )
            return
        self.running = True
        self.refresh_bindings()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("shown")
        self._status("Importing…")
        self._import(plan, self.skip_bad)

    @work(thread=True, exclusive=True, group="import-run")
    def _import(self, plan: ImportPlan, skip_bad: bool) -> None:
        """Write the import off the UI thread; progress comes back through call_from_thread."""
        def progress(done: int, total: int) -> None:
            # call_from_thread waits for the screen: report every 1 % only, or the waiting dominates.
            if done == total or done % max(1, total // 100) == 0:
                self.app.call_from_thread(self._progress, done, total)

        try:
            summary = run_import(database_of(self), plan, skip_bad=skip_bad, progress=progress)
        except ImportRefused as refused:
            self.app.call_from_thread(self._refused, refused)
            return
        except (DomainError, OSError) as error:
            message = error.message if isinstance(error, DomainError) else f"Could not write: {error}."
            self.app.call_from_thread(self._failed, message)
            return
        except Exception as error:  # noqa: BLE001 - the import is one transaction: nothing was written
            self.log.error(f"importing {self.path}: {error!r}")
            self.app.call_from_thread(self._failed, f"The import stopped ({error}); nothing was written.")
            return
        self.app.call_from_thread(self._imported, summary)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=total, progress=done)
        self._status(f"Importing…  {done:,} of {total:,} rows.")

    def _refused(self, refused: ImportRefused) -> None:
        self._stopped()
        self._show("#import-problems", view.problem_lines(refused.problems, PROBLEMS_SHOWN))
        self._status(refused.message, error=True)

    def _failed(self, message: str) -> None:
        self._stopped()
        self._status(message, error=True)

    def _stopped(self) -> None:
        self.running = False
        self.query_one("#import-progress", ProgressBar).remove_class("shown")
        self.refresh_bindings()

    def _imported(self, summary: ImportSummary) -> None:
        from accountmgr.screens.import_summary import ImportSummaryScreen

        self._stopped()
        self.summary = summary
        app_of(self).refresh_portfolio()
        lines = summary.describe()
        account_ids = frozenset(summary.account_ids)
        self._status(" ".join(lines[:2]))
        plan = self.plan

        def closed(show: bool | None) -> None:
            if show and account_ids:
                app_of(self).show_accounts(account_ids, f"from {self.path.name}")
                return
            # Staying: checked again, the file now shows as unchanged (or what is still to fix).
            if plan is not None:
                self.replan(lambda: plan.with_options())

        self.app.push_screen(
            ImportSummaryScreen(lines, title="Import done", account_ids=account_ids), callback=closed
        )

    def action_leave(self) -> None:
        """Close the import (not while it writes: it finishes first, all at once)."""
        if self.running:
            self.notify("The import is writing; it finishes in a moment (all or nothing).")
            return
        self.dismiss(self.summary is not None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While importing only leaving is offered (and refused with a word); keys needing a plan wait for it."""
        if action in {"import", "check", "save_mapping", "map_column", "choose_kind", "toggle_skip_bad",
                      "toggle_create_accounts", "toggle_currency_ok", "use_mapping", "other_file",
                      "choose_sheet", "map_stage"}:
            if self.running:
                return None
            if action in {"import", "check", "save_mapping", "map_column", "choose_sheet", "map_stage"} \
                    and self.plan is None:
                return None
            # The plan on screen is about to be replaced: importing or checking it now would use the old mapping.
            if action in {"import", "check", "save_mapping"} and self.planning:
                return None
        return True

    def palette_commands(self) -> list[Any]:
        """The import's keys by name, for the command palette."""
        from accountmgr.screens.palette import PaletteEntry

        return [
            PaletteEntry("Import: check the file (dry run)", f"What would be added, updated, refused ({key_of('check')})", "check"),
            PaletteEntry("Import: import the file now", f"All or nothing unless skip bad rows is on ({key_of('import')})", "import"),
            PaletteEntry("Import: skip bad rows on/off", f"Good rows go in, bad ones to FILE.rejected.csv ({key_of('skip-bad')})",
                         "toggle_skip_bad"),
            PaletteEntry("Import: create missing accounts on/off",
                         f"People and opportunities may name accounts not in the portfolio yet ({key_of('create-accounts')})",
                         "toggle_create_accounts"),
            PaletteEntry("Import: accept mixed currencies on/off",
                         "Amounts in several currencies taken as written, not converted ($)", "toggle_currency_ok"),
            PaletteEntry("Import: change what the selected column fills in", "Or ignore it (Enter)", "map_column"),
            PaletteEntry("Import: change the kind of data", f"Accounts, people, opportunities… ({key_of('kind')})", "choose_kind"),
            PaletteEntry("Import: save this mapping as…", f"Use it again for the next export ({key_of('save')})", "save_mapping"),
            PaletteEntry("Import: use a saved mapping…", f"A mapping saved earlier ({key_of('use-mapping')})", "use_mapping"),
            PaletteEntry("Import: map a stage of the file's pipeline", f"What a stage word means in ours ({key_of('stage')})",
                         "map_stage"),
            PaletteEntry("Import: choose the sheet of the workbook", f"Excel files: which sheet to read ({key_of('sheet')})",
                         "choose_sheet"),
            PaletteEntry("Import: choose another file", f"Back to the file chooser ({key_of('other-file')})", "other_file"),
        ]
