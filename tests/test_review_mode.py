"""Review mode and the portfolio export screen, driven as a user would with Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Input, ProgressBar, Static

from accountmgr.app import make_app
from accountmgr.models import Step
from accountmgr.screens.export_portfolio import ExportPortfolioScreen
from accountmgr.screens.review_mode import ReviewModeScreen
from accountmgr.services.accounts import find_account, list_accounts

SIZE = (120, 36)


async def settled(pilot) -> None:  # noqa: ANN001
    """Wait for review mode's workers (scoring the portfolio, rendering a plan, exporting), their results and the
    plan's blocks (mounted a few per frame)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for _ in range(100):
        if not getattr(pilot.app.screen, "laying_out", False):
            break
        await pilot.pause()
    assert not getattr(pilot.app.screen, "laying_out", False)


async def open_review(pilot, account_id: int, ids: list[int] | None = None) -> ReviewModeScreen:  # noqa: ANN001
    pilot.app.open_review(account_id, ids)
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewModeScreen)
    return screen


def bar(screen: ReviewModeScreen) -> str:
    """The bar's text, no-break spaces (which keep each part on one line) read as spaces."""
    return str(screen.query_one("#review-bar", Static).content).replace("\u00a0", " ")


async def test_review_mode_shows_the_plan_and_jumps_to_a_step(demo_db) -> None:  # noqa: ANN001
    account = find_account(demo_db, "Brennero Foods")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, account.id)
        assert bar(screen).startswith("Review mode  ·  Brennero Foods  ·  account 3 of 14  ·  owner Giulia Ferri")
        headings = [str(w.content.markup) for w in screen.query(".review-heading")]
        assert headings[0] == "Executive summary" and headings[1].startswith("What changed since the last review")
        assert headings[2:-1] == [f"{step.value}. {step.label}" for step in Step]
        assert headings[-1] == "To complete before the next review"
        scroll = screen.query_one("#review-scroll", VerticalScroll)
        assert scroll.scroll_y == 0
        await pilot.press("g", "h")
        await pilot.pause()
        heading = screen.query_one("#review-step-h")
        assert scroll.scroll_y > 0
        # The step's heading is at the top of the view (below its top margin).
        assert 0 <= heading.region.y - scroll.region.y <= heading.styles.margin.top
        await pilot.press("home")
        await pilot.pause()
        assert scroll.scroll_y == 0


async def test_next_and_previous_follow_the_portfolio_order_given(demo_db) -> None:  # noqa: ANN001
    ids = [a.id for a in list_accounts(demo_db)][::-1][:3]
    names = {a.id: a.name for a in list_accounts(demo_db)}
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, ids[0], ids)
        assert f"{names[ids[0]]}  ·  account 1 of 3" in bar(screen)
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert screen.account_id == ids[1] and f"{names[ids[1]]}  ·  account 2 of 3" in bar(screen)
        assert screen.source.startswith(f"# Account plan: {names[ids[1]]}")
        assert str(screen.query_one(".review-title").content.markup) == f"Account plan: {names[ids[1]]}"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settled(pilot)
        assert screen.account_id == ids[2]  # wraps round from the first to the last
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ReviewModeScreen)


async def test_the_export_key_writes_the_plan_and_says_where(demo_db) -> None:  # noqa: ANN001
    account = find_account(demo_db, "Atlas Aerospace Parts")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, account.id)
        await pilot.press("X")
        await settled(pilot)
        expected = demo_db.path.parent / "test-plans" / "atlas-aerospace-parts.md"
        assert screen.last_export == str(expected)
        written = expected.read_text(encoding="utf-8")
        assert written.startswith("# Account plan: Atlas Aerospace Parts\n")
        assert "](atlas-aerospace-parts-forecast.svg)" in written
        assert (expected.parent / "atlas-aerospace-parts-forecast.svg").read_text(encoding="utf-8").startswith("<svg ")
        assert any(str(expected) in str(n.message) for n in pilot.app._notifications)  # noqa: SLF001
        assert bar(screen).endswith(f"exported to {expected}")
        await pilot.press("right_square_bracket")
        await settled(pilot)
        assert "exported to" not in bar(screen)  # the path belongs to the account it was written for


async def test_shift_x_writes_the_plan_as_a_printable_html_page(demo_db) -> None:  # noqa: ANN001
    account = find_account(demo_db, "Brennero Foods")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, account.id)
        await pilot.press("H")
        await settled(pilot)
        expected = demo_db.path.parent / "test-plans" / "brennero-foods.html"
        assert screen.last_export == str(expected)
        page = expected.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "<h1>Account plan: Brennero Foods</h1>" in page
        assert "<svg" in page and "<script" not in page
        assert not (expected.parent / "brennero-foods.md").exists()


async def test_export_refuses_to_replace_a_file_of_the_users_own_and_says_why(demo_db) -> None:  # noqa: ANN001
    account = find_account(demo_db, "Atlas Aerospace Parts")
    mine = demo_db.path.parent / "test-plans" / "atlas-aerospace-parts.md"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text("Notes I keep by hand\n", encoding="utf-8")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, account.id)
        await pilot.press("X")
        await settled(pilot)
        assert screen.last_export is None and mine.read_text(encoding="utf-8") == "Notes I keep by hand\n"
        messages = [str(n.message) for n in pilot.app._notifications]  # noqa: SLF001
        assert any(str(mine) in m and "was not written by an export" in m for m in messages)


async def test_a_small_terminal_gives_the_tables_the_whole_width(demo_db) -> None:  # noqa: ANN001
    account = find_account(demo_db, "Helvetia Pharma Logistics")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot, account.id)
        assert screen.has_class("-narrow")
        assert screen.query_one("#review-plan").styles.padding.left == 0
        # The header and the start of the summary fit on the first screen.
        summary = screen.query_one(".review-heading")
        assert str(summary.content.markup) == "Executive summary" and summary.region.bottom <= 24 - 1
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert not screen.has_class("-narrow")
        assert screen.query_one("#review-plan").styles.padding.left == 3


async def test_portfolio_export_runs_in_the_background_with_progress(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.export_portfolio()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ExportPortfolioScreen)
        folder = screen.query_one("#export-folder", Input)
        assert folder.value == str(demo_db.path.parent / "test-plans")
        folder.value = str(tmp_path / "plans")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        status = str(screen.query_one("#export-status", Static).content)
        assert status == f"Wrote 14 plans and README.md to {tmp_path / 'plans'}. Esc closes."
        assert len(list((tmp_path / "plans").glob("*.md"))) == 15
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ExportPortfolioScreen)


async def test_the_portfolio_export_writes_html_when_chosen_with_the_keyboard(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = ExportPortfolioScreen(tmp_path / "pack")
        pilot.app.push_screen(screen)
        await pilot.pause()
        await pilot.press("tab", "down", "enter")  # to the format list, HTML, choose it (back to the folder)
        await pilot.pause()
        assert screen.format == "html"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None and screen.result.index == tmp_path / "pack" / "index.html"
        assert str(screen.query_one("#export-status", Static).content).startswith("Wrote 14 plans and index.html")
        assert (tmp_path / "pack" / "brennero-foods.html").exists() and not list((tmp_path / "pack").glob("*.md"))


async def test_escape_cancels_a_running_export(demo_db, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import accountmgr.screens.export_portfolio as module

    real_export = module.export_all

    def export_and_press_escape_after_two(db, folder, *, progress, cancel, fmt):  # noqa: ANN001, ANN202
        def progress_then_cancel(done: int, total: int) -> None:
            progress(done, total)
            if done == 2:
                app.call_from_thread(app.screen.action_cancel)

        return real_export(db, folder, progress=progress_then_cancel, cancel=cancel, fmt=fmt)

    monkeypatch.setattr(module, "export_all", export_and_press_escape_after_two)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = ExportPortfolioScreen(tmp_path / "plans")
        pilot.app.push_screen(screen)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None and screen.result.cancelled and screen.result.count == 2
        status = str(screen.query_one("#export-status", Static).content)
        assert status == f"Cancelled after 2 plans; nothing was changed in {tmp_path / 'plans'}. Esc closes."
        assert not (tmp_path / "plans").exists()


def test_review_mode_snapshot(demo_db, snap_compare) -> None:  # noqa: ANN001
    """Review mode on Brennero Foods at 120×36: a blue bar "Review mode · Brennero Foods · account 3 of 14 · owner Giulia Ferri", the
    title block, the header list (industry, region, owner Giulia Ferri, plan date 2026-11-20), then the executive
    summary: Partner (IV), the target level, revenue 2026 so far against target and 2025, share of wallet 2025,
    weighted pipeline,
    two open objectives, amber DMU coverage, high-performance segment, and the weighted forecast by quarter (Q4 2026
    to Q3 2027); the footer shows Close, Next/Previous account, Export plan, Export HTML and a–l Jump to a step."""
    app = make_app(demo_db)
    account_id = find_account(demo_db, "Brennero Foods").id

    async def open_it(pilot) -> None:  # noqa: ANN001
        await open_review(pilot, account_id)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_it)


async def test_the_palette_entry_opens_review_mode_from_the_top_of_the_portfolio(demo_db) -> None:  # noqa: ANN001
    first = list_accounts(demo_db)[0]
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.run_action("app.review_mode")
        await settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReviewModeScreen) and screen.account_id == first.id
        assert "account 1 of 14" in bar(screen)


async def test_hostile_text_shows_as_typed_in_review_mode(db) -> None:  # noqa: ANN001
    from test_account_plan import build_account

    account_id = build_account(db, name="[b]Bold[/b] | *Co*", text="[red]x[/red] <b>y</b> `z` # w")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot, account_id)
        assert "[b]Bold[/b] | *Co*" in bar(screen)
        header = screen.query_one("#review-header", Static)
        lines = [strip.text for strip in header.render_lines(header.region.reset_offset)]
        assert any("[red]x[/red] <b>y</b> `z` # w" in line for line in lines)


async def test_exporting_into_a_file_says_so_and_lets_the_user_type_another_folder(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    not_a_folder = tmp_path / "plans.txt"
    not_a_folder.write_text("x")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = ExportPortfolioScreen(not_a_folder)
        pilot.app.push_screen(screen)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert str(screen.query_one("#export-status", Static).content) == (
            f"{not_a_folder} is a file; give a folder to export the portfolio into."
        )
        folder = screen.query_one("#export-folder", Input)
        assert not folder.disabled and folder.has_focus and not screen.running
        progress = screen.query_one("#export-progress", ProgressBar)
        assert progress.total == 100 and progress.progress == 0  # nothing written: an empty bar, not a busy one


async def test_review_mode_keeps_its_keys_while_the_portfolio_is_scored(demo_db, monkeypatch) -> None:  # noqa: ANN001
    """The whole portfolio is scored in a worker (seconds at 100,000 accounts): meanwhile the bar says so, keys
    work, and an export asked for then is written once the scores are there."""
    import threading

    import accountmgr.services.portfolio as service

    account = find_account(demo_db, "Atlas Aerospace Parts")
    may_score = threading.Event()
    real_load = service.load_portfolio

    def held_load(db):  # noqa: ANN001, ANN202
        may_score.wait(10)
        return real_load(db)

    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(service, "load_portfolio", held_load)
        pilot.app.open_review(account.id)
        for _ in range(100):  # the name is read in a worker too
            shown = pilot.app.screen
            if isinstance(shown, ReviewModeScreen) and shown.query("#review-bar") and "Atlas" in bar(shown):
                break
            await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReviewModeScreen)
        assert "scoring the portfolio…" in bar(screen) and not screen.source
        await pilot.press("X")  # export asked for before the scores are there
        await pilot.pause()
        assert screen.exporting and screen.last_export is None
        await pilot.press("right_square_bracket")  # the keys still work: on to the next account
        await pilot.pause()
        assert screen.account_id != account.id
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.account_id == account.id
        may_score.set()
        await settled(pilot)
        assert screen.source.startswith("# Account plan: Atlas Aerospace Parts")
        expected = demo_db.path.parent / "test-plans" / "atlas-aerospace-parts.md"
        assert screen.last_export == str(expected) and expected.exists() and not screen.exporting
        assert bar(screen).endswith(f"exported to {expected}") and "scoring" not in bar(screen)


async def test_the_bar_wraps_between_its_parts_never_inside_a_name(demo_db) -> None:  # noqa: ANN001
    """At 80 columns "owner Giulia Ferri" goes to the next line whole, not "owner Giulia" over "Ferri"."""
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewModeScreen)
        lines = bar(screen).splitlines()
        assert len(lines) == 2 and lines[1].startswith("owner ") and " " in lines[1].removeprefix("owner ")
        assert all(len(text) <= 76 for text in lines)
        await pilot.resize_terminal(160, 36)
        await pilot.pause()
        assert len(bar(screen).splitlines()) == 1
