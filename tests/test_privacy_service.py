"""Erasing a person and exporting what is held about them: the records, the log, the account's texts, the file's bytes."""

from __future__ import annotations

import itertools
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accountmgr.db import Database
from accountmgr.models import ActionStatus
from accountmgr.services import activity, dmu, plan, privacy
from accountmgr.services.accounts import create_account, get_account, update_account
from accountmgr.services.changes import changes_since_last_review
from accountmgr.services.errors import DomainError, NotFound
from accountmgr.services.opportunities import create_opportunity
from accountmgr.services.reviews import create_review

NAME = "Zelda Quarantottò"
OLD_PHONE = "+39 045 700 1111"
PHONE = "+39 333 987 6543"
EMAIL = "zelda.q@acmefoods.example"
CRITERIA = "Wants a seat on the steering board"
WIN = "Promotion to plant director before summer"
SECRETS = (NAME, OLD_PHONE, PHONE, EMAIL, CRITERIA, WIN)


def needles(text: str) -> list[bytes]:
    """How a value can sit in the file: UTF-8 in text columns, \\u-escaped inside the log's JSON."""
    return list(dict.fromkeys([text.encode(), json.dumps(text)[1:-1].encode()]))


def file_bytes(path: Path) -> bytes:
    """The database file and its -wal and -shm companions, as one blob."""
    return b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
        if p.exists()
    )


NAMESAKE = "Zelda Quarantottòni"
"""Another person whose name begins with the erased one's: theirs stays."""


def found_in(path: Path, text: str) -> bool:
    blob = file_bytes(path)
    for needle in needles(NAMESAKE):
        blob = blob.replace(needle, b"")
    return any(needle in blob for needle in needles(text))


@pytest.fixture
def acme(db: Database, frozen_clock: None) -> dict[str, int]:
    """An account with a boss, the person (edited, so the log holds old values too), a report, actions and texts."""
    account = create_account(db, {"name": "Acme Foods"})
    boss = dmu.create_member(db, account.id, {"name": "Paolo Brennero", "phone": "+39 045 000 0000"})
    person = dmu.create_member(db, account.id, {
        "name": NAME, "title": "COO", "reports_to_id": boss.id, "phone": OLD_PHONE, "email": EMAIL,
        "personal_criteria": CRITERIA, "personal_win": WIN, "notes": "Met at the Verona fair.",
    })
    dmu.update_member(db, person.id, {"phone": PHONE, "attitude": "champion"})
    report = dmu.create_member(db, account.id, {"name": "Bruno Neri", "reports_to_id": person.id})
    namesake = dmu.create_member(db, account.id, {"name": NAMESAKE, "notes": f"Cousin of {NAME}."})
    both = plan.create_action(db, account.id, {"scheduled_at": "2026-12-01 10:00", "objective": "Plant tour"},
                              member_ids=[person.id, report.id])
    only = plan.create_action(db, account.id, {"scheduled_at": "2026-12-02 10:00",
                                               "objective": f"Call {NAME} about the pilot"},
                              member_ids=[person.id])
    plan.mark_done(db, only.id, f"{NAME} said yes; she wants it by {datetime(2027, 1, 15):%B}.", "2026-11-19")
    opportunity = create_opportunity(db, account.id, {"name": "MES pilot", "value_cents": "120k",
                                                      "notes": f"Sponsor: {NAME} ({EMAIL}, {PHONE})."})
    update_account(db, account.id, {"notes": f"Key contact {NAME.upper()}; ask for zelda.Q@acmefoods.example"})
    return {"account": account.id, "boss": boss.id, "person": person.id, "report": report.id,
            "namesake": namesake.id, "both": both.id, "only": only.id, "opportunity": opportunity.id}


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *strings(item)]]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def log_texts(db: Database, account_id: int) -> str:
    """Every text of the account's log (summaries, field names, old and new values), a line each."""
    return "\n".join(
        "\n".join([entry.summary, *strings(entry.changes)]) for entry in activity.entries_for_account(db, account_id)
    )


def test_find_person_ignores_case_and_spacing_and_suggests(db: Database, acme: dict[str, int]) -> None:
    assert privacy.find_person(db, "acme", "  zelda   QUARANTOTTÒ ").id == acme["person"]
    with pytest.raises(NotFound, match="nobody called “Zelda Q” in the DMU of Acme Foods; did you mean Zelda"):
        privacy.find_person(db, "Acme Foods", "Zelda Q")
    with pytest.raises(NotFound, match="no account called"):
        privacy.find_person(db, "Nowhere Ltd", NAME)


def test_find_person_refuses_two_people_with_the_same_name(db: Database, acme: dict[str, int]) -> None:
    dmu.create_member(db, acme["account"], {"name": "bruno neri"})
    with pytest.raises(DomainError, match="2 people in the DMU of Acme Foods are called “Bruno Neri”"):
        privacy.find_person(db, "Acme Foods", "Bruno Neri")


def test_erase_removes_the_record_links_and_reattaches_reports(db: Database, acme: dict[str, int]) -> None:
    erasure = privacy.erase_person(db, acme["person"])
    assert erasure.name == NAME and erasure.account_name == "Acme Foods"
    assert erasure.reports_moved == ("Bruno Neri",) and erasure.new_manager == "Paolo Brennero"
    assert erasure.actions_unlinked == 2 and erasure.wiped
    members = {m.name: m for m in dmu.list_members(db, acme["account"])}
    assert NAME not in members
    assert members["Bruno Neri"].reports_to_id == acme["boss"]
    # Both actions stay in the plan; the one that addressed only them now addresses nobody.
    rows = {row.id: row for row in plan.list_actions(db, acme["account"])}
    assert rows[acme["both"]].members == ("Bruno Neri",) and rows[acme["only"]].members == ()
    assert rows[acme["only"]].objective == "Call (erased person) about the pilot"


def test_erase_redacts_the_log_and_leaves_one_entry_without_personal_data(db: Database, acme: dict[str, int]) -> None:
    before = activity.entries_for_account(db, acme["account"])
    erasure = privacy.erase_person(db, acme["person"])
    after = activity.entries_for_account(db, acme["account"])
    texts = log_texts(db, acme["account"])
    for secret in SECRETS:
        assert not re.search(re.escape(secret) + r"(?!\w)", texts, re.IGNORECASE), secret
    redacted = [e for e in after if e.action == privacy.REDACTED_ACTION]
    assert len(redacted) == erasure.log_entries_redacted >= 5
    assert {e.summary for e in redacted} == {"A person was erased on 2026-11-20."}
    assert all(e.changes == {} for e in redacted)
    erased = [e for e in after if e.action == privacy.ERASED_ACTION]
    assert [e.summary for e in erased] == ["A person was erased on 2026-11-20."] and erased[0].entity_id is None
    # Entries about other people that do not mention them are untouched; one quoting their name is redacted.
    bruno = [e.action for e in after if e.entity == "dmu_member" and e.entity_id == acme["report"]]
    assert bruno == ["created", "moved"]
    namesake = [e.action for e in after if e.entity == "dmu_member" and e.entity_id == acme["namesake"]]
    assert namesake == [privacy.REDACTED_ACTION]
    assert len(after) == len(before) + 1 + 1  # the erasure, and Bruno's move


def test_erase_replaces_their_name_email_and_phone_in_the_accounts_texts(db: Database, acme: dict[str, int]) -> None:
    privacy.erase_person(db, acme["person"])
    account = get_account(db, acme["account"])
    assert account.notes == "Key contact (erased person); ask for (erased person)"
    from accountmgr.services.opportunities import get_opportunity

    assert get_opportunity(db, acme["opportunity"]).notes == "Sponsor: (erased person) ((erased person), (erased person))."
    namesake = dmu.get_member(db, acme["namesake"])
    assert namesake.name == NAMESAKE
    assert namesake.notes == "Cousin of (erased person)."


def test_erased_bytes_are_gone_from_the_file_the_wal_and_the_shm(db: Database, acme: dict[str, int]) -> None:
    for secret in SECRETS:
        assert found_in(db.path, secret), f"{secret} should be in the file before"
    privacy.erase_person(db, acme["person"])
    for secret in SECRETS:
        assert not found_in(db.path, secret), secret
    assert db.path.with_name(db.path.name + "-wal").stat().st_size == 0
    db.close()
    for secret in SECRETS:
        assert not found_in(db.path, secret), secret


def test_what_changed_since_the_last_review_says_only_that_a_person_was_erased(db: Database, acme: dict[str, int]) -> None:
    create_review(db, acme["account"], {"reviewed_on": "2026-11-01"})
    changes = changes_since_last_review(db, acme["account"])
    assert NAME in json.dumps([g.items for g in changes.groups], ensure_ascii=False)
    privacy.erase_person(db, acme["person"])
    items = [item for group in changes_since_last_review(db, acme["account"]).groups for item in group.items]
    text = "\n".join(items)
    for secret in SECRETS:
        assert not re.search(re.escape(secret) + r"(?!\w)", text, re.IGNORECASE), secret
    assert items.count("A person was erased on 2026-11-20.") == 1


def test_preview_says_what_will_go_without_changing_anything(db: Database, acme: dict[str, int]) -> None:
    preview = privacy.preview_erasure(db, acme["person"])
    assert (preview.name, preview.reports, preview.new_manager, preview.actions, preview.texts) == (
        NAME, ("Bruno Neri",), "Paolo Brennero", 2, 4,  # texts: account, opportunity, namesake's notes, the action
    )
    text = "\n".join(preview.describe())
    assert "cannot be undone" in text
    assert "Their reports Bruno Neri will report to Paolo Brennero." in text
    assert dmu.get_member(db, acme["person"]).name == NAME


def test_export_person_holds_every_field_links_mentions_and_history(db: Database, acme: dict[str, int]) -> None:
    data = json.loads(json.dumps(privacy.export_person(db, acme["person"])))
    assert data["person"] == NAME and data["account"] == "Acme Foods"
    record = {item["field"]: item for item in data["record"]}
    assert record["phone"] == {"field": "phone", "label": "Phone", "value": PHONE}
    assert record["personal_criteria"]["label"] == "Personal decision criteria"
    assert record["personal_win"]["value"] == WIN and record["attitude"]["value"] == "champion"
    assert record["last_contact"]["value"] == "2026-11-19"
    assert data["reports_to"] == "Paolo Brennero" and data["direct_reports"] == ["Bruno Neri"]
    assert [a["objective"] for a in data["actions_addressed"]] == ["Plant tour", f"Call {NAME} about the pilot"]
    assert data["actions_addressed"][1]["status"] == ActionStatus.DONE.value
    assert {m["record"] for m in data["mentioned_in"]} >= {"account Acme Foods", "opportunity MES pilot"}
    history = data["activity_log"]
    assert history[0]["action"] == "created" and any(
        entry["changes"].get("phone") == [OLD_PHONE, PHONE] for entry in history
    )
    # Other records' entries that quote them: the action's outcome, the opportunity and account notes.
    assert {"action", "opportunity", "account", "dmu_member"} <= {entry["record"] for entry in history}
    datetime.fromisoformat(data["exported_at"])


def test_backups_beside_the_database_are_listed(db: Database, acme: dict[str, int]) -> None:
    folder = db.path.parent
    (folder / f"{db.path.name}.schema-0002.20261101-090000.bak").write_bytes(b"x")
    (folder / f"{db.path.stem}-20261110-120000.db").write_bytes(b"x")
    (folder / "unrelated.db").write_bytes(b"x")
    erasure = privacy.erase_person(db, acme["person"])
    assert [p.name for p in erasure.backups] == [
        f"{db.path.stem}-20261110-120000.db", f"{db.path.name}.schema-0002.20261101-090000.bak",
    ]
    assert "still hold them" in "\n".join(erasure.describe())


_numbers = itertools.count(1)
_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u2028\u2029"),
    min_size=3, max_size=30,
).map(str.strip).filter(lambda s: len(s) >= 3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_names)
def test_any_name_is_found_and_erased_everywhere(db: Database, name: str) -> None:
    """Names with regex characters, brackets, quotes, accents or emoji are matched literally."""
    account = create_account(db, {"name": f"Account {next(_numbers)}"})
    try:
        person = dmu.create_member(db, account.id, {"name": name, "phone": "+1 555 0100"})
    except DomainError:
        assume(False)
        return
    stored = dmu.get_member(db, person.id).name
    assume(len(stored) >= 3)  # input cleaning may shorten it (a soft hyphen goes); shorter names are never searched
    plan.create_action(db, account.id, {"scheduled_at": "2099-01-01 10:00", "objective": f"Call {stored} now"},
                       member_ids=[person.id])
    typed = stored.upper() if stored.upper().casefold() == stored.casefold() else stored
    assert privacy.find_person(db, account.name, typed).id == person.id
    privacy.erase_person(db, person.id)
    pattern = re.compile(r"(?<!\w)" + re.escape(stored) + r"(?!\w)", re.IGNORECASE)
    assert not pattern.search(log_texts(db, account.id))
    objectives = [row.objective for row in plan.list_actions(db, account.id)]
    assert all(not pattern.search(text) for text in objectives)


def test_a_reader_in_another_window_delays_the_wipe_until_it_closes(
    db: Database, acme: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    monkeypatch.setattr(privacy, "CHECKPOINT_WAIT_MS", 50)
    reader = sqlite3.connect(db.path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM dmu_member").fetchone()  # holds a snapshot from before the erasure
    erasure = privacy.erase_person(db, acme["person"])
    assert not erasure.wiped
    assert ("The freed space is not wiped yet (another window was reading the database); it is wiped when every "
            "window on this database is closed.") in erasure.describe()
    assert NAME not in [m.name for m in dmu.list_members(db, acme["account"])]
    reader.execute("COMMIT")
    reader.close()
    db.close()  # the last connection copies the log in and removes it
    for secret in SECRETS:
        assert not found_in(db.path, secret), secret


def test_erasing_someone_at_the_top_puts_their_reports_at_the_top(db: Database, acme: dict[str, int]) -> None:
    erasure = privacy.erase_person(db, acme["boss"])
    assert erasure.reports_moved == (NAME,) and erasure.new_manager is None
    assert dmu.get_member(db, acme["person"]).reports_to_id is None
    assert "Zelda Quarantottò are now at the top of the org chart" in "\n".join(erasure.describe())


def test_erasure_covers_complaints_influence_lines_and_leanings(db: Database, acme: dict[str, int]) -> None:
    from accountmgr.services import complaints, informal

    raised = complaints.create_complaint(db, acme["account"], {
        "received_on": "2026-11-10", "member_id": acme["person"], "nature": "relationship",
        "summary": f"{NAME} felt ignored at the fair", "resolution": f"Called {NAME} back ({PHONE})",
    })
    informal.add_line(db, acme["account"], {"from_id": acme["person"], "to_id": acme["boss"], "strength": "strong",
                                            "note": f"{NAME} golfs with him"})
    informal.set_leaning(db, acme["person"], {"competitor": "Rivale S.p.A.", "strength": "strong"})
    exported = privacy.export_person(db, acme["person"])
    assert exported["complaints_raised"][0]["summary"] == f"{NAME} felt ignored at the fair"
    assert exported["influence_lines"][0]["to"] == "Paolo Brennero"
    assert exported["leans_to"] == {"competitor": "Rivale S.p.A.", "strength": "strong"}
    preview = privacy.preview_erasure(db, acme["person"])
    assert "1 complaint will no longer say who raised it." in preview.describe()
    assert "1 influence line to or from them will be removed." in preview.describe()

    erasure = privacy.erase_person(db, acme["person"])
    assert "1 complaint no longer says who raised it" in " ".join(erasure.describe())
    after = complaints.get_complaint(db, raised.id)
    assert after.member_id is None and NAME not in after.summary and NAME not in after.resolution
    assert PHONE not in after.resolution
    assert informal.lines(db, acme["account"]) == []
    assert NAME not in log_texts(db, acme["account"])
    for secret in (NAME, PHONE):
        assert not found_in(db.path, secret), secret


def test_erase_reaches_objectives_risks_and_asks_that_name_the_person(db: Database, acme: dict[str, int]) -> None:
    from accountmgr.services import asks, objectives, risks

    goal = objectives.create_objective(db, acme["account"], {"title": f"{NAME} signs the framework"})
    risk = risks.create_risk(db, acme["account"], {"description": f"{NAME} retires", "mitigation": f"Mail {EMAIL}"})
    ask = asks.create_ask(db, acme["account"], {"request": f"CEO call with {NAME}"})
    privacy.erase_person(db, acme["person"])
    assert objectives.get_objective(db, goal.id).title == "(erased person) signs the framework"
    stored = risks.get_risk(db, risk.id)
    assert (stored.description, stored.mitigation) == ("(erased person) retires", "Mail (erased person)")
    assert asks.get_ask(db, ask.id).request == "CEO call with (erased person)"
    assert NAME not in log_texts(db, acme["account"])
