"""Step h of the workspace: the DMU table or org chart, the coverage panel, and the keys to work them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, DataTable, Input, Static, Tree

from accountmgr.keys import key_of, ref
from accountmgr.models.enums import Attitude, CoverageDepth, Influence
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.coverage_panel import CoveragePanel, StaleLimitScreen
from accountmgr.screens.dmu_form import DmuForm
from accountmgr.screens.dmu_profile import DmuProfileScreen
from accountmgr.screens.erase_person import ErasePersonScreen
from accountmgr.screens.influence_lines import InfluenceLinesScreen
from accountmgr.screens.move_under import ManagerChoice, MoveUnderScreen
from accountmgr.services import dmu, informal, privacy, settings
from accountmgr.services.coverage import COVERAGE_RULE_HELP, Coverage, Status, coverage
from accountmgr.services.dmu import MemberRow
from accountmgr.services.errors import DomainError
from accountmgr.widgets.account_pane import AccountPane
from accountmgr.widgets.org_chart import LEGEND, OrgChart, attitude_mark, influence_mark, role_codes
from accountmgr.widgets.refusal import say_refused, writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.form_flow import FormFlow
from accountmgr.widgets.table_pane import CURRENT, TableColumn, TablePane
from accountmgr.widgets.typed_app import database_of


@dataclass(frozen=True)
class Column:
    """A column of the DMU table: its header, its cell, and what it sorts by."""

    key: str
    header: str
    cell: Callable[[MemberRow], Any]
    sort: Callable[[MemberRow], Any]
    priority: int = 1
    """Lower gives up room first when the pane is narrow (see TableColumn)."""
    min_width: int = 0
    """How narrow a long text may get (ending in "…"); 0 keeps the cell whole (short marks, dates)."""
    leave_out: int = 0
    """When even the narrowest columns do not fit, the highest is left out first (see TableColumn); the sorted
    column never is."""


def _text(value: str) -> str:
    return value or "—"


def _attitude(row: MemberRow) -> Text:
    text = attitude_mark(row.member.attitude)
    text.append(f" {Attitude(row.member.attitude).label}")
    return text


def _influence(row: MemberRow) -> Text:
    return Text(Influence(row.member.influence).label, style=influence_mark(row.member.influence).style)


COVERAGE_SHORT: dict[CoverageDepth, str] = {
    CoverageDepth.UNKNOWN: "Unknown",
    CoverageDepth.NO_CONTACT: "No contact",
    CoverageDepth.BRIEF_CONTACT: "Brief",
    CoverageDepth.MULTIPLE_CONTACTS: "Multiple",
    CoverageDepth.IN_DEPTH: "In depth",
}
"""Coverage depth in a narrow column (the form and the profile use the full labels)."""


def _coverage(row: MemberRow) -> Text:
    depth = CoverageDepth(row.member.coverage)
    return Text(COVERAGE_SHORT[depth], style="green" if depth.strong else "")


def _last_contact(row: MemberRow) -> str:
    if row.member.last_contact is None:
        return "never"
    return f"{row.member.last_contact:%Y-%m-%d} · {row.days_since_contact}d"


COLUMNS: list[Column] = [
    Column("name", "Name", lambda r: Text(r.member.name, style="bold"), lambda r: r.member.name.lower(), priority=2,
           min_width=12),
    Column("roles", "Roles", lambda r: _text(role_codes(r.member.roles)), lambda r: role_codes(r.member.roles),
           leave_out=4),
    Column("influence", "Influence", _influence, lambda r: -list(Influence).index(Influence(r.member.influence)),
           leave_out=2),
    Column("attitude", "Attitude", _attitude, lambda r: list(Attitude).index(Attitude(r.member.attitude)),
           leave_out=1),
    Column("inner_circle", "Inner", lambda r: "yes" if r.member.inner_circle else "—", lambda r: not r.member.inner_circle,
           leave_out=8),
    Column("owner", "Our owner", lambda r: _text(r.owner), lambda r: (not r.owner, r.owner.lower()), min_width=10,
           leave_out=5),
    Column("coverage", "Coverage", _coverage, lambda r: -list(CoverageDepth).index(CoverageDepth(r.member.coverage)),
           leave_out=3),
    Column("last_contact", "Last contact", _last_contact,
           lambda r: r.days_since_contact if r.days_since_contact is not None else 10**6, leave_out=6),
    Column("win", "Win", lambda r: "yes" if r.has_personal_win else "—", lambda r: not r.has_personal_win, leave_out=9),
    Column("title", "Title", lambda r: _text(r.member.title), lambda r: r.member.title.lower(), priority=0,
           min_width=10, leave_out=10),
    Column("social_style", "Style", lambda r: r.member.social_style.label if r.member.social_style else "—",
           lambda r: r.member.social_style.label if r.member.social_style else "~", leave_out=11),
    Column("department", "Department", lambda r: _text(r.member.department), lambda r: r.member.department.lower(),
           priority=0, min_width=10, leave_out=12),
    Column("leaning", "Leans to", lambda r: Text(r.leaning, style="dark_orange") if r.leaning else "—",
           lambda r: (not r.leaning, r.leaning.lower()), priority=0, min_width=10, leave_out=7),
]
"""The DMU table's columns, in order; sorting and "column:text" filters use the same list."""

LEFT_OUT_LINES = 2
"""Lines under the table naming what the columns left out hold for the highlighted person."""

LAST_CONTACT = next(index for index, column in enumerate(COLUMNS) if column.key == "last_contact")
"""Where the last-contact cell is, to mark stale key players in red."""


def _plain(value: Any) -> str:
    return value.plain if isinstance(value, Text) else str(value)


def matches(row: MemberRow, query: str) -> bool:
    """Every word of *query* must match: plain words anywhere, "column:text" in that column ("owner:none" = empty)."""
    for word in query.lower().split():
        column_name, _, wanted = word.partition(":")
        if wanted:
            columns = [c for c in COLUMNS if c.key.startswith(column_name) or c.header.lower().startswith(column_name)]
            cells = [_plain(c.cell(row)).lower() for c in columns]
            if wanted in ("none", "-", "no"):
                if not any(cell in ("—", "never", "") for cell in cells):
                    return False
            elif not any(wanted in cell for cell in cells):
                return False
        elif not any(word in _plain(c.cell(row)).lower() for c in COLUMNS):
            return False
    return True


class DmuPane(AccountPane, FormFlow):
    """DMU (step h): people, org chart and coverage"""

    HELP_TITLE = "DMU (step h): people, org chart and coverage"
    HELP_TEXT = (
        f"{ref('open')} opens a person's profile. Filter ({ref('filter')}) with words, or column:text such as "
        f"attitude:sceptic, roles:dm or owner:none; {ref('sort')} sorts by the next column and "
        f"{ref('reverse-sort')} reverses; clicking a header sorts too. {ref('view')} switches to the org "
        f"chart, where {ref('move')} moves the highlighted person under another manager and {ref('promote')} "
        "one level up; "
        "marks: [roles] ++ champion, + supporter, 0 neutral, - sceptic, -- opponent; H/M/L influence; "
        f"* inner circle; dotted ┄ lines: who influences whom ({ref('influence')} edits them); ⚑ leans to a "
        f"competitor (set in the person's form). {ref('open')} on a gap selects that person. Delete ({ref('delete')}) "
        f"removes a person but the activity log keeps their history; Erase person ({ref('erase')}) removes every trace of their personal data, log included, for "
        "good.\n\n" + COVERAGE_RULE_HELP
    )

    BINDINGS = [
        bind("add", "add", "Add", tooltip="Add a person"),
        bind("add-under", "add_report", "Add report", show=False, tooltip="Add a person who reports to the highlighted one"),
        bind("edit", "edit", "Edit"),
        bind("details", "profile", "Profile", show=False),
        bind("delete", "delete", "Delete"),
        bind("erase", "erase", "Erase person…", show=False,
             tooltip="Erase the highlighted person and every trace of their personal data, for good"),
        bind("view", "toggle_chart", "Org chart"),
        bind("move", "move", "Move under…"),
        bind("promote", "promote", "Move up a level", show=False),
        bind("filter", "filter", "Filter"),
        bind("sort", "sort", "Sort", show=False),
        bind("reverse-sort", "reverse", "Reverse sort", show=False),
        bind("gaps", "gaps", "Gaps", show=False),
        bind("influence", "influence", "Influence lines", show=False,
             tooltip="Who sways whom beyond the reporting lines: add, edit or remove influence lines"),
        bind("stale-limit", "stale_limit", "Stale limit", show=False),
        bind("back", "clear_filter", "Clear filter", show=False),
    ]

    DEFAULT_CSS = """
    DmuPane { height: 1fr; layout: vertical; }
    DmuPane #dmu-heading { height: auto; padding: 0 1; background: $boost; }
    DmuPane #dmu-filter { display: none; height: 1; margin: 0 1; }
    DmuPane #dmu-filter.shown { display: block; }
    DmuPane ContentSwitcher { height: 1fr; }
    DmuPane #dmu-table-pane { height: 1fr; }
    DmuPane #dmu-table { height: 1fr; max-height: 100%; scrollbar-size-horizontal: 1; }
    DmuPane #dmu-left-out { max-height: 2; }  /* LEFT_OUT_LINES */
    DmuPane #chart-view { height: 1fr; }
    DmuPane #org-chart { height: 1fr; }
    DmuPane #legend { height: auto; color: $text-muted; padding: 0 1; }
    DmuPane CoveragePanel { height: auto; max-height: 50%; border-top: solid $primary; padding: 0 1; }
    """

    sort_index: reactive[int] = reactive(0, init=False)
    """Which column the table is sorted by."""
    sort_reverse: reactive[bool] = reactive(False, init=False)
    """Whether the sort is descending."""
    filter_text: reactive[str] = reactive("", init=False)
    """The current filter ("" shows everyone)."""


    def __init__(self, account_id: int, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(account_id, id=id)
        self.rows: list[MemberRow] = []
        """Everyone in the DMU, as last loaded."""
        self.coverage: Coverage | None = None
        """The coverage as last computed."""
        self.loaded = False
        """Whether the DMU has been read (on mount)."""
        self.pending_select: int | None = None
        """A person to select as soon as the DMU is read."""

    def compose(self) -> ComposeResult:
        yield Static(id="dmu-heading")
        # Disabled while hidden, so "focus the first thing in the pane" lands on the table.
        yield Input(placeholder="filter: words, or column:text (e.g. attitude:sceptic owner:none); " f"{key_of('back')} clears",
                    id="dmu-filter", compact=True, disabled=True)
        with ContentSwitcher(initial="dmu-table-pane"):
            yield TablePane(self._columns(), table_id="dmu-table", detail=self._left_out, detail_id="dmu-left-out",
                            id="dmu-table-pane")
            with Vertical(id="chart-view"):
                yield OrgChart(id="org-chart")
                yield Static(LEGEND, id="legend")
        yield CoveragePanel(id="coverage")

    @property
    def table(self) -> TablePane:
        return self.query_one("#dmu-table-pane", TablePane)

    def _columns(self) -> list[TableColumn]:
        """The table's columns, the sorted one marked with its direction and never left out for lack of room."""
        return [
            TableColumn(column.key, column.header + ((" ▼" if self.sort_reverse else " ▲") if index == self.sort_index
                                                     else ""), min_width=column.min_width, priority=column.priority,
                        shrink=column.min_width > 0, leave_out=0 if index == self.sort_index else column.leave_out)
            for index, column in enumerate(COLUMNS)
        ]

    def on_mount(self) -> None:
        table = self.table
        self.reload()
        self.loaded = True
        if self.pending_select is not None:
            self.select_member(self.pending_select)
        elif self.screen.focused is None:  # in the workspace the step list keeps the keyboard until Enter or Tab
            table.focus()

    # --- data ---------------------------------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read the DMU and its coverage again and redraw everything; keep the cursor on *keep*."""
        keep = keep if keep is not None else self.member_id
        self.rows = dmu.member_rows(database_of(self), self.account_id)
        self.coverage = coverage(database_of(self), self.account_id)
        self._fill_table(keep)
        flags: dict[int, str] = {}
        for gap in self.coverage.gaps:
            if gap.member_id is not None:
                flags[gap.member_id] = "!!" if gap.severity is Status.RED or flags.get(gap.member_id) == "!!" else "!"
        db = database_of(self)
        members = [r.member for r in self.rows]
        self.query_one("#org-chart", OrgChart).show(
            members, keep=keep, flags=flags, influence=informal.lines(db, self.account_id, members),
            leanings={member_id: row.competitor for member_id, row in informal.leanings(db, self.account_id).items()},
        )
        self.query_one(CoveragePanel).show(self.coverage)

    def _visible_rows(self) -> list[MemberRow]:
        column = COLUMNS[self.sort_index]
        rows = sorted(self.rows, key=column.sort, reverse=self.sort_reverse)
        return [row for row in rows if matches(row, self.filter_text)] if self.filter_text else rows

    def _fill_table(self, keep: int | None = None) -> None:
        visible = self._visible_rows()
        key_ids = set(self.coverage.key_player_ids) if self.coverage else set()
        rows = []
        for row in visible:
            cells = [column.cell(row) for column in COLUMNS]
            if self.coverage and row.member.id in key_ids and settings.is_stale(row.days_since_contact,
                                                                                self.coverage.stale_days):
                cells[LAST_CONTACT] = Text(_last_contact(row), style="bold red")
            rows.append((row.member.id, cells))
        self.table.show(rows, columns=self._columns(), keep=CURRENT if keep is None else keep)
        self._update_heading(len(visible))

    def _update_heading(self, shown: int) -> None:
        if not self.rows:
            self.query_one("#dmu-heading", Static).update(
                Text(f"DMU: nobody yet. Press {key_of('add')} to add the first person, with the keyboard in this pane "
                     "(start with the decision makers).", style="bold")
            )
            return
        heading = Text(f"DMU: {len(self.rows)} {'person' if len(self.rows) == 1 else 'people'}", style="bold")
        if self.filter_text:
            heading.append(f" · {shown} shown (filter “{self.filter_text}”)")
        heading.append(f" · sorted by {COLUMNS[self.sort_index].header.lower()}"
                       f"{' (descending)' if self.sort_reverse else ''} · ? for help", style="dim")
        self.query_one("#dmu-heading", Static).update(heading)

    def _table_cursor_to(self, member_id: int) -> bool:
        return self.table.select(member_id)  # False: filtered out, or gone

    def _left_out(self, key: object) -> Text:
        """Under a table too narrow for every column: what the left-out columns hold for the highlighted person, the
        most telling first, on at most two lines (ending in "…" when even those lack room)."""
        table = self.table
        text = table.left_out(key)
        if not text:
            return text
        width = max((table.content_size.width or self.size.width or self.app.size.width) - 2, 20)  # less its padding
        lines = text.wrap(self.app.console, width)
        if len(lines) <= LEFT_OUT_LINES:
            return text
        kept = lines[:LEFT_OUT_LINES]
        kept[-1].rstrip()
        kept[-1].truncate(width - 1)
        kept[-1].append("…")
        return Text("\n").join(kept)

    def _row_for(self, member_id: int | None) -> MemberRow | None:
        return next((row for row in self.rows if row.member.id == member_id), None)

    @property
    def showing_chart(self) -> bool:
        return self.query_one(ContentSwitcher).current == "chart-view"

    @property
    def member_id(self) -> int | None:
        """The highlighted person in the table or the chart."""
        if not self.is_mounted or not self.rows:
            return None
        if self.showing_chart:
            return self.query_one("#org-chart", OrgChart).member_id
        key = self.table.selected_key
        return key if isinstance(key, int) else None

    def select_member(self, member_id: int) -> None:
        """Highlight a person in the current view (clearing a filter that hides them) and focus it."""
        if self.showing_chart:
            chart = self.query_one("#org-chart", OrgChart)
            chart.select_member(member_id)
            chart.focus()
            return
        if not self._table_cursor_to(member_id) and self.filter_text:
            self._clear_filter()
            self._table_cursor_to(member_id)
        self.table.focus()

    def select_record(self, member_id: int) -> None:
        """Select a person (the workspace's general way to open at a record), once the DMU is read."""
        if self.loaded:
            self.select_member(member_id)
        else:
            self.pending_select = member_id

    # --- actions ------------------------------------------------------------------------------------------------

    @writes
    def action_add(self, under: int | None = None) -> None:
        """Add a person with the form."""
        self.open_form(DmuForm(self.account_id, reports_to_id=under))

    @writes
    def action_add_report(self) -> None:
        """Add a person under the highlighted one."""
        self.action_add(self.member_id)

    @writes
    def action_edit(self) -> None:
        """Edit the highlighted person."""
        if self.member_id is not None:
            self.open_form(DmuForm(self.account_id, self.member_id))

    def show_saved(self, key: int | None) -> None:
        """After a form: the saved person highlighted in the table or the chart, whichever is shown."""
        if key is not None:
            self.select_member(key)

    def action_profile(self) -> None:
        """Open the highlighted person's profile."""
        if self.member_id is not None:
            self.app.push_screen(DmuProfileScreen(self.member_id), lambda changed: self.changed() if changed else None)

    @writes
    def action_delete(self) -> None:
        """Delete the highlighted person after confirming; their reports move up to their manager."""
        row = self._row_for(self.member_id)
        if row is None:
            return
        reports = [r.member.name for r in self.rows if r.member.reports_to_id == row.member.id]
        question = f"Delete {row.member.name} from the DMU?"
        if reports:
            where = f"report to {row.manager}" if row.manager else "move to the top of the org chart"
            question += f"\n{', '.join(reports)} will {where}."
        question += f"\nThe activity log keeps their history; Erase person ({key_of('erase')}) removes every trace."

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                dmu.delete_member(database_of(self), row.member.id,
                                  seen_version=row.member.version)
            except DomainError as error:  # e.g. deleted meanwhile from the command line
                say_refused(self, error)
                self.reload()
                return
            self.changed()
            self.app.notify(f"Deleted {row.member.name}.")

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

    def action_erase(self) -> None:
        """Erase the highlighted person and every trace of their personal data, after confirming."""
        member_id = self.member_id
        if member_id is None:
            return
        try:
            preview = privacy.preview_erasure(database_of(self), member_id)
        except DomainError as error:  # e.g. deleted meanwhile from the command line
            self.app.notify(error.message, severity="error", markup=False)
            self.reload()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.notify(f"Erasing {preview.name}…", markup=False)
                self._erase(member_id)

        self.app.push_screen(ErasePersonScreen(preview), answered)

    @work(thread=True, exclusive=True, group="erase")
    def _erase(self, member_id: int) -> None:
        """Erase in a thread: wiping the file rewrites all of it, which takes a while on a large portfolio."""
        try:
            erasure = privacy.erase_person(database_of(self), member_id)
        except DomainError as error:
            self.app.call_from_thread(self.app.notify, error.message, severity="error", markup=False)
            self.app.call_from_thread(self.reload)
            return
        except Exception as error:  # noqa: BLE001 - e.g. a locked or read-only file: the transaction rolled back
            reason = (str(error).splitlines() or [type(error).__name__])[0]
            self.app.call_from_thread(self.app.notify, f"Nothing was erased: {reason}", severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self._erased, erasure)

    def _erased(self, erasure: privacy.Erasure) -> None:
        self.changed()
        self.app.notify("\n".join(erasure.describe()), timeout=12, markup=False)

    def action_toggle_chart(self) -> None:
        """Switch between the table and the org chart, keeping the highlighted person."""
        current = self.member_id
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "dmu-table-pane" if self.showing_chart else "chart-view"
        if current is not None:
            self.select_member(current)
        else:
            (self.query_one("#org-chart") if self.showing_chart else self.table).focus()

    @writes
    def action_move(self) -> None:
        """Put the highlighted person under another manager."""
        if self.member_id is not None:
            self._ask_where(self.member_id)

    def _ask_where(self, member_id: int) -> None:
        row = self._row_for(member_id)
        if row is None:
            return

        def chosen(choice: ManagerChoice | None) -> None:
            if choice is not None:
                self._move(member_id, choice.manager_id)

        self.app.push_screen(MoveUnderScreen(row.member, [r.member for r in self.rows]), chosen)

    def _move(self, member_id: int, manager_id: int | None) -> None:
        try:
            moved = dmu.move_member(database_of(self), member_id, manager_id)
        except DomainError as error:
            say_refused(self, error)
            return
        manager = self._row_for(manager_id)
        self.app.notify(f"{moved.name} now reports to {manager.member.name}." if manager
                        else f"{moved.name} is now at the top of the org chart.")
        self.changed(member_id)
        self.select_member(member_id)

    @writes
    def action_promote(self) -> None:
        """Move the highlighted person one level up (to their manager's manager)."""
        if self.member_id is not None:
            self._promote(self.member_id)

    @on(OrgChart.MoveRequested)
    def _move_requested(self, event: OrgChart.MoveRequested) -> None:
        event.stop()
        if event.promote:
            self._promote(event.member_id)
        else:
            self._ask_where(event.member_id)

    def _promote(self, member_id: int) -> None:
        row = self._row_for(member_id)
        if row is None or row.member.reports_to_id is None:
            self.app.notify("Already at the top of the org chart.")
            return
        boss = self._row_for(row.member.reports_to_id)
        self._move(member_id, boss.member.reports_to_id if boss else None)

    def action_filter(self) -> None:
        """Show the filter box."""
        box = self.query_one("#dmu-filter", Input)
        box.disabled = False
        box.add_class("shown")
        if self.showing_chart:
            self.action_toggle_chart()
        box.focus()

    @on(Input.Changed, "#dmu-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()

    @on(Input.Submitted, "#dmu-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def _clear_filter(self) -> None:
        box = self.query_one("#dmu-filter", Input)
        box.value = ""
        box.remove_class("shown")
        box.disabled = True
        self.filter_text = ""

    def action_clear_filter(self) -> None:
        """Clear the filter and go back to the table."""
        self._clear_filter()
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc clears a filter only when there is one; otherwise it goes on to the screen (back)."""
        if action == "clear_filter":
            return bool(self.filter_text) or self.query_one("#dmu-filter", Input).has_focus
        return True

    def watch_filter_text(self) -> None:
        self._fill_table(self.member_id)

    def action_sort(self) -> None:
        """Sort by the next column."""
        self.sort_index = (self.sort_index + 1) % len(COLUMNS)

    def action_reverse(self) -> None:
        """Reverse the sort order."""
        self.sort_reverse = not self.sort_reverse

    def watch_sort_index(self) -> None:
        self._fill_table(self.member_id)

    def watch_sort_reverse(self) -> None:
        self._fill_table(self.member_id)

    @on(DataTable.HeaderSelected, "#dmu-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        """Clicking a header sorts by it (again: reverses)."""
        index = next(i for i, c in enumerate(COLUMNS) if c.key == event.column_key.value)
        if index == self.sort_index:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_index = index

    @writes
    def action_influence(self) -> None:
        """List the DMU's influence lines to add, edit or remove them (a new one starts from the highlighted person)."""
        if len(self.rows) < 2:
            self.app.notify(f"An influence line joins two people: add a second person first ({key_of('add')}).")
            return
        self.app.push_screen(InfluenceLinesScreen(self.account_id, self.member_id),
                             lambda changed: self.changed() if changed else None)

    def action_gaps(self) -> None:
        """Go to the gap list; Enter on a gap selects that person."""
        self.query_one("#gaps").focus()

    @on(CoveragePanel.GapSelected)
    def _gap_selected(self, event: CoveragePanel.GapSelected) -> None:
        event.stop()
        self.select_member(event.member_id)

    @writes
    def action_stale_limit(self) -> None:
        """Change after how many days without contact a key player counts as stale."""
        self.app.push_screen(StaleLimitScreen(), lambda days: self.reload() if days is not None else None)

    @on(DataTable.RowSelected, "#dmu-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_profile()

    @on(Tree.NodeSelected, "#org-chart")
    def _node_chosen(self, event: Tree.NodeSelected) -> None:
        event.stop()
        self.action_profile()
