"""Review mode: one account plan, read-only and full screen, for account reviews on a projector."""

from __future__ import annotations

import gc
import threading
from typing import Any

from rich.cells import cell_len
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from accountmgr.keys import ref
from accountmgr.models import Step
from accountmgr.screens.go_to_step import GoToStepScreen
from accountmgr.services.errors import DomainError
from accountmgr.services.watch import about
from accountmgr.widgets.plain import line
from accountmgr.widgets.refusal import say_refused
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of


FIRST_BLOCKS = 6
"""Blocks of the plan mounted at once: the title, the header, the summary and what changed."""
MORE_BLOCKS = 2
"""Blocks mounted per frame after those (a heading and its body)."""
PLAN_MARGINS = 3 * 2 + 1 * 2 + 1
"""Columns of the screen a body does not get: the plan's side padding, the body's own, the scroll bar (CSS below)."""


class ReviewModeScreen(Screen[None]):
    """Review mode: the account plan, read-only"""

    HELP_TITLE = "Review mode"
    HELP_TEXT = (
        "The account plan as it would be exported, read-only and large, for account reviews. It opens with the "
        f"executive summary, then what changed since the last review. {ref('export-html')} writes the same plan as "
        f"a printable HTML page beside it. {ref('go-to')} then a letter a–l jumps to that step of the method; "
        f"{ref('next')} and {ref('previous')} move to the next and "
        f"previous account in the portfolio's current order and filter; {ref('export')} writes the plan to a Markdown file "
        "in the plans folder beside the database and shows where in the top bar (a file it did not write is "
        f"never replaced); {ref('first')} goes back to the top."
    )
    BINDINGS = [
        bind("back", "close", "Close"),
        bind("next", "next_account(1)", "Next account"),
        bind("previous", "next_account(-1)", "Previous account", show=False),
        bind("export", "export", "Export plan"),
        bind("export-html", "export('html')", "Export HTML", show=False),
        bind("first", "top", "Top: the summary"),
        bind("go-to", "go_to", "Go to a step"),
    ]

    DEFAULT_CSS = """
    ReviewModeScreen { background: $background; }
    ReviewModeScreen #review-bar {
        height: auto; padding: 0 2; background: $primary; color: $text; text-style: bold;
    }
    ReviewModeScreen #review-scroll { height: 1fr; scrollbar-size-vertical: 1; }
    ReviewModeScreen #review-plan { height: auto; padding: 0 3; }
    ReviewModeScreen .review-title {
        background: $primary; color: $text; text-style: bold; padding: 1 2; margin: 1 0; content-align: center middle;
        width: 100%;
    }
    ReviewModeScreen .review-heading {
        background: $boost; color: $text-primary; text-style: bold; padding: 0 1; margin: 1 0 1 0;
        border-left: thick $primary; width: 100%;
    }
    ReviewModeScreen .review-body { height: auto; padding: 0 1; }
    /* A laptop terminal needs every column for the tables: no side margins. */
    ReviewModeScreen.-narrow #review-plan { padding: 0 0; }
    ReviewModeScreen.-narrow .review-body { padding: 0 0; }
    ReviewModeScreen.-narrow .review-title { padding: 0 1; margin: 0 0 1 0; }
    """

    NARROW_BELOW = 100
    """Terminals narrower than this drop the side margins and the title's padding."""

    account_id: reactive[int] = reactive(0, init=False)
    """The account on screen."""

    def __init__(self, account_id: int, account_ids: list[int] | None = None) -> None:
        super().__init__()
        self._ids = list(account_ids) if account_ids else []
        """The portfolio's order and filter as the caller saw it; next/previous walk this list."""
        self.set_reactive(ReviewModeScreen.account_id, account_id)
        self.source = ""
        """The plan on screen, as Markdown."""
        self._portfolio: Any = None
        self._scored = threading.Event()
        """Set once the whole portfolio is scored (in a worker: seconds for a large one), which every plan needs."""
        self._named: dict[int, tuple[str, str | None]] = {}
        """(name, owner) of the accounts shown, read with their plans (off the UI thread) for the top bar."""
        self.exporting = False
        """True while a plan is being written (in a worker)."""
        self.laying_out = False
        """True while the plan's blocks are being mounted, a few per frame."""
        self._layouts = 0
        """How many plans were laid out: a newer one stops the blocks of an older one."""
        self.last_export: str | None = None
        """Where the last export from this screen went (shown to the user, kept for tests)."""
        self._exported_id: int | None = None
        """The account *last_export* belongs to: the bar shows the path while that account is on screen."""
        self._width: int | None = None
        """The width the plan's bodies get (known on the UI thread, read by the worker that lays them out)."""
        self._shown_width: int | None = None
        """The width the plan on screen was laid out for."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-bar")
        with VerticalScroll(id="review-scroll"):
            yield Vertical(id="review-plan")
        yield Footer()

    def on_mount(self) -> None:
        self._width = self._body_width(self.app.size.width)
        self._update_bar()
        # After the first paint: scoring holds the interpreter most of the time, which would slow the paint down.
        self.call_after_refresh(self._score_portfolio, list_accounts=not self._ids)
        self._render_plan()

    @work(thread=True, exclusive=True, group="review-scores")
    def _score_portfolio(self, list_accounts: bool = False) -> None:
        """Score the whole portfolio off the UI thread (the plan's scores are relative to it): once, not at every
        next/previous account; the keys keep working meanwhile."""
        # Imported here, in the worker: the plan services and their imports (Markdown, charts…) are not needed
        # until review mode is opened, and a first import costs the UI thread nothing here.
        from accountmgr.services.portfolio import load_portfolio
        from accountmgr.services.portfolio_list import portfolio_rows

        db = database_of(self)
        try:
            if list_accounts:
                ids = [row.id for row in portfolio_rows(db)]
                self.app.call_from_thread(self._listed, ids)
            self._portfolio = load_portfolio(db)
            # Tens of thousands of long-lived entries: keep the garbage collector from rescanning them on the UI
            # thread (a stall of hundreds of ms on a key). They hold no reference cycles, so reference counting
            # still frees them when review mode closes.
            gc.freeze()
        finally:
            self._scored.set()  # also on failure: the plans then score the portfolio themselves, not wait forever
        self.app.call_from_thread(self._update_bar)

    def _listed(self, ids: list[int]) -> None:
        if not self._ids:
            self._ids = ids
            self._update_bar()

    def _wait_for_scores(self) -> bool:
        """In a worker: wait until the portfolio is scored; False if the worker was cancelled meanwhile."""
        worker = get_current_worker()
        while not self._scored.wait(0.05):
            if worker.is_cancelled:
                return False
        return not worker.is_cancelled

    def on_resize(self, event: events.Resize) -> None:
        """Give the tables the whole width on a small terminal; a plan laid out for another width is laid out
        again (in the background, the reader staying where they were)."""
        self.set_class(event.size.width < self.NARROW_BELOW, "-narrow")
        if self.is_mounted:
            self._update_bar()
        self._width = self._body_width(event.size.width)
        if self.source and self._shown_width is not None and self._shown_width != self._width:
            self._render_plan(keep_place=True)

    def _body_width(self, screen_width: int) -> int:
        return max(screen_width - (1 if screen_width < self.NARROW_BELOW else PLAN_MARGINS), 20)

    def watch_account_id(self) -> None:
        self._update_bar()
        self._render_plan()

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed the account on screen: render its plan again where it was read
        (scores are relative to the whole portfolio, so that is scored again too, in the background)."""
        if about(changes, self.account_id):
            self._follow()

    @work(thread=True, exclusive=True, group="review-follow")
    def _follow(self) -> None:
        from accountmgr.services.portfolio import load_portfolio

        if not self._wait_for_scores():
            return
        self._portfolio = load_portfolio(database_of(self))
        gc.freeze()  # as when first scored
        self.app.call_from_thread(self._render_plan, keep_place=True)

    @work(thread=True, exclusive=True, group="review-render")
    def _render_plan(self, keep_place: bool = False) -> None:
        """Render the plan of the account on screen off the UI thread (once the portfolio is scored), then lay it
        out there; a newer account chosen meanwhile cancels it."""
        from accountmgr.services.account_plan import render_account_plan

        account_id = self.account_id
        db = database_of(self)
        try:
            if account_id not in self._named:
                self._read_name(db, account_id)
                self.app.call_from_thread(self._update_bar)
            if not self._wait_for_scores():
                return
            source = render_account_plan(db, account_id, for_screen=True, portfolio=self._portfolio)
        except DomainError as error:
            self.app.call_from_thread(say_refused, self, error)
            return
        from accountmgr.services.plan_names import names_in_plan

        width = self._width
        # Markdown parsed and its tables laid out here too, not on the UI thread.
        parts = self._parts(source, names_in_plan(db, account_id), width)
        if not get_current_worker().is_cancelled:
            # Textual awaits a coroutine function here; its callback type (value or awaitable) defeats inference.
            self.app.call_from_thread(self._show, account_id, source, parts, keep_place,  # type: ignore[arg-type]
                                      width)

    def _read_name(self, db: Any, account_id: int) -> None:  # noqa: ANN401
        """Read the account's name and owner for the top bar (in a worker)."""
        from accountmgr.services.accounts import get_account
        from accountmgr.services.team import owner_name

        account = get_account(db, account_id)
        self._named[account_id] = (account.name, owner_name(db, account.owner_id))

    async def _show(self, account_id: int, source: str, parts: list[tuple[Any, str, str | None]],
                    keep_place: bool = False, width: int | None = None) -> None:
        """Lay out the plan *source* of *account_id*, one block per section (at the top, or where the reader was
        with *keep_place*); its bodies were laid out for *width*."""
        if account_id != self.account_id or not self.is_attached:
            return  # the reader has moved on to another account, or closed review mode
        if keep_place and source == self.source and width == self._shown_width:
            return  # nothing this plan shows has changed: leave the reader undisturbed
        self.source, self._shown_width = source, width
        self._update_bar()
        scroll = self.query_one("#review-scroll", VerticalScroll)
        place = scroll.scroll_y
        plan = self.query_one("#review-plan", Vertical)
        self._layouts += 1  # a plan laid out later stops this one's remaining blocks
        self.laying_out = True
        blocks = [Static(renderable, classes=classes, id=block_id) for renderable, classes, block_id in parts]
        await plan.remove_children()
        # A new plan: the first screenful at once, the rest a few blocks per frame, so that a key pressed meanwhile
        # waits for one small batch, not for Rich to lay out every table of the plan. The same plan read again
        # (changed elsewhere) is laid out whole, so that the reader stays where they were.
        first = len(blocks) if keep_place else FIRST_BLOCKS
        await plan.mount_all(blocks[:first])
        if not keep_place:
            scroll.scroll_home(animate=False, immediate=True)
        self._mount_more(self._layouts, blocks[first:], place if keep_place else None)

    def _mount_more(self, layout: int, blocks: list[Static], place: float | None) -> None:
        """Mount the plan's next few *blocks*, then the rest after the next refresh; at the end, scroll back to
        *place* (where the reader was) when given."""
        if layout != self._layouts or not self.is_attached:
            return
        if blocks:
            self.query_one("#review-plan", Vertical).mount_all(blocks[:MORE_BLOCKS])
            self.call_after_refresh(self._mount_more, layout, blocks[MORE_BLOCKS:], place)
            return
        self.laying_out = False
        if place is not None:
            # The last blocks are laid out on the next refresh: scroll back to where the reader was then.
            scroll = self.query_one("#review-scroll", VerticalScroll)
            scroll.call_after_refresh(scroll.scroll_to, y=place, animate=False, immediate=True)

    @staticmethod
    def _parts(source: str, names: list[str] | None = None, width: int | None = None) -> list[tuple[Any, str, str | None]]:
        """The plan as a title, then a heading bar and a body per section (Rich lays out each body at once:
        a handful of widgets, so switching accounts stays quick even with large tables): (Markdown, classes, id)
        of each block; no line break splits one of *names*. With *width*, each body is laid out here already, for
        that width (in a worker: the UI thread then only copies its lines)."""
        from accountmgr.widgets.plan_markdown import PlanMarkdown, Prerendered

        def body(markdown: PlanMarkdown) -> Any:  # noqa: ANN401
            return Prerendered(markdown, width) if width else markdown

        names = names or []
        title, _, rest = source.partition("\n")
        # Headings hold escaped user text: Rich's Markdown unescapes it (a plain Static would read [x] as markup).
        parts: list[tuple[Any, str, str | None]] = [
            (PlanMarkdown(title.removeprefix("# "), justify="center", names=names), "review-title", None)
        ]
        for index, section in enumerate(("\n" + rest).split("\n## ")):
            if index == 0:
                if section.strip():
                    parts.append((body(PlanMarkdown(section, names=names)), "review-body", "review-header"))
                continue
            heading, _, text = section.partition("\n")
            letter = heading.split(". ", 1)[0] if len(heading) > 2 and heading[1:3] == ". " else ""
            block_id = f"review-step-{letter}" if letter else f"review-section-{index}"
            parts.append((PlanMarkdown(heading, names=names), "review-heading", block_id))
            if text.strip():
                parts.append((body(PlanMarkdown(text, names=names)), "review-body", None))
        return parts

    def _update_bar(self) -> None:
        bars = list(self.query("#review-bar").results(Static))
        if not bars:  # closed already (or not yet composed) when a worker's news arrives
            return
        bar = bars[0]
        named = self._named.get(self.account_id)
        if named is None:
            # Its name is being read with its plan, in a worker.
            bar.update(Content("Review mode  ·  …"))
            return
        name, owner = named
        parts = ["Review mode", line(name)]
        if self.account_id in self._ids:
            parts.append(f"account {self._ids.index(self.account_id) + 1} of {len(self._ids)}")
        # A manager walks through everyone's accounts: whose this one is stays in view.
        parts.append(f"owner {line(owner) if owner else 'nobody yet'}")
        if not self._scored.is_set():
            parts.append("scoring the portfolio…")
        elif self.exporting:
            parts.append("exporting…")
        text = fold(parts, self.size.width - 4)  # the bar's padding
        if self.last_export and self._exported_id == self.account_id and not self.exporting:
            # On a line of its own, the whole path (wrapped if need be): it stays in view after the notification
            # fades, and the room may want to know where the file went.
            text += "\n" + line(f"Plan exported to {self.last_export}")
        # Content, not a markup string: an account called "[b]Acme" must show as typed.
        bar.update(Content(text))

    # -- actions --------------------------------------------------------------
    def action_close(self) -> None:
        """Leave review mode."""
        self.dismiss(None)

    def action_jump(self, letter: str) -> None:
        """Scroll to the section of step *letter* (a–l)."""
        targets = self.query(f"#review-step-{letter}")
        if targets:
            self.query_one("#review-scroll", VerticalScroll).scroll_to_widget(targets.first(), top=True, animate=False)

    def action_go_to(self) -> None:
        """Ask for a step's letter, then scroll to its section."""
        self.app.push_screen(GoToStepScreen(), callback=lambda letter: self.action_jump(letter) if letter else None)

    def action_top(self) -> None:
        """Back to the top: the header and what changed since the last review."""
        self.query_one("#review-scroll", VerticalScroll).scroll_home(animate=False)

    def action_next_account(self, step: int) -> None:
        """Show the next (1) or previous (-1) account of the portfolio's list."""
        if not self._ids:
            return
        if self.account_id in self._ids:
            position = (self._ids.index(self.account_id) + step) % len(self._ids)
        else:
            position = 0
        self.account_id = self._ids[position]

    def action_export(self, fmt: str = "md") -> None:
        """Write this plan to a Markdown file (its charts beside it) or an HTML page next to the database, and say
        where (in a worker: the keys keep working meanwhile)."""
        if self.exporting:
            self.notify("A plan is being exported; a moment, please.")
            return
        self.exporting = True
        self._update_bar()
        self._export(self.account_id, fmt)

    @work(thread=True, group="review-export")
    def _export(self, account_id: int, fmt: str) -> None:
        from accountmgr.services.accounts import get_account
        from accountmgr.services.plan_export import default_export_dir, default_plan_path, export_plan

        db = database_of(self)
        path: Any = None
        error: DomainError | None = None
        if not self._wait_for_scores():
            return  # review mode was closed meanwhile
        try:
            account = get_account(db, account_id)
            path = export_plan(db, account_id, default_plan_path(default_export_dir(db), account.name, fmt), fmt=fmt,
                               portfolio=self._portfolio)
        except DomainError as refused:
            error = refused
        self.app.call_from_thread(self._exported, account_id, path, error)

    def _exported(self, account_id: int, path: Any, error: DomainError | None) -> None:  # noqa: ANN401
        self.exporting = False
        if error is not None:
            self._update_bar()
            self.notify(error.message, title="Plan not exported", severity="error", timeout=10)
            return
        self.last_export = str(path)
        self._exported_id = account_id
        self._update_bar()
        self.notify(f"Wrote {path}", title="Plan exported", timeout=8)


def fold(parts: list[str], width: int, separator: str = "  ·  ") -> str:
    """*parts* joined by *separator*, a line breaking between parts, never inside one that fits a line.

    Wrapping by words would put "owner Giulia" on one line and "Ferri" on the next, which reads as two people.
    """
    lines: list[str] = []
    for part in parts:
        if lines and cell_len(lines[-1] + separator + part) <= width:
            lines[-1] += separator + part
        else:
            lines.append(part)
    return "\n".join(lines)
