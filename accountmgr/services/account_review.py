"""Everything a quarterly review says about one account's economics and strategy, in one object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accountmgr.models import Account, LevelAssessment
from accountmgr.models.enums import AskStatus, RelationshipLevel
from accountmgr.queries import forecast as forecast_q
from accountmgr.queries import revenue as revenue_q
from accountmgr.queries.assessments_history import assessments_of
from accountmgr.services import records
from accountmgr.services.asks import AskView, ask_views
from accountmgr.services.forecast import QuarterForecast, forecast_by_quarter
from accountmgr.services.objectives import ObjectiveView, objective_views
from accountmgr.services.revenue import RevenueYear, revenue_years
from accountmgr.services.risks import RiskView, risk_views, top_risks


@dataclass(frozen=True)
class LevelPoint:
    """One assessment on the relationship's path: from this date the level was this."""

    on: date
    level: RelationshipLevel


@dataclass(frozen=True)
class ReviewFigures:
    """The numbers and lists of one account for the plan's summary, the economics and strategy steps and charts.

    Money is in cents, shares in per cent with one decimal; None means "not entered" (show "—").
    """

    account_id: int
    today: date
    years: list[RevenueYear]
    """Revenue years, oldest first, each with its target and share of wallet."""
    this_year: RevenueYear | None
    last_year: RevenueYear | None
    share_now: float | None
    """Share of wallet in the latest year (up to this one) with revenue entered."""
    share_now_year: int | None
    purchase_potential_cents: int | None
    forecast: list[QuarterForecast]
    objectives: list[ObjectiveView]
    overdue_objectives: list[ObjectiveView]
    risks: list[RiskView]
    top_risks: list[RiskView]
    """The three open risks with the highest likelihood × impact."""
    asks: list[AskView]
    open_asks: list[AskView]
    level_history: list[LevelPoint]
    """The assessments oldest first: a step line of the relationship level."""
    current_level: RelationshipLevel
    target_level: RelationshipLevel | None

    @property
    def forecast_total_cents(self) -> int:
        """Weighted value of every open opportunity, whatever its quarter."""
        return sum(q.weighted_cents for q in self.forecast)


def review_figures(db, account_id: int, today: date) -> ReviewFigures:  # noqa: ANN001
    """Read the account's revenue, forecast, objectives, risks, asks and level history in one transaction.

    The plan, its summary, the HTML, the charts and the TUI steps all take their numbers from here so they agree.
    """
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        years = revenue_years(revenue_q.years_of(session, account_id), account.purchase_potential_cents)
        by_year = {y.year: y for y in years}
        with_actual = [y for y in years if y.actual_cents is not None and y.year <= today.year]
        latest = with_actual[-1] if with_actual else None
        objectives = objective_views(session, account_id, today)
        risks = risk_views(session, account_id)
        asks = ask_views(session, account_id, today)
        opportunities = forecast_q.open_opportunities(session, account_id)
        history = _level_history(session, account_id)
        return ReviewFigures(
            account_id=account_id,
            today=today,
            years=years,
            this_year=by_year.get(today.year),
            last_year=by_year.get(today.year - 1),
            share_now=latest.share_pct if latest else None,
            share_now_year=latest.year if latest and latest.share_pct is not None else None,
            purchase_potential_cents=account.purchase_potential_cents,
            forecast=forecast_by_quarter(opportunities, today),
            objectives=objectives,
            overdue_objectives=[o for o in objectives if o.overdue],
            risks=risks,
            top_risks=top_risks(risks),
            asks=asks,
            open_asks=[a for a in asks if a.status == AskStatus.OPEN],
            level_history=history,
            current_level=account.current_level,
            target_level=account.target_level,
        )


def _level_history(session, account_id: int) -> list[LevelPoint]:  # noqa: ANN001
    rows: list[LevelAssessment] = assessments_of(session, account_id)
    return [LevelPoint(on=r.assessed_on, level=r.level) for r in rows]
