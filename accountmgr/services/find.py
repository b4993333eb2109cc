"""Find anything: one search over accounts, people of every DMU, opportunities and planned actions.

Matching ignores case and accents ("jose" finds "José", "MÜLLER" finds "Müller") on both engines: each kind is
read once with a wildcard on each letter that may carry an accent (exact matches first, at most CANDIDATES rows),
and every candidate is then checked in Python on its folded text. SQLite ignores the case of ASCII letters only,
which the wildcards make up for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accountmgr.models import Step

if TYPE_CHECKING:
    from accountmgr.db import Database

LIMIT = 30
"""Most results shown for one search."""

CANDIDATES = 400
"""Most rows of one kind read when accents may differ (each checked in Python; exact matches come first)."""

MAX_QUERY = 200
"""Longer text is cut: nobody types that much into a search box, and the pattern stays small."""

ACCENTED_BASES = frozenset("acdegilnorstuyz")
"""Letters that carry an accent or a stroke in European names (é, ç, ñ, ł, ø, š, ž, ğ, ı…): wildcards in pass 2."""

_NOT_DECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ð": "d",
                                 "þ": "th"})
"""Letters whose accent Unicode does not split off (casefolded already)."""

KINDS = ("Account", "Person", "Opportunity", "Action")
"""The kinds of result, in the order they are listed when they match equally well."""


@dataclass(frozen=True)
class Found:
    """One result: what it is, what to show, and where Enter goes (an account's step, with the record selected)."""

    kind: str
    name: str
    detail: str
    account_id: int
    account_name: str
    step: str | None = None
    record_id: int | None = None
    rank: int = 0


def fold(text: str) -> str:
    """*text* without case or accents, spaces collapsed: what matching compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_NOT_DECOMPOSED))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.translate(_NOT_DECOMPOSED).split())


def _escape(char: str) -> str:
    return "\\" + char if char in "%_\\" else char


def patterns(wanted: str) -> tuple[str, str]:
    """The LIKE patterns for folded text *wanted*: as typed, and with a wildcard wherever an accent may be."""
    exact = "%" + "".join(_escape(char) for char in wanted) + "%"
    loose = "%" + "".join("_" if char in ACCENTED_BASES or not char.isascii() else _escape(char)
                          for char in wanted) + "%"
    return exact, loose


def _rank(wanted: str, name: str, *others: str) -> int | None:
    """0 name starts with it, 1 a word of the name does, 2 the name holds it, 3 only another field; None: no match."""
    folded = fold(name)
    if folded.startswith(wanted):
        return 0
    if any(part.startswith(wanted) for part in folded.replace("-", " ").split()) or f" {wanted}" in folded:
        return 1
    if wanted in folded:
        return 2
    if any(wanted in fold(other) for other in others if other):
        return 3
    return None


def _people(row: Any, wanted: str) -> Found | None:
    rank = _rank(wanted, row.name, row.title or "", row.email or "")
    if rank is None:
        return None
    detail = " · ".join(part for part in (row.title, row.email) if part)
    return Found("Person", row.name, detail, row.account_id, row.account_name, Step.H.value, row.id, rank)


def _account(row: Any, wanted: str) -> Found | None:
    rank = _rank(wanted, row.name)
    return None if rank is None else Found("Account", row.name, "", row.id, row.name, None, None, rank)


def _opportunity(row: Any, wanted: str) -> Found | None:
    rank = _rank(wanted, row.name)
    if rank is None:
        return None
    return Found("Opportunity", row.name, row.status.label, row.account_id, row.account_name, Step.E.value, row.id,
                 rank)


def _action(row: Any, wanted: str) -> Found | None:
    rank = _rank(wanted, row.objective)
    if rank is None:
        return None
    when = row.scheduled_at.strftime("%Y-%m-%d") if row.scheduled_at else ""
    detail = " · ".join(part for part in (when, row.status.label) if part)
    return Found("Action", row.objective, detail, row.account_id, row.account_name, Step.J.value, row.id, rank)


def find_anything(db: "Database", text: str, limit: int = LIMIT) -> list[Found]:
    """Accounts, people (name, title, e-mail), opportunities and actions matching *text*, best first."""
    from accountmgr.queries import find as queries

    wanted = fold(text[:MAX_QUERY])
    if not wanted:
        return []
    exact, loose = patterns(wanted)
    searches: list[tuple[Callable[..., list[Any]], Callable[[Any, str], Found | None]]] = [
        (queries.matching_accounts, _account),
        (queries.matching_people, _people),
        (queries.matching_opportunities, _opportunity),
        (queries.matching_actions, _action),
    ]
    found: list[Found] = []
    with db.session() as session:
        conn = session.connection()
        for query, make in searches:
            for row in query(conn, exact, loose, CANDIDATES if loose != exact else limit):
                hit = make(row, wanted)
                if hit is not None:
                    found.append(hit)
    found.sort(key=lambda hit: (hit.rank, KINDS.index(hit.kind), fold(hit.name), hit.account_name.casefold()))
    return found[:limit]
