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
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.screens.welcome import WelcomeScreen
from accountmgr.services.accounts import count_accounts, find_account
from accountmgr.widgets.path_input import PathInput
from accountmgr.widgets.virtual_table import VirtualTable

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
    return {str(row[0]): str(row[1]).replace("  (changed)", "") for row in rows}


def text_of(screen, selector: str) -> str:  # noqa: ANN001
    return str(screen.query_one(selector).content)


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
