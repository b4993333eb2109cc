"""The DMU's informal structure: influence lines and competitor leanings, their checks, coverage gaps and the plan."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmgr.services import accounts, coverage, dmu, informal
from accountmgr.services.account_plan import render_account_plan
from accountmgr.services.errors import DomainError


@pytest.fixture
def people(db, frozen_clock):  # noqa: ANN001, ANN201
    account_id = accounts.create_account(db, {"name": "Müller & Figli", "current_level": "buyer"}).id
    boss = dmu.create_member(db, account_id, {"name": "Ada Brandt", "roles": "decision_maker", "attitude": "supporter"})
    rival = dmu.create_member(db, account_id, {"name": "Luca “il Duro” Moretti", "attitude": "opponent"})
    quiet = dmu.create_member(db, account_id, {"name": "Zoë O'Neil", "attitude": "neutral"})
    return account_id, boss, rival, quiet


def test_a_line_joins_two_different_people_of_the_account_once(db, people) -> None:  # noqa: ANN001
    account_id, boss, rival, quiet = people
    line = informal.add_line(db, account_id, {"from_id": rival.id, "to_id": boss.id, "strength": "strong"})
    assert [l.sentence for l in informal.lines(db, account_id)] == ["Luca “il Duro” Moretti influences Ada Brandt (strong)"]
    with pytest.raises(DomainError, match="two different people"):
        informal.add_line(db, account_id, {"from_id": boss.id, "to_id": boss.id})
    with pytest.raises(DomainError, match="already joined"):
        informal.add_line(db, account_id, {"from_id": boss.id, "to_id": rival.id})
    other = accounts.create_account(db, {"name": "Elsewhere"}).id
    stranger = dmu.create_member(db, other, {"name": "Stranger"})
    with pytest.raises(DomainError, match="this account's DMU"):
        informal.add_line(db, account_id, {"from_id": stranger.id, "to_id": boss.id})
    informal.update_line(db, line.id, {"direction": "both", "note": "Old classmates"})
    assert informal.lines(db, account_id)[0].sentence == "Luca “il Duro” Moretti and Ada Brandt influence each other (strong)"
    dmu.delete_member(db, rival.id)
    assert informal.lines(db, account_id) == []


def test_an_opponent_or_a_leaning_person_swaying_a_decision_maker_is_a_gap(db, people) -> None:  # noqa: ANN001
    account_id, boss, rival, quiet = people
    informal.add_line(db, account_id, {"from_id": rival.id, "to_id": boss.id, "strength": "strong"})
    informal.add_line(db, account_id, {"from_id": boss.id, "to_id": quiet.id, "direction": "both"})
    informal.set_leaning(db, quiet.id, {"competitor": "Rivale S.p.A.", "strength": "medium"})
    gaps = [g for g in coverage.coverage(db, account_id).gaps if g.rule is coverage.Rule.HOSTILE_SWAY]
    assert {g.member_name for g in gaps} == {"Luca “il Duro” Moretti", "Zoë O'Neil"}
    by_name = {g.member_name: g.message for g in gaps}
    assert "an opponent, has a strong influence on decision maker Ada Brandt" in by_name["Luca “il Duro” Moretti"]
    assert "leaning to Rivale S.p.A. (medium)" in by_name["Zoë O'Neil"]
    informal.set_leaning(db, quiet.id, {"competitor": ""})
    assert informal.leaning_of(db, quiet.id) is None


def test_the_plan_draws_influence_as_dotted_labelled_lines_and_lists_leanings(db, people) -> None:  # noqa: ANN001
    account_id, boss, rival, quiet = people
    informal.add_line(db, account_id, {"from_id": rival.id, "to_id": boss.id, "strength": "strong"})
    informal.set_leaning(db, rival.id, {"competitor": "Rivale S.p.A.", "strength": "strong"})
    source = render_account_plan(db, account_id)
    assert f"m{rival.id} -.->|influences, strong| m{boss.id}" in source
    assert "### Informal structure" in source
    assert "leans to Rivale S.p.A. (strong)" in source
    screen = render_account_plan(db, account_id, for_screen=True)
    assert "influences: ⇢ Ada Brandt (strong)" in screen


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(max_size=60), competitor=st.text(min_size=1, max_size=40))
def test_any_note_or_competitor_text_is_stored_or_refused_in_one_sentence(db, people, note, competitor) -> None:  # noqa: ANN001
    account_id, boss, rival, quiet = people
    for line in informal.lines(db, account_id):
        informal.delete_line(db, line.id)
    try:
        informal.add_line(db, account_id, {"from_id": rival.id, "to_id": boss.id, "note": note})
        informal.set_leaning(db, quiet.id, {"competitor": competitor})
    except DomainError as exc:
        assert exc.message.endswith(".") and "\n" not in exc.message
