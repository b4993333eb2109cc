"""Exporting plans: file names, the whole portfolio with its README, cancelling, and the export command."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from accountmgr.services.accounts import create_account, set_archived
from accountmgr.services.plan_export import export_all, file_names, slugify


def tree(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize(("name", "slug"), [
    ("Brennero Foods", "brennero-foods"),
    ("Müller & Söhne GmbH", "muller-sohne-gmbh"),
    ("  ../../etc/passwd  ", "etc-passwd"),
    ("README", "readme-account"),
    ("CON", "con-account"),
    ("日本企業", "account"),
    ("A" * 100, "a" * 60),
])
def test_file_names_are_safe_slugs(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_colliding_names_are_told_apart_by_id_and_stay_stable() -> None:
    names = file_names([(7, "Acme Co"), (3, "ACME & Co."), (9, "Acme-Co"), (4, "Other")])
    assert names == {3: "acme-co.md", 7: "acme-co-7.md", 9: "acme-co-9.md", 4: "other.md"}
    assert file_names([(9, "Acme-Co"), (4, "Other"), (3, "ACME & Co."), (7, "Acme Co")]) == names
    # A real account whose own slug is "acme-co-7" does not clash with the suffixed one.
    assert len(set(file_names([(1, "Acme Co"), (2, "Acme Co!"), (3, "acme co 2")]).values())) == 3


def test_export_all_writes_one_plan_per_account_and_a_linking_readme(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import list_accounts

    archived = create_account(demo_db, {"name": "Old Archived Co"})
    set_archived(demo_db, archived.id, True)
    seen: list[tuple[int, int]] = []
    result = export_all(demo_db, tmp_path / "plans", progress=lambda done, total: seen.append((done, total)))
    accounts = list_accounts(demo_db)
    assert result.count == len(accounts) and not result.cancelled
    assert seen == [(i, len(accounts)) for i in range(1, len(accounts) + 1)]
    files = sorted(p.name for p in (tmp_path / "plans").iterdir() if p.suffix == ".md")
    assert files == sorted([slugify(a.name) + ".md" for a in accounts] + ["README.md"])
    assert "old-archived-co.md" not in files
    charts = [p.name for p in (tmp_path / "plans").iterdir() if p.suffix == ".svg"]
    assert charts and all(name.rsplit("-", 1)[0] + ".md" in files for name in charts)

    tokens = MarkdownIt("commonmark").enable("table").parse((tmp_path / "plans" / "README.md").read_text())
    links = [c.attrs["href"] for t in tokens for c in t.children or [] if c.type == "link_open"]
    # Every plan is linked from the matrices, and once more from its own paragraph at the end.
    assert links[-len(accounts):] == [slugify(a.name) + ".md" for a in accounts]
    assert set(links) == {slugify(a.name) + ".md" for a in accounts}


def test_export_all_twice_gives_identical_trees(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    export_all(demo_db, tmp_path / "one")
    export_all(demo_db, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_plan_from_the_portfolio_export_equals_the_single_export(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    from accountmgr.services.account_plan import account_plan_files
    from accountmgr.services.accounts import find_account

    export_all(demo_db, tmp_path / "plans")
    account = find_account(demo_db, "Brennero Foods")
    single = account_plan_files(demo_db, account.id, chart_stem="brennero-foods")
    assert (tmp_path / "plans" / "brennero-foods.md").read_text(encoding="utf-8") == single.markdown
    for kind, svg in single.charts.items():
        assert (tmp_path / "plans" / f"brennero-foods-{kind}.svg").read_text(encoding="utf-8") == svg


def test_cancelling_stops_between_plans_and_leaves_the_previous_export_as_it_was(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    result = export_all(demo_db, tmp_path / "plans", cancel=cancel)
    assert result.cancelled and result.count == 3 and result.index is None
    assert not (tmp_path / "plans").exists()
    export_all(demo_db, tmp_path / "plans")
    before = tree(tmp_path / "plans")
    calls.clear()
    assert export_all(demo_db, tmp_path / "plans", cancel=cancel).cancelled
    assert tree(tmp_path / "plans") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".plans")) == []


def test_exporting_into_a_file_is_refused(db, tmp_path: Path) -> None:  # noqa: ANN001
    from accountmgr.services.errors import DomainError

    target = tmp_path / "plans"
    target.write_text("not a folder")
    with pytest.raises(DomainError, match="is a file"):
        export_all(db, target)


def test_a_plan_exported_before_is_replaced_but_any_other_file_is_refused(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import find_account
    from accountmgr.services.errors import DomainError
    from accountmgr.services.plan_export import export_plan

    account = find_account(demo_db, "Brennero Foods")
    target = tmp_path / "brennero.md"
    target.write_text("# Account plan: Brennero Foods\n\nan older export\n", encoding="utf-8")
    assert export_plan(demo_db, account.id, target) == target
    assert "an older export" not in target.read_text(encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text("My own notes\n", encoding="utf-8")
    with pytest.raises(DomainError, match="already exists; it was not written by an export; choose another name"):
        export_plan(demo_db, account.id, notes)
    assert notes.read_text(encoding="utf-8") == "My own notes\n"
    assert export_plan(demo_db, account.id, notes, force=True) == notes
    assert notes.read_text(encoding="utf-8").startswith("# Account plan: Brennero Foods")
    # A folder gets the plan under the account's slug.
    assert export_plan(demo_db, account.id, tmp_path) == tmp_path / "brennero-foods.md"


def test_the_portfolio_is_not_exported_over_a_readme_of_its_own(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    from accountmgr.services.errors import DomainError

    project = tmp_path / "project"
    project.mkdir()
    (project / "README.md").write_text("# My project\n", encoding="utf-8")
    with pytest.raises(DomainError, match="project holds files an export did not write; choose another folder"):
        export_all(demo_db, project)
    assert [p.name for p in project.iterdir()] == ["README.md"]  # nothing written before the refusal
    again = export_all(demo_db, tmp_path / "plans")
    assert export_all(demo_db, tmp_path / "plans").count == again.count  # its own files are replaced


def test_an_unwritable_target_is_one_sentence_naming_it(db, tmp_path: Path) -> None:  # noqa: ANN001
    from accountmgr.services.errors import DomainError
    from accountmgr.services.plan_export import write_text

    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(DomainError, match=r"^Could not make the folder .*blocker.*\(.+\)\.$"):
        write_text(blocker / "plan.md", "text")
    with pytest.raises(DomainError, match=r"^Could not make the folder .*blocker.*\(.+\)\.$"):
        export_all(db, blocker / "plans")


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_plans_and_their_folder_are_private_whatever_the_umask(demo_db, tmp_path: Path, umask: int) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import find_account
    from accountmgr.services.plan_export import export_plan

    previous = os.umask(umask)
    try:
        export_all(demo_db, tmp_path / "plans")
        single = export_plan(demo_db, find_account(demo_db, "Brennero Foods").id, tmp_path / "one" / "b.md")
    finally:
        os.umask(previous)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "plans").iterdir()}
    assert modes == {0o600} and stat.S_IMODE((tmp_path / "plans").stat().st_mode) == 0o700
    assert stat.S_IMODE(single.stat().st_mode) == 0o600 and stat.S_IMODE(single.parent.stat().st_mode) == 0o700


def test_a_full_disk_half_way_leaves_the_previous_export_intact_and_says_so(
    demo_db, tmp_path: Path, disk_fills_up  # noqa: ANN001
) -> None:
    from accountmgr.services.errors import DomainError

    target = tmp_path / "plans"
    export_all(demo_db, target)
    before = tree(target)
    writes = disk_fills_up(10)
    with pytest.raises(DomainError) as refused:
        export_all(demo_db, target)
    assert str(refused.value) == (
        f"Could not write the export (no space left on device); the previous export in {target} is intact."
    )
    assert tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plans", demo_db.path.name, *_db_side_files(demo_db)])
    writes.clear()
    with pytest.raises(DomainError, match=r"no space left on device\); nothing was written to .*fresh\.$"):
        export_all(demo_db, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()


def _db_side_files(database) -> list[str]:  # noqa: ANN001
    return [p.name for p in database.path.parent.iterdir() if p.name.startswith(database.path.name + "-")]


def test_a_new_export_replaces_the_previous_one_whole(demo_db, tmp_path: Path) -> None:  # noqa: ANN001
    """A plan of an account archived or renamed since does not linger beside the new ones."""
    target = tmp_path / "plans"
    export_all(demo_db, target)
    (target / "gone-account.md").write_text("# Account plan: Gone Account\n", encoding="utf-8")
    (target / ".DS_Store").write_bytes(b"\0")
    export_all(demo_db, target)
    assert not (target / "gone-account.md").exists() and len(list(target.glob("*.md"))) == 15


# --- the command, through the real entry point ----------------------------------------------------------------


def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``accountmgr ARGS`` through main() in this process: (exit status, stdout, stderr)."""
    from accountmgr.cli import main

    monkeypatch.setattr(sys, "argv", ["accountmgr", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_installed_command_prints_a_plan(demo_db) -> None:  # noqa: ANN001
    demo_db.close()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    shown = subprocess.run([sys.executable, "-m", "accountmgr", "--db", demo_db.location, "export", "brennero"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("# Account plan: Brennero Foods\n")
    assert "## l. Monitoring and feedback" in shown.stdout


@pytest.mark.both_engines
def test_cli_exports_one_plan_to_stdout_and_to_a_file(demo_db, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    demo_db.close()
    code, shown, _ = cli(monkeypatch, capsys, "--db", demo_db.location, "export", "brennero")
    assert code == 0 and shown.startswith("# Account plan: Brennero Foods\n")
    code, out, _ = cli(monkeypatch, capsys, "export", "Brennero Foods", "-o", str(tmp_path / "b.md"),
                       "--db", demo_db.location)
    assert code == 0 and out.startswith("Wrote the account plan of Brennero Foods to ")
    # The file links the charts written beside it; on the terminal there are none to link.
    written = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "](b-revenue.svg)" in written and (tmp_path / "b-revenue.svg").exists()
    assert re.sub(r"(?m)^(!\[[^\n]*\n)+\n", "", written) == shown


@pytest.mark.both_engines
def test_cli_unknown_and_ambiguous_names_list_close_matches(demo_db, monkeypatch, capsys) -> None:  # noqa: ANN001
    demo_db.close()
    code, out, err = cli(monkeypatch, capsys, "--db", demo_db.location, "export", "Brenero Fods")
    assert code == 1 and out == ""
    assert err.strip() == "accountmgr: There is no account called “Brenero Fods”; did you mean Brennero Foods?"
    code, _, err = cli(monkeypatch, capsys, "--db", demo_db.location, "export", "pharma")
    assert code == 1 and "did you mean Danubia Pharma, Helvetia Pharma Logistics?" in err
    code, _, err = cli(monkeypatch, capsys, "--db", demo_db.location, "export")
    assert code == 1 and "Name the account to export" in err


@pytest.mark.both_engines
def test_cli_exports_the_whole_portfolio(demo_db, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    demo_db.close()
    code, out, err = cli(monkeypatch, capsys, "--db", demo_db.location, "export", "--all", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert out == f"Wrote 14 account plans and README.md to {tmp_path / 'out'}.\n"
    assert len(list((tmp_path / "out").glob("*.md"))) == 15
    code, _, err = cli(monkeypatch, capsys, "--db", demo_db.location, "export", "--all")
    assert code == 1 and err == "accountmgr: Exporting --all needs a folder: add -o FOLDER.\n"


def test_plans_go_beside_the_database_or_into_documents_for_the_default_one(tmp_path: Path) -> None:
    from accountmgr.paths import default_db_path
    from accountmgr.services.plan_export import default_export_dir

    class Named:
        def __init__(self, path: Path) -> None:
            self.path = path

    assert default_export_dir(Named(tmp_path / "clients.db")) == tmp_path / "clients-plans"
    default = default_export_dir(Named(default_db_path()))
    assert default.name == "accountmgr-plans" and default.parent != default_db_path().parent


@pytest.mark.both_engines
def test_cli_export_edge_cases_are_one_sentence(demo_db, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    """Writing over a file of the user's own, into a missing folder, or into a folder: each says what happened."""
    demo_db.close()
    base = ("--db", demo_db.location, "export")
    code, out, _ = cli(monkeypatch, capsys, *base, "Brennero Foods", "-o", str(tmp_path / "new" / "deep" / "b.md"))
    assert code == 0 and (tmp_path / "new" / "deep" / "b.md").is_file()
    code, out, _ = cli(monkeypatch, capsys, *base, "Brennero Foods", "-o", str(tmp_path / "new"))
    assert code == 0 and out.strip().endswith(f"{tmp_path / 'new' / 'brennero-foods.md'}.")
    (tmp_path / "mine.md").write_text("keep me\n")
    code, out, err = cli(monkeypatch, capsys, *base, "Brennero Foods", "-o", str(tmp_path / "mine.md"))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("accountmgr: ") and "already exists; it was not written by an export" in err
    assert (tmp_path / "mine.md").read_text() == "keep me\n"
    code, _, err = cli(monkeypatch, capsys, *base, "--all", "-o", str(tmp_path / "mine.md"))
    assert code == 1 and err == f"accountmgr: {tmp_path / 'mine.md'} is a file; give a folder to export the portfolio into.\n"
    code, _, err = cli(monkeypatch, capsys, *base, "Brennero Foods", "--all", "-o", str(tmp_path))
    assert code == 1 and err == "accountmgr: Give an account name or --all, not both.\n"


def test_the_portfolio_export_costs_the_same_number_of_database_round_trips_at_any_size(
    demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    """Every figure in the plans is derived from data loaded once: no per-account queries (guidance used to run seven)."""
    from accountmgr.db import Database
    from accountmgr.services import guidance

    monkeypatch.setattr(guidance, "gap_guidance", lambda *a, **k: pytest.fail("per-account guidance in an export"))
    opened: list[str] = []
    session, connection = Database.session, Database.connection
    monkeypatch.setattr(Database, "session", lambda self: opened.append("session") or session(self))
    monkeypatch.setattr(Database, "connection", lambda self: opened.append("connection") or connection(self))

    small = open_small_portfolio(tmp_path)
    opened.clear()
    try:
        export_all(small, tmp_path / "small")
        for_two = list(opened)
    finally:
        small.close()
    opened.clear()
    export_all(demo_db, tmp_path / "demo")
    assert len(list((tmp_path / "demo").glob("*.md"))) == 15
    assert opened == for_two, (opened, for_two)


def open_small_portfolio(tmp_path: Path):  # noqa: ANN201
    from accountmgr.db import open_database
    from accountmgr.services.dmu import create_member

    small = open_database(tmp_path / "small.db", create=True)
    for name in ("One Co", "Two Co"):
        create_member(small, create_account(small, {"name": name}).id, {"name": "Ann Example"})
    return small
