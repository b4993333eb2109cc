"""The DMU coverage status (red / amber / green), its reasons, and every gap rule."""

from __future__ import annotations


import pytest

from accountmgr.services import coverage as cov
from accountmgr.services import dmu, settings
from accountmgr.services.accounts import create_account
from accountmgr.services.coverage import Rule, Status
from accountmgr.services.team import create_member as create_team_member

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def account_id(db):
    return create_account(db, {"name": "Acme Foods"}).id


@pytest.fixture
def owner_id(db):
    return create_team_member(db, {"name": "Giulia Rossi"}).id


@pytest.fixture
def add(db, account_id, owner_id):
    """Add a person who breaks no rule unless told otherwise."""

    def make(name: str, **fields):
        raw = {
            "name": name,
            "roles": "decision maker",
            "influence": "high",
            "attitude": "champion",
            "owner_id": owner_id,
            "coverage": "in depth",
            "last_contact": "-10",
            "org_criteria": "Total cost of ownership",
            "personal_win": "Recognition at the board",
        }
        raw.update(fields)
        return dmu.create_member(db, account_id, raw)

    return make


@pytest.fixture
def green(add):
    """A DMU that is green: a well-known champion decision maker, and an influencer and a buyer covered."""
    boss = add("Anna Berg")
    add("Ivo Influencer", roles="influencer", influence="low", attitude="neutral", owner_id=None, coverage="unknown",
        last_contact=None, org_criteria="", personal_win="")
    add("Bea Buyer", roles="buyer", influence="medium", attitude="neutral", owner_id=None, coverage="unknown",
        last_contact=None, org_criteria="", personal_win="")
    return boss


def rules(result, member=None):
    return {gap.rule for gap in result.gaps if member is None or gap.member_id == member.id}


def test_key_players():
    from types import SimpleNamespace as Person

    assert cov.is_key_player(Person(roles=["decision_maker"], influence="low", inner_circle=False))
    assert cov.is_key_player(Person(roles=[], influence="high", inner_circle=False))
    assert cov.is_key_player(Person(roles=["user"], influence="medium", inner_circle=True))
    assert not cov.is_key_player(Person(roles=["influencer", "buyer"], influence="medium", inner_circle=False))


def test_green_when_every_condition_holds(db, account_id, green):
    result = cov.coverage(db, account_id)
    assert result.status is Status.GREEN
    assert result.gaps == []
    assert result.key_player_ids == [green.id]
    assert "every key player has an owner" in result.reasons[0]


def test_empty_dmu_is_red_with_no_decision_maker(db, account_id):
    result = cov.coverage(db, account_id)
    assert result.status is Status.RED
    assert "No decision maker is known." in result.reasons
    assert {Rule.NO_DECISION_MAKER, Rule.ROLE_NOT_COVERED} <= rules(result)
    assert {g.message for g in result.gaps if g.rule is Rule.ROLE_NOT_COVERED} == {
        "Nobody in the DMU is known as influencer.", "Nobody in the DMU is known as buyer.",
    }


def test_red_when_no_decision_maker_even_with_friendly_key_players(db, account_id, add):
    add("Ina Inner", roles="user", influence="low", inner_circle=True)
    result = cov.coverage(db, account_id)
    assert result.status is Status.RED
    assert result.reasons == ["No decision maker is known."]
    gap = next(g for g in result.gaps if g.rule is Rule.NO_DECISION_MAKER)
    assert gap.member_id is None and gap.severity is Status.RED


def test_red_when_no_key_player_is_favourable(db, account_id, green):
    dmu.update_member(db, green.id, {"attitude": "neutral"})
    result = cov.coverage(db, account_id)
    assert result.status is Status.RED
    assert result.reasons == ["No key player is a supporter or champion."]
    assert Rule.NO_FAVOURABLE_KEY_PLAYER in rules(result)


def test_red_when_a_hostile_key_player_has_no_owner(db, account_id, green, add):
    sceptic = add("Sam Sceptic", roles="user", influence="low", inner_circle=True, attitude="sceptic", owner_id=None)
    result = cov.coverage(db, account_id)
    assert result.status is Status.RED
    assert result.reasons == ["1 key player who is a sceptic or opponent with no owner on our side."]
    gap = result.gaps_for(sceptic.id)[0]
    assert gap.rule is Rule.NO_OWNER and gap.severity is Status.RED
    assert gap.message == "Sam Sceptic: sceptic and inner circle, with no owner on our side."
    # Giving the sceptic an owner lifts the red; the status falls back to green.
    dmu.update_member(db, sceptic.id, {"owner_id": green.owner_id})
    assert cov.coverage(db, account_id).status is Status.GREEN


def test_amber_when_the_friendly_decision_maker_is_not_known_well(db, account_id, green):
    dmu.update_member(db, green.id, {"coverage": "brief contact"})
    result = cov.coverage(db, account_id)
    assert result.status is Status.AMBER
    assert result.reasons == [
        "No decision maker is a supporter or champion we know through multiple contacts or in depth."
    ]
    assert rules(result, green) == {Rule.WEAK_RELATIONSHIP}
    assert result.gaps[0].message == "Anna Berg: our relationship is only “brief contact”."


def test_amber_when_a_key_player_has_no_owner(db, account_id, green, add):
    silent = add("Nico Neutral", roles="", inner_circle=True, influence="low", attitude="neutral", owner_id=None)
    result = cov.coverage(db, account_id)
    assert result.status is Status.AMBER
    assert result.reasons == ["1 key player with no owner on our side."]
    assert rules(result, silent) == {Rule.NO_OWNER}
    assert result.gaps_for(silent.id)[0].message == "Nico Neutral: inner circle, with no owner on our side."


def test_amber_when_a_key_player_is_stale(db, account_id, green):
    dmu.update_member(db, green.id, {"last_contact": "-61"})
    result = cov.coverage(db, account_id)
    assert result.status is Status.AMBER
    assert result.reasons == ["1 key player not contacted in the last 60 days."]
    assert [g.message for g in result.gaps] == [
        "Anna Berg: last contacted 61 days ago (limit 60)."
    ]


def test_contact_exactly_at_the_limit_is_fresh(db, account_id, green):
    dmu.update_member(db, green.id, {"last_contact": "-60"})
    assert cov.coverage(db, account_id).status is Status.GREEN


def test_no_contact_on_record_is_stale(db, account_id, green):
    dmu.update_member(db, green.id, {"last_contact": ""})
    result = cov.coverage(db, account_id)
    assert result.status is Status.AMBER
    assert rules(result, green) == {Rule.STALE_CONTACT}


def test_stale_limit_comes_from_the_settings_or_the_argument(db, account_id, green):
    dmu.update_member(db, green.id, {"last_contact": "-40"})
    assert cov.coverage(db, account_id).status is Status.GREEN
    settings.put(db, "stale_days", 30)
    result = cov.coverage(db, account_id)
    assert result.status is Status.AMBER and result.stale_days == 30
    assert cov.coverage(db, account_id, stale_days=45).status is Status.GREEN
    assert cov.coverage_status_by_account(db)[account_id] is Status.AMBER
    assert cov.coverage_status_by_account(db, stale_days=45)[account_id] is Status.GREEN


def test_influential_opponent_is_a_gap_even_with_an_owner(db, account_id, green, add):
    opponent = add("Otto Opponent", roles="influencer", attitude="opponent")
    result = cov.coverage(db, account_id)
    assert result.status is Status.GREEN  # owned, known, fresh: the status rule is met
    assert rules(result, opponent) == {Rule.HOSTILE_INFLUENCE}
    assert result.gaps_for(opponent.id)[0].message == "Otto Opponent: opponent with high influence."


def test_missing_criteria_and_personal_win_are_gaps(db, account_id, green):
    dmu.update_member(db, green.id, {"org_criteria": "", "personal_criteria": "", "personal_win": ""})
    result = cov.coverage(db, account_id)
    assert rules(result, green) == {Rule.NO_CRITERIA, Rule.NO_PERSONAL_WIN}
    dmu.update_member(db, green.id, {"personal_criteria": "Wants a quiet life"})
    assert rules(cov.coverage(db, account_id), green) == {Rule.NO_PERSONAL_WIN}


def test_people_who_are_not_key_players_break_no_rule(db, account_id, green, add):
    add("Ulla User", roles="user", influence="low", attitude="opponent", owner_id=None, coverage="unknown",
        last_contact=None, org_criteria="", personal_win="")
    result = cov.coverage(db, account_id)
    assert result.status is Status.GREEN and result.gaps == []


def test_red_gaps_come_first(db, account_id, add):
    add("Late Larry", last_contact="-100", attitude="supporter")
    add("Sam Sceptic", roles="user", influence="high", attitude="sceptic", owner_id=None)
    severities = [gap.severity for gap in cov.coverage(db, account_id).gaps]
    assert severities == sorted(severities, key=list(Status).index)
    assert severities[0] is Status.RED


def test_bulk_status_matches_the_single_account_rule(db, account_id, green, add, owner_id):
    amber_id = create_account(db, {"name": "Amber Co"}).id
    dmu.create_member(db, amber_id, {"name": "Dora", "roles": "decision maker", "attitude": "supporter",
                                     "owner_id": owner_id, "coverage": "brief contact", "last_contact": "-5"})
    red_id = create_account(db, {"name": "Red Co"}).id
    dmu.create_member(db, red_id, {"name": "Mia", "roles": "decision maker, user", "attitude": "opponent"})
    # A name that contains the role's text must not count as a decision maker.
    empty_id = create_account(db, {"name": "Empty Co"}).id
    dmu.create_member(db, empty_id, {"name": '"decision_maker"', "roles": "user", "attitude": "champion"})
    bulk = cov.coverage_status_by_account(db)
    assert bulk == {
        account_id: Status.GREEN, amber_id: Status.AMBER, red_id: Status.RED, empty_id: Status.RED,
    }
    for some_id, status in bulk.items():
        assert cov.coverage(db, some_id).status is status


def test_bulk_status_at_portfolio_scale_agrees_with_each_account(db):
    """5k accounts and 50k people written with plain SQL: the one-query status matches the per-account analysis.

    How fast it is belongs to the benchmarks, not to a timed test.
    """
    import json

    with db.connection() as conn:
        conn.executemany(
            "INSERT INTO account (id, name, current_level, archived, created_at, updated_at, industry, region,"
            " organisation, value_chain, customer_profile, strategy_notes, notes)"
            " VALUES (?, ?, 'prospect', 0, '2026-01-01', '2026-01-01', '', '', '', '', '', '', '')",
            [(i, f"Account {i}") for i in range(1, 5_001)],
        )
        roles = [json.dumps(["decision_maker"]), json.dumps(["user"]), json.dumps(["influencer", "buyer"])]
        conn.executemany(
            "INSERT INTO dmu_member (account_id, name, title, department, roles, influence, attitude, inner_circle,"
            " org_criteria, personal_criteria, personal_objectives, personal_win, coverage, last_contact, email,"
            " phone, notes, created_at, updated_at)"
            " VALUES (?, ?, '', '', ?, ?, ?, ?, '', '', '', '', ?, ?, '', '', '', '2026-01-01', '2026-01-01')",
            [
                (1 + i % 5_000, f"P{i}", roles[i % 3], ("low", "medium", "high")[i % 3 == 0 and 2 or i % 2],
                 ("champion", "neutral", "sceptic", "supporter")[i % 4], i % 7 == 0,
                 ("in_depth", "brief_contact")[i % 2], "2026-11-01" if i % 5 else None)
                for i in range(50_000)
            ],
        )
        conn.commit()
    statuses = cov.coverage_status_by_account(db)
    assert len(statuses) == 5_000
    for account_id in (1, 2, 3, 7, 1_234, 4_999, 5_000):
        assert statuses[account_id] == cov.coverage(db, account_id).status
