"""accountmgr transfer: a whole database copied to another, or merged into one holding data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from accountmgr.db import open_database
from accountmgr.services import identity
from accountmgr.services.accounts import create_account, find_account, update_account
from accountmgr.services.dmu import create_member as create_person
from accountmgr.services.transfer import row_counts, transfer
from accountmgr.services.errors import DomainError


def one_sentence(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.startswith("accountmgr: ")]
    assert len(lines) == 1, err
    return lines[0]


def test_a_copy_has_every_row_of_every_table_the_log_included(demo_db, tmp_path, run_main) -> None:  # noqa: ANN001
    target = tmp_path / "road copy.db"
    code, out, err = run_main("transfer", "--from", str(demo_db.path), "--to", str(target))
    assert code == 0 and out.startswith(f"Copied ") and str(target) in out
    copy = open_database(target)
    try:
        counts = row_counts(copy)
        assert counts == row_counts(demo_db) and counts["activity_log"] > 0 and counts["dmu_member"] == 70
        original, copied = find_account(demo_db, "Brennero Foods"), find_account(copy, "Brennero Foods")
        assert (copied.id, copied.version, copied.owner_id) == (original.id, original.version, original.owner_id)
        assert copy.read_only is False and create_account(copy, {"name": "After the copy"}).id > copied.id
    finally:
        copy.close()


def test_a_copy_of_a_copy_is_the_same_and_new_records_get_new_ids(demo_db, tmp_path) -> None:  # noqa: ANN001
    first = open_database(tmp_path / "one.db", create=True)
    transfer(demo_db, first)
    second = open_database(tmp_path / "two.db", create=True)
    ticks: list[tuple[int, int]] = []
    transfer(first, second, progress=lambda done, total, _table: ticks.append((done, total)))
    assert row_counts(second) == row_counts(demo_db)
    assert ticks[0][0] == 0 and ticks[-1][0] == ticks[-1][1] == sum(row_counts(demo_db).values())
    largest = max(a.id for a in [find_account(second, "Brennero Foods"), find_account(second, "Vasa Timber")])
    assert create_account(second, {"name": "New after copy"}).id > largest
    first.close()
    second.close()


def test_a_target_holding_data_is_refused_in_one_sentence_and_left_as_it_was(demo_db, tmp_path, run_main) -> None:  # noqa: ANN001
    db = open_database(tmp_path / "full.db", create=True)
    create_account(db, {"name": "Already here"})
    before = row_counts(db)
    code, _, err = run_main("transfer", "--from", str(demo_db.path), "--to", str(db.path))
    assert code == 1 and "already holds data" in one_sentence(err) and "--merge" in err
    assert row_counts(db) == before
    db.close()


def test_a_missing_source_is_refused(tmp_path, run_main) -> None:  # noqa: ANN001
    code, _, err = run_main("transfer", "--from", str(tmp_path / "nowhere.db"), "--to", str(tmp_path / "t.db"))
    assert code == 1 and "There is no database at" in one_sentence(err)
    assert not (tmp_path / "t.db").exists()


def test_the_same_database_is_refused(demo_db) -> None:  # noqa: ANN001
    with pytest.raises(DomainError, match="same database"):
        transfer(demo_db, demo_db, merge=True)


def _road_copy(demo_db, tmp_path: Path):  # noqa: ANN001, ANN202
    """The office database and a copy taken on the road, each then edited by its own person."""
    laptop = open_database(tmp_path / "laptop.db", create=True)
    transfer(demo_db, laptop)
    identity.act_as(laptop, identity.resolve(laptop, "Giulia Ferri"))
    identity.act_as(demo_db, identity.resolve(demo_db, "Marco Bianchi"))
    return laptop


def test_merge_adds_updates_and_lists_conflicts_without_overwriting(demo_db, tmp_path, run_main) -> None:  # noqa: ANN001
    laptop = _road_copy(demo_db, tmp_path)
    brennero = find_account(laptop, "Brennero Foods")
    update_account(laptop, brennero.id, {"notes": "Road notes — « CEO » dinner", "industry": "Food & drink"})
    update_account(demo_db, brennero.id, {"notes": "Office notes", "region": "Trentino"})
    atlas = find_account(laptop, "Atlas Aerospace Parts")
    update_account(laptop, atlas.id, {"region": "Lazio"})
    new = create_account(laptop, {"name": "Nuova Società S.r.l."})
    create_person(laptop, new.id, {"name": "Anna [Verdi]", "title": "Buyer"})
    # the office meanwhile added an account too: the laptop's new one must not take its id
    office_new = create_account(demo_db, {"name": "Office Only SpA"})
    laptop.close()
    before = row_counts(demo_db)

    code, out, err = run_main("--as", "Marco Bianchi", "transfer", "--from", str(tmp_path / "laptop.db"),
                              "--to", str(demo_db.path), "--merge")
    assert code == 0, err
    lines = out.splitlines()
    assert "2 updated" in lines[0] and "1 conflicts" in lines[0] and "added" in lines[0] and "unchanged" in lines[0]
    assert lines[1].startswith("Conflict: account “Brennero Foods”: notes is Office notes here and Road notes")
    merged = find_account(demo_db, "Brennero Foods")
    assert (merged.notes, merged.industry, merged.region) == ("Office notes", "Food & drink", "Trentino")
    assert merged.version == 3
    assert find_account(demo_db, "Atlas Aerospace Parts").region == "Lazio"
    added = find_account(demo_db, "Nuova Società S.r.l.")
    assert added.id != office_new.id and added.owner_id == identity.find_member(demo_db, "Giulia Ferri").id
    from accountmgr.services.dmu import list_members

    assert [(p.name, p.title) for p in list_members(demo_db, added.id)] == [("Anna [Verdi]", "Buyer")]
    after = row_counts(demo_db)
    assert after["account"] == before["account"] + 1 and after["dmu_member"] == before["dmu_member"] + 1
    assert after["activity_log"] > before["activity_log"]
    # merging again changes nothing more
    code, out, _ = run_main("--as", "Marco Bianchi", "transfer", "--from", str(tmp_path / "laptop.db"),
                            "--to", str(demo_db.path), "--merge")
    assert code == 0 and ": 0 added, 0 updated" in out and row_counts(demo_db) == after


def test_merging_an_identical_copy_finds_everything_unchanged(demo_db, tmp_path) -> None:  # noqa: ANN001
    copy = open_database(tmp_path / "same.db", create=True)
    transfer(demo_db, copy)
    summary = transfer(copy, demo_db, merge=True)
    assert summary.total_added == 0 and not summary.updated and not summary.conflicts
    assert sum(summary.unchanged.values()) == sum(row_counts(demo_db).values())
    copy.close()


def test_merge_matches_by_external_id_before_the_name(db, tmp_path) -> None:  # noqa: ANN001
    other = open_database(tmp_path / "crm.db", create=True)
    for database, raw in ((db, {"name": "Acme Tools"}), (other, {"name": "ACME Tools S.p.A.", "region": "Veneto"})):
        account = create_account(database, raw)
        with database.session() as session:  # as an import from the CRM would have stored it
            stored = session.get(type(account), account.id)
            stored.external_id = "SF-001"
            session.add(stored)
    summary = transfer(other, db, merge=True)
    assert summary.added.get("account", 0) == 0 and summary.updated.get("account") == 1
    account = find_account(db, "Acme Tools")
    assert account.region == "Veneto"
    # each side typed its own name since: when in doubt the target keeps its value, and says so
    assert [(c.field, c.ours, c.theirs) for c in summary.conflicts] == [("name", "Acme Tools", "ACME Tools S.p.A.")]
    other.close()


def test_a_failed_merge_leaves_the_target_as_it_was(demo_db, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    laptop = _road_copy(demo_db, tmp_path)
    create_account(laptop, {"name": "Half Way"})
    before = row_counts(demo_db)
    from accountmgr.queries import transfer as queries

    def boom(*_args, **_kwargs) -> None:  # noqa: ANN002, ANN003
        raise RuntimeError("disk full")

    monkeypatch.setattr(queries, "continue_ids_after_copy", boom)
    with pytest.raises(RuntimeError):
        transfer(laptop, demo_db, merge=True)
    assert row_counts(demo_db) == before
    laptop.close()


def test_sqlite_to_postgresql_and_back_keeps_every_row(demo_db, pg_url, tmp_path, run_main) -> None:  # noqa: ANN001
    """A team moves in (SQLite → PostgreSQL), then a manager takes a copy on the road (PostgreSQL → a file)."""
    code, out, err = run_main("transfer", "--from", str(demo_db.path), "--to", pg_url)
    assert code == 0, err
    assert "postgresql://" in out
    server = open_database(pg_url)
    road = tmp_path / "road.db"
    try:
        assert row_counts(server) == row_counts(demo_db)
        brennero = find_account(server, "Brennero Foods")
        assert (brennero.id, brennero.version) == (find_account(demo_db, "Brennero Foods").id, 1)
        # the server keeps numbering after the copied ids
        assert create_account(server, {"name": "Added on the server"}).id > brennero.id
        code, _, err = run_main("transfer", "--from", pg_url, "--to", str(road))
        assert code == 0, err
        copy = open_database(road)
        try:
            assert row_counts(copy) == row_counts(server)
        finally:
            copy.close()
        # a second copy onto the server is refused; a merge of the road copy back finds nothing new
        code, _, err = run_main("transfer", "--from", str(road), "--to", pg_url)
        assert code == 1 and "already holds data" in one_sentence(err)
        summary = transfer(open_database(road), server, merge=True)
        assert summary.total_added == 0 and not summary.updated and not summary.conflicts
    finally:
        server.close()


def test_a_merge_onto_postgresql_adds_updates_and_keeps_conflicts(demo_db, pg_url, tmp_path) -> None:  # noqa: ANN001
    server = open_database(pg_url)
    transfer(demo_db, server)
    laptop = open_database(tmp_path / "laptop.db", create=True)
    transfer(server, laptop)
    identity.act_as(laptop, identity.resolve(laptop, "Giulia Ferri"))
    identity.act_as(server, identity.resolve(server, "Marco Bianchi"))
    account = find_account(laptop, "Vasa Timber")
    update_account(laptop, account.id, {"notes": "laptop", "industry": "Forestry"})
    update_account(server, account.id, {"notes": "server"})
    create_account(laptop, {"name": "Città Nuova"})
    summary = transfer(laptop, server, merge=True)
    merged = find_account(server, "Vasa Timber")
    assert (merged.notes, merged.industry) == ("server", "Forestry")
    assert [(c.field, c.ours, c.theirs) for c in summary.conflicts] == [("notes", "server", "laptop")]
    assert find_account(server, "Città Nuova").owner_id == identity.find_member(server, "Giulia Ferri").id
    laptop.close()
    server.close()


def test_a_copy_that_fails_half_way_leaves_no_new_file(demo_db, tmp_path, run_main, monkeypatch) -> None:  # noqa: ANN001
    from accountmgr.queries import transfer as queries

    def full_disk(*_args, **_kwargs) -> None:  # noqa: ANN002, ANN003
        raise DomainError("The disk is full.")

    monkeypatch.setattr(queries, "continue_ids_after_copy", full_disk)
    target = tmp_path / "new.db"
    code, _, err = run_main("transfer", "--from", str(demo_db.path), "--to", str(target))
    assert code == 1 and one_sentence(err) == "accountmgr: The disk is full."
    assert not target.exists()
