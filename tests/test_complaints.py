"""Complaints and recovery: the guideline applied to each complaint, overdue flags, churn, attention, checks."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmgr.models import ComplaintNature, ComplaintStatus, RecoveryActor
from accountmgr.services import accounts, complaints, dmu, opportunities, recovery
from accountmgr.services.errors import DomainError
from accountmgr.services.portfolio import explain_account, load_portfolio
from accountmgr.services.scoring import Segment


@pytest.fixture
def account_id(db, frozen_clock) -> int:  # noqa: ANN001
    return accounts.create_account(db, {"name": "Fonderia “Ghisa” & C.", "current_level": "account",
                                        "strategic_value": 5, "purchase_potential_cents": "200k",
                                        "absorption_potential_cents": "100k"}).id  # attractiveness 50: core


def test_defaults_follow_the_value_of_the_customer(db) -> None:  # noqa: ANN001
    table = recovery.guidelines(db)
    top = table[ComplaintNature.DELIVERY, Segment.HIGH_PERFORMANCE]
    assert (top.actor, top.response_text) == (RecoveryActor.ACCOUNT_MANAGER, "same day")
    assert top.compensation_limit_cents > 0
    low = table[ComplaintNature.DELIVERY, Segment.BELOW_ZERO]
    assert (low.actor, low.compensation_limit_cents) == (RecoveryActor.STANDARD_PROCESS, 0)
    assert not top.custom


def test_an_edited_guideline_is_kept_logged_and_can_be_reset(db) -> None:  # noqa: ANN001
    changed = recovery.save_guideline(db, "product", "core", {"response_days": "1", "compensation_limit_cents": "1234.56"})
    assert (changed.response_days, changed.compensation_limit_cents, changed.custom) == (1, 123_456, True)
    assert recovery.guidelines(db)[ComplaintNature.PRODUCT, Segment.CORE] == changed
    with pytest.raises(DomainError, match="Response time"):
        recovery.save_guideline(db, "product", "core", {"response_days": "-1"})
    with pytest.raises(DomainError, match="follows core"):
        recovery.save_guideline(db, "product", "unscored", {"response_days": "1"})
    recovery.reset_guideline(db, ComplaintNature.PRODUCT, Segment.CORE)
    assert not recovery.guidelines(db)[ComplaintNature.PRODUCT, Segment.CORE].custom


def test_a_complaint_gets_its_guideline_and_turns_late(db, account_id) -> None:  # noqa: ANN001
    person = dmu.create_member(db, account_id, {"name": "Søren Ødegård", "roles": "buyer"})
    complaints.create_complaint(db, account_id, {
        "received_on": "2026-11-10", "member_id": person.id, "nature": "delivery", "severity": "high",
        "summary": "Line 2 parts arrived 3 days late", "department": "Logistics",
    })
    [applied] = complaints.list_complaints(db, account_id)
    assert applied.member_name == "Søren Ødegård"
    assert applied.segment is Segment.CORE and applied.guideline.response_days == 2
    assert applied.due_on == date(2026, 11, 12) and applied.overdue_days == 8 and applied.late
    assert applied.flag == "late 8 d"
    assert "Front line" in applied.advice


def test_answering_stops_the_clock_and_dates_default_to_today(db, account_id) -> None:  # noqa: ANN001
    row = complaints.create_complaint(db, account_id, {"received_on": "2026-11-19", "nature": "administrative",
                                                         "summary": "Invoice sent twice"})
    complaints.update_complaint(db, row.id, {"status": "answered", "resolution": "Credit note issued"})
    answered = complaints.get_complaint(db, row.id)
    assert answered.answered_on == date(2026, 11, 20) and answered.status is ComplaintStatus.ANSWERED
    [applied] = complaints.list_complaints(db, account_id)
    assert not applied.late and applied.flag == "answered"
    complaints.update_complaint(db, row.id, {"closed_on": "2026-11-20"})
    assert complaints.get_complaint(db, row.id).status is ComplaintStatus.CLOSED


def test_bad_input_is_refused_at_its_field(db, account_id) -> None:  # noqa: ANN001
    with pytest.raises(DomainError) as error:
        complaints.create_complaint(db, account_id, {"nature": "delivery", "summary": "x", "received_on": "2026-12-31"})
    assert error.value.field == "received_on"
    with pytest.raises(DomainError) as error:
        complaints.create_complaint(db, account_id, {"nature": "delivery", "summary": "x", "received_on": "2026-11-10",
                                                     "closed_on": "2026-11-01"})
    assert error.value.field == "closed_on"
    with pytest.raises(DomainError) as error:
        complaints.create_complaint(db, account_id, {"nature": "delivery", "summary": ""})
    assert error.value.field == "summary"
    other = accounts.create_account(db, {"name": "Other"}).id
    stranger = dmu.create_member(db, other, {"name": "Stranger"})
    with pytest.raises(DomainError) as error:
        complaints.create_complaint(db, account_id, {"nature": "delivery", "summary": "x", "member_id": stranger.id})
    assert error.value.field == "member_id"


def test_open_and_late_complaints_raise_churn_and_say_why(db, account_id) -> None:  # noqa: ANN001
    before = next(e for e in load_portfolio(db).entries if e.id == account_id).churn_points
    complaints.create_complaint(db, account_id, {"received_on": "2026-11-19", "nature": "product",
                                                 "summary": "Coating peels"})
    entry = next(e for e in load_portfolio(db).entries if e.id == account_id)
    assert entry.churn_points == before + 1 and (entry.open_complaints, entry.late_complaints) == (1, 0)
    complaints.create_complaint(db, account_id, {"received_on": "2026-11-01", "nature": "service",
                                                 "summary": "Nobody called back"})
    entry = next(e for e in load_portfolio(db).entries if e.id == account_id)
    assert entry.churn_points == before + 2 and (entry.open_complaints, entry.late_complaints) == (2, 1)
    _, sections = explain_account(db, account_id)
    churn = next(s for s in sections if s.title.startswith("Churn risk"))
    assert any("“Nobody called back” (received 2026-11-01) still open" in line for line in churn.lines)
    assert any("“Nobody called back” is 17 days past its 2 days response time" in line for line in churn.lines)


def test_a_high_performance_customer_is_late_the_next_day(db, account_id) -> None:  # noqa: ANN001
    opp = opportunities.create_opportunity(db, account_id, {"name": "Big order", "value_cents": "500k"})
    opportunities.close_opportunity(db, opp.id, True, "Best offer", closed_on="2026-10-01")
    complaints.create_complaint(db, account_id, {"received_on": "2026-11-19", "nature": "delivery",
                                                 "summary": "Wrong pallets"})
    [applied] = complaints.list_complaints(db, account_id)
    assert applied.segment is Segment.HIGH_PERFORMANCE and applied.overdue_days == 1
    assert "Account manager should act within same day" in applied.advice


def test_complaints_needing_attention_lists_late_ones_first(db, account_id) -> None:  # noqa: ANN001
    other = accounts.create_account(db, {"name": "Beta", "current_level": "buyer"}).id
    complaints.create_complaint(db, other, {"received_on": "2026-11-20", "nature": "product", "summary": "Scratches"})
    complaints.create_complaint(db, account_id, {"received_on": "2026-11-01", "nature": "product", "summary": "Cracks"})
    complaints.create_complaint(db, account_id, {"received_on": "2026-11-01", "nature": "product", "summary": "Closed",
                                                 "status": "closed"})
    complaints.create_complaint(db, account_id, {"received_on": "2026-11-01", "kind": "feedback",
                                                 "nature": "service", "summary": "Praise for the driver"})
    found = complaints.complaints_needing_attention(db, date(2026, 11, 20))
    assert [a.summary for a in found] == ["Cracks", "Scratches"]
    assert found[0].overdue_days >= 17 and "days past the" in found[0].reason and found[1].overdue_days == 0
    accounts.set_archived(db, other, True)
    assert [a.summary for a in complaints.complaints_needing_attention(db, date(2026, 11, 20))] == ["Cracks"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=st.text(max_size=80), money=st.sampled_from(["1.234,56", "12,5", "-3", "abc", "", "1e9"]))
def test_any_typed_text_is_stored_as_typed_or_refused_in_one_sentence(db, account_id, summary, money) -> None:  # noqa: ANN001
    try:
        row = complaints.create_complaint(db, account_id, {"nature": "product", "summary": summary,
                                                           "compensation_cents": money})
    except DomainError as exc:
        assert exc.message.endswith(".") and exc.field
    else:
        assert complaints.get_complaint(db, row.id).summary == row.summary
        assert row.compensation_cents >= 0
