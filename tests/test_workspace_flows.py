"""The account workspace as a user drives it: step navigation, completion marks, saving, unsaved edits, tables."""

from __future__ import annotations

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import Step
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.four_questions import FourQuestionsScreen
from accountmgr.screens.method_guide import MethodGuideScreen
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.screens.workspace import WorkspaceScreen
from accountmgr.services import accounts, competitors, reviews
from accountmgr.services.completion import Completion

SIZE = (120, 36)


def mark(app, step: Step) -> str:  # noqa: ANN001
    """The completion symbol the step list shows for *step*."""
    prompt = app.screen.query_one("#steps").get_option_at_index(list(Step).index(step)).prompt
    return str(prompt)[0]


async def open_workspace(app, pilot, account_id: int, step: str | None = None) -> WorkspaceScreen:  # noqa: ANN001
    await pilot.pause()
    app.open_account(account_id, step)
    await pilot.pause()
    assert isinstance(app.screen, WorkspaceScreen)
    return app.screen


async def test_new_account_next_missing_step_fill_and_marks_update(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "a")
        assert screen.current is Step.A
        assert mark(app, Step.B) == "✖"
        await pilot.press("n")
        assert screen.current is Step.B
        # Step b is fields only: its pane has the keyboard, and Enter goes into the first field.
        await pilot.pause()
        assert screen.focused is screen.pane
        await pilot.press("enter", *"Slow")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert accounts.get_account(db, account.id).customer_profile == "Slow"
        assert mark(app, Step.B) == "✔"
        assert screen.states[Step.B].state is Completion.DONE
        assert "1 of 12 steps done" in str(screen.query_one("#account-head").content)
        await pilot.press("escape", "n")
        assert screen.current is Step.C


async def test_leaving_a_pane_with_unsaved_edits_asks(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "b")
        await pilot.press("enter", *"Draft")
        assert app.unsaved
        await pilot.press("escape", "g", "c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.current is Step.B
        await pilot.press("escape", "g", "c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen.current is Step.C
        assert accounts.get_account(db, account.id).customer_profile == ""
        assert not app.unsaved


async def test_competitor_table_add_edit_delete(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_workspace(app, pilot, account.id, "c")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, RecordFormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Competitor is required" in str(app.screen.query_one("#err-competitor").content)
        await pilot.press(*"Rival", "ctrl+s")
        await pilot.pause()
        rows = competitors.list_competitors(db, account.id)
        assert [r.competitor for r in rows] == ["Rival"]
        assert mark(app, Step.C) == "◐"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert competitors.list_competitors(db, account.id) == []
        assert mark(app, Step.C) == "✖"


async def test_review_with_drivers_highlights_key_driver(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "l")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab", "7", "ctrl+s")
        await pilot.pause()
        [review] = reviews.list_reviews(db, account.id)
        assert review.satisfaction == 7 and accounts.get_account(db, account.id).satisfaction == 7
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("tab", "ctrl+u", "5", "tab", "4", "tab", *"8", "ctrl+s")
        await pilot.pause()
        reliability = reviews.review_drivers(db, review.id)[0]
        assert (reliability.importance, reliability.our_score, reliability.competitor_score) == (5, 4, 8)
        assert "◆ Reliability" in str(screen.query_one("#key-drivers").content)
        assert mark(app, Step.L) == "✔"


async def test_four_questions_and_method_guide_from_the_workspace(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "d")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, FourQuestionsScreen)
        assert "purchase potential (step e)" in str(app.screen.query_one("#answer-1").content)
        await pilot.press("3")
        await pilot.pause()
        assert app.screen is screen and screen.current is Step.I
        await pilot.press("escape", "ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, MethodGuideScreen) and app.screen.topic == "step-i"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_palette_entries_open_the_steps_of_the_open_account(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "a")
        entries = {entry.title: entry.action for entry in screen.palette_commands()}
        assert entries["Next missing step"] == "next_missing"
        await app.run_action(entries["Step k: Delivery"], screen)
        await pilot.pause()
        assert screen.current is Step.K
        # Steps e, h and j mount the opportunities, DMU and communication-plan panes.
        for step, pane in (("e", "OpportunitiesPane"), ("h", "DmuPane"), ("j", "PlanPane")):
            await app.run_action(f"go('{step}')", screen)
            await pilot.pause()
            assert screen.query(pane), pane


async def test_a_write_in_a_mounted_pane_refreshes_the_marks(db: Database, frozen_clock) -> None:
    """The DMU, opportunities and plan panes say when they wrote; the step list follows."""
    from accountmgr.screens.panes.dmu_pane import DmuPane
    from accountmgr.services import dmu

    account = accounts.create_account(db, {"name": "Acme Tools"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "h")
        assert mark(app, Step.H) == "✖"
        dmu.create_member(db, account.id, {"name": "Anna Verdi", "roles": "decision maker"})
        screen.query_one(DmuPane).announce_change()
        await pilot.pause()
        assert mark(app, Step.H) != "✖"
        assert screen.states[Step.H].state is not Completion.MISSING


async def test_a_complaint_is_recorded_in_the_monitoring_step_and_its_guideline_shown(db: Database, frozen_clock) -> None:
    from textual.widgets import Select

    from accountmgr.screens.recovery_guidelines import RecoveryGuidelinesScreen
    from accountmgr.screens.steps.record_table import RecordTable
    from accountmgr.services import complaints, recovery
    from accountmgr.services.scoring import Segment
    from accountmgr.models import ComplaintNature

    account = accounts.create_account(db, {"name": "Acme Tools", "current_level": "buyer"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workspace(app, pilot, account.id, "l")
        screen.query_one("#complaints", RecordTable).focus_table()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-received_on").value = "2026-11-10"
        form.query_one("#f-nature", Select).value = "delivery"
        form.query_one("#f-summary").value = "Pallets «crushed» on arrival"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()  # the table reads its rows (and scores the portfolio) in the background
        await pilot.pause()
        [applied] = complaints.list_complaints(db, account.id)
        assert applied.summary == "Pallets «crushed» on arrival" and applied.late
        advice = str(screen.query_one("#complaint-advice").content)
        assert "should act within" in advice and "Late:" in advice
        await pilot.press("K")
        await pilot.pause()
        assert isinstance(app.screen, RecoveryGuidelinesScreen)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#f-response_days").value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        first = recovery.guidelines(db)[ComplaintNature.PRODUCT, Segment.HIGH_PERFORMANCE]
        assert first.response_days == 3 and first.custom
