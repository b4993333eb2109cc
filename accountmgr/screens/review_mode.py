"""Review mode: one account plan, read-only and full screen, for account reviews on a projector."""

from __future__ import annotations

from typing import Any

from rich.markdown import Markdown as RichMarkdown
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from accountmgr.models import Step
from accountmgr.services.account_plan import render_account_plan
from accountmgr.services.accounts import get_account
from accountmgr.services.errors import DomainError
from accountmgr.services.plan_export import default_export_dir, default_plan_path, export_plan
from accountmgr.services.portfolio import load_portfolio
from accountmgr.services.portfolio_list import portfolio_rows
from accountmgr.services.team import owner_name
from accountmgr.services.watch import about
from accountmgr.widgets.plain import line
from accountmgr.widgets.refusal import say_refused
from accountmgr.widgets.typed_app import database_of


class ReviewModeScreen(Screen[None]):
    """Review mode: the account plan, read-only"""

    HELP_TITLE = "Review mode"
    HELP_TEXT = (
        "The account plan as it would be exported, read-only and large, for account reviews. It opens with the "
        "executive summary, then what changed since the last review. X writes the same plan as a printable HTML page beside it. Letters a–l jump to the steps of the method; n and p move to the next and "
        "previous account in the portfolio's current order and filter; x writes the plan to a Markdown file "
        "in the plans folder beside the database and shows where in the top bar (a file it did not write is "
        "never replaced); Home goes back to the top."
    )
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="review-close"),
        Binding("n", "next_account(1)", "Next account", id="review-next"),
        Binding("p", "next_account(-1)", "Previous account", id="review-previous"),
        Binding("x", "export", "Export plan", id="review-export"),
        Binding("X", "export('html')", "Export HTML", id="review-export-html"),
        Binding("home", "top", "Top: the summary", id="review-top"),
        *(
            Binding(step.value, f"jump('{step.value}')",
                    "Jump to a step" if step is Step.A else f"Step {step.value}: {step.label}",
                    show=step is Step.A, key_display="a–l" if step is Step.A else None, id=f"review-step-{step.value}")
            for step in Step
        ),
    ]

    DEFAULT_CSS = """
    ReviewModeScreen { background: $background; }
    ReviewModeScreen #review-bar {
        height: 1; padding: 0 2; background: $primary; color: $text; text-style: bold;
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
        self.last_export: str | None = None
        """Where the last export from this screen went (shown to the user, kept for tests)."""
        self._exported_id: int | None = None
        """The account *last_export* belongs to: the bar shows the path while that account is on screen."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-bar")
        with VerticalScroll(id="review-scroll"):
            yield Vertical(id="review-plan")
        yield Footer()

    async def on_mount(self) -> None:
        if not self._ids:
            self._ids = [row.id for row in portfolio_rows(database_of(self))]
        # Scores are relative to the whole portfolio: load them once, not at every next/previous account.
        self._portfolio = load_portfolio(database_of(self))
        await self._show()

    def on_resize(self, event: events.Resize) -> None:
        """Give the tables the whole width on a small terminal."""
        self.set_class(event.size.width < self.NARROW_BELOW, "-narrow")

    async def watch_account_id(self) -> None:
        await self._show()

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed the account on screen: render its plan again where it was read
        (scores are relative to the whole portfolio, so that is scored again too, in the background)."""
        if about(changes, self.account_id):
            self._follow()

    @work(thread=True, exclusive=True, group="review-follow")
    def _follow(self) -> None:
        self._portfolio = load_portfolio(database_of(self))
        # Textual awaits a coroutine function here; its callback type (value or awaitable) defeats inference.
        self.app.call_from_thread(self._show, keep_place=True)  # type: ignore[arg-type]

    async def _show(self, keep_place: bool = False) -> None:
        """Render the plan of the current account and lay it out, one block per section (at the top, or where
        the reader was with *keep_place*)."""
        try:
            source = render_account_plan(
                database_of(self), self.account_id, for_screen=True, portfolio=self._portfolio
            )
        except DomainError as error:
            say_refused(self, error)
            return
        if keep_place and source == self.source:
            return  # nothing this plan shows has changed: leave the reader undisturbed
        self.source = source
        self._update_bar()
        scroll = self.query_one("#review-scroll", VerticalScroll)
        place = scroll.scroll_y
        plan = self.query_one("#review-plan", Vertical)
        await plan.remove_children()
        await plan.mount_all(self._blocks(source))
        if keep_place:
            # The new blocks are laid out on the next refresh: scroll back to where the reader was then.
            scroll.call_after_refresh(scroll.scroll_to, y=place, animate=False, immediate=True)
        else:
            scroll.scroll_home(animate=False, immediate=True)

    @staticmethod
    def _blocks(source: str) -> list[Static]:
        """The plan as a title, then a heading bar and a body per section (Rich lays out each body at once:
        a handful of widgets, so switching accounts stays quick even with large tables)."""
        title, _, rest = source.partition("\n")
        # Headings hold escaped user text: Rich's Markdown unescapes it (a plain Static would read [x] as markup).
        blocks = [Static(RichMarkdown(title.removeprefix("# "), justify="center"), classes="review-title")]
        for index, section in enumerate(("\n" + rest).split("\n## ")):
            if index == 0:
                if section.strip():
                    blocks.append(Static(RichMarkdown(section), classes="review-body", id="review-header"))
                continue
            heading, _, body = section.partition("\n")
            letter = heading.split(". ", 1)[0] if len(heading) > 2 and heading[1:3] == ". " else ""
            block_id = f"review-step-{letter}" if letter else f"review-section-{index}"
            blocks.append(Static(RichMarkdown(heading), classes="review-heading", id=block_id))
            if body.strip():
                blocks.append(Static(RichMarkdown(body), classes="review-body"))
        return blocks

    def _update_bar(self) -> None:
        account = get_account(database_of(self), self.account_id)
        name = account.name
        where = ""
        if self.account_id in self._ids:
            where = f"  ·  account {self._ids.index(self.account_id) + 1} of {len(self._ids)}"
        # A manager walks through everyone's accounts: whose this one is stays in view.
        where += f"  ·  owner {owner_name(database_of(self), account.owner_id) or 'nobody yet'}"
        if self.last_export and self._exported_id == self.account_id:
            # Stays in view after the notification fades: the room may want to know where the file went.
            where += f"  ·  exported to {self.last_export}"
        # Content, not a markup string: an account called "[b]Acme" must show as typed.
        self.query_one("#review-bar", Static).update(Content(line(f"Review mode  ·  {name}{where}")))

    # -- actions --------------------------------------------------------------
    def action_close(self) -> None:
        """Leave review mode."""
        self.dismiss(None)

    def action_jump(self, letter: str) -> None:
        """Scroll to the section of step *letter* (a–l)."""
        targets = self.query(f"#review-step-{letter}")
        if targets:
            self.query_one("#review-scroll", VerticalScroll).scroll_to_widget(targets.first(), top=True, animate=False)

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
        where."""
        db = database_of(self)
        account = get_account(db, self.account_id)
        try:
            path = export_plan(db, self.account_id, default_plan_path(default_export_dir(db), account.name, fmt),
                               fmt=fmt)
        except DomainError as error:
            self.notify(error.message, title="Plan not exported", severity="error", timeout=10)
            return
        self.last_export = str(path)
        self._exported_id = self.account_id
        self._update_bar()
        self.notify(f"Wrote {path}", title="Plan exported", timeout=8)
