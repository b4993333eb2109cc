"""Revenue years, objectives with milestones, risks and asks: validation, the log, and the review figures."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountmgr.models.enums import AskStatus, ObjectiveStatus, RelationshipLevel, RiskStatus
from accountmgr.services import accounts, activity, asks, objectives, opportunities, revenue, risks, team
from accountmgr.services.account_review import review_figures
from accountmgr.services.errors import DomainError
from accountmgr.services.forecast import forecast_by_quarter
from accountmgr.models import Opportunity

TODAY = date(2026, 11, 20)


@pytest.fixture
def account_id(db, frozen_clock) -> int:
    return accounts.create_account(db, {"name": "Società Ærea «Nord»", "purchase_potential_cents": "400k"}).id


def test_revenue_years_are_logged_and_one_per_year(db, account_id) -> None:
    row = revenue.create_year(db, account_id, {"year": 2025, "actual_cents": "123k",
                                               "target_cents": "150k"})
    revenue.update_year(db, row.id, {"actual_cents": "130k"})
    with pytest.raises(DomainError) as err:
        revenue.create_year(db, account_id, {"year": "2025"})
    assert err.value.field == "year"
    second = revenue.create_year(db, account_id, {"year": 2026})
    with pytest.raises(DomainError):
        revenue.update_year(db, second.id, {"year": 2025})
    revenue.delete_year(db, second.id)
    assert [(y.year, y.actual_cents) for y in revenue.list_years(db, account_id)] == [(2025, 13_000_000)]
    log = [e.action for e in activity.entries_for_account(db, account_id) if e.entity == "revenue"]
    assert log == ["created", "updated", "created", "deleted"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [({"year": ""}, "year"), ({"year": "20x5"}, "year"), ({"year": 1800}, "year"),
     ({"year": 2024, "actual_cents": "-5"}, "actual_cents"), ({"year": 2024, "target_cents": "lots"}, "target_cents")],
)
def test_bad_revenue_input_is_refused_at_its_field(db, account_id, raw, field) -> None:
    with pytest.raises(DomainError) as err:
        revenue.create_year(db, account_id, raw)
    assert err.value.field == field


def test_share_of_wallet_per_year_uses_the_year_spend_or_the_current_potential(db, account_id) -> None:
    revenue.create_year(db, account_id, {"year": 2024, "actual_cents": "50k", "potential_cents": "200k"})
    revenue.create_year(db, account_id, {"year": 2025, "actual_cents": "100k", "target_cents": "80k"})
    revenue.create_year(db, account_id, {"year": 2026, "target_cents": "120k"})
    figures = review_figures(db, account_id, TODAY)
    shares = [(y.year, y.share_pct, y.potential_is_current) for y in figures.years]
    assert shares == [(2024, 25.0, False), (2025, 25.0, True), (2026, None, True)]
    assert figures.years[1].target_pct == 125.0
    # No revenue entered yet for this year: "now" is the latest year that has some.
    assert (figures.share_now, figures.share_now_year) == (25.0, 2025)
    assert figures.this_year.target_cents == 12_000_000 and figures.last_year.actual_cents == 10_000_000


def test_share_of_wallet_is_unknown_without_a_potential() -> None:
    assert revenue.share_of_wallet(100, None) is None
    assert revenue.share_of_wallet(100, 0) is None
    assert revenue.share_of_wallet(None, 100) is None
    assert revenue.share_of_wallet(1, 3) == 33.3


@given(st.integers(0, 10**12), st.integers(1, 10**12))
def test_share_of_wallet_is_the_rounded_ratio(actual: int, potential: int) -> None:
    share = revenue.share_of_wallet(actual, potential)
    assert share is not None and abs(share - actual * 100 / potential) <= 0.05 + 1e-9


def _opp(value: int, probability: int, close: date | None) -> Opportunity:
    return Opportunity(account_id=1, name="x", value_cents=value, probability=probability, expected_close=close)


def test_forecast_by_quarter_weights_each_open_opportunity_into_its_quarter() -> None:
    opps = [
        _opp(10_000_00, 50, date(2026, 12, 31)),   # Q4 2026
        _opp(3_333_33, 33, date(2026, 10, 1)),     # Q4 2026, rounds half up per opportunity
        _opp(20_000_00, 10, date(2027, 9, 30)),    # Q3 2027
        _opp(5_000_00, 80, date(2026, 6, 30)),     # before this quarter: overdue
        _opp(7_000_00, 100, date(2028, 1, 1)),     # after the fourth quarter: later
        _opp(1_000_00, 20, None),
    ]
    rows = {q.label: (q.weighted_cents, q.value_cents, q.count) for q in forecast_by_quarter(opps, TODAY)}
    assert list(rows) == ["Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027", "Overdue", "Later", "No close date"]
    assert rows["Q4 2026"] == (5_000_00 + 1_100_00, 13_333_33, 2)
    assert rows["Q1 2027"] == (0, 0, 0)
    assert rows["Q3 2027"] == (2_000_00, 20_000_00, 1)
    assert rows["Overdue"] == (4_000_00, 5_000_00, 1)
    assert rows["Later"] == (7_000_00, 7_000_00, 1)
    assert rows["No close date"] == (20_00 * 10, 1_000_00, 1)


def test_forecast_of_the_review_counts_only_open_opportunities(db, account_id) -> None:
    opportunities.create_opportunity(db, account_id, {"name": "Renewal", "value_cents": "40k", "probability": 50,
                                                      "expected_close": "2027-02-15"})
    won = opportunities.create_opportunity(db, account_id, {"name": "Old", "value_cents": "90k", "probability": 90,
                                                            "expected_close": "2027-02-15"})
    opportunities.update_opportunity(db, won.id, {"status": "won", "closed_on": "2026-11-01", "close_reason": "Best fit"})
    figures = review_figures(db, account_id, TODAY)
    assert [(q.label, q.weighted_cents) for q in figures.forecast][:2] == [("Q4 2026", 0), ("Q1 2027", 2_000_000)]
    assert figures.forecast_total_cents == 2_000_000


def test_objectives_are_overdue_past_their_date_until_achieved_or_dropped(db, account_id) -> None:
    owner = team.create_member(db, {"name": "Giulia Bianchi"})
    late = objectives.create_objective(db, account_id, {"title": "Partner by Q3 2026", "due_on": "2026-09-30",
                                                        "owner_id": owner.id})
    objectives.create_objective(db, account_id, {"title": "Framework contract", "due_on": "2027-06-30"})
    objectives.create_objective(db, account_id, {"title": "No date yet"})
    assert [o.title for o in review_figures(db, account_id, TODAY).overdue_objectives] == ["Partner by Q3 2026"]
    assert objectives.overdue_counts(db, TODAY) == {account_id: 1}
    [agenda] = objectives.overdue_objectives(db, TODAY)
    assert (agenda.title, agenda.owner, agenda.due_on) == ("Partner by Q3 2026", "Giulia Bianchi", date(2026, 9, 30))
    # Due today is not overdue yet.
    assert objectives.overdue_counts(db, date(2026, 9, 30)) == {}
    objectives.mark_achieved(db, late.id)
    assert objectives.overdue_counts(db, TODAY) == {}
    objectives.update_objective(db, late.id, {"status": ObjectiveStatus.OPEN})
    objectives.update_objective(db, late.id, {"status": "dropped"})
    assert review_figures(db, account_id, TODAY).overdue_objectives == []


def test_milestones_belong_to_their_objective_and_go_with_it(db, account_id) -> None:
    goal = objectives.create_objective(db, account_id, {"title": "Partner", "due_on": "2027-09-30"})
    first = objectives.add_milestone(db, goal.id, {"title": "Executive sponsor named", "due_on": "2026-10-31"})
    objectives.add_milestone(db, goal.id, {"title": "Joint plan signed", "due_on": "2027-03-31"})
    [view] = objectives.list_objectives(db, account_id, TODAY)
    assert [(m.title, m.overdue) for m in view.milestones] == [("Executive sponsor named", True),
                                                               ("Joint plan signed", False)]
    objectives.mark_milestone_done(db, first.id, TODAY)
    [view] = objectives.list_objectives(db, account_id, TODAY)
    assert view.milestones_done == 1 and not view.milestones[0].overdue
    objectives.delete_objective(db, goal.id)
    assert objectives.list_objectives(db, account_id, TODAY) == []
    entities = {e.entity for e in activity.entries_for_account(db, account_id)}
    assert {"objective", "milestone"} <= entities


def test_objective_owner_must_be_a_team_member(db, account_id) -> None:
    with pytest.raises(DomainError) as err:
        objectives.create_objective(db, account_id, {"title": "x", "owner_id": 999})
    assert err.value.field == "owner_id"
    with pytest.raises(DomainError) as err:
        objectives.create_objective(db, account_id, {"title": "  "})
    assert "Objective is required" in str(err.value)


def test_top_risks_rank_open_risks_by_likelihood_times_impact(db, account_id) -> None:
    risks.create_risk(db, account_id, {"description": "Budget freeze", "likelihood": 2, "impact": 5})
    risks.create_risk(db, account_id, {"description": "Champion leaves", "likelihood": "High", "impact": "very high"})
    risks.create_risk(db, account_id, {"description": "Price war", "likelihood": 5, "impact": 2})
    closed = risks.create_risk(db, account_id, {"description": "Old one", "likelihood": 5, "impact": 5})
    risks.update_risk(db, closed.id, {"status": RiskStatus.CLOSED})
    risks.create_risk(db, account_id, {"description": "Minor", "likelihood": 1, "impact": 1})
    figures = review_figures(db, account_id, TODAY)
    assert [(r.description, r.score) for r in figures.top_risks] == [
        ("Champion leaves", 20), ("Budget freeze", 10), ("Price war", 10)]
    with pytest.raises(DomainError) as err:
        risks.create_risk(db, account_id, {"description": "x", "likelihood": 6})
    assert err.value.field == "likelihood"


def test_open_asks_and_late_ones(db, account_id) -> None:
    director = team.create_member(db, {"name": "Marco Rossi", "role": "executive"})
    late = asks.create_ask(db, account_id, {"request": "Executive sponsor for the QBR", "asked_of_id": director.id,
                                             "needed_by": "2026-11-01"})
    asks.create_ask(db, account_id, {"request": "Budget for a pilot: €15.000", "asked_of": "Sales director"})
    refused = asks.create_ask(db, account_id, {"request": "Discount beyond 20 %"})
    asks.update_ask(db, refused.id, {"status": AskStatus.REFUSED, "answer": "Margin too low"})
    figures = review_figures(db, account_id, TODAY)
    assert [(a.request, a.who, a.late) for a in figures.open_asks] == [
        ("Executive sponsor for the QBR", "Marco Rossi", True), ("Budget for a pilot: €15.000", "Sales director", False)]
    asks.mark_granted(db, late.id)
    assert asks.open_ask_counts(db) == {account_id: 1}


def test_level_history_is_a_dated_step_line(db, account_id) -> None:
    from accountmgr.services import assessments

    assessments.record_assessment(db, account_id, [], "prospect", assessed_on="2025-03-01")
    assessments.record_assessment(db, account_id, [], "buyer", note="First order", assessed_on="2026-02-01")
    figures = review_figures(db, account_id, TODAY)
    assert [(p.on, p.level) for p in figures.level_history] == [
        (date(2025, 3, 1), RelationshipLevel.PROSPECT), (date(2026, 2, 1), RelationshipLevel.BUYER)]


def test_figures_of_the_whole_portfolio_equal_each_account_s_own(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.account_review import review_figures_for
    from accountmgr.services.portfolio import account_names

    together = review_figures_for(demo_db, None, TODAY)
    ids = [account_id for account_id, _name in account_names(demo_db)]
    assert set(together) >= set(ids)
    for account_id in ids:
        assert together[account_id] == review_figures(demo_db, account_id, TODAY)


def test_share_of_wallet_now_is_the_last_full_year_not_this_year_to_date(db, account_id) -> None:
    revenue.create_year(db, account_id, {"year": 2025, "actual_cents": "100k"})
    revenue.create_year(db, account_id, {"year": 2026, "actual_cents": "20k"})
    figures = review_figures(db, account_id, TODAY)
    assert (figures.share_now, figures.share_now_year) == (25.0, 2025)
    revenue.delete_year(db, figures.years[0].id)
    # With no earlier year, this year's to date is all there is.
    assert (review_figures(db, account_id, TODAY).share_now, review_figures(db, account_id, TODAY).share_now_year) == (
        5.0, 2026)


@given(st.one_of(st.text(max_size=12), st.integers(-10, 10)))
def test_a_risk_rating_is_one_to_five_or_refused_at_its_field(value) -> None:  # noqa: ANN001
    try:
        rating = risks.RISK_FIELDS["likelihood"](value, "likelihood")
    except DomainError as err:
        assert err.field == "likelihood"
    else:
        assert rating in (1, 2, 3, 4, 5)


@given(st.text(max_size=80))
def test_any_typed_objective_title_is_stored_clean_or_refused(text: str) -> None:
    try:
        cleaned = objectives.OBJECTIVE_FIELDS["title"](text, "title")
    except DomainError as err:
        assert err.field == "title"
    else:
        assert cleaned and cleaned == cleaned.strip() and "\n" not in cleaned and len(cleaned) <= 200


def test_the_portfolio_counts_overdue_objectives_like_the_service(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.portfolio import load_portfolio

    entries = {e.id: e.overdue_objectives for e in load_portfolio(demo_db).entries if e.overdue_objectives}
    assert entries == objectives.overdue_counts(demo_db, date(2026, 11, 20)) and len(entries) >= 3
