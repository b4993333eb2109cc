"""Step panes with several tables (e: revenue and opportunities; g: objectives, milestones, risks, asks and the
programmes; l: reviews, KPIs, projects, complaints): every key a table's heading names works where it is shown.

The heading of the table with the keyboard names its keys; every other heading names the number key that puts the
keyboard there. The walk reads the keys from the rendered headings (never from this file), presses them without
Tab, and checks the screen and the database change as the heading says.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Select, TextArea

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import SATISFACTION_DRIVERS, Step
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.steps.base import PartHeading, numbered_parts
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.screens.steps.record_table import RecordTable
from accountmgr.screens.workspace import WorkspaceScreen
from accountmgr.screens.panes.opportunities_pane import OpportunitiesPane
from accountmgr.services import accounts, opportunities, programmes
from accountmgr.services.accounts import find_account
from key_hints import count_notifications, key_name
from waiting import settled

SIZE = (120, 36)
SEVERAL_TABLES = {"e", "g", "l"}
"""The steps whose panes have several parts with keys of their own (the discovery test keeps this list true)."""

_KEY = r"(?:Ctrl\+\w|F\d{1,2}|Enter|Esc|Space|Del|[A-Za-z0-9+\-])"
WORK_HERE = re.compile(rf"^press (?P<key>{_KEY}) to work here$")
FROM_TEXT = re.compile(rf"^(?P<esc>Esc), then (?P<key>{_KEY}) to work here$")
ITEM = re.compile(rf"^(?P<key>{_KEY}) (?P<what>.+)$")


def heading_keys(text: str) -> list[tuple[str, str]]:
    """The keys a heading names, in order: ("2", "work here"), ("a", "add"), ("Y", "new reading")…"""
    match = re.search(r"\((?P<said>[^()]*)\)$", text)
    if match is None:
        return []
    found = []
    for piece in re.split(r"; | · ", match["said"]):
        for pattern in (WORK_HERE, FROM_TEXT):
            if (hit := pattern.match(piece)) is not None:
                found.append((hit["key"], "work here"))
                break
        else:
            if (hit := ITEM.match(piece)) is not None:
                found.append((hit["key"], hit["what"]))
    return found




async def open_step(app: Any, pilot: Any, account_id: int, step: str) -> WorkspaceScreen:
    while len(app.screen_stack) > 1:
        app.pop_screen()
        await pilot.pause()
    app.open_account(account_id, step)
    assert await settled(pilot, lambda: isinstance(app.screen, WorkspaceScreen) and app.screen.pane is not None
                         and app.screen.pane.is_mounted and app.focused is not None
                         and app.screen.pane in app.focused.ancestors_with_self)
    await pilot.pause()
    return app.screen


def heading_of(part: Widget) -> PartHeading:
    pane = part.screen
    return next(h for h in pane.query(PartHeading) if h.part_id == part.id)


def said(heading: PartHeading) -> str:
    return str(heading.render())


def records(app: Any, part: Widget) -> list[Any]:
    """The part's records as the database holds them now (through the table's own service function)."""
    if isinstance(part, RecordTable):
        return list(part.spec.rows(app.db))
    if isinstance(part, OpportunitiesPane):
        return [(o.id, o.status, o.version) for o in opportunities.list_opportunities(app.db, part.account_id)]
    return []


async def close_modal(app: Any, pilot: Any, workspace: WorkspaceScreen) -> None:
    while app.screen is not workspace:
        await pilot.press("escape")
        await pilot.pause()


async def check_key(app: Any, pilot: Any, workspace: WorkspaceScreen, part: Widget, key: str, what: str) -> None:
    """Press *key*, which the heading says does *what* to *part*, and check it did."""
    where = f"{type(workspace.pane).__name__} {part.id}: {key!r} {what!r}"
    before_rows = records(app, part)
    before_notes = app.notified
    before_ticks = len(programmes.programmes_of(app.db, workspace.account_id))
    await pilot.press(key_name(key))
    changed = await settled(pilot, lambda: app.screen is not workspace or app.notified != before_notes
                            or len(programmes.programmes_of(app.db, workspace.account_id)) != before_ticks, limit=5)
    assert changed, f"{where}: nothing happened"
    if what == "add":
        assert isinstance(app.screen, ModalScreen), where
        assert "New" in str(getattr(app.screen, "form_title", "New")) or "Form" in type(app.screen).__name__, where
        await close_modal(app, pilot, workspace)
        assert records(app, part) == before_rows, f"{where}: Esc wrote something"
    elif what == "delete":
        assert isinstance(app.screen, ConfirmScreen), where
        await pilot.press("y")
        assert await settled(pilot, lambda: len(records(app, part)) == len(before_rows) - 1), f"{where}: not deleted"
    elif what == "mark done":
        assert app.screen is workspace, where
        now = records(app, part)
        assert now != before_rows or app.notified > before_notes, f"{where}: nothing marked"
    elif what.startswith("ticks"):
        assert len(programmes.programmes_of(app.db, workspace.account_id)) != before_ticks, where
        await pilot.press("space")  # as it was
        assert await settled(pilot, lambda: len(programmes.programmes_of(app.db, workspace.account_id))
                             == before_ticks)
    else:  # edit, won, lost, new reading, recovery guidelines…: a form or screen opens, or a message says why not
        assert app.screen is not workspace or app.notified > before_notes, where
        await close_modal(app, pilot, workspace)
    assert await settled(pilot, lambda: part.has_focus_within), f"{where}: the keyboard left the table"


@pytest.mark.parametrize("step", sorted(SEVERAL_TABLES))
async def test_every_key_a_table_heading_names_works_without_tab(demo_db: Database, step: str) -> None:
    account_id = find_account(demo_db, "Brennero Foods").id  # rows in every table of steps e, g and l
    app = make_app(demo_db)
    count_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workspace = await open_step(app, pilot, account_id, step)
        pane = workspace.pane
        assert pane is not None
        parts = numbered_parts(pane)
        assert len(parts) > 1
        deletes = []
        for number, part in enumerate(parts, start=1):
            await reach(pilot, part, number)
            keys = heading_keys(said(heading_of(part)))
            assert keys and all(what != "work here" for _, what in keys), said(heading_of(part))
            for key, what in keys:
                if what == "delete":  # last, from the last table up: deleting changes the rows others act on
                    deletes.append((number, part, key))
                else:
                    await check_key(app, pilot, workspace, part, key, what)
            for other in parts:
                if other is not part:
                    assert "to work here" in said(heading_of(other)), said(heading_of(other))
        for number, part, key in reversed(deletes):
            await reach(pilot, part, number)
            await check_key(app, pilot, workspace, part, key, "delete")


async def reach(pilot: Any, part: Widget, number: int) -> None:
    """Put the keyboard in *part* as its heading says (unless it has it already)."""
    if part.has_focus_within:
        return
    heading = heading_of(part)
    keys = heading_keys(said(heading))
    assert keys and keys[0][1] == "work here", said(heading)
    assert keys[0][0] == str(number), said(heading)
    await pilot.press(key_name(keys[0][0]))
    assert await settled(pilot, lambda: part.has_focus_within), f"{said(heading)}: no keyboard there"
    await pilot.pause()


@pytest.mark.parametrize("step", ["g", "l"])
async def test_an_empty_table_says_its_number_and_adds_a_record(db: Database, step: str) -> None:
    """On a new account every table is empty: its hint names its number, then the add key; both work, and the
    form saves into that table."""
    account_id = accounts.create_account(db, {"name": "Zoë l'Épicerie (Brașov)"}).id
    required = {"objective": "title", "milestone": "title", "risk": "description", "ask": "request",
                "review": "reviewed_on", "KPI": "name", "improvement project": "name"}
    app = make_app(db)
    count_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workspace = await open_step(app, pilot, account_id, step)
        assert workspace.pane is not None
        for number, part in enumerate(numbered_parts(workspace.pane), start=1):
            if not isinstance(part, RecordTable) or part.spec.what in ("milestone", "complaint"):
                continue  # a milestone needs an objective, a complaint a person of the DMU: not on a new account
            if not part.has_focus_within:
                empty = str(part.query_one(".table-pane--empty").render())
                match = re.search(r"press (\w) to work here, then (\w) to add one", empty)
                assert match and match[1] == str(number), empty
                await pilot.press(match[1])
                assert await settled(pilot, lambda: part.has_focus_within), empty
            empty = str(part.query_one(".table-pane--empty").render())
            match = re.search(r"press (\w) to add one", empty)
            assert match, empty
            await pilot.press(match[1])
            assert await settled(pilot, lambda: isinstance(app.screen, RecordFormScreen)), empty
            field = required[part.spec.what]
            editor = app.screen.query_one(f"#f-{field}")
            if not getattr(editor, "value", "") and not (isinstance(editor, TextArea) and editor.text):
                editor.focus()
                await pilot.press(*"Règle «1»")
            for driver in app.screen.query("#f-driver").results(Select):  # a KPI or a project names its driver
                if driver.is_blank():
                    driver.value = SATISFACTION_DRIVERS[0]
            await pilot.press("ctrl+s")
            assert await settled(pilot, lambda: app.screen is workspace), f"{part.spec.what}: form still open"
            assert len(records(app, part)) == 1, part.spec.what


async def test_from_a_text_field_the_heading_says_esc_first(demo_db: Database) -> None:
    """Typing in step g's strategy field, digits are text: the headings say Esc first, and that works."""
    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workspace = await open_step(app, pilot, account_id, "g")
        workspace.query_one("#f-strategy_notes", TextArea).focus()
        await pilot.pause()
        await pilot.pause()
        milestones = workspace.query_one("#milestones-table")
        text = said(heading_of(milestones))
        assert FROM_TEXT.match(re.search(r"\(([^()]*)\)$", text)[1]), text  # type: ignore[index]
        esc, key = FROM_TEXT.match(re.search(r"\(([^()]*)\)$", text)[1]).groups()  # type: ignore[index, union-attr]
        await pilot.press(key_name(esc), key_name(key))
        assert await settled(pilot, lambda: milestones.has_focus_within), text
        assert "Règle" not in workspace.query_one("#f-strategy_notes", TextArea).text


async def test_only_steps_e_g_and_l_have_several_tables(demo_db: Database) -> None:
    """Keeps SEVERAL_TABLES true: a pane that gains a second table is walked above too."""
    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        found = set()
        for step in Step:
            workspace = await open_step(app, pilot, account_id, step.value)
            assert workspace.pane is not None
            if numbered_parts(workspace.pane):
                found.add(step.value)
        assert found == SEVERAL_TABLES
