"""`accountmgr erase person` and `accountmgr export person` as a user runs them, beside `export NAME` and `--all`."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accountmgr import cli, cli_base
from accountmgr.db import open_database
from accountmgr.services import dmu
from accountmgr.services.accounts import create_account, find_account


@pytest.fixture(autouse=True)
def _erasing_as_giulia(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo team has seven members: an erasure, like every change, is made by one of them."""
    monkeypatch.setenv("ACCOUNTMGR_AS", "Giulia Ferri")


@pytest.fixture
def demo_file(demo_db):  # noqa: ANN001, ANN201
    """The demo portfolio as ``--db`` names it: a SQLite file's path, or a PostgreSQL address (``both_engines``)."""
    demo_db.close()
    return demo_db.path if demo_db.path is not None else demo_db.location


def people(path: Path, account: str = "Brennero Foods") -> set[str]:
    database = open_database(path)
    try:
        return {m.name for m in dmu.list_members(database, find_account(database, account).id)}
    finally:
        database.close()


def one_sentence(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


@pytest.mark.both_engines
def test_erase_without_a_terminal_needs_yes_and_changes_nothing(demo_file: Path, run_main) -> None:  # noqa: ANN001
    code, out, err = run_main("--db", str(demo_file), "erase", "person", "chiara valli", "--account", "brennero")
    assert code == 1 and out == ""
    assert one_sentence(err) == (
        "accountmgr: Erasing Chiara Valli cannot be undone; add --yes to confirm (there is no terminal to ask).")
    assert "Chiara Valli" in people(demo_file)


@pytest.mark.both_engines
def test_erase_with_yes_says_what_it_did_and_lists_backups(demo_file: Path, run_main) -> None:  # noqa: ANN001
    on_file = isinstance(demo_file, Path)  # (a server keeps no backups beside it, and its storage is not ours to read)
    if on_file:
        backup = demo_file.with_name("crm.db.schema-0002.20261101-090000.bak")
        backup.write_bytes(b"old copy")
    code, out, err = run_main("--db", str(demo_file), "erase", "person", "Chiara Valli", "--account", "Brennero Foods",
                              "--yes")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Erased Chiara Valli from the DMU of Brennero Foods."
    assert lines[1].startswith("Davide Sartori, Luca Ferrante, Marta Rinaldi now report to Paolo Brennero; "
                               "2 actions no longer name them")
    assert "The freed space was wiped" in out
    if on_file:
        assert f"still hold them (delete them if they must go too): {backup.name}." in out
        assert b"Chiara" not in demo_file.read_bytes()
    assert "outside accountmgr's reach" in out
    assert "Chiara Valli" not in people(demo_file)


@pytest.mark.both_engines
def test_erase_asks_on_a_terminal(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_base, "interactive", lambda: True)
    runner = CliRunner()
    args = ["--db", str(demo_file), "erase", "person", "Chiara Valli", "--account", "brennero"]
    declined = runner.invoke(cli.app, args, input="n\n")
    assert "Erase Chiara Valli from the DMU of Brennero Foods?" in declined.output
    assert "This cannot be undone." in declined.output and "will report to Paolo Brennero" in declined.output
    assert declined.exit_code != 0 and "Chiara Valli" in people(demo_file)
    accepted = runner.invoke(cli.app, args, input="y\n")
    assert accepted.exit_code == 0 and "Erased Chiara Valli" in accepted.output
    assert "Chiara Valli" not in people(demo_file)


@pytest.mark.both_engines
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["erase", "person", "Chiara", "--account", "brennero", "--yes"],
         "There is nobody called “Chiara” in the DMU of Brennero Foods; did you mean Chiara Valli?"),
        (["erase", "person", "Chiara Valli", "--yes"], "Missing option '--account'."),
        (["erase", "person", "Chiara Valli", "--account", "nowhere", "--yes"], "There is no account called “nowhere”"),
        (["export", "person", "Chiara Valli"], "Say whose DMU Chiara Valli is in: export person NAME --account ACCOUNT."),
        (["export", "person", "--account", "brennero"], "Name the person: export person NAME --account ACCOUNT."),
        (["export", "brennero", "--account", "brennero"], "To export a person's data write: export person NAME"),
        (["export", "--all", "-o", "plans", "--account", "x"], "To export a person's data write: export person NAME"),
    ],
)
def test_mistakes_are_one_sentence(demo_file: Path, run_main, args: list[str], message: str) -> None:  # noqa: ANN001
    code, out, err = run_main("--db", str(demo_file), *args)
    assert code != 0 and out == ""
    assert message in one_sentence(err)
    assert "Chiara Valli" in people(demo_file)


@pytest.mark.both_engines
def test_export_person_prints_json_or_writes_a_private_file(
    demo_file: Path, run_main, tmp_path: Path  # noqa: ANN001
) -> None:
    code, out, _ = run_main("--db", str(demo_file), "export", "person", "CHIARA VALLI", "--account", "brennero")
    data = json.loads(out)
    assert code == 0 and data["person"] == "Chiara Valli" and data["account"] == "Brennero Foods"
    fields = {item["field"]: item["value"] for item in data["record"]}
    assert fields["phone"] == "+39 045 555 0101" and fields["personal_criteria"]
    target = tmp_path / "requests" / "chiara.json"
    code, out, err = run_main("--db", str(demo_file), "export", "person", "Chiara Valli", "--account", "brennero",
                              "-o", str(target))
    assert (code, err) == (0, "") and out == f"Wrote everything held about Chiara Valli to {target}.\n"
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["record"] == data["record"] and written["activity_log"] == data["activity_log"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, _, err = run_main("--db", str(demo_file), "export", "person", "Chiara Valli", "--account", "brennero",
                            "-o", str(target))
    assert code == 1 and "already exists; add --force" in one_sentence(err)
    assert run_main("--db", str(demo_file), "export", "person", "Chiara Valli", "--account", "brennero",
                    "-o", str(target), "--force")[0] == 0


@pytest.mark.both_engines
def test_an_account_called_person_is_still_exported_by_its_name(db, run_main) -> None:  # noqa: ANN001
    create_account(db, {"name": "Person"})
    create_account(db, {"name": "Personnel Partners"})
    db.close()
    db_location = db.location
    code, out, err = run_main("--db", db_location, "export", "person")
    assert (code, err) == (0, "") and out.startswith("# Account plan: Person\n")
    code, out, _ = run_main("--db", db_location, "export", "personnel")
    assert code == 0 and out.startswith("# Account plan: Personnel Partners\n")


def test_a_person_who_came_from_an_import_is_erased_from_the_file_too(
    demo_file: Path, tmp_path: Path, run_main  # noqa: ANN001
) -> None:
    people_csv = tmp_path / "people.csv"
    people_csv.write_text(
        "account;name;phone;personal criteria\n"
        "Brennero Foods;Ugo Importato;+39 02 1234 5678;Loves detailed spreadsheets\n",
        encoding="utf-8",
    )
    code, _, err = run_main("--db", str(demo_file), "import", "people", str(people_csv))
    assert code == 0, err
    secrets = (b"Ugo Importato", b"+39 02 1234 5678", b"Loves detailed spreadsheets")

    def in_file() -> list[bytes]:
        blob = b"".join(p.read_bytes() for p in demo_file.parent.glob(demo_file.name + "*") if p.is_file())
        return [s for s in secrets if s in blob]

    assert in_file() == list(secrets)
    code, _, err = run_main("--db", str(demo_file), "erase", "person", "ugo importato", "--account", "brennero",
                            "--yes")
    assert (code, err) == (0, "")
    assert in_file() == []


def test_erase_refuses_a_missing_database_in_one_sentence(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    missing = tmp_path / "typo.db"
    code, out, err = run_main("--db", str(missing), "erase", "person", "Chiara Valli", "--account", "x", "--yes")
    assert code == 1 and out == "" and "There is no database at" in one_sentence(err)
    assert not missing.exists()


def test_erase_refuses_a_read_only_database_in_one_sentence(demo_file: Path, tmp_path: Path) -> None:
    """A real process that may not write the file (as root too: it runs without root's override)."""
    from test_read_only import _run

    demo_file.chmod(0o400)
    try:
        result = _run("--db", str(demo_file), "erase", "person", "Chiara Valli", "--account", "brennero", "--yes",
                      home=tmp_path)
    finally:
        demo_file.chmod(0o600)
    code, out, err = result.returncode, result.stdout, result.stderr
    assert code == 1 and out == "" and "cannot be written" in one_sentence(err) and "nothing was changed" in err
    assert "Chiara Valli" in people(demo_file)
