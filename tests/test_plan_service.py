"""The communication plan: validation, the past-planned warning, mark done, summaries and the agenda."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from accountmgr.models import ActionStatus, Channel, CoverageDepth
from accountmgr.services import accounts, activity, dmu, plan, team
from accountmgr.services.errors import DomainError

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


@pytest.fixture
def acme(db, frozen_clock):  # noqa: ANN001, ANN201
    """An account with three DMU members (one with a later contact already) and one of our people."""
    account = accounts.create_account(db, {"name": "Acme Foods"})
    anna = dmu.create_member(db, account.id, {"name": "Anna Rossi", "title": "CFO"})
    bruno = dmu.create_member(
        db, account.id, {"name": "Bruno Neri", "last_contact": "2026-11-19", "coverage": "in depth"}
    )
    carla = dmu.create_member(db, account.id, {"name": "Carla Bianchi", "coverage": "no contact"})
    sara = team.create_member(db, {"name": "Sara Conti"})
    return account, anna, bruno, carla, sara


def _plan(db, account_id: int, when: str, objective: str = "Discovery meeting", **kwargs):  # noqa: ANN001, ANN003, ANN202
    return plan.create_action(db, account_id, {"scheduled_at": when, "objective": objective, **kwargs.pop("raw", {})}, **kwargs)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("objective", "", "Objective is required."),
        ("scheduled_at", "", "Date and time is required."),
        ("scheduled_at", "someday", "is not a date"),
        ("scheduled_at", "2026-12-01 25:00", "no valid time of day"),
        ("cost_cents", "-10", "cannot be negative"),
        ("channel", "pigeon", "Channel must be one of"),
        ("duration_minutes", "0", "between 5 and 1440"),
    ],
)
def test_bad_input_is_refused_at_its_field(db, acme, field: str, value: str, message: str) -> None:  # noqa: ANN001
    account = acme[0]
    raw = {"scheduled_at": "2026-12-01 10:00", "objective": "Demo", field: value}
    with pytest.raises(DomainError) as error:
        plan.create_action(db, account.id, raw)
    assert error.value.field == field
    assert message in error.value.message
    assert plan.list_actions(db, account.id) == []


def test_a_past_action_saved_as_planned_warns_until_confirmed(db, acme) -> None:  # noqa: ANN001
    account = acme[0]
    with pytest.raises(plan.PastPlannedWarning) as warning:
        _plan(db, account.id, "2026-11-18 10:00")
    assert warning.value.field == "scheduled_at" and "in the past" in warning.value.message
    assert plan.list_actions(db, account.id) == []
    action = _plan(db, account.id, "2026-11-18 10:00", confirm_past=True)
    assert action.status == ActionStatus.PLANNED
    # Done in the past is what happened, not a warning.
    done = _plan(db, account.id, "2026-11-17 10:00", raw={"status": "done", "outcome": "ok"})
    assert done.done_on == date(2026, 11, 17)
    # Editing another field of an overdue action does not nag again; moving it into the past does.
    plan.update_action(db, action.id, {"objective": "Discovery meeting (rescheduled)"})
    future = _plan(db, account.id, "2026-11-25 10:00")
    with pytest.raises(plan.PastPlannedWarning):
        plan.update_action(db, future.id, {"scheduled_at": "2026-11-19 10:00"})


def test_people_addressed_must_belong_to_the_same_account(db, acme) -> None:  # noqa: ANN001
    account, anna, *_ = acme
    other = accounts.create_account(db, {"name": "Borealis Steel"})
    stranger = dmu.create_member(db, other.id, {"name": "Olaf"})
    with pytest.raises(DomainError) as error:
        _plan(db, account.id, "2026-12-01 10:00", member_ids=[anna.id, stranger.id])
    assert error.value.field == "member_ids"
    with pytest.raises(DomainError) as error:
        _plan(db, account.id, "2026-12-01 10:00", team_ids=[999])
    assert error.value.field == "team_ids"
    assert plan.list_actions(db, account.id) == []


def test_mark_done_moves_last_contact_forward_never_back_and_lifts_coverage(db, acme) -> None:  # noqa: ANN001
    account, anna, bruno, carla, sara = acme
    action = _plan(
        db, account.id, "2026-11-18 15:00", member_ids=[anna.id, bruno.id, carla.id], team_ids=[sara.id],
        confirm_past=True,
    )
    plan.mark_done(db, action.id, "Agreed a pilot on line 3", "2026-11-18")
    after = {m.name: m for m in dmu.list_members(db, account.id)}
    assert after["Anna Rossi"].last_contact == date(2026, 11, 18)
    assert after["Anna Rossi"].coverage == CoverageDepth.BRIEF_CONTACT
    assert after["Bruno Neri"].last_contact == date(2026, 11, 19)  # a later contact is kept
    assert after["Bruno Neri"].coverage == CoverageDepth.IN_DEPTH  # never lowered
    assert after["Carla Bianchi"].coverage == CoverageDepth.BRIEF_CONTACT
    row = plan.get_action(db, action.id)
    assert (row.status, row.outcome, row.done_on) == (ActionStatus.DONE, "Agreed a pilot on line 3", date(2026, 11, 18))
    log = [e.summary for e in activity.entries_for_account(db, account.id)]
    assert any(s.startswith("Contact with Anna Rossi recorded") for s in log)
    with pytest.raises(DomainError):
        plan.mark_done(db, action.id, "again")


def test_mark_done_defaults_to_today_and_refuses_a_future_day(db, acme) -> None:  # noqa: ANN001
    account, anna, *_ = acme
    action = _plan(db, account.id, "2026-11-24 10:00", member_ids=[anna.id])
    with pytest.raises(DomainError) as error:
        plan.mark_done(db, action.id, "", "2026-11-21")
    assert error.value.field == "done_on"
    plan.mark_done(db, action.id, "Called early")
    assert plan.get_action(db, action.id).done_on == date(2026, 11, 20)
    assert dmu.get_member(db, anna.id).last_contact == date(2026, 11, 20)


def test_plan_summary_counts_contacts_cost_and_channel_mix_over_the_period(db, acme) -> None:  # noqa: ANN001
    account, anna, bruno, carla, sara = acme
    _plan(db, account.id, "2026-11-02 10:00", raw={"status": "done", "cost_cents": "300", "channel": "meeting"},
          member_ids=[anna.id, bruno.id], team_ids=[sara.id])
    _plan(db, account.id, "2026-11-30 10:00", raw={"channel": "phone", "cost_cents": "20"}, member_ids=[anna.id])
    _plan(db, account.id, "2026-12-03 10:00", raw={"channel": "email"}, member_ids=[anna.id])
    cancelled = _plan(db, account.id, "2026-12-04 10:00", raw={"cost_cents": "999"}, member_ids=[carla.id])
    plan.cancel_action(db, cancelled.id)
    overdue = _plan(db, account.id, "2026-11-19 10:00", raw={"channel": "web"}, confirm_past=True)
    _plan(db, account.id, "2027-03-01 10:00", raw={"cost_cents": "5000"})  # outside the period

    summary = plan.plan_summary(db, account.id, date(2026, 11, 1), date(2026, 12, 31))
    assert summary.action_count == 4
    assert summary.contacts_per_member == {"Anna Rossi": 3, "Bruno Neri": 1}
    assert summary.contacts_per_team_member == {"Sara Conti": 1}
    assert summary.contacts_per_channel == {Channel.MEETING: 1, Channel.PHONE: 1, Channel.EMAIL: 1, Channel.WEB: 1}
    assert summary.total_cost_cents == 32_000
    assert summary.channel_mix == {Channel.MEETING: 25, Channel.PHONE: 25, Channel.EMAIL: 25, Channel.WEB: 25}
    assert summary.channel_mix_text() == "Meeting 25 %, Phone / call centre 25 %, E-mail 25 %, Web 25 %"
    # Bruno was only in a done action, Carla only in a cancelled one: nobody plans to talk to them.
    assert summary.not_addressed == ["Bruno Neri", "Carla Bianchi"]
    assert [r.id for r in summary.overdue] == [overdue.id]
    with pytest.raises(DomainError):
        plan.plan_summary(db, account.id, date(2026, 12, 1), date(2026, 11, 1))


def test_agenda_lists_overdue_first_then_this_week_across_accounts(db, acme) -> None:  # noqa: ANN001
    account = acme[0]
    other = accounts.create_account(db, {"name": "Borealis Steel"})
    gone = accounts.create_account(db, {"name": "Old Co"})
    late = _plan(db, other.id, "2026-11-03 09:00", "Send the offer", confirm_past=True)
    today_later = _plan(db, account.id, "2026-11-20 16:00", "Call the CFO")
    sunday = _plan(db, other.id, "2026-11-22 10:00", "Trade fair")
    _plan(db, account.id, "2026-11-23 10:00", "Next week")
    _plan(db, account.id, "2026-11-19 10:00", raw={"status": "done"})
    _plan(db, gone.id, "2026-11-21 10:00", "Archived account")
    accounts.set_archived(db, gone.id, True)

    rows = plan.agenda(db)
    assert [r.id for r in rows] == [late.id, today_later.id, sunday.id]
    assert rows[0].overdue and rows[0].account_name == "Borealis Steel"
    assert not rows[1].overdue
    assert plan.this_week() == (date(2026, 11, 16), date(2026, 11, 22))
    wider = plan.agenda(db, date(2026, 11, 16), date(2026, 11, 29))
    assert [r.objective for r in wider][-1] == "Next week"


def test_actions_for_member_newest_first(db, acme) -> None:  # noqa: ANN001
    account, anna, bruno, *_ = acme
    first = _plan(db, account.id, "2026-11-02 10:00", raw={"status": "done"}, member_ids=[anna.id])
    second = _plan(db, account.id, "2026-12-02 10:00", member_ids=[anna.id, bruno.id])
    assert [r.id for r in plan.actions_for_member(db, anna.id)] == [second.id, first.id]
    assert [r.id for r in plan.actions_for_member(db, bruno.id)] == [second.id]


def test_update_changes_people_and_logs_it(db, acme) -> None:  # noqa: ANN001
    account, anna, bruno, _carla, sara = acme
    action = _plan(db, account.id, "2026-12-02 10:00", member_ids=[anna.id])
    plan.update_action(db, action.id, {"cost_cents": "50"}, member_ids=[bruno.id], team_ids=[sara.id])
    row = plan.get_action(db, action.id)
    assert (row.members, row.team, row.cost_cents) == (("Bruno Neri",), ("Sara Conti",), 5000)
    assert any("Changed who takes part" in e.summary for e in activity.entries_for_account(db, account.id))
    plan.delete_action(db, action.id)
    assert plan.list_actions(db, account.id) == []
    assert isinstance(row.scheduled_at, datetime)
