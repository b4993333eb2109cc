"""Opportunities: validation, the scorecard rule, won/lost reasons and weighted pipeline."""

from __future__ import annotations

from datetime import date

import pytest

from accountmgr.models import Offering, OpportunityStatus
from accountmgr.services import accounts, activity
from accountmgr.services import opportunities as opps
from accountmgr.services.coverage import Status
from accountmgr.services.errors import DomainError


@pytest.fixture
def account_id(db, frozen_clock) -> int:  # noqa: ANN001
    return accounts.create_account(db, {"name": "Acme Foods"}).id


@pytest.mark.parametrize(
    ("total", "expected"),
    [(0, 5), (1, 15), (2, 20), (3, 30), (4, 35), (5, 45), (6, 50), (7, 60), (8, 65), (9, 75), (10, 80), (11, 90), (12, 95)],
)
def test_probability_is_5_plus_90_times_sum_over_12_rounded_to_5(total: int, expected: int) -> None:
    assert opps.probability_from_points(total) == expected


@pytest.mark.parametrize(("status", "points"), [(Status.GREEN, 2), (Status.AMBER, 1), (Status.RED, 0), ("amber", 1)])
def test_dmu_covered_comes_from_the_coverage_status(status, points: int) -> None:  # noqa: ANN001
    card = opps.scorecard({"need_recognised": 2, "budget_exists": 2}, status)
    dmu = next(line for line in card.lines if line.field == "dmu_covered")
    assert dmu.points == points
    assert card.total == 4 + points


def test_unknown_coverage_and_unrated_conditions_count_as_zero_and_say_so() -> None:
    card = opps.scorecard({"solution_fit": 2}, None)
    assert card.total == 2 and card.suggested == 20
    assert card.rated == 1
    assert "5 not rated count as 0" in card.explain()


def test_all_yes_with_green_coverage_suggests_95() -> None:
    ratings = dict.fromkeys(opps.SCORECARD_FIELDS, 2)
    assert opps.suggested_probability(ratings, Status.GREEN) == 95


def test_new_opportunity_without_probability_takes_the_suggestion(db, account_id: int) -> None:  # noqa: ANN001
    opp = opps.create_opportunity(
        db, account_id, {"name": "Line 3 retrofit", "value_cents": "120k", "need_recognised": "yes", "budget_exists": "partly"},
        coverage_status=Status.AMBER,
    )
    assert opp.probability == opps.probability_from_points(4) == 35
    assert opp.value_cents == 12_000_000


def test_an_override_is_kept_and_shown_beside_the_suggestion(db, account_id: int) -> None:  # noqa: ANN001
    opps.create_opportunity(db, account_id, {"name": "MES", "value_cents": "10000", "probability": "70"})
    row = opps.opportunity_rows(db, account_id, Status.GREEN)[0]
    assert row.opportunity.probability == 70
    assert row.suggested == 20
    assert row.differs
    assert row.weighted_cents == 700_000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Name is required."),
        ("value_cents", "-5", "cannot be negative"),
        ("value_cents", "lots", "is not an amount of money"),
        ("probability", "120", "between 0 and 100"),
        ("expected_close", "next tuesday", "is not a date"),
        ("need_recognised", "3", "rated 0 (no), 1 (partly) or 2 (yes)"),
        ("stage", "won it", "Stage must be one of"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(
    db, account_id: int, field: str, value: str, message: str  # noqa: ANN001
) -> None:
    raw = {"name": "Good deal", "value_cents": "100", field: value}
    with pytest.raises(DomainError) as error:
        opps.create_opportunity(db, account_id, raw)
    assert error.value.field == field
    assert message in error.value.message
    assert opps.list_opportunities(db, account_id) == []


def test_won_needs_a_reason_and_keeps_it(db, account_id: int) -> None:  # noqa: ANN001
    opp = opps.create_opportunity(db, account_id, {"name": "Spare parts", "value_cents": "5000", "probability": 50})
    with pytest.raises(DomainError) as error:
        opps.close_opportunity(db, opp.id, True, "  ")
    assert error.value.field == "close_reason"
    assert opps.get_opportunity(db, opp.id).status == OpportunityStatus.OPEN

    closed = opps.close_opportunity(db, opp.id, True, "Best service terms")
    assert closed.status == OpportunityStatus.WON
    assert closed.close_reason == "Best service terms"
    assert closed.closed_on == date(2026, 11, 20)
    assert closed.probability == 100
    log = [entry.summary for entry in activity.entries_for_account(db, account_id)]
    assert any("status" in line and "Spare parts" in line for line in log)


def test_lost_with_reason_and_date_and_no_future_close(db, account_id: int) -> None:  # noqa: ANN001
    opp = opps.create_opportunity(db, account_id, {"name": "Robot cell", "value_cents": "80000", "probability": 40})
    with pytest.raises(DomainError) as error:
        opps.close_opportunity(db, opp.id, False, "Price", "2026-12-01")
    assert error.value.field == "closed_on"
    lost = opps.close_opportunity(db, opp.id, False, "Competitor cheaper by 20 %", "2026-11-02")
    assert (lost.status, lost.closed_on, lost.probability) == (OpportunityStatus.LOST, date(2026, 11, 2), 0)
    reopened = opps.reopen_opportunity(db, opp.id)
    assert reopened.status == OpportunityStatus.OPEN and reopened.closed_on is None


def test_setting_status_in_the_form_also_requires_the_reason(db, account_id: int) -> None:  # noqa: ANN001
    opp = opps.create_opportunity(db, account_id, {"name": "Audit", "value_cents": "1000"})
    with pytest.raises(DomainError) as error:
        opps.update_opportunity(db, opp.id, {"status": "lost"})
    assert error.value.field == "close_reason"


def test_weighted_value_per_opportunity_account_and_portfolio(db, account_id: int) -> None:  # noqa: ANN001
    other = accounts.create_account(db, {"name": "Borealis Steel"}).id
    archived = accounts.create_account(db, {"name": "Old Co"}).id
    opps.create_opportunity(db, account_id, {"name": "A", "value_cents": "10000", "probability": 35})
    opps.create_opportunity(db, account_id, {"name": "B", "value_cents": "333.33", "probability": 50})
    won = opps.create_opportunity(db, account_id, {"name": "C", "value_cents": "2000", "probability": 90})
    opps.close_opportunity(db, won.id, True, "Fit")
    opps.create_opportunity(db, other, {"name": "D", "value_cents": "1000", "probability": 10})
    opps.create_opportunity(db, archived, {"name": "E", "value_cents": "1000", "probability": 10})
    accounts.set_archived(db, archived, True)

    totals = opps.account_pipeline(db, account_id)
    # 10,000 × 35 % = 3,500.00; 333.33 × 50 % = 166.665 → 166.67 (half up, per opportunity)
    assert totals.weighted_cents == 350_000 + 16_667
    assert totals.open_cents == 1_033_333 and totals.open_count == 2
    assert (totals.won_count, totals.won_cents) == (1, 200_000)
    assert [r.weighted_cents for r in opps.opportunity_rows(db, account_id)] == [350_000, 16_667, 0]
    assert opps.portfolio_pipeline(db).weighted_cents == 350_000 + 16_667 + 10_000
    assert opps.portfolio_pipeline(db, include_archived=True).weighted_cents == 350_000 + 16_667 + 20_000
    assert opps.weighted_by_account(db)[account_id] == 366_667


def test_offerings_are_linked_replaced_and_logged(db, account_id: int) -> None:  # noqa: ANN001
    with db.session() as session:
        first, second = Offering(name="Predictive maintenance"), Offering(name="MES")
        session.add_all([first, second])
        session.flush()
        ids = first.id, second.id
    opp = opps.create_opportunity(db, account_id, {"name": "Plant 2"}, offering_ids=[ids[0]])
    assert opps.opportunity_rows(db, account_id)[0].offerings == ("Predictive maintenance",)
    opps.update_opportunity(db, opp.id, {}, offering_ids=[ids[1]])
    assert opps.offering_ids_of(db, opp.id) == [ids[1]]
    assert any("offerings" in e.summary for e in activity.entries_for_account(db, account_id))
    with pytest.raises(DomainError):
        opps.update_opportunity(db, opp.id, {}, offering_ids=[9999])
    assert opps.offering_ids_of(db, opp.id) == [ids[1]]


def test_delete_removes_the_opportunity_and_logs_it(db, account_id: int) -> None:  # noqa: ANN001
    opp = opps.create_opportunity(db, account_id, {"name": "Temp"})
    opps.delete_opportunity(db, opp.id)
    assert opps.list_opportunities(db, account_id) == []
    assert activity.entries_for_account(db, account_id)[-1].action == "deleted"


def test_the_account_coverage_status_is_read_from_the_coverage_analysis(db, account_id: int) -> None:  # noqa: ANN001
    # An account with no DMU has no decision maker: red.
    assert opps.status_value(opps.account_coverage_status(db, account_id)) == "red"
    assert opps.status_value(opps.coverage_statuses(db).get(account_id, Status.RED)) == "red"
