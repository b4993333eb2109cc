""""Me" in the app: the first-run question, my accounts (M) on the portfolio, and review mode over a filter."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from accountmgr.app import make_app
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.screens.review_mode import ReviewModeScreen
from accountmgr.screens.who_am_i import WhoAmIScreen
from accountmgr.services import activity, identity
from accountmgr.services.accounts import find_account, list_accounts
from accountmgr.services.team import list_team

SIZE = (120, 36)


def shown_owners(screen: PortfolioScreen) -> set[str]:
    return {entry.owner for entry in screen._shown}


async def test_the_first_run_asks_my_name_and_adds_me_to_the_team(db) -> None:  # noqa: ANN001
    app = make_app(db, ask_who=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WhoAmIScreen)
        await pilot.press("enter")  # nothing typed: a sentence, still asking
        await pilot.pause()
        assert isinstance(app.screen, WhoAmIScreen)
        assert "Type your name" in str(app.screen.query_one("#whoami-error", Static).content)
        app.screen.query_one("#whoami-name", Input).insert_text_at_cursor("Zoë O'Brien [Sales]")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, WhoAmIScreen)
        assert app.me is not None and app.me.name == "Zoë O'Brien [Sales]"
        assert "Zoë O'Brien [Sales]" in app.sub_title
    assert [m.name for m in list_team(db)] == ["Zoë O'Brien [Sales]"]
    assert identity.resolve(db).name == "Zoë O'Brien [Sales]"  # remembered: the next start does not ask
    assert activity.actor(db) == app.me.id


async def test_the_first_run_lets_me_pick_myself_from_the_team(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db, ask_who=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WhoAmIScreen)
        team = [m.name for m in list_team(demo_db)]
        await pilot.press("down", *["down"] * team.index("Marco Bianchi"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        assert app.me.name == "Marco Bianchi"
    assert len(list_team(demo_db)) == len(team)  # nobody added
    assert identity.resolve(demo_db).name == "Marco Bianchi"


async def test_escape_leaves_nobody_chosen_and_the_app_usable(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db, ask_who=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen) and app.me is None
    assert identity.resolve(demo_db) is None


async def test_m_shows_my_accounts_then_the_whole_team(demo_db) -> None:  # noqa: ANN001
    me = identity.resolve(demo_db, "Giulia Ferri")
    app = make_app(demo_db, me=me)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        everybody = len(screen._shown)
        await pilot.press("M")
        await pilot.pause()
        assert shown_owners(screen) == {"Giulia Ferri"} and len(screen._shown) < everybody
        assert "my accounts" in str(screen.query_one("#status", Static).content)
        await pilot.press("M")
        await pilot.pause()
        assert len(screen._shown) == everybody


async def test_m_with_nobody_chosen_asks_first_then_filters(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, WhoAmIScreen)
        app.screen.query_one("#whoami-name", Input).insert_text_at_cursor("marco bianchi")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        assert shown_owners(screen) == {"Marco Bianchi"} and app.me.name == "Marco Bianchi"


async def test_a_new_account_is_mine_by_default_in_the_form(demo_db) -> None:  # noqa: ANN001
    me = identity.resolve(demo_db, "Sophie Laurent")
    app = make_app(demo_db, me=me)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Nordlicht GmbH"
        await pilot.press("ctrl+s")
        await pilot.pause()
    account = find_account(demo_db, "Nordlicht GmbH")
    assert account.owner_id == me.id


async def test_review_mode_walks_every_account_of_the_owner_filter_showing_the_owner(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    marco = sorted(a.name for a in list_accounts(demo_db)
                   if a.owner_id == identity.find_member(demo_db, "Marco Bianchi").id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        portfolio = app.screen
        await pilot.app.run_action("screen.filter_owner('Marco Bianchi')")
        await pilot.pause()
        assert sorted(e.name for e in portfolio._shown) == marco
        await pilot.press("home", "r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewModeScreen)
        seen = []
        for _ in marco:
            bar = str(review.query_one("#review-bar", Static).content).replace("\u00a0", " ")
            assert f"of {len(marco)}" in bar and bar.endswith("owner Marco Bianchi")
            seen.append(review.source.partition("\n")[0].removeprefix("# Account plan: "))
            await pilot.press("right_square_bracket")
            await pilot.pause()
            await app.workers.wait_for_complete()  # the next plan is rendered in the background
        assert sorted(seen) == marco


async def test_at_80_by_24_the_question_shows_how_to_skip_it_above_a_long_team(demo_db) -> None:  # noqa: ANN001
    app = make_app(demo_db, ask_who=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen_text = app.export_screenshot().replace("&#160;", " ")
        assert "Esc: not now" in screen_text and "Marco Bianchi" in screen_text
