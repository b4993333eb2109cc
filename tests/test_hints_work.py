"""Every key a screen names works where it is named: the walk.

For every step a–l (on an account with records, and on an empty one), every part of a pane with keys of its own
(step tables, DMU, opportunities, plan, programmes…) and every main screen, the keys named on screen ("press n to
add one", "n add · Enter edit", "Assess the level (s)") and in the footer are read from the rendered text; each must
be bound where the keyboard is, to an action whose description says the same, and pressing it must change what
is on screen (a form or dialog opens, a row is added, the keyboard or the view moves).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.widget import Widget

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import Step
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.screens.workspace import WorkspaceScreen, declares_keys
from accountmgr.services import accounts
from accountmgr.services.accounts import find_account
from key_hints import (
    Hint,
    binding_for,
    chain_bindings,
    count_notifications,
    fingerprint,
    footer_hints,
    hints_on,
    nothing_to_act_on,
    says_the_same,
    shown,
    stems,
)
from waiting import settled

SIZE = (120, 36)
APP_KEYS = {"ctrl+q"}
"""Never pressed in the walk (quitting ends it); the app's other keys are pressed on the main screens."""
CREATES = {"add", "new", "plan", "asse", "targ", "read", "sugg"}
"""Words of an action that works on an empty table (adding, assessing…); the others need a row."""




def inside(widget: Widget | None, root: Widget) -> bool:
    return widget is not None and (widget is root or root in widget.ancestors)


def keyed_parts(pane: Widget) -> list[Widget]:
    """The parts of a pane with keys of its own that are shown and can take the keyboard, in screen order."""
    parts = []
    for node in pane.query("*"):
        if declares_keys(node) and shown(node) and any(w.focusable for w in (node, *node.query("*"))):
            parts.append(node)
    return parts


def first_focusable(part: Widget) -> Widget:
    return next(w for w in (part, *part.query("*")) if w.focusable)


async def back_to_portfolio(app: Any, pilot: Any) -> None:
    while len(app.screen_stack) > 1:
        app.pop_screen()
        await pilot.pause()


def dedupe(hints: list[Hint]) -> list[Hint]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for hint in hints:
        if (hint.key, hint.what.lower()) not in seen:
            seen.add((hint.key, hint.what.lower()))
            unique.append(hint)
    return unique


async def check_hints(app: Any, pilot: Any, where: str, reopen: Callable[[], Awaitable[Widget]],
                      hints_of: Callable[[Widget], list[Hint]], pressed: set[tuple[str, str]] | None = None) -> int:
    """Check every hint *hints_of(root)* finds where *reopen()* leaves the app (it returns the hints' root).

    *pressed* holds what was pressed already, (class of the binding's owner, action): a key of the screen or of a
    part seen before is checked for its binding only, which keeps the walk short.
    """
    root = await reopen()
    hints = dedupe(hints_of(root))
    checked = 0
    pressed = set() if pressed is None else pressed
    for hint in hints:
        if hint.key in APP_KEYS:
            continue
        active = app.screen.active_bindings.get(hint.key)
        binding = binding_for(app, hint.key)
        assert binding is not None and active is not None, (
            f"{where}: {hint} names a key that does nothing where it is shown")
        meant = [binding] + (chain_bindings(app, hint.key) if binding.action == "select_cursor" else [])
        assert any(says_the_same(hint, b, active.node) for b in meant), (
            f"{where}: {hint} runs {binding.description!r} ({binding.action})")
        done = (type(active.node).__name__, binding.action)
        if done in pressed:  # named twice (a button and the footer), or a part seen before: checked once
            continue
        pressed.add(done)
        needs_a_row = nothing_to_act_on(app) and not (stems(f"{binding.description} {binding.action}") & CREATES)
        before = fingerprint(app)
        await pilot.press(hint.key)
        if not needs_a_row:
            changed = await settled(pilot, lambda: fingerprint(app) != before, limit=5)
            assert changed, f"{where}: {hint} ran {binding.description!r} but nothing changed on screen"
        checked += 1
        root = await reopen()
    return checked


@pytest.mark.parametrize("step", [step.value for step in Step])
@pytest.mark.parametrize("records", ["demo", "empty"])
async def test_every_key_a_step_names_works_where_it_is_named(demo_db: Database, step: str, records: str) -> None:
    account_id = (find_account(demo_db, "Helvetia Pharma Logistics").id if records == "demo"
                  else accounts.create_account(demo_db, {"name": "Zoë l'Épicerie (Brașov)"}).id)
    app = make_app(demo_db)
    count_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        workspace: list[WorkspaceScreen] = []

        async def open_step(part_index: int = 0) -> Widget:
            # Back from the form or screen the last key opened, to the step as it was; a key that changed the
            # pane itself (a filter, another view) has the step opened afresh.
            opened_another = workspace and app.screen is not workspace[0] and workspace[0] in app.screen_stack
            while workspace and app.screen is not workspace[0] and workspace[0] in app.screen_stack:
                app.pop_screen()
                await pilot.pause()
            screen = app.screen
            if not (opened_another and screen.current is Step(step)):
                await back_to_portfolio(app, pilot)
                app.open_account(account_id, step)
                assert await settled(pilot, lambda: isinstance(app.screen, WorkspaceScreen)
                                     and app.screen.pane is not None and app.screen.pane.is_mounted
                                     and inside(app.focused, app.screen.pane))
                workspace[:] = [app.screen]
            screen = app.screen
            screen.focus_pane_keys()
            await pilot.pause()
            if part_index:
                parts = keyed_parts(screen.pane)
                first_focusable(parts[part_index]).focus()
                await pilot.pause()
                return parts[part_index]
            return screen.pane

        # As the step opens: everything the pane says, and the footer (its keys are the same on an empty account).
        # The workspace's and the app's own keys are pressed at one step only (they are the same at every step).
        pressed: set[tuple[str, str]] = set()
        if step != "a":
            pressed |= {("WorkspaceScreen", action) for action in ("back", "focus_steps", "into_fields")}
            pressed |= {("AccountManagerApp", action) for action in ("help", "toggle_dark", "show_guide")}
        checked = await check_hints(app, pilot, f"step {step}", open_step,
                                    lambda pane: [*hints_on(pane), *(footer_hints(app) if records == "demo" else [])],
                                    pressed)
        # Every other part with keys of its own, once it has the keyboard: what it says, and the footer.
        pane = await open_step()
        for index in range(1, len(keyed_parts(pane))):
            async def open_part(index: int = index) -> Widget:
                return await open_step(index)

            checked += await check_hints(app, pilot, f"step {step}, part {index}", open_part,
                                         lambda part: [*hints_on(part), *(footer_hints(app) if records == "demo"
                                                                          else [])], pressed)
        assert checked or records == "empty", f"step {step}: no key named anywhere"


MAIN_SCREENS: dict[str, Callable[[Any], None]] = {
    "portfolio": lambda app: None,
    "matrices": lambda app: app.screen.action_matrices(),
    "team": lambda app: app.open_team(),
    "agenda": lambda app: app.open_agenda(),
    "white space": lambda app: app.open_whitespace(),
    "review mode": lambda app: app.action_review_mode(),
}


@pytest.mark.parametrize("name", list(MAIN_SCREENS))
async def test_every_key_a_main_screen_names_works_where_it_is_named(demo_db: Database, name: str) -> None:
    app = make_app(demo_db)
    count_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opened: list[Any] = []

        async def open_screen() -> Widget:
            await back_to_portfolio(app, pilot)
            assert await settled(pilot, lambda: isinstance(app.screen, PortfolioScreen) and bool(app.screen.table.rows))
            portfolio = app.screen
            # As it opens: no filter typed, the keyboard on the table.
            portfolio.action_clear_filters()
            portfolio.table.focus()
            await pilot.pause()
            MAIN_SCREENS[name](app)
            assert await settled(pilot, lambda: app.screen is not portfolio or name == "portfolio")
            await pilot.pause()
            opened.append(type(app.screen))
            return app.screen

        checked = await check_hints(app, pilot, name, open_screen, lambda screen: [*hints_on(screen),
                                                                                   *footer_hints(app)])
        assert checked and len(set(opened)) == 1, opened


async def test_the_welcome_keys_work(db: Database) -> None:
    """An empty database: the welcome's buttons name their keys."""
    app = make_app(db)
    count_notifications(app)
    async with app.run_test(size=SIZE) as pilot:

        async def welcome() -> Widget:
            from accountmgr.screens.welcome import WelcomeScreen

            while not isinstance(app.screen, WelcomeScreen):
                if isinstance(app.screen, PortfolioScreen):
                    app.push_screen(WelcomeScreen())
                else:
                    app.pop_screen()
                await pilot.pause()
            if accounts.count_accounts(db):
                for account in accounts.list_accounts(db):
                    accounts.set_archived(db, account.id, True)
            return app.screen

        assert await check_hints(app, pilot, "welcome", welcome, lambda screen: [*hints_on(screen),
                                                                                 *footer_hints(app)])


async def test_a_hint_names_the_key_its_binding_has_after_a_remap(db: Database) -> None:
    """Hints take their key from the binding (by id): remapped, the hint where the keyboard is names the new key,
    which then works."""
    from accountmgr.screens.steps.record_form import RecordFormScreen

    account_id = accounts.create_account(db, {"name": "Acme Tools"}).id
    app = make_app(db)
    app.set_keymap({"add": "plus"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account_id, "k")
        assert await settled(pilot, lambda: isinstance(app.screen, WorkspaceScreen) and app.screen.pane is not None
                             and inside(app.focused, app.screen.pane))
        await pilot.pause()
        empty = [hint for hint in hints_on(app.screen.pane) if hint.source.startswith("No delivery yet")]
        assert [hint.key for hint in empty] == ["plus"], empty
        await pilot.press("plus")
        assert await settled(pilot, lambda: isinstance(app.screen, RecordFormScreen))
        await pilot.press("escape")
        await pilot.pause()
