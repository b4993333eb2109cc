"""The facts behind each step's completion, per account, in one statement."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, String, and_, case, cast, false, func, or_, select

from accountmgr.models import (
    Account,
    ActionStatus,
    BuyingRole,
    CommunicationAction,
    CompetitorPresence,
    Delivery,
    DmuMember,
    LevelAssessment,
    Opportunity,
    RelationshipConstraint,
    Review,
    ReviewDriver,
    ValueProposition,
)
from accountmgr.models.columns import table_of

_a = table_of(Account)


def _count_if(condition: Any) -> Any:
    """How many rows of the group meet *condition* (0 when none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _per_account(model: Any, account_id: int | None, *extra: Any) -> Any:
    """A grouped subquery of *model*: account_id, n and the *extra* labelled aggregates."""
    table = model.__table__
    statement = select(table.c.account_id, func.count().label("n"), *extra).group_by(table.c.account_id)
    if account_id is not None:
        # Each aggregate reads only this account's rows, so one account costs the same at any portfolio size.
        statement = statement.where(table.c.account_id == account_id)
    return statement.subquery()


def step_facts(conn: Connection, now: datetime, account_id: int | None = None, *, include_archived: bool = True) -> list[dict[str, Any]]:
    """One dict of facts per account (or for one account): what each step of the method has on record."""
    cp = table_of(CompetitorPresence)
    dm = table_of(DmuMember)
    ca = table_of(CommunicationAction)
    dl = table_of(Delivery)
    rv = table_of(Review)
    rd = table_of(ReviewDriver)
    vp = table_of(ValueProposition)
    roles = cast(dm.c.roles, String)
    c = _per_account(CompetitorPresence, account_id, _count_if(
        or_(cp.c.competences == "", cp.c.success_factors == "", cp.c.level.is_(None))
    ).label("incomplete"))
    k = _per_account(RelationshipConstraint, account_id)
    s = _per_account(LevelAssessment, account_id)
    o = _per_account(Opportunity, account_id)
    d = _per_account(
        DmuMember, account_id,
        _count_if(roles.like(f'%"{BuyingRole.DECISION_MAKER.value}"%')).label("deciders"),
        _count_if(dm.c.personal_objectives != "").label("with_objectives"),
        _count_if(or_(roles == "[]", dm.c.roles.is_(None))).label("without_role"),
        _count_if(dm.c.personal_win != "").label("with_win"),
    )
    p = _per_account(
        CommunicationAction, account_id,
        _count_if(and_(ca.c.status == ActionStatus.PLANNED, ca.c.scheduled_at >= now)).label("ahead"),
    )
    w = _per_account(Delivery, account_id, _count_if(
        or_(dl.c.cooperation.is_(None), dl.c.competences == "", dl.c.customer_people == "")
    ).label("incomplete"))
    r = _per_account(Review, account_id, func.max(rv.c.reviewed_on).label("latest"))
    # The newest review with a driver scored: a review just added and not yet scored does not undo step l.
    latest_scored_review = (
        select(func.max(rv.c.reviewed_on)).select_from(rv.join(rd, rd.c.review_id == rv.c.id))
        .where(rv.c.account_id == _a.c.id, rd.c.our_score.is_not(None)).scalar_subquery()
    )

    def filled(column: Any) -> Any:
        return case((func.coalesce(column, "") != "", True), else_=False)

    def known(column: Any) -> Any:
        return case((column.is_not(None), True), else_=False)

    statement = (
        select(
            _a.c.id,
            filled(_a.c.organisation).label("has_organisation"),
            filled(_a.c.value_chain).label("has_value_chain"),
            filled(_a.c.customer_profile).label("has_profile"),
            known(_a.c.purchase_potential_cents).label("has_purchase"),
            known(_a.c.absorption_potential_cents).label("has_absorption"),
            known(_a.c.strategic_value).label("has_strategic_value"),
            known(_a.c.profit_grade).label("has_profit_grade"),
            known(_a.c.potential_value_cents).label("has_potential_value"),
            known(_a.c.management_model).label("has_model"),
            filled(_a.c.strategy_notes).label("has_strategy"),
            known(_a.c.target_level).label("has_target"), _a.c.target_level.label("target_level"),
            func.coalesce(c.c.n, 0).label("competitors"), func.coalesce(c.c.incomplete, 0).label("competitors_incomplete"),
            func.coalesce(k.c.n, 0).label("constraints"),
            func.coalesce(s.c.n, 0).label("assessments"),
            func.coalesce(o.c.n, 0).label("opportunities"),
            func.coalesce(d.c.n, 0).label("members"), func.coalesce(d.c.deciders, 0).label("deciders"),
            func.coalesce(d.c.with_objectives, 0).label("with_objectives"),
            func.coalesce(d.c.without_role, 0).label("without_role"),
            func.coalesce(d.c.with_win, 0).label("with_win"),
            filled(vp.c.org_benefits).label("has_benefits"),
            filled(vp.c.solution_fit).label("has_solution_fit"),
            filled(vp.c.strategic_fit).label("has_strategic_fit"),
            func.coalesce(p.c.n, 0).label("actions"), func.coalesce(p.c.ahead, 0).label("actions_ahead"),
            func.coalesce(w.c.n, 0).label("deliveries"), func.coalesce(w.c.incomplete, 0).label("deliveries_incomplete"),
            func.coalesce(r.c.n, 0).label("reviews"), r.c.latest.label("latest_review"),
            latest_scored_review.label("latest_scored_review"),
        )
        .select_from(_a)
        .outerjoin(c, c.c.account_id == _a.c.id)
        .outerjoin(k, k.c.account_id == _a.c.id)
        .outerjoin(s, s.c.account_id == _a.c.id)
        .outerjoin(o, o.c.account_id == _a.c.id)
        .outerjoin(d, d.c.account_id == _a.c.id)
        .outerjoin(vp, vp.c.account_id == _a.c.id)
        .outerjoin(p, p.c.account_id == _a.c.id)
        .outerjoin(w, w.c.account_id == _a.c.id)
        .outerjoin(r, r.c.account_id == _a.c.id)
    )
    if account_id is not None:
        statement = statement.where(_a.c.id == account_id)
    elif not include_archived:
        statement = statement.where(_a.c.archived == false())
    return [dict(row) for row in conn.execute(statement).mappings()]
