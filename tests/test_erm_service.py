"""Our own people in the method: quadrants, dated assessments (latest counts), objectives and their checks, workload."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqlalchemy import func
from sqlmodel import select

from accountmgr.models import ActionStatus, ActionTeamLink, ActivityLog, CommunicationAction
from accountmgr.services import erm, team
from accountmgr.services.errors import DomainError


def member(db, name: str = "Giulia Ferri") -> int:  # noqa: ANN001
    return next(m.id for m in team.list_team(db, include_inactive=True) if m.name == name)


@pytest.mark.parametrize(("potential", "commitment", "expected"), [
    (5, 5, erm.Quadrant.TOP_GUN), (4, 4, erm.Quadrant.TOP_GUN),
    (2, 5, erm.Quadrant.BULLDOZER), (3, 4, erm.Quadrant.BULLDOZER),
    (5, 1, erm.Quadrant.CHALLENGE), (4, 3, erm.Quadrant.CHALLENGE),
    (1, 1, erm.Quadrant.PROBLEM), (3, 3, erm.Quadrant.PROBLEM),
])
def test_quadrants_follow_the_sources_axes(potential: int, commitment: int, expected: erm.Quadrant) -> None:
    # Top guns: high potential, high commitment; bulldozers: high commitment, low potential; challenges: the reverse.
    assert erm.quadrant_of(potential, commitment) is expected


def test_each_quadrant_says_how_the_sources_manage_it() -> None:
    assert "formal objectives" in erm.Quadrant.TOP_GUN.advice and "outward" in erm.Quadrant.TOP_GUN.advice
    assert "doing something good" in erm.Quadrant.BULLDOZER.advice
    assert "Coaching" in erm.Quadrant.CHALLENGE.advice and "confrontation" in erm.Quadrant.CHALLENGE.advice
    assert "outplacement" in erm.Quadrant.PROBLEM.advice


def test_the_latest_assessment_counts_and_the_earlier_ones_are_history(db) -> None:  # noqa: ANN001
    person = team.create_member(db, {"name": "Zoë D'Arco"}).id
    erm.add_assessment(db, person, {"assessed_on": "2026-03-01", "potential": "5", "commitment": "2"})
    erm.add_assessment(db, person, {"assessed_on": "2026-09-01", "potential": "5", "commitment": "5"})
    # Entered later but dated earlier: history, not the latest.
    erm.add_assessment(db, person, {"assessed_on": "2026-01-01", "potential": "1", "commitment": "1"})
    overview = erm.member_overview(db, person)
    assert overview.quadrant is erm.Quadrant.TOP_GUN and overview.latest.assessed_on == date(2026, 9, 1)
    assert [a.assessed_on.month for a in erm.assessments_of(db, person)] == [9, 3, 1]
    erm.delete_assessment(db, overview.latest.id)
    assert erm.member_overview(db, person).quadrant is erm.Quadrant.CHALLENGE


@pytest.mark.parametrize(("field", "value", "message"), [
    ("potential", "6", "Potential must be between 1 and 5"),
    ("commitment", "", "Commitment is required"),
    ("potential", "alto", "Potential must be a whole number"),
    ("assessed_on", "31/02/2026", "is not a date"),
])
def test_bad_scores_are_refused_at_their_field(db, field: str, value: str, message: str) -> None:  # noqa: ANN001
    person = team.create_member(db, {"name": "Ada"}).id
    raw = {"potential": "3", "commitment": "3", field: value}
    with pytest.raises(DomainError) as caught:
        erm.add_assessment(db, person, raw)
    assert caught.value.field == field and message in caught.value.message
    assert erm.assessments_of(db, person) == []


@given(st.text(max_size=30))
def test_any_typed_score_is_either_a_score_of_1_to_5_or_refused(text: str) -> None:
    from accountmgr.services import validation as v

    try:
        values = v.clean({"potential": text, "commitment": "3", "assessed_on": "2026-01-01"}, erm.ASSESSMENT_FIELDS)
    except DomainError as error:
        assert error.field == "potential"
    else:
        assert 1 <= values["potential"] <= 5


def test_objectives_failing_a_check_are_flagged_and_the_balance_is_checked(db) -> None:  # noqa: ANN001
    person = team.create_member(db, {"name": "Ada"}).id
    assert erm.balance_gaps([]) == ["no incentive objectives"]
    growth = erm.add_objective(db, person, {"description": "Company revenue +12 %", "visible": True})
    assert erm.objective_flag(growth) == "not reachable, not influenceable"
    erm.toggle_check(db, growth.id, "reachable")
    assert erm.failed_checks(erm.get_objective(db, growth.id)) == ["influenceable"]
    assert erm.balance_gaps(erm.objectives_of(db, person)) == ["no team objective", "no customer loyalty objective"]
    erm.add_objective(db, person, {"description": "Satisfaction ≥ 7 [team]", "scope": "team", "kind": "loyalty",
                                   "visible": "yes", "reachable": "yes", "influenceable": "yes"})
    overview = erm.member_overview(db, person)
    assert erm.balance_gaps(list(overview.objectives)) == []
    assert overview.flagged == 1 and overview.objectives_text == "2 (1 flagged)"
    with pytest.raises(DomainError) as caught:
        erm.add_objective(db, person, {"description": "  "})
    assert caught.value.field == "description"


def test_writes_are_logged_naming_the_person(db) -> None:  # noqa: ANN001
    person = team.create_member(db, {"name": "Ada Lovelace"}).id
    erm.add_assessment(db, person, {"potential": 4, "commitment": 2})
    with db.session() as session:
        summaries = list(session.exec(select(ActivityLog.summary).where(ActivityLog.entity == "team_assessment")))
    assert summaries == ["Added assessment of Ada Lovelace (Challenge)"]


def test_workload_is_a_list_of_counters_beside_each_person(demo_db) -> None:  # noqa: ANN001
    labels = [counter.label for counter in erm.WORKLOAD_COUNTERS]
    assert labels == ["Accounts owned", "Relationships owned", "Actions planned", "Complaints to handle"]
    giulia = next(row for row in erm.team_overview(demo_db) if row.member.name == "Giulia Ferri")
    owned = team.team_rows(demo_db)
    assert giulia.count("Accounts owned") == next(r.accounts for r in owned if r.member.name == "Giulia Ferri") == 7
    with demo_db.session() as session:
        planned = session.exec(
            select(func.count()).select_from(ActionTeamLink)
            .join(CommunicationAction, CommunicationAction.id == ActionTeamLink.action_id)
            .where(ActionTeamLink.team_member_id == giulia.member.id, CommunicationAction.status == ActionStatus.PLANNED)
        ).one()
    assert giulia.count("Actions planned") == planned > 0


def test_a_new_counter_shows_up_in_every_persons_workload(demo_db, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    extra = erm.WorkloadCounter("Deliveries to review", lambda session: {member(demo_db): 2})
    monkeypatch.setattr(erm, "WORKLOAD_COUNTERS", [*erm.WORKLOAD_COUNTERS, extra])
    rows = {row.member.name: row for row in erm.team_overview(demo_db)}
    assert rows["Giulia Ferri"].count("Deliveries to review") == 2
    assert rows["Elena Rossi"].count("Deliveries to review") == 0


def test_complaints_to_handle_counts_the_open_complaints_on_the_accounts_a_person_owns(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services import accounts, complaints

    def to_handle() -> int:
        return next(r for r in erm.team_overview(demo_db) if r.member.name == "Giulia Ferri").count("Complaints to handle")

    before = to_handle()
    owned = next(a for a in accounts.list_accounts(demo_db) if a.owner_id == member(demo_db) and not a.archived)
    raised = complaints.create_complaint(demo_db, owned.id, {
        "nature": "delivery", "summary": "Pallets “damaged” (again)", "received_on": "2026-11-18"})
    complaints.create_complaint(demo_db, owned.id, {
        "kind": "feedback", "nature": "service", "summary": "Nice call", "received_on": "2026-11-18"})
    assert to_handle() == before + 1
    complaints.update_complaint(demo_db, raised.id, {"status": "closed", "resolution": "Replaced"})
    assert to_handle() == before


def test_the_demo_has_people_in_every_quadrant_and_flagged_objectives(demo_db) -> None:  # noqa: ANN001
    cells = erm.matrix(demo_db)
    assert all(cells[quadrant] for quadrant in erm.Quadrant)
    assert sum(len(people) for people in cells.values()) >= 3
    assert any(row.flagged for row in erm.team_overview(demo_db))
    assert len(erm.assessments_of(demo_db, member(demo_db))) == 2
    assert erm.unassessed(demo_db) == ["Anna Kowalska", "Elena Rossi"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=60))
def test_any_typed_objective_is_stored_clean_or_refused_at_its_field(db, text: str) -> None:  # noqa: ANN001
    person = team.list_team(db)[0].id if team.list_team(db) else team.create_member(db, {"name": "Ada"}).id
    try:
        objective = erm.add_objective(db, person, {"description": text, "measure": text})
    except DomainError as error:
        assert error.field in ("description", "measure")
        return
    stored = erm.get_objective(db, objective.id)
    assert stored.description and not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in stored.description)
    erm.delete_objective(db, objective.id)
