"""The demo portfolio loads fast, once, with every record valid and every date relative to today."""

from __future__ import annotations

import re
from datetime import date, timedelta, timezone

import pytest
from sqlmodel import select

from accountmgr.db import Database, open_database
from accountmgr.models import (
    Account,
    ActivityLog,
    Attitude,
    CommunicationAction,
    Delivery,
    DmuMember,
    LevelAssessment,
    Opportunity,
    OpportunityStatus,
    RelationshipLevel,
)
from accountmgr.services import clock
from accountmgr.services import validation as v
from accountmgr.services.demo import MODELS, REFERENCES, SPECS, load_demo, read_fixture, relative_year
from accountmgr.services.errors import DomainError
from conftest import FROZEN_NOW

CHILDREN = {
    "dmu": "dmu_member", "competitors": "competitor", "constraints": "constraint", "assessments": "assessment",
    "opportunities": "opportunity", "actions": "action", "deliveries": "delivery", "reviews": "review",
    "holdings": "holding", "influence": "influence_line", "leanings": "competitor_leaning", "complaints": "complaint",
    "revenue": "revenue", "objectives": "objective", "risks": "risk", "asks": "ask",
}


def _records(fixture: dict) -> list[tuple[str, dict]]:
    """Every (entity, record) of the fixture, children included."""
    found = [("team", person) for person in fixture["team"]] + [("offering", item) for item in fixture["offerings"]]
    for account in fixture["accounts"]:
        found.append(("account", {k: val for k, val in account.items() if not isinstance(val, (list, dict))}))
        for key, entity in CHILDREN.items():
            for item in account.get(key, []):
                found.append((entity, item))
                found.extend(("review_driver", driver) for driver in item.get("drivers", []))
                found.extend(("milestone", milestone) for milestone in item.get("milestones", []))
        if "value_proposition" in account:
            found.append(("value_proposition", account["value_proposition"]))
    return found


def test_demo_loads_a_varied_portfolio(db: Database, frozen_clock: None) -> None:
    summary = load_demo(db)

    assert summary.accounts >= 12 and 5 <= summary.team_members <= 7 and 8 <= summary.offerings <= 10
    with db.session() as session:
        accounts = session.exec(select(Account)).all()
        members = session.exec(select(DmuMember)).all()
        opportunities = session.exec(select(Opportunity)).all()
        actions = session.exec(select(CommunicationAction)).all()
    assert {a.current_level for a in accounts} == set(RelationshipLevel)
    assert len({a.industry for a in accounts}) >= 6 and len({a.region for a in accounts}) >= 5
    for account in accounts:
        people = [m for m in members if m.account_id == account.id]
        assert 4 <= len(people) <= 12, account.name
        assert any(m.reports_to_id for m in people), account.name
        # Reporting lines stay inside the account.
        ids = {m.id for m in people}
        assert all(m.reports_to_id in ids for m in people if m.reports_to_id)
    assert {Attitude.SCEPTIC, Attitude.OPPONENT} <= {m.attitude for m in members}
    assert any(not m.personal_win for m in members) and any(m.personal_win for m in members)
    closed = [o for o in opportunities if o.status != OpportunityStatus.OPEN]
    assert {o.status for o in closed} == {OpportunityStatus.WON, OpportunityStatus.LOST}
    today = FROZEN_NOW.date()
    assert all(today - timedelta(days=730) <= o.closed_on <= today for o in closed)
    assert {a.status.value for a in actions} == {"planned", "done", "cancelled"}
    assert any(a.scheduled_at > FROZEN_NOW for a in actions) and any(a.scheduled_at < FROZEN_NOW for a in actions)


def test_demo_writes_an_activity_entry_per_record(db: Database, frozen_clock: None) -> None:
    summary = load_demo(db)
    with db.session() as session:
        entries = session.exec(select(ActivityLog)).all()
    assert len(entries) >= summary.accounts + summary.dmu_members + summary.opportunities + summary.actions
    assert all("demo portfolio" in entry.summary for entry in entries)
    # Dated from the (frozen) clock, so "what changed since" views are reproducible; each record is
    # logged when the demo's story says it happened, never in the future.
    now = FROZEN_NOW.astimezone(timezone.utc).replace(tzinfo=None)
    assert all(entry.at.replace(tzinfo=None) <= now for entry in entries)
    with db.session() as session:
        assessments = session.exec(select(LevelAssessment)).all()
    logged = {entry.entity_id: entry.at for entry in entries if entry.entity == "assessment"}
    for assessment in assessments:
        assert logged[assessment.id].astimezone().date() == assessment.assessed_on
    undated = {entry.at for entry in entries if entry.entity in ("account", "dmu_member", "competitor")}
    assert len(undated) == 1 and undated.pop().replace(tzinfo=None) < now - timedelta(days=365)


def test_second_load_is_refused_and_writes_nothing(db: Database, frozen_clock: None) -> None:
    load_demo(db)
    with db.connection() as conn:
        before = conn.execute("SELECT COUNT(*) FROM activity_log").fetchone()[0]
    with pytest.raises(DomainError, match="already loaded"):
        load_demo(db)
    with db.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM activity_log").fetchone()[0] == before
        assert conn.execute("SELECT COUNT(*) FROM account").fetchone()[0] == len(read_fixture()["accounts"])


def test_a_bad_record_rolls_back_the_whole_load(db: Database, frozen_clock: None) -> None:
    fixture = read_fixture()
    fixture["accounts"][-1]["dmu"][0]["attitude"] = "furious"
    with pytest.raises(DomainError, match="Attitude"):
        load_demo(db, fixture)
    with db.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM account").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM team_member").fetchone()[0] == 0


@pytest.mark.parametrize("entity", sorted(SPECS))
def test_every_demo_record_passes_its_field_spec(entity: str, frozen_clock: None) -> None:
    spec = SPECS[entity]
    records = [record for kind, record in _records(read_fixture()) if kind == entity]
    assert records, entity
    money = {name.removesuffix("_cents") for name in spec if name.endswith("_cents")}
    for record in records:
        raw = {}
        for key, value in record.items():
            if key in REFERENCES:
                continue
            name = f"{key}_cents" if key in money else key
            assert name in spec, f"{entity}.{key}"
            raw[name] = relative_year(value) if (entity, key) == ("revenue", "year") else value
        v.clean(raw, spec, partial=True)
        # Every required field is present (a required converter refuses None).
        for name, convert in spec.items():
            named = name.removesuffix("_cents") in record or name.removesuffix("_id") in record
            nested = (entity, name) == ("milestone", "objective_id")  # given by the objective it is listed under
            if name not in raw and not named and not nested:
                try:
                    convert(None, name)
                except DomainError:
                    assert MODELS[entity].__table__.columns[name].default is not None, f"{entity} lacks {name}"


DATE_KEYS = {"last_contact", "assessed_on", "expected_close", "closed_on", "done_on", "reviewed_on", "start_on", "due_on",
             "needed_by"}


def test_every_fixture_date_is_relative_to_the_load_day() -> None:
    relative = re.compile(r"[+-]\d+( \d{2}:\d{2})?")
    for _entity, record in _records(read_fixture()):
        for key, value in record.items():
            if key in DATE_KEYS or key == "scheduled_at":
                assert relative.fullmatch(value), f"{key}={value!r} is not relative"


def test_dates_follow_the_clock(tmp_path) -> None:  # noqa: ANN001
    later = open_database(tmp_path / "later.db", create=True)
    with clock.frozen(date(2027, 3, 1)):
        load_demo(later)
    earlier = open_database(tmp_path / "earlier.db", create=True)
    with clock.frozen(date(2026, 11, 20)):
        load_demo(earlier)
    query = "SELECT last_contact FROM dmu_member WHERE last_contact IS NOT NULL ORDER BY id LIMIT 1"
    with later.connection() as a, earlier.connection() as b:
        first = date.fromisoformat(a.execute(query).fetchone()[0])
        second = date.fromisoformat(b.execute(query).fetchone()[0])
    assert first - second == date(2027, 3, 1) - date(2026, 11, 20)
    later.close()
    earlier.close()


def test_fixture_ships_inside_the_package() -> None:
    from importlib.resources import files

    assert (files("accountmgr") / "fixtures" / "demo_portfolio.json").is_file()


def test_demo_keeps_the_cross_field_rules_of_the_services(demo_db: Database) -> None:
    """What the forms would insist on: reasons for closed deals, notes where a level departs from the evidence."""
    from accountmgr.models import LevelAssessment
    from accountmgr.services.assessments import suggest_level

    with demo_db.session() as session:
        closed = session.exec(select(Opportunity).where(Opportunity.status != OpportunityStatus.OPEN)).all()
        assessments = session.exec(select(LevelAssessment)).all()
        actions = session.exec(select(CommunicationAction)).all()
    assert all(o.close_reason and o.closed_on for o in closed)
    for assessment in assessments:
        assert assessment.suggested_level == suggest_level(assessment.evidence).level
        assert assessment.level == assessment.suggested_level or assessment.note
    assert all(a.done_on and a.done_on <= FROZEN_NOW.date() for a in actions if a.status.value == "done")
    assert all(a.scheduled_at > FROZEN_NOW for a in actions if a.status.value == "planned")
    with demo_db.session() as session:
        levels = {a.id: a.current_level for a in session.exec(select(Account)).all()}
        deliveries = session.exec(select(Delivery)).all()
    latest = {a.account_id: a for a in sorted(assessments, key=lambda a: a.assessed_on)}
    assert all(levels[account_id] == assessment.level for account_id, assessment in latest.items())
    assert all(d.due_on >= d.start_on for d in deliveries if d.due_on and d.start_on)


def test_every_matrix_cell_segment_churn_class_and_coverage_status_has_an_account(demo_db: Database) -> None:
    """The demo shows every part of the portfolio views: nothing on screen is empty for lack of data."""
    from accountmgr.services import scoring
    from accountmgr.services.coverage import coverage_status_by_account
    from accountmgr.services.portfolio import load_portfolio

    entries = load_portfolio(demo_db).entries
    level_cells = {scoring.level_cell(e.attractiveness_band, e.level).key for e in entries}
    risk_cells = {scoring.risk_cell(e.segment, e.churn_band).key for e in entries}
    assert level_cells == {"develop", "protect", "opportunistic", "serve"}
    assert risk_cells == {"keep", "rescue", "grow", "review"}
    assert {e.segment for e in entries} == set(scoring.Segment) - {scoring.Segment.UNSCORED}  # every demo account is scored
    assert {e.churn_band.value for e in entries} == {"low", "medium", "high"}
    assert {status.value for status in coverage_status_by_account(demo_db).values()} == {"red", "amber", "green"}


def test_the_demo_shows_influence_leanings_and_complaints_in_several_states(db: Database, frozen_clock: None) -> None:
    from accountmgr.models import Complaint, CompetitorLeaning, InfluenceLine
    from accountmgr.services.complaints import complaints_needing_attention

    load_demo(db)
    with db.session() as session:
        lines = session.exec(select(InfluenceLine)).all()
        leanings = session.exec(select(CompetitorLeaning)).all()
        complaints = session.exec(select(Complaint)).all()
    assert len({line.account_id for line in lines}) >= 3 and len({row.account_id for row in leanings}) >= 3
    assert len({c.account_id for c in complaints}) >= 3
    assert {c.status.value for c in complaints} == {"open", "answered", "closed"}
    assert any(a.overdue_days > 0 for a in complaints_needing_attention(db))  # a late one


def test_every_new_plan_section_shows_on_several_demo_accounts(demo_db: Database) -> None:
    """Revenue with targets, objectives (some overdue) with milestones, risks and asks: three accounts or more each."""
    from accountmgr.services.account_review import review_figures

    today = FROZEN_NOW.date()
    with demo_db.session() as session:
        ids = [a.id for a in session.exec(select(Account)).all()]
    figures = [review_figures(demo_db, account_id, today) for account_id in ids]
    assert sum(1 for f in figures if len([y for y in f.years if y.actual_cents]) >= 3) >= 3
    assert sum(1 for f in figures if any(y.target_cents for y in f.years)) >= 3
    assert sum(1 for f in figures if f.share_now is not None) >= 3
    assert sum(1 for f in figures if f.objectives) >= 3
    assert sum(1 for f in figures if f.overdue_objectives) >= 3
    assert sum(1 for f in figures if any(o.milestones for o in f.objectives)) >= 3
    assert sum(1 for f in figures if f.top_risks) >= 3
    assert sum(1 for f in figures if f.open_asks) >= 3
    assert sum(1 for f in figures if any(q.weighted_cents for q in f.forecast)) >= 3
