"""Every modal form behaves the same: Ctrl+S / Enter save, Esc cancels, a refusal shows at its field, nothing half-saved.

The base is tested on a small form of its own; then one form of each kind with the bad input a salesperson types,
at 80×24, checking the message, the focus, that nothing was written, and that the buttons stay on screen.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Button, Input, Select, Static

from accountmgr.db import Database
from accountmgr.screens.account_form import AccountFormScreen
from accountmgr.screens.action_form import ActionForm
from accountmgr.screens.close_opportunity import CloseOpportunityScreen
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.coverage_panel import StaleLimitScreen
from accountmgr.screens.dmu_form import DmuForm
from accountmgr.screens.form_base import FormScreen
from accountmgr.screens.mark_done import MarkDoneScreen
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.screens.steps.drivers_form import DriversFormScreen
from accountmgr.screens.steps.fields import FieldDef
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.screens.panes.team_pane import TeamForm
from accountmgr.screens.weights_form import WeightsFormScreen
from accountmgr.services import dmu, opportunities, plan, reviews, settings, team
from accountmgr.services.accounts import find_account
from accountmgr.services.errors import DomainError

SMALL = (80, 24)
NO_RESULT = object()


class FormHost(App[None]):
    """An empty app that opens one form and keeps what it dismissed with."""

    def __init__(self, db: Database, form: Any) -> None:
        super().__init__()
        self.db = db
        self.unsaved: set[str] = set()
        self.me = None  # nobody chosen: what the real app has on a first run
        self.form = form
        self.result: Any = NO_RESULT

    def on_mount(self) -> None:
        self.push_screen(self.form, self._keep_result)

    def _keep_result(self, result: Any) -> None:
        self.result = result


def log_size(db: Database) -> int:
    """Rows in the activity log: every write adds one, so an unchanged count means nothing was written."""
    with db.connection() as conn:
        return conn.execute("SELECT count(*) FROM activity_log").fetchone()[0]


def error_at(form: FormScreen[Any], field: str) -> str:
    """The message shown under *field*, or '' when its error line is hidden."""
    line = form.query_one(f"#{form.error_id(field)}", Static)
    return str(line.content) if line.has_class("shown") else ""


def form_error(form: FormScreen[Any]) -> str:
    line = form.query_one("#form-error", Static)
    return str(line.content) if line.has_class("shown") else ""


def buttons_on_screen(form: FormScreen[Any]) -> bool:
    """Both buttons lie inside the terminal (the fields scroll, the buttons do not)."""
    width, height = form.app.size
    return all(
        0 <= button.region.y < height and button.region.right <= width and button.region.height > 0
        for button in form.query(Button)
    )


# --- the base on a form of its own --------------------------------------------------------------------------------


class NameForm(FormScreen[str]):
    """Name something"""

    CANCEL_RESULT = "cancelled"

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[str] = []

    def compose_fields(self) -> ComposeResult:
        yield from self.field_row("name", "Name *", Input(id="name", compact=True))
        yield from self.field_row("code", "Code", Input(id="code", compact=True), hint="Two letters.")

    def submit(self) -> str:
        name = self.query_one("#name", Input).value
        code = self.query_one("#code", Input).value
        if not name:
            raise DomainError("Name is required.", "name")
        if len(code) != 2:
            raise DomainError("The code is two letters.", "code")
        if name == "taken":
            raise DomainError("Something else went wrong.", "no_such_field")
        self.saved.append(name)
        return f"{name}/{code}"


async def test_base_shows_the_refusal_at_its_field_and_moves_the_cursor_there(db: Database) -> None:
    form = NameForm()
    app = FormHost(db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert form.focused is form.query_one("#name")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_at(form, "name") == "Name is required."
        assert app.screen is form and form.saved == []
        await pilot.press(*"Ann", "tab", "x", "ctrl+s")
        await pilot.pause()
        assert error_at(form, "name") == ""  # the old message goes when a new one comes
        assert error_at(form, "code") == "The code is two letters."
        assert form.focused is form.query_one("#code")


async def test_base_error_naming_no_field_shows_on_the_form_line(db: Database) -> None:
    form = NameForm()
    app = FormHost(db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(*"taken", "tab", *"ab", "ctrl+s")
        await pilot.pause()
        assert form_error(form) == "Something else went wrong."
        assert app.screen is form


async def test_base_enter_in_an_input_saves_and_dismisses_with_the_result(db: Database) -> None:
    form = NameForm()
    app = FormHost(db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(*"Ann", "tab", *"ab", "enter")
        await pilot.pause()
        assert app.result == "Ann/ab"
        assert app.screen is not form


async def test_base_escape_and_cancel_button_close_without_saving(db: Database) -> None:
    for close in ("escape", "button"):
        form = NameForm()
        app = FormHost(db, form)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press(*"Ann", "tab", *"ab")
            if close == "escape":
                await pilot.press("escape")
            else:
                await pilot.click("#cancel")
            await pilot.pause()
            assert app.result == "cancelled"
            assert form.saved == []


async def test_base_save_button_saves(db: Database) -> None:
    form = NameForm()
    app = FormHost(db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(*"Ann", "tab", *"ab")
        await pilot.click("#save")
        await pilot.pause()
        assert app.result == "Ann/ab"


# --- one form of each kind, with bad input, at 80×24 -------------------------------------------------------------


async def test_opportunity_form_refuses_bad_money_and_probability_150(demo_db: Database) -> None:
    account = find_account(demo_db, "Vasa Timber")
    before, count = log_size(demo_db), len(opportunities.list_opportunities(demo_db, account.id))
    form = OpportunityForm(account.id)
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert buttons_on_screen(form)
        await pilot.press(*"Kiln sensors", "tab", *"lots", "ctrl+s")
        await pilot.pause()
        assert "money" in error_at(form, "value_cents")
        assert form.focused is form.query_one("#value_cents")
        await pilot.press("ctrl+u", *"40k", "tab", *"150", "ctrl+s")
        await pilot.pause()
        assert error_at(form, "value_cents") == ""
        assert "100" in error_at(form, "probability")
        assert form.focused is form.query_one("#probability")
        assert log_size(demo_db) == before
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert len(opportunities.list_opportunities(demo_db, account.id)) == count
    assert log_size(demo_db) == before


async def test_action_form_past_date_asks_and_going_back_shows_it_at_the_date(demo_db: Database) -> None:
    account = find_account(demo_db, "Vasa Timber")
    before = log_size(demo_db)
    form = ActionForm(account.id)
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert buttons_on_screen(form)
        assert form.focused is form.query_one("#scheduled_at")
        await pilot.press(*"2026-11-02 10:00", "ctrl+s")
        await pilot.pause()
        assert error_at(form, "objective").endswith("is required.")
        assert form.focused is form.query_one("#objective")
        form.query_one("#objective", Input).value = "Call about the kiln project"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
        assert "past" in error_at(form, "scheduled_at")
        assert form.focused is form.query_one("#scheduled_at")
        assert log_size(demo_db) == before
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(app.result, int)
    assert plan.get_action(demo_db, app.result).objective == "Call about the kiln project"


async def test_dmu_form_refuses_a_reports_to_loop_at_the_reports_to_field(demo_db: Database) -> None:
    account = find_account(demo_db, "Vasa Timber")
    members = dmu.list_members(demo_db, account.id)
    report = next(m for m in members if m.reports_to_id is not None)
    manager = next(m for m in members if m.id == report.reports_to_id)
    before = log_size(demo_db)
    form = DmuForm(account.id, manager.id)
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert buttons_on_screen(form)
        form.query_one("#reports_to_id", Select).value = report.id
        form.query_one("#name", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_at(form, "name")
        assert form.focused is form.query_one("#name")
        form.query_one("#name", Input).value = manager.name
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "loop" in error_at(form, "reports_to_id")
        assert form.focused is form.query_one("#reports_to_id")
        assert form.query_one("#reports_to_id").region.y < SMALL[1]  # scrolled into view
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert log_size(demo_db) == before
    assert dmu.get_member(demo_db, manager.id).reports_to_id == manager.reports_to_id


async def test_team_form_refuses_an_empty_and_a_duplicate_name(demo_db: Database) -> None:
    someone = team.list_team(demo_db)[0]
    before = log_size(demo_db)
    form = TeamForm()
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert error_at(form, "name").endswith("is required.")
        await pilot.press(*someone.name, "enter")
        await pilot.pause()
        assert error_at(form, "name") == f"There is already a team member called {someone.name}."
        assert form.focused is form.query_one("#name")
        assert log_size(demo_db) == before


async def test_record_form_shows_the_service_refusal_under_the_field(demo_db: Database) -> None:
    def save(values: dict[str, str]) -> str:
        if not values["competitor"].strip():
            raise DomainError("Competitor is required.", "competitor")
        return values["competitor"]

    fields = [FieldDef("competitor", "Competitor"), FieldDef("notes", "Notes", kind="text")]
    form = RecordFormScreen("New competitor", fields, None, save)
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Competitor is required" in str(form.query_one("#err-competitor", Static).content)
        assert form.focused is form.query_one("#f-competitor")
        await pilot.press(*"Rival", "enter")
        await pilot.pause()
    assert app.result == "Rival"


async def test_close_and_mark_done_need_a_reason_and_a_real_date(demo_db: Database) -> None:
    account = find_account(demo_db, "Vasa Timber")
    opp = next(o for o in opportunities.list_opportunities(demo_db, account.id) if o.closed_on is None)
    before = log_size(demo_db)
    form: FormScreen[Any] = CloseOpportunityScreen(opp.id, opp.name, won=True)
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert error_at(form, "close_reason")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is False
    action = next(a for a in plan.list_actions(demo_db, account.id) if a.done_on is None)
    form = MarkDoneScreen(action)
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("tab", "ctrl+u", *"someday", "ctrl+s")
        await pilot.pause()
        assert error_at(form, "done_on")
        assert form.focused is form.query_one("#done_on")
    assert log_size(demo_db) == before


async def test_settings_forms_refuse_out_of_range_values(demo_db: Database) -> None:
    before = log_size(demo_db)
    weights = WeightsFormScreen()
    app = FormHost(demo_db, weights)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for field in weights.query(Input):
            field.value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "above 0" in error_at(weights, "purchase_potential")
        assert weights.focused is weights.query_one("#weight-purchase_potential")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is False
    stale = StaleLimitScreen()
    app = FormHost(demo_db, stale)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+u", "0", "enter")
        await pilot.pause()
        assert "between 1 and 3650" in error_at(stale, "stale_days")
    assert log_size(demo_db) == before
    assert settings.stale_days(demo_db) == 60


async def test_drivers_form_points_at_the_row_it_refuses(demo_db: Database) -> None:
    account = find_account(demo_db, "Brennero Foods")
    review = reviews.list_reviews(demo_db, account.id)[0]
    before = log_size(demo_db)
    form = DriversFormScreen(review.id, "Satisfaction drivers")
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        form.query_one("#d0-our_score", Input).value = "11"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form_error(form).startswith("Driver 1:")
        assert form.focused is form.query_one("#d0-our_score")
        assert buttons_on_screen(form)
    assert log_size(demo_db) == before


async def test_account_form_fits_at_80x24_and_saves_nothing_on_escape(demo_db: Database) -> None:
    before = log_size(demo_db)
    form = AccountFormScreen()
    app = FormHost(demo_db, form)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert buttons_on_screen(form)
        assert form.focused is form.query_one("#field-name")
        await pilot.press(*"Vasa Timber", "ctrl+s")
        await pilot.pause()
        assert "already" in error_at(form, "name")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert log_size(demo_db) == before


def test_help_has_a_section_for_every_form(demo_db: Database) -> None:
    from accountmgr.screens.help import help_sections

    app = FormHost(demo_db, NameForm())
    sections = {title: (rows, text) for title, rows, text in help_sections(app)}
    rows, text = sections["Every form"]
    assert ("Ctrl+S", "Save") in rows and ("Esc", "Cancel") in rows
    assert "Esc closes without writing anything" in text


def test_dmu_form_snapshot_with_a_refusal_at_80x24(demo_db: Database, snap_compare) -> None:  # noqa: ANN001
    """The DMU form for Vasa Timber's CEO at 80×24 after choosing one of his own reports as manager: the heading on
    top, 'Reports to' showing that report with the loop message in red under it, the rest of the fields behind a
    scrollbar, and Cancel / Save and the footer keys (^s Save, esc Cancel) on screen."""
    account = find_account(demo_db, "Vasa Timber")
    members = dmu.list_members(demo_db, account.id)
    report = next(m for m in members if m.reports_to_id is not None)

    async def choose_a_report_as_manager(pilot) -> None:  # noqa: ANN001
        await pilot.pause()
        pilot.app.screen.query_one("#reports_to_id", Select).value = report.id
        await pilot.press("ctrl+s")
        await pilot.pause()

    app = FormHost(demo_db, DmuForm(account.id, report.reports_to_id))
    assert snap_compare(app, terminal_size=SMALL, run_before=choose_a_report_as_manager)
