"""Real exports go in right, and importing them again changes nothing.

Each file is shaped like an export of one CRM (its header spellings, encodings and
number conventions) or an Italian spreadsheet.
"""

from __future__ import annotations

from datetime import date, datetime
import shutil
from pathlib import Path

import pytest

from accountmgr.db import Database
from accountmgr.models import OpportunityStage, OpportunityStatus, RelationshipLevel
from accountmgr.services.accounts import find_account
from accountmgr.services.dmu import list_members
from accountmgr.services.importer import ImportRefused, import_file, plan_import
from accountmgr.services.opportunities import list_opportunities

pytestmark = pytest.mark.both_engines  # the imports on SQLite and on PostgreSQL

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _table_counts(db: Database) -> dict[str, int]:
    with db.connection() as conn:
        return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("account", "dmu_member", "opportunity", "offering", "team_member",
                              "opportunity_offering", "activity_log")}


def _reimport_changes_nothing(db: Database, path: Path, **options: object) -> None:
    before = _table_counts(db)
    summary = import_file(db, path, **options)  # type: ignore[arg-type]
    assert all(c.new == 0 and c.updated == 0 for c in summary.counts), summary.describe()
    assert _table_counts(db) == before


SALESFORCE_CONTACTS = (
    "Contact ID,Name,FirstName,LastName,Title,Email,Phone,Billing Country,Industry,Employees,Account Owner\n"
    "0035g00000AbC001,Officina Meccanica Rossi S.r.l.,Marco,Rossi,Direttore acquisti,m.rossi@omr.it,"
    "+39 02 1234567,Italy,Manufacturing,250,Giulia Ferri\n"
    "0035g00000AbC002,Officina Meccanica Rossi S.r.l.,Anna,Bianchi,Responsabile qualità,a.bianchi@omr.it,,"
    "Italy,Manufacturing,250,Giulia Ferri\n"
    "0035g00000AbC003,\"Officina \"\"Il Ponte\"\" Srl\",Luca,Verdi,CEO,,,Italy,Logistics,40,Tom Baker\n"
)


def test_a_salesforce_contact_report_brings_each_account_once_with_its_people(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "report.csv", SALESFORCE_CONTACTS, "utf-8-sig")
    plan = plan_import(db, path)
    assert plan.kind == "contacts" and plan.ignored == ["Employees"]
    summary = import_file(db, path)
    assert (summary.count("account").new, summary.count("person").new) == (2, 3)
    assert summary.new_team_members == ["Giulia Ferri", "Tom Baker"]
    rossi = find_account(db, "Officina Meccanica Rossi S.r.l.")
    assert (rossi.industry, rossi.region) == ("Manufacturing", "Italy")
    people = {m.name: m for m in list_members(db, rossi.id)}
    assert people["Marco Rossi"].title == "Direttore acquisti"
    assert people["Marco Rossi"].external_id == "0035g00000AbC001"
    assert find_account(db, 'Officina "Il Ponte" Srl').name == 'Officina "Il Ponte" Srl'
    _reimport_changes_nothing(db, path)


def test_a_crm_pipeline_with_its_companies_products_and_team(db: Database, tmp_path: Path, frozen_clock: None) -> None:
    for name in ("sales_teams.csv", "products.csv", "companies.csv", "sales_pipeline.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    folder = tmp_path
    for name in ("sales_teams.csv", "products.csv", "companies.csv"):
        import_file(db, folder / name)
    with pytest.raises(ImportRefused) as refused:
        import_file(db, folder / "sales_pipeline.csv")
    assert [str(p) for p in refused.value.problems] == [
        "line 10, account: the account is empty.", "line 12, account: the account is empty."]
    summary = import_file(db, folder / "sales_pipeline.csv", skip_bad=True)
    assert summary.count("opportunity").new == 10 and summary.rejected_rows == 2
    rejected = (folder / "sales_pipeline.rejected.csv")
    try:
        text = rejected.read_text(encoding="utf-8-sig")
    finally:
        rejected.unlink()
    assert text.splitlines()[1] == "6DFQ4DWR,Moses Frase,GTXPro,,Engaging,2025-11-02,,,account: the account is empty.,10"

    cancity = find_account(db, "Cancity")
    deals = {o.external_id: o for o in list_opportunities(db, cancity.id)}
    won = deals["1C1I7A6R"]
    assert (won.status, won.stage, won.probability, won.value_cents) == (
        OpportunityStatus.WON, OpportunityStage.COMMIT, 100, 105_400)
    assert (won.closed_on, won.opened_on) == (date(2026, 3, 1), date(2025, 10, 20))
    assert cancity.current_level == RelationshipLevel.BUYER  # it has bought from us
    acme = find_account(db, "Acme Corporation")
    [open_deal] = list_opportunities(db, acme.id)
    assert (open_deal.status, open_deal.probability, open_deal.closed_on) == (OpportunityStatus.OPEN, 10, None)
    assert acme.current_level == RelationshipLevel.PROSPECT
    # Groups: a parent named in the file but absent becomes an account.
    assert find_account(db, "Cheers").parent_id == find_account(db, "Massive Dynamic").id
    assert find_account(db, "Ron-tech").parent_id == find_account(db, "Golddex").id
    # Owners: the sales agent owns an account nobody owned.
    with db.connection() as conn:
        owner = conn.execute("SELECT t.name FROM account a JOIN team_member t ON t.id = a.owner_id "
                             "WHERE a.name = 'Isdom'").fetchone()[0]
        manager = conn.execute("SELECT m.name, t.region FROM team_member t JOIN team_member m ON m.id = t.manager_id "
                               "WHERE t.name = 'Moses Frase'").fetchone()
        products = conn.execute("SELECT COUNT(*) FROM offering").fetchone()[0]
    assert owner == "Darcel Schlecht" and manager == ("Melvin Marxen", "Central")
    assert products == 7  # "GTXPro" in the pipeline is the catalogue's "GTX Pro"
    # History counts: won deals feed segments and RFM.
    from accountmgr.services.portfolio import load_portfolio

    entries = {e.name: e for e in load_portfolio(db).entries}
    assert entries["Isdom"].won_cents == 451_400 and entries["Isdom"].rfm != (0, 0, 0)
    assert entries["Isdom"].segment.value == "high_performance"
    from accountmgr.services.whitespace import account_matrix

    matrix = account_matrix(db, cancity.id)
    states = {name: matrix.cells.get((offering_id, column.key)) for offering_id, name in matrix.offerings
              for column in matrix.columns}
    assert states["GTX Plus Basic"].state.value == "owned" and states["GTX Basic"] is None  # type: ignore[union-attr]
    _reimport_changes_nothing(db, folder / "sales_pipeline.csv", skip_bad=True)
    (folder / "sales_pipeline.rejected.csv").unlink()
    for name in ("sales_teams.csv", "products.csv", "companies.csv"):
        _reimport_changes_nothing(db, folder / name)


HUBSPOT_DEALS = (
    "Record ID\tDeal Name\tAmount\tDeal Stage\tClose Date\tCreate Date\tDeal owner\tAssociated Company\n"
    "9001\tRinnovo licenze 2026\t12500.50\tClosed Won\t2026-05-04 10:00\t2026-01-10 09:12\tGiulia Ferri\tAcme Foods\n"
    "9002\tEspansione magazzino\t48000\tContract Sent\t2026-12-15 00:00\t2026-09-01 16:40\tGiulia Ferri\tAcme Foods\n"
    "9003\tPilot IoT\t7300\tClosed Lost\t2026-06-30 00:00\t2026-02-11 11:00\tTom Baker\tBeta Metals\n"
)


def test_hubspot_deals_in_utf16_create_missing_accounts_when_asked(db: Database, tmp_path: Path,
                                                                    frozen_clock: None) -> None:
    path = _write(tmp_path, "deals.txt", HUBSPOT_DEALS, "utf-16")
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path)
    assert "there is no account called “Acme Foods”" in str(refused.value.problems[0])
    summary = import_file(db, path, create_accounts=True)
    assert (summary.count("opportunity").new, summary.count("account").new) == (3, 2)
    acme = find_account(db, "Acme Foods")
    deals = {o.name: o for o in list_opportunities(db, acme.id)}
    assert deals["Rinnovo licenze 2026"].value_cents == 1_250_050
    open_deal = deals["Espansione magazzino"]
    assert (open_deal.stage, open_deal.probability, open_deal.expected_close) == (
        OpportunityStage.NEGOTIATION, 70, date(2026, 12, 15))
    _reimport_changes_nothing(db, path, create_accounts=True)


def test_an_unknown_account_suggests_the_closest_names(db: Database, tmp_path: Path) -> None:
    import_file(db, _write(tmp_path, "a.csv", "Account Name\nAcme Foods\nAcme Logistics\n"))
    path = _write(tmp_path, "p.csv", "Account Name,First Name,Last Name\nAcme Food,Ann,Lee\nACME  foods,Bob,Ray\n")
    with pytest.raises(ImportRefused) as refused:
        import_file(db, path, kind="people")
    assert [str(p) for p in refused.value.problems] == [
        "line 2, Account Name: there is no account called “Acme Food”; did you mean Acme Foods?"]


PIPEDRIVE = (
    "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Status,Deal - Organization,"
    "Deal - Owner,Deal - Expected close date,Deal - Product name\n"
    "41,Fornitura valvole,\"3,250.00\",EUR,Proposal Made,won,Idraulica Nord,Sara Conti,2026-04-30,Valvole DN50\n"
    "42,Manutenzione annua,\"1,100.00\",EUR,Negotiations Started,open,Idraulica Nord,Sara Conti,2026-12-20,"
    "Manutenzione\n"
)


def test_pipedrive_deals_with_a_status_column_and_products(db: Database, tmp_path: Path, frozen_clock: None) -> None:
    path = _write(tmp_path, "deals.csv", PIPEDRIVE)
    summary = import_file(db, path, create_accounts=True)
    assert summary.count("offering").new == 2
    account = find_account(db, "Idraulica Nord")
    deals = {o.external_id: o for o in list_opportunities(db, account.id)}
    assert (deals["41"].status, deals["41"].value_cents, deals["41"].closed_on) == (
        OpportunityStatus.WON, 325_000, date(2026, 4, 30))
    assert (deals["42"].status, deals["42"].stage) == (OpportunityStatus.OPEN, OpportunityStage.NEGOTIATION)
    with db.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM opportunity_offering").fetchone()[0] == 2
    _reimport_changes_nothing(db, path, create_accounts=True)


DYNAMICS = (
    "(Do Not Modify) Opportunity;Topic;Potential Customer;Est. Revenue;Est. Close Date;Probability;Status;"
    "Status Reason\n"
    "a1b2-01;Linea di confezionamento;Pasticceria Città Alta;€ 18.400,00;31/12/2026;40;Open;In Progress\n"
    "a1b2-02;Ricambi;Pasticceria Città Alta;€ 2.150,50;15/03/2026;100;Won;Won\n"
)


def test_dynamics_opportunities_from_windows_1252_with_decimal_commas(db: Database, tmp_path: Path,
                                                                       frozen_clock: None) -> None:
    path = _write(tmp_path, "opps.csv", DYNAMICS, "cp1252")
    summary = import_file(db, path, create_accounts=True)
    assert summary.count("opportunity").new == 2
    account = find_account(db, "Pasticceria Città Alta")
    deals = {o.name: o for o in list_opportunities(db, account.id)}
    assert (deals["Linea di confezionamento"].value_cents, deals["Linea di confezionamento"].probability) == (
        1_840_000, 40)
    assert deals["Ricambi"].status == OpportunityStatus.WON and deals["Ricambi"].value_cents == 215_050
    assert deals["Ricambi"].closed_on == date(2026, 3, 15)


def test_zoho_deals_from_an_xlsx_with_date_cells(db: Database, tmp_path: Path, frozen_clock: None) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Deals"
    sheet.append(["Deal Name", "Account Name", "Amount", "Stage", "Closing Date", "Deal Owner", "Probability (%)"])
    sheet.append(["Retrofit impianto", "Fonderia Brescia", 25000.5, "Closed Won", datetime(2026, 2, 27), "Sara Conti", 100])
    sheet.append(["Audit energetico", "Fonderia Brescia", 3000, "Qualification", datetime(2026, 12, 1), "Sara Conti", 20])
    path = tmp_path / "zoho.xlsx"
    book.save(path)
    plan = plan_import(db, path, create_accounts=True)
    assert plan.kind == "opportunities" and plan.format_label.startswith("Excel workbook")
    summary = import_file(db, path, create_accounts=True)
    assert summary.count("opportunity").new == 2
    deals = {o.name: o for o in list_opportunities(db, find_account(db, "Fonderia Brescia").id)}
    assert deals["Retrofit impianto"].closed_on == date(2026, 2, 27)
    assert deals["Retrofit impianto"].value_cents == 2_500_050
    assert (deals["Audit energetico"].stage, deals["Audit energetico"].probability) == (OpportunityStage.QUALIFIED, 20)
    _reimport_changes_nothing(db, path, create_accounts=True)


ITALIAN = (
    "Ragione sociale;Settore;Regione;Commerciale;Potenziale;Capogruppo;Note\n"
    "\"Officina \"\"Il Ponte\"\" Srl\";Meccanica;Lombardia;Giulia Ferri;1.234,56;;\"Cliente storico,\nvisita a marzo\"\n"
    "Società Agricola Sole;Agricoltura;Puglia;Marco Neri;12,5;Gruppo Sole S.p.A.;\n"
    "Latteria Alpina;Alimentare;Trentino;Marco Neri;250.000,00;Gruppo Sole S.p.A.;\n"
)


def test_an_italian_spreadsheet_with_semicolons_and_decimal_commas(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "clienti.csv", ITALIAN, "cp1252")
    plan = plan_import(db, path)
    assert plan.kind == "accounts"
    assert any("Potenziale" in note for note in plan.notes)
    summary = import_file(db, path)
    assert summary.count("account").new == 4  # the group too
    ponte = find_account(db, 'Officina "Il Ponte" Srl')
    assert ponte.purchase_potential_cents == 123_456 and ponte.notes == "Cliente storico,\nvisita a marzo"
    sole = find_account(db, "Società Agricola Sole")
    assert sole.purchase_potential_cents == 1_250
    assert find_account(db, "Latteria Alpina").purchase_potential_cents == 25_000_000
    assert sole.parent_id == find_account(db, "Gruppo Sole S.p.A.").id
    _reimport_changes_nothing(db, path)


def test_hubspot_companies_then_contacts_matched_by_record_id_on_the_next_export(db: Database, tmp_path: Path) -> None:
    companies = _write(tmp_path, "hubspot-crm-exports-all-companies.csv", (
        "Record ID,Company name,Company Domain Name,Industry,Country/Region,Company owner,Parent Company\n"
        "5101,Brennero Foods,brennero.it,Food & Beverage,Italy,Giulia Ferri,\n"
        "5102,Brennero Logistica,brennero-log.it,Logistics,Italy,Giulia Ferri,Brennero Foods\n"
    ))
    contacts = _write(tmp_path, "hubspot-crm-exports-all-contacts.csv", (
        "Record ID,First Name,Last Name,Email,Job Title,Associated Company,Contact owner\n"
        "901,Chiara,Galli,c.galli@brennero.it,CFO,Brennero Foods,Giulia Ferri\n"
        "902,Paolo,Sala,p.sala@brennero-log.it,Fleet manager,Brennero Logistica,Giulia Ferri\n"
    ))
    import_file(db, companies)
    import_file(db, contacts)
    foods = find_account(db, "Brennero Foods")
    assert find_account(db, "Brennero Logistica").parent_id == foods.id
    [chiara] = list_members(db, foods.id)
    assert (chiara.name, chiara.title, chiara.external_id) == ("Chiara Galli", "CFO", "901")
    # Next month: the company was renamed and Chiara changed job; the record ids say who they are.
    renamed = _write(tmp_path, "companies-december.csv", (
        "Record ID,Company name,Industry\n5101,Brennero Foods Group,Food & Beverage\n"))
    moved = _write(tmp_path, "contacts-december.csv", (
        "Record ID,First Name,Last Name,Job Title,Associated Company\n901,Chiara,Galli,CEO,Brennero Foods Group\n"))
    assert import_file(db, renamed).count("account").fields == {"name": 1}
    summary = import_file(db, moved)
    assert (summary.count("person").updated, summary.count("person").fields) == (1, {"title": 1})
    [chiara] = list_members(db, foods.id)
    assert chiara.title == "CEO" and chiara.version == 2
    _reimport_changes_nothing(db, moved)


def test_a_salesforce_opportunities_with_products_report_links_every_product(db: Database, tmp_path: Path,
                                                                              frozen_clock: None) -> None:
    path = _write(tmp_path, "opp-products.csv", (
        "Opportunity ID,Opportunity Name,Account Name,Amount,Stage,Close Date,Product Name\n"
        "0065g000001,Rinnovo 2026,Acme Foods,15000,Closed Won,2026-02-10,Support\n"
        "0065g000001,Rinnovo 2026,Acme Foods,15000,Closed Won,2026-02-10,Platform\n"
        "0065g000002,Nuovo sito,Acme Foods,8000,Proposal/Price Quote,2026-12-20,Platform\n"
    ))
    summary = import_file(db, path, create_accounts=True)
    assert (summary.count("opportunity").new, summary.count("offering").new) == (2, 2)
    with db.connection() as conn:
        assert conn.execute("SELECT COUNT(*) FROM opportunity_offering").fetchone()[0] == 3
    _reimport_changes_nothing(db, path, create_accounts=True)
