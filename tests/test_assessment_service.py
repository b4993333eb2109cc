"""Level suggestion (the ≥3-of-5 cumulative rule), recording assessments, history and the field spec."""

from __future__ import annotations

from datetime import date

import pytest

from accountmgr.models import RelationshipLevel
from accountmgr.models.method import ASPECTS
from accountmgr.services import accounts, assessments
from accountmgr.services.errors import DomainError

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL

L = RelationshipLevel


def codes(level: RelationshipLevel, *aspects: str) -> list[str]:
    return [f"{level.value}.{aspect}" for aspect in aspects]


FIRST3 = ("objectives", "values", "focus")


def test_no_evidence_suggests_prospect_and_lists_prospect_criteria() -> None:
    suggestion = assessments.suggest_level([])
    assert suggestion.level is L.PROSPECT
    assert suggestion.counts == {level: 0 for level in L}
    assert suggestion.next_level is L.BUYER
    assert [c.level for c in suggestion.missing] == [L.BUYER] * 5
    assert suggestion.needed == 3
    assert "No level above Prospect qualifies" in suggestion.reasoning[-1]


def test_prospect_is_the_floor_and_needs_no_evidence() -> None:
    suggestion = assessments.suggest_level(codes(L.BUYER, "objectives", "values", "bond"))
    assert suggestion.level is L.BUYER
    assert suggestion.counts[L.PROSPECT] == 0


def test_three_of_five_at_each_level_up_to_account_suggests_account() -> None:
    evidence = codes(L.PROSPECT, *FIRST3) + codes(L.BUYER, *FIRST3) + codes(L.ACCOUNT, "objectives", "bond", "focus")
    suggestion = assessments.suggest_level(evidence)
    assert suggestion.level is L.ACCOUNT
    assert suggestion.counts[L.ACCOUNT] == 3
    assert suggestion.next_level is L.PARTNER
    assert [c.aspect for c in suggestion.missing] == list(ASPECTS)
    assert suggestion.needed == 3


def test_two_of_five_is_not_enough() -> None:
    evidence = codes(L.PROSPECT, *FIRST3) + codes(L.BUYER, "objectives", "values")
    suggestion = assessments.suggest_level(evidence)
    assert suggestion.level is L.PROSPECT
    assert suggestion.counts[L.BUYER] == 2
    assert suggestion.needed == 1
    assert {c.aspect for c in suggestion.missing} == {"focus", "interlocutors", "bond"}


def test_rule_is_cumulative_a_gap_below_blocks_higher_evidence() -> None:
    evidence = codes(L.PROSPECT, *FIRST3) + codes(L.BUYER, "bond") + codes(L.ACCOUNT, *ASPECTS) + codes(L.PARTNER, *ASPECTS)
    suggestion = assessments.suggest_level(evidence)
    assert suggestion.level is L.PROSPECT
    assert suggestion.counts[L.PARTNER] == 5
    assert any("do" in line and "not count" in line for line in suggestion.reasoning)


def test_everything_evidenced_is_partner_with_nothing_next() -> None:
    evidence = [f"{level.value}.{aspect}" for level in L for aspect in ASPECTS]
    suggestion = assessments.suggest_level(evidence)
    assert suggestion.level is L.PARTNER
    assert suggestion.next_level is None
    assert suggestion.missing == []
    assert suggestion.needed == 0


def test_record_keeps_suggested_and_chosen_level_and_sets_account(db, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme"})
    evidence = codes(L.PROSPECT, *FIRST3) + codes(L.BUYER, *FIRST3)
    first = assessments.record_assessment(db, account.id, evidence, "buyer", "", "2026-06-01")
    assert first.suggested_level is L.BUYER and first.level is L.BUYER
    second = assessments.record_assessment(db, account.id, evidence, L.ACCOUNT, "Their COO now calls us first.")
    assert second.suggested_level is L.BUYER and second.level is L.ACCOUNT
    assert second.assessed_on == date(2026, 11, 20)
    assert accounts.get_account(db, account.id).current_level is L.ACCOUNT
    history = assessments.level_history(db, account.id)
    assert [h.level for h in history] == [L.BUYER, L.ACCOUNT]


def test_an_older_assessment_does_not_override_the_newest(db, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme"})
    evidence = codes(L.PROSPECT, *FIRST3) + codes(L.BUYER, *FIRST3)
    assessments.record_assessment(db, account.id, evidence, "buyer", "", "2026-10-01")
    assessments.record_assessment(db, account.id, [], "prospect", "", "2025-01-01")
    assert accounts.get_account(db, account.id).current_level is L.BUYER
    assert [h.assessed_on.year for h in assessments.level_history(db, account.id)] == [2025, 2026]


def test_override_without_note_is_refused_and_nothing_written(db, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme"})
    with pytest.raises(DomainError) as error:
        assessments.record_assessment(db, account.id, [], "partner", "  ")
    assert error.value.field == "note"
    assert "Prospect" in error.value.message
    assert assessments.level_history(db, account.id) == []
    assert accounts.get_account(db, account.id).current_level is L.PROSPECT


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("evidence", ["buyer.nonsense"], "not one of the method's level criteria"),
        ("level", "champion", "must be one of"),
        ("assessed_on", "2027-01-01", "future"),
        ("assessed_on", "someday", "not a date"),
    ],
)
def test_assessment_field_spec_refuses_bad_input(db, frozen_clock, field, value, words) -> None:
    account = accounts.create_account(db, {"name": "Acme"})
    raw = {"evidence": [], "level": "prospect", "note": "", "assessed_on": "2026-11-01", field: value}
    with pytest.raises(DomainError) as error:
        assessments.record_assessment(db, account.id, raw["evidence"], raw["level"], raw["note"], raw["assessed_on"])
    assert error.value.field == field
    assert words in error.value.message
    assert assessments.level_history(db, account.id) == []


def test_delete_assessment_falls_back_to_previous_level(db, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme"})
    evidence = codes(L.PROSPECT, *FIRST3) + codes(L.BUYER, *FIRST3)
    assessments.record_assessment(db, account.id, evidence, "buyer", "", "2026-06-01")
    wrong = assessments.record_assessment(db, account.id, evidence, "partner", "typo", "2026-11-01")
    assessments.delete_assessment(db, wrong.id)
    assert accounts.get_account(db, account.id).current_level is L.BUYER


def test_evidence_accepts_comma_text_and_stores_in_table_order(db, frozen_clock) -> None:
    account = accounts.create_account(db, {"name": "Acme"})
    row = assessments.record_assessment(
        db, account.id, "buyer.bond, prospect.values,prospect.objectives,prospect.focus,buyer.bond", "prospect"
    )
    assert row.evidence == ["prospect.objectives", "prospect.values", "prospect.focus", "buyer.bond"]
