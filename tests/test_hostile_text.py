"""Hostile names are harmless in every output: list, JSON, the app, Markdown plans, calendars and messages.

Names are created through the services, then written raw into the database exactly as drawn, as data written
before input was cleaned (or by another tool) would be. Every output must then be free of control characters
(JSON escapes them), show markup-looking text as typed, and still parse: Markdown with markdown-it-py, the
calendar with icalendar.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
from datetime import datetime
from itertools import count
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from accountmgr.db import Database, open_database
from accountmgr.services import accounts, calendar_export, dmu, plan
from accountmgr.services.account_plan import render_account_plan
from accountmgr.services.safe_text import has_controls

PIECES = ["[/]", "[bold]", "[italia]", "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[31m", "\u202e", "\u2066", "\x00", "\x85",
          "\x9b", "\x7f", "|", "\n", "\r\n", "\t", "🏭", "e\u0301", "Müller", "`", "*", "#", "<b>", "&amp;", "\\"]
"""What hostile or merely unusual names are made of: markup, escape sequences, C0/C1, bidi, table pipes, newlines."""

names = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), min_size=1, max_size=6).map("".join)
"""Arbitrary Unicode (controls, surrogates aside, included) mixed with the pieces above."""

TERMINAL_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
"""Anything but a newline that a terminal could act on, or that reorders text."""


def plant(db: Database, serial: int, name: str) -> tuple[int, int]:
    """An account, a DMU member and a planned action addressing them, all named *name* as stored: (account, member)."""
    account = accounts.create_account(db, {"name": f"Hostile {serial}"})
    member = dmu.create_member(db, account.id, {"name": f"Person {serial}", "title": "Buyer"})
    plan.create_action(db, account.id, {"objective": f"Objective {serial}", "scheduled_at": datetime(2030, 1, 7, 10)},
                       member_ids=[member.id], confirm_past=True)
    with db.connection() as conn:
        conn.execute("UPDATE account SET name = ?, notes = ? WHERE id = ?", (f"{name} {serial}", name, account.id))
        conn.execute("UPDATE dmu_member SET name = ?, personal_win = ? WHERE id = ?", (name, name, member.id))
        conn.execute("UPDATE communication_action SET objective = ? WHERE account_id = ?", (name, account.id))
        conn.commit()
    return account.id, member.id  # type: ignore[return-value]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = open_database(tmp_path_factory.mktemp("hostile") / "hostile.db", create=True)
    yield database
    database.close()


serials = count(1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_list_plans_and_calendars_of_hostile_names_are_inert_and_parse(
    hostile_db: Database, run_main, tmp_path: Path, name: str  # noqa: ANN001
) -> None:
    serial = next(serials)
    account_id, _ = plant(hostile_db, serial, name)
    db_arg = ("--db", str(hostile_db.path))

    code, out, err = run_main(*db_arg, "list")
    assert (code, err) == (0, "")
    assert not TERMINAL_UNSAFE.search(out)
    code, out, err = run_main(*db_arg, "list", "--json")
    assert (code, err) == (0, "") and not TERMINAL_UNSAFE.search(out)
    assert f"{name} {serial}" in [row["name"] for row in json.loads(out)]  # the data itself is unchanged

    markdown = render_account_plan(hostile_db, account_id)
    assert not TERMINAL_UNSAFE.search(markdown.replace("\t", ""))
    tokens = MarkdownIt("gfm-like").parse(markdown)
    assert tokens and tokens[0].type == "heading_open"
    _tables_keep_their_columns(tokens)

    data = calendar_export.calendar_bytes(hostile_db, account_id)
    assert not TERMINAL_UNSAFE.search(data.decode("utf-8").replace("\r\n", "").replace("\t", ""))
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 1 and str(events[0]["SUMMARY"]).endswith("(Meeting)")

    # A message that echoes the name (no such account) is one line without controls.
    code, out, err = run_main(*db_arg, "export", f"{name}?nothing")
    assert code == 1 and out == "" and err.count("\n") == 1 and not TERMINAL_UNSAFE.search(err)


def _tables_keep_their_columns(tokens: list) -> None:  # noqa: ANN001
    """Every row of every table has as many cells as its header: no name broke a table."""
    widths: list[int] = []
    cells = 0
    for token in tokens:
        if token.type == "table_open":
            widths = []
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            widths.append(cells)
        elif token.type == "table_close":
            assert len(set(widths)) == 1, widths


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names)
def test_importing_hostile_names_is_inert(tmp_path: Path, run_main, any_db_url: str, name: str) -> None:  # noqa: ANN001
    """The import either takes the name or refuses it in sentences; nothing it prints holds a control character.

    On both engines (PostgreSQL's text refuses NUL characters SQLite would keep); every example imports into the
    same database, so a name seen before is an update.
    """
    target = tmp_path / f"import-{next(serials)}"
    target.mkdir()
    csv_file = target / "accounts.csv"
    with open(csv_file, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["name", "notes"], [name, name]])
    code, out, err = run_main("--db", any_db_url, "import", "accounts", str(csv_file))
    assert code in (0, 1), err
    assert not TERMINAL_UNSAFE.search(out + err)


SHOWN_AS_TYPED = ["Rossi [italia] SpA", "Acme [/] Tools", "[bold]Loud[/bold] GmbH"]


@pytest.mark.parametrize("name", [
    "Rossi [italia] SpA\x1b]0;pwned\x07",
    "Acme [/] Tools\x1b[2J\u202eevil\x85",
    "[bold]Loud[/bold] GmbH\nsecond line\x00",
])
def test_the_app_shows_hostile_names_as_typed_and_nothing_acts_on_the_terminal(
    hostile_db: Database, name: str
) -> None:
    """Portfolio, the account's workspace and its edit form: no crash, names shown as typed, no control character."""
    from accountmgr.app import make_app
    from accountmgr.screens.portfolio import PortfolioScreen
    from accountmgr.screens.workspace import WorkspaceScreen

    account_id, _ = plant(hostile_db, next(serials), name)
    visible = next(text for text in SHOWN_AS_TYPED if name.startswith(text))

    def screen_text(app) -> str:  # noqa: ANN001
        svg = app.export_screenshot()
        assert not TERMINAL_UNSAFE.search(svg.replace("\n", "")), "a control character reached the screen"
        return re.sub(r"<[^>]+>", "", svg).replace("&#160;", " ").replace("&#91;", "[").replace("&#93;", "]")

    async def drive() -> None:
        app = make_app(hostile_db)
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PortfolioScreen)
            app.screen.query_one("#filter").value = visible[:4]
            await pilot.pause()
            assert visible in screen_text(app)
            app.open_account(account_id, "h")
            await pilot.pause()
            assert isinstance(app.screen, WorkspaceScreen)
            assert visible in screen_text(app)
            app.open_account(account_id, "a")
            await pilot.pause()
            screen_text(app)
            from accountmgr.screens.account_form import AccountFormScreen

            app.push_screen(AccountFormScreen(account_id))
            await pilot.pause()
            assert visible in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()

    asyncio.run(drive())


def test_the_import_screen_shows_a_hostile_file_as_written(tmp_path: Path, hostile_db: Database) -> None:
    """Headers and cells with markup and escape sequences: the mapping table and the notes show them, inert."""
    from accountmgr.app import make_app
    from accountmgr.screens.import_data import ImportScreen

    export = tmp_path / "hostile [i]x[b] export.csv"
    export.write_text("Account Name,Notes [bold]\x1b[2J\r\nRossi [italia] SpA,\x1b]0;pwned\x07 [/]\r\n", encoding="utf-8")

    async def drive() -> None:
        app = make_app(hostile_db)
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            app.push_screen(ImportScreen(export))
            await app.workers.wait_for_complete()
            await pilot.pause()
            svg = app.export_screenshot()
            assert not TERMINAL_UNSAFE.search(svg.replace("\n", ""))
            shown = re.sub(r"<[^>]+>", "", svg).replace("&#160;", " ").replace("&#91;", "[").replace("&#93;", "]")
            assert "hostile [i]x[b] export.csv" in shown and "Rossi [italia] SpA" in shown and "Notes [bold]" in shown

    asyncio.run(drive())
