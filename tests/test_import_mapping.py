"""Column mapping and kind detection: the header spellings of real CRM exports and spreadsheets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountmgr.services.errors import DomainError
from accountmgr.services.import_mapping import detect_kind, field_choices, fold, map_columns, resolve_field


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        # Salesforce contact report: Name is the account's, FirstName/LastName the contact's.
        (["Name", "FirstName", "LastName", "Title", "Billing Country", "Employees"], "contacts"),
        (["account", "sector", "year_established", "revenue", "employees", "office_location", "subsidiary_of"],
         "accounts"),
        (["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date",
          "close_value"], "opportunities"),
        (["sales_agent", "manager", "regional_office"], "team"),
        (["product", "series", "sales_price"], "offerings"),
        # HubSpot
        (["Record ID", "Company name", "Company Domain Name", "Industry", "Country/Region", "Company owner",
          "Parent Company"], "accounts"),
        (["Record ID", "First Name", "Last Name", "Email", "Job Title", "Associated Company", "Contact owner"],
         "people"),
        (["Record ID", "Deal Name", "Amount", "Deal Stage", "Close Date", "Create Date", "Deal owner",
          "Associated Company"], "opportunities"),
        # Pipedrive
        (["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Stage", "Deal - Status",
          "Deal - Organization", "Deal - Owner", "Deal - Expected close date"], "opportunities"),
        (["Person - Name", "Person - Job title", "Person - Email", "Organization - Name"], "people"),
        # Dynamics 365
        (["(Do Not Modify) Opportunity", "Topic", "Potential Customer", "Est. Revenue", "Est. Close Date",
          "Probability", "Status"], "opportunities"),
        (["Account Name", "Account Number", "Main Phone", "Address 1: Country/Region", "Industry", "Owner",
          "Parent Account"], "accounts"),
        # Zoho
        (["Deal Name", "Account Name", "Amount", "Stage", "Closing Date", "Deal Owner", "Probability (%)"],
         "opportunities"),
        (["Contact Id", "First Name", "Last Name", "Title", "Account Name", "Email", "Reporting To"], "people"),
        # Italian spreadsheets
        (["Ragione sociale", "Settore", "Regione", "Commerciale", "Potenziale"], "accounts"),
        (["Ragione sociale", "Opportunità", "Importo", "Fase", "Data chiusura", "Commerciale"], "opportunities"),
        (["Azienda", "Nome", "Cognome", "Ruolo", "Telefono", "Settore", "Paese"], "contacts"),
    ],
)
def test_the_kind_of_file_is_told_from_its_columns(header: list[str], kind: str) -> None:
    assert detect_kind(header) == kind


def test_synonyms_in_english_and_italian_and_the_salesforce_name_rule() -> None:
    mapped = map_columns("contacts", ["Name", "FirstName", "LastName", "Title", "Billing Country", "Employees"])
    assert {h: m.field for h, m in mapped.items()} == {
        "Name": "account", "FirstName": "first_name", "LastName": "last_name", "Title": "title",
        "Billing Country": "region", "Employees": None}
    mapped = map_columns("opportunities", ["Opportunità", "Ragione Sociale", "IMPORTO", "Fase", "Data chiusura",
                                           "Commerciale", "Prodotto", "Colore"])
    assert [m.field for m in mapped.values()] == [
        "opportunity", "account", "value", "stage", "close_date", "sales_agent", "product", None]
    # 'Nome' alone is the whole name; beside 'Cognome' it is the first name.
    assert map_columns("people", ["Azienda", "Nome"])["Nome"].field == "person"
    assert map_columns("people", ["Azienda", "Nome", "Cognome"])["Nome"].field == "first_name"
    # The headings Italian account lists use for the yearly purchase potential.
    for heading in ("Potenziale acquisti", "Potenziale d'acquisto", "Potenziale annuo", "Spesa annua"):
        assert map_columns("accounts", ["Ragione sociale", heading])[heading].field == "purchase_potential"


def test_overrides_win_name_fields_by_key_label_or_spelling_and_dash_ignores() -> None:
    mapped = map_columns("accounts", ["Cliente", "Note", "Zona"],
                         overrides={"note": "-", "Zona": "industry", "Cliente": "Ragione sociale"})
    assert {h: (m.field, m.why) for h, m in mapped.items()} == {
        "Cliente": ("account", "override"), "Note": (None, "override"), "Zona": ("industry", "override")}
    with pytest.raises(DomainError, match="“colour” is not a field when importing accounts; choose one of"):
        resolve_field("accounts", "colour")
    with pytest.raises(DomainError, match="The file has no column “Missing”"):
        map_columns("accounts", ["Name"], overrides={"Missing": "industry"})


def test_a_field_is_filled_by_one_column_the_second_is_listed_as_repeated() -> None:
    mapped = map_columns("accounts", ["Account Name", "Company", "Name"])
    assert [(m.field, m.why) for m in mapped.values()] == [
        ("account", "synonym"), (None, "repeated"), (None, "repeated")]


def test_field_choices_end_with_ignore() -> None:
    choices = field_choices("opportunities")
    assert ("stage", "Stage") in choices and choices[-1] == ("-", "Ignore this column")


@given(st.lists(st.text(max_size=30), max_size=12))
def test_any_header_maps_without_error_and_each_field_at_most_once(header: list[str]) -> None:
    header = list(dict.fromkeys(header))
    kind = detect_kind(header)
    mapped = map_columns(kind, header)
    fields = [m.field for m in mapped.values() if m.field]
    assert len(fields) == len(set(fields))


@given(st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=40))
def test_folding_ignores_case_accents_and_spacing(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert fold(text.upper()) == fold(text.lower()) or not text.isascii()
    assert fold(" ".join(text.split())) == fold(text.replace(" ", "")) == fold("  " + text + " ")
