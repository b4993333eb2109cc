"""Everything a quarterly review says about one account's economics and strategy, in one object."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from accountmgr.models.enums import AskStatus, RelationshipLevel
from accountmgr.queries import review as q
from accountmgr.queries.team_names import names_by_id
from accountmgr.services.asks import AskView, build_ask_views
from accountmgr.services.errors import NotFound
from accountmgr.services.forecast import QuarterForecast, forecast_by_quarter
from accountmgr.services.objectives import ObjectiveView, build_objective_views
from accountmgr.services.revenue import RevenueYear, revenue_years
from accountmgr.services.risks import RiskView, build_risk_views, top_risks

if TYPE_CHECKING:
    from accountmgr.db import Database


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
    """Share of wallet in the last full year with revenue entered (this year's to date when there is no other)."""
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


def review_figures(db: Database, account_id: int, today: date) -> ReviewFigures:
    """Read the account's revenue, forecast, objectives, risks, asks and level history in one transaction.

    The plan, its summary, the HTML, the charts and the TUI steps all take their numbers from here so they agree.
    """
    found = review_figures_for(db, [account_id], today)
    if account_id not in found:
        raise NotFound("That account no longer exists.")
    return found[account_id]


def review_figures_for(db: Database, account_ids: Sequence[int] | None, today: date) -> dict[int, ReviewFigures]:
    """:func:`review_figures` of many accounts (None: all of them) in one transaction and a handful of queries,
    for the portfolio export."""
    with db.session() as session:
        accounts = q.accounts(session, account_ids)
        names = names_by_id(session)
        years = _grouped(q.revenue_years(session, account_ids))
        objectives = _grouped(q.objectives(session, account_ids))
        milestones = q.milestones(session, account_ids)
        risks = _grouped(q.risks(session, account_ids))
        asks = _grouped(q.asks(session, account_ids))
        opportunities = _grouped(q.open_opportunities(session, account_ids))
        assessments = _grouped(q.assessments(session, account_ids))
    goal_account = {goal.id: account_id for account_id, goals in objectives.items() for goal in goals}
    milestones_by_account: dict[int, list[Any]] = defaultdict(list)
    for milestone in milestones:
        milestones_by_account[goal_account.get(milestone.objective_id, 0)].append(milestone)
    result = {}
    for account in accounts:
        account_id = account.id or 0
        goal_views = build_objective_views(objectives.get(account_id, []), milestones_by_account.get(account_id, []),
                                           names, today)
        risk_views = build_risk_views(risks.get(account_id, []), names)
        ask_views = build_ask_views(asks.get(account_id, []), names, today)
        year_views = revenue_years(years.get(account_id, []), account.purchase_potential_cents)
        latest = share_year(year_views, today)
        by_year = {y.year: y for y in year_views}
        result[account_id] = ReviewFigures(
            account_id=account_id,
            today=today,
            years=year_views,
            this_year=by_year.get(today.year),
            last_year=by_year.get(today.year - 1),
            share_now=latest.share_pct if latest else None,
            share_now_year=latest.year if latest and latest.share_pct is not None else None,
            purchase_potential_cents=account.purchase_potential_cents,
            forecast=forecast_by_quarter(opportunities.get(account_id, []), today),
            objectives=goal_views,
            overdue_objectives=[o for o in goal_views if o.overdue],
            risks=risk_views,
            top_risks=top_risks(risk_views),
            asks=ask_views,
            open_asks=[a for a in ask_views if a.status == AskStatus.OPEN],
            level_history=[LevelPoint(on=r.assessed_on, level=r.level) for r in assessments.get(account_id, [])],
            current_level=account.current_level,
            target_level=account.target_level,
        )
    return result


def _grouped(rows: list[Any]) -> dict[int, list[Any]]:
    by_account: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_account[row.account_id].append(row)
    return by_account


def share_year(years: list[RevenueYear], today: date) -> RevenueYear | None:
    """The year whose share of wallet is "now": the last full year with revenue entered.

    This year's revenue to date against a whole year's spend would read low, so it counts only for an account
    with no earlier year.
    """
    with_actual = [y for y in years if y.actual_cents is not None and y.year <= today.year]
    full = [y for y in with_actual if y.year < today.year]
    return (full or with_actual)[-1] if full or with_actual else None
