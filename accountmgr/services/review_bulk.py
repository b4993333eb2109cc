"""The review figures of many accounts from their loaded plan data, with no query per account.

``account_review.review_figures`` reads one account; a portfolio export of a
thousand plans cannot afford its queries a thousand times. This builds the same
``ReviewFigures`` from the rows ``plan_data`` loaded in bulk, with the same
rules (a test checks both give equal objects on the demo portfolio).
"""

from __future__ import annotations

from datetime import date

from accountmgr.models import OpportunityStatus
from accountmgr.models.enums import AskStatus, RiskStatus
from accountmgr.services.account_review import LevelPoint, ReviewFigures
from accountmgr.services.asks import AskView
from accountmgr.services.forecast import forecast_by_quarter
from accountmgr.services.objectives import MilestoneView, ObjectiveView, is_overdue
from accountmgr.services.plan_data import PlanData
from accountmgr.services.revenue import revenue_years
from accountmgr.services.risks import RiskView, score, top_risks


def _name(data: PlanData, member_id: int | None) -> str:
    return data.team.get(member_id, "") if member_id is not None else ""


def _objectives(data: PlanData, today: date) -> list[ObjectiveView]:
    views = []
    for r in data.objectives:
        milestones = [
            MilestoneView(id=m.id or 0, version=int(m.version or 1), objective_id=m.objective_id, objective=r.title,
                          title=m.title, due_on=m.due_on, done_on=m.done_on,
                          overdue=m.done_on is None and m.due_on is not None and m.due_on < today)
            for m in data.milestones.get(r.id, [])
        ]
        views.append(ObjectiveView(
            id=r.id or 0, version=int(r.version or 1), title=r.title, due_on=r.due_on, owner=_name(data, r.owner_id),
            owner_id=r.owner_id, status=r.status, notes=r.notes, overdue=is_overdue(r, today), milestones=milestones,
        ))
    return views


def _risks(data: PlanData) -> list[RiskView]:
    views = [
        RiskView(id=r.id or 0, version=int(r.version or 1), description=r.description, likelihood=r.likelihood,
                 impact=r.impact, score=score(r.likelihood, r.impact), mitigation=r.mitigation,
                 owner=_name(data, r.owner_id), owner_id=r.owner_id, status=r.status)
        for r in data.risks
    ]
    return sorted(views, key=lambda r: (r.status != RiskStatus.OPEN, -r.score, -r.impact, r.id))


def _asks(data: PlanData, today: date) -> list[AskView]:
    return [
        AskView(id=a.id or 0, version=int(a.version or 1), request=a.request,
                who=_name(data, a.asked_of_id) or a.asked_of, asked_of=a.asked_of, asked_of_id=a.asked_of_id,
                needed_by=a.needed_by, status=a.status, answer=a.answer,
                late=a.status == AskStatus.OPEN and a.needed_by is not None and a.needed_by < today)
        for a in data.asks
    ]


def review_from_plan(data: PlanData, today: date) -> ReviewFigures:
    """The same figures ``review_figures`` reads, from one account's loaded data."""
    account = data.account
    years = revenue_years(data.revenue, account.purchase_potential_cents)
    by_year = {y.year: y for y in years}
    with_actual = [y for y in years if y.actual_cents is not None and y.year <= today.year]
    latest = with_actual[-1] if with_actual else None
    objectives = _objectives(data, today)
    risks = _risks(data)
    asks = _asks(data, today)
    open_opps = [o for o in data.opportunities if o.status == OpportunityStatus.OPEN]
    return ReviewFigures(
        account_id=account.id,
        today=today,
        years=years,
        this_year=by_year.get(today.year),
        last_year=by_year.get(today.year - 1),
        share_now=latest.share_pct if latest else None,
        share_now_year=latest.year if latest and latest.share_pct is not None else None,
        purchase_potential_cents=account.purchase_potential_cents,
        forecast=forecast_by_quarter(open_opps, today),
        objectives=objectives,
        overdue_objectives=[o for o in objectives if o.overdue],
        risks=risks,
        top_risks=top_risks(risks),
        asks=asks,
        open_asks=[a for a in asks if a.status == AskStatus.OPEN],
        level_history=[LevelPoint(on=a.assessed_on, level=a.level) for a in data.assessments],
        current_level=account.current_level,
        target_level=account.target_level,
    )
