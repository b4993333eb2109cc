"""Importing again updates instead of duplicating: only what differs changes, blanks never wipe, all is logged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accountmgr.db import Database
from accountmgr.services.accounts import find_account, update_account
from accountmgr.services.dmu import list_members, update_member
from accountmgr.services.importer import import_file, plan_import, run_import

pytestmark = pytest.mark.both_engines  # the imports on SQLite and on PostgreSQL


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _log(db: Database) -> list[tuple]:
    with db.connection() as conn:
        rows = conn.execute("SELECT entity, action, summary, changes FROM activity_log ORDER BY id").fetchall()
    # (SQLite hands the JSON column back as text, PostgreSQL's driver already decoded)
    return [(entity, action, summary, json.loads(changes) if isinstance(changes, str) else changes)
            for entity, action, summary, changes in rows]


def test_a_newer_export_updates_what_changed_and_logs_old_and_new(db: Database, tmp_path: Path) -> None:
    first = _write(tmp_path, "march.csv", "Account ID,Account Name,Industry,Billing Country\n"
                                          "001A,Acme Foods,Food,Italy\n001B,Beta Metals,Metals,Germany\n")
    import_file(db, first)
    acme = find_account(db, "Acme Foods")
    assert (acme.external_id, acme.version) == ("001A", 1)
    # The newer export renames an account (same id) and moves another.
    newer = _write(tmp_path, "april.csv", "Account ID,Account Name,Industry,Billing Country\n"
                                          "001A,Acme Foods Group,Food,Italy\n001B,Beta Metals,Metals,Austria\n"
                                          "001C,Gamma,,\n")
    before = len(_log(db))
    plan = plan_import(db, newer)
    assert [c.describe() for c in plan.counts] == ["Accounts: 1 new, 2 updated, 0 unchanged (changed: name, region)"]
    summary = run_import(db, plan)
    renamed = find_account(db, "Acme Foods Group")
    assert renamed.id == acme.id and renamed.version == 2 and renamed.updated_at > acme.updated_at
    assert find_account(db, "Beta Metals").region == "Austria"
    added = _log(db)[before:]
    assert ("account", "updated", "Changed account Acme Foods: name (import from april.csv)",
            {"name": ["Acme Foods", "Acme Foods Group"]}) in added
    assert ("account", "updated", "Changed account Beta Metals: region (import from april.csv)",
            {"region": ["Germany", "Austria"]}) in added
    assert sorted(summary.account_ids) == sorted([acme.id, find_account(db, "Beta Metals").id,
                                                  find_account(db, "Gamma").id])


def test_a_blank_cell_never_wipes_what_the_user_wrote(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "contacts.csv", "Account Name,First Name,Last Name,Title,Notes,Industry\n"
                                            "Acme Foods,Ann,Lee,CFO,,Food\n")
    import_file(db, path, kind="contacts")
    acme = find_account(db, "Acme Foods")
    update_account(db, acme.id, {"strategy_notes": "Grow through the CFO", "industry": "Food"})
    [ann] = list_members(db, acme.id)
    update_member(db, ann.id, {"personal_win": "Be seen as the one who cut costs", "notes": "Met at the fair"})
    blanked = _write(tmp_path, "contacts2.csv", "Account Name,First Name,Last Name,Title,Notes,Industry\n"
                                                "acme  FOODS,Ann,Lee,,,\n")
    summary = import_file(db, blanked, kind="contacts")
    assert (summary.count("person").unchanged, summary.count("account").unchanged) == (1, 1)
    [ann] = list_members(db, acme.id)
    assert (ann.title, ann.personal_win, ann.notes) == ("CFO", "Be seen as the one who cut costs", "Met at the fair")
    assert find_account(db, "Acme Foods").strategy_notes == "Grow through the CFO"


def test_a_dry_run_writes_nothing(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.csv", "name,owner\nAcme,Giulia Ferri\n")
    plan = plan_import(db, path)
    assert plan.count_lines() == ["Team members: 1 new, 0 updated, 0 unchanged",
                                  "Accounts: 1 new, 0 updated, 0 unchanged",
                                  "New team members: Giulia Ferri."] or plan.counts[0].entity == "account"
    with db.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM account").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM team_member").fetchone()[0] == 0


def test_import_then_export_the_plans_then_import_again_changes_nothing(db: Database, tmp_path: Path,
                                                                      frozen_clock: None) -> None:
    accounts = _write(tmp_path, "accounts.csv", "Ragione sociale,Settore,Commerciale,Capogruppo\n"
                                                "Acme Foods,Food,Giulia Ferri,Acme Group\nBeta,Metals,Tom Baker,\n")
    deals = _write(tmp_path, "deals.csv", "Opportunity Name,Account Name,Amount,Stage,Close Date,Product\n"
                                          "Renewal,Acme Foods,12500,Closed Won,2026-03-01,Support\n"
                                          "Expansion,Acme Foods,40000,Proposal,2026-12-31,Platform\n")
    import_file(db, accounts)
    import_file(db, deals)
    from accountmgr.services.plan_export import export_all

    export_all(db, tmp_path / "plans")
    with db.connection() as conn:
        before = conn.execute("SELECT COUNT(*) FROM activity_log").fetchone()[0]
    for path in (accounts, deals):
        summary = import_file(db, path)
        assert all(c.new == 0 and c.updated == 0 for c in summary.counts), summary.describe()
    with db.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM activity_log").fetchone()[0] == before


def test_saved_mappings_are_kept_by_name(db: Database, tmp_path: Path) -> None:
    from accountmgr.services.importer import load_mapping, mapping_names, save_mapping

    path = _write(tmp_path, "export.csv", "Cliente,Zona commerciale,Colore\nAcme,Nord,rosso\n")
    plan = plan_import(db, path, overrides={"Zona commerciale": "region", "Colore": "-"})
    save_mapping(db, "Monthly CRM", plan)
    assert mapping_names(db) == ["Monthly CRM"]
    assert load_mapping(db, "Monthly CRM") == {
        "kind": "accounts", "columns": {"Cliente": "account", "Zona commerciale": "region", "Colore": "-"}}
    again = plan_import(db, path, mapping="Monthly CRM")
    assert [(c.header, c.field, c.why) for c in again.columns] == [
        ("Cliente", "account", "saved"), ("Zona commerciale", "region", "saved"), ("Colore", None, "saved")]
    remapped = again.with_overrides({"Zona commerciale": "industry"})
    assert remapped.mapping["Zona commerciale"] == "industry"


def test_progress_is_reported_up_to_the_total(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.csv", "name,owner\n" + "".join(f"Account {i},Owner {i % 3}\n" for i in range(300)))
    seen: list[tuple[int, int]] = []
    summary = run_import(db, plan_import(db, path), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (303, 303) and [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert len(summary.account_ids) == 300


def test_a_plan_made_before_another_change_is_decided_again_when_written(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.csv", "name,industry\nAcme,Food\n")
    plan = plan_import(db, path)
    import_file(db, _write(tmp_path, "b.csv", "name,industry\nAcme,Metals\n"))
    summary = run_import(db, plan)
    assert (summary.count("account").new, summary.count("account").updated) == (0, 1)
    assert find_account(db, "Acme").industry == "Food"


def test_a_parent_or_manager_named_before_its_own_row_is_not_a_repeat(db: Database, tmp_path: Path) -> None:
    companies = _write(tmp_path, "companies.csv", "account,sector,subsidiary_of\nCheers,entertainment,Massive Dynamic\n"
                                                  "Massive Dynamic,holding,\n")
    summary = import_file(db, companies)
    assert summary.count("account").new == 2
    assert find_account(db, "Massive Dynamic").industry == "holding"
    team = _write(tmp_path, "team.csv", "sales_agent,manager,regional_office\nAnna Snelling,Dustin Brinkmann,Central\n"
                                        "Dustin Brinkmann,,Central\n")
    assert import_file(db, team).count("team").new == 2
    import_file(db, team)  # and again: unchanged
    with db.connection() as conn:
        assert conn.execute("SELECT region FROM team_member WHERE name = 'Dustin Brinkmann'").fetchone() == ("Central",)


def test_a_row_with_only_an_id_updates_the_record_with_that_id_and_cannot_create_one(db: Database,
                                                                                     tmp_path: Path) -> None:
    import_file(db, _write(tmp_path, "a.csv", "Account ID,Account Name,Industry\n001A,Acme Foods,Food\n"))
    summary = import_file(db, _write(tmp_path, "b.csv", "Account ID,Account Name,Industry\n001A,,Metals\n"))
    assert summary.count("account").fields == {"industry": 1}
    from accountmgr.services.importer import ImportRefused

    try:
        import_file(db, _write(tmp_path, "c.csv", "Contact ID,Account Name,Name,Title\nC-9,Acme Foods,,CFO\n"),
                    kind="people")
    except ImportRefused as refused:
        assert [str(p) for p in refused.problems] == ["line 2, Name: Name is required (nobody has this id yet)."]
    else:
        raise AssertionError("a person without a name was created")
