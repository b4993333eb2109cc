"""Choosing a file by keyboard: Tab completes paths like a shell, and only files an import reads are offered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmgr.widgets.path_input import complete_path, first_match, importable, typed_path


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """A downloads folder as people have it: exports, a sub-folder, things that are not exports, hidden files."""
    for name in ("Clienti 2026.csv", "clienti_vecchi.xlsx", "Contacts report.TXT", "deals.tsv", "offerta.pdf",
                 ".~lock.Clienti 2026.csv#", "photo.jpg"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "Archivio").mkdir()
    (tmp_path / "Archivio" / "2025.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    return tmp_path


def test_a_unique_match_completes_whole_and_a_folder_gets_its_separator(exports: Path) -> None:
    base = f"{exports}{os.sep}"
    assert complete_path(base + "de") == base + "deals.tsv"
    assert complete_path(base + "Arc") == base + "Archivio" + os.sep
    assert complete_path(base + "Archivio" + os.sep) == base + "Archivio" + os.sep + "2025.csv"


def test_several_matches_complete_what_they_share_whatever_the_case(exports: Path) -> None:
    base = f"{exports}{os.sep}"
    # "Clienti 2026.csv" and "clienti_vecchi.xlsx": the shared beginning, in the first one's spelling.
    assert complete_path(base + "cl") == base + "Clienti"
    assert complete_path(base + "Clienti") == base + "Clienti"  # nothing more is shared: Tab moves on


def test_only_folders_and_importable_files_are_offered(exports: Path) -> None:
    base = f"{exports}{os.sep}"
    assert complete_path(base + "of") == base + "of"  # offerta.pdf is not something to import
    assert complete_path(base + "ph") == base + "ph"
    assert complete_path(base + "Co") == base + "Contacts report.TXT"  # the extension in any case
    # Hidden entries only when the name typed starts with a dot; the spreadsheet's lock file never.
    assert first_match(base + ".") == base + ".cache" + os.sep
    assert first_match(base) == base + "Archivio" + os.sep


def test_a_path_typed_over_the_prefilled_folder_completes_on_its_own(exports: Path) -> None:
    typed = f"/somewhere/else/{exports}{os.sep}"
    assert typed_path(typed + "x.csv") == exports / "x.csv"
    assert typed_path("/home/me/Exports/~/clienti.csv") == Path("~/clienti.csv").expanduser()
    assert complete_path(f"/somewhere/else/{exports}{os.sep}") == typed  # nothing to add yet, nothing lost
    assert first_match(typed) is None or first_match(typed).startswith(typed)


def test_relative_paths_and_the_home_folder(exports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(exports)
    assert complete_path("de") == "deals.tsv"
    assert complete_path("Archivio/2") == "Archivio/2025.csv"
    monkeypatch.setenv("HOME", str(exports))
    assert complete_path("~/de") == "~/deals.tsv"  # the ~ stays as typed


def test_a_missing_or_unreadable_folder_completes_nothing(tmp_path: Path) -> None:
    assert complete_path(f"{tmp_path}/nowhere/x") == f"{tmp_path}/nowhere/x"
    assert first_match(f"{tmp_path}/nowhere/") is None


def test_importable_by_extension() -> None:
    assert all(importable(Path(name)) for name in ("a.csv", "B.CSV", "c.txt", "d.tsv", "e.xlsx"))
    assert not any(importable(Path(name)) for name in ("a.xls", "b.pdf", "c.zip", "csv", "d.csv.gz"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30))
def test_completion_of_any_text_only_ever_extends_it(exports: Path, typed: str) -> None:
    """Whatever is typed (accents, control characters, brackets, quotes), Tab never fails and never loses text."""
    for text in (typed, f"{exports}{os.sep}{typed}"):
        completed = complete_path(text)
        assert completed.lower().startswith(text.lower())
        match = first_match(text)
        assert match is None or match.lower().startswith(text.lower())


@pytest.mark.parametrize(("pasted", "path"), [
    ("/home/me/Exports/clienti.csv", "/home/me/Exports/clienti.csv"),
    ("  '/home/me/My Exports/clienti 2026.csv' ", "/home/me/My Exports/clienti 2026.csv"),
    ('"/home/me/My Exports/deals.xlsx"', "/home/me/My Exports/deals.xlsx"),
    ("/home/me/My\\ Exports/Copia\\ di\\ clienti\\ \\(1\\).csv", "/home/me/My Exports/Copia di clienti (1).csv"),
    ("file:///home/me/My%20Exports/l%27elenco.csv", "/home/me/My Exports/l'elenco.csv"),
    ("/home/me/Exports/l'elenco.csv", "/home/me/Exports/l'elenco.csv"),  # an unbalanced quote is part of the name
    ("/home/me/My Exports/clienti.csv", "/home/me/My Exports/clienti.csv"),  # spaces typed as they are
    # A whole path typed or pasted after the folder the box starts with starts again at its own root.
    ("/home/me/Exports//srv/share/clienti.csv", "/srv/share/clienti.csv"),
    ("/home/me/~old/clienti.csv", "/home/me/~old/clienti.csv"),
])
def test_a_pasted_or_dropped_path_is_read_as_the_file_it_names(pasted: str, path: str) -> None:
    assert typed_path(pasted) == Path(path)


def test_nothing_typed_is_no_path_and_home_is_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/me")
    assert typed_path("   ") is None and typed_path("''") is None
    assert typed_path("~/clienti.csv") == Path("/home/me/clienti.csv")


@given(st.text(max_size=40))
def test_any_text_gives_a_path_or_nothing(text: str) -> None:
    """Whatever is pasted (quotes, backslashes, control characters), reading it never fails."""
    result = typed_path(text)
    assert result is None or isinstance(result, Path)
