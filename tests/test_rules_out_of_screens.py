"""Rules live in services, not screens (issue 12, item 13): the stale-contact limit, the .ics destination,
rule help texts, and one way to save settings."""

from __future__ import annotations

import ast
import logging
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App
from textual.widgets import Static

from accountmgr.db import Database
from accountmgr.screens.coverage_panel import StaleLimitScreen
from accountmgr.screens.matrices import MatricesScreen
from accountmgr.screens.panes.opportunities_pane import OpportunitiesPane
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.services import calendar_export, opportunities, portfolio, scoring, settings
from accountmgr.services.accounts import find_account
from accountmgr.services.activity import entries_for_account
from accountmgr.services.errors import DomainError

PACKAGE = Path(__file__).resolve().parents[1] / "accountmgr"


class FormHost(App[None]):
    """An empty app that opens one form and keeps what it dismissed with."""

    def __init__(self, db: Database, form: Any) -> None:  # noqa: ANN401
        super().__init__()
        self.db = db
        self.unsaved: set[str] = set()
        self.form = form
        self.result: Any = "not closed"

    def on_mount(self) -> None:
        self.push_screen(self.form, self._keep)

    def _keep(self, result: Any) -> None:  # noqa: ANN401
        self.result = result


def log_size(db: Database) -> int:
    with db.connection() as conn:
        return conn.execute("SELECT count(*) FROM activity_log").fetchone()[0]


def setting_entries(db: Database) -> list[str]:
    with db.connection() as conn:
        return [row[0] for row in conn.execute("SELECT summary FROM activity_log WHERE entity = 'setting'")]


# --- the stale-contact limit -------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["-", "-5", "", "   ", "0", "3651", "9" * 5000])
async def test_a_bad_stale_limit_is_refused_at_the_field_without_a_crash(demo_db: Database, typed: str) -> None:
    form = StaleLimitScreen()
    app = FormHost(demo_db, form)
    before = log_size(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+u")
        form.query_one("#stale_days").value = typed  # as typed or pasted, whatever the field lets through
        await pilot.press("ctrl+s")
        await pilot.pause()
        line = form.query_one("#stale_days-error", Static)
        assert line.has_class("shown")
        assert "number of days" in str(line.content)
        assert app.result == "not closed"
    assert settings.stale_days(demo_db) == 60
    assert log_size(demo_db) == before


async def test_typing_a_minus_in_the_stale_limit_says_why(demo_db: Database) -> None:
    """The fault of issue 12: `-` in the field crashed the form (int('-'))."""
    form = StaleLimitScreen()
    app = FormHost(demo_db, form)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+u", "minus", "enter")
        await pilot.pause()
        assert "whole number of days between 1 and 3650" in str(form.query_one("#stale_days-error", Static).content)
        await pilot.press("ctrl+u", "9", "0", "enter")
        await pilot.pause()
    assert app.result == 90
    assert settings.stale_days(demo_db) == 90


@given(st.text(max_size=12))
def test_the_stale_limit_parser_takes_any_text(text: str) -> None:
    try:
        days = settings.parse_stale_days(text)
    except DomainError as error:
        assert error.field == "stale_days"
        assert error.message.endswith(".") and "\n" not in error.message
    else:
        assert 1 <= days <= 3650
        assert str(days) == text.strip().lstrip("0") or text.strip().strip("0") == ""


@given(st.integers(min_value=1, max_value=3650), st.sampled_from(["", " ", "\t", "00"]))
def test_the_stale_limit_parser_reads_every_valid_number(days: int, around: str) -> None:
    padded = around.strip() + str(days) if around == "00" else f"{around}{days}{around}"
    assert settings.parse_stale_days(padded) == days


def test_setting_the_stale_limit_is_logged(demo_db: Database, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="accountmgr.services.settings"):
        assert settings.set_stale_days(demo_db, " 45 ") == 45
    assert settings.stale_days(demo_db) == 45
    assert setting_entries(demo_db)[-1] == "Set the stale-contact limit to 45 days"
    assert "stale-contact limit to 45 days" in caplog.text
    settings.set_stale_days(demo_db, 45)
    assert setting_entries(demo_db).count("Set the stale-contact limit to 45 days") == 1  # unchanged: not logged


@pytest.mark.parametrize(("days", "limit", "stale"), [(None, 60, True), (60, 60, False), (61, 60, True), (0, 1, False)])
def test_one_rule_says_when_a_contact_is_stale(days: int | None, limit: int, stale: bool) -> None:
    assert settings.is_stale(days, limit) is stale


def test_no_screen_parses_or_repeats_the_stale_limit() -> None:
    import inspect

    form = ast.parse(inspect.getsource(StaleLimitScreen))
    assert not [node for node in ast.walk(form) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "int"]
    pane = (PACKAGE / "screens" / "panes/dmu_pane.py").read_text(encoding="utf-8")
    assert "else 60" not in pane and "> stale" not in pane and "settings.is_stale(" in pane


# --- the .ics destination and rule help -------------------------------------------------------------------------

def test_the_calendar_destination_is_the_services_choice(demo_db: Database) -> None:
    account = find_account(demo_db, "Brennero Foods")
    assert calendar_export.default_destination(demo_db, account.id) == Path.home() / "brennero-foods-plan.ics"
    source = (PACKAGE / "screens" / "panes/plan_pane.py").read_text(encoding="utf-8")
    assert "Path.home()" not in source and "default_file_name" not in source


def test_rule_help_comes_from_the_services() -> None:
    assert opportunities.SCORECARD_RULE_HELP in OpportunitiesPane.HELP_TEXT
    assert opportunities.SCORECARD_RULE_HELP in OpportunityForm.HELP_TEXT
    assert scoring.MATRICES_RULE_HELP in MatricesScreen.HELP_TEXT
    assert f"{scoring.HIGH_ATTRACTIVENESS} or more" in scoring.MATRICES_RULE_HELP
    for status, points in opportunities.COVERAGE_POINTS.items():
        assert f"{status} {points}" in opportunities.SCORECARD_RULE_HELP


# --- settings saved one way -------------------------------------------------------------------------------------

def test_every_setting_is_saved_through_the_settings_service(demo_db: Database, monkeypatch) -> None:  # noqa: ANN001
    stored: list[tuple[str, ...]] = []
    real = settings.store

    def spy(db, values, **kwargs):  # noqa: ANN001, ANN003, ANN202
        stored.append(tuple(values))
        return real(db, values, **kwargs)

    monkeypatch.setattr(settings, "store", spy)
    portfolio.save_weights(demo_db, {"purchase_potential": "40", "absorption_potential": "20",
                                     "strategic_value": "20", "pipeline": "20"})
    settings.set_stale_days(demo_db, "30")
    assert stored == [("attractiveness_weights",), ("stale_days",)]
    assert setting_entries(demo_db)[-2:] == ["Changed the attractiveness weights", "Set the stale-contact limit to 30 days"]


def test_no_other_module_writes_a_setting_row() -> None:
    """Only services/settings.py writes the settings table (saved import mappings are named files of their own)."""
    writers = []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "Setting(key=" in source:
            writers.append(path.relative_to(PACKAGE).as_posix())
    # customer_value.py still writes its own rows: settings.py imports it, so calling back would be an import circle.
    assert sorted(writers) == ["services/customer_value.py", "services/import_saved.py", "services/settings.py"]


def test_user_settings_and_team_settings_each_have_one_home(demo_db: Database) -> None:
    """What one user wants goes to their settings file (never logged in the shared database)."""
    from accountmgr.services import preferences

    before = log_size(demo_db)
    preferences.remember_theme(demo_db, "textual-light")
    assert log_size(demo_db) == before
    assert entries_for_account(demo_db, find_account(demo_db, "Brennero Foods").id) is not None
