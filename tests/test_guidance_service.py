"""Gap guidance: the sales-approach changes for a move, and each finding the account's data triggers."""

from __future__ import annotations

import pytest

from accountmgr.models import RelationshipLevel, Step
from accountmgr.services import (
    accounts,
    assessments,
    constraints,
    dmu,
    four_questions,
    guidance,
    value_proposition,
)

L = RelationshipLevel


@pytest.fixture
def account_id(db, frozen_clock) -> int:
    return accounts.create_account(db, {"name": "Acme", "current_level": "buyer"}).id


def titles(g: guidance.Guidance) -> list[str]:
    return [f.title for f in g.findings]


def test_no_target_asks_for_one(db, account_id) -> None:
    g = guidance.gap_guidance(db, account_id)
    assert g.target is None and g.changes == [] and "No target level" in g.summary


def test_target_at_or_below_current_means_keep_the_level(db, account_id) -> None:
    g = guidance.gap_guidance(db, account_id, L.BUYER)
    assert not g.is_move_up and g.findings == [] and "keep the level" in g.summary


def test_buyer_to_account_lists_every_sales_aspect_change(db, account_id) -> None:
    g = guidance.gap_guidance(db, account_id, L.ACCOUNT)
    by_aspect = {c.aspect: (c.current, c.target) for c in g.changes}
    assert by_aspect["strategy"] == ("Sell the product", "Sell the solution")
    assert by_aspect["horizon"] == ("Here and now (hic et nunc)", "Start-up of the solution")
    assert by_aspect["interlocutor"] == ("Buyer: purchasing or area manager", "Influencers: process owners")
    assert len(g.changes) == 8
    assert "Sell the solution".lower() in g.summary


def test_target_account_without_favourable_process_owner(db, account_id) -> None:
    accounts.update_account(db, account_id, {"target_level": "account"})
    owner = dmu.create_member(db, account_id, {"name": "Ann", "title": "Head of Production", "attitude": "sceptic"})
    g = guidance.gap_guidance(db, account_id)
    finding = next(f for f in g.findings if f.title == "No process owner or function director on our side")
    assert finding.step is Step.H and "Ann" in finding.why
    dmu.update_member(db, owner.id, {"attitude": "supporter"})
    assert "No process owner or function director on our side" not in titles(guidance.gap_guidance(db, account_id))


def test_target_partner_needs_a_general_management_champion(db, account_id) -> None:
    accounts.update_account(db, account_id, {"target_level": "partner"})
    assert "No decision maker or general management champion" in titles(guidance.gap_guidance(db, account_id))
    dmu.create_member(
        db, account_id, {"name": "Carla", "title": "CEO", "attitude": "champion", "coverage": "in_depth"}
    )
    assert "No decision maker or general management champion" not in titles(guidance.gap_guidance(db, account_id))


def test_value_proposition_fits(db, account_id) -> None:
    accounts.update_account(db, account_id, {"target_level": "partner"})
    found = titles(guidance.gap_guidance(db, account_id))
    assert "No solution fit stated" in found and "No strategic fit stated" in found
    value_proposition.save_value_proposition(db, account_id, {"solution_fit": "MES", "strategic_fit": "Shared roadmap"})
    found = titles(guidance.gap_guidance(db, account_id))
    assert "No solution fit stated" not in found and "No strategic fit stated" not in found


def test_high_severity_constraints_are_findings(db, account_id) -> None:
    accounts.update_account(db, account_id, {"target_level": "account"})
    constraints.create_constraint(db, account_id, {"kind": "administrative", "description": "Framework contract", "severity": "low"})
    constraints.create_constraint(db, account_id, {"kind": "economic", "description": "Budget freeze", "severity": "high"})
    found = [f for f in guidance.gap_guidance(db, account_id).findings if f.aspect == "constraints"]
    assert len(found) == 1 and "Budget freeze" in found[0].why and found[0].step is Step.G


def test_evidence_findings_follow_the_latest_assessment(db, account_id) -> None:
    accounts.update_account(db, account_id, {"target_level": "account"})
    assert "No level assessment yet" in titles(guidance.gap_guidance(db, account_id))
    evidence = ["prospect.objectives", "prospect.values", "prospect.focus", "buyer.objectives", "buyer.values",
                "buyer.focus", "account.bond"]
    assessments.record_assessment(db, account_id, evidence, "buyer")
    accounts.update_account(db, account_id, {"target_level": "account"})
    g = guidance.gap_guidance(db, account_id)
    assert "Account evidenced on 1 of 5 aspects" in titles(g)
    assert [c.code for c in g.criteria_to_evidence] == [
        "account.objectives", "account.values", "account.focus", "account.interlocutors",
    ]


def test_four_questions_point_at_steps_and_say_what_is_missing(db, account_id) -> None:
    dmu.create_member(db, account_id, {"name": "Dan", "roles": "decision_maker", "personal_win": ""})
    answers = four_questions.four_questions(db, account_id)
    assert [a.number for a in answers] == [1, 2, 3, 4]
    assert Step.E in answers[0].steps and "purchase potential (step e)" in answers[0].missing
    assert "competitors (step c)" in answers[2].missing
    assert any("Dan" in line for line in answers[3].lines)
    assert "personal win for Dan (step i)" in answers[3].missing


def test_prospect_to_buyer_needs_a_purchasing_contact_and_an_opportunity(db, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Newco", "target_level": "buyer"})
    g = guidance.gap_guidance(db, account.id)
    assert {c.current for c in g.changes} == {"—"}
    found = titles(g)
    assert "No purchasing or area manager in the DMU" in found and "No open opportunity" in found
    dmu.create_member(db, account.id, {"name": "Bea", "title": "Head of Procurement"})
    assert "No purchasing or area manager in the DMU" not in titles(guidance.gap_guidance(db, account.id))


def test_guidance_from_loaded_plan_data_equals_the_per_account_guidance(demo_db) -> None:  # noqa: ANN001
    """The export's no-query form and the screens' per-account form apply the same rules to the same facts."""
    from accountmgr.services.plan_data import load_plan_data

    plans = load_plan_data(demo_db)
    moves = 0
    for account_id, plan in plans.items():
        for target in (None, *L):
            bulk = guidance.guidance_from(guidance.facts_from_plan(plan, target))
            assert bulk == guidance.gap_guidance(demo_db, account_id, target)
            moves += bulk.is_move_up and bool(bulk.findings)
    assert moves > len(plans)  # most accounts have findings for some move up: the comparison has teeth
