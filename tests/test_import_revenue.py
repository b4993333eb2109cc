"""Importing revenue per account and year: Italian or English headers, repeatable by account and year."""

from __future__ import annotations

from pathlib import Path

import pytest

from accountmgr.db import Database
from accountmgr.services import accounts, revenue
from accountmgr.services.importer import import_file, plan_import
from accountmgr.services.import_write import ImportRefused

ITALIAN = (
    "Ragione sociale;Anno;Fatturato;Obiettivo\r\n"
    "Società «Alfa» S.p.A.;2024;1.234,56;2.000,00\r\n"
    "Società «Alfa» S.p.A.;2025;98.765,43;\r\n"
    "D'Amico & Figli (Napoli);2025;10.000;12.000,50\r\n"
)


@pytest.fixture
def two_accounts(db: Database, frozen_clock) -> dict[str, int]:
    return {name: accounts.create_account(db, {"name": name}).id
            for name in ("Società «Alfa» S.p.A.", "D'Amico & Figli (Napoli)")}


def _years(db: Database, account_id: int) -> list[tuple]:
    return [(r.year, r.actual_cents, r.target_cents) for r in revenue.list_years(db, account_id)]


def test_an_italian_cp1252_file_is_read_as_revenue_and_imported_again_without_change(
    db: Database, tmp_path: Path, two_accounts: dict[str, int],
) -> None:
    path = tmp_path / "fatturato.csv"
    path.write_bytes(ITALIAN.encode("cp1252"))
    plan = plan_import(db, path)
    assert plan.kind == "revenue"
    assert [c.describe() for c in plan.counts] == ["Revenue years: 3 new, 0 updated, 0 unchanged"]
    import_file(db, path)
    alfa, amico = two_accounts.values()
    assert _years(db, alfa) == [(2024, 123_456, 200_000), (2025, 9_876_543, None)]
    assert _years(db, amico) == [(2025, 1_000_000, 1_200_050)]
    again = import_file(db, path)
    assert [c.describe() for c in again.counts] == ["Revenue years: 0 new, 0 updated, 3 unchanged"]
    # A blank target in a newer file never wipes the stored one; a new figure updates the year.
    path.write_bytes(ITALIAN.replace("1.234,56;2.000,00", "1.300,00;").encode("cp1252"))
    newer = import_file(db, path)
    assert [c.describe() for c in newer.counts] == ["Revenue years: 0 new, 1 updated, 2 unchanged (changed: revenue)"]
    assert _years(db, alfa)[0] == (2024, 130_000, 200_000)


def test_english_headers_and_the_kind_named_on_the_command(db: Database, tmp_path: Path, two_accounts) -> None:
    path = tmp_path / "revenue.csv"
    path.write_text("Account,Year,Amount,Target\n\"D'Amico & Figli (Napoli)\",2023,\"45,000.00\",50000\n",
                    encoding="utf-8")
    import_file(db, path, kind="revenue")
    assert _years(db, two_accounts["D'Amico & Figli (Napoli)"]) == [(2023, 4_500_000, 5_000_000)]


def test_bad_rows_are_refused_by_line(db: Database, tmp_path: Path, two_accounts) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Cliente;Anno;Importo\nNessuno;2025;10\nD'Amico & Figli (Napoli);;5\n"
                    "D'Amico & Figli (Napoli);2024;5\nD'Amico & Figli (Napoli);2024;6\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as err:
        import_file(db, path, kind="revenue")
    by_line = {p.line: p.message for p in err.value.problems}
    assert "no account called “Nessuno”" in by_line[2]
    assert by_line[3] == "Year is required."
    assert "also on line 4" in by_line[5]
    assert revenue.list_years(db, two_accounts["D'Amico & Figli (Napoli)"]) == []
