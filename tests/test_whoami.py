"""Who is who on a database: whoami, --as, the remembered name, and the changes logged under it."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from accountmgr.models import ActivityLog
from accountmgr.services import activity, identity, user_config
from accountmgr.services.accounts import create_account, find_account, update_account
from accountmgr.services.changes import changes_since_last_review
from accountmgr.services.errors import DomainError
from accountmgr.services.team import create_member


def one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("accountmgr: "), err
    return lines[0]


def log_actors(db) -> list[int | None]:  # noqa: ANN001
    with db.session() as session:
        return [entry.actor_id for entry in session.exec(select(ActivityLog).order_by(ActivityLog.id))]


def test_whoami_set_remembers_the_name_per_database_in_a_private_config(demo_db, run_main) -> None:  # noqa: ANN001
    path = demo_db.location
    code, _, err = run_main("--db", path, "whoami")
    assert code == 1 and "Nobody is set on" in one_sentence(err) and "--as NAME" in err and "Giulia Ferri" in err
    code, out, _ = run_main("--db", path, "whoami", "--set", "giulia  FERRI")
    assert code == 0 and out == f"You are Giulia Ferri on {path} from now on.\n"
    code, out, _ = run_main("--db", path, "whoami")
    assert code == 0 and out.startswith(f"Giulia Ferri on {path} (remembered in ")
    config = user_config.config_path()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert tomllib.loads(config.read_text())["databases"][str(demo_db.path.resolve())] == {"me": "Giulia Ferri"}
    # --as wins for one run and is not remembered
    code, out, _ = run_main("--db", path, "--as", "Marco Bianchi", "whoami")
    assert out.startswith("Marco Bianchi on") and "(for this run, from --as)" in out
    assert run_main("--db", path, "whoami")[1].startswith("Giulia Ferri on")
    code, out, _ = run_main("--db", path, "whoami", "--forget")
    assert code == 0 and run_main("--db", path, "whoami")[0] == 1


@pytest.mark.both_engines
def test_whoami_set_adds_a_new_name_to_the_team(demo_db, run_main) -> None:  # noqa: ANN001
    code, out, _ = run_main("--db", demo_db.location, "whoami", "--set", "Zoë O'Brien [Sales]")
    assert code == 0 and "Zoë O'Brien [Sales]" in out and "(added to the team)" in out
    assert identity.find_member(demo_db, "zoë o'brien [sales]") is not None


@pytest.mark.both_engines
def test_an_unknown_as_name_is_refused_in_one_sentence(demo_db, run_main) -> None:  # noqa: ANN001
    code, _, err = run_main("--db", demo_db.location, "--as", "Nobody Here", "whoami")
    assert code == 1 and "There is no team member called “Nobody Here”" in one_sentence(err)


@pytest.mark.both_engines
def test_the_only_team_member_is_me_without_asking(db, run_main) -> None:  # noqa: ANN001
    create_member(db, {"name": "Ada Solo"})
    code, out, _ = run_main("--db", db.location, "whoami")
    assert code == 0 and "Ada Solo on" in out and "(the only member of the team)" in out


@pytest.mark.both_engines
def test_a_write_with_several_members_and_nobody_chosen_says_how_to_choose(demo_db, run_main, tmp_path) -> None:  # noqa: ANN001
    erase = ("erase", "person", "Chiara Valli", "--account", "brennero", "--yes")
    code, _, err = run_main("--db", demo_db.location, *erase)
    assert code == 1 and "say who you are on this database with --as NAME" in one_sentence(err)
    before = len(log_actors(demo_db))
    code, _, _ = run_main("--db", demo_db.location, "--as", "Elena Rossi", *erase)
    assert code == 0
    elena = identity.find_member(demo_db, "Elena Rossi").id
    assert log_actors(demo_db)[before:] and set(log_actors(demo_db)[before:]) == {elena}


@pytest.mark.both_engines
def test_the_environment_variable_acts_as_a_member(demo_db, run_main, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("ACCOUNTMGR_AS", "Jonas Weber")
    assert run_main("--db", demo_db.location, "whoami")[1].startswith("Jonas Weber on")


@pytest.mark.both_engines
def test_list_mine_and_owner(demo_db, run_main) -> None:  # noqa: ANN001
    import json

    path = demo_db.location
    code, _, err = run_main("--db", path, "list", "--mine")
    assert code == 1 and "--mine needs to know who you are" in one_sentence(err)
    code, out, _ = run_main("--db", path, "--as", "Giulia Ferri", "list", "--mine", "--json")
    mine = json.loads(out)
    assert code == 0 and mine and {row["owner"] for row in mine} == {"Giulia Ferri"}
    code, out, _ = run_main("--db", path, "list", "--owner", "marco bianchi", "--json")
    assert code == 0 and {row["owner"] for row in json.loads(out)} == {"Marco Bianchi"}
    code, out, _ = run_main("--db", path, "list", "--owner", "Marco Bianchi")
    assert out.startswith("Portfolio of Marco Bianchi (")
    code, _, err = run_main("--db", path, "list", "--owner", "Nemo")
    assert code == 1 and "There is no team member called “Nemo”" in one_sentence(err)
    code, _, err = run_main("--db", path, "list", "--owner", "Nemo", "--mine")
    assert code == 1 and "not both" in one_sentence(err)


def test_changes_are_logged_under_me_and_new_accounts_are_mine(db) -> None:  # noqa: ANN001
    me = identity.choose(db, "Anna Verdi")
    account = create_account(db, {"name": "Rossi [italia] SpA"})
    assert account.owner_id == me.id
    assert create_account(db, {"name": "Nobody's", "owner_id": None}).owner_id is None  # said otherwise
    update_account(db, account.id, {"notes": "Met the buyer"})
    identity.act_as(db, None)
    update_account(db, account.id, {"region": "Lombardia"})
    with db.session() as session:
        entries = session.exec(
            select(ActivityLog).where(ActivityLog.account_id == account.id).order_by(ActivityLog.id)).all()
    assert [e.actor_id for e in entries] == [me.id, me.id, None]
    text = "\n".join(item for group in changes_since_last_review(db, account.id).groups for item in group.items)
    assert "(by Anna Verdi)" in text


def test_what_changed_names_everyone_who_changed_a_record(demo_db) -> None:  # noqa: ANN001
    account = find_account(demo_db, "Vasa Timber")
    identity.act_as(demo_db, identity.resolve(demo_db, "Marco Bianchi"))
    update_account(demo_db, account.id, {"notes": "Budget frozen until March"})
    identity.act_as(demo_db, identity.resolve(demo_db, "Elena Rossi"))
    update_account(demo_db, account.id, {"region": "Norrland"})
    items = [item for group in changes_since_last_review(demo_db, account.id).groups for item in group.items]
    assert any(item.endswith("(by Marco Bianchi and Elena Rossi).") for item in items), items


def test_the_demo_log_names_the_owners_on_every_owned_account(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.changes import changes_by_account

    named = [c for c in changes_by_account(demo_db).values()
             if any("(by " in item for group in c.groups for item in group.items)]
    assert len(named) >= 3


def test_a_broken_config_file_reads_as_empty_and_is_rewritten(db) -> None:  # noqa: ANN001
    path = user_config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("this is [not toml")
    assert identity.resolve(db) is None
    identity.choose(db, "Anna Verdi")
    assert identity.resolve(db).name == "Anna Verdi"


def test_two_databases_remember_different_people(tmp_path, _empty_template) -> None:  # noqa: ANN001
    import shutil

    from accountmgr.db import open_database

    dbs = []
    for name in ("a.db", "b.db"):
        shutil.copyfile(_empty_template, tmp_path / name)
        dbs.append(open_database(tmp_path / name))
    identity.choose(dbs[0], "Anna Verdi")
    identity.choose(dbs[1], "Bruno Neri")
    assert [identity.resolve(d).name for d in dbs] == ["Anna Verdi", "Bruno Neri"]
    assert activity.actor(dbs[0]) is not None and activity.actor(dbs[1]) is not None  # each logs its own "me"
    for d in dbs:
        d.close()


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_typed_name_is_taken_as_typed_or_refused_in_a_sentence(name: str) -> None:
    """Whatever is typed as "my name": a member with that (cleaned) name, or a refusal naming the field."""
    import tempfile

    from accountmgr.db import open_database

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "t.db", create=True)
        try:
            me = identity.choose(db, name)
        except DomainError as error:
            assert error.field == "name" and str(error)
        else:
            assert identity.resolve(db).id == me.id
        finally:
            db.close()


def test_whoami_on_a_shared_postgresql_database(pg_url, run_main) -> None:  # noqa: ANN001
    from accountmgr.db import open_database

    server = open_database(pg_url)
    for name in ("Anna Verdi", "Bruno Neri"):
        create_member(server, {"name": name})
    code, _, err = run_main("--db", pg_url, "import", "accounts", "/nonexistent.csv")
    assert code == 1 and "say who you are" in one_sentence(err)
    code, out, _ = run_main("--db", pg_url, "whoami", "--set", "Bruno Neri")
    assert code == 0 and out.startswith("You are Bruno Neri on postgresql://")
    assert identity.resolve(server).name == "Bruno Neri"
    key = next(iter(tomllib.loads(user_config.config_path().read_text())["databases"]))
    assert key.startswith("postgresql://") and key == server.label
    update_account_on = create_account(server, {"name": "Team Account"})
    assert update_account_on.owner_id is None  # this process did not say who it is: nothing assumed
    server.close()


def test_a_write_at_a_terminal_asks_who_i_am_once(demo_db, monkeypatch) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from accountmgr import cli, cli_base

    monkeypatch.setattr(cli_base, "interactive", lambda: True)
    args = ["--db", demo_db.location, "erase", "person", "Chiara Valli", "--account", "brennero", "--yes"]
    result = CliRunner().invoke(cli.app, args, input="elena rossi\n")
    assert result.exit_code == 0, result.output
    assert "Who are you on this database?" in result.output and "You are Elena Rossi" in result.output
    assert identity.resolve(demo_db).name == "Elena Rossi"
    elena = identity.find_member(demo_db, "Elena Rossi").id
    assert log_actors(demo_db)[-1] == elena


@pytest.mark.both_engines
def test_accounts_an_import_adds_without_an_owner_are_the_importers(demo_db, run_main, tmp_path) -> None:  # noqa: ANN001
    file = tmp_path / "accounts.csv"
    file.write_text("Account Name,Owner\nNordlicht GmbH,\nSud Ouest SARL,Marco Bianchi\n", encoding="utf-8")
    code, _, err = run_main("--db", demo_db.location, "--as", "Giulia Ferri", "import", "accounts", str(file))
    assert code == 0, err
    owners = {name: find_account(demo_db, name).owner_id for name in ("Nordlicht GmbH", "Sud Ouest SARL")}
    assert owners == {"Nordlicht GmbH": identity.find_member(demo_db, "Giulia Ferri").id,
                      "Sud Ouest SARL": identity.find_member(demo_db, "Marco Bianchi").id}
