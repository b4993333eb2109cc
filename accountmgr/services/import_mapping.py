"""Which column of a CRM export or spreadsheet holds which field, and what kind of file it is.

Every import field has a key (what ``--map COLUMN=field`` and saved mappings name),
a label (what users read), the kind of value it holds (so numbers and dates are read
in the column's own convention) and the header spellings real exports use: Salesforce
reports and the Data Import Wizard, HubSpot, Pipedrive, Dynamics 365, Zoho, and common
spreadsheet headings in English and Italian. Headers are compared folded (case, accents,
spaces and punctuation ignored), so "Ragione Sociale", "ragione_sociale" and
"RAGIONE SOCIALE" are one spelling.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from accountmgr.services.errors import DomainError

KINDS: dict[str, str] = {
    "accounts": "Accounts",
    "contacts": "Contacts with their accounts",
    "people": "People (DMU members)",
    "opportunities": "Pipeline (opportunities)",
    "offerings": "Products (offerings)",
    "team": "Sales team",
    "revenue": "Revenue per year",
}
"""Every kind of file an import understands, with the label users read."""

IGNORE = "-"
"""The mapping target that says 'leave this column out'."""


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, accents and everything but letters and digits removed: 'Società  S.p.A.' → 'societaspa'."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


@dataclass(frozen=True)
class FieldDef:
    """One field an import can fill: key, label, entity, value kind ('money', 'date', 'percent', 'integer' or None)."""

    key: str
    label: str
    entity: str
    value: str | None
    synonyms: tuple[str, ...]


def _f(key: str, label: str, entity: str, value: str | None, *synonyms: str) -> FieldDef:
    return FieldDef(key, label, entity, value, tuple(synonyms))


# --- accounts -------------------------------------------------------------------------------------------------------

ACCOUNT_NAME = ("account", "account name", "company", "company name", "organization", "organisation",
                "organization - name", "organization name", "org name", "customer", "customer name", "client",
                "client name", "associated company", "potential customer", "account: account name",
                "ragione sociale", "cliente", "azienda", "società", "nome azienda", "nome cliente", "denominazione",
                "organizzazione", "person - organization", "organization - name")
ACCOUNT_REF = ("account id", "account number", "organization - id", "organization id", "company id", "customer id",
               "customer number", "(do not modify) account", "account: account id", "codice cliente", "id cliente",
               "id azienda")

ACCOUNT_FIELDS = [
    _f("account", "Account name", "account", None, *ACCOUNT_NAME),
    _f("account_ref", "Account id in the source", "account", None, *ACCOUNT_REF),
    _f("industry", "Industry", "account", None, "industry", "sector", "vertical", "business type", "settore",
       "settore merceologico", "industria", "comparto", "organization - industry"),
    _f("region", "Region", "account", None, "region", "billing country", "country", "country/region",
       "billing country/region", "address 1: country/region", "territory", "office location", "organization - country",
       "billing state/province", "state", "paese", "nazione", "regione", "zona", "area", "sede", "territorio",
       "location"),
    _f("owner", "Account owner", "account", None, "owner", "account owner", "company owner", "organization - owner",
       "owner name", "account manager", "key account manager", "commerciale", "responsabile", "gestore",
       "responsabile commerciale", "account owner: full name"),
    _f("parent", "Parent company (group)", "account", None, "parent", "parent account", "parent company",
       "subsidiary of", "parent organization", "parent account: account name", "group", "gruppo", "capogruppo",
       "società madre", "casa madre", "controllante", "appartiene a"),
    _f("level", "Current level", "account", None, "level", "current level", "relationship level", "livello",
       "livello attuale"),
    _f("target_level", "Target level", "account", None, "target level", "target", "livello obiettivo"),
    _f("purchase_potential", "Purchase potential", "account", "money", "purchase potential", "potential",
       "potenziale", "potenziale di acquisto", "potenziale acquisto", "potenziale acquisti", "potenziale d'acquisto",
       "potenziale annuo", "spesa annua"),
    _f("absorption_potential", "Incremental absorption potential", "account", "money", "absorption potential",
       "incremental absorption potential"),
    _f("potential_value", "Potential business value", "account", "money", "potential value",
       "potential business value", "valore potenziale"),
    _f("strategic_value", "Strategic value", "account", "integer", "strategic value", "valore strategico"),
    _f("profit_grade", "Profit grade", "account", None, "profit grade", "profitability", "redditività"),
    _f("management_model", "Account-management model", "account", None, "management model",
       "account-management model", "account management model"),
    _f("satisfaction", "Satisfaction", "account", "integer", "satisfaction", "soddisfazione"),
    _f("organisation", "Organisation", "account", None, "organisation notes", "organisation structure"),
    _f("value_chain", "Value chain", "account", None, "value chain", "catena del valore"),
    _f("customer_profile", "Customer profile", "account", None, "customer profile", "profilo cliente"),
    _f("strategy_notes", "Strategy notes", "account", None, "strategy notes", "strategy", "strategia"),
    _f("account_notes", "Account notes", "account", None, "notes", "note", "description", "account description",
       "descrizione", "account notes"),
]

# --- people ---------------------------------------------------------------------------------------------------------

PERSON_FIELDS = [
    _f("person", "Person's name", "person", None, "name", "full name", "contact", "contact name", "person",
       "person - name", "person name", "nome e cognome", "nominativo", "referente", "contatto", "persona",
       "contact: full name"),
    _f("first_name", "First name", "person", None, "first name", "given name", "person - first name", "nome"),
    _f("last_name", "Last name", "person", None, "last name", "surname", "family name", "person - last name",
       "cognome"),
    _f("person_ref", "Person id in the source", "person", None, "contact id", "person id", "person - id",
       "(do not modify) contact", "id contatto", "record id", "id"),
    _f("title", "Title", "person", None, "title", "job title", "position", "role", "job role", "person - job title",
       "titolo", "ruolo", "qualifica", "carica", "posizione", "mansione"),
    _f("department", "Department", "person", None, "department", "business unit", "dipartimento", "reparto",
       "funzione", "ufficio", "divisione"),
    _f("reports_to", "Reports to", "person", None, "reports to", "reporting to", "manager", "reports to: full name",
       "riporta a", "responsabile diretto", "capo"),
    _f("roles", "Buying roles", "person", None, "roles", "buying roles", "buying role", "ruolo decisionale"),
    _f("influence", "Influence", "person", None, "influence", "influenza"),
    _f("attitude", "Attitude", "person", None, "attitude", "atteggiamento"),
    _f("inner_circle", "Inner circle", "person", None, "inner circle"),
    _f("social_style", "Social style", "person", None, "social style", "stile sociale"),
    _f("coverage", "Coverage depth", "person", None, "coverage", "coverage depth", "copertura"),
    _f("last_contact", "Last contact", "person", "date", "last contact", "last activity", "last activity date",
       "last contacted", "ultimo contatto"),
    _f("email", "Email", "person", None, "email", "e-mail", "email address", "person - email", "primary email",
       "posta elettronica", "mail"),
    _f("phone", "Phone", "person", None, "phone", "phone number", "business phone", "mobile", "mobile phone",
       "person - phone", "work phone", "telefono", "cellulare", "tel"),
    _f("person_owner", "Relationship owner", "person", None, "contact owner", "owner", "person - owner",
       "relationship owner"),
    _f("org_criteria", "Organisational decision criteria", "person", None, "organisational decision criteria"),
    _f("personal_criteria", "Personal decision criteria", "person", None, "personal decision criteria"),
    _f("personal_objectives", "Personal objectives", "person", None, "personal objectives"),
    _f("personal_win", "Personal win", "person", None, "personal win"),
    _f("person_notes", "Notes on the person", "person", None, "notes", "note", "description", "descrizione"),
]

# --- opportunities --------------------------------------------------------------------------------------------------

OPPORTUNITY_FIELDS = [
    _f("opportunity", "Opportunity name", "opportunity", None, "opportunity", "opportunity name", "deal",
       "deal name", "deal - title", "topic", "name", "title", "subject", "opportunità", "nome opportunità",
       "trattativa", "progetto", "offerta"),
    _f("opportunity_ref", "Opportunity id in the source", "opportunity", None, "opportunity id", "deal id",
       "deal - id", "(do not modify) opportunity", "record id", "id", "id opportunità", "id trattativa", "codice"),
    _f("account", "Account name", "account", None, *ACCOUNT_NAME, "deal - organization", "organization",
       "account name: account name"),
    _f("account_ref", "Account id in the source", "account", None, *ACCOUNT_REF),
    _f("value", "Value", "opportunity", "money", "amount", "value", "close value", "deal value", "deal - value",
       "est. revenue", "estimated revenue", "actual revenue", "importo", "valore", "ammontare",
       "valore trattativa", "importo previsto"),
    _f("probability", "Probability", "opportunity", "percent", "probability", "probability (%)",
       "deal - probability", "win probability", "probabilità", "% probabilità"),
    _f("stage", "Stage", "opportunity", None, "stage", "deal stage", "sales stage", "deal - stage",
       "pipeline phase", "phase", "fase", "stadio", "fase di vendita"),
    _f("status", "Won / lost / open", "opportunity", None, "status", "deal - status", "result", "outcome",
       "won/lost", "esito", "stato", "risultato"),
    _f("close_date", "Close date", "opportunity", "date", "close date", "closing date", "expected close date",
       "est. close date", "actual close date", "deal - expected close date", "deal - close date", "closed date",
       "data chiusura", "data di chiusura", "chiusura prevista", "data chiusura prevista"),
    _f("opened_on", "Opened on", "opportunity", "date", "engage date", "created date", "create date", "created",
       "created time", "created on", "deal - deal created", "open date", "opened on", "start date",
       "data apertura", "data creazione", "data inizio"),
    _f("close_reason", "Reason", "opportunity", None, "close reason", "lost reason", "deal - lost reason",
       "reason for loss", "reason", "motivo", "motivo perdita", "motivazione"),
    _f("product", "Product", "opportunity", None, "product", "products", "product name", "deal - product name",
       "offering", "prodotto", "prodotti", "servizio", "linea di prodotto"),
    _f("sales_agent", "Sales agent", "opportunity", None, "sales agent", "owner", "opportunity owner",
       "deal owner", "deal - owner", "salesperson", "sales person", "sales rep", "assigned to", "agente",
       "venditore", "commerciale", "responsabile", "opportunity owner: full name"),
    _f("opportunity_notes", "Notes on the opportunity", "opportunity", None, "notes", "note", "description",
       "next step", "descrizione", "prossimo passo"),
]

# --- offerings and team ---------------------------------------------------------------------------------------------

OFFERING_FIELDS = [
    _f("offering", "Product name", "offering", None, "product", "product name", "offering", "name", "item",
       "prodotto", "servizio", "articolo", "nome prodotto"),
    _f("offering_ref", "Product id in the source", "offering", None, "product id", "product code", "sku", "id",
       "record id", "codice", "codice prodotto"),
    _f("category", "Category", "offering", None, "category", "series", "product family", "family", "product line",
       "type", "categoria", "famiglia", "linea"),
    _f("description", "Description", "offering", None, "description", "notes", "descrizione", "note"),
    _f("active", "Active", "offering", None, "active", "is active", "attivo"),
]

TEAM_FIELDS = [
    _f("member", "Team member", "team", None, "sales agent", "name", "team member", "salesperson", "sales person",
       "sales rep", "agent", "user", "full name", "agente", "venditore", "commerciale", "nome"),
    _f("member_ref", "Team member id in the source", "team", None, "user id", "employee id", "id", "record id",
       "matricola"),
    _f("email", "Email", "team", None, "email", "e-mail", "email address", "mail"),
    _f("role", "Role", "team", None, "role", "ruolo", "job function"),
    _f("region", "Region", "team", None, "region", "regional office", "office", "territory", "area", "zona", "sede",
       "regione"),
    _f("manager", "Manager", "team", None, "manager", "sales manager", "reports to", "area manager",
       "responsabile", "capo area"),
    _f("active", "Active", "team", None, "active", "attivo"),
]

# --- revenue per account and year -----------------------------------------------------------------------------------

REVENUE_FIELDS = [
    *(field for field in ACCOUNT_FIELDS if field.key in ("account", "account_ref")),
    _f("year", "Year", "revenue", "integer", "year", "fiscal year", "financial year", "fy", "anno", "esercizio",
       "anno fiscale"),
    _f("revenue", "Revenue", "revenue", "money", "revenue", "actual revenue", "actual", "actuals", "amount", "sales",
       "turnover", "net sales", "invoiced", "fatturato", "importo", "ricavi", "vendite", "fatturato netto"),
    _f("target", "Revenue target", "revenue", "money", "target", "revenue target", "budget", "quota", "goal",
       "obiettivo", "obiettivo di fatturato", "target di fatturato"),
    _f("potential", "Customer's category spend", "revenue", "money", "potential", "purchase potential",
       "category spend", "wallet", "total spend", "potenziale", "potenziale di acquisto", "spesa categoria",
       "spesa nella categoria"),
    _f("revenue_notes", "Notes", "revenue", None, "notes", "note", "comment", "commento"),
]

_CONTACT_ACCOUNT_FIELDS = [
    field for field in ACCOUNT_FIELDS if field.key not in ("account_notes",)
]
_PEOPLE_ACCOUNT_LINKS = [field for field in ACCOUNT_FIELDS if field.key in ("account", "account_ref")]

KIND_FIELDS: dict[str, list[FieldDef]] = {
    "accounts": [
        _f("account", "Account name", "account", None, "name", *ACCOUNT_NAME),
        _f("account_ref", "Account id in the source", "account", None, *ACCOUNT_REF, "record id", "id"),
        *[f for f in ACCOUNT_FIELDS if f.key not in ("account", "account_ref")],
    ],
    "contacts": [*_CONTACT_ACCOUNT_FIELDS, *PERSON_FIELDS],
    "people": [*_PEOPLE_ACCOUNT_LINKS, *PERSON_FIELDS],
    "opportunities": OPPORTUNITY_FIELDS,
    "offerings": OFFERING_FIELDS,
    "team": TEAM_FIELDS,
    "revenue": REVENUE_FIELDS,
}
"""The fields of each kind, in the order they are offered for mapping."""

REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "accounts": (("account",),),
    "contacts": (("account",), ("person", "first_name", "last_name")),
    "people": (("account", "account_ref"), ("person", "first_name", "last_name")),
    "opportunities": (("account", "account_ref"), ("opportunity", "opportunity_ref", "product")),
    "offerings": (("offering",),),
    "team": (("member",),),
    "revenue": (("account", "account_ref"), ("year",), ("revenue", "target", "potential")),
}
"""Per kind: groups of fields of which at least one must be mapped."""

GENERIC = {fold(word) for word in ("name", "id", "record id", "title", "owner", "notes", "note", "description",
                                   "email", "phone", "status", "type", "nome", "region", "area", "user", "role")}
"""Headings too plain to tell what a file holds on their own."""


def fields_of(kind: str) -> dict[str, FieldDef]:
    """The kind's fields by key (the kind is checked)."""
    if kind not in KIND_FIELDS:
        raise DomainError(f"“{kind}” is not a kind of import; choose one of: {', '.join(KINDS)}.")
    return {field.key: field for field in KIND_FIELDS[kind]}


def _synonyms(kind: str) -> dict[str, str]:
    """Folded spelling → field key: synonyms, then the key itself and its label."""
    found: dict[str, str] = {}
    for field in fields_of(kind).values():
        for spelling in (*field.synonyms, field.key, field.label):
            found.setdefault(fold(spelling), field.key)
    return found


@dataclass(frozen=True)
class Mapped:
    """A column's mapping: the field (None when ignored) and why."""

    field: str | None
    why: str


def map_columns(
    kind: str, header: Iterable[str], *, overrides: Mapping[str, str] | None = None,
    saved: Mapping[str, str] | None = None,
) -> dict[str, Mapped]:
    """Header cell → Mapped: overrides first, then a saved mapping, then synonyms; each field once."""
    header = list(header)
    synonyms = _synonyms(kind)
    chosen: dict[str, Mapped] = {}
    explicit = {**{k: (v, "saved") for k, v in (saved or {}).items()},
                **{k: (v, "override") for k, v in (overrides or {}).items()}}
    by_fold = {fold(cell): cell for cell in header}
    for column, (target, why) in explicit.items():
        cell = column if column in header else by_fold.get(fold(column))
        if cell is None:
            if why == "saved":
                continue  # a saved mapping names columns a newer export may have dropped
            raise DomainError(f"The file has no column “{column}”; its columns are {', '.join(header)}.")
        chosen[cell] = Mapped(None if target == IGNORE else resolve_field(kind, target), why)
    taken = {m.field for m in chosen.values() if m.field}
    for cell in header:
        if cell in chosen:
            continue
        key = synonyms.get(fold(cell))
        if key is None or key in taken:
            chosen[cell] = Mapped(None, "ignored" if key is None else "repeated")
        else:
            chosen[cell] = Mapped(key, "synonym")
            taken.add(key)
    _fix_names(kind, header, chosen)
    return {cell: chosen[cell] for cell in header}


def _fix_names(kind: str, header: list[str], chosen: dict[str, Mapped]) -> None:
    """Settle what a bare 'Name' or 'Nome' means from the columns beside it (synonyms only, never an override)."""
    fields = {m.field: cell for cell, m in chosen.items() if m.field}
    if kind in ("contacts", "people", "team"):
        first = fields.get("first_name")
        if first and "last_name" not in fields and "person" not in fields and chosen[first].why == "synonym":
            # 'Nome' alone is the whole name, not the first name.
            chosen[first] = Mapped("person", "synonym")
    if kind == "contacts":
        person = fields.get("person")
        if (person and "account" not in fields and fold(person) == "name" and chosen[person].why == "synonym"
                and ("first_name" in fields or "last_name" in fields)):
            # Salesforce's contact report: Name is the account's, FirstName/LastName the contact's.
            chosen[person] = Mapped("account", "synonym")


def resolve_field(kind: str, target: str) -> str:
    """The field key a user named (key, label or any spelling of it), or a one-sentence error."""
    fields = fields_of(kind)
    if target in fields:
        return target
    key = _synonyms(kind).get(fold(target))
    if key is None:
        raise DomainError(
            f"“{target}” is not a field when importing {KINDS[kind].lower()}; choose one of: {', '.join(fields)}"
            f" (or - to ignore the column)."
        )
    return key


def detect_kind(header: Iterable[str]) -> str:
    """What a file with these columns holds: accounts, contacts, people, opportunities, offerings, team or revenue."""
    header = list(header)
    folded = [fold(cell) for cell in header]

    def mapped(kind: str, *, specific: bool = False) -> set[str]:
        synonyms = _synonyms(kind)
        return {synonyms[f] for f in folded if f in synonyms and not (specific and f in GENERIC)}

    revenue = mapped("revenue", specific=True)
    if "year" in revenue and revenue & {"revenue", "target", "potential"}:
        # 'Cliente; Anno; Fatturato': a year per row is what tells revenue from a pipeline's amounts.
        return "revenue"
    opportunity = mapped("opportunities", specific=True)
    if opportunity & {"stage", "value", "probability", "close_date", "opportunity", "opportunity_ref"}:
        return "opportunities"
    person = mapped("people", specific=True)
    contact_fields = fields_of("contacts")
    account = {key for key in mapped("contacts", specific=True) if contact_fields[key].entity == "account"}
    links = {"account", "account_ref"}
    team = mapped("team", specific=True)
    if "member" in team and not account & links and not person & {"first_name", "last_name", "person", "title"}:
        # 'sales_agent, manager, regional_office': our people, not the customer's.
        return "team"
    if person & {"first_name", "last_name", "person", "title", "reports_to", "person_ref", "email", "phone", "roles"}:
        if account - links:
            return "contacts"
        if "first_name" in person or "last_name" in person or account & links:
            return "people" if account & links else "contacts"
    if "manager" in team or ("member" in team and not account & links):
        if not account - {"region"}:
            return "team"
    offering = mapped("offerings", specific=True)
    if "offering" in offering and not account & links:
        return "offerings"
    return "accounts"


def field_choices(kind: str) -> list[tuple[str, str]]:
    """(field key, label) pairs a column of this kind may be mapped to, then ('-', 'Ignore this column')."""
    return [(field.key, field.label) for field in fields_of(kind).values()] + [(IGNORE, "Ignore this column")]
