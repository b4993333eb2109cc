"""DMU members: validation, reporting lines (same account, no cycles) and deleting a manager."""

from __future__ import annotations

from datetime import date

import pytest

from accountmgr.models import Attitude, BuyingRole, CoverageDepth, Influence
from accountmgr.services import activity, dmu
from accountmgr.services.accounts import create_account
from accountmgr.services.errors import DomainError
from accountmgr.services.team import create_member as create_team_member

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


@pytest.fixture
def account_id(db):
    return create_account(db, {"name": "Acme Foods"}).id


def test_create_converts_every_field(db, account_id, frozen_clock):
    owner = create_team_member(db, {"name": "Giulia Rossi"})
    boss = dmu.create_member(db, account_id, {"name": "Anna Berg"})
    member = dmu.create_member(
        db,
        account_id,
        {
            "name": " Marco Neri ",
            "title": "Plant manager",
            "roles": "decision maker, Influencer",
            "influence": "High",
            "attitude": "sceptic",
            "inner_circle": "yes",
            "social_style": "Analytical",
            "owner_id": owner.id,
            "coverage": "multiple contacts",
            "last_contact": "-10",
            "reports_to_id": boss.id,
            "personal_win": "A promotion",
        },
    )
    assert member.name == "Marco Neri"
    assert member.roles == [BuyingRole.DECISION_MAKER.value, BuyingRole.INFLUENCER.value]
    assert member.influence is Influence.HIGH and member.attitude is Attitude.SCEPTIC
    assert member.inner_circle is True
    assert member.coverage is CoverageDepth.MULTIPLE_CONTACTS
    assert member.last_contact == date(2026, 11, 10)
    assert member.reports_to_id == boss.id
    assert dmu.list_members(db, account_id)[1].name == "Marco Neri"


def test_defaults_for_left_out_choices(db, account_id):
    member = dmu.create_member(db, account_id, {"name": "Lea", "influence": "", "attitude": None})
    assert (member.influence, member.attitude, member.coverage) == (
        Influence.MEDIUM, Attitude.NEUTRAL, CoverageDepth.UNKNOWN,
    )


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({"name": "  "}, "name", "required"),
        ({"name": "X", "roles": "decision maker, boss"}, "roles", "Buying roles must be one of"),
        ({"name": "X", "influence": "huge"}, "influence", "Influence must be one of"),
        ({"name": "X", "last_contact": "+1"}, "last_contact", "cannot be in the future"),
        ({"name": "X", "last_contact": "soon"}, "last_contact", "is not a date"),
        ({"name": "X", "owner_id": 999}, "owner_id", "one of our team members"),
        ({"name": "X", "reports_to_id": 999}, "reports_to_id", "same account"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_written(db, account_id, frozen_clock, raw, field, words):
    with pytest.raises(DomainError) as caught:
        dmu.create_member(db, account_id, raw)
    assert caught.value.field == field
    assert words in caught.value.message
    assert dmu.list_members(db, account_id) == []


def test_reports_to_must_be_in_the_same_account(db, account_id):
    other = create_account(db, {"name": "Other Co"}).id
    stranger = dmu.create_member(db, other, {"name": "Stranger"})
    member = dmu.create_member(db, account_id, {"name": "Ann"})
    with pytest.raises(DomainError) as caught:
        dmu.move_member(db, member.id, stranger.id)
    assert caught.value.field == "reports_to_id"
    assert "same account" in caught.value.message
    assert dmu.get_member(db, member.id).reports_to_id is None


def test_a_person_cannot_report_to_themself(db, account_id):
    member = dmu.create_member(db, account_id, {"name": "Ann"})
    with pytest.raises(DomainError, match="themself") as caught:
        dmu.update_member(db, member.id, {"reports_to_id": member.id})
    assert caught.value.field == "reports_to_id"


def test_reporting_lines_cannot_form_a_cycle(db, account_id):
    top = dmu.create_member(db, account_id, {"name": "Top"})
    middle = dmu.create_member(db, account_id, {"name": "Middle", "reports_to_id": top.id})
    bottom = dmu.create_member(db, account_id, {"name": "Bottom", "reports_to_id": middle.id})
    with pytest.raises(DomainError, match="loop") as caught:
        dmu.move_member(db, top.id, bottom.id)
    assert caught.value.field == "reports_to_id"
    assert dmu.get_member(db, top.id).reports_to_id is None
    # Moving down a branch that is not one's own is fine.
    dmu.move_member(db, bottom.id, top.id)
    dmu.move_member(db, middle.id, bottom.id)
    assert dmu.get_member(db, middle.id).reports_to_id == bottom.id


def test_move_to_the_top(db, account_id):
    top = dmu.create_member(db, account_id, {"name": "Top"})
    member = dmu.create_member(db, account_id, {"name": "Ann", "reports_to_id": top.id})
    assert dmu.move_member(db, member.id, None).reports_to_id is None


def test_deleting_a_manager_reattaches_the_reports_to_their_manager(db, account_id):
    top = dmu.create_member(db, account_id, {"name": "Top"})
    manager = dmu.create_member(db, account_id, {"name": "Manager", "reports_to_id": top.id})
    a = dmu.create_member(db, account_id, {"name": "Ann", "reports_to_id": manager.id})
    b = dmu.create_member(db, account_id, {"name": "Bob", "reports_to_id": manager.id})
    moved = dmu.delete_member(db, manager.id)
    assert sorted(moved) == sorted([a.id, b.id])
    assert {m.name: m.reports_to_id for m in dmu.list_members(db, account_id)} == {
        "Top": None, "Ann": top.id, "Bob": top.id,
    }
    summaries = [entry.summary for entry in activity.entries_for_account(db, account_id)]
    assert "Removed DMU member Manager (their reports Ann, Bob now report to Top)" in summaries
    assert "Ann now reports to Top because Manager was removed" in summaries


def test_deleting_a_root_puts_the_reports_at_the_top(db, account_id):
    top = dmu.create_member(db, account_id, {"name": "Top"})
    a = dmu.create_member(db, account_id, {"name": "Ann", "reports_to_id": top.id})
    dmu.delete_member(db, top.id)
    assert dmu.get_member(db, a.id).reports_to_id is None
    summaries = [entry.summary for entry in activity.entries_for_account(db, account_id)]
    assert "Removed DMU member Top (their reports Ann are now at the top of the org chart)" in summaries


def test_every_change_is_logged(db, account_id):
    member = dmu.create_member(db, account_id, {"name": "Ann"})
    dmu.update_member(db, member.id, {"attitude": "champion"})
    entries = activity.entries_for_account(db, account_id)
    assert [e.action for e in entries][-2:] == ["created", "updated"]
    assert entries[-1].changes == {"attitude": ["neutral", "champion"]}


def test_member_rows_show_owner_manager_and_days_since_contact(db, account_id, frozen_clock):
    owner = create_team_member(db, {"name": "Giulia Rossi"})
    top = dmu.create_member(db, account_id, {"name": "Top", "owner_id": owner.id, "last_contact": "2026-11-01"})
    dmu.create_member(db, account_id, {"name": "Ann", "reports_to_id": top.id, "personal_win": "Visibility"})
    rows = {row.member.name: row for row in dmu.member_rows(db, account_id)}
    assert rows["Top"].owner == "Giulia Rossi" and rows["Top"].days_since_contact == 19
    assert rows["Ann"].manager == "Top" and rows["Ann"].days_since_contact is None
    assert rows["Ann"].has_personal_win and not rows["Top"].has_personal_win
