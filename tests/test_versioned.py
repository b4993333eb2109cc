"""Saves checked against what the form saw: different fields merge, the same field conflicts with who and when."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from accountmgr.db import Database
from accountmgr.models import Account, ActivityLog
from accountmgr.models import tables
from accountmgr.models.columns import process_origin
from accountmgr.services import accounts, competitors, dmu, records, team, watch
from accountmgr.services.errors import DomainError
from accountmgr.services.validation import clean
from accountmgr.services.versioned import RACE_MESSAGE, ConflictError, Seen

FIELDS = list(accounts.ACCOUNT_FIELDS)


def _account(db: Database, **values: object) -> Account:
    return accounts.create_account(db, {"name": "Käserei Müller & Söhne", "industry": "Food", "region": "Bayern",
                                        **values})


def _as_other_window(db: Database, origin: str = "laptop:4242:beef") -> None:
    """Make the newest log entry look written by another process."""
    with db.connection() as conn:
        conn.execute("UPDATE activity_log SET origin = ? WHERE id = (SELECT MAX(id) FROM activity_log)", (origin,))
        conn.commit()


def test_a_new_record_has_version_1_and_every_save_adds_one(db: Database) -> None:
    account = _account(db)
    assert account.version == 1
    assert accounts.update_account(db, account.id, {"industry": "Dairy"}).version == 2
    assert accounts.update_account(db, account.id, {"industry": "Dairy"}).version == 2  # nothing changed
    assert accounts.set_archived(db, account.id, True).version == 3  # not through records.update: bumped too


def test_edits_of_different_fields_both_survive(db: Database) -> None:
    account = _account(db)
    seen_by_b = Seen.of(account, FIELDS)
    accounts.update_account(db, account.id, {"industry": "Dairy"}, seen=Seen.of(account, FIELDS))  # window A
    saved = accounts.update_account(db, account.id, {"region": "Tirol"}, seen=seen_by_b)  # window B, opened before
    assert (saved.industry, saved.region, saved.version) == ("Dairy", "Tirol", 3)
    again = accounts.get_account(db, account.id)
    assert (again.industry, again.region) == ("Dairy", "Tirol")


def test_the_same_field_changed_underneath_is_refused_with_what_who_and_when(db: Database) -> None:
    account = _account(db)
    seen = Seen.of(account, FIELDS)
    accounts.update_account(db, account.id, {"industry": "Dairy [bio]"})
    _as_other_window(db)
    with pytest.raises(ConflictError) as caught:
        accounts.update_account(db, account.id, {"industry": "Cheese", "region": "Tirol"}, seen=seen)
    error = caught.value
    assert isinstance(error, DomainError) and error.field == "industry"
    [conflict] = error.conflicts
    assert (conflict.label, conflict.seen, conflict.current, conflict.who) == (
        "Industry", "Food", "Dairy [bio]", "another window")
    assert conflict.when is not None
    assert "Industry: was “Food”, now “Dairy [bio]” (another window, " in error.message
    unchanged = accounts.get_account(db, account.id)
    assert (unchanged.industry, unchanged.region, unchanged.version) == ("Dairy [bio]", "Bayern", 2)  # nothing written


def test_overwrite_saves_the_users_values_over_the_others(db: Database) -> None:
    account = _account(db)
    seen = Seen.of(account, FIELDS)
    accounts.update_account(db, account.id, {"industry": "Dairy", "notes": "from B"})
    with pytest.raises(ConflictError) as caught:
        accounts.update_account(db, account.id, {"industry": "Cheese"}, seen=seen)
    saved = accounts.update_account(db, account.id, {"industry": "Cheese"}, seen=caught.value.overwrite(seen))
    assert (saved.industry, saved.notes, saved.version) == ("Cheese", "from B", 3)


def test_the_same_value_typed_in_both_windows_is_no_conflict(db: Database) -> None:
    account = _account(db)
    seen = Seen.of(account, FIELDS)
    accounts.update_account(db, account.id, {"industry": "Dairy"})
    assert accounts.update_account(db, account.id, {"industry": "Dairy"}, seen=seen).industry == "Dairy"


def test_who_is_a_team_member_an_import_or_this_window(db: Database) -> None:
    giulia = team.create_member(db, {"name": "Giulia Ferri"})
    account = _account(db)
    seen = Seen.of(account, FIELDS)
    accounts.update_account(db, account.id, {"region": "Tirol"})

    def who() -> str:
        """Who the conflict says made the other change, when this window saves over it."""
        with pytest.raises(ConflictError) as caught:
            accounts.update_account(db, account.id, {"region": "Wien"}, seen=seen)
        return caught.value.conflicts[0].who

    def last_change_becomes(assignments: str, *params: object) -> None:
        """Rewrite the newest activity-log entry (as another person's or an import's change would have it)."""
        with db.connection() as conn:
            conn.execute(f"UPDATE activity_log SET {assignments} WHERE id = (SELECT MAX(id) FROM activity_log)",
                         params)
            conn.commit()

    assert who() == "you, in this window"
    last_change_becomes("actor_id = ?", giulia.id)
    assert who() == "Giulia Ferri"
    last_change_becomes("actor_id = NULL, summary = 'Imported from crm.csv: region'")
    assert who() == "an import"
    last_change_becomes("summary = 'Changed account X (import from crm.csv): region'")
    assert who() == "an import"


def test_step_records_and_people_follow_the_same_rule(db: Database) -> None:
    account = _account(db)
    rival = competitors.create_competitor(db, account.id, {"competitor": "Rossi [italia] SpA"})
    person = dmu.create_member(db, account.id, {"name": "Anna Verdi"})
    rival_seen, person_seen = Seen.of(rival, ["competitor", "notes"]), Seen.of(person, ["title", "phone"])
    competitors.update_competitor(db, rival.id, {"notes": "cheap"})
    dmu.update_member(db, person.id, {"phone": "+39 02 1234"})
    assert competitors.update_competitor(db, rival.id, {"competitor": "Rossi SpA"}, seen=rival_seen).notes == "cheap"
    assert dmu.update_member(db, person.id, {"title": "CEO"}, seen=person_seen).phone == "+39 02 1234"
    with pytest.raises(ConflictError):
        dmu.update_member(db, person.id, {"phone": "0"}, seen=person_seen)


def test_a_record_changed_since_it_was_shown_is_not_deleted(db: Database) -> None:
    account = _account(db)
    rival = competitors.create_competitor(db, account.id, {"competitor": "Rossi SpA"})
    competitors.update_competitor(db, rival.id, {"notes": "cheap"})
    with pytest.raises(DomainError, match="was changed since you looked at it"):
        competitors.delete_competitor(db, rival.id, seen_version=rival.version)
    competitors.delete_competitor(db, rival.id, seen_version=rival.version + 1)
    assert competitors.list_competitors(db, account.id) == []


def test_a_row_changed_between_reading_and_writing_is_refused_not_overwritten(db: Database) -> None:
    account = _account(db)
    with pytest.raises(DomainError, match=re.escape(RACE_MESSAGE)), db.session() as session:
        row = session.get(Account, account.id)
        accounts.update_account(db, account.id, {"region": "Tirol"})  # another writer, in between
        records.update(session, row, {"industry": "Dairy"}, accounts.ACCOUNT_FIELDS, entity="account",
                       account_id=account.id, describe=lambda a: a.name)
    again = accounts.get_account(db, account.id)
    assert (again.industry, again.region) == ("Food", "Tirol")


def test_every_log_entry_names_its_process_even_from_core_inserts(db: Database) -> None:
    account = _account(db)
    with db.session() as session:
        session.execute(insert(ActivityLog).values(entity="account", entity_id=account.id, action="created",
                                                   summary="Added by a bulk path", changes={}))
    with db.connection() as conn:
        origins = {row[0] for row in conn.execute("SELECT origin FROM activity_log")}
    assert origins == {process_origin()}


def test_changes_elsewhere_are_the_new_entries_of_other_processes(db: Database) -> None:
    start = watch.latest_id(db)
    account = _account(db)
    newest, changes = watch.changed_elsewhere(db, start)
    assert newest > start and changes == []  # our own change is not news to us
    accounts.update_account(db, account.id, {"region": "Tirol"})
    _as_other_window(db)
    newest2, changes = watch.changed_elsewhere(db, newest)
    assert newest2 == newest + 1
    assert [(c.account_id, c.entity, c.entity_id) for c in changes] == [(account.id, "account", account.id)]
    assert watch.changed_elsewhere(db, newest2) == (newest2, [])


def test_every_mutable_table_bumps_its_version_on_every_orm_update() -> None:
    for name in tables.__dict__:
        model = getattr(tables, name)
        if isinstance(model, type) and hasattr(model, "__table__") and "version" in model.__table__.c:
            assert model.__mapper__.version_id_col is model.__table__.c.version, name


CREATION_TIME_UPDATES = {
    ("demo.py", "reports_to_id"), ("importer.py", "reports_to_id"), ("import_write.py", " in later"),
    ("demo_loyalty.py", "perceived_quality"),
}
"""Core updates of rows inserted in the same transaction (reporting lines of new people, the demo reviews'
perceived and technical quality): still version 1."""

VERSIONED = {cls for cls in vars(tables).values()
             if isinstance(cls, type) and hasattr(cls, "__table__") and "version" in cls.__table__.c}


def test_no_service_updates_rows_behind_the_version() -> None:
    """Core UPDATE statements skip the ORM's version bump: each must set the version itself."""
    services = Path(__file__).parent.parent / "accountmgr" / "services"
    class_names = {cls.__name__ for cls in VERSIONED}
    table_names = {cls.__tablename__ for cls in VERSIONED}
    offenders = []
    for path in sorted(services.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "update" and node.args:
                target = node.args[0]
                if isinstance(target, ast.Name) and target.id[:1].isupper() and target.id not in class_names:
                    continue  # a table without versions (the log, the settings)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found = re.match(r"\s*UPDATE\s+(\w+)", node.value, re.IGNORECASE)
                if found is None or found.group(1) not in table_names:
                    continue
            else:
                continue
            # The statement and the few lines building it.
            context = "\n".join(lines[max(0, node.lineno - 6): (node.end_lineno or node.lineno) + 1])
            if "version" in context or any(
                    path.name == name and marker in context for name, marker in CREATION_TIME_UPDATES):
                continue
            offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []

EDITABLE = ("industry", "region", "organisation", "notes")
_names = iter(range(10**9))
edits = st.dictionaries(
    st.sampled_from(EDITABLE),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    max_size=len(EDITABLE),
)


def typed(edit: dict) -> dict:
    """The values a save stores for *edit* (the service's own checking and trimming)."""
    return clean(edit, accounts.ACCOUNT_FIELDS, partial=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=edits, second=edits)
def test_two_windows_merge_or_conflict_never_lose_an_edit(db: Database, first: dict, second: dict) -> None:
    """Window A saves, then window B (opened before): B's fields changed by A to another value conflict;
    otherwise both edits are there."""
    account = _account(db, name=f"Konditorei «{next(_names)}» [test]", organisation="Two sites", notes="—")
    seen = Seen.of(account, FIELDS)
    after_a = accounts.update_account(db, account.id, first, seen=seen)
    clashing = {name for name, value in typed(second).items()
                if getattr(after_a, name) != getattr(account, name) and value != getattr(after_a, name)}
    if clashing:
        with pytest.raises(ConflictError) as caught:
            accounts.update_account(db, account.id, second, seen=seen)
        assert {c.field for c in caught.value.conflicts} == clashing
        expected = {name: getattr(after_a, name) for name in EDITABLE}
    else:
        accounts.update_account(db, account.id, second, seen=seen)
        expected = {name: getattr(account, name) for name in EDITABLE} | typed(first) | typed(second)
    now = accounts.get_account(db, account.id)
    assert {name: getattr(now, name) for name in EDITABLE} == expected


def test_an_import_names_its_process_in_the_log(db: Database, tmp_path: Path) -> None:
    from accountmgr.services.importer import import_accounts

    start = watch.latest_id(db)
    source = tmp_path / "crm.csv"
    source.write_text("name;industry\nKäserei Müller;Food\n", encoding="utf-8")
    import_accounts(db, source)
    with db.connection() as conn:
        origins = {row[0] for row in conn.execute("SELECT origin FROM activity_log WHERE id > ?", (start,))}
    assert origins == {process_origin()}
