"""Lifetime value and RFMT: the formula, prospects, settings, the one-pass query, Why? and the plan."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from accountmgr.db import Database
from accountmgr.models import ProfitGrade, RelationshipLevel
from accountmgr.services import accounts, customer_value, opportunities, settings
from accountmgr.services.account_plan import render_account_plan
from accountmgr.services.customer_value import AccountValue, ValueSettings, annuity, compute
from accountmgr.services.errors import DomainError
from accountmgr.services.portfolio import explain_account, load_portfolio
from accountmgr.services.scoring import Band

TODAY = date(2026, 11, 20)
DEFAULT = ValueSettings(8, 5, {"recency": 30, "frequency": 25, "monetary": 30, "tenure": 15})


def _history(account_id: int, *, count: int = 3, total: int = 30_000_000, first: date = date(2023, 1, 10),
             last: date = date(2026, 10, 1), recent: int = 30_000_000) -> tuple:
    return (account_id, count, total, first, last, recent, count, total)


def test_annuity_is_the_sum_of_discounted_kept_years() -> None:
    expected = sum((0.9 / 1.08) ** t for t in range(1, 6))
    assert annuity(0.9, 8, 5) == pytest.approx(expected)
    assert annuity(1.0, 0, 4) == 4


def test_lifetime_value_is_yearly_margin_kept_and_discounted() -> None:
    values = compute([(1, RelationshipLevel.ACCOUNT, ProfitGrade.HIGH, Band.LOW)], [_history(1)], DEFAULT, TODAY)
    value = values[1]
    # Three years of history: €300,000 over the last three years is €100,000 a year, 30 % margin.
    assert value.years_counted == 3 and value.yearly_revenue_cents == 10_000_000
    assert value.clv_cents == round(10_000_000 * 0.30 * annuity(0.90, 8, 5) / 100) * 100


def test_churn_risk_lowers_retention_and_unprofitable_goes_below_zero() -> None:
    rows = [(1, RelationshipLevel.ACCOUNT, ProfitGrade.MEDIUM, Band.LOW),
            (2, RelationshipLevel.ACCOUNT, ProfitGrade.MEDIUM, Band.HIGH),
            (3, RelationshipLevel.ACCOUNT, ProfitGrade.UNPROFITABLE, Band.LOW)]
    values = compute(rows, [_history(1), _history(2), _history(3)], DEFAULT, TODAY)
    assert values[1].clv_cents > values[2].clv_cents > 0
    assert values[3].clv_cents < 0
    assert values[1].clv_quarter == 1


def test_a_prospect_has_no_lifetime_value_but_is_compared_with_its_industry() -> None:
    rows = [(1, RelationshipLevel.PROSPECT, None, Band.LOW), (2, RelationshipLevel.BUYER, None, Band.LOW),
            (3, RelationshipLevel.BUYER, None, Band.LOW)]
    values = compute(rows, [_history(2)], DEFAULT, TODAY, {1: "Pharma", 2: "pharma ", 3: "Steel"})
    assert values[1].clv_cents is None and values[1].rfmt is None
    assert values[1].likeness == ("Pharma", values[2].clv_cents, 1)
    assert values[3].clv_cents is None and values[3].likeness is None  # nobody to compare with
    lines = customer_value.explain_clv(values[1], RelationshipLevel.PROSPECT, DEFAULT)
    assert lines[0].startswith("—, prospect")


def test_rfmt_weights_change_the_score() -> None:
    rows = [(i, RelationshipLevel.ACCOUNT, None, Band.LOW) for i in (1, 2)]
    # 1: old and loyal but not recent; 2: recent but new.
    histories = [_history(1, first=date(2015, 1, 1), last=date(2024, 1, 1)),
                 _history(2, first=date(2026, 9, 1), last=date(2026, 11, 1))]
    tenure_first = compute(rows, histories, ValueSettings(8, 5, {"recency": 0, "frequency": 0, "monetary": 0,
                                                                 "tenure": 100}), TODAY)
    recency_first = compute(rows, histories, ValueSettings(8, 5, {"recency": 100, "frequency": 0, "monetary": 0,
                                                                  "tenure": 0}), TODAY)
    assert tenure_first[1].rfmt > tenure_first[2].rfmt
    assert recency_first[2].rfmt > recency_first[1].rfmt


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10**9), st.integers(1, 4000), st.integers(0, 4000)),
                min_size=1, max_size=30),
       st.dictionaries(st.sampled_from(["recency", "frequency", "monetary", "tenure"]), st.integers(0, 100),
                       min_size=4, max_size=4).filter(lambda w: any(w.values())))
def test_rfmt_stays_between_0_and_100_and_each_part_between_1_and_5(rows, weights) -> None:  # noqa: ANN001
    accounts_ = [(i, RelationshipLevel.ACCOUNT, None, Band.MEDIUM) for i in range(len(rows))]
    histories = [(i, count, total, TODAY.fromordinal(TODAY.toordinal() - max(a, b)),
                  TODAY.fromordinal(TODAY.toordinal() - min(a, b)), total, count, total)
                 for i, (count, total, a, b) in enumerate(rows)]
    for value in compute(accounts_, histories, ValueSettings(8, 5, weights), TODAY).values():
        assert 0 <= value.rfmt <= 100
        assert all(1 <= part <= 5 for part in value.rfmt_parts)


@pytest.mark.parametrize(("raw", "field"), [
    ({"value_discount_pct": "60"}, "value_discount_pct"),
    ({"value_horizon_years": "0"}, "value_horizon_years"),
    ({"recency": "0", "frequency": "0", "monetary": "0", "tenure": "0"}, "recency"),
    ({"tenure": "lots"}, "tenure"),
])
def test_bad_settings_are_refused_at_their_field(db: Database, raw: dict, field: str) -> None:
    good = {"value_discount_pct": "8", "value_horizon_years": "5", "recency": "30", "frequency": "25",
            "monetary": "30", "tenure": "15"}
    with pytest.raises(DomainError) as refused:
        customer_value.save_settings(db, {**good, **raw})
    assert refused.value.field == field
    assert settings.get(db, "value_discount_pct") == 8


def test_settings_are_saved_logged_and_used(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Brennero Foods", "current_level": "account",
                                           "profit_grade": "high"})
    opportunities.create_opportunity(db, account.id, {"name": "Line 4", "value_cents": "300k", "status": "won", "close_reason": "Best uptime",
                                                      "closed_on": "2026-06-01"})
    before = load_portfolio(db).get(account.id).value.clv_cents
    customer_value.save_settings(db, {"value_discount_pct": "15", "value_horizon_years": "3", "recency": "10",
                                      "frequency": "10", "monetary": "10", "tenure": "70"})
    assert settings.get(db, "rfmt_weights")["tenure"] == 70
    after = load_portfolio(db).get(account.id).value
    assert after.clv_cents < before
    assert after.settings.discount_pct == 15 and after.settings.horizon_years == 3
    with db.connection() as conn:
        logged = conn.execute("SELECT summary FROM activity_log WHERE entity = 'setting'").fetchall()
    assert logged == [("Changed the lifetime-value settings and RFMT weights",)]


def test_the_query_reads_won_deals_only(db: Database, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Rossi [italia] SpA", "current_level": "buyer"})
    for name, status, closed, expected in (("Won early", "won", "2022-03-01", None),
                                           ("Won, no close date", "won", None, "2026-08-15"),
                                           ("Lost", "lost", "2026-09-01", None), ("Open", "open", None, None)):
        opportunities.create_opportunity(db, account.id, {"name": name, "value_cents": "1000", "status": status, "close_reason": "Price",
                                                          "closed_on": closed, "expected_close": expected})
    value = load_portfolio(db).get(account.id).value
    assert (value.won_count, value.won_cents) == (2, 200_000)
    assert value.days_since_won == 0  # won without a date: closed today
    assert value.tenure_days == (date(2026, 11, 20) - date(2022, 3, 1)).days
    # Only the last three years count for the yearly revenue: the 2022 deal is outside.
    assert value.yearly_revenue_cents == 100_000 // 3


def test_why_and_the_plan_explain_lifetime_value_and_rfmt(demo_db: Database, frozen_clock) -> None:
    portfolio = load_portfolio(demo_db)
    entry = next(e for e in portfolio.entries if e.name == "Brennero Foods")
    _, sections = explain_account(demo_db, entry.id)
    titles = [s.title for s in sections]
    assert any(t.startswith("Lifetime value: €") for t in titles)
    assert "Three ways to differentiate this customer" in titles
    assert any(t.startswith("RFMT: ") for t in titles)
    why = "\n".join(line for s in sections for line in s.lines)
    assert "Discounted at 8 % over 5 years" in why and "Tenure" in why
    plan = render_account_plan(demo_db, entry.id)
    assert "### Customer value: lifetime value and RFMT" in plan
    assert "- **Lifetime value:** €" in plan and "Expected future profitability" in plan
    prospect = next(e for e in portfolio.entries if e.level is RelationshipLevel.PROSPECT)
    assert "- **Lifetime value:** —, prospect" in render_account_plan(demo_db, prospect.id)


def test_every_demo_customer_that_bought_has_a_value(demo_db: Database, frozen_clock) -> None:
    entries = load_portfolio(demo_db).entries
    valued = [e for e in entries if isinstance(e.value, AccountValue) and e.value.clv_cents is not None]
    assert len(valued) >= 3 and all(e.value.rfmt is not None for e in valued)
    assert all(e.value.clv_cents is None for e in entries if e.level is RelationshipLevel.PROSPECT)


def test_yearly_revenue_figures_set_the_margin_monetary_value_and_tenure(db: Database, frozen_clock) -> None:
    from accountmgr.services import revenue

    account = accounts.create_account(db, {"name": "Nordhavn Water", "current_level": "partner",
                                           "profit_grade": "medium"})
    opportunities.create_opportunity(db, account.id, {"name": "Pumps", "value_cents": "50k", "status": "won",
                                                      "close_reason": "Service", "closed_on": "2026-05-01"})
    for year, actual in ((2019, "100k"), (2023, "280k"), (2024, "330k"), (2025, "365k"), (2026, "250k")):
        revenue.create_year(db, account.id, {"year": str(year), "actual_cents": actual})
    value = load_portfolio(db).get(account.id).value
    # The complete years 2023–2025 count for the yearly revenue (2026 is not over); 2024–2025 for RFMT.
    assert value.from_revenue and value.years_counted == 3
    assert value.yearly_revenue_cents == (28_000_000 + 33_000_000 + 36_500_000) // 3
    assert value.window_cents == 33_000_000 + 36_500_000
    assert value.tenure_days == (date(2026, 11, 20) - date(2019, 1, 1)).days
    assert value.days_since_won == (date(2026, 11, 20) - date(2026, 5, 1)).days
    lines = customer_value.explain_clv(value, RelationshipLevel.PARTNER, value.settings)
    assert "revenue of the last 3 complete years with a figure (the revenue table)" in lines[0]


def test_revenue_without_deals_still_scores_rfmt(db: Database, frozen_clock) -> None:
    from accountmgr.services import revenue

    account = accounts.create_account(db, {"name": "Vasa Timber", "current_level": "buyer"})
    revenue.create_year(db, account.id, {"year": "2025", "actual_cents": "90k"})
    value = load_portfolio(db).get(account.id).value
    assert value.rfmt is not None and value.won_count == 0
    assert value.days_since_won == (date(2026, 11, 20) - date(2025, 12, 31)).days
    assert value.clv_cents is not None and value.yearly_revenue_cents == 9_000_000
