"""CSV import: every bad row reported by line and column, and nothing written unless every row is good."""

from __future__ import annotations

from pathlib import Path

import pytest

from accountmgr.db import Database
from accountmgr.models import RelationshipLevel
from accountmgr.services.accounts import create_account, find_account
from accountmgr.services.dmu import create_member, list_members
from accountmgr.services.errors import DomainError
from accountmgr.services.importer import ImportRefused, import_accounts, import_file, import_people
from accountmgr.services.team import create_member as create_team_member

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


def _csv(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _counts(db: Database) -> tuple[int, ...]:
    with db.connection() as conn:
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("account", "dmu_member", "team_member", "activity_log")
        )


def test_accounts_are_imported_with_owners_money_and_defaults(db: Database, tmp_path: Path) -> None:
    create_team_member(db, {"name": "Giulia Ferri"})
    path = _csv(tmp_path, (
        "Name,Industry,Region,Owner,Level,Target level,Purchase potential,Strategic value,Profit grade,Satisfaction\n"
        'Acme Foods,Food,North Italy,giulia ferri,Buyer,account,"€1,200,000",4,High,7\n'
        "\n"
        "Beta Metals,Metals,Germany,Tom New,,,12.5k,,,\n"
    ))
    result = import_accounts(db, path)
    assert (result.created, result.new_team_members) == (2, ["Tom New"])
    assert result.describe() == "Imported 2 accounts and added team members Tom New."
    acme = find_account(db, "Acme Foods")
    assert (acme.current_level, acme.target_level, acme.purchase_potential_cents) == (
        RelationshipLevel.BUYER, RelationshipLevel.ACCOUNT, 120_000_000)
    assert acme.owner_id == 1 and acme.strategic_value == 4 and acme.satisfaction == 7
    beta = find_account(db, "Beta Metals")
    assert beta.current_level == RelationshipLevel.PROSPECT and beta.purchase_potential_cents == 1_250_000
    with db.connection() as conn:
        logged = conn.execute("SELECT entity, account_id, summary FROM activity_log ORDER BY id").fetchall()
    assert ("account", acme.id, "Added account Acme Foods (import from in.csv)") in logged
    assert any(entity == "team_member" and "Tom New" in summary for entity, _a, summary in logged)


def test_semicolons_and_a_byte_order_mark_are_understood(db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path, "name;region\nAcme;Nord\n", encoding="utf-8-sig")
    assert import_accounts(db, path).created == 1
    assert find_account(db, "Acme").region == "Nord"


def test_every_bad_account_row_is_reported_and_nothing_written(db: Database, tmp_path: Path) -> None:
    create_account(db, {"name": "Existing Ltd"})
    before = _counts(db)
    path = _csv(tmp_path, (
        "name,level,purchase potential,strategic value,satisfaction,owner\n"
        "Good One,buyer,10k,3,5,Someone New\n"
        ",buyer,,,,\n"
        "Bad Level,royalty,,,,\n"
        "Bad Money,,-5,9,,\n"
        "existing ltd,,,,,\n"
        "Good One,,,,11,\n"
        "GOOD ONE,,,,,\n"
    ))
    with pytest.raises(ImportRefused) as caught:
        import_accounts(db, path)
    found = [(p.line, p.column) for p in caught.value.problems]
    assert found == [
        (3, "name"), (4, "level"), (5, "purchase potential"), (5, "strategic value"), (7, "satisfaction"), (8, "name"),
    ]
    messages = [str(p) for p in caught.value.problems]
    assert messages[0] == "line 3, name: Name is required."
    assert "Prospect, Buyer, Account, Partner" in messages[1]
    assert "negative" in messages[2] and "between 1 and 5" in messages[3]
    assert messages[5] == "line 8, name: GOOD ONE is also on line 2."
    assert str(caught.value) == "5 rows have problems in in.csv; nothing was imported."
    assert _counts(db) == before


def test_a_name_repeated_in_the_file_is_refused(db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path, "name\nAcme\nACME\n")
    with pytest.raises(ImportRefused) as caught:
        import_accounts(db, path)
    assert [str(p) for p in caught.value.problems] == ["line 3, name: ACME is also on line 2."]
    assert _counts(db) == (0, 0, 0, 0)


def test_quoted_cells_with_line_breaks_keep_line_numbers_right(db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path, 'name,notes\nAcme,"two\nlines"\nBad,x\n,y\n')
    with pytest.raises(ImportRefused) as caught:
        import_accounts(db, path)
    assert [p.line for p in caught.value.problems] == [5]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("industry\nFood\n", "line 1, Account name: this column is required (a column with the account name)."),
        ("name\nAcme,extra,cells\n", "line 2: has 3 cells but the header has 1 columns"),
        ("name,notes\nAcme,\"unterminated\n", "line 2: opens a quoted cell that is never closed"),
    ],
)
def test_header_problems(db: Database, tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ImportRefused) as caught:
        import_accounts(db, _csv(tmp_path, text))
    assert str(caught.value.problems[0]).startswith(message)
    assert _counts(db) == (0, 0, 0, 0)


def test_unknown_and_repeated_columns_are_left_out_not_refused(db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path, "name,colour,account\nAcme,red,Other\n")
    summary = import_file(db, path, kind="accounts")
    assert summary.ignored == ["colour", "account"]
    assert "Ignored columns: colour, account." in summary.describe()
    assert find_account(db, "Acme").name == "Acme"


def test_unreadable_files_get_one_sentence(db: Database, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="There is no file"):
        import_accounts(db, tmp_path / "missing.csv")
    with pytest.raises(DomainError, match="is empty"):
        import_accounts(db, _csv(tmp_path, "  \n"))
    with pytest.raises(DomainError, match="folder"):
        import_accounts(db, tmp_path)


def test_a_latin_1_file_is_read_with_its_accents(db: Database, tmp_path: Path) -> None:
    assert import_accounts(db, _csv(tmp_path, "name\nCafé Società\n", encoding="latin-1")).created == 1
    assert find_account(db, "Café Società").name == "Café Società"


def test_people_with_reporting_lines_in_any_order(db: Database, tmp_path: Path, frozen_clock: None) -> None:
    acme = create_account(db, {"name": "Acme Foods"})
    other = create_account(db, {"name": "Other Co"})
    ceo = create_member(db, acme.id, {"name": "Carla Ceo"})
    path = _csv(tmp_path, (
        "account,name,title,reports to,roles,influence,attitude,inner circle,social style,owner,coverage,last contact\n"
        "acme foods,Eve Engineer,Engineer,Dan Director,user; influencer,,,no,,,,\n"
        "Acme Foods,Dan Director,COO,Carla Ceo,Decision maker,high,Champion,yes,Driver,Giulia Ferri,in depth,2026-11-10\n"
        "Other Co,Dan Director,Buyer,,buyer,low,sceptic,,,,,2026-11-01\n"
    ))
    result = import_people(db, path)
    assert result.created == 3 and result.new_team_members == ["Giulia Ferri"]
    people = {m.name: m for m in list_members(db, acme.id)}
    assert people["Eve Engineer"].reports_to_id == people["Dan Director"].id
    assert people["Dan Director"].reports_to_id == ceo.id
    dan = people["Dan Director"]
    assert dan.roles == ["decision_maker"] and dan.inner_circle and dan.influence.value == "high"
    assert str(dan.last_contact) == "2026-11-10"
    assert people["Eve Engineer"].roles == ["user", "influencer"]
    assert people["Eve Engineer"].attitude.value == "neutral"
    assert [m.name for m in list_members(db, other.id)] == ["Dan Director"]


def test_every_bad_person_row_is_reported_and_nothing_written(db: Database, tmp_path: Path, frozen_clock: None) -> None:
    acme = create_account(db, {"name": "Acme Foods"})
    create_account(db, {"name": "Other Co"})
    create_member(db, acme.id, {"name": "Carla Ceo"})
    before = _counts(db)
    path = _csv(tmp_path, (
        "account,name,reports to,roles,attitude,last contact\n"
        "Nowhere Inc,Ann,,,,\n"            # 2 unknown account
        "Acme Foods,Carla Ceo,,,,\n"       # 3 already there: nothing to change
        "Acme Foods,Bob,Zed,,,\n"          # 4 unknown manager
        "Acme Foods,Cid,,wizard,,\n"       # 5 unknown role
        "Acme Foods,Dee,,,furious,\n"      # 6 unknown attitude
        "Acme Foods,Eli,,,,2026-11-23\n"   # 7 contact in the future
        "Acme Foods,Fay,Gus,,,\n"          # 8 loop Fay → Gus → Fay
        "Acme Foods,Gus,Fay,,,\n"          # 9
        "Acme Foods,Hal,Hal,,,\n"          # 10 reports to himself
        "Other Co,Ida,Carla Ceo,,,\n"      # 11 manager in another account
        ",Jo,,,,\n"                        # 12 no account
    ))
    with pytest.raises(ImportRefused) as caught:
        import_people(db, path)
    lines = [p.line for p in caught.value.problems]
    assert lines == [2, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    text = "\n".join(str(p) for p in caught.value.problems)
    for expected in (
        "line 2, account: there is no account called “Nowhere Inc”.",
        "line 4, reports to: there is nobody called Zed in Acme Foods's DMU.",
        "line 5, roles:",
        "line 6, attitude:",
        "line 7, last contact: Last contact cannot be in the future",
        "line 8, reports to: the reporting lines in the file go round in a loop.",
        "line 10, reports to: a person cannot report to themself.",
        "line 11, reports to: there is nobody called Carla Ceo in Other Co's DMU.",
        "line 12, account: the account is empty.",
    ):
        assert expected in text
    assert _counts(db) == before


def test_people_import_needs_account_and_name_columns(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as caught:
        import_people(db, _csv(tmp_path, "title\nCEO\n"))
    assert [str(p) for p in caught.value.problems] == [
        "line 1, Account name: this column is required (a column with the account name or account id in the source).",
        "line 1, Person's name: this column is required (a column with the person's name or first name or last name)."]


def test_thousands_of_rows_with_reporting_lines_import_in_one_go(db: Database, tmp_path: Path) -> None:
    rows = "".join(f"Account {i},Industry {i % 7},Region {i % 5},Owner {i % 9},buyer,{i}k\n" for i in range(3000))
    accounts = _csv(tmp_path, "name,industry,region,owner,level,purchase potential\n" + rows, "accounts.csv")
    people = _csv(tmp_path, "account,name,reports to\n" + "".join(
        f"Account {i // 4},Person {i},{'' if i % 4 == 0 else f'Person {i - i % 4}'}\n" for i in range(6000)
    ), "people.csv")
    assert import_accounts(db, accounts).created == 3000
    assert import_people(db, people).created == 6000
    assert _counts(db)[:3] == (3000, 6000, 9)


def test_every_row_with_too_many_cells_is_reported(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as caught:
        import_accounts(db, _csv(tmp_path, "name,region\nA,North,x\nB,South\nC,East,y,z\n"))
    assert [p.line for p in caught.value.problems] == [2, 4]
    assert str(caught.value.problems[0]).startswith("line 2: has 3 cells but the header has 2 columns")
