"""A team member's personal data: `accountmgr team`, `export member` and `erase member` as a user runs them."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from accountmgr.db import open_database
from accountmgr.services import erm, team, team_privacy
from accountmgr.services.accounts import create_account


@pytest.fixture
def demo_file(tmp_path: Path, frozen_clock: None, run_main) -> Path:  # noqa: ANN001
    path = tmp_path / "crm.db"
    assert run_main("--db", str(path), "demo")[0] == 0
    return path


def one_sentence(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
                    if p.exists())


def test_team_lists_quadrant_objectives_and_workload(demo_file: Path, run_main) -> None:  # noqa: ANN001
    code, out, err = run_main("--db", str(demo_file), "team")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1].split() == ["Name", "Role", "Quadrant", "P/C", "Assessed", "Objectives", "Accounts", "owned",
                                "Relationships", "owned", "Actions", "planned", "Complaints", "to",
                                "handle"]
    marco = next(line for line in lines if line.startswith("Marco Bianchi"))
    assert "Bulldozer" in marco and "3/5" in marco and "2 (2 flagged)" in marco
    assert "not assessed" in next(line for line in lines if line.startswith("Elena Rossi"))
    code, out, _ = run_main("--db", str(demo_file), "team", "--json")
    rows = {row["name"]: row for row in json.loads(out)}
    assert rows["Sophie Laurent"]["quadrant"] == "Challenge"
    assert rows["Giulia Ferri"]["workload"]["Accounts owned"] == 7


def test_export_member_holds_assessments_and_objectives_and_writes_privately(
    demo_file: Path, tmp_path: Path, run_main  # noqa: ANN001
) -> None:
    code, out, err = run_main("--db", str(demo_file), "export", "member", "giulia ferri")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["person"] == "Giulia Ferri"
    assert [a["quadrant"] for a in data["assessments"]] == ["Top gun", "Challenge"]
    assert len(data["incentive_objectives"]) == 2 and "Brennero Foods" in data["accounts_owned"]
    assert any("assessment of Giulia Ferri" in entry["summary"] for entry in data["activity_log"])
    target = tmp_path / "giulia.json"
    code, out, err = run_main("--db", str(demo_file), "export", "member", "Giulia Ferri", "-o", str(target))
    assert code == 0 and stat.S_IMODE(target.stat().st_mode) == 0o600
    code, _, err = run_main("--db", str(demo_file), "export", "member", "Giulia Fer")
    assert code == 1 and one_sentence(err) == (
        "accountmgr: There is nobody called “Giulia Fer” in our team; did you mean Giulia Ferri?")


def test_erase_member_refuses_an_owner_then_erases_every_trace(demo_file: Path, run_main) -> None:  # noqa: ANN001
    code, _, err = run_main("--as", "Elena Rossi", "--db", str(demo_file), "erase", "member", "Sophie Laurent", "--yes")
    assert code == 1 and "Sophie Laurent still owns 6 relationships; hand them over" in one_sentence(err)
    database = open_database(demo_file)
    try:
        people = {m.name: m.id for m in team.list_team(database)}
        team.hand_over(database, people["Sophie Laurent"], people["Jonas Weber"])
    finally:
        database.close()
    code, _, err = run_main("--as", "Elena Rossi", "--db", str(demo_file), "erase", "member", "Sophie Laurent")
    assert code == 1 and "add --yes to confirm" in one_sentence(err)
    code, out, err = run_main("--as", "Elena Rossi", "--db", str(demo_file), "erase", "member", "sophie laurent", "--yes")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Erased Sophie Laurent from our team, with 1 assessment and 1 incentive objective."
    assert "The freed space was wiped" in out
    blob = file_bytes(demo_file)
    for needle in (b"Sophie", b"sophie.laurent@", b"Brilliant demos", b"Win rate of proposals"):
        assert needle not in blob, needle
    _, out, _ = run_main("--db", str(demo_file), "team")
    assert "Sophie" not in out


def test_erasure_redacts_texts_and_log_entries_naming_them(db) -> None:  # noqa: ANN001
    person = team.create_member(db, {"name": "Zoë D'Arco", "email": "zoe@example.com"}).id
    erm.add_assessment(db, person, {"potential": 2, "commitment": 5, "note": "Reliable on the Ġdańsk rollout"})
    erm.add_objective(db, person, {"description": "Keep Müller & Söhne [DE]", "kind": "loyalty"})
    account = create_account(db, {"name": "Acme", "notes": "Ask Zoë D'Arco (zoe@example.com) about the rollout."})
    preview = team_privacy.preview_member_erasure(db, person)
    assert preview.describe()[1] == "1 assessment of potential and commitment and 1 incentive objective."
    erasure = team_privacy.erase_member(db, person)
    assert erasure.texts_redacted == 1 and erasure.log_entries_redacted >= 3
    from accountmgr.services.accounts import get_account

    assert get_account(db, account.id).notes == "Ask (erased person) ((erased person)) about the rollout."
    with db.connection() as conn:
        log = " ".join(row[0] for row in conn.execute("SELECT summary FROM activity_log"))
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("team_assessment", "incentive_objective")]
    assert "Zoë" not in log and "Müller" not in log and counts == [0, 0]


def test_erasing_a_dmu_member_also_redacts_a_programme_note_naming_them(demo_db) -> None:  # noqa: ANN001
    from accountmgr.models import AccountProgramme
    from accountmgr.models.programmes import Programme
    from accountmgr.services import dmu, privacy, programmes
    from accountmgr.services.accounts import find_account

    brennero = find_account(demo_db, "Brennero Foods")
    one_to_one = next(r for r in programmes.programmes_of(demo_db, brennero.id) if r.programme is Programme.ONE_TO_ONE)
    with demo_db.session() as session:  # a note typed before, naming a customer contact
        row = session.get(AccountProgramme, one_to_one.id)
        row.note = "Quarterly OEE review with Chiara Valli"
        session.add(row)
    chiara = next(m for m in dmu.list_members(demo_db, brennero.id) if m.name == "Chiara Valli")
    assert privacy.preview_erasure(demo_db, chiara.id).texts >= 1
    privacy.erase_person(demo_db, chiara.id)
    notes = {r.programme: r.note for r in programmes.programmes_of(demo_db, brennero.id)}
    assert notes[Programme.ONE_TO_ONE] == "Quarterly OEE review with (erased person)"
