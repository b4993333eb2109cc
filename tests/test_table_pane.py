"""The one table widget of every table pane: keyed rows, cursor kept by key, one Changed message, detail, widths."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult

from accountmgr.widgets.table_pane import TableColumn, TablePane, fit_widths, shown_columns

COLUMNS = [TableColumn("name", "Name"), TableColumn("title", "Title"), TableColumn("due", "Due", shrink=False)]

PEOPLE = [
    (1, ("Zoë O'Brien", "Head of [Purchasing]", "2026-12-01")),
    (2, ("Marco Bianchi", "Chief Operating Officer", "2026-12-02")),
    (3, ("Ana Sá", "CFO", "2026-12-03")),
]


class Host(App[None]):
    """A bare app around one table pane that records what the pane says."""

    def __init__(self, rows: list = PEOPLE) -> None:  # noqa: B006
        super().__init__()
        self.rows = rows
        self.changes: list[object] = []

    def compose(self) -> ComposeResult:
        pane = TablePane(COLUMNS, table_id="people", detail=self.describe, detail_id="people-detail",
                         empty="Nobody yet.")
        pane.show(self.rows)
        yield pane

    @staticmethod
    def describe(key: object) -> Text:
        return Text(f"detail of {key}" if key is not None else "nothing highlighted")

    def on_table_pane_changed(self, event: TablePane.Changed) -> None:
        self.changes.append(event.key)


def _detail(app: Host) -> str:
    return str(app.query_one("#people-detail").render())


async def test_the_cursor_stays_on_its_record_when_the_rows_are_read_again() -> None:
    app = Host()
    async with app.run_test(size=(100, 20)) as pilot:
        pane = app.query_one(TablePane)
        pane.focus()
        await pilot.press("down")
        assert pane.selected_key == 2
        # Read again with a new record on top and the order changed: the cursor follows record 2.
        pane.show([(4, ("Nora Keller", "CEO", "2026-12-04")), PEOPLE[2], PEOPLE[1], PEOPLE[0]])
        await pilot.pause()
        assert pane.selected_key == 2 and pane.table.cursor_row == 2
        assert _detail(app) == "detail of 2"


async def test_the_cursor_goes_to_the_neighbour_when_its_record_is_deleted() -> None:
    app = Host()
    async with app.run_test(size=(100, 20)) as pilot:
        pane = app.query_one(TablePane)
        pane.select(2)
        await pilot.pause()
        pane.show([PEOPLE[0], PEOPLE[2]])
        await pilot.pause()
        assert pane.selected_key == 3 and _detail(app) == "detail of 3"
        pane.show([PEOPLE[0]])
        await pilot.pause()
        assert pane.selected_key == 1
        pane.show([])
        await pilot.pause()
        assert pane.selected_key is None and _detail(app) == "nothing highlighted"
        assert app.query_one(".table-pane--empty").display


async def test_changed_is_posted_once_per_refresh_and_per_move() -> None:
    app = Host()
    async with app.run_test(size=(100, 20)) as pilot:
        pane = app.query_one(TablePane)
        await pilot.pause()
        app.changes.clear()
        pane.show(list(reversed(PEOPLE)))
        await pilot.pause()
        assert app.changes == [1]
        pane.focus()
        await pilot.press("up")
        assert app.changes == [1, 2]
        await pilot.press("up", "up")  # the second "up" stays on the first row: nothing new to say
        assert app.changes == [1, 2, 3]


async def test_the_detail_slot_follows_the_cursor() -> None:
    app = Host()
    async with app.run_test(size=(100, 20)) as pilot:
        pane = app.query_one(TablePane)
        pane.focus()
        await pilot.pause()
        assert _detail(app) == "detail of 1"
        await pilot.press("down", "down")
        assert _detail(app) == "detail of 3"


async def test_texts_show_whole_where_there_is_room_and_end_in_an_ellipsis_where_not() -> None:
    app = Host()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        screen = table_text(app.query_one(TablePane))
        assert "Marco Bianchi" in screen and "Chief Operating Officer" in screen and "…" not in screen
        assert "Head of [Purchasing]" in screen
        await pilot.resize_terminal(42, 20)
        await pilot.pause()
        narrow = table_text(app.query_one(TablePane))
        assert "2026-12-02" in narrow  # a date never shrinks
        assert "…" in narrow and "Name" in narrow and "Title" in narrow


def table_text(pane: TablePane) -> str:
    """The table as drawn on screen, line by line."""
    return "\n".join(strip.text for strip in pane.table.render_lines(pane.table.region.reset_offset))


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20), st.integers(0, 2)), min_size=1, max_size=12),
       st.integers(0, 300))
def test_widths_fit_the_room_and_never_go_below_a_floor(columns: list[tuple[int, int, int]], room: int) -> None:
    natural = [n for n, _f, _p in columns]
    floors = [min(n, f) for n, f, _p in columns]
    priorities = [p for _n, _f, p in columns]
    widths = fit_widths(natural, floors, room, priorities)
    assert all(f <= w <= n for w, n, f in zip(widths, natural, floors))
    if sum(natural) <= room:
        assert widths == natural
    elif sum(floors) <= room:
        assert sum(widths) <= room
    else:
        assert widths == floors


def test_lower_priority_columns_give_up_their_room_first() -> None:
    assert fit_widths([19, 37, 40], [7, 16, 12], 70, [0, 1, 1]) == [7, 32, 31]
    assert fit_widths([19, 37, 40], [7, 16, 12], 90, [0, 1, 1]) == [13, 37, 40]


@given(st.lists(st.tuples(st.integers(1, 40), st.integers(0, 5)), min_size=1, max_size=14), st.integers(0, 200))
def test_columns_are_left_out_only_for_lack_of_room_and_in_their_order(columns: list[tuple[int, int]],
                                                                       room: int) -> None:
    needed = [n for n, _rank in columns]
    ranks = [rank for _n, rank in columns]
    shown = shown_columns(needed, ranks, room)
    assert shown == sorted(shown)
    assert all(index in shown for index, rank in enumerate(ranks) if rank == 0)  # never left out
    if sum(needed) <= room:
        assert shown == list(range(len(columns)))
    elif any(rank and index in shown for index, rank in enumerate(ranks)):
        assert sum(needed[i] for i in shown) <= room  # one more left out would have been needed otherwise
    left_out = [index for index in range(len(columns)) if index not in shown]
    # A column is left out only after every column of a higher rank.
    assert all(ranks[kept] <= ranks[gone] for gone in left_out for kept in shown if ranks[kept])


class Wide(App[None]):
    """A table of more columns than a narrow terminal holds; the middle ones may be left out."""

    COLUMNS = [TableColumn("name", "Name", min_width=8), TableColumn("title", "Title", leave_out=2),
               TableColumn("city", "City", leave_out=1), TableColumn("due", "Due", shrink=False)]

    def compose(self) -> ComposeResult:
        pane = TablePane(self.COLUMNS, detail=lambda key: Text(f"{key}"))
        pane.show([(1, ("Marco Bianchi", "Chief Operating Officer", "Reggio nell'Emilia", "2026-12-02"))])
        yield pane


async def test_a_narrow_pane_leaves_out_columns_rather_than_scroll_sideways() -> None:
    app = Wide()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        pane = app.query_one(TablePane)
        assert pane.shown == [0, 1, 2, 3] and "Reggio nell'Emilia" in table_text(pane)
        await pilot.resize_terminal(44, 10)
        await pilot.pause()
        # The title goes first (the highest rank), the city stays; the name and the date always.
        assert pane.shown == [0, 2, 3] and [str(c.label) for c in pane.table.ordered_columns] == ["Name", "City", "Due"]
        assert pane.table.max_scroll_x == 0 and pane.selected_cells[1] == "Chief Operating Officer"
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert pane.shown == [0, 3] and "2026-12-02" in table_text(pane)
        await pilot.resize_terminal(100, 10)
        await pilot.pause()
        assert pane.shown == [0, 1, 2, 3]
