"""The portfolio as a user drives it: filter as you type, sort, filters, open, archive and undo, why?."""

from __future__ import annotations

import pytest

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.portfolio import COLUMNS, PortfolioScreen
from accountmgr.screens.score_explain import ScoreExplainScreen
from accountmgr.screens.workspace import WorkspaceScreen
from accountmgr.services.accounts import find_account, get_account
from accountmgr.widgets.virtual_table import VirtualTable

SIZE = (120, 36)


def shown(app) -> list[str]:  # noqa: ANN001
    """Names of the accounts the table currently holds, in order."""
    return [row.name for row in app.screen.query_one(VirtualTable).rows]


def status(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#status").content)


@pytest.mark.both_engines
async def test_filter_as_you_type_then_clear(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        total = len(shown(app))
        await pilot.press("slash", *"pharma")
        assert shown(app) == ["Danubia Pharma", "Helvetia Pharma Logistics"]
        assert status(app).startswith(f"2 of {total} accounts")
        await pilot.press("escape")
        assert len(shown(app)) == total
        assert app.focused is app.screen.query_one(VirtualTable)


async def test_backspace_and_filters_keep_the_typed_text_right(demo_db: Database) -> None:
    """Rows found for earlier text are reused on backspace, and forgotten when another filter changes the rows."""
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        every = shown(app)
        await pilot.press("slash", *"pharma", "backspace", "backspace", "backspace")
        assert shown(app) == [name for name in every if "pha" in name.lower()]
        await pilot.press(*"rma x")
        assert shown(app) == []
        await pilot.press("backspace", "backspace", "enter", "l")  # Prospects only, "pharma" still typed
        assert shown(app) == ["Danubia Pharma"] and "level Prospect" in status(app)
        await pilot.press("c")
        assert shown(app) == every


async def test_typing_in_the_filter_keeps_the_layout(demo_db: Database) -> None:
    """Keystrokes change neither the filter box's scrollable width (which would lay out the whole screen
    again at every key) nor leave the table's scrolling out of step with its rows."""
    app = make_app(demo_db)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        box = app.screen.query_one("#filter")
        assert table.virtual_size.height == len(table.rows) + 1 and table.max_scroll_y > 0
        await pilot.press("end", "slash", "p")
        width = box.virtual_size.width
        await pilot.press(*"harma")
        assert box.virtual_size.width == width == box.content_size.width
        assert shown(app) == ["Danubia Pharma", "Helvetia Pharma Logistics"]
        assert table.virtual_size.height == 3 and table.scroll_y == 0 and table.max_scroll_y == 0
        await pilot.press(*"e longer than the box itself")
        assert box.virtual_size.width > width and shown(app) == []
        await pilot.press("escape")
        await pilot.pause()
        assert table.virtual_size.height == len(table.rows) + 1 == 15 and table.max_scroll_y > 0


async def test_sort_by_key_and_by_clicking_a_header(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        names = shown(app)
        assert names == sorted(names, key=str.lower)
        await pilot.press("s")  # next column: level
        ranks = [row.level.rank for row in table.rows]
        assert ranks == sorted(ranks) and "sort Level ▲" in status(app)
        await pilot.press("S")
        assert [row.level.rank for row in table.rows] == sorted(ranks, reverse=True)
        # Click the "Attr." heading: largest first.
        x = sum(width + 1 for column, width in zip(COLUMNS, table.widths) if width and column.key in
                ("name", "level", "target", "owner")) + 1
        await pilot.click(VirtualTable, offset=(x, 0))
        await pilot.pause()
        scores = [row.attractiveness for row in table.rows]
        assert table.sort_key == "attractiveness" and scores == sorted(scores, reverse=True)


async def test_filters_by_level_owner_segment(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        await pilot.press("l")
        assert table.rows and {row.level.value for row in table.rows} == {"prospect"}
        assert "level Prospect" in status(app)
        await pilot.press("l", "O")
        owners = {row.owner for row in table.rows}
        assert len(owners) == 1 and f"owner {owners.pop()}" in status(app)
        await pilot.press("c", "b")
        assert {row.segment.value for row in table.rows} <= {"high_performance"}
        await pilot.press("c")
        assert "level" not in status(app) and "owner" not in status(app)


async def test_the_status_names_the_filter_keys_then_how_to_clear(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "filter keys l O b k z" in status(app)
        await pilot.press("b")
        assert "c clears the filters" in status(app)
        await pilot.press("c")
        assert "filter keys l O b k z" in status(app)


async def test_enter_opens_the_account(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"rhei", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.account_id == find_account(demo_db, "Rheinstahl Components").id


async def test_archive_asks_then_undo_and_restore(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.query_one(VirtualTable).current_row
        await pilot.press("Z")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert not get_account(demo_db, first.id).archived
        await pilot.press("Z", "y")
        await pilot.pause()
        assert get_account(demo_db, first.id).archived
        assert first.name not in shown(app)
        await pilot.press("ctrl+z")
        assert not get_account(demo_db, first.id).archived and first.name in shown(app)
        # Archive again, then restore it from the archived view.
        await pilot.press("Z", "y", "z", "z")
        await pilot.pause()
        assert shown(app) == [first.name] and "archived only" in status(app)
        await pilot.press("Z")
        assert not get_account(demo_db, first.id).archived


@pytest.mark.both_engines
async def test_why_explains_the_selected_account(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"nord", "enter", "w")
        await pilot.pause()
        assert isinstance(app.screen, ScoreExplainScreen)
        text = "\n".join(str(widget.content) for widget in app.screen.query("Static"))
        assert "Churn risk: High" in text and "below 6" in text and "Attractiveness" in text
        await pilot.press("escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_review_mode_follows_the_portfolios_order_and_filter(demo_db: Database) -> None:
    """Next and previous account in review mode walk the rows the portfolio shows, in their order."""
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        await pilot.press("l", "l", "S", "home")  # Buyers only, names Z to A, from the top
        expected = [row.id for row in table.rows]
        assert len(expected) > 1 and {row.level.value for row in table.rows} == {"buyer"}
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewModeScreen"
        assert app.screen.account_id == expected[0]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.account_id == expected[1]
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert app.screen.account_id == expected[-1]
        await pilot.press("escape")
        await pilot.pause()
        # From the command palette on the portfolio, too: the same list, from the selected account.
        app.action_review_mode()
        await pilot.pause()
        assert app.screen.account_id == expected[0]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.account_id == expected[1]


@pytest.mark.both_engines
async def test_a_large_portfolio_shows_its_first_page_then_the_scores(demo_db: Database, monkeypatch) -> None:  # noqa: ANN001
    import threading

    import accountmgr.screens.portfolio as screen_module

    # Pretend the demo is large: the screen then paints before computing the scores,
    # which here wait until the test has looked at the first page.
    monkeypatch.setattr(screen_module, "PROGRESSIVE_FROM", 5)
    monkeypatch.setattr("accountmgr.services.portfolio.PROGRESSIVE_FROM", 5)
    may_score = threading.Event()
    real_load = screen_module.load_portfolio

    def held_load(db):  # noqa: ANN001, ANN202
        may_score.wait(10)
        return real_load(db)

    monkeypatch.setattr(screen_module, "load_portfolio", held_load)
    app = make_app(demo_db)
    assert app.portfolio_preload is None
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.pause()
        # The first page is painted at once, by name; its real scores follow from a worker, before the rest.
        for _ in range(200):
            first = screen.query_one(VirtualTable).rows
            if first and all(row.scored for row in first):
                break
            await pilot.pause()
        assert screen.loading and first and all(row.scored for row in first)
        assert [row.name.lower() for row in first] == sorted(row.name.lower() for row in first)
        assert "computing scores for 14 accounts" in status(app)
        # Sorting by a score waits for the whole portfolio: the page keeps its order meanwhile.
        screen.action_sort("attractiveness")
        await pilot.pause()
        assert [row.id for row in screen.query_one(VirtualTable).rows] == [row.id for row in first]
        assert "once scored" in status(app)
        may_score.set()
        for _ in range(200):
            if not screen.loading:
                break
            await pilot.pause()
        rows = app.screen.query_one(VirtualTable).rows
        assert all(row.scored for row in rows)
        assert status(app).startswith("14 of 14 accounts")
        assert [row.attractiveness for row in rows] == sorted((row.attractiveness for row in rows), reverse=True)
        screen.action_sort("name")  # back to name order for what follows
        await pilot.pause()
        # A change is scored again in the background while the rows stay on screen.
        first = screen.table.current_row
        await pilot.press("Z", "y")
        await pilot.pause()
        assert get_account(demo_db, first.id).archived
        for _ in range(200):
            if not screen.updating:
                break
            await pilot.pause()
        assert first.name not in shown(app) and status(app).startswith("13 of 13 accounts")


async def test_narrow_terminal_hides_the_least_needed_columns(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        shown_keys = [column.key for column in table.shown_columns]
        assert shown_keys[:2] == ["name", "level"] and {"attractiveness", "churn", "next"} <= set(shown_keys)
        assert "segment" not in shown_keys and table.total_width <= 80
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert len(table.shown_columns) == len(COLUMNS)


async def test_a_wide_terminal_gives_names_and_next_actions_the_room(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        widths = {column.key: width for column, width in zip(table.columns, table.widths)}
        longest = max(len(row.name) for row in table.rows)
        assert widths["name"] == longest  # every name whole, no more
        assert widths["next"] == next(column.max_width for column in COLUMNS if column.key == "next")
        assert table.total_width <= 200


def test_portfolio_snapshot(demo_db: Database, snap_compare) -> None:  # noqa: ANN001
    """The demo portfolio at 120×36: every name whole ("Helvetia Pharma Logistics"), then the columns (level badges
    coloured with numerals, attractiveness, segment, open and weighted pipeline, satisfaction, churn, lifetime value
    — "—" for prospects, negative in red for Iberlux —, ⚑1 in red under Obj. for the three accounts with an
    objective past its date, next action with the room left); owner, target and RFMT give way to the names at this
    width (they show on a wider terminal, or when sorted by); sorted by name, the first account highlighted, the
    filter bar with "14 of 14 accounts · sort Account ▲" and the filter keys."""
    assert snap_compare(make_app(demo_db), terminal_size=SIZE)


async def test_archiving_the_only_account_says_how_to_see_it_again(db: Database) -> None:
    """The archive question names the real keys; an all-archived portfolio says how to show it; counts add up."""
    from accountmgr.services.accounts import create_account

    create_account(db, {"name": "Caffè “Zürich” [Srl] Torrefazione", "current_level": "prospect"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("Z")
        question = str(app.screen.query_one("#question").content) if app.screen.query("#question") else ""
        question = question or " ".join(str(w.content) for w in app.screen.query("Static"))
        assert "Ctrl+Z undoes it" in question and "Z brings one back" in question and " u " not in question
        await pilot.press("y")
        await pilot.pause()
        table = app.screen.query_one(VirtualTable)
        assert table.rows == [] and table.empty_text.startswith("Every account is archived. Press z to show them")
        assert status(app).startswith("0 of 0 accounts")
        await pilot.press("z")
        await pilot.pause()
        assert status(app).startswith("1 of 1 account · with archived")
        name_column = [column.key for column in COLUMNS].index("name")
        assert table.widths[name_column] >= len("Caffè “Zürich” [Srl] Torrefazione (archived)")
        await pilot.press("z")
        await pilot.pause()
        assert status(app).startswith("1 of 1 account · archived only")
