"""The app shell: help lists every screen's keys, the palette finds accounts and actions, theme, quit."""

from __future__ import annotations

from textual.widgets import OptionList

from accountmgr.app import make_app
from palette_wait import wait_for_first_hit as wait_for_hits
from accountmgr.db import Database
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.help import HelpScreen, help_sections
from accountmgr.screens.help_registry import HELP_SCREENS
from accountmgr.screens.palette import PALETTE_ENTRIES, available
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.services.accounts import find_account

SIZE = (120, 36)


async def test_help_lists_the_keys_of_every_registered_screen(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        sections = {title: rows for title, rows, _ in help_sections(app)}
        assert len(sections) >= len(HELP_SCREENS) // 2 + 1
        portfolio_keys = dict((desc, keys) for keys, desc in sections["Portfolio: all accounts, where to invest"])
        assert portfolio_keys["Archived: hide / show / only"] == "z"
        assert portfolio_keys["Matrices"] == "v"
        assert ("? / F1", "Help") in sections["Everywhere"]
        text = "\n".join(str(widget.content) for widget in app.screen.query(".help-title"))
        assert "Portfolio matrices" in text and "Everywhere" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_runs_screen_actions_and_opens_accounts_by_name(demo_db: Database, monkeypatch) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    opened: list[tuple] = []
    monkeypatch.setattr(app, "open_account", lambda *args: opened.append(args))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"sort by churn")
        await wait_for_hits(pilot, "churn")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        assert app.screen.sort_key == "churn" and app.screen.sort_reverse
        await pilot.press("ctrl+p", *"polder")
        await wait_for_hits(pilot, "Polder")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert opened == [(find_account(demo_db, "Polder Logistics").id,)]


async def palette_hits(app, query: str, until: str) -> str:  # noqa: ANN001
    """The palette's hits for *query* as one text, once *until* is among them or the search has settled."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *query)
        await wait_for_hits(pilot)
        text = ""
        for _ in range(20):
            options = pilot.app.screen.query_one(OptionList)
            text = "\n".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))
            if until in text:
                break
            await pilot.pause()
        return text


async def test_the_palette_offers_the_demo_on_an_empty_database(db: Database) -> None:
    assert "Load the demo portfolio" in await palette_hits(make_app(db), "portfolio", until="Load the demo")


async def test_the_palette_leaves_out_the_demo_once_there_are_accounts(demo_db: Database) -> None:
    hits = await palette_hits(make_app(demo_db), "portfolio", until="Export all account plans")
    assert "Export all account plans (whole portfolio)" in hits and "Load the demo portfolio" not in hits


def test_app_entries_are_offered_everywhere_and_screen_entries_only_where_defined() -> None:
    assert all(available(entry, object()) for entry in PALETTE_ENTRIES)
    from accountmgr.screens.palette import PaletteEntry

    assert available(PaletteEntry("x", "", "matrices"), PortfolioScreen())
    assert not available(PaletteEntry("x", "", "matrices"), object())


async def test_theme_toggles_between_light_and_dark(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        dark = app.current_theme.dark
        await pilot.press("f2")
        assert app.current_theme.dark is not dark
        await pilot.press("f2")
        assert app.current_theme.dark is dark


async def test_quit_asks_only_when_something_is_unsaved(db: Database) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.unsaved.add("account form")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_code == 0
    quiet = make_app(db)
    async with quiet.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(quiet.screen, ConfirmScreen)
    assert quiet.return_code == 0


async def test_every_route_opens_its_own_screen(demo_db: Database) -> None:
    from accountmgr.screens.panes.agenda_pane import AgendaScreen
    from accountmgr.screens.export_portfolio import ExportPortfolioScreen
    from accountmgr.screens.import_file import ImportFileScreen
    from accountmgr.screens.method_guide import MethodGuideScreen
    from accountmgr.screens.review_mode import ReviewModeScreen
    from accountmgr.screens.panes.team_pane import TeamScreen
    from accountmgr.screens.team_matrix import TeamMatrixScreen
    from accountmgr.screens.panes.whitespace_pane import WhitespaceScreen
    from accountmgr.screens.workspace import WorkspaceScreen

    account_id = find_account(demo_db, "Rheinstahl Components").id
    app = make_app(demo_db)
    routes = [
        (lambda: app.open_account(account_id), WorkspaceScreen),
        (lambda: app.open_review(account_id), ReviewModeScreen),
        (lambda: app.show_guide(), MethodGuideScreen),
        (lambda: app.open_agenda(), AgendaScreen),
        (lambda: app.open_whitespace(), WhitespaceScreen),
        (lambda: app.open_team(), TeamScreen),
        (lambda: app.action_open_team_matrix(), TeamMatrixScreen),
        (lambda: app.export_portfolio(), ExportPortfolioScreen),
        (lambda: app.import_data(), ImportFileScreen),
    ]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for route, screen in routes:
            route()
            await pilot.pause()
            assert type(app.screen) is screen
            app.pop_screen()
            await pilot.pause()
            assert isinstance(app.screen, PortfolioScreen)


async def test_weights_form_rescores_the_portfolio(demo_db: Database) -> None:
    from textual.widgets import Input

    from accountmgr.screens.weights_form import WeightsFormScreen
    from accountmgr.services import settings

    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.run_action("app.edit_weights")
        await pilot.pause()
        assert isinstance(app.screen, WeightsFormScreen)
        for key in ("purchase_potential", "absorption_potential", "pipeline"):
            app.screen.query_one(f"#weight-{key}", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        assert settings.get(demo_db, "attractiveness_weights")["pipeline"] == 0
        # Only strategic value counts now: 1–5 maps to 0–100 in steps of 25.
        assert {row.attractiveness for row in app.screen.portfolio.entries} <= {0, 25, 50, 75, 100}


async def test_account_summary_shows_fields_and_scores(demo_db: Database) -> None:
    from accountmgr.screens.account_form import AccountFormScreen
    from accountmgr.screens.account_summary import AccountSummaryScreen

    account = find_account(demo_db, "Nordhavn Water")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(AccountSummaryScreen(account.id))
        await pilot.pause()
        await app.workers.wait_for_complete()  # the scores need the whole portfolio: read in the background
        await pilot.pause()
        text = "\n".join(str(widget.content) for widget in app.screen.query("Static"))
        assert "Nordhavn Water" in text and "Churn risk: High" in text and "Attractiveness" in text
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, AccountFormScreen) and app.screen.account_id == account.id


async def test_portfolio_keys_route_to_the_other_screens(demo_db: Database) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, screen_name in (("f4", "TeamScreen"), ("f3", "AgendaScreen"), ("ctrl+g", "MethodGuideScreen"),
                                 ("r", "ReviewModeScreen"), ("enter", "WorkspaceScreen")):
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == screen_name
            app.pop_screen()
            await pilot.pause()
            assert isinstance(app.screen, PortfolioScreen)


async def test_the_palette_finds_the_portfolio_export_by_what_people_type(demo_db: Database) -> None:
    hits = await palette_hits(make_app(demo_db), "export all", until="Export all account plans")
    assert "Export all account plans (whole portfolio)" in hits


async def test_the_palette_opens_the_guide_pages_on_informal_structure_and_recovery(db) -> None:  # noqa: ANN001
    from textual.widgets import Markdown

    from accountmgr.app import make_app
    from accountmgr.screens.method_guide import MethodGuideScreen

    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.run_action("app.show_guide('recovery')")
        await pilot.pause()
        assert isinstance(app.screen, MethodGuideScreen) and app.screen.topic == "recovery"
        assert "reclami e recupero" in app.screen.query_one("#guide-text", Markdown).source
        await pilot.press("escape")
        await pilot.pause()
        await app.run_action("app.show_guide('informal')")
        await pilot.pause()
        assert app.screen.topic == "informal"
