"""Paste and fast typing arrive whole: keys are handled in the order they came, in every form (issue 12, item 6).

A burst is keys posted to the app all at once, as a terminal delivers a fast typist, a macro or a paste without
bracketed paste; ``pilot.press`` would wait between keys and hide the fault.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.account_form import AccountFormScreen
from accountmgr.screens.action_form import ActionForm
from accountmgr.screens.dmu_form import DmuForm
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.screens.conflict import ConflictScreen
from accountmgr.services.accounts import find_account, get_account, update_account
from accountmgr.widgets import key_order
from accountmgr.widgets.key_order import KeysInOrder

SIZE = (120, 36)
KEY_NAMES = {"\t": "tab", "\r": "enter", ".": "full_stop", " ": "space", "-": "minus", ",": "comma"}


def burst(app: App, *keys: str) -> None:
    """Post *keys* to the app at once (single characters are typed; names like "ctrl+u" are keys)."""
    for key in keys:
        if len(key) == 1:
            event = events.Key(KEY_NAMES.get(key, key if key.isalnum() else f"u{ord(key):04x}"), key)
        else:
            event = events.Key(key, {"tab": "\t", "enter": "\r"}.get(key))
        app.post_message(event)


def type_burst(app: App, text: str) -> None:
    burst(app, *text)


async def settle(pilot) -> None:  # noqa: ANN001
    """Wait until every key of the burst is handled (bounded: a stuck key fails the test, not hangs it)."""
    for _ in range(200):
        await pilot.pause()
        if not pilot.app.keys_pending():
            await pilot.pause()
            return
    raise AssertionError("keys still waiting after the burst")


# --- the forms -------------------------------------------------------------------------------------------------

def _account(db: Database) -> int:
    return find_account(db, "Atlas Aerospace Parts").id


FORMS: dict[str, Callable[[Database], object]] = {
    "account": lambda db: AccountFormScreen(_account(db)),
    "person": lambda db: DmuForm(_account(db)),
    "opportunity": lambda db: OpportunityForm(_account(db)),
    "action": lambda db: ActionForm(_account(db)),
}


def text_inputs(screen) -> list[Input]:  # noqa: ANN001
    return [w for w in screen.focus_chain if isinstance(w, Input)]


def select_then_input(screen) -> tuple[Select, Input]:  # noqa: ANN001
    chain = screen.focus_chain
    for here, after in zip(chain, chain[1:]):
        if isinstance(here, Select) and isinstance(after, Input):
            return here, after
    raise AssertionError("no list followed by a text field in this form")


async def open_form(pilot, db: Database, form: str):  # noqa: ANN001, ANN201
    await pilot.pause()
    pilot.app.push_screen(FORMS[form](db))
    await pilot.pause()
    return pilot.app.screen


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("clear", ["ctrl+u", "backspace"])
async def test_a_burst_right_after_clearing_arrives_whole(demo_db: Database, form: str, clear: str) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, demo_db, form)
        field = text_inputs(screen)[0]
        field.value = "old text"
        field.focus()
        await pilot.pause()
        if clear == "ctrl+u":
            field.action_end()
        else:
            field.select_all()  # as a field entered with Tab has it
        burst(app, clear, *"2.2m, «Ünïcode» (x)")
        await settle(pilot)
        assert field.value == "2.2m, «Ünïcode» (x)"


@pytest.mark.parametrize("form", FORMS)
async def test_a_paste_right_after_clearing_arrives_whole(demo_db: Database, form: str) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, demo_db, form)
        field = text_inputs(screen)[0]
        field.value = "old"
        field.focus()
        await pilot.pause()
        burst(app, "ctrl+u")
        app.post_message(events.Paste("Müller & \"Söhne\" 1.234,56"))
        burst(app, *"!")
        await settle(pilot)
        assert field.value == "Müller & \"Söhne\" 1.234,56!"


@pytest.mark.parametrize("form", FORMS)
async def test_text_after_a_tab_goes_to_the_next_field(demo_db: Database, form: str) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, demo_db, form)
        chain = screen.focus_chain
        first = next(w for w, after in zip(chain, chain[1:]) if isinstance(w, Input) and isinstance(after, Input))
        second = chain[chain.index(first) + 1]
        first.value, second.value = "", ""
        first.focus()
        await pilot.pause()
        burst(app, *"abc", "tab", *"def", "tab")
        await settle(pilot)
        assert (first.value, second.value) == ("abc", "def")
        assert app.focused is chain[chain.index(second) + 1]


@pytest.mark.parametrize("form", FORMS)
async def test_typing_right_after_picking_from_a_list(demo_db: Database, form: str) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, demo_db, form)
        select, field = select_then_input(screen)
        select.focus()
        await pilot.pause()
        before = select.value
        burst(app, "enter", "down", "enter", "tab", "ctrl+u", *"after the list")
        await settle(pilot)
        assert not select.expanded
        assert select.value != before
        assert app.focused is field
        assert field.value == "after the list"


async def test_purchase_potential_cleared_then_a_burst_is_saved_whole(demo_db: Database) -> None:
    """The walk of issue 12: clear purchase potential, send 2.2m in one burst, save: €2,200,000 is stored."""
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        account_id = app.screen.query_one("#portfolio-table").current_row.id
        await pilot.press("e")
        await pilot.pause()
        potential = app.screen.query_one("#field-purchase_potential_cents", Input)
        potential.focus()
        await pilot.pause()
        burst(app, "ctrl+u", *"2.2m", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AccountFormScreen)
        assert get_account(demo_db, account_id).purchase_potential_cents == 220_000_000


async def test_a_burst_in_the_step_fields_is_saved_whole(demo_db: Database) -> None:
    """Step e edits purchase potential in place: Ctrl+U, 5.5m, Tab, 300k, Ctrl+S in one burst."""
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        account_id = app.screen.query_one("#portfolio-table").current_row.id
        app.open_account(account_id, "e")
        await pilot.pause()
        app.screen.query_one("#f-purchase_potential_cents", Input).focus()
        await pilot.pause()
        burst(app, "ctrl+u", *"5.5m", "tab", "ctrl+u", *"300k", "ctrl+s")
        await settle(pilot)
        account = get_account(demo_db, account_id)
        assert (account.purchase_potential_cents, account.absorption_potential_cents) == (550_000_000, 30_000_000)


async def test_a_key_right_after_a_save_that_asks_goes_to_the_question(demo_db: Database) -> None:
    """Ctrl+S meets a change made elsewhere and opens the conflict question; Esc sent right behind it reaches that
    question as soon as it is on screen (one pause), not after a wait, and not the form below."""
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        account_id = app.screen.query_one("#portfolio-table").current_row.id
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AccountFormScreen)
        form.query_one("#field-industry", Input).value = "Käse & Milch"
        update_account(demo_db, account_id, {"industry": "Fromages « fins »"})  # as another window would
        asked: list[object] = []
        app.screen_change_signal.subscribe(app, lambda screen: asked.append(type(screen)), immediate=True)
        burst(app, "ctrl+s", "escape")
        await pilot.pause()
        assert asked[:2] == [ConflictScreen, AccountFormScreen]  # asked, then Esc went back to the form
        assert app.screen is form and not app.keys_pending()
        assert form.query_one("#field-industry", Input).value == "Käse & Milch"  # the form kept the edit


# --- any text, in a small app that has only the key handling --------------------------------------------------

class _OneField(KeysInOrder):
    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True, id="test.save")]

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input("something already there", id="one")
        yield Input(id="two")

    def action_save(self) -> None:
        self.saved.append(self.query_one("#one", Input).value)


class _Busy(Input):
    """A field still busy with what the save set off (a screen below a dialog restyles itself, say)."""

    class Working(Message):
        """Keep the field busy until the test lets it go."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.free = asyncio.Event()

    async def on__busy_working(self) -> None:
        await self.free.wait()


class _Question(ModalScreen[str]):
    BINDINGS = [Binding("escape", "dismiss('escape')", "Cancel")]

    def compose(self) -> ComposeResult:
        yield Button("Reload", id="reload")


class _SaveAsks(KeysInOrder):
    """Ctrl+S opens a question, as a save meeting a change made elsewhere does."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True, id="test.save")]

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield _Busy(id="busy")

    def action_save(self) -> None:
        self.query_one(_Busy).post_message(_Busy.Working())
        self.push_screen(_Question(), self.answers.append)


async def test_a_key_after_a_save_that_opens_a_question_is_not_held_by_the_screen_below(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key after Ctrl+S reaches the question opened by the save once the question is on screen (one pause),
    however long the screen below takes to finish with that Ctrl+S: the screen change lets it go, not a timeout."""
    monkeypatch.setattr(key_order, "STUCK_SECONDS", 600.0)
    app = _SaveAsks()
    async with app.run_test() as pilot:
        await pilot.pause()
        busy = app.query_one(_Busy)
        try:
            burst(app, "ctrl+s", "escape")
            await pilot.pause()
            assert app.answers == ["escape"]
            assert not app.keys_pending()
        finally:
            busy.free.set()
        await settle(pilot)
        assert app.answers == ["escape"] and app.screen is not None and not isinstance(app.screen, _Question)


TYPED = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co", "Zl", "Zp")).filter(str.isprintable),
                min_size=1, max_size=40)
"""What a terminal delivers as typed characters (Textual types only printable ones)."""


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TYPED, paste=st.booleans())
def test_any_text_burst_arrives_whole(text: str, paste: bool) -> None:
    async def run() -> None:
        app = _OneField()
        async with app.run_test() as pilot:
            await pilot.pause()
            if paste:
                burst(app, "ctrl+u")
                app.post_message(events.Paste(text))
            else:
                burst(app, "ctrl+u", *text)
            burst(app, "ctrl+s", "tab", *"next")
            await settle(pilot)
            assert app.saved == [text]
            assert app.query_one("#two", Input).value == "next"

    asyncio.run(run())
