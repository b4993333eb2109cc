"""A scan of the words a user reads: the main screens on the demo portfolio, the command line's outputs and help,
every account's Markdown plan and the review pack. None may say "(s)", a word twice ("the the", "strong in Strong
in"), a stop twice ("..", “….”., "?.", ",,") or glue a value to its label ("modelNot set")."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from screen_text import screen_text
from typer.testing import CliRunner

from accountmgr import cli
from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.services.accounts import find_account
from accountmgr.services.portfolio_list import portfolio_rows

SIZE = (120, 36)

FAULTS = {
    "a plural in brackets": re.compile(r"\w\(s\)"),
    "a word twice": re.compile(r"\b([A-Za-zÀ-ÿ]{2,}) \1\b", re.IGNORECASE),
    "two words twice": re.compile(r"\b([A-Za-zÀ-ÿ]+ [A-Za-zÀ-ÿ]+) \1\b", re.IGNORECASE),
    "a doubled stop": re.compile(r"(?<![.])\.\.(?![./])"),
    "a stop after a quote that ended its sentence": re.compile(r"[.!?][”\"’']\."),
    "a stop after a question or exclamation mark": re.compile(r"[?!]\."),
    "a doubled comma": re.compile(r",,"),
    "a stop then a semicolon": re.compile(r"\.;"),
    "a value glued to its label": re.compile(r"\b[a-z]{2,}[A-Z][a-z]"),
}
"""What must not appear, with what the failure calls it. An ellipsis (… or ...) is fine."""


def _metavar(match: re.Match[str]) -> bool:
    """"--account ACCOUNT": an option and its placeholder, not a word said twice."""
    first, second = match.group(0).split(" ", 1)[0], match.group(0).rsplit(" ", 1)[-1]
    return first != second and second.isupper()


def faults(text: str, where: str) -> list[str]:
    """Each fault in *text*, with a little context, named by *where* it was seen."""
    found = []
    for line in text.splitlines():
        for name, pattern in FAULTS.items():
            for match in pattern.finditer(line):
                if name == "a word twice" and _metavar(match):
                    continue
                start = max(match.start() - 30, 0)
                found.append(f"{where}: {name}: …{line[start:match.end() + 30].strip()}…")
    return found


def test_the_scan_finds_each_fault_it_looks_for() -> None:
    """The scan itself: every fault of the issue is caught, the ellipsis and ordinary text are not."""
    for text in ("1 point(s)", "strong in Strong in DCS", "the the plan", "frustrated.”.", "Did you mean 'list'?.",
                 "Account-management modelNot set", "a,, b", "done.."):
        assert faults(text, "sample"), text
    for text in ("Wait… or wait...", "e.g. 250k, i.e. more", "Helvetia Pharma Logistics", "III Account", "McKinsey",
                 "path ../plans/x.md", "“frustrated.”", "Did you mean 'list'?", "High 5", "0 of 1 account",
                 "--account ACCOUNT"):
        assert not faults(text, "sample"), text


SCANNED_ACCOUNTS = ("Lombarda Chemicals", "Helvetia Pharma Logistics", "Vasa Timber")


@pytest.mark.parametrize("part", ["main screens", *SCANNED_ACCOUNTS])
async def test_the_main_screens_of_the_demo_portfolio_read_without_faults(demo_db: Database, part: str) -> None:
    """Portfolio, matrices, the team, the agenda, white space, help and the method guide; and every step of three
    accounts, their forms and review mode (each part on its own, so that they can run side by side), at 120×36."""
    from accountmgr.screens.account_form import AccountFormScreen
    from accountmgr.screens.portfolio import PortfolioScreen

    found: list[str] = []
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:

        async def settle() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

        async def home() -> None:
            for _ in range(8):
                if isinstance(app.screen, PortfolioScreen):
                    return
                await pilot.press("escape")
                await settle()

        async def scan(where: str) -> str:
            await settle()
            text = screen_text(app)
            assert text.strip(), where
            found.extend(faults(text, where))
            return text

        await home()
        if part == "main screens":
            assert "14 of 14 accounts · sort Account ▲" in await scan("portfolio")
            for key in ("s", "s", "s"):
                await pilot.press(key)
            await scan("portfolio sorted")
            await pilot.press("m")
            await scan("matrices")
            await home()
            await pilot.press("question_mark")
            await scan("help")
            await home()
            openers = ((app.open_team, "team"), (app.open_agenda, "agenda"), (app.open_whitespace, "white space"),
                       (app.action_show_guide, "method guide"))
            for opener, where in openers:
                opener()
                await scan(where)
                await home()
        else:
            name = part
            account_id = find_account(demo_db, name).id
            for step in "abcdefghijkl":
                app.open_account(account_id, step)
                await scan(f"{name}, step {step}")
                await home()
            app.push_screen(AccountFormScreen(account_id))
            await scan(f"{name}, account form")
            await home()
            app.open_review(account_id)
            await scan(f"{name}, review mode")
            for _ in range(12):
                await pilot.press("pagedown")
                await scan(f"{name}, review mode further down")
            await home()
    assert not found, "\n".join(found)


def test_the_command_line_reads_without_faults(demo_db: Database, tmp_path: Path) -> None:
    """list (plain and JSON), every command's help, an account's plan, the whole export with its review pack."""
    runner = CliRunner()
    found: list[str] = []

    def run(*args: str) -> str:
        result = runner.invoke(cli.app, ["--db", str(demo_db.path), *args])
        assert result.exit_code == 0, (args, result.output)
        found.extend(faults(result.output, "accountmgr " + " ".join(args)))
        return result.output

    run("--help")
    for command in cli.app.registered_commands:
        run(command.name or command.callback.__name__, "--help")
    for group in cli.app.registered_groups:
        run(group.name, "--help")
    run("list")
    run("list", "--archived")
    run("list", "--json")
    run("complaints")
    run("team")
    run("export", "Lombarda Chemicals")
    folder = tmp_path / "export"
    run("export", "--all", "-o", str(folder))
    written = sorted(folder.rglob("*.md"))
    assert len(written) >= len(portfolio_rows(demo_db))  # every plan and the review pack
    for path in written:
        found.extend(faults(path.read_text(encoding="utf-8"), path.name))
    assert not found, "\n".join(found)


def _string_literals(paths: Iterable[Path]) -> Iterable[tuple[Path, int, str]]:
    """Every string literal but docstrings (which may quote a fault to say it is avoided)."""
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield path, node.lineno, node.value


@pytest.mark.parametrize("package", ["screens", "services", "widgets", "cli.py", "cli_base.py", "cli_team.py", "app.py"])
def test_no_text_in_the_code_says_s_in_brackets(package: str) -> None:
    """The counts are written with services/wording.py's plural, never "point(s)"."""
    root = Path(__file__).parent.parent / "accountmgr" / package
    paths = [root] if root.is_file() else sorted(root.rglob("*.py"))
    bad = [f"{path.name}:{line}: {text.strip()[:60]}" for path, line, text in _string_literals(paths)
           if re.search(r"[A-Za-z]\(s\)", text)]
    assert not bad, "\n".join(bad)
