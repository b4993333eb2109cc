"""`accountmgr import [KIND] FILE` with its options, through the real entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from accountmgr.db import open_database


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _count(db: Path | str, table: str) -> int:
    database = open_database(db)
    try:
        with database.engine.connect() as conn:
            return conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
    finally:
        database.close()


DEALS = ("Opportunità;Ragione sociale;Importo;Fase;Data chiusura;Commerciale;Colore\n"
         "Rinnovo;Acme Foods;1.234,56;Vinta;01/03/2026;Giulia Ferri;rosso\n"
         "Espansione;Acme Foods;12.500,00;Engaging;31/12/2026;Giulia Ferri;blu\n"
         "Pilota;Nessuno Srl;500,00;Persa;15/02/2026;Tom Baker;verde\n")


def test_the_file_alone_or_after_its_kind(tmp_path: Path, run_main, any_db_url: str) -> None:  # noqa: ANN001
    db = any_db_url
    path = _write(tmp_path, "clienti.csv", "Ragione sociale;Settore\nAcme Foods;Alimentare\n")
    code, out, err = run_main("--db", str(db), "import", str(path))
    assert code == 0, err
    assert out.startswith("clienti.csv: Accounts (detected), CSV, UTF-8, semicolon")
    code, out, err = run_main("--db", str(db), "import", "accounts", str(path))
    assert code == 0 and "Accounts: 0 new, 0 updated, 1 unchanged" in out
    code, out, err = run_main("--db", str(db), "import", "products", str(path))
    assert code == 1 and "Product name: this column is required" in err
    code, out, err = run_main("--db", str(db), "import", "colours", str(path))
    assert (code, err) == (1, "accountmgr: “colours” is not a kind of import; use one of accounts, contacts, people, "
                               "opportunities, offerings, team, revenue (or give the file alone).\n")
    code, out, err = run_main("--db", str(db), "import", "accounts")
    assert err == "accountmgr: Give the file to import after the kind: accountmgr import accounts FILE.\n"
    code, out, err = run_main("--db", str(db), "import")
    assert (code, err) == (1, "accountmgr: Name the file to import: accountmgr import FILE (or accountmgr import "
                              "KIND FILE).\n")


def test_help_explains_the_options_itself(run_main) -> None:  # noqa: ANN001
    code, out, _err = run_main("import", "--help")
    assert code == 0
    assert out.startswith("Usage: accountmgr import [OPTIONS] [KIND] [FILE]")
    text = " ".join(out.split())
    for words in ("--map COLUMN=FIELD", "--map-stage", "--mapping NAME", "--save-mapping NAME", "--strict",
                  "--dry-run", "--skip-bad", "--rejected PATH", "--create-accounts", "--currency-ok", "--sheet NAME",
                  "Salesforce", "Ragione sociale", "blank cell never wipes"):
        assert words in text, words
    assert "README" not in text


def test_dry_run_prints_mapping_counts_and_problems_and_writes_nothing(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    db = tmp_path / "x.db"
    path = _write(tmp_path, "trattative.csv", DEALS, "cp1252")
    code, out, err = run_main("--db", str(db), "import", "--dry-run", str(path))
    assert code == 1
    assert "Importo          → Value   e.g. 1.234,56, 12.500,00" in out
    assert "Ignored columns: Colore." in out
    assert "Importo: decimal comma (1.234,56)" in out
    assert "trattative.csv: line 2, Ragione sociale: there is no account called “Acme Foods”." in err
    assert err.strip().endswith("Dry run: nothing was written.")
    assert not db.exists()  # not even the new database it was checked against


def test_stages_are_mapped_and_missing_accounts_created_when_asked(tmp_path: Path, run_main, any_db_url: str) -> None:  # noqa: ANN001
    db = any_db_url
    path = _write(tmp_path, "trattative.csv", DEALS, "cp1252")
    code, out, err = run_main("--db", db, "import", str(path), "--create-accounts",
                              "--map-stage", "Engaging=qualified", "--map", "Colore=-")
    assert code == 0, err
    assert "Opportunities: 3 new" in out and "Accounts: 2 new" in out
    database = open_database(db)
    try:
        with database.engine.connect() as conn:
            rows = [tuple(row) for row in conn.execute(text(
                "SELECT name, status, stage, probability, value_cents FROM opportunity ORDER BY name"))]
    finally:
        database.close()
    assert rows == [("Espansione", "open", "qualified", 25, 1_250_000), ("Pilota", "lost", "identified", 0, 50_000),
                    ("Rinnovo", "won", "commit", 100, 123_456)]


def test_skip_bad_imports_the_good_rows_and_writes_the_rejected_ones(tmp_path: Path, run_main, any_db_url: str) -> None:  # noqa: ANN001
    db = any_db_url
    path = _write(tmp_path, "accounts.csv", "name,strategic value,satisfaction\nGood,3,5\nBad,9,\nAlso good,,7\n")
    code, out, err = run_main("--db", str(db), "import", str(path), "--skip-bad")
    assert code == 0, err
    assert "Accounts: 2 new" in out and f"1 rejected row written to {tmp_path / 'accounts.rejected.csv'}" in out
    assert err.startswith("accounts.csv: line 3, strategic value:")
    rejected = (tmp_path / "accounts.rejected.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected[0] == "name,strategic value,satisfaction,rejected because,line"
    assert rejected[1] == 'Bad,9,,"strategic value: Strategic value must be between 1 and 5, not 9.",3'
    assert _count(db, "account") == 2


def test_strict_refuses_unmapped_columns_and_saved_mappings_come_back(tmp_path: Path, run_main, any_db_url: str) -> None:  # noqa: ANN001
    db = any_db_url
    path = _write(tmp_path, "export.csv", "Cliente,Zona commerciale\nAcme,Nord\n")
    code, _out, err = run_main("--db", str(db), "import", str(path), "--strict")
    assert code == 1 and "line 1, Zona commerciale: this column is not imported" in err
    code, out, err = run_main("--db", str(db), "import", str(path), "--map", "Zona commerciale=region",
                              "--save-mapping", "crm mensile", "--dry-run")
    assert code == 0 and "Saved this mapping as “crm mensile”." in out
    code, out, err = run_main("--db", str(db), "import", str(path), "--mapping", "crm mensile", "--strict")
    assert code == 0, err
    assert "Zona commerciale  → Region (saved)" in out
    code, _out, err = run_main("--db", str(db), "import", str(path), "--mapping", "other")
    assert err == "accountmgr: There is no saved mapping called “other”; saved mappings: crm mensile.\n"


@pytest.mark.parametrize(("value", "message"), [("Colore", "--map takes COLUMN=FIELD"),
                                                ("Colore=shade", "“shade” is not a field when importing accounts")])
def test_bad_map_options_get_one_sentence(tmp_path: Path, run_main, value: str, message: str) -> None:  # noqa: ANN001
    path = _write(tmp_path, "a.csv", "name,Colore\nAcme,red\n")
    code, _out, err = run_main("--db", str(tmp_path / "x.db"), "import", str(path), "--map", value)
    assert code == 1 and err.startswith(f"accountmgr: {message}") and len(err.splitlines()) == 1


def test_a_file_that_is_not_a_table_gets_one_sentence(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    code, _out, err = run_main("--db", str(tmp_path / "x.db"), "import", str(path))
    assert code == 1 and err.startswith("accountmgr: ") and len(err.splitlines()) == 1


def test_a_workbook_sheet_is_chosen_by_name(tmp_path: Path, run_main) -> None:  # noqa: ANN001
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Note"
    book.active.append(["Appunti"])
    people = book.create_sheet("Contatti")
    people.append(["Azienda", "Nome", "Cognome", "Ruolo", "Paese"])
    people.append(["Latteria Alpina", "Elena", "Fontana", "Responsabile acquisti", "Italia"])
    path = tmp_path / "crm.xlsx"
    book.save(path)
    db = tmp_path / "x.db"
    code, out, err = run_main("--db", str(db), "import", str(path), "--sheet", "contatti")
    assert code == 0, err
    assert "Contacts with their accounts (detected), Excel workbook" in out
    assert "People: 1 new" in out and "Accounts: 1 new" in out
    code, _out, err = run_main("--db", str(db), "import", str(path), "--sheet", "Deals")
    assert code == 1 and "Contatti" in err and len(err.splitlines()) == 1
