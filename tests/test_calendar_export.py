"""Calendar export: the .ics parsed back with icalendar, event by event; stable UIDs; the CLI command."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from accountmgr.cli import app as cli_app
from accountmgr.services import accounts, dmu, plan, team
from accountmgr.services import calendar_export as ce


@pytest.fixture
def planned(db, frozen_clock):  # noqa: ANN001, ANN201
    """Acme with two planned actions, one done and one cancelled."""
    account = accounts.create_account(db, {"name": "Acme Foods"})
    anna = dmu.create_member(db, account.id, {"name": "Anna Rossi", "title": "CFO"})
    piero = dmu.create_member(db, account.id, {"name": "Piero Gallo"})
    sara = team.create_member(db, {"name": "Sara Conti"})
    meeting = plan.create_action(
        db, account.id,
        {"scheduled_at": "2026-11-24 10:30", "duration_minutes": "90", "objective": "Present the pilot results, line 3",
         "channel": "meeting", "cost_cents": "250"},
        member_ids=[anna.id, piero.id], team_ids=[sara.id],
    )
    call = plan.create_action(
        db, account.id, {"scheduled_at": "2026-12-02 15:00", "objective": "Budget call", "channel": "phone"},
    )
    plan.create_action(db, account.id, {"scheduled_at": "2026-11-10 10:00", "objective": "Old", "status": "done"})
    dropped = plan.create_action(db, account.id, {"scheduled_at": "2026-12-10 10:00", "objective": "Dropped"})
    plan.cancel_action(db, dropped.id)
    return account, meeting, call


def _events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_one_event_per_planned_action_with_times_people_and_objective(db, planned) -> None:  # noqa: ANN001
    account, meeting, call = planned
    data = ce.calendar_bytes(db, account.id)
    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"]) == ce.PRODID
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first, second = events
    assert first.decoded("dtstart") == datetime(2026, 11, 24, 10, 30)
    assert first.decoded("dtend") == datetime(2026, 11, 24, 12, 0)
    assert str(first["summary"]) == "Acme Foods: Present the pilot results, line 3 (Meeting)"
    description = str(first["description"])
    assert "Objective: Present the pilot results, line 3" in description
    assert "People addressed: Anna Rossi (CFO), Piero Gallo" in description
    assert "Our people: Sara Conti" in description
    assert "Cost: €250" in description
    assert first.decoded("dtstamp").tzinfo is not None  # DTSTAMP is UTC, as RFC 5545 requires
    assert second.decoded("dtstart") == datetime(2026, 12, 2, 15, 0)
    assert second.decoded("dtend") - second.decoded("dtstart") == timedelta(hours=1)
    assert "People addressed: nobody named yet" in str(second["description"])
    assert {str(e["uid"]) for e in events} == {
        ce.action_uid(meeting.id, *_stamps(db, meeting.id)),
        ce.action_uid(call.id, *_stamps(db, call.id)),
    }
    assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))


def _stamps(db, action_id: int) -> tuple[str, str]:  # noqa: ANN001
    with db.connection() as conn:
        return conn.execute(
            "SELECT c.created_at, a.created_at FROM communication_action c JOIN account a ON a.id = c.account_id "
            "WHERE c.id = ?", (action_id,)
        ).fetchone()


@pytest.mark.both_engines
def test_uids_are_stable_across_exports_and_follow_edits(db, planned) -> None:  # noqa: ANN001
    account, meeting, _call = planned
    before = _events(ce.calendar_bytes(db, account.id))
    plan.update_action(db, meeting.id, {"scheduled_at": "2026-11-25 11:00"})
    after = _events(ce.calendar_bytes(db, account.id))
    assert before.keys() == after.keys()
    moved = next(e for e in after.values() if "pilot" in str(e["summary"]))
    assert moved.decoded("dtstart") == datetime(2026, 11, 25, 11, 0)


@pytest.mark.both_engines
def test_uids_differ_between_databases(db, planned, tmp_path: Path) -> None:  # noqa: ANN001
    from accountmgr.db import open_database

    other = open_database(tmp_path / "other.db", create=True)
    try:
        account = accounts.create_account(other, {"name": "Acme Foods"})
        plan.create_action(other, account.id, {"scheduled_at": "2026-11-24 10:30", "objective": "Same"})
        theirs = _events(ce.calendar_bytes(other, account.id))
    finally:
        other.close()
    ours = _events(ce.calendar_bytes(db, planned[0].id))
    assert not set(theirs) & set(ours)


@pytest.mark.both_engines
def test_export_writes_the_file(db, planned, tmp_path: Path) -> None:  # noqa: ANN001
    result = ce.export_calendar(db, planned[0].id, tmp_path / "acme.ics")
    assert result.events == 2
    assert len(_events(result.path.read_bytes())) == 2
    assert ce.default_file_name("Acme Foods & Co.") == "acme-foods-co-plan.ics"


@pytest.mark.both_engines
def test_cli_calendar_writes_ics_and_reports(db, planned, tmp_path: Path) -> None:  # noqa: ANN001
    target = tmp_path / "plan.ics"
    db.close()
    runner = CliRunner()
    result = runner.invoke(cli_app, ["--db", db.location, "calendar", "acme", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 planned actions of Acme Foods" in result.output
    assert len(_events(target.read_bytes())) == 2
    to_stdout = runner.invoke(cli_app, ["calendar", "Acme Foods", "--db", db.location])
    assert to_stdout.exit_code == 0
    assert len(_events(to_stdout.stdout_bytes)) == 2


@pytest.mark.both_engines
def test_cli_calendar_unknown_account_is_one_sentence(db, planned, tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    from accountmgr import cli

    db.close()
    monkeypatch.setattr("sys.argv", ["accountmgr", "--db", db.location, "calendar", "Zeta", "-o", str(tmp_path / "z.ics")])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code != 0
    err = capsys.readouterr().err
    assert err.startswith("accountmgr: There is no account called “Zeta”") and "Traceback" not in err
    assert not (tmp_path / "z.ics").exists()
