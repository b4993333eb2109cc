"""The portfolio: every account with its level, scores, pipeline and next action; filter, sort, open."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from accountmgr.keys import key_of, ref, spell
from accountmgr.models.enums import RelationshipLevel
from accountmgr.services.money import format_money_short
from accountmgr.services.portfolio import (
    PROGRESSIVE_FROM,
    Portfolio,
    PortfolioEntry,
    change_marker,
    active_count,
    first_page,
    load_portfolio,
    scored_first_page,
)
from accountmgr.services.scoring import LEVEL_RANK, Band, Segment
from accountmgr.screens import remembered
from accountmgr.services.wording import plural
from accountmgr.widgets.filter_input import FilterInput
from accountmgr.widgets.level_badge import level_badge
from accountmgr.widgets.refusal import say_refused, writes
from accountmgr.widgets.typed_app import app_of, database_of
from accountmgr.widgets.virtual_table import Column, VirtualTable
from accountmgr.widgets.bindings import bind

if TYPE_CHECKING:
    from accountmgr.screens.palette import PaletteEntry

COLUMNS = [
    Column("name", "Account", 48, min_width=17, flex=True, whole=True),
    Column("level", "Level", 12),
    Column("target", "Target", 6, drop_order=10),
    Column("owner", "Owner", 20, drop_order=11),
    Column("attractiveness", "Attr.", 5, "right"),
    Column("segment", "Segment", 10, drop_order=7),
    Column("open", "Open", 7, "right", drop_order=2),
    Column("weighted", "Weighted", 8, "right", drop_order=4),
    Column("satisfaction", "Sat.", 4, "right", drop_order=3),
    Column("churn", "Churn", 11),
    Column("clv", "Lifetime", 9, "right", drop_order=8),
    Column("rfmt", "RFMT", 4, "right", drop_order=9),
    Column("objectives", "Obj.", 4, "right"),
    Column("next", "Next action", 60, min_width=16, flex=True),
]
"""The portfolio's columns, in order. Names are shown whole while the terminal has room for them: on a narrower
terminal owner, target, RFMT, lifetime value, segment… are hidden first (the owner filter o still works; the
sorted column always shows), and on a wide one the next action column takes the room left."""

_FAR_FUTURE = datetime.max

SORT_KEYS: dict[str, Callable[[PortfolioEntry], Any]] = {
    "name": attrgetter("name_key"),
    "objectives": attrgetter("overdue_objectives"),
    "level": lambda e: LEVEL_RANK[e.level],
    "target": lambda e: LEVEL_RANK[e.target_level] if e.target_level else -1,
    "owner": lambda e: e.owner.lower() or "\uffff",
    "attractiveness": attrgetter("attractiveness"),
    "segment": lambda e: _SEGMENT_ORDER[e.segment],
    "open": attrgetter("open_cents"),
    "weighted": attrgetter("weighted_cents"),
    "satisfaction": lambda e: -1 if e.satisfaction is None else e.satisfaction,
    "churn": lambda e: e.churn_points if e.has_churn_risk else -1,
    "clv": lambda e: -(10**18) if e.value is None or e.value.clv_cents is None else e.value.clv_cents,
    "rfmt": lambda e: -1 if e.value is None or e.value.rfmt is None else e.value.rfmt,
    "next": lambda e: e.next_at or _FAR_FUTURE,
}
"""How each column sorts; blanks sort first ascending (last for dates: nothing planned)."""

DESCENDING_FIRST = {"objectives", "attractiveness", "open", "weighted", "churn", "clv", "rfmt"}
"""Columns whose natural first sort is largest first."""

_SEGMENT_ORDER: dict[Segment, int] = {segment: index for index, segment in enumerate(Segment)}
_SEGMENT_SHORT = {
    Segment.HIGH_PERFORMANCE: "High-perf.",
    Segment.HIGH_POTENTIAL: "High-pot.",
    Segment.CORE: "Core",
    Segment.BELOW_ZERO: "Below-zero",
    Segment.UNSCORED: "Not scored",
}
_BAND_STYLE = {Band.HIGH: "bold red", Band.MEDIUM: "yellow", Band.LOW: ""}
FILTER_KEYS = " ".join(ref(i) for i in ("level-filter", "owner-filter", "segment-filter", "complaints-filter",
                                             "archived-filter", "overdue-filter"))
STATUS_HINTS = (f"   filter keys {FILTER_KEYS} · {ref('palette')} lists every filter", f"  filters {FILTER_KEYS}")
"""Key hints after the status when no filter is set, longest first (the first that fits is shown)."""
STATUS_HINTS_FILTERED = (f"   {ref('clear-filters')} clears the filters", f"   {ref('clear-filters')}: clear")
MATCHES_KEPT = 64
"""How many typed texts keep their matching rows before they are forgotten."""
ARCHIVE_STATES = ("active", "all", "archived")
"""What the archived filter cycles through."""


_PENDING = Text("…", style="dim")


def portfolio_cells(entry: PortfolioEntry) -> list[str | Text]:
    """One account's cells, in the order of COLUMNS."""
    if not entry.scored:
        return [
            entry.name, level_badge(entry.level, width=12),
            entry.target_level.numeral if entry.target_level else "—",
            entry.owner or "—", _PENDING, _PENDING, _PENDING, _PENDING,
            "—" if entry.satisfaction is None else str(entry.satisfaction), _PENDING, _PENDING, _PENDING,
            _PENDING, _PENDING,
        ]
    name: str | Text = entry.name if not entry.archived else Text(f"{entry.name} (archived)", style="dim")
    churn = Text(entry.churn_text, style=_BAND_STYLE[entry.churn_band] if entry.has_churn_risk else "dim")
    attractiveness = Text(entry.attractiveness_text, style="bold" if entry.attractiveness_band is Band.HIGH else "")
    if entry.next_at is None:
        next_action: str | Text = Text("nothing planned", style="dim")
    elif entry.overdue_days is not None:
        late = "today" if entry.overdue_days == 0 else f"{entry.overdue_days} d late"
        next_action = Text(f"⚠ {late} · {entry.next_objective}", style="bold red")
    else:
        next_action = f"{entry.next_at:%d %b} · {entry.next_objective}"
    return [
        name,
        level_badge(entry.level, width=12),
        entry.target_level.numeral if entry.target_level else "—",
        entry.owner or "—",
        attractiveness,
        _SEGMENT_SHORT[entry.segment],
        format_money_short(entry.open_cents) if entry.open_cents else "—",
        format_money_short(entry.weighted_cents) if entry.weighted_cents else "—",
        "—" if entry.satisfaction is None else str(entry.satisfaction),
        churn,
        _lifetime(entry),
        "—" if entry.value is None or entry.value.rfmt is None else str(entry.value.rfmt),
        # Objectives past their date: the count in red, beside what is planned next.
        Text(f"⚑{entry.overdue_objectives}", style="bold red") if entry.overdue_objectives else "",
        next_action,
    ]


def _lifetime(entry: PortfolioEntry) -> str | Text:
    """Lifetime value, short; a prospect says so; negative (below zero) in red."""
    value = entry.value
    if entry.level is RelationshipLevel.PROSPECT:
        return Text("—", style="dim")
    if value is None or value.clv_cents is None:
        return "—"
    if value.clv_cents < 0:
        return Text("−" + format_money_short(-value.clv_cents), style="red")
    return format_money_short(value.clv_cents)


class PortfolioScreen(Screen[None]):
    """Portfolio: all accounts, where to invest."""

    HELP_TEXT = (
        "Attractiveness 0–100: purchase potential, incremental absorption potential, strategic value and "
        "weighted open pipeline. Churn risk: points for low or falling satisfaction, stale key players, "
        f"opponents, stronger competitors and recent losses. Press {ref('why')} on an account to see how its scores "
        "were computed. Obj.: ⚑ and the number of the account's objectives past their date and still open; "
        f"{ref('overdue-filter')} shows only those accounts."
    )

    BINDINGS = [
        bind("open", "open_account", "Open"),
        bind("filter", "focus_filter", "Filter"),
        bind("view", "matrices", "Matrices"),
        bind("why", "explain", "Why?"),
        bind("add", "app.new_account", "New"),
        bind("edit", "edit", "Edit"),
        bind("archive", "archive", "Archive", show=False),
        bind("undo", "undo", "Undo archive", show=False),
        bind("sort", "next_sort", "Sort"),
        bind("reverse-sort", "reverse_sort", "Reverse sort", show=False),
        bind("level-filter", "cycle_level", "Level filter", show=False),
        bind("owner-filter", "cycle_owner", "Owner filter", show=False),
        bind("mine", "my_accounts", "My accounts / whole team", show=False),
        bind("segment-filter", "cycle_segment", "Segment filter", show=False),
        bind("complaints-filter", "cycle_complaints", "Complaints filter", show=False,
             tooltip="Open complaints: any / none / high severity / overdue"),
        bind("archived-filter", "cycle_archived", "Archived: hide / show / only", show=False),
        bind("overdue-filter", "toggle_overdue", "Overdue objectives only", show=False),
        bind("clear-filters", "clear_filters", "Clear filters", show=False),
        bind("review", "review", "Review mode", show=False),
        bind("export", "app.export_portfolio", "Export all", show=False),
        bind("import", "app.import_data", "Import customer data", show=False),
        bind("weights", "app.edit_weights", "Attractiveness weights", show=False),
        bind("recovery", "app.edit_recovery_guidelines", "Recovery guidelines", show=False),
        bind("value-settings", "app.edit_value_settings", "Lifetime value and RFMT settings", show=False),
    ]

    DEFAULT_CSS = """
    PortfolioScreen #filter-bar { height: 1; }
    PortfolioScreen #filter { width: 28; height: 1; border: none; padding: 0 1; }
    PortfolioScreen #filter:focus { background: $boost; }
    PortfolioScreen #status { width: 1fr; height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.portfolio = Portfolio([], {}, 60)
        self.sort_key = "name"
        self.sort_reverse = False
        self.level_filter: RelationshipLevel | None = None
        self.owner_filter: str | None = None
        """Owner name, "" for accounts without an owner, None for everybody."""
        self.segment_filter: Segment | None = None
        self.complaints_filter = ""
        """"open" (open complaints), "late" (past the recovery guideline's response time) or "" for everyone."""
        self.overdue_filter = False
        """Only accounts with objectives past their date (d)."""
        self.archive_state = "active"
        self.only_ids: frozenset[int] | None = None
        """Only these accounts (e.g. what an import brought in), or None for no such filter."""
        self.only_label = ""
        """How the status names the *only_ids* filter ("from deals.csv")."""
        self._sorted: list[PortfolioEntry] = []
        self._base: list[PortfolioEntry] = []
        """Sorted and filtered by everything but the typed text."""
        self._shown: list[PortfolioEntry] = []
        self._shown_needle = ""
        self._matches: dict[str, list[PortfolioEntry]] = {}
        """Rows matching each text typed since the base rows last changed, to narrow or go back from."""
        self._marker: int | None = None
        self.loading = False
        """True while a large portfolio's scores are computed in the background (first page shown)."""
        self.updating = False
        """True while a large portfolio is read and scored again in the background (old rows shown)."""
        self._pending_keep: int | None = None
        """The account to put the cursor on when the background read ends."""
        self._active_count = 0
        self._archived_count = 0
        self._last_archive: tuple[int, bool] | None = None
        """(account id, archived?) of the last archive or restore, for undo."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filter-bar"):
            yield FilterInput(placeholder="/ filter by name", id="filter")
            yield Static(id="status")
        yield VirtualTable(COLUMNS, portfolio_cells, empty_text=f"No accounts match. Press {key_of('clear-filters')} to clear the filters.",
                           id="portfolio-table")
        yield Footer()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#portfolio-table", VirtualTable)

    def on_mount(self) -> None:
        self.table.focus()
        remembered.restore_view(self, SORT_KEYS)  # order and filters as the user left them, on this database
        if app_of(self).portfolio_preload is None:
            db = database_of(self)
            if active_count(db) >= PROGRESSIVE_FROM:
                # A large portfolio: its first page painted at once (names, levels, owners), then its real
                # scores (ranked against the whole portfolio), then every other row once all are scored. The
                # scoring runs off the UI thread, after the first paint, so that neither waits for the other.
                page, total = first_page(db)
                self._pending_keep = remembered.last_account(self.app)
                self._active_count = total
                self.portfolio = Portfolio(page, {}, 60)
                self._resort()
                self.loading = True
                self._show_status()
                self.call_after_refresh(self._load_in_background, [entry.id for entry in page])
                return
        self.reload(keep_id=remembered.last_account(self.app))  # the cursor on the account last opened

    @work(thread=True, exclusive=True, group="portfolio-load")
    def _load_in_background(self, page_ids: list[int] | None = None) -> None:
        """Read and score the whole portfolio off the UI thread (the accounts *page_ids* on screen first), then
        show it there."""
        db = database_of(self)
        if page_ids:
            page, _total = scored_first_page(db, ids=page_ids)
            self.app.call_from_thread(self._page_scored, page)
        marker, portfolio = change_marker(db), load_portfolio(db)
        self.app.call_from_thread(self._loaded, marker, portfolio)

    def _page_scored(self, page: list[PortfolioEntry]) -> None:
        """The first page's real scores replace its placeholders, each row where it was (the whole portfolio,
        sorted and filtered as asked, follows)."""
        if not self.loading:
            return  # the whole portfolio was shown first
        scored = {entry.id: entry for entry in page}

        def swap(rows: list[PortfolioEntry]) -> list[PortfolioEntry]:
            return [scored.get(entry.id, entry) for entry in rows]

        current = self.table.current_row
        self.portfolio.entries = swap(self.portfolio.entries)
        self._sorted, self._base, self._shown = swap(self._sorted), swap(self._base), swap(self._shown)
        self._matches = {}
        self.table.set_rows(self._shown, keep=scored.get(current.id, current) if current else None)

    def _loaded(self, marker: int, portfolio: Portfolio) -> None:
        """The freshly scored portfolio replaces what is shown, keeping sort, filters and cursor."""
        current = self.table.current_row
        keep_id = self._pending_keep if self._pending_keep is not None else (current.id if current else None)
        self.loading = self.updating = False
        self._pending_keep = None
        if change_marker(database_of(self)) != marker:
            self.reload(keep_id)  # something was changed meanwhile (archived, say): read again
            return
        self._take(marker, portfolio)
        self._resort(keep_id=keep_id, measure=True)

    def on_screen_resume(self) -> None:
        """Coming back from another screen: reload only if something changed meanwhile."""
        if self._marker is not None and change_marker(database_of(self)) != self._marker:
            self.reload()

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed accounts: on screen, read again (a large portfolio in the
        background, its rows staying meanwhile); under another screen, coming back reads again anyway."""
        if self.is_current and not self.loading:
            self.reload()

    # -- data ------------------------------------------------------------------
    def reload(self, keep_id: int | None = None) -> None:
        """Read the portfolio again, keeping sort and filters; the cursor stays on its account (or *keep_id*)."""
        if self.loading or self.updating:
            self._pending_keep = keep_id if keep_id is not None else self._pending_keep
            return
        current = self.table.current_row
        preload = app_of(self).portfolio_preload
        if preload is not None:
            # The first load was started with the app; later ones read afresh.
            app_of(self).portfolio_preload = None
            self._take(*preload.result())
        elif self._active_count >= PROGRESSIVE_FROM:
            # A large portfolio keeps its rows on screen while they are scored again.
            self.updating = True
            self._pending_keep = keep_id if keep_id is not None else (current.id if current else None)
            self._show_status()
            self._load_in_background()
            return
        else:
            self._take(change_marker(database_of(self)), load_portfolio(database_of(self)))
        if keep_id is None and current is not None:
            keep_id = current.id
        self._resort(keep_id=keep_id, measure=True)

    def _take(self, marker: int, portfolio: Portfolio) -> None:
        self._marker, self.portfolio = marker, portfolio
        if len(portfolio.entries) >= PROGRESSIVE_FROM:
            # Tens of thousands of long-lived rows: keep the garbage collector from rescanning
            # them on every collection, which would stall keystrokes by 100 ms and more. First
            # let it free what earlier reads and closed screens left behind (once, not per key).
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        self._active_count = sum(1 for entry in portfolio.entries if not entry.archived)
        self._archived_count = len(portfolio.entries) - self._active_count

    def _resort(self, keep_id: int | None = None, measure: bool = False) -> None:
        if self.loading:
            # Only the first page is known: another order or filter waits for the whole portfolio (applied
            # when it is scored), rather than showing the page's rows in an order that is not the real one.
            self._show_status()
            return
        self._sorted = sorted(self.portfolio.entries, key=SORT_KEYS[self.sort_key], reverse=self.sort_reverse)
        self._refilter(keep_id=keep_id, measure=measure)

    def _refilter(self, keep_id: int | None = None, measure: bool = False) -> None:
        level, owner, segment, state = self.level_filter, self.owner_filter, self.segment_filter, self.archive_state
        rows = self._sorted
        if state == "active":
            rows = [e for e in rows if not e.archived]
        elif state == "archived":
            rows = [e for e in rows if e.archived]
        if level is not None:
            rows = [e for e in rows if e.level is level]
        if owner is not None:
            rows = [e for e in rows if e.owner == owner]
        if segment is not None:
            rows = [e for e in rows if e.segment is segment]
        if self.complaints_filter == "open":
            rows = [e for e in rows if e.open_complaints]
        elif self.complaints_filter == "late":
            rows = [e for e in rows if e.late_complaints]
        if self.only_ids is not None:
            only = self.only_ids
            rows = [e for e in rows if e.id in only]
        if self.overdue_filter:
            rows = [e for e in rows if e.overdue_objectives]
        self._base = rows
        remembered.view_changed(self)
        self._matches = {}
        self._shown_needle = ""
        self.table.empty_text = self._empty_text()
        self._apply_text(keep_id=keep_id, measure=measure)

    def _narrowed(self) -> bool:
        """Whether a filter other than the archived view and the typed name leaves accounts out."""
        return bool(self.level_filter or self.owner_filter is not None or self.segment_filter
                    or self.complaints_filter or self.overdue_filter or self.only_ids is not None)

    def _empty_text(self) -> str:
        """What an empty table says: how to get rows back."""
        filtered = self._narrowed()
        if self.archive_state == "active" and not filtered and self._archived_count and not self._active_count:
            return (f"Every account is archived. Press {key_of('archived-filter')} to show them, "
                    f"or {key_of('add')} to add one.")
        if self.archive_state == "archived" and not filtered and not self._archived_count:
            return f"No archived accounts. Press {key_of('clear-filters')} to show the portfolio."
        return f"No accounts match. Press {key_of('clear-filters')} to clear the filters."

    def _apply_text(self, keep_id: int | None = None, measure: bool = False,
                    keep_row: PortfolioEntry | None = None) -> None:
        """Show the rows whose name holds the typed text; the cursor stays on *keep_row* (or *keep_id*) if shown."""
        if self.loading:
            self._show_status()
            return
        needle = self.query_one("#filter", Input).value.strip().lower()
        if not needle:
            self._shown = self._base
        elif needle in self._matches:
            self._shown = self._matches[needle]  # back to an earlier text (backspace): no scan at all
        else:
            # Typing on narrows an earlier result whose text is part of this one; else scan the base rows.
            known = max((text for text in self._matches if text in needle), key=len, default=None)
            source = self._base if known is None else self._matches[known]
            self._shown = [e for e in source if needle in e.name_key]
            if len(self._matches) >= MATCHES_KEPT:
                self._matches.clear()
            self._matches[needle] = self._shown
        self._shown_needle = needle
        table = self.table
        table.sort_key, table.sort_reverse = self.sort_key, self.sort_reverse
        keep = keep_row
        if keep is None and keep_id is not None:
            keep = next((e for e in self._shown if e.id == keep_id), None)
        table.set_rows(self._shown, keep=keep, measure=measure)
        self._show_status()

    def _show_status(self) -> None:
        if self.loading:
            text = f"computing scores for {self._active_count:,} accounts…"
            if (self.sort_key, self.sort_reverse) != ("name", False) or self.query_one("#filter", Input).value.strip():
                label = next(column.label for column in COLUMNS if column.key == self.sort_key)
                text += f" · sort {label} {'▼' if self.sort_reverse else '▲'} and filter once scored"
            self.query_one("#status", Static).update(text, layout=False)
            return
        in_scope = {"active": self._active_count, "archived": self._archived_count}.get(
            self.archive_state, self._active_count + self._archived_count)
        parts = [f"{len(self._shown):,} of {plural(in_scope, 'account')}"]
        if self.level_filter:
            parts.append(f"level {self.level_filter.label}")
        if self.owner_filter is not None:
            parts.append("my accounts" if self._is_mine(self.owner_filter) else f"owner {self.owner_filter or 'nobody'}")
        if self.segment_filter:
            parts.append(f"segment {self.segment_filter.label}")
        if self.complaints_filter:
            parts.append(f"{self.complaints_filter} complaints")
        if self.archive_state != "active":
            parts.append("with archived" if self.archive_state == "all" else "archived only")
        if self.overdue_filter:
            parts.append("objectives overdue")
        if self.only_ids is not None:
            parts.append(self.only_label or f"{len(self.only_ids):,} chosen accounts")
        label = next(column.label for column in COLUMNS if column.key == self.sort_key)
        parts.append(f"sort {label} {'▼' if self.sort_reverse else '▲'}")
        if self.updating:
            parts.append("updating scores…")
        status = self.query_one("#status", Static)
        text = " · ".join(parts)
        filtered = self._narrowed() or self.archive_state != "active" or bool(self._shown_needle)
        # Where the filters show, say which keys set them (or clear them), as far as the width allows.
        hints = STATUS_HINTS_FILTERED if filtered else STATUS_HINTS
        # Before the first layout the status has no size yet: the terminal less the filter box.
        width = status.content_size.width or max(self.app.size.width - 30, 0)
        text += next((spell(hint) for hint in hints if len(text) + len(spell(hint)) <= width), "")
        # Fixed size in CSS: no layout pass needed, which keeps keystrokes cheap.
        status.update(text, layout=False)

    @property
    def selected(self) -> PortfolioEntry | None:
        return self.table.current_row

    # -- filter and sort -----------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _typed(self) -> None:
        # The row object itself: the table finds it by identity, without reading every row's id.
        self._apply_text(keep_row=self.table.current_row)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def key_escape(self) -> None:
        """Esc in the filter clears it and returns to the table."""
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus:
            filter_input.value = ""
            self.table.focus()

    def action_focus_filter(self) -> None:
        """Type to filter accounts by name."""
        self.query_one("#filter", Input).focus()

    def action_sort(self, key: str) -> None:
        """Sort by column *key*; the same column again reverses."""
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key = key
            self.sort_reverse = key in DESCENDING_FIRST
        current = self.selected
        self._resort(keep_id=current.id if current else None)

    def action_next_sort(self) -> None:
        """Sort by the next column."""
        keys = [column.key for column in COLUMNS]
        self.action_sort(keys[(keys.index(self.sort_key) + 1) % len(keys)])

    def action_reverse_sort(self) -> None:
        self.action_sort(self.sort_key)

    @on(VirtualTable.HeaderClicked)
    def _header_clicked(self, event: VirtualTable.HeaderClicked) -> None:
        self.action_sort(event.column_key)

    def action_cycle_level(self) -> None:
        """Show one level, then the next, then all."""
        options: list[RelationshipLevel | None] = [None, *RelationshipLevel]
        self.level_filter = options[(options.index(self.level_filter) + 1) % len(options)]
        self._refilter_keeping()

    def action_filter_level(self, value: str) -> None:
        self.level_filter = RelationshipLevel(value) if value else None
        self._refilter_keeping()

    def action_cycle_owner(self) -> None:
        """Show one owner's accounts, then the next owner's, then everybody's."""
        options: list[str | None] = [None, *self.portfolio.owners()]
        if any(not e.owner for e in self.portfolio.entries):
            options.append("")
        position = options.index(self.owner_filter) if self.owner_filter in options else 0
        self.owner_filter = options[(position + 1) % len(options)]
        self._refilter_keeping()

    def action_my_accounts(self) -> None:
        """Only my accounts, or back to the whole team's; asks who I am the first time."""
        me = app_of(self).me
        if me is None:
            app_of(self).ask_who_i_am(then=lambda _me: self.action_my_accounts())
            return
        self.owner_filter = None if self.owner_filter == me.name else me.name
        self._refilter_keeping()
        if self.owner_filter is not None and not self._shown:
            self.notify("You own no accounts yet (new ones are yours); M again shows the whole team.")

    def _is_mine(self, owner: str | None) -> bool:
        me = app_of(self).me
        return me is not None and owner == me.name

    def action_filter_owner(self, owner: str) -> None:
        self.owner_filter = owner
        self._refilter_keeping()

    def action_cycle_segment(self) -> None:
        options: list[Segment | None] = [None, *Segment]
        self.segment_filter = options[(options.index(self.segment_filter) + 1) % len(options)]
        self._refilter_keeping()

    def action_filter_segment(self, value: str) -> None:
        self.segment_filter = Segment(value) if value else None
        self._refilter_keeping()

    def action_cycle_complaints(self) -> None:
        """Only accounts with open complaints, then only those with late ones, then everyone again."""
        options = ["", "open", "late"]
        self.complaints_filter = options[(options.index(self.complaints_filter) + 1) % len(options)]
        self._refilter_keeping()

    def action_filter_complaints(self, value: str) -> None:
        self.complaints_filter = value
        self._refilter_keeping()

    def action_toggle_overdue(self) -> None:
        """Show only the accounts with objectives past their date, or all again."""
        self.overdue_filter = not self.overdue_filter
        self._refilter_keeping()

    def action_cycle_archived(self) -> None:
        """Hide archived accounts, show them too, or show only them."""
        self.archive_state = ARCHIVE_STATES[(ARCHIVE_STATES.index(self.archive_state) + 1) % len(ARCHIVE_STATES)]
        self._refilter_keeping()

    def show_only(self, account_ids: frozenset[int] | set[int], label: str) -> None:
        """Show only these accounts (read afresh: they may have just changed), under *label*; c clears it."""
        self.only_ids = frozenset(account_ids)
        self.only_label = label
        self.query_one("#filter", Input).value = ""
        self.reload()

    def action_clear_filters(self) -> None:
        self.only_ids, self.only_label = None, ""
        self.level_filter = self.owner_filter = self.segment_filter = None
        self.complaints_filter = ""
        self.overdue_filter = False
        self.archive_state = "active"
        self.query_one("#filter", Input).value = ""
        self._refilter_keeping()

    def _refilter_keeping(self) -> None:
        current = self.selected
        # Other rows, other widths: a filter that brings back long names must not show them cut.
        self._refilter(keep_id=current.id if current else None, measure=True)

    # -- account actions -------------------------------------------------------------
    @on(VirtualTable.RowSelected, "#portfolio-table")
    def _row_chosen(self, event: VirtualTable.RowSelected) -> None:
        app_of(self).open_account(event.row.id)

    def action_open_account(self) -> None:
        """Open the selected account."""
        entry = self.selected
        if entry is not None:
            app_of(self).open_account(entry.id)

    def action_review(self) -> None:
        """Review mode from the selected account; next/previous follow the rows shown, in their order."""
        entry = self.selected
        if entry is not None:
            app_of(self).open_review(entry.id, account_ids=[row.id for row in self._shown])

    def _still_loading(self) -> bool:
        if self.loading:
            self.notify("The scores are still being computed; try again in a moment.")
        return self.loading

    def action_matrices(self) -> None:
        """Switch to the portfolio matrices."""
        from accountmgr.screens.matrices import MatricesScreen

        if self._still_loading():
            return
        self.app.push_screen(MatricesScreen(self.portfolio))

    def action_explain(self) -> None:
        """Show how the selected account's scores were computed."""
        from accountmgr.screens.score_explain import ScoreExplainScreen

        entry = self.selected
        if entry is not None and not self._still_loading():
            self.app.push_screen(ScoreExplainScreen(entry, self.portfolio.weights, self.portfolio.stale_days,
                                                  portfolio=self.portfolio))

    @writes
    def action_edit(self) -> None:
        """Edit the selected account's fields."""
        from accountmgr.screens.account_form import AccountFormScreen

        entry = self.selected
        if entry is None:
            return

        def saved(account_id: int | None) -> None:
            if account_id is not None:
                self.reload()

        self.app.push_screen(AccountFormScreen(entry.id), callback=saved)

    @writes
    def action_archive(self) -> None:
        """Archive the selected account (after asking), or restore it if it is archived."""
        from accountmgr.screens.confirm import ConfirmScreen

        entry = self.selected
        if entry is None:
            return
        if entry.archived:
            self._set_archived(entry.id, entry.name, False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_archived(entry.id, entry.name, True)

        question = (f"Archive {entry.name}? It leaves the portfolio; nothing is deleted. {key_of('undo')} undoes it, "
                    f"and {key_of('archived-filter')} shows archived accounts, where {key_of('archive')} brings one back.")
        self.app.push_screen(ConfirmScreen(question, yes="Archive"), callback=answered)

    def _set_archived(self, account_id: int, name: str, archived: bool) -> None:
        from accountmgr.services.accounts import set_archived
        from accountmgr.services.errors import DomainError

        try:
            set_archived(database_of(self), account_id, archived)
        except DomainError as error:  # e.g. a read-only database, or the account deleted meanwhile
            say_refused(self, error)
            return
        self._last_archive = (account_id, archived)
        self.reload(keep_id=None if archived else account_id)
        verb = "Archived" if archived else "Restored"
        self.notify(f"{verb} {name}." + (f" Press {key_of('undo')} to undo." if archived else ""))

    @writes
    def action_undo(self) -> None:
        """Undo the last archive or restore."""
        if self._last_archive is None:
            self.notify("Nothing to undo.")
            return
        account_id, archived = self._last_archive
        entry = self.portfolio.get(account_id)
        self._set_archived(account_id, entry.name if entry else "the account", not archived)
        self._last_archive = None

    # -- command palette ----------------------------------------------------------------
    def palette_commands(self) -> list[PaletteEntry]:
        """Sorting and filtering by name, for the command palette."""
        # Imported here: the palette module pulls in the command palette, not needed to start.
        from accountmgr.screens.palette import PaletteEntry

        entries = [
            PaletteEntry("Switch view: portfolio matrices", "Attractiveness × level and value × churn risk",
                         "matrices"),
            PaletteEntry("Why these scores? (selected account)", "How attractiveness, segment and churn were computed",
                         "explain"),
            PaletteEntry("Edit the selected account", "Change its fields", "edit"),
            PaletteEntry("Archive or restore the selected account", "Archived accounts leave the portfolio",
                         "archive"),
            PaletteEntry("Review mode for the selected account", "A clean read-only view for meetings", "review"),
            PaletteEntry("Undo the last archive or restore", f"Puts the account back as it was ({key_of('undo')})", "undo"),
            PaletteEntry("Filter by name", f"Type part of a name; Esc clears it ({key_of('filter')})", "focus_filter"),
            PaletteEntry("Clear all filters", "Show every active account", "clear_filters"),
            PaletteEntry("My accounts / whole team", f"Only the accounts I own, or everybody's again ({key_of('mine')})",
                         "my_accounts"),
            PaletteEntry("Reverse the sort order", f"Largest first ⇄ smallest first ({key_of('reverse-sort')})", "reverse_sort"),
            PaletteEntry("Filter: show archived accounts too / only / not", "Cycle the archived filter",
                         "cycle_archived"),
            PaletteEntry("Filter: accounts with open complaints", f"Complaints still waiting for an answer ({key_of('complaints-filter')})",
                         "filter_complaints('open')"),
            PaletteEntry("Filter: accounts with late complaints",
                         f"Open past the response time of their recovery guideline ({key_of('complaints-filter')} twice)",
                         "filter_complaints('late')"),

            PaletteEntry("Filter: accounts with overdue objectives", f"Objectives past their date and still open ({key_of('overdue-filter')})",
                         "toggle_overdue"),
        ]
        entries += [
            PaletteEntry(f"Sort by {column.label}", "Again to reverse", f"sort('{column.key}')") for column in COLUMNS
        ]
        entries += [
            PaletteEntry(f"Filter: level {level.label}", "Only accounts at this level", f"filter_level('{level.value}')")
            for level in RelationshipLevel
        ]
        entries += [
            PaletteEntry(f"Filter: segment {segment.label}", segment.advice, f"filter_segment('{segment.value}')")
            for segment in Segment
        ]
        entries += [
            PaletteEntry(f"Filter: owner {owner}", "Only this owner's accounts", f"filter_owner({owner!r})")
            for owner in self.portfolio.owners()
        ]
        if any(not entry.owner for entry in self.portfolio.entries):
            entries.append(PaletteEntry("Filter: accounts without an owner", "Accounts nobody looks after",
                                        "filter_owner('')"))
        return entries
