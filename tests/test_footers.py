"""Footers fit: on every main screen, at 80×24 and 120×36, each key the footer shows is whole (key and words),
left of the palette key; the other keys are in help and the palette."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import Step
from accountmgr.services.accounts import find_account
from test_workspace_flows import open_workspace

SIZES = [(80, 24), (120, 36)]


def cut_keys(screen) -> list[str]:  # noqa: ANN001
    """The footer keys of *screen* not shown whole: outside the footer, or under the palette key."""
    footer = screen.query_one(Footer)
    keys = [key for key in footer.query(FooterKey) if key.display]
    palette = [key for key in keys if key.has_class("-command-palette")]
    limit = palette[0].region.x if palette else footer.region.right
    cut = []
    for key in keys:
        if key in palette:
            continue
        text = f"{key.key_display} {key.description}".strip()
        if key.region.right > limit or key.region.width < len(text) or not footer.region.contains_region(key.region):
            cut.append(f"{text!r} at {key.region.x}..{key.region.right} (room to {limit})")
    assert keys, "no footer keys at all"
    return cut


async def settle(pilot) -> None:  # noqa: ANN001
    for _ in range(3):
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_footers_of_the_main_screens_fit(demo_db: Database, size: tuple[int, int]) -> None:
    account = find_account(demo_db, "Brennero")
    app = make_app(demo_db)
    problems: dict[str, list[str]] = {}
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        problems["portfolio"] = cut_keys(app.screen)
        await pilot.press("v")
        await settle(pilot)
        problems["matrices"] = cut_keys(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        for name, key in (("agenda", "f3"), ("team", "f4")):
            await pilot.press(key)
            await settle(pilot)
            problems[name] = cut_keys(app.screen)
            if name == "team":
                await pilot.press("o")
                await settle(pilot)
                problems["team member"] = cut_keys(app.screen)
                await pilot.press("escape")
                await settle(pilot)
                await pilot.press("v")
                await settle(pilot)
                problems["team matrix"] = cut_keys(app.screen)
                await pilot.press("escape")
                await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        screen = await open_workspace(app, pilot, account.id, "a")
        for step in Step:
            await pilot.press("g", step.value)
            await settle(pilot)
            problems[f"step {step.value}, step list"] = cut_keys(app.screen)
            await pilot.press("tab")
            await settle(pilot)
            problems[f"step {step.value}, in the pane"] = cut_keys(app.screen)
            screen.action_focus_steps()
            await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        problems["review mode"] = cut_keys(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        problems["four questions"] = cut_keys(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        app.open_whitespace()
        await settle(pilot)
        problems["white space"] = cut_keys(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        problems["method guide"] = cut_keys(app.screen)
    assert {where: cut for where, cut in problems.items() if cut} == {}


@pytest.mark.parametrize("size", SIZES)
async def test_footer_of_the_welcome_screen_fits(db: Database, size: tuple[int, int]) -> None:
    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert cut_keys(app.screen) == []


@pytest.mark.parametrize("size", SIZES)
async def test_footers_of_the_import_screens_fit(db: Database, tmp_path, size: tuple[int, int]) -> None:  # noqa: ANN001
    """The file chooser and the mapping screen of an Italian export: every footer key whole."""
    from accountmgr.screens.import_data import ImportScreen

    export = tmp_path / "clienti.csv"
    export.write_bytes("Ragione sociale;Settore;Potenziale acquisti\r\nCaffè “Zürich” [Srl];Alimentare;1.234,56\r\n"
                       .encode("cp1252"))
    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.import_data()
        await settle(pilot)
        chooser = cut_keys(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(ImportScreen(export))
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        assert {"file chooser": chooser, "mapping": cut_keys(app.screen)} == {"file chooser": [], "mapping": []}
