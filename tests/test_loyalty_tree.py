"""The loyalty tree: KPIs with their history, suggested and confirmed improvement projects, perceived against
technical quality — in the services, the monitoring step (keys) and the plan."""

from __future__ import annotations

from hypothesis import given, strategies as st

import pytest

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.models import ProjectStatus
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.services import accounts, loyalty_tree as lt, reviews, team
from accountmgr.services.account_plan import render_account_plan
from accountmgr.services.errors import DomainError

SIZE = (120, 36)

DRIVERS = [
    {"driver": "Reliability", "importance": 5, "our_score": 4, "competitor_score": 7},
    {"driver": "Responsiveness", "importance": 5, "our_score": 6, "competitor_score": 8},
    {"driver": "Empathy", "importance": 3, "our_score": 5, "competitor_score": 9},
    {"driver": "Price", "importance": 4, "our_score": 8, "competitor_score": 6},
]


@pytest.fixture
def account(db: Database, frozen_clock) -> int:
    created = accounts.create_account(db, {"name": "Nordhavn Water", "current_level": "partner"})
    reviews.create_review(db, created.id, {"reviewed_on": "2026-09-25", "satisfaction": "5", "loyalty": "6",
                                           "perceived_quality": "4", "technical_quality": "7"}, DRIVERS)
    return created.id


def test_a_kpi_reading_becomes_its_current_value_and_its_history(db: Database, account: int) -> None:
    owner = team.create_member(db, {"name": "Ravi Menon"})
    kpi = lt.create_kpi(db, account, {"driver": "Reliability", "name": "Spare parts on the promised day",
                                      "process": "Spare-parts logistics", "owner_id": str(owner.id), "unit": "%",
                                      "target": "97", "current": "88,5"})
    assert kpi.current == 88.5 and kpi.higher_is_better
    lt.add_reading(db, kpi.id, {"measured_on": "2026-10-01", "value": "90.5"})
    lt.add_reading(db, kpi.id, {"measured_on": "2026-09-01", "value": "89"})  # an older one, typed later
    assert [r.value for r in lt.readings(db, kpi.id)] == [89, 90.5]
    (now,) = lt.list_kpis(db, account)
    assert now.current == 90.5 and lt.kpi_status(now) == "off target by 6.5%"
    with pytest.raises(DomainError) as refused:
        lt.add_reading(db, kpi.id, {"value": "lots"})
    assert refused.value.field == "value"


def test_a_lower_is_better_kpi_on_target(db: Database, account: int) -> None:
    kpi = lt.create_kpi(db, account, {"driver": "Responsiveness", "name": "Hours to first answer", "unit": "hours",
                                      "target": "4", "current": "3", "higher_is_better": "no"})
    assert lt.kpi_status(kpi) == "on target"
    assert lt.with_unit(kpi.current, kpi.unit) == "3 hours"


def test_projects_are_suggested_where_the_competitor_is_furthest_ahead(db: Database, account: int) -> None:
    kpi = lt.create_kpi(db, account, {"driver": "Reliability", "name": "On-time delivery"})
    suggestions = lt.suggest_projects(db, account)
    # Empathy trails most but matters little (3/5); Price is where we lead.
    assert [(s.driver, s.gap) for s in suggestions] == [("Reliability", 3), ("Responsiveness", 2)]
    assert suggestions[0].kpi_id == kpi.id and suggestions[0].reason.startswith("Competitor ahead by 3")
    project = lt.confirm_suggestion(db, account, suggestions[0])
    assert project.status is ProjectStatus.PLANNED and project.kpi_id == kpi.id
    assert [s.driver for s in lt.suggest_projects(db, account)] == ["Responsiveness"]
    lt.update_project(db, project.id, {"status": "done"})
    assert [s.driver for s in lt.suggest_projects(db, account)] == ["Reliability", "Responsiveness"]


def test_the_tree_runs_from_loyalty_down_to_processes(db: Database, account: int) -> None:
    lt.create_kpi(db, account, {"driver": "Responsiveness", "name": "Hours to first answer", "process": "Dispatch"})
    tree = lt.tree(db, account)
    assert (tree.loyalty, tree.satisfaction) == (6, 5)
    assert [d.driver for d in tree.drivers][:2] == ["Reliability", "Responsiveness"]
    assert tree.drivers[0].gap_text == "competitor ahead by 3"
    assert next(d for d in tree.drivers if d.driver == "Price").gap_text == "we lead by 2"
    assert tree.drivers[1].kpis[0].kpi.process == "Dispatch"
    assert "below technical 7/10 by 3" in lt.quality_gap_text(tree.perceived_quality, tree.technical_quality)


def test_the_plan_shows_quality_kpis_and_projects(db: Database, account: int) -> None:
    kpi = lt.create_kpi(db, account, {"driver": "Reliability", "name": "On-time | delivery", "unit": "%",
                                      "target": "97", "current": "90"})
    lt.create_project(db, account, {"driver": "Reliability", "name": "Weekly stock review", "kpi_id": str(kpi.id),
                                    "due_on": "2027-01-15"})
    plan = render_account_plan(db, account)
    assert "- **Perceived quality:** 4/10" in plan and "- **Technical quality:** 7/10" in plan
    assert "| Reliability | competitor ahead by 3 | On-time \\| delivery |" in plan
    assert "| Reliability | Weekly stock review | — | 2027-01-15 | On-time \\| delivery | Planned |" in plan


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_read_in_either_convention(number) -> None:  # noqa: ANN001
    value = float(number)
    english = f"{number:,.2f}"
    european = english.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    assert lt.parse_number(english) == pytest.approx(value)
    assert lt.parse_number(european) == pytest.approx(value)


@given(st.text())
def test_any_text_is_a_number_or_a_clear_refusal(text: str) -> None:
    try:
        lt.parse_number(text)
    except DomainError as refused:
        assert refused.field == "value"


def test_the_demo_shows_the_loyalty_tree_on_several_accounts(demo_db: Database, frozen_clock) -> None:
    from accountmgr.services.portfolio import load_portfolio

    entries = load_portfolio(demo_db).entries
    with_kpis = [e for e in entries if lt.list_kpis(demo_db, e.id)]
    with_projects = [e for e in entries if lt.list_projects(demo_db, e.id)]
    with_quality = [e for e in entries if any(r.perceived_quality is not None
                                              for r in reviews.list_reviews(demo_db, e.id))]
    assert len(with_kpis) >= 3 and len(with_projects) >= 3 and len(with_quality) >= 3
    assert all(lt.readings(demo_db, k.id) for e in with_kpis for k in lt.list_kpis(demo_db, e.id))


async def test_monitoring_step_add_a_kpi_record_a_reading_and_confirm_a_project(db: Database, account: int) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_account(account, "l")
        await pilot.pause()
        pane = app.screen.pane
        pane.query_one("#kpis").focus_table()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, RecordFormScreen)
        # A new KPI starts on the key driver with the widest gap.
        await pilot.press("tab", *"On-time delivery", "tab", *"Spare parts", "tab", "tab",
                          "%", "tab", *"97", "tab", *"88,5", "ctrl+s")
        await pilot.pause()
        (kpi,) = lt.list_kpis(db, account)
        assert (kpi.driver, kpi.name, kpi.process, kpi.unit, kpi.target, kpi.current) == (
            "Reliability", "On-time delivery", "Spare parts", "%", 97, 88.5)
        await pilot.press("Y")
        await pilot.pause()
        await pilot.press("tab", *"91.5", "ctrl+s")
        await pilot.pause()
        assert [r.value for r in lt.readings(db, kpi.id)] == [91.5]
        assert lt.list_kpis(db, account)[0].current == 91.5
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, RecordFormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        (project,) = lt.list_projects(db, account)
        assert (project.driver, project.kpi_id) == ("Reliability", kpi.id)
        tree = pane.query_one("#loyalty-tree")
        labels = [str(node.label) for node in tree.root.children[0].children[0].children]
        assert any("On-time delivery: 91.5%" in label for label in labels)
        assert any("project Close the gap on reliability" in label for label in labels)
