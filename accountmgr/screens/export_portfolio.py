"""Exporting every account plan from the app: choose a folder, watch the progress, cancel at any time."""

from __future__ import annotations

import threading
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, RadioSet, Static

from accountmgr.keys import key_of, ref
from accountmgr.services.errors import DomainError
from accountmgr.services.plan_export import ExportResult, default_export_dir, export_all
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.checkboxes import RadioButton
from accountmgr.widgets.typed_app import database_of
from accountmgr.services.wording import plural


class ExportPortfolioScreen(ModalScreen[ExportResult | None]):
    """Export the whole portfolio"""

    HELP_TITLE = "Export the portfolio"
    HELP_TEXT = (
        "Writes one account plan per active account, plus the review pack linking them (totals, both matrices, "
        "the accounts needing attention and why), into the folder shown (beside the database unless you type "
        "another). Tab moves to the format: Markdown (README.md, charts as SVG files) or HTML (index.html, one "
        "printable page per plan, charts inside). The files are readable by you only. The plans are written into a temporary folder that replaces the previous export only once "
        f"complete: {ref('back')} cancels, and a cancel or a full disk leaves the previous export as it was."
    )
    BINDINGS = [
        bind("back", "cancel", "Cancel / close"),
    ]

    DEFAULT_CSS = """
    ExportPortfolioScreen { align: center middle; }
    ExportPortfolioScreen #export-box {
        width: 80; height: auto; padding: 1 2; border: thick $primary; background: $surface;
    }
    ExportPortfolioScreen #export-title { text-style: bold; margin-bottom: 1; }
    ExportPortfolioScreen #export-progress { margin: 1 0; width: 100%; }
    ExportPortfolioScreen #export-progress Bar { width: 1fr; }
    ExportPortfolioScreen #export-status { height: auto; }
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        super().__init__()
        self._directory = directory
        self._stop = threading.Event()
        """Set to ask the running export to stop before its next plan."""
        self.running = False
        self.result: ExportResult | None = None
        """What the last export wrote (None until one finishes)."""

    def compose(self) -> ComposeResult:
        folder = self._directory or default_export_dir(database_of(self))
        with Vertical(id="export-box"):
            yield Static("Export every account plan and the review pack", id="export-title")
            yield Label("Folder (Enter starts the export):")
            yield Input(str(folder), id="export-folder")
            with RadioSet(id="export-format"):
                yield RadioButton("Markdown: README.md, charts as SVG files", value=True, id="export-md")
                yield RadioButton("HTML: index.html, printable pages", id="export-html")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static(f"One file per account, plus the review pack linking them. {key_of('back')} closes.", id="export-status")

    @on(Input.Submitted, "#export-folder")
    def _start(self, event: Input.Submitted) -> None:
        if self.running:
            return
        folder = event.value.strip()
        if not folder:
            self._status("Type the folder to write the plans into.")
            return
        self.running = True
        self._stop.clear()
        self.query_one("#export-folder", Input).disabled = True
        self.query_one("#export-progress", ProgressBar).update(total=None, progress=0)
        self._status(f"Exporting…  {key_of('back')} cancels.")
        self._export(Path(folder).expanduser(), self.format)

    @property
    def format(self) -> str:
        """"html" when the HTML button is chosen, else "md"."""
        return "html" if self.query_one("#export-html", RadioButton).value else "md"

    @on(RadioSet.Changed, "#export-format")
    def _format_chosen(self) -> None:
        # Enter in the format list starts the export too: back to the folder, where Enter does.
        self.query_one("#export-folder", Input).focus()

    @work(thread=True, exclusive=True, group="export-portfolio")
    def _export(self, folder: Path, fmt: str = "md") -> None:
        """Run the export off the UI thread; the screen hears about progress through call_from_thread."""
        def progress(done: int, total: int) -> None:
            # call_from_thread waits for the screen: report every 1 % only, or the wait dominates a large export.
            if done == total or done % max(1, total // 100) == 0:
                self.app.call_from_thread(self._progress, done, total)

        try:
            result = export_all(
                database_of(self),
                folder,
                progress=progress,
                cancel=self._stop.is_set,
                fmt=fmt,
            )
        except (DomainError, OSError) as error:
            message = error.message if isinstance(error, DomainError) else f"Could not write there: {error}."
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self._finished, result)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=total, progress=done)
        self._status(f"Exporting…  {done} of {total} plans.  {key_of('back')} cancels.")

    def _finished(self, result: ExportResult) -> None:
        self.running = False
        self.result = result
        if result.cancelled:
            self._status(f"Cancelled after {plural(result.count, 'plan')}; nothing was changed in {result.directory}. {key_of('back')} closes.")
        else:
            self.query_one("#export-progress", ProgressBar).update(total=max(result.count, 1), progress=result.count)
            index = result.index.name if result.index else "the review pack"
            self._status(f"Wrote {plural(result.count, 'plan')} and {index} to {result.directory}. {key_of('back')} closes.")
            self.notify(str(result.directory), title=f"Exported {result.count} account plans", timeout=10)
        self.query_one("#export-folder", Input).disabled = False

    def _failed(self, message: str) -> None:
        self.running = False
        # Nothing was written: an empty bar, not one that looks busy.
        self.query_one("#export-progress", ProgressBar).update(total=100, progress=0)
        self._status(message)
        self.query_one("#export-folder", Input).disabled = False
        self.query_one("#export-folder", Input).focus()

    def _status(self, text: str) -> None:
        self.query_one("#export-status", Static).update(text)

    def action_cancel(self) -> None:
        """Stop a running export (what is written stays), or close the window."""
        if self.running:
            self._stop.set()
            self._status("Cancelling…")
            return
        self.dismiss(self.result)
