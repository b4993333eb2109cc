"""Who each row is, and what importing it would change.

A record is matched by the id it has in the source (kept as its external id) when the
file has one, else by its natural key: the account's name; a person's or an
opportunity's name within its account; an offering's or a team member's name. Names
are compared folded (case, accents and spacing ignored). Only cells with a value are
compared, so a blank cell never wipes what is stored. Nothing here writes: the same
decisions are taken for a dry run and, inside the write lock, for the import itself.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple


from accountmgr.models import (
    Account,
    DmuMember,
    Offering,
    Opportunity,
    OpportunityOffering,
    OpportunityStage,
    OpportunityStatus,
    RelationshipLevel,
    TeamMember,
)
from accountmgr.models.columns import table_of
from accountmgr.models.revenue import AccountRevenue
from accountmgr.queries import bulk
from accountmgr.services import activity
from accountmgr.services import validation as v
from accountmgr.services.import_mapping import fold
from accountmgr.services.import_problems import Problem
from accountmgr.services.import_rows import STAGE_PROBABILITY, Row, StageReading, read_stage, read_status

v.register_labels({"external_id": "Id in the source", "parent_id": "Parent company", "manager_id": "Manager",
                   "opened_on": "Opened on"})

Ident = tuple[str, int]
"""("id", stored id) or ("new", index of a record this import adds)."""


class Ref(NamedTuple):
    """A reference to a record of another (or the same) store, resolved to an id when written."""

    store: str
    ident: Ident


ACCOUNT_ATTRS = {
    "account": "name", "industry": "industry", "region": "region", "level": "current_level",
    "target_level": "target_level", "purchase_potential": "purchase_potential_cents",
    "absorption_potential": "absorption_potential_cents", "potential_value": "potential_value_cents",
    "strategic_value": "strategic_value", "profit_grade": "profit_grade", "management_model": "management_model",
    "satisfaction": "satisfaction", "organisation": "organisation", "value_chain": "value_chain",
    "customer_profile": "customer_profile", "strategy_notes": "strategy_notes", "account_notes": "notes",
}
PERSON_ATTRS = {
    "title": "title", "department": "department", "roles": "roles", "influence": "influence",
    "attitude": "attitude", "inner_circle": "inner_circle", "social_style": "social_style", "coverage": "coverage",
    "last_contact": "last_contact", "email": "email", "phone": "phone", "org_criteria": "org_criteria",
    "personal_criteria": "personal_criteria", "personal_objectives": "personal_objectives",
    "personal_win": "personal_win", "person_notes": "notes",
}
OPPORTUNITY_ATTRS = {"value": "value_cents", "opened_on": "opened_on", "close_reason": "close_reason",
                     "opportunity_notes": "notes"}
OFFERING_ATTRS = {"offering": "name", "category": "category", "description": "description", "active": "active"}
REVENUE_ATTRS = {"year": "year", "revenue": "actual_cents", "target": "target_cents", "potential": "potential_cents",
                 "revenue_notes": "notes"}
TEAM_ATTRS = {"member": "name", "email": "email", "role": "role", "region": "region", "active": "active"}

MODELS: dict[str, type] = {
    "team": TeamMember, "offering": Offering, "account": Account, "person": DmuMember, "opportunity": Opportunity,
    "revenue": AccountRevenue,
}
"""The stores in the order they are written: a store only refers to earlier ones (or to itself)."""

PRIMARY = {"accounts": "account", "contacts": "person", "people": "person", "opportunities": "opportunity",
           "offerings": "offering", "team": "team", "revenue": "revenue"}
"""The record each kind of file is mainly about (listed first in summaries)."""

ENTITY_NAMES = {"team": ("team member", "team members"), "offering": ("offering", "offerings"),
                "account": ("account", "accounts"), "person": ("person", "people"),
                "opportunity": ("opportunity", "opportunities"), "revenue": ("revenue year", "revenue years")}


def same(new: Any, stored: Any) -> bool:
    """Whether an imported value equals the stored one (references by id, enums by value, dates as ISO)."""
    if isinstance(new, Ref):
        return new.ident[0] == "id" and new.ident[1] == stored
    return activity.plain(new) == activity.plain(stored)


@dataclass(slots=True)
class NewRecord:
    """A record this import adds: the first line naming it and its values by attribute."""

    line: int
    values: dict[str, Any]


@dataclass
class Store:
    """The stored records of one table, and what this import adds to it and changes in it."""

    entity: str
    rows: dict[int, dict[str, Any]]
    key_of: Any
    by_ref: dict[str, int] = field(default_factory=dict)
    by_key: dict[Any, int] = field(default_factory=dict)
    new: list[NewRecord] = field(default_factory=list)
    new_by_ref: dict[str, int] = field(default_factory=dict)
    new_by_key: dict[Any, int] = field(default_factory=dict)
    changes: dict[int, dict[str, Any]] = field(default_factory=dict)
    touched: dict[int, int] = field(default_factory=dict)
    lines: dict[Ident, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row_id, row in self.rows.items():
            if row.get("external_id"):
                self.by_ref.setdefault(row["external_id"], row_id)
            self.by_key.setdefault(self.key_of(row), row_id)

    def find(self, ref: str | None, key: Any) -> Ident | None:
        """The record with this source id, else with this natural key; None if there is none yet."""
        if ref:
            if ref in self.by_ref:
                return ("id", self.by_ref[ref])
            if ref in self.new_by_ref:
                return ("new", self.new_by_ref[ref])
        if key is not None:
            if key in self.by_key:
                return ("id", self.by_key[key])
            if key in self.new_by_key:
                return ("new", self.new_by_key[key])
        return None

    def get(self, ident: Ident, attr: str) -> Any:
        """The value the record will have after this import (its pending change, else what is stored)."""
        if ident[0] == "new":
            return self.new[ident[1]].values.get(attr)
        pending = self.changes.get(ident[1], {})
        return pending[attr] if attr in pending else self.rows[ident[1]].get(attr)

    def upsert(self, line: int, ref: str | None, key: Any, values: Mapping[str, Any], *, row: bool = True) -> Ident:
        """Add the record or note what changes in it; returns who it is.

        *row* False: the record is only named by another (a parent company, a manager, a product), so a
        row of its own further down the file is not a repeat.
        """
        ident = self.find(ref, key)
        if ident is None:
            record = NewRecord(line, dict(values))
            if ref:
                record.values["external_id"] = ref
                self.new_by_ref[ref] = len(self.new)
            if key is not None:
                self.new_by_key[key] = len(self.new)
            self.new.append(record)
            ident = ("new", len(self.new) - 1)
        elif ident[0] == "new":
            record = self.new[ident[1]]
            record.values.update(values)
            if ref and not record.values.get("external_id"):
                record.values["external_id"] = ref
                self.new_by_ref[ref] = ident[1]
        else:
            self.touched.setdefault(ident[1], line)
            values = dict(values)
            if ref and not self.rows[ident[1]].get("external_id"):
                values["external_id"] = ref
            self.set(ident, values)
        if row:
            self.lines.setdefault(ident, line)
        return ident

    def set(self, ident: Ident, values: Mapping[str, Any]) -> None:
        """Give the record these values (a stored one changes only where they differ)."""
        if ident[0] == "new":
            self.new[ident[1]].values.update(values)
            return
        stored = self.rows[ident[1]]
        pending = self.changes.setdefault(ident[1], {})
        for attr, value in values.items():
            # A name spelt with other case, accents or spacing is the same name: the stored spelling stays.
            if same(value, stored.get(attr)) or (attr == "name" and fold(value) == fold(stored.get(attr) or "")):
                pending.pop(attr, None)
            else:
                pending[attr] = value

    def name_of(self, ident: Ident) -> str:
        return str(self.get(ident, "name") or "")

    def counts(self) -> "EntityCount":
        updated = {row_id: change for row_id, change in self.changes.items() if change}
        fields: Counter[str] = Counter()
        for change in updated.values():
            fields.update(change.keys())
        unchanged = sum(1 for row_id in self.touched if row_id not in updated)
        return EntityCount(self.entity, len(self.new), len(updated), unchanged, dict(fields))


@dataclass
class EntityCount:
    """What an import does to one kind of record: added, changed (with the fields), left as they were."""

    entity: str
    new: int
    updated: int
    unchanged: int
    fields: dict[str, int]

    def describe(self) -> str:
        one, many = ENTITY_NAMES[self.entity]
        parts = [f"{self.new} new", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        text = f"{many.capitalize()}: " + ", ".join(parts)
        if self.fields:
            named = sorted((v.label(name).lower(), n) for name, n in self.fields.items())
            text += " (changed: " + ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in named) + ")"
        return text


LOADED = {
    "team": ("id", "name", "external_id", "manager_id", *TEAM_ATTRS.values()),
    "offering": ("id", "name", "external_id", *OFFERING_ATTRS.values()),
    "account": ("id", "name", "external_id", "owner_id", "parent_id", *ACCOUNT_ATTRS.values()),
    "person": ("id", "name", "external_id", "account_id", "owner_id", "reports_to_id", *PERSON_ATTRS.values()),
    "opportunity": ("id", "name", "external_id", "account_id", "status", "stage", "probability", "closed_on",
                    "expected_close", *OPPORTUNITY_ATTRS.values()),
    "revenue": ("id", "account_id", *REVENUE_ATTRS.values()),
}
"""The columns an import compares or writes, per store (only these are loaded: a pipeline has 100,000 rows)."""


def _load(conn: Any, entity: str) -> dict[int, dict[str, Any]]:
    return bulk.columns_by_id(conn, table_of(MODELS[entity]), LOADED[entity])


def _name_key(row: Mapping[str, Any]) -> str:
    return fold(row["name"])


def _in_account_key(row: Mapping[str, Any]) -> tuple[Ident, str]:
    return (("id", row["account_id"]), fold(row["name"]))


def _account_year_key(row: Mapping[str, Any]) -> tuple[Ident, int]:
    return (("id", row["account_id"]), row["year"])


SUGGESTED_NAMES = 50
"""Unknown account names that get 'did you mean…' (the rest only say there is no such account)."""


class Decider:
    """Takes every row of a file in turn and decides, against the stored records, what it adds or changes."""

    def __init__(
        self, conn: Any, kind: str, columns: Mapping[str, str], *, create_accounts: bool = False,
        stage_map: Mapping[str, str] | None = None, today: date,
    ) -> None:
        self.kind = kind
        self.columns = columns
        self.create_accounts = create_accounts
        self.stage_map = stage_map or {}
        self.today = today
        self.problems: list[Problem] = []
        self.notes: Counter[str] = Counter()
        wanted = {"team", "account"}
        wanted |= {"person"} if kind in ("people", "contacts") else set()
        wanted |= {"opportunity", "offering"} if kind == "opportunities" else set()
        wanted |= {"offering"} if kind == "offerings" else set()
        wanted |= {"revenue"} if kind == "revenue" else set()
        keys = {"team": _name_key, "offering": _name_key, "account": _name_key, "person": _in_account_key,
                "opportunity": _in_account_key, "revenue": _account_year_key}
        self.stores: dict[str, Store] = {
            entity: Store(entity, _load(conn, entity), keys[entity])
            for entity in MODELS if entity in wanted
        }
        self.links: set[tuple[Ident, Ident]] = set()
        if kind == "opportunities":
            self.stored_links = {(("id", o), ("id", f)) for o, f in bulk.pairs(
                conn, table_of(OpportunityOffering), "opportunity_id", "offering_id")}
        else:
            self.stored_links = set()
        self.reports: list[tuple[int, Ident, Ident, str]] = []
        self.parents: list[tuple[int, Ident]] = []
        self.managers: list[tuple[int, Ident]] = []
        self._suggestions: dict[str, str] = {}
        self._stages: dict[str, StageReading] = {}
        self._names: dict[str, str] | None = None
        self._names_new = 0

    # --- helpers ---------------------------------------------------------------------------------------------------

    def column(self, key: str) -> str:
        return self.columns.get(key, key)

    def problem(self, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(line, self.column(key), message))

    def team_member(self, line: int, name: str) -> Ident:
        """Our team member of that name, added if the team has nobody called so."""
        store = self.stores["team"]
        return store.find(None, fold(name)) or store.upsert(line, None, fold(name), {"name": name}, row=False)

    def new_team_members(self) -> list[str]:
        return [record.values["name"] for record in self.stores["team"].new]

    def suggest(self, name: str) -> str:
        """'; did you mean A, B?' with the closest account names, or ''."""
        if name not in self._suggestions and len(self._suggestions) >= SUGGESTED_NAMES:
            return "."  # each suggestion compares the name with every account: only the first ones get one
        if name not in self._suggestions:
            store = self.stores["account"]
            if self._names is None or len(store.new) != self._names_new:
                self._names = {fold(row["name"]): row["name"] for row in store.rows.values()}
                self._names.update({fold(r.values["name"]): r.values["name"] for r in store.new if r.values.get("name")})
                self._names_new = len(store.new)
            names = self._names
            close = difflib.get_close_matches(fold(name), list(names), n=3, cutoff=0.6)
            self._suggestions[name] = f"; did you mean {', '.join(names[c] for c in close)}?" if close else "."
        return self._suggestions[name]

    def account_link(self, row: Row) -> Ident | None:
        """The account a person or opportunity belongs to, by source id or name (created when allowed)."""
        name = row.values.get("account", "")
        ref = row.values.get("account_ref")
        store = self.stores["account"]
        ident = store.find(ref, fold(name) if name else None)
        if ident is not None:
            return ident
        if not name and not ref:
            self.problem(row.line, "account", "the account is empty.")
        elif self.create_accounts and name:
            return store.upsert(row.line, ref, fold(name), {"name": name}, row=False)
        elif name:
            self.problem(row.line, "account", f"there is no account called “{name}”{self.suggest(name)}")
            self.notes["missing_accounts"] += 1
        else:
            self.problem(row.line, "account_ref", f"there is no account with the id {ref}.")
        return None

    # --- one row ---------------------------------------------------------------------------------------------------

    def take(self, row: Row) -> None:
        """Decide what one row adds or changes (problems are noted, the row then left out)."""
        handler = {
            "accounts": self._account_row, "contacts": self._contact_row, "people": self._person_row,
            "opportunities": self._opportunity_row, "offerings": self._offering_row, "team": self._team_row,
            "revenue": self._revenue_row,
        }[self.kind]
        handler(row)

    def _account(self, row: Row, *, unique: bool) -> Ident | None:
        values = {attr: row.values[key] for key, attr in ACCOUNT_ATTRS.items() if key in row.values}
        name = values.get("name", "")
        ref = row.values.get("account_ref")
        store = self.stores["account"]
        key = fold(name) if name else None
        if not name and not ref:
            self.problem(row.line, "account", "Name is required.")
            return None
        ident = store.find(ref, key)
        if ident is None and not name:
            self.problem(row.line, "account", "Name is required (no account has this id yet).")
            return None
        if unique and ident is not None and ident in store.lines:
            self.problem(row.line, "account", f"{name or store.name_of(ident)} is also on line {store.lines[ident]}.")
            return None
        if ident is not None and ident[0] == "id" and name and key != fold(store.rows[ident[1]]["name"]):
            other = store.find(None, key)
            if other is not None and other != ident:
                self.problem(row.line, "account", f"there is already an account called {name}.")
                return None
        parent = row.values.get("parent")
        if parent and fold(parent) == (key or fold(store.name_of(ident) if ident else "")):
            self.problem(row.line, "parent", "an account cannot be its own parent company.")
            return None
        if "owner" in row.values:
            values["owner_id"] = Ref("team", self.team_member(row.line, row.values["owner"]))
        if ident is None:
            ident = store.upsert(row.line, ref, key, values)
        else:
            self._update(store, row.line, ident, ref, values)
        if parent:
            group = store.find(None, fold(parent)) or store.upsert(row.line, None, fold(parent), {"name": parent},
                                                                    row=False)
            store.set(ident, {"parent_id": Ref("account", group)})
            self.parents.append((row.line, ident))
        return ident

    def _update(self, store: Store, line: int, ident: Ident, ref: str | None, values: Mapping[str, Any]) -> Ident:
        if ident[0] == "id":
            store.touched.setdefault(ident[1], line)
            values = dict(values)
            if ref and not store.rows[ident[1]].get("external_id"):
                values["external_id"] = ref
        store.set(ident, values)
        store.lines.setdefault(ident, line)
        return ident

    def _account_row(self, row: Row) -> None:
        self._account(row, unique=True)

    def _contact_row(self, row: Row) -> None:
        if self._check_person(row) is None:
            return
        account = self._account(row, unique=False)
        if account is not None:
            self._person(row, account)

    def _person_row(self, row: Row) -> None:
        if self._check_person(row) is None:
            return
        account = self.account_link(row)
        if account is not None:
            self._person(row, account)

    def _check_person(self, row: Row) -> str | None:
        name = row.values.get("person") or " ".join(
            part for part in (row.values.get("first_name", ""), row.values.get("last_name", "")) if part)
        if not name and not row.values.get("person_ref"):
            self.problem(row.line, "person" if "person" in self.columns else "last_name", "Name is required.")
            return None
        if len(name) > 120:
            self.problem(row.line, "person", "Name is too long (at most 120 characters).")
            return None
        row.values["person"] = name
        return name

    def _person(self, row: Row, account: Ident) -> None:
        store = self.stores["person"]
        name = row.values["person"]
        ref = row.values.get("person_ref")
        values = {attr: row.values[key] for key, attr in PERSON_ATTRS.items() if key in row.values}
        key = (account, fold(name)) if name else None
        ident = store.find(ref, key)
        if ident is not None and ident in store.lines:
            where = self.stores["account"].name_of(account)
            self.problem(row.line, "person", f"{name} of {where} is also on line {store.lines[ident]}.")
            return
        if ident is None and not name:
            self.problem(row.line, "person" if "person" in self.columns else "last_name",
                         "Name is required (nobody has this id yet).")
            return
        if name:
            values["name"] = name
        if "person_owner" in row.values:
            values["owner_id"] = Ref("team", self.team_member(row.line, row.values["person_owner"]))
        if ident is None:
            values["account_id"] = Ref("account", account)
            ident = store.upsert(row.line, ref, key, values)
        else:
            self._update(store, row.line, ident, ref, values)
        if row.values.get("reports_to"):
            self.reports.append((row.line, ident, account, row.values["reports_to"]))

    def _opportunity_row(self, row: Row) -> None:
        values = {attr: row.values[key] for key, attr in OPPORTUNITY_ATTRS.items() if key in row.values}
        ref = row.values.get("opportunity_ref")
        product = row.values.get("product", "")
        name = row.values.get("opportunity") or (f"{product} ({ref})" if product and ref else product or ref or "")
        if not name:
            self.problem(row.line, "opportunity", "Name is required.")
            return
        reading = self._stage(row.values["stage"]) if "stage" in row.values else None
        if reading is not None and not reading.known:
            self.notes[f"stage:{row.values['stage']}"] += 1
        status = reading.status if reading else None
        if "status" in row.values:
            status = read_status(row.values["status"]) or status
        close = row.values.get("close_date")
        if status in (OpportunityStatus.WON, OpportunityStatus.LOST) and close and close > self.today:
            self.problem(row.line, "close_date", "The close date cannot be in the future.")
            return
        account = self.account_link(row)
        if account is None:
            return
        store = self.stores["opportunity"]
        key = (account, fold(name))
        ident = store.find(ref, key)
        if ident is not None and ident in store.lines:
            if product and (ref or row.values.get("opportunity")):
                # One row per product of a deal (an "opportunities with products" report): link the product.
                self._link_product(row.line, ident, product)
                return
            self.problem(row.line, "opportunity_ref" if ref else "opportunity",
                         f"{name} is also on line {store.lines[ident]}.")
            return
        stored_status = store.get(ident, "status") if ident else None
        stored_stage = store.get(ident, "stage") if ident else None
        values["name"] = name
        if status is not None:
            values["status"] = status
        if reading is not None and reading.stage is not None:
            values["stage"] = reading.stage
        elif status == OpportunityStatus.WON and ident is None:
            values["stage"] = OpportunityStage.COMMIT  # a won deal went all the way
        if status in (OpportunityStatus.WON, OpportunityStatus.LOST):
            if close:
                values["closed_on"] = close
            elif ident is None or stored_status != status:
                values["closed_on"] = self.today
        elif close:
            values["expected_close"] = close
        if status == OpportunityStatus.OPEN and stored_status not in (None, OpportunityStatus.OPEN):
            values["closed_on"] = None
        if "probability" in row.values:
            values["probability"] = row.values["probability"]
        elif status == OpportunityStatus.WON and stored_status != status:
            values["probability"] = 100
        elif status == OpportunityStatus.LOST and stored_status != status:
            values["probability"] = 0
        elif "stage" in values and values["stage"] != stored_stage and status != OpportunityStatus.WON:
            if status != OpportunityStatus.LOST:
                values["probability"] = STAGE_PROBABILITY[values["stage"]]
        if ident is None:
            values["account_id"] = Ref("account", account)
            ident = store.upsert(row.line, ref, key, values)
        else:
            self._update(store, row.line, ident, ref, values)
        if product:
            self._link_product(row.line, ident, product)
        accounts = self.stores["account"]
        if status == OpportunityStatus.WON and accounts.get(account, "current_level") in (None, RelationshipLevel.PROSPECT):
            # A customer that has bought from us is no longer a prospect.
            accounts.set(account, {"current_level": RelationshipLevel.BUYER})
            if account[0] == "id":
                accounts.touched.setdefault(account[1], row.line)
        if row.values.get("sales_agent"):
            agent = self.team_member(row.line, row.values["sales_agent"])
            accounts = self.stores["account"]
            if accounts.get(account, "owner_id") is None:
                accounts.set(account, {"owner_id": Ref("team", agent)})
                if account[0] == "id":
                    accounts.touched.setdefault(account[1], row.line)

    def _link_product(self, line: int, opportunity: Ident, product: str) -> None:
        """The opportunity is about this product (an offering, added if we do not sell it yet)."""
        offerings = self.stores["offering"]
        offering = offerings.find(None, fold(product)) or offerings.upsert(
            line, None, fold(product), {"name": product}, row=False)
        link = (opportunity, offering)
        if link not in self.stored_links:
            self.links.add(link)

    def _stage(self, word: str) -> StageReading:
        """The reading of a stage word, remembered: a pipeline has a handful of stages and many rows."""
        if word not in self._stages:
            self._stages[word] = read_stage(word, self.stage_map)
        return self._stages[word]

    def _offering_row(self, row: Row) -> None:
        store = self.stores["offering"]
        values = {attr: row.values[key] for key, attr in OFFERING_ATTRS.items() if key in row.values}
        name, ref = values.get("name", ""), row.values.get("offering_ref")
        if not name and not ref:
            self.problem(row.line, "offering", "Name is required.")
            return
        key = fold(name) if name else None
        ident = store.find(ref, key)
        if ident is not None and ident in store.lines:
            self.problem(row.line, "offering", f"{name} is also on line {store.lines[ident]}.")
            return
        if ident is None and not name:
            self.problem(row.line, "offering", "Name is required (no product has this id yet).")
            return
        if ident is None:
            store.upsert(row.line, ref, key, values)
        else:
            self._update(store, row.line, ident, ref, values)

    def _revenue_row(self, row: Row) -> None:
        """One account's year: the account and the year are the key, so the same file imported again changes nothing."""
        year = row.values.get("year")
        if year is None:
            self.problem(row.line, "year", "Year is required.")
            return
        values = {attr: row.values[key] for key, attr in REVENUE_ATTRS.items() if key in row.values}
        account = self.account_link(row)
        if account is None:
            return
        store = self.stores["revenue"]
        key = (account, year)
        ident = store.find(None, key)
        if ident is not None and ident in store.lines:
            where = self.stores["account"].name_of(account)
            self.problem(row.line, "year", f"{year} of {where} is also on line {store.lines[ident]}.")
            return
        if ident is None:
            values["account_id"] = Ref("account", account)
            store.upsert(row.line, None, key, values)
        else:
            self._update(store, row.line, ident, None, values)

    def _team_row(self, row: Row) -> None:
        store = self.stores["team"]
        values = {attr: row.values[key] for key, attr in TEAM_ATTRS.items() if key in row.values}
        name, ref = values.get("name", ""), row.values.get("member_ref")
        if not name and not ref:
            self.problem(row.line, "member", "Name is required.")
            return
        key = fold(name) if name else None
        ident = store.find(ref, key)
        if ident is not None and ident in store.lines and store.lines[ident] != row.line:
            self.problem(row.line, "member", f"{name} is also on line {store.lines[ident]}.")
            return
        manager = row.values.get("manager")
        if manager and fold(manager) == (key or ""):
            self.problem(row.line, "manager", "a person cannot be their own manager.")
            return
        if ident is None:
            if not name:
                self.problem(row.line, "member", "Name is required (nobody has this id yet).")
                return
            ident = store.upsert(row.line, ref, key, values)
        else:
            self._update(store, row.line, ident, ref, values)
        if manager:
            boss = self.team_member(row.line, manager)
            store.set(ident, {"manager_id": Ref("team", boss)})
            self.managers.append((row.line, ident))

    # --- after every row -------------------------------------------------------------------------------------------

    def finish(self) -> None:
        """Reporting lines (people may report to someone further down the file) and loops."""
        people = self.stores.get("person")
        for line, ident, account, boss in self.reports:
            assert people is not None
            target = people.find(None, (account, fold(boss)))
            where = self.stores["account"].name_of(account)
            if fold(boss) == fold(people.name_of(ident)):
                self.problem(line, "reports_to", "a person cannot report to themself.")
            elif target is None:
                self.problem(line, "reports_to", f"there is nobody called {boss} in {where}'s DMU.")
            else:
                people.set(ident, {"reports_to_id": Ref("person", target)})
        if people is not None:
            self._loops(people, "reports_to_id", [(line, ident) for line, ident, _a, _b in self.reports],
                        "reports_to", "the reporting lines in the file go round in a loop.")
        self._loops(self.stores["account"], "parent_id", self.parents, "parent",
                    "the parent companies in the file go round in a loop.")
        self._loops(self.stores["team"], "manager_id", self.managers, "manager",
                    "the managers in the file go round in a loop.")

    def _loops(self, store: Store, attr: str, starts: list[tuple[int, Ident]], key: str, message: str) -> None:
        flagged = {p.line for p in self.problems}
        for line, start in starts:
            if line in flagged:
                continue
            seen = {start}
            current = _pointer(store.get(start, attr))
            for _ in range(len(store.rows) + len(store.new) + 1):
                if current is None:
                    break
                if current in seen:
                    self.problem(line, key, message)
                    break
                seen.add(current)
                current = _pointer(store.get(current, attr))

    def counts(self) -> list[EntityCount]:
        """Per entity touched, the main one of the kind first."""
        first = PRIMARY[self.kind]
        counts = [store.counts() for store in self.stores.values()]
        counts.sort(key=lambda c: (c.entity != first, c.entity != "account"))
        return [c for c in counts if c.new or c.updated or c.unchanged]

    def stage_notes(self) -> list[str]:
        unknown = sorted((word.removeprefix("stage:"), n) for word, n in self.notes.items() if word.startswith("stage:"))
        return [f"Stage “{word}” ({n} rows) is not one of ours: read as an open opportunity at the Identified stage "
                f"(map it with --map-stage \"{word}=qualified\")." for word, n in unknown]


def _pointer(value: Any) -> Ident | None:
    if isinstance(value, Ref):
        return value.ident
    if isinstance(value, int):
        return ("id", value)
    return None
