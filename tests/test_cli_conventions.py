"""The command line's conventions: the README's first steps as written, --version and -h everywhere, one name for
an account, help complete in itself, a hint on an empty database, and no trailing spaces in anything printed."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import accountmgr
from accountmgr import cli
from accountmgr.services.import_mapping import KIND_FIELDS

REPO = Path(accountmgr.__file__).parent.parent
runner = CliRunner()


def invoke(*args: str, input: str | None = None):  # noqa: ANN201, A002
    return runner.invoke(cli.app, list(args), catch_exceptions=False, input=input, terminal_width=100)


def every_command() -> list[tuple[str, ...]]:
    """The path of every command and group, the root included: (), ("list",), ("erase", "person")…"""
    found: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        found.append(path)
        if hasattr(command, "commands"):  # a group (Typer carries its own copy of Click: no isinstance here)
            for name, sub in command.commands.items():
                walk(sub, (*path, name))

    walk(typer.main.get_command(cli.app), ())
    return found


COMMANDS = every_command()
assert len(COMMANDS) > 10, COMMANDS


# --- the README's first steps ---------------------------------------------------------------------------------


def first_steps() -> list[str]:
    """The shell lines of the README before "Install for daily use", comments and prompts left out."""
    head = (REPO / "README.md").read_text(encoding="utf-8").split("## Install for daily use")[0]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", head, flags=re.S):
        for line in block.splitlines():
            command = line.split(" #", 1)[0].strip()
            if command:
                lines.append(command)
    return lines


def make_recipe(target: str) -> list[str]:
    """The commands *target*'s recipe runs, with $(BIN) and $(VENV) expanded as the Makefile sets them."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^(\w+) \??:= ?(.*)$", text, flags=re.M))
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n?)*)", text, flags=re.M)
    assert match, f"the README runs make {target}, which the Makefile does not have"
    recipe = match.group(1)
    for _ in range(3):
        recipe = re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), m.group(0)), recipe)
    return [part.strip() for line in recipe.splitlines() for part in re.split(r"&&|;", line) if part.strip()]


def shell_commands(line: str) -> list[list[str]]:
    """A README line as the commands it runs: make targets through their recipes (make test is not rerun here)."""
    commands = []
    for part in re.split(r"&&|;", line):
        words = shlex.split(part)
        if words[:1] == ["make"]:
            target = words[1] if len(words) > 1 else "run"
            recipe = make_recipe(target)
            if target != "test":
                commands += [shlex.split(step) for step in recipe]
        else:
            commands.append(words)
    return commands


def test_the_readme_first_steps_work_as_written_after_make_run(monkeypatch, run_main, frozen_clock) -> None:  # noqa: ANN001
    """After `make run` the command is .venv/bin/accountmgr (the Makefile's install target, the package's script);
    each first step runs as written against the (temporary) default database and config of a new user."""
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["accountmgr"] == "accountmgr.cli:main"
    installs = make_recipe("$(BIN)/accountmgr")
    assert any("pip install" in step and "-e ." in step for step in installs)
    opened: list[int] = []

    def run_app(app, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        from accountmgr.services.accounts import count_accounts

        opened.append(count_accounts(app.db))

    monkeypatch.setattr("accountmgr.app.AccountManagerApp.run", run_app)
    steps = [command for line in first_steps() for command in shell_commands(line)]
    assert steps, "the README has no first steps"
    assert ["make", "test"] not in steps
    for words in steps:
        assert words[0] == ".venv/bin/accountmgr", f"{shlex.join(words)} is not a command `make run` installs"
        code, out, err = run_main(*words[1:])
        assert code == 0, f"{shlex.join(words)}: {err}"
    assert opened and opened[-1] == 14  # the app opened on the demo portfolio the steps loaded


# --- --version, -h ---------------------------------------------------------------------------------------------


def test_version_prints_the_installed_version(run_main) -> None:  # noqa: ANN001
    code, out, err = run_main("--version")
    assert (code, out, err) == (0, f"accountmgr {accountmgr.__version__}\n", "")


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "accountmgr")
def test_h_and_help_on_every_command(path: tuple[str, ...]) -> None:
    short, long = invoke(*path, "-h"), invoke(*path, "--help")
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout
    assert short.stdout.startswith(f"Usage: accountmgr {' '.join(path)}".rstrip())
    assert "-h, --help" in short.stdout
    assert not re.search(r"see (the )?readme", " ".join(short.stdout.split()), re.I)  # a pipx user has no README
    assert "<str>" not in short.stdout.split("Options:")[-1]  # options name what they take


# --- one name for an account -----------------------------------------------------------------------------------


def test_every_account_parameter_is_called_account() -> None:
    """A parameter that takes an account (its help says "The account…" or it is --account) reads ACCOUNT."""
    takes_account = []
    for path in COMMANDS:
        command = typer.main.get_command(cli.app)
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            help_text = (getattr(param, "help", None) or "").lower()
            if "--account" in param.opts or help_text.startswith("the account"):
                takes_account.append((path, param.name, param.metavar))
    assert {(path, name) for path, name, _ in takes_account} >= {
        (("calendar",), "account"), (("export",), "name"), (("export",), "account"), (("erase", "person"), "account")}
    assert {metavar for _, _, metavar in takes_account} == {"ACCOUNT"}
    assert "{ACCOUNT}" in invoke("calendar", "-h").stdout and "[ACCOUNT]" in invoke("export", "-h").stdout


def test_no_argument_is_shown_by_its_python_name() -> None:
    for path in COMMANDS:
        usage = invoke(*path, "-h").stdout.splitlines()[0]
        assert not re.search(r"[{\[][a-z_]+[}\]]", usage), usage


# --- help complete in itself -----------------------------------------------------------------------------------


def test_import_help_lists_every_field_and_its_headings() -> None:
    text = " ".join(invoke("import", "-h").stdout.split())
    for kind, fields in KIND_FIELDS.items():
        assert f"{kind}: " in text
        for field in fields:
            assert f"{field.key} ({field.label}" in text
            for heading in field.synonyms[:3]:
                assert heading in text
    for sample in ("ragione sociale", "close date", "data chiusura", "importo", "job title", "e-mail"):
        assert sample in text
    assert "revenue" in text.split("Arguments:")[1].split("FILE")[0]  # the KIND argument names every kind


# --- list on an empty database ---------------------------------------------------------------------------------


@pytest.mark.both_engines
def test_list_on_an_empty_database_says_how_to_start(db) -> None:  # noqa: ANN001
    where = str(db.path or db.location)
    db.close()
    result = invoke("--db", where, "list")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    assert "accountmgr demo" in result.stdout and "accountmgr import accounts FILE" in result.stdout
    assert invoke("--db", where, "list", "--json").stdout == "[]\n"


@pytest.mark.both_engines
def test_list_says_why_a_filter_shows_nothing(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import list_accounts, set_archived

    for account in list_accounts(demo_db):
        set_archived(demo_db, account.id, True)
    where = str(demo_db.path or demo_db.location)
    demo_db.close()
    result = invoke("--db", where, "list")
    assert result.exit_code == 0
    assert result.stdout == "No active account: all 14 are archived (add --archived to list them).\n"


# --- no trailing spaces ----------------------------------------------------------------------------------------


def unfolded(ics: str) -> str:
    """iCalendar text with its folded lines joined again (RFC 5545: CRLF then one space continues a line)."""
    return ics.replace("\r\n ", "").replace("\r\n", "\n")


def trailing(text: str) -> list[str]:
    return [line for line in text.splitlines() if line != line.rstrip()]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "accountmgr")
def test_no_help_has_trailing_spaces(path: tuple[str, ...]) -> None:
    for width in (60, 80, 200):
        result = runner.invoke(cli.app, [*path, "-h"], terminal_width=width)
        assert trailing(result.stdout) == []


@pytest.mark.both_engines
def test_no_output_of_the_main_commands_has_trailing_spaces(demo_db, tmp_path: Path, run_main) -> None:  # noqa: ANN001
    where = str(demo_db.path or demo_db.location)
    demo_db.close()
    csv = tmp_path / "accounts.csv"
    csv.write_text("Ragione sociale;Settore\nRossi [italia] SpA;Meccanica\n\"O'Neill & Sons\";Food\n", encoding="utf-8")
    runs = [
        ("list",), ("list", "--json"), ("list", "--archived"), ("complaints",), ("complaints", "--json"),
        ("team",), ("team", "--json"), ("export", "brennero"), ("export", "brennero", "--format", "html"),
        ("export", "brennero", "-o", str(tmp_path / "plan.md")), ("export", "--all", "-o", str(tmp_path / "all")),
        ("calendar", "brennero"), ("calendar", "brennero", "-o", str(tmp_path / "b.ics")),
        ("backup", "-o", str(tmp_path / "copy.db")),
        ("export", "person", "Chiara Valli", "--account", "brennero"),
        ("import", "accounts", str(csv), "--dry-run"), ("--as", "Giulia Ferri", "import", "accounts", str(csv)),
        ("demo",), ("calendar", "nobody such"), ("export",), ("whoami",), ("list", "--owner", "Nobody"),
    ]
    for args in runs:
        code, out, err = run_main("--db", where, *args)  # the real entry point: errors as the user sees them
        assert trailing(unfolded(out) if args[0] == "calendar" else out) == [], args
        assert trailing(err) == [], args
        if code:
            assert err.startswith("accountmgr: ") and len(err.splitlines()) == 1, args


def test_the_demo_into_a_new_database_prints_no_trailing_spaces(tmp_path: Path, frozen_clock) -> None:  # noqa: ANN001
    result = invoke("--db", str(tmp_path / "new.db"), "demo")
    assert result.exit_code == 0
    assert trailing(result.stdout) == [] and trailing(result.stderr) == []
