"""Text fits in every table pane at 80×24 and 120×36 on the demo portfolio: whole where there is room, an ellipsis
wherever something is cut, and no table scrolling sideways (columns are left out before that, and named under
the table)."""

from __future__ import annotations

import pytest
from rich.text import Text

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.services.accounts import find_account
from accountmgr.screens.panes.dmu_pane import COLUMNS, DmuPane
from accountmgr.widgets.table_pane import TablePane

SIZES = [(80, 24), (120, 36)]

PLACES = [
    ("step e: opportunities", lambda app, account: app.open_account(account, "e")),
    ("step h: DMU", lambda app, account: app.open_account(account, "h")),
    ("step j: plan", lambda app, account: app.open_account(account, "j")),
    ("step g: objectives, milestones, risks, asks", lambda app, account: app.open_account(account, "g")),
    ("step k: deliveries", lambda app, account: app.open_account(account, "k")),
    ("step c: competitors", lambda app, account: app.open_account(account, "c")),
    ("step d: constraints", lambda app, account: app.open_account(account, "d")),
    ("step i: wins", lambda app, account: app.open_account(account, "i")),
    ("step l: reviews, KPIs, projects, complaints", lambda app, account: app.open_account(account, "l")),
    ("agenda", lambda app, _account: app.open_agenda()),
    ("team", lambda app, _account: app.open_team()),
    ("white space", lambda app, _account: app.open_whitespace()),
]


def drawn(pane: TablePane, *, at_the_edge: bool = False) -> list[tuple[str, str]]:
    """(whole text, text as drawn) of every cell and header the table shows on screen; *at_the_edge*: those of a
    column the right edge cuts too (a table scrolling sideways shows them with no ellipsis)."""
    table = pane.table
    lines = [strip.text for strip in table.render_lines(table.region.reset_offset)]
    scroll_x = int(table.scroll_x)
    found: list[tuple[str, str]] = []
    for line_index, line in enumerate(lines):
        row_index = line_index - 1 + int(table.scroll_y)  # the header is the first line
        if line_index and not 0 <= row_index < table.row_count:
            continue
        x = -scroll_x
        room = table.scrollable_content_region.width
        for column_index, column in enumerate(table.ordered_columns):
            width = column.get_render_width(table)
            if 0 <= x and (x + width <= room or at_the_edge and x < room):
                value = column.label if line_index == 0 else table.get_row_at(row_index)[column_index]
                whole = (value.plain if isinstance(value, Text) else str(value)).strip()
                found.append((whole, line[x + table.cell_padding: min(x + width - table.cell_padding, room)].strip()))
            x += width
    return found


def has_room(pane: TablePane) -> bool:
    """Whether every column at the width of its longest text (header included) fits the table."""
    table = pane.table
    wanted = 0
    for index, column in enumerate(table.ordered_columns):
        texts = [column.label, *(table.get_row_at(row)[index] for row in range(table.row_count))]
        wanted += max(value.cell_len if isinstance(value, Text) else len(str(value)) for value in texts)
        wanted += 2 * table.cell_padding
    return wanted <= table.scrollable_content_region.width


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_cells_show_whole_where_there_is_room_and_end_in_an_ellipsis_where_cut(
    demo_db: Database, frozen_clock: None, size: tuple[int, int]
) -> None:
    account = find_account(demo_db, "Helvetia Pharma Logistics").id
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        checked = total = 0
        for place, go in PLACES:
            go(app, account)
            await pilot.pause()
            await pilot.pause()
            for pane in app.screen.query(TablePane):
                if not pane.region.width or not pane.rows:
                    continue
                cells = drawn(pane, at_the_edge=True)
                assert cells, f"{place}: nothing drawn"
                # No table scrolls sideways: where room lacks, texts shorten and then columns are left out.
                assert pane.table.max_scroll_x == 0, f"{place}: {pane.table.id or pane.parent} scrolls sideways"
                total += len(cells)
                for whole, shown in cells:
                    if shown == whole:
                        continue
                    assert shown.endswith("…"), f"{place}: {whole!r} drawn as {shown!r} with no ellipsis"
                    assert whole.startswith(shown[:-1].rstrip()), f"{place}: {whole!r} drawn as {shown!r}"
                    assert not has_room(pane), f"{place}: {whole!r} cut to {shown!r} where there is room"
                    checked += 1
                whole_texts = [whole for whole, shown in cells if whole == shown]
                assert whole_texts, f"{place}: every cell cut"
            app.pop_screen()
            await pilot.pause()
        assert total > 300 and (checked or size == (120, 36))  # at 80 columns some texts are too long for the room


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_dmu_fits_its_pane_and_keeps_the_sorted_column_in_sight(
    demo_db: Database, frozen_clock: None, size: tuple[int, int]
) -> None:
    account = find_account(demo_db, "Rheinstahl Components").id
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_account(account, "h")
        await pilot.pause()
        await pilot.pause()
        dmu = app.screen.query_one(DmuPane)
        dmu.table.focus()
        for sort in range(len(COLUMNS)):
            dmu.sort_index = sort
            await pilot.pause()
            pane = dmu.table
            table = pane.table
            headers = [str(column.label) for column in table.ordered_columns]
            where = f"sorted by {COLUMNS[sort].header}: {headers}"
            assert table.max_scroll_x == 0, f"{where}: the table scrolls sideways"
            assert any(header.startswith(COLUMNS[sort].header) for header in headers), f"{where}: sorted column hidden"
            for whole, shown in drawn(pane, at_the_edge=True):
                assert shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1].rstrip())), \
                    f"{where}: {whole!r} drawn as {shown!r}"
            left_out = [column for index, column in enumerate(COLUMNS) if index not in pane.shown]
            slot = app.screen.query_one("#dmu-left-out")
            assert slot.display == bool(left_out), where
            if left_out:  # the highlighted person's left-out values are named under the table, the most telling first
                first = min(left_out, key=lambda column: column.leave_out)
                assert str(slot.render()).startswith(first.header), where
        if size == (80, 24):
            assert pane.shown != list(range(len(COLUMNS)))  # the case this test is about: not everything fits
