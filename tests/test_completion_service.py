"""Completion rules of steps a–l: each step missing, partial and done, the reasons, and the bulk form."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from accountmgr.models import Step
from accountmgr.services import (
    accounts,
    assessments,
    competitors,
    completion,
    constraints,
    deliveries,
    dmu,
    opportunities,
    plan,
    reviews,
    value_proposition,
)
from accountmgr.services.completion import Completion


@pytest.fixture
def account_id(db, frozen_clock) -> int:
    return accounts.create_account(db, {"name": "Acme"}).id


def state(db, account_id: int, step: Step) -> completion.StepState:
    return completion.step_status(db, account_id)[step]


def test_a_new_account_misses_every_step_and_says_what(db, account_id) -> None:
    states = completion.step_status(db, account_id)
    assert list(states) == list(Step)
    assert all(s.state is Completion.MISSING for s in states.values())
    assert all(s.reason for s in states.values())
    assert completion.next_missing_step(states) is Step.A
    assert completion.progress(states) == (0, 12)


@pytest.mark.parametrize(
    ("step", "partial", "done"),
    [
        (Step.A, {"organisation": "Three plants"}, {"organisation": "Three plants", "value_chain": "Make to order"}),
        (Step.E, {"purchase_potential_cents": "1m"}, {"purchase_potential_cents": "1m", "absorption_potential_cents": "200k"}),
        (Step.F, {"profit_grade": "high"}, {"profit_grade": "high", "strategic_value": 4, "potential_value_cents": "2m"}),
        (Step.G, {"management_model": "dedicated"}, {"management_model": "dedicated", "strategy_notes": "Grow MES"}),
    ],
)
def test_account_field_steps(db, account_id, step, partial, done) -> None:
    accounts.update_account(db, account_id, partial)
    assert state(db, account_id, step).state is Completion.PARTIAL
    accounts.update_account(db, account_id, done)
    if step is Step.A:
        assert "personal objectives" in state(db, account_id, step).reason
        dmu.create_member(db, account_id, {"name": "Ann", "personal_objectives": "Get promoted"})
    if step is Step.E:
        assert "opportunity" in state(db, account_id, step).reason
        opportunities.create_opportunity(db, account_id, {"name": "Line 4", "value_cents": "100k"})
    assert state(db, account_id, step).state is Completion.DONE


def test_b_customer_profile(db, account_id) -> None:
    accounts.update_account(db, account_id, {"customer_profile": "Cautious, committee decisions"})
    assert state(db, account_id, Step.B).done


def test_c_competitors_partial_until_complete(db, account_id) -> None:
    row = competitors.create_competitor(db, account_id, {"competitor": "Rival"})
    assert state(db, account_id, Step.C).state is Completion.PARTIAL
    assert "1 competitor without" in state(db, account_id, Step.C).reason
    competitors.update_competitor(db, row.id, {"competences": "Price", "success_factors": "Speed", "level": "buyer"})
    assert state(db, account_id, Step.C).done


def test_d_needs_assessment_and_target(db, account_id) -> None:
    constraints.create_constraint(db, account_id, {"kind": "economic", "description": "Budget freeze"})
    assert state(db, account_id, Step.D).state is Completion.PARTIAL
    assessments.record_assessment(db, account_id, [], "prospect")
    assert state(db, account_id, Step.D).reason == "Missing: target level."
    assessments.set_target_level(db, account_id, "account")
    assert state(db, account_id, Step.D).done


def test_h_needs_a_decision_maker_and_roles(db, account_id) -> None:
    member = dmu.create_member(db, account_id, {"name": "Ann"})
    assert state(db, account_id, Step.H).reason == "No decision maker known in the DMU."
    dmu.update_member(db, member.id, {"roles": "decision_maker"})
    other = dmu.create_member(db, account_id, {"name": "Bob"})
    assert state(db, account_id, Step.H).reason == "1 DMU member without a buying role."
    dmu.update_member(db, other.id, {"roles": "user"})
    assert state(db, account_id, Step.H).done


def test_i_value_proposition_and_personal_wins(db, account_id) -> None:
    accounts.update_account(db, account_id, {"target_level": "partner"})
    value_proposition.save_value_proposition(db, account_id, {"org_benefits": "Less downtime", "solution_fit": "MES"})
    assert state(db, account_id, Step.I).state is Completion.PARTIAL
    assert "strategic fit" in state(db, account_id, Step.I).reason
    value_proposition.save_value_proposition(db, account_id, {"strategic_fit": "Digital plant"})
    assert "personal win" in state(db, account_id, Step.I).reason
    dmu.create_member(db, account_id, {"name": "Ann", "personal_win": "Visible success"})
    assert state(db, account_id, Step.I).done


def test_j_needs_something_planned_ahead(db, account_id) -> None:
    plan.create_action(
        db, account_id,
        {"scheduled_at": "2026-11-01 10:00", "objective": "Kick-off", "status": "done", "done_on": "2026-11-01"},
    )
    assert state(db, account_id, Step.J).reason == "Nothing planned from today on."
    plan.create_action(db, account_id, {"scheduled_at": datetime(2026, 12, 1, 10, 0), "objective": "Review"})
    assert state(db, account_id, Step.J).done


def test_k_deliveries_need_cooperation_people_and_competences(db, account_id) -> None:
    row = deliveries.create_delivery(db, account_id, {"name": "Pilot"})
    assert state(db, account_id, Step.K).state is Completion.PARTIAL
    deliveries.update_delivery(
        db, row.id, {"cooperation": "high", "customer_people": "Plant IT", "competences": "PLC"}
    )
    assert state(db, account_id, Step.K).done


def test_l_reviews_need_scored_drivers_and_to_be_recent(db, account_id) -> None:
    old = reviews.create_review(db, account_id, {"reviewed_on": "2025-06-01", "satisfaction": 7})
    assert "over a year ago" in state(db, account_id, Step.L).reason
    reviews.update_review(db, old.id, {"reviewed_on": date(2026, 10, 1)})
    assert state(db, account_id, Step.L).reason == "No review has a satisfaction driver scored."
    reviews.set_drivers(db, old.id, [{"driver": "Price", "importance": 5, "our_score": 6}])
    assert state(db, account_id, Step.L).done


def test_i_asks_for_a_strategic_fit_only_when_the_target_is_partner(db, account_id) -> None:
    accounts.update_account(db, account_id, {"target_level": "account"})
    value_proposition.save_value_proposition(db, account_id, {"org_benefits": "Less downtime", "solution_fit": "MES"})
    dmu.create_member(db, account_id, {"name": "Ann", "personal_win": "Visible success"})
    assert state(db, account_id, Step.I).done
    accounts.update_account(db, account_id, {"target_level": "partner"})
    assert state(db, account_id, Step.I).reason == "Missing: strategic fit (the target level is Partner)."


def test_a_new_unscored_review_does_not_knock_step_l_back(db, account_id) -> None:
    first = reviews.create_review(db, account_id, {"reviewed_on": "2026-09-01", "satisfaction": 7})
    reviews.set_drivers(db, first.id, [{"driver": "Reliability", "importance": 5, "our_score": 6},
                                       {"driver": "Price", "importance": 2, "our_score": 8}])
    assert state(db, account_id, Step.L).done
    reviews.create_review(db, account_id, {"reviewed_on": "2026-11-10"})
    assert state(db, account_id, Step.L).done


def test_next_missing_step_wraps_after_the_current_one(db, account_id) -> None:
    accounts.update_account(db, account_id, {"customer_profile": "Cautious"})
    states = completion.step_status(db, account_id)
    assert completion.next_missing_step(states, after=Step.A) is Step.C
    assert completion.next_missing_step(states, after=Step.L) is Step.A


def test_bulk_matches_single_account(db, account_id) -> None:
    other = accounts.create_account(db, {"name": "Beta", "customer_profile": "Fast"}).id
    bulk = completion.step_status_bulk(db)
    assert set(bulk) == {account_id, other}
    assert bulk[other] == completion.step_status(db, other)
    assert bulk[other][Step.B].done and not bulk[account_id][Step.B].done
