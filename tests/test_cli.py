"""The command line through Typer's runner: demo, list, import, backup, --db anywhere, help on every command."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from accountmgr import cli
from accountmgr.db import open_database
from accountmgr.paths import default_db_path

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None):  # noqa: ANN201, A002
    return runner.invoke(cli.app, list(args), env=env, catch_exceptions=False, input=input)


@pytest.fixture
def demo_file(tmp_path: Path, frozen_clock: None) -> Path:
    path = tmp_path / "demo.db"
    result = invoke("--db", str(path), "demo")
    assert result.exit_code == 0, result.output
    return path


def test_demo_says_what_it_loaded(tmp_path: Path, frozen_clock: None) -> None:
    path = tmp_path / "try.db"
    result = invoke("demo", "--db", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Loaded the demo portfolio into {path}: 14 accounts, 7 team members,")
    assert result.stderr == f"Created a new database at {path}.\n"


def test_list_prints_the_portfolio_table(demo_file: Path) -> None:
    result = runner.invoke(cli.app, ["--db", str(demo_file), "list"], terminal_width=160)
    assert result.exit_code == 0
    assert "Portfolio (14 accounts)" in result.output
    for text in ("Brennero Foods", "Partner", "Giulia Ferri", "€730,000", "€350,000", "2026-11-25"):
        assert text in result.output
    for heading in ("Account", "Level", "Target", "Owner", "Open pipeline", "Weighted", "Next action"):
        assert heading in result.output


def test_list_json_is_machine_readable(demo_file: Path) -> None:
    rows = json.loads(invoke("list", "--json", "--db", str(demo_file)).output)
    assert len(rows) == 14 and [r["name"] for r in rows] == sorted((r["name"] for r in rows), key=str.lower)
    brennero = next(r for r in rows if r["name"] == "Brennero Foods")
    assert brennero == {
        "id": brennero["id"], "name": "Brennero Foods", "level": "partner", "target_level": "partner",
        "owner": "Giulia Ferri", "open_pipeline": 730000.0, "weighted_pipeline": 350000.0,
        "next_action": "2026-11-25", "archived": False,
    }


def test_db_option_before_after_and_from_the_environment(tmp_path: Path) -> None:
    first, second, third = (tmp_path / f"{n}.db" for n in ("first", "second", "third"))
    env = {"ACCOUNTMGR_DB": str(third)}
    csv = tmp_path / "one.csv"
    csv.write_text("name\nAcme\n")
    assert invoke("--db", str(first), "import", "accounts", str(csv)).exit_code == 0
    assert invoke("import", "accounts", str(csv), "--db", str(second)).exit_code == 0
    assert invoke("import", "accounts", str(csv), env=env).exit_code == 0
    for path in (first, second, third):
        assert json.loads(invoke("list", "--json", "--db", str(path)).output)[0]["name"] == "Acme"
    # The command's own --db wins over the one before it, and --db over the environment.
    open_database(tmp_path / "empty.db", create=True).close()
    assert json.loads(invoke("--db", str(first), "list", "--json", "--db", str(tmp_path / "empty.db")).output) == []
    assert json.loads(invoke("--db", str(tmp_path / "empty.db"), "list", "--json", env=env).output) == []
    assert not default_db_path().exists()


def test_default_database_lives_in_the_user_data_directory(tmp_path: Path) -> None:
    with pytest.raises(cli.CliError, match="There is no database at"):
        invoke("list", "--json")
    assert not default_db_path().parent.exists()
    assert invoke("demo").exit_code == 0
    assert default_db_path().exists()
    assert len(json.loads(invoke("list", "--json").stdout)) == 14
    assert str(default_db_path()).startswith(str(Path.home()))


def test_archived_accounts_only_when_asked(demo_file: Path) -> None:
    with sqlite3.connect(demo_file) as conn:
        conn.execute("UPDATE account SET archived = 1 WHERE name = 'Polder Logistics'")
    conn.close()
    assert len(json.loads(invoke("list", "--json", "--db", str(demo_file)).output)) == 13
    rows = json.loads(invoke("list", "--json", "--archived", "--db", str(demo_file)).output)
    assert [r["name"] for r in rows if r["archived"]] == ["Polder Logistics"]
    table = runner.invoke(cli.app, ["list", "--archived", "--db", str(demo_file)], terminal_width=160).output
    assert "Polder Logistics (archived)" in table


def test_import_reports_what_it_added(tmp_path: Path) -> None:
    db = tmp_path / "imp.db"
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("name,owner,level\nAcme Foods,Giulia Ferri,buyer\n")
    people = tmp_path / "people.csv"
    people.write_text("account,name,reports to\nAcme Foods,Ann,\nAcme Foods,Bob,Ann\n")
    output = invoke("import", "accounts", str(accounts), "--db", str(db)).stdout
    assert output.endswith("Imported accounts.csv: Accounts.\nAccounts: 1 new, 0 updated, 0 unchanged\n"
                           "Team members: 1 new, 0 updated, 0 unchanged\nNew team members: Giulia Ferri.\n")
    output = invoke("import", "people", str(people), "--db", str(db)).stdout
    assert "→ Person's name   e.g. Ann, Bob" in output
    assert output.endswith("People: 2 new, 0 updated, 0 unchanged\n")


def test_backup_writes_a_copy_that_opens(demo_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "backups" / "copy.db"
    result = invoke("backup", "-o", str(copy), "--db", str(demo_file))
    assert result.exit_code == 0 and result.output == f"Backed up {demo_file} to {copy}.\n"
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM account").fetchone()[0] == 14
    conn.close()
    assert len(json.loads(invoke("list", "--json", "--db", str(copy)).output)) == 14


def test_no_command_opens_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []

    class FakeApp:
        def __init__(self, db, *, me=None, ask_who=False) -> None:  # noqa: ANN001
            self.db = db
            self.ask_who = ask_who

        def run(self) -> None:
            opened.append(self.db.path)
            assert self.ask_who  # a new database: the app asks who is working in it

    import accountmgr.app

    monkeypatch.setattr(accountmgr.app, "make_app", FakeApp)
    assert invoke("--db", str(tmp_path / "tui.db"), input="y\n").exit_code == 0
    assert opened == [tmp_path / "tui.db"]


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = []
    for name, command in group.commands.items():
        found.append((prefix + (name,), command))
        if hasattr(command, "commands"):
            found.extend(_commands(command, prefix + (name,)))
    return found


def test_every_command_has_help_that_says_what_it_does() -> None:
    group = typer.main.get_command(cli.app)
    commands = _commands(group)
    names = {" ".join(path) for path, _ in commands}
    assert {"demo", "list", "backup", "import"} <= names
    top = invoke("--help").output
    assert "ARTAX" in top and "--db" in top
    for path, command in commands:
        assert (command.help or "").strip(), path
        output = invoke(*path, "--help").output
        assert command.help.split("\n")[0].split(";")[0][:40] in " ".join(output.split()), path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["frobnicate"], "No such command 'frobnicate'."),
        (["list", "--colour"], "No such option: --colour"),
        (["backup"], "Missing option '-o' / '--output'."),
        (["import", "accounts", "/nonexistent/file.csv"], "There is no file /nonexistent/file.csv."),
    ],
)
def test_errors_are_one_sentence_on_stderr(tmp_path: Path, run_main, args: list[str], message: str) -> None:  # noqa: ANN001
    code, out, err = run_main("--db", str(tmp_path / "x.db"), *args)
    assert code != 0 and out == ""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert message in err


def test_second_demo_is_refused_in_one_sentence(demo_file: Path, run_main) -> None:  # noqa: ANN001
    code, out, err = run_main("demo", "--db", str(demo_file))
    assert code == 1 and out == ""
    assert err == "accountmgr: The demo portfolio is already loaded (there is an account called Atlas Aerospace Parts).\n"


def test_bad_import_lists_every_row_then_one_sentence(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.csv"
    bad.write_text("name,strategic value\n,3\nAcme,9\n")
    code, out, err = run_main("import", "accounts", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and out.startswith("bad.csv: Accounts (as asked), CSV, UTF-8, comma-separated, 2 rows.\nMapping:")
    first, second, last = err.splitlines()
    assert first == "bad.csv: line 2, name: Name is required."
    assert second.startswith("bad.csv: line 3, strategic value: ") and second.endswith("must be between 1 and 5, not 9.")
    assert last == "accountmgr: 2 rows have problems in bad.csv; nothing was imported."


def test_a_large_portfolio_prints_as_plain_aligned_columns(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "RICH_TABLE_LIMIT", 5)
    lines = invoke("list", "--db", str(demo_file)).output.splitlines()
    assert lines[0] == "Portfolio (14 accounts)"
    assert lines[1].split() == ["Account", "Level", "Target", "Owner", "Open", "pipeline", "Weighted", "Next", "action"]
    assert set(lines[2].replace("  ", "")) == {"─"}
    brennero = next(line for line in lines if line.startswith("Brennero Foods"))
    assert brennero.split() == ["Brennero", "Foods", "Partner", "Partner", "Giulia", "Ferri", "€730,000", "€350,000", "2026-11-25"]
    # Columns line up: every row is as long as the rule (or shorter only by trailing blanks).
    assert len({line.index("Partner") for line in lines if line.startswith(("Brennero", "Nordhavn"))}) == 1
    assert len(lines) == 3 + 14


def test_complaints_lists_the_open_ones_late_first(demo_file: Path) -> None:
    result = invoke("--db", str(demo_file), "complaints")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Open complaints (2, 1 late)"
    assert lines[3].startswith("Helvetia Pharma Logistics") and "late 9 d" in lines[3]
    assert lines[4].startswith("Lombarda Chemicals") and "due " in lines[4]
    data = json.loads(invoke("--db", str(demo_file), "complaints", "--json").output)
    assert [row["overdue_days"] for row in data] == [9, 0] and data[0]["who_should_act"] == "Account manager"
