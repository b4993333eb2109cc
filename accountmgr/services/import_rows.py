"""One row of a file → the checked values of its fields, judged exactly like the forms judge them.

Cells arrive already normalised (numbers with a decimal point, ISO dates: see
import_values); here each goes through the entity's field converter, so an import
refuses what a form would refuse, with the same message, at the cell's line and column.
Stage words of the usual CRMs, in English and Italian, become a status and a stage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from accountmgr.models import OpportunityStage, OpportunityStatus
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.import_mapping import fold
from accountmgr.services.import_problems import Problem

WON_WORDS = {fold(w) for w in ("won", "closed won", "closedwon", "win", "vinta", "vinto", "chiusa vinta",
                               "chiuso vinto", "chiusa - vinta", "aggiudicata", "firmato", "firmata")}
LOST_WORDS = {fold(w) for w in ("lost", "closed lost", "closedlost", "lose", "persa", "perso", "chiusa persa",
                                "chiuso perso", "chiusa - persa", "canceled", "cancelled", "out-sold", "annullata",
                                "closed-lost to competition", "closed lost to competition")}
OPEN_WORDS = {fold(w) for w in ("open", "aperta", "aperto", "in progress", "in corso")}

STAGE_WORDS: dict[str, OpportunityStage] = {
    fold(word): stage
    for stage, words in {
        OpportunityStage.IDENTIFIED: ("prospecting", "prospect", "lead", "new", "identified", "appointment scheduled",
                                      "engaging", "contact made", "nuova", "identificata", "contatto", "lead in"),
        OpportunityStage.QUALIFIED: ("qualification", "qualified", "qualified to buy", "needs analysis", "develop",
                                     "discovery", "qualify", "demo scheduled", "needs defined", "qualificata", "analisi",
                                     "analisi dei bisogni"),
        OpportunityStage.PROPOSAL: ("proposal", "propose", "proposal/price quote", "value proposition",
                                    "presentation scheduled", "id. decision makers", "perception analysis", "quote",
                                    "proposal made",
                                    "proposta", "offerta", "preventivo", "presentazione"),
        OpportunityStage.NEGOTIATION: ("negotiation", "negotiation/review", "contract sent", "negotiations started",
                                       "trattativa", "negoziazione", "contratto inviato"),
        OpportunityStage.COMMIT: ("commit", "decision maker bought-in", "verbal commit", "close", "closing",
                                  "impegno", "in chiusura"),
    }.items()
    for word in words
}
"""Stage names of Salesforce, HubSpot, Pipedrive, Dynamics and Zoho pipelines (and Italian ones) → our stages."""

STAGE_PROBABILITY: dict[OpportunityStage, int] = {
    OpportunityStage.IDENTIFIED: 10,
    OpportunityStage.QUALIFIED: 25,
    OpportunityStage.PROPOSAL: 50,
    OpportunityStage.NEGOTIATION: 70,
    OpportunityStage.COMMIT: 90,
}
"""The probability an imported open opportunity gets from its stage when the file gives none."""


@dataclass
class StageReading:
    """What a stage cell said: the status, the stage (None = keep or default), and whether the word was known."""

    status: OpportunityStatus
    stage: OpportunityStage | None
    known: bool


def read_stage(word: str, stage_map: Mapping[str, str] | None = None) -> StageReading:
    """Won / lost / open and our stage from a CRM stage word; *stage_map* ({word: stage}) wins."""
    folded = fold(word)
    for given, target in (stage_map or {}).items():
        if fold(given) == folded:
            mapped = fold(target)
            if mapped in WON_WORDS:
                return StageReading(OpportunityStatus.WON, None, True)
            if mapped in LOST_WORDS:
                return StageReading(OpportunityStatus.LOST, None, True)
            return StageReading(OpportunityStatus.OPEN, parse_stage(target), True)
    if folded in WON_WORDS:
        return StageReading(OpportunityStatus.WON, None, True)
    if folded in LOST_WORDS:
        return StageReading(OpportunityStatus.LOST, None, True)
    try:
        return StageReading(OpportunityStatus.OPEN, OpportunityStage.parse(word), True)
    except ValueError:
        pass
    stage = STAGE_WORDS.get(folded)
    return StageReading(OpportunityStatus.OPEN, stage, stage is not None)


def parse_stage(text: str) -> OpportunityStage:
    """One of our stages by name or label, or a one-sentence error listing them."""
    try:
        return OpportunityStage.parse(text)
    except ValueError:
        stage = STAGE_WORDS.get(fold(text))
        if stage is not None:
            return stage
    options = ", ".join(s.value for s in OpportunityStage)
    raise DomainError(f"“{text}” is not one of our stages ({options}, or won / lost).")


def read_status(word: str) -> OpportunityStatus | None:
    """Won / lost / open from a status column ('Deal - Status', 'Esito'); None when the word says none of them."""
    folded = fold(word)
    if folded in WON_WORDS:
        return OpportunityStatus.WON
    if folded in LOST_WORDS:
        return OpportunityStatus.LOST
    if folded in OPEN_WORDS:
        return OpportunityStatus.OPEN
    return None


@dataclass(slots=True)
class Row:
    """A row's checked values by field key (blank cells left out) and the columns they came from."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)


class Converters:
    """Field key → converter, with conversions of repeated cells remembered (a column of a
    100,000-row file holds a handful of distinct levels, stages or dates)."""

    LIMIT = 5000

    def __init__(self, converters: Mapping[str, tuple[str, v.Converter]]) -> None:
        # key → (the service field name, whose label messages use; its converter)
        self.converters = converters
        self.seen: dict[str, dict[Any, Any]] = {key: {} for key in converters}

    def convert(self, key: str, value: Any) -> Any:
        """The converted value, or the DomainError it raised (returned, not raised)."""
        name, convert = self.converters[key]
        cache = self.seen[key]
        hashable = isinstance(value, (str, int, float))
        if hashable and value in cache:
            result = cache[value]
        else:
            try:
                result = convert(value, name)
            except DomainError as exc:
                result = exc
            if hashable and len(cache) < self.LIMIT:
                cache[value] = result
        return list(result) if isinstance(result, list) else result


@contextmanager
def bulk_work() -> Iterator[None]:
    """Pause the cyclic garbage collector: an import allocates millions of small objects that all stay alive,
    and each collection would walk every one of them again (quadratic time on a 100,000-row file)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def blank(value: Any) -> bool:
    """An empty cell: it never changes what is stored."""
    return value is None or (isinstance(value, str) and not value.strip())


def prepare_rows(
    rows: Sequence[tuple[int, Mapping[str, Any]]],
    columns: Mapping[str, str],
    converters: Converters,
    problems: list[Problem],
    *,
    consume: bool = False,
) -> list[Row]:
    """Each row's converted values; a bad cell becomes a Problem at its line and column and is left out.

    With *consume* each row's cells are cleared once read (the caller's throwaway copy), to save memory.
    """
    prepared: list[Row] = []
    convert = converters.convert
    items = list(columns.items())
    for line, cells in rows:
        values: dict[str, Any] = {}
        for header, key in items:
            cell = cells.get(header)
            if blank(cell):
                continue
            result = convert(key, cell)
            if isinstance(result, DomainError):
                problems.append(Problem(line, header, result.message))
            elif not blank(result) and result != []:
                values[key] = result
        prepared.append(Row(line, values))
        if consume:
            cells.clear()  # type: ignore[attr-defined]  # consumed cells are a dict here; the Mapping type is for callers
    return prepared
