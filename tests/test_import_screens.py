"""Importing customer data from the app, driven by keys as a salesperson would, on a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Select

from accountmgr.app import make_app
from accountmgr.db import Database
from accountmgr.screens.import_data import ImportScreen
from accountmgr.screens.import_field import ImportFieldScreen
from accountmgr.screens.import_file import ImportFileScreen
from accountmgr.screens.import_summary import ImportSummaryScreen
from accountmgr.screens.import_view import kind_options
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.screens.welcome import WelcomeScreen
from accountmgr.services.accounts import count_accounts, find_account
from accountmgr.widgets.path_input import PathInput
from accountmgr.widgets.virtual_table import VirtualTable
from palette_wait import run_from_palette

SIZE = (120, 36)

ITALIAN_ACCOUNTS = (
    "Ragione sociale;Settore;Regione;Commerciale;Potenziale d'acquisto;Note interne\r\n"
    '"Officina ""Il Ponte"" Srl";Metalmeccanica;Lombardia;Giulia Ferri;1.234,56;cliente storico\r\n'
    "Caseificio Valdostano S.p.A.;Alimentare;Valle d'Aosta;Marco Bianchi;12,5;\r\n"
    'Ceramiche Faentine;Ceramica;Emilia-Romagna;Giulia Ferri;250.000,00;"nota su\r\ndue righe"\r\n'
    "Tessitura Comasca;Tessile;Lombardia;Marco Bianchi;€ 98.500,00;città: Como\r\n"
)
"""An accounts export from an Italian Excel: ';', Windows-1252, decimal commas, doubled quotes, a multi-line note."""

SALESFORCE_CONTACTS = (
    "Account Name,First Name,Last Name,Title,Email,Phone,Billing Country,Industry,Account Owner\r\n"
    "Brennero Foods,Anna,Rossi,CEO,anna.rossi@brennero.example,+39 0471 123456,Italy,Food & Beverage,Giulia Ferri\r\n"
    "Brennero Foods,Bruno,Neri,Plant Manager,b.neri@brennero.example,,Italy,Food & Beverage,Giulia Ferri\r\n"
    '"Danubia Pharma, GmbH",Jürgen,Weiß,Head of Procurement,jw@danubia.example,,Austria,Pharmaceuticals,Marco Bianchi\r\n'
)
"""A Salesforce contacts report: one row per contact carrying its account's columns."""


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of exports as a user keeps them; the app is started there (the file chooser opens in it)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "clienti.csv").write_bytes(ITALIAN_ACCOUNTS.encode("cp1252"))
    (folder / "contacts report.csv").write_text(SALESFORCE_CONTACTS, encoding="utf-8-sig")
    monkeypatch.chdir(folder)
    return folder


def mapping(screen: ImportScreen) -> dict[str, str]:
    """Column header → what it fills in ("ignored"), as the mapping table shows it."""
    table = screen.query_one("#import-mapping", DataTable)
    rows = [table.get_row_at(index) for index in range(table.row_count)]
    return {str(row[0]): str(row[1]) for row in rows}


def text_of(screen, selector: str) -> str:  # noqa: ANN001
    return str(screen.query_one(selector).content)


async def to_file_chooser(pilot) -> None:  # noqa: ANN001
    """Once the app is up, open the import at its file chooser."""
    await pilot.pause()
    pilot.app.import_data()
    await pilot.pause()


async def import_now(pilot) -> None:  # noqa: ANN001
    """On the import screen: i, then wait for the import's worker to finish."""
    await pilot.press("I")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def checked(pilot) -> ImportScreen:  # noqa: ANN001
    """The import screen once its worker has checked the file."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen) and screen.plan is not None, text_of(screen, "#import-status")
    return screen


async def open_file(pilot, name: str) -> ImportScreen:  # noqa: ANN001
    """From the file chooser: type the beginning of *name*, complete it with Tab, Enter."""
    assert isinstance(pilot.app.screen, ImportFileScreen)
    await pilot.press(*name[:3], "tab")
    assert pilot.app.screen.query_one(PathInput).value.endswith(name)
    await pilot.press("enter")
    return await checked(pilot)


async def choose_field(pilot, label: str) -> None:  # noqa: ANN001
    """In the column's field list: from the top, down to *label*, Enter; then wait for the new check."""
    screen = pilot.app.screen
    assert isinstance(screen, ImportFieldScreen)
    labels = [label for _, label in screen.choices]
    await pilot.press("home", *["down"] * labels.index(label), "enter")
    await checked(pilot)


async def test_from_the_welcome_an_italian_export_is_checked_remapped_and_imported(db: Database, exports: Path) -> None:
    """An empty database; the Italian accounts file: detected as accounts in Windows-1252 with ';', one column
    remapped by keys, a dry run that writes nothing, the import, then the portfolio showing the four accounts."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("I")
        await pilot.pause()
        screen = await open_file(pilot, "clienti.csv")
        detected = text_of(screen, "#import-detected")
        assert "Accounts, detected" in detected and "Windows-1252" in detected and "4 rows" in detected
        assert screen.query_one("#import-kind-select", Select).value == "accounts"
        columns = mapping(screen)
        assert columns["Ragione sociale"] == "Account name" and columns["Potenziale d'acquisto"] == "Purchase potential"
        assert columns["Note interne"] == "ignored"
        assert "Accounts: 4 new" in text_of(screen, "#import-counts")

        # The internal notes column: select its row, m, pick the field.
        await pilot.press(*["down"] * list(columns).index("Note interne"), "enter")
        await pilot.pause()
        await choose_field(pilot, "Account notes")
        assert mapping(screen)["Note interne"] == "Account notes (changed)"
        assert "decimal comma" in text_of(screen, "#import-notes")

        await pilot.press("Q")
        await pilot.pause()
        assert isinstance(app.screen, ImportSummaryScreen)
        report = text_of(app.screen, "#import-summary-text")
        assert "Nothing was written" in report and "Account notes (override)" in report
        await pilot.press("escape")
        await pilot.pause()
        assert count_accounts(db) == 0

        await import_now(pilot)
        assert isinstance(app.screen, ImportSummaryScreen)
        assert "Accounts: 4 new" in text_of(app.screen, "#import-summary-text")
        potentials = {name: find_account(db, name).purchase_potential_cents for name in (
            'Officina "Il Ponte" Srl', "Caseificio Valdostano S.p.A.", "Ceramiche Faentine", "Tessitura Comasca")}
        assert potentials == {'Officina "Il Ponte" Srl': 123456, "Caseificio Valdostano S.p.A.": 1250,
                              "Ceramiche Faentine": 25000000, "Tessitura Comasca": 9850000}

        await pilot.press("o")  # show what came in
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen) and len(app.screen_stack) == 1  # the welcome is gone too
        rows = [row.name for row in app.screen.query_one(VirtualTable).rows]
        assert sorted(rows) == sorted(potentials)
        assert "4 of 4 accounts · from clienti.csv" in text_of(app.screen, "#status")


async def test_from_the_palette_a_salesforce_contacts_report_adds_people_to_their_accounts(
    demo_db: Database, exports: Path
) -> None:
    """Over the demo portfolio: one row per contact with its account's columns; Brennero Foods exists, Danubia
    Pharma, GmbH is new; the portfolio then shows just those two accounts."""
    from accountmgr.services.dmu import list_members

    app = make_app(demo_db)
    brennero = find_account(demo_db, "Brennero Foods")
    before = {member.name for member in list_members(demo_db, brennero.id)}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_from_palette(pilot, "import customer", "Import customer data")
        screen = await open_file(pilot, "contacts report.csv")
        assert screen.plan is not None and screen.plan.kind == "contacts"
        assert mapping(screen)["First Name"] == "First name"
        counts = text_of(screen, "#import-counts")
        assert "People: 3 new" in counts and "Accounts: 1 new" in counts
        await import_now(pilot)
        assert isinstance(app.screen, ImportSummaryScreen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)
        assert sorted(row.name for row in app.screen.query_one(VirtualTable).rows) == [
            "Brennero Foods", "Danubia Pharma, GmbH"]
    after = {member.name for member in list_members(demo_db, brennero.id)}
    assert after - before == {"Anna Rossi", "Bruno Neri"} - before
    danubia = find_account(demo_db, "Danubia Pharma, GmbH")
    assert [member.name for member in list_members(demo_db, danubia.id)] == ["Jürgen Weiß"]


async def test_bad_rows_stop_the_import_until_skipped_and_go_to_the_rejected_file(
    db: Database, exports: Path
) -> None:
    (exports / "accounts.csv").write_text(
        "Account Name,Industry,Satisfaction\nGood Co,Food,7\nBad Co,Metals,11\nFine Co,Metals,\n", encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        screen = await open_file(pilot, "accounts.csv")
        problems = text_of(screen, "#import-problems")
        assert "1 problem in 1 row" in problems and "line 3, Satisfaction" in problems
        await pilot.press("I")  # all or nothing: refused at once, nothing written
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen) and count_accounts(db) == 0
        assert "nothing would be imported" in text_of(screen, "#import-status")
        await pilot.press("B", "I")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportSummaryScreen)
        assert "1 rejected row written to" in text_of(app.screen, "#import-summary-text")
        await pilot.press("escape")  # back to the import screen, which checks the file again
        await checked(pilot)
        assert "Accounts: 0 new, 0 updated, 2 unchanged" in text_of(screen, "#import-counts")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PortfolioScreen)  # the welcome went with the first import
    assert count_accounts(db) == 2
    rejected = (exports / "accounts.rejected.csv").read_text(encoding="utf-8")
    assert "Bad Co" in rejected and "Good Co" not in rejected


async def test_the_kind_list_and_creating_missing_accounts(db: Database, exports: Path) -> None:
    """A people file naming an account the portfolio lacks: a problem at its line, until a creates the account;
    k opens the kind list, and another kind maps the columns afresh."""
    (exports / "people.csv").write_text("Account,Name,Job Title\nNuova Meccanica Srl,Mario Verdi,Buyer\n",
                                        encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        screen = await open_file(pilot, "people.csv")
        assert screen.plan is not None and screen.plan.kind == "people"
        assert "line 2, Account" in text_of(screen, "#import-problems")
        await pilot.press("F")
        await checked(pilot)
        assert screen.plan is not None and not screen.plan.problems and screen.create_accounts
        assert "Accounts: 1 new" in text_of(screen, "#import-counts")
        assert "Creating missing accounts" in text_of(screen, "#import-status")

        await pilot.press("j")
        await pilot.pause()
        kinds = [kind for _, kind in kind_options()]
        # The list opens on the current kind; move to "accounts" and choose it.
        steps = kinds.index("accounts") - kinds.index("people")
        await pilot.press(*(["up"] * -steps if steps < 0 else ["down"] * steps), "enter")
        await checked(pilot)
        assert screen.plan.kind == "accounts" and not screen.plan.detected
        assert mapping(screen)["Account"] == "Account name" and "as chosen" in text_of(screen, "#import-detected")
        assert app.focused is screen.query_one("#import-mapping")


async def test_a_mapping_is_saved_by_name_and_used_again(db: Database, exports: Path) -> None:
    from accountmgr.services.import_saved import mapping_names

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        screen = await open_file(pilot, "clienti.csv")
        await pilot.press(*["down"] * 5, "enter")  # Note interne
        await pilot.pause()
        await choose_field(pilot, "Account notes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"Gestionale mensile", "ctrl+s")
        await pilot.pause()
        assert mapping_names(db) == ["Gestionale mensile"]
        await pilot.press("f")  # the same file again, from the start: the built-in mapping
        await pilot.pause()
        screen = await open_file(pilot, "clienti.csv")
        assert mapping(screen)["Note interne"] == "ignored"
        await pilot.press("U")
        await pilot.pause()
        await pilot.press("down", "enter")
        await checked(pilot)
        assert mapping(screen)["Note interne"] == "Account notes (saved mapping)"
        assert "Mapping “Gestionale mensile”" in text_of(screen, "#import-status")


async def test_a_file_that_is_not_an_export_is_said_in_one_sentence(db: Database, exports: Path) -> None:
    (exports / "offerta.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        await pilot.press(*"offerta.pdf", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen) and screen.plan is None
        status = text_of(screen, "#import-status")
        assert "PDF" in status and "f to choose another file" in status
        await pilot.press("I", "Q")  # nothing to import or check: the keys do nothing
        await pilot.pause()
        assert app.screen is screen and count_accounts(db) == 0


def test_mapping_screen_snapshot(db: Database, exports: Path, snap_compare) -> None:  # noqa: ANN001
    """The Italian accounts export checked: the line under the title says "Accounts, detected · CSV, Windows-1252,
    semicolon-separated · 4 rows" with the kind list at the right; six mapping rows with two samples each (the
    doubled quotes of "Officina "Il Ponte" Srl" read as one, the multi-line note on one line, the purchase potential
    recognised and the internal notes ignored); below: 4 new accounts, 2 new team members, the status "All or
    nothing…" and the ignored column;
    the footer lists j, Q, I, B, esc and ? (saving the mapping and another file are in help and the palette)."""

    async def open_import(pilot) -> None:  # noqa: ANN001
        pilot.app.push_screen(ImportScreen(exports / "clienti.csv"))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(db)
    app.on_mount = lambda: None  # type: ignore[method-assign]  # no welcome screen under it
    assert snap_compare(app, terminal_size=SIZE, run_before=open_import)


async def test_the_screen_answers_while_the_import_writes(db: Database, exports: Path, monkeypatch) -> None:  # noqa: ANN001
    """The import runs in a worker thread: while it writes, the progress bar shows, other keys are refused with a
    word and Esc does not leave; when it ends the summary comes up. (The service is held by an event, not a timer.)"""
    import threading

    from accountmgr.screens import import_data

    started, release = threading.Event(), threading.Event()
    real_run = import_data.run_import

    def held_run(database, plan, **options):  # noqa: ANN001, ANN003, ANN202
        options["progress"](1, 4)
        started.set()
        release.wait(timeout=30)
        return real_run(database, plan, **options)

    monkeypatch.setattr(import_data, "run_import", held_run)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        screen = await open_file(pilot, "clienti.csv")
        await pilot.press("I")
        while not started.is_set():  # the worker thread reaches the service
            await pilot.pause()
        await pilot.pause()
        assert screen.running and screen.query_one("#import-progress").has_class("shown")
        assert "Importing" in text_of(screen, "#import-status")
        await pilot.press("escape", "i", "m")
        await pilot.pause()
        assert app.screen is screen and screen.running  # still there, nothing else started
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportSummaryScreen)
    assert count_accounts(db) == 4


async def test_help_and_the_palette_know_the_import_keys(db: Database, exports: Path) -> None:
    from accountmgr.screens.help import help_sections

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sections = {title: dict((description, keys) for keys, description in rows)
                    for title, rows, _ in help_sections(app)}
        keys = sections["Import: check the mapping, then import"]
        assert keys["Map column"] == "Enter" and keys["Dry run"] == "Q" and keys["Import"] == "I"
        assert keys["Skip bad rows"] == "B" and keys["Save mapping"] == "Ctrl+S" and keys["Leave"] == "Esc"
        assert sections["Import: choose the file"]["Up a folder"] == "Ctrl+O"
        assert "Show what came in" in sections["Import: the summary"]
        app.import_data()
        await pilot.pause()
        screen = await open_file(pilot, "clienti.csv")
        await run_from_palette(pilot, "skip bad", "skip bad")
        assert app.screen is screen and screen.skip_bad


async def test_escape_in_the_column_list_keeps_the_mapping(db: Database, exports: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        screen = await open_file(pilot, "clienti.csv")
        plan = screen.plan
        await pilot.press("down", "enter")  # Settore
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ImportFieldScreen) and chooser.column == "Settore"
        options = chooser.query_one(OptionList)
        highlighted = options.get_option_at_index(options.highlighted or 0)
        assert highlighted.id == "industry" and str(highlighted.prompt) == "Industry  ← now"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.plan is plan and not screen.planning
        assert mapping(screen)["Settore"] == "Industry"


async def test_mixed_currencies_are_refused_until_accepted(db: Database, exports: Path) -> None:
    (exports / "revenue.csv").write_text(
        'Account Name,Purchase Potential\nAcme,€ 1000.50\nBeta,$ 2000.75\n', encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        screen = await open_file(pilot, "revenue.csv")
        assert "mixes currencies" in text_of(screen, "#import-problems")
        await pilot.press("dollar_sign")
        await checked(pilot)
        assert not screen.plan.problems and "Mixed currencies accepted" in text_of(screen, "#import-status")


async def test_a_workbook_sheet_is_chosen_from_its_list(db: Database, exports: Path, frozen_clock: None) -> None:
    """An .xlsx whose first sheet is a cover note: h lists the sheets, the second one holds the deals."""
    from datetime import date

    import openpyxl

    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Leggimi"
    cover.append(["Esportazione dal CRM, novembre 2026"])
    deals = workbook.create_sheet("Opportunità")
    deals.append(["Ragione sociale", "Opportunità", "Fase", "Importo", "Data chiusura"])
    deals.append(["Brennero Foods", "Linea confezionamento", "Chiusa vinta", 125000.5, date(2026, 3, 31)])
    deals.append(["Brennero Foods", "Retrofit forni", "Proposta", 48000, date(2026, 12, 15)])
    hidden = workbook.create_sheet("hiddenSheet")
    hidden.sheet_state = "hidden"
    workbook.save(exports / "crm.xlsx")

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        await pilot.press(*"crm", "tab", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        await pilot.press("J")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            "Leggimi", "Opportunità"]
        await pilot.press("down", "enter")
        await checked(pilot)
        assert screen.plan.kind == "opportunities" and "sheet Opportunità" in text_of(screen, "#import-detected")
        assert mapping(screen)["Importo"].startswith("Value")
        await pilot.press("F")
        await checked(pilot)
        await import_now(pilot)
        assert isinstance(app.screen, ImportSummaryScreen)
        assert "Opportunities: 2 new" in text_of(app.screen, "#import-summary-text")
    from accountmgr.services.portfolio import load_portfolio

    (entry,) = load_portfolio(db).entries
    assert (entry.name, entry.open_cents, entry.won_count) == ("Brennero Foods", 4800000, 1)


async def test_a_stage_the_import_does_not_know_is_mapped_from_the_keyboard(db: Database, exports: Path) -> None:
    """A HubSpot-like pipeline with its own stage "Demo booked": the check notes it; g offers it, already typed,
    and Proposal chosen in the list maps it; the note goes and the deal goes in at that stage."""
    (exports / "deals.csv").write_text(
        'Deal Name,Account Name,Deal Stage,Amount,Close Date\n'
        'Linea 2,Brennero Foods,Demo booked,"12,500.00",2026-12-15\n'
        'Retrofit forni,Brennero Foods,Closed Won,"48,000.00",2026-03-31\n', encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await to_file_chooser(pilot)
        screen = await open_file(pilot, "deals.csv")
        assert "Stage “Demo booked” (1 rows) is not one of ours" in text_of(screen, "#import-notes")
        await pilot.press("F")
        await checked(pilot)
        await pilot.press("ctrl+k")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#stage_word").value == "Demo booked"
        # To the list, open it, down from Qualified to Proposal, choose; save.
        await pilot.press("tab", "enter", "down", "enter", "ctrl+s")
        await checked(pilot)
        assert screen.plan.options.stage_map == {"Demo booked": "proposal"}
        assert "Demo booked" not in text_of(screen, "#import-notes")
        await import_now(pilot)
        assert "Opportunities: 2 new" in text_of(app.screen, "#import-summary-text")
    from accountmgr.services.portfolio import load_portfolio

    # At Proposal the open deal weighs 50 % (it would be 10 % at Identified).
    (entry,) = load_portfolio(db).entries
    assert (entry.open_cents, entry.weighted_cents) == (1250000, 625000)


async def test_the_mapping_table_keeps_its_row_after_a_remap_and_fits_a_narrow_terminal(
    db: Database, exports: Path
) -> None:
    """The mapping is a table pane like every other: after a remap the cursor stays on the column remapped; at 80
    columns the names of the file's columns show whole and a sample that lacks room ends in an ellipsis."""
    from accountmgr.widgets.table_pane import TablePane

    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_file_chooser(pilot)
        screen = await open_file(pilot, "clienti.csv")
        pane = screen.query_one("#import-mapping-pane", TablePane)
        headers = list(mapping(screen))
        target = headers.index("Note interne")
        await pilot.press(*["down"] * target, "enter")
        await pilot.pause()
        await choose_field(pilot, "Account notes")
        assert pane.selected_key == target and pane.table.cursor_row == target
        assert mapping(screen)["Note interne"] == "Account notes (changed)"
        table = pane.table
        assert table.max_scroll_x == 0
        drawn = "\n".join(strip.text for strip in table.render_lines(table.region.reset_offset))
        assert all(header in drawn for header in headers)
        assert "Note interne" in drawn and "…" in drawn  # the samples give up room first
