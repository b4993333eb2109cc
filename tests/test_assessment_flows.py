"""Assessing the relationship in the workspace: evidence → suggested level → confirm or override; history; guidance."""

from __future__ import annotations

from textual.widgets import DataTable, Select

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import RelationshipLevel
from accountmgr.screens.assessment import AssessmentScreen
from accountmgr.screens.workspace import WorkspaceScreen
from accountmgr.services import accounts, assessments, dmu

SIZE = (120, 36)
L = RelationshipLevel


async def test_assess_confirm_then_override_with_note_and_history_shows_both(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme Tools", "target_level": "account"})
    dmu.create_member(db, account.id, {"name": "Pia Buyer", "title": "Purchasing manager", "roles": "buyer"})
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account.id, "d")
        await pilot.pause()
        workspace = app.screen
        assert isinstance(workspace, WorkspaceScreen)
        guidance_text = str(workspace.query_one("#guidance").content.renderables[0])
        await pilot.press("enter", "p")
        await pilot.pause()
        await pilot.press("space", "escape")  # Esc leaves without writing anything
        await pilot.pause()
        assert app.screen is workspace and assessments.level_history(db, account.id) == []
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AssessmentScreen)
        # Tick three Buyer criteria: two with the mouse, one from the keyboard.
        await pilot.click("#c-buyer-objectives")
        await pilot.click("#c-buyer-values")
        await pilot.press("tab", "space")
        assert form.evidence() == ["buyer.objectives", "buyer.values", "buyer.focus"]
        assert "Suggested level:  II Buyer" in str(form.query_one("#suggestion").content)
        assert form.query_one("#level", Select).value == "buyer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is workspace
        [first] = assessments.level_history(db, account.id)
        assert (first.level, first.suggested_level) == (L.BUYER, L.BUYER)
        assert accounts.get_account(db, account.id).current_level is L.BUYER

        # The guidance for Buyer → Account names the missing interlocutor.
        guidance = workspace.query_one("#guidance")
        texts = " ".join(str(part) for part in guidance.content.renderables)
        assert "No process owner or function director on our side" in texts
        assert guidance_text  # the guidance was there before the assessment too

        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert form.evidence() == first.evidence  # the latest evidence is the starting point
        form.query_one("#level", Select).value = "account"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "say in the note why you chose Account" in str(form.query_one("#error").content)
        assert form.focused is form.query_one("#note")
        await pilot.press(*"COO asks us", "ctrl+s")
        await pilot.pause()
        assert app.screen is workspace
        history = assessments.level_history(db, account.id)
        assert [(h.level, h.suggested_level, h.note) for h in history] == [
            (L.BUYER, L.BUYER, ""), (L.ACCOUNT, L.BUYER, "COO asks us"),
        ]
        table = workspace.query_one("#history", DataTable)
        assert table.row_count == 2
        assert "(override)" in str(table.get_row_at(0)[1])
        levels = workspace.query_one("#levels").content
        assert "◀ current + target" in list(levels.columns[1].cells)


async def test_history_row_shows_its_evidence(demo_db) -> None:
    account = accounts.find_account(demo_db, "Helvetia Pharma Logistics")
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account.id, "d")
        await pilot.pause()
        workspace = app.screen
        workspace.query_one("#history", DataTable).focus()
        await pilot.pause()
        detail = str(workspace.query_one("#history-detail").content)
        latest = assessments.latest_assessment(demo_db, account.id)
        assert detail.startswith(f"Evidence on {latest.assessed_on.isoformat()}:")
        assert "Account interlocutors (Process owner and/or function director)" in detail
        assert detail.count(" · ") == len(latest.evidence) - 1
