"""The portfolio screen's rows with their scores, loaded in one query and scored in bulk.

One SQL statement selects only what the portfolio shows and what its scores
need (aggregates per account, no ORM objects); the scores are then computed in
Python over the whole list. At 10,000 accounts this stays well under the time
the screen takes to paint.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from accountmgr.models import ProfitGrade, RelationshipLevel
from accountmgr.services import clock, scoring
from accountmgr.services.errors import DomainError
from accountmgr.services.safe_text import printable
from accountmgr.services.validation import FieldSpec, clean, integer
from accountmgr.services.scoring import Band, ChurnInputs, Percentiles, Quintiles, Segment

if TYPE_CHECKING:
    from accountmgr.db import Database
    from accountmgr.queries.portfolio import ScoreFigures


@dataclass(slots=True, eq=False)
class PortfolioEntry:
    """One account as the portfolio shows it, with its scores."""

    id: int
    name: str
    level: RelationshipLevel
    target_level: RelationshipLevel | None
    owner_id: int | None
    owner: str
    archived: bool
    purchase_potential_cents: int | None = None
    absorption_potential_cents: int | None = None
    strategic_value: int | None = None
    profit_grade: ProfitGrade | None = None
    satisfaction: int | None = None
    """The account's latest known satisfaction (else the last review's)."""
    open_cents: int = 0
    weighted_cents: int = 0
    won_cents: int = 0
    won_count: int = 0
    days_since_won: int | None = None
    next_at: datetime | None = None
    next_objective: str = ""
    overdue_days: int | None = None
    """Days the next planned action is late (0: earlier today); None when not late or none planned."""
    overdue_objectives: int = 0
    """Open account objectives past their date."""
    attractiveness: int = 0
    attractiveness_parts: tuple[float, ...] = ()
    attractiveness_band: Band = Band.LOW
    segment: Segment = Segment.CORE
    rfm: tuple[int, int, int] = (0, 0, 0)
    churn_points: int = 0
    churn_band: Band = Band.LOW
    churn_reasons: tuple[str, ...] = ()
    open_complaints: int = 0
    """Open complaints (not other feedback)."""
    late_complaints: int = 0
    """Open complaints past the response time of their recovery guideline."""
    value: Any = None
    """Lifetime value and RFMT (a customer_value.AccountValue), once scored."""
    name_key: str = field(default="", repr=False)
    """The name lower-cased once, for filtering as the user types."""
    scored: bool = True
    """False for a row of the first page shown while the scores are still being computed."""

    @property
    def rated(self) -> bool:
        """Whether anything was entered to judge the account by (else its segment is "not yet scored")."""
        return self.segment is not Segment.UNSCORED

    @property
    def has_churn_risk(self) -> bool:
        """A prospect has nothing yet to abandon."""
        return scoring.churn_applies(self.level)

    @property
    def churn_text(self) -> str:
        """"High 4", or "—, prospect"."""
        return scoring.churn_text(self.level, self.churn_band, self.churn_points)

    @property
    def attractiveness_text(self) -> str:
        """The score out of 100, or "—" when there is nothing to score yet."""
        return str(self.attractiveness) if self.rated else "—"


@dataclass
class Portfolio:
    """Every account with scores, and the settings they were computed with."""

    entries: list[PortfolioEntry]
    weights: dict[str, int]
    stale_days: int

    def get(self, account_id: int) -> PortfolioEntry | None:
        return next((entry for entry in self.entries if entry.id == account_id), None)

    def owners(self) -> list[str]:
        """Owner names present in the portfolio, sorted."""
        return sorted({entry.owner for entry in self.entries if entry.owner}, key=str.lower)


_LEVELS_BY_RANK = list(RelationshipLevel)


PROGRESSIVE_FROM = 2_000
"""From this many active accounts the portfolio paints its first page before the scores are ready."""


def first_page(db: Database, limit: int = 200) -> tuple[list[PortfolioEntry], int]:
    """The first *limit* active accounts by name, not yet scored, and how many active accounts there are.

    Served by the index on the lower-cased name, so it costs the same at any size.
    """
    from accountmgr.queries import portfolio as queries

    with db.session() as session:
        conn = session.connection()
        total = queries.account_count(conn)
        rows = queries.first_accounts(conn, limit)
    entries = [
        PortfolioEntry(
            id=account_id, name=_shown(name), level=level, target_level=target,
            owner_id=owner_id, owner=_shown(owner or ""), archived=bool(archived), satisfaction=satisfaction,
            name_key=name.lower(), scored=False,
        )
        for account_id, name, level, target, owner_id, owner, archived, satisfaction in rows
    ]
    return entries, total


def scored_first_page(db: Database, limit: int = 200, *,
                      ids: list[int] | None = None) -> tuple[list[PortfolioEntry], int]:
    """The first *limit* active accounts by name (or the accounts *ids*, in that order) with their real scores,
    and how many active accounts there are.

    Only the page's accounts are read in full; the populations the scores rank them against (percentiles, top
    quartile of won value, RFM and RFMT fifths) come from lean statements that read each table once
    (``queries.portfolio.score_populations``), so the page shows the figures the whole portfolio's scoring gives
    it, long before that is done.
    """
    collecting = gc.isenabled()
    gc.disable()  # as load_portfolio: hundreds of thousands of short-lived figures, no reference cycle among them
    try:
        return _scored_page(db, limit, ids)
    finally:
        if collecting:
            gc.enable()


def _scored_page(db: Database, limit: int, ids: list[int] | None) -> tuple[list[PortfolioEntry], int]:
    from accountmgr.queries import portfolio as queries
    from accountmgr.services.customer_value import page_values, window_dates

    stale, weights = _score_settings(db)
    now = clock.now()
    today = now.date()
    since = (today - timedelta(days=scoring.WON_WINDOW_DAYS), today - timedelta(days=scoring.LOST_WINDOW_DAYS))
    with db.session() as session:
        conn = session.connection()
        total = queries.account_count(conn)
        if ids is None:
            ids = [row[0] for row in queries.first_accounts(conn, limit)]
        rows = queries.account_figure_tuples(conn, *since, ids=ids) if ids else []
        figures = queries.score_populations(conn, since[0], **window_dates(today))
    among, histories = page_populations(figures, today)
    entries, churn_inputs = _build_entries(rows, now)
    complaints, guidelines = _open_complaints(db)
    score(entries, churn_inputs, weights, stale, today, complaints, guidelines, among)
    _mark_overdue_objectives(db, entries, today)
    values = page_values(db, entries, today, histories=histories)
    for entry in entries:
        entry.value = values[entry.id]
    place = {account_id: index for index, account_id in enumerate(ids)}
    entries.sort(key=lambda entry: place[entry.id])
    return entries, total


def page_populations(figures: ScoreFigures, today: date) -> tuple[Population, list[tuple]]:
    """From ``queries.portfolio.score_populations``: the active accounts' population (as :func:`population` makes
    it from every active account's figures), and every account's won-deal history (what lifetime value and RFMT
    rank against; dates as stored)."""
    archived = figures.archived
    active = len(figures.potentials)
    # Won value and deals of the scoring window, and the last won day, per active account that won a deal.
    won = {row[0]: [row[8], row[9], row[4]] for row in figures.won if row[0] not in archived}
    for account_id, value, changed in figures.undated:
        if account_id in archived:
            continue
        found = won.get(account_id)
        if found is None:
            found = won[account_id] = [0, 0, None]
        changed, last = _as_date(changed), _as_date(found[2])
        if changed is None:
            continue  # never: every record has a last-changed time
        found[2] = changed if last is None or changed > last else last
        if (today - changed).days <= scoring.WON_WINDOW_DAYS:
            found[0] += value
            found[1] += 1
    pipelines = [row[1] for row in figures.pipelines if row[0] not in archived]
    buyers = [row for row in won.values() if row[1]]
    days = _as_days(today, {row[2] for row in buyers})
    among = Population(
        Percentiles.of_figures([row[0] for row in figures.potentials]),
        Percentiles.of_figures([row[1] for row in figures.potentials]),
        Percentiles.of_figures(pipelines + [0] * (active - len(pipelines))),
        scoring.top_quartile_threshold([row[0] for row in won.values()] + [0] * (active - len(won))),
        Quintiles([-(days[row[2]] or 0) for row in buyers]),
        Quintiles([row[1] for row in buyers]),
        Quintiles([row[0] for row in buyers]),
    )
    return among, figures.won


def _as_date(day: Any) -> date | None:
    """A stored day as a date (SQLite's driver gives ISO text)."""
    return date.fromisoformat(day[:10]) if isinstance(day, str) else day


def _as_days(today: date, stored: set[Any]) -> dict[Any, int | None]:
    """Days from each stored day to *today*, as :func:`_days` counts them."""
    return {day: _days(today, day) for day in stored}


def account_names(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every active account, by name: the palette's "open account" list."""
    from accountmgr.queries import portfolio as queries

    with db.session() as session:
        return queries.active_names(session.connection())


def load_portfolio(db: Database) -> Portfolio:
    """Every account (archived ones too, flagged) with its scores, in no particular order."""
    stale, weights = _score_settings(db)
    now = clock.now()
    today = now.date()
    since = (today - timedelta(days=scoring.WON_WINDOW_DAYS), today - timedelta(days=scoring.LOST_WINDOW_DAYS))
    # Tens of thousands of rows would trigger full garbage collections that rescan
    # every object of the process; nothing built here holds a reference cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(db, stale, weights, now, since)
    finally:
        if collecting:
            gc.enable()


def _score_settings(db: Database) -> tuple[int, dict[str, int]]:
    """The stale-contact limit and the attractiveness weights, stored or default.

    Read on the raw connection like the rest of the portfolio: going through the ORM would
    import every table class first (about 100 ms), on the way to the first screen.
    """
    from accountmgr.services.settings import DEFAULTS

    from accountmgr.queries import portfolio as queries

    with db.session() as session:
        stored = queries.settings_values(session.connection(), ("stale_days", "attractiveness_weights"))
    values = {key: json.loads(stored[key]) if key in stored else DEFAULTS[key]
              for key in ("stale_days", "attractiveness_weights")}
    return int(values["stale_days"]), dict(values["attractiveness_weights"])


def _load(db: Database, stale: int, weights: dict[str, int], now: datetime, since: tuple[date, date]) -> Portfolio:
    from accountmgr.queries import portfolio as queries

    with db.session() as session:
        rows = queries.account_figure_tuples(session.connection(), *since)
    entries, churn_inputs = _build_entries(rows, now)
    complaints, guidelines = _open_complaints(db)
    score(entries, churn_inputs, weights, stale, now.date(), complaints, guidelines)
    _mark_overdue_objectives(db, entries, now.date())
    from accountmgr.services.customer_value import portfolio_values

    values = portfolio_values(db, entries, now.date())
    for entry in entries:
        entry.value = values[entry.id]
    return Portfolio(entries, weights, stale)


def _mark_overdue_objectives(db: Database, entries: list[PortfolioEntry], today: date) -> None:
    from accountmgr.queries.portfolio_flags import overdue_objective_counts

    with db.engine.connect() as conn:
        counts = overdue_objective_counts(conn, today)
    if counts:
        for entry in entries:
            entry.overdue_objectives = counts.get(entry.id, 0)


def _shown(text: str) -> str:
    """Stored text as the portfolio shows it: one line, control characters as visible marks (done once per load,
    not per frame; callers test ``isprintable`` first, so clean text, nearly all of it, costs no call)."""
    return printable(text, single_line=True)


def _days(today: date, day: date | str | None) -> int | None:
    if day is None:
        return None
    return (today - (date.fromisoformat(day[:10]) if isinstance(day, str) else day)).days


_LEVELS: dict[Any, RelationshipLevel] = {level.value: level for level in RelationshipLevel}
_GRADES: dict[Any, ProfitGrade] = {grade.value: grade for grade in ProfitGrade}
"""Stored values to members (SQLite hands back text; a member looked up here is returned as it is)."""


def _build_entries(rows: list[Any], now: datetime) -> tuple[list[PortfolioEntry], list[ChurnInputs]]:
    today = now.date()
    entries: list[PortfolioEntry] = []
    inputs: list[ChurnInputs] = []
    for (account_id, name, level_, target, owner_id, owner, archived, potential, absorption, strategic, grade,
         own_sat, open_value, weighted, won_value, won_count, last_won, lost_name, key_count, last_contact,
         opponent, competitor_rank, competitor, next_dt, objective, sat1, sat2) in rows:
        level_ = _LEVELS.get(level_, level_)
        overdue = None
        if next_dt is not None:
            if isinstance(next_dt, str):
                next_dt = datetime.fromisoformat(next_dt)
            if next_dt < now:
                overdue = (today - next_dt.date()).days
        satisfaction = sat1 if sat1 is not None else own_sat
        entries.append(
            PortfolioEntry(
                id=account_id,
                name=name if name.isprintable() else _shown(name),
                level=level_,
                target_level=_LEVELS.get(target, target) if target is not None else None,
                owner_id=owner_id,
                owner=_shown(owner) if owner and not owner.isprintable() else owner or "",
                archived=bool(archived),
                purchase_potential_cents=potential,
                absorption_potential_cents=absorption,
                strategic_value=strategic,
                profit_grade=_GRADES.get(grade, grade) if grade is not None else None,
                satisfaction=own_sat if own_sat is not None else sat1,
                open_cents=int(open_value or 0),
                weighted_cents=int(weighted or 0),
                won_cents=int(won_value or 0),
                won_count=won_count or 0,
                days_since_won=_days(today, last_won),
                next_at=next_dt,
                next_objective=_shown(objective) if objective and not objective.isprintable() else objective or "",
                overdue_days=overdue,
                name_key=name.lower(),
            )
        )
        # Positional: a tuple built this way costs a fraction of keyword construction.
        inputs.append(ChurnInputs(
            level_, satisfaction, sat2, sat1 is not None, key_count or 0,
            _days(today, last_contact), opponent, competitor,
            _LEVELS_BY_RANK[competitor_rank] if competitor_rank is not None else None, lost_name,
        ))
    return entries, inputs


@dataclass(frozen=True, slots=True)
class Population:
    """What the scores rank an account against: the active accounts' figures, sorted once."""

    potential: Percentiles
    absorption: Percentiles
    pipeline: Percentiles
    threshold: int | None
    recency: Quintiles
    frequency: Quintiles
    monetary: Quintiles


def population(figures: list[tuple[int | None, int | None, int, int, int, int | None]], *,
               page: bool = False) -> Population:
    """The population from (purchase potential, absorption potential, weighted pipeline, won value, won count,
    days since won) of every active account; *page*: only a page of accounts will be ranked against it."""
    buyers = [row for row in figures if row[4]]
    table = not page
    return Population(
        Percentiles((row[0] for row in figures), table=table),
        Percentiles((row[1] for row in figures), table=table),
        Percentiles((row[2] for row in figures), table=table),
        scoring.top_quartile_threshold([row[3] for row in figures]),
        Quintiles(-(row[5] or 0) for row in buyers),
        Quintiles(row[4] for row in buyers),
        Quintiles(row[3] for row in buyers),
    )


def _open_complaints(db: Database) -> tuple[dict[int, list[tuple]], dict | None]:
    """Open complaints by account (nature, received on, summary), and the recovery guidelines when there are any."""
    from accountmgr.queries.portfolio import open_complaints

    found: dict[int, list[tuple]] = {}
    with db.engine.connect() as conn:
        for account_id, _id, nature, received_on, summary, _severity in open_complaints(conn):
            found.setdefault(account_id, []).append((nature, received_on, summary))
        if not found:
            return found, None
        # Only now the complaint table classes and the guidelines (most portfolios have a few complaints at most).
        from accountmgr.queries.complaints import guidelines
        from accountmgr.services.recovery import table_from_rows

        return found, table_from_rows(guidelines(conn))


def _complaint_inputs(
    inputs: ChurnInputs, entry: PortfolioEntry, complaints: list[tuple], guidelines: dict, today: date,
) -> ChurnInputs:
    """The churn inputs with the account's oldest open complaint and its most overdue one (by its guideline)."""
    from accountmgr.services.recovery import guideline_for

    nature, received, summary = complaints[0]
    oldest = f"“{_shown(summary)}” (received {received:%Y-%m-%d})"
    worst, worst_days = None, 0
    for nature, received, summary in complaints:
        guideline = guideline_for(guidelines, nature, entry.segment)
        late = (today - received).days - guideline.response_days
        if late > worst_days:
            worst = f"“{_shown(summary)}” is {late} days past its {guideline.response_text} response time"
            worst_days = late
        entry.late_complaints += late > 0
    entry.open_complaints = len(complaints)
    return inputs._replace(open_complaint=oldest, late_complaint=worst)


def score(
    entries: list[PortfolioEntry], churn_inputs: list[ChurnInputs], weights: dict[str, int], stale_days: int,
    today: date, complaints: dict[int, list[tuple]] | None = None, guidelines: dict | None = None,
    among: Population | None = None,
) -> None:
    """Fill in every entry's scores; populations (percentiles, quartiles) are the active accounts (*among*, when
    only some of the accounts are given)."""
    if among is None:
        among = population([
            (entry.purchase_potential_cents, entry.absorption_potential_cents, entry.weighted_cents,
             entry.won_cents, entry.won_count, entry.days_since_won)
            for entry in entries if not entry.archived
        ])
    potential, absorption, pipeline, threshold = among.potential, among.absorption, among.pipeline, among.threshold
    recency, frequency, monetary = among.recency, among.frequency, among.monetary
    w_potential, w_absorption, w_strategic, w_pipeline = scoring.normalised_weights(weights)
    strategic = {value: scoring.strategic_part(value) for value in (None, 1, 2, 3, 4, 5)}
    for entry, inputs in zip(entries, churn_inputs):
        parts = (
            potential.of(entry.purchase_potential_cents),
            absorption.of(entry.absorption_potential_cents),
            strategic[entry.strategic_value] if entry.strategic_value in strategic
            else scoring.strategic_part(entry.strategic_value),
            pipeline.of(entry.weighted_cents),
        )
        entry.attractiveness_parts = parts
        entry.attractiveness = int(
            parts[0] * w_potential + parts[1] * w_absorption + parts[2] * w_strategic + parts[3] * w_pipeline + 0.5
        )
        entry.attractiveness_band = scoring.band_of_attractiveness(entry.attractiveness)
        rated = bool(
            entry.purchase_potential_cents or entry.absorption_potential_cents or entry.strategic_value
            or entry.weighted_cents or entry.open_cents or entry.won_cents or entry.days_since_won is not None
            or entry.profit_grade is not None
        )
        entry.segment = scoring.segment_of(
            entry.won_cents, entry.attractiveness_band, entry.profit_grade, threshold, entry.level, rated
        )
        if entry.won_count:
            entry.rfm = (
                recency.of(-(entry.days_since_won or 0)),
                frequency.of(entry.won_count),
                monetary.of(entry.won_cents),
            )
        if complaints and entry.id in complaints:
            inputs = _complaint_inputs(inputs, entry, complaints[entry.id], guidelines or {}, today)
        entry.churn_points, entry.churn_reasons = scoring.churn(inputs, stale_days)
        entry.churn_band = scoring.band_of_churn(entry.churn_points)


def explain_account(db: Database, account_id: int) -> tuple[PortfolioEntry, list[scoring.Section]]:
    """One account's scores with how they were computed (the portfolio is needed for percentiles)."""
    from accountmgr.services.errors import NotFound

    portfolio = load_portfolio(db)
    entry = portfolio.get(account_id)
    if entry is None:
        raise NotFound("That account no longer exists.")
    sections = scoring.explain(entry, portfolio.weights, portfolio.stale_days)
    from accountmgr.services.groups import group_section

    group = group_section(db, account_id, portfolio)
    if group is not None:
        sections.append(group)
    return entry, sections


def active_count(db: Database, *, archived_too: bool = False) -> int:
    """How many accounts are not archived (or all of them), counted on an index."""
    from accountmgr.queries import portfolio as queries

    with db.session() as session:
        return queries.account_count(session.connection(), archived_too=archived_too)


def preload_portfolio(db: Database) -> "Future[tuple[int, Portfolio]]":
    """Start reading the portfolio in a background thread, with the change marker it was read at.

    SQLite runs its queries without holding Python's GIL, so the app's own
    start-up work proceeds meanwhile; the portfolio screen waits for the result.
    """
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portfolio-preload")
    future = executor.submit(lambda: (change_marker(db), load_portfolio(db)))
    executor.shutdown(wait=False)
    return future


def change_marker(db: Database) -> int:
    """A number that grows with every logged change: screens reload only when it moved."""
    from accountmgr.queries import activity as queries

    with db.session() as session:
        return queries.change_marker(session.connection())


WEIGHT_FIELDS = FieldSpec(
    {key: integer(0, 100, required=True) for key, _ in scoring.ATTRACTIVENESS_PARTS},
    # "strategic_value" is also an account field (1-5); here it names a weight.
    labels={key: f"{label} weight" for key, label in scoring.ATTRACTIVENESS_PARTS},
)
"""The attractiveness weights as form fields: whole numbers from 0 to 100 (only their proportions count)."""


def save_weights(db: Database, raw: Mapping[str, Any]) -> dict[str, int]:
    """Check and store the attractiveness weights, logging the change; at least one must be above 0."""
    from accountmgr.services import activity, settings

    values = clean(raw, WEIGHT_FIELDS)
    if not any(values.values()):
        raise DomainError("At least one weight must be above 0.", scoring.ATTRACTIVENESS_PARTS[0][0])
    settings.store(db, {"attractiveness_weights": values}, summary="Changed the attractiveness weights",
                   changes=activity.diff(settings.get(db, "attractiveness_weights"), values))
    return values
