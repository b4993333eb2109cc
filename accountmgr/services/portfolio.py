"""The portfolio screen's rows with their scores, loaded in one query and scored in bulk.

One SQL statement selects only what the portfolio shows and what its scores
need (aggregates per account, no ORM objects); the scores are then computed in
Python over the whole list. At 10,000 accounts this stays well under the time
the screen takes to paint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from accountmgr.models import ProfitGrade, RelationshipLevel
from accountmgr.services import clock, scoring, settings
from accountmgr.services.scoring import Band, ChurnInputs, Percentiles, Quintiles, Segment


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
    segment_label: str = ""
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
    attractiveness: int = 0
    attractiveness_parts: tuple[float, ...] = ()
    attractiveness_band: Band = Band.LOW
    segment: Segment = Segment.CORE
    rfm: tuple[int, int, int] = (0, 0, 0)
    churn_points: int = 0
    churn_band: Band = Band.LOW
    churn_reasons: tuple[str, ...] = ()
    name_key: str = field(default="", repr=False)
    """The name lower-cased once, for filtering as the user types."""


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


_LEVEL_RANK_SQL = "CASE {col} WHEN 'prospect' THEN 0 WHEN 'buyer' THEN 1 WHEN 'account' THEN 2 WHEN 'partner' THEN 3 END"
_CLOSED_ON = "COALESCE(closed_on, expected_close, substr(updated_at, 1, 10))"

# Bare columns beside MIN()/MAX() take their values from the row that holds
# the minimum/maximum: a documented SQLite feature, used to name the culprit.
_QUERY = f"""
SELECT a.id, a.name, a.current_level, a.target_level, a.owner_id, t.name, a.archived,
       a.purchase_potential_cents, a.absorption_potential_cents, a.strategic_value, a.profit_grade,
       a.satisfaction,
       o.open_value, o.weighted, o.won_value, o.won_count, o.last_won,
       lost.name,
       k.key_count, k.last_contact, opp.name,
       c.top_rank, c.competitor,
       r1.satisfaction, r2.satisfaction,
       n.next_at, n.objective
FROM account a
LEFT JOIN team_member t ON t.id = a.owner_id
LEFT JOIN (
    SELECT account_id,
           SUM(CASE WHEN status = 'open' THEN value_cents END) AS open_value,
           SUM(CASE WHEN status = 'open' THEN (value_cents * probability + 50) / 100 END) AS weighted,
           SUM(CASE WHEN status = 'won' AND {_CLOSED_ON} >= :won_since THEN value_cents END) AS won_value,
           COUNT(CASE WHEN status = 'won' AND {_CLOSED_ON} >= :won_since THEN 1 END) AS won_count,
           MAX(CASE WHEN status = 'won' THEN {_CLOSED_ON} END) AS last_won
    FROM opportunity GROUP BY account_id
) o ON o.account_id = a.id
LEFT JOIN (
    SELECT account_id, name, MAX({_CLOSED_ON}) FROM opportunity
    WHERE status = 'lost' AND {_CLOSED_ON} >= :lost_since GROUP BY account_id
) lost ON lost.account_id = a.id
LEFT JOIN (
    SELECT account_id, COUNT(*) AS key_count, MAX(last_contact) AS last_contact
    FROM dmu_member
    WHERE roles LIKE '%"decision_maker"%' OR influence = 'high' OR inner_circle
    GROUP BY account_id
) k ON k.account_id = a.id
LEFT JOIN (
    SELECT account_id, MIN(name) AS name FROM dmu_member
    WHERE attitude = 'opponent' AND (roles LIKE '%"decision_maker"%' OR influence = 'high' OR inner_circle)
    GROUP BY account_id
) opp ON opp.account_id = a.id
LEFT JOIN (
    SELECT account_id, MAX({_LEVEL_RANK_SQL.format(col="level")}) AS top_rank, competitor
    FROM competitor_presence WHERE level IS NOT NULL GROUP BY account_id
) c ON c.account_id = a.id
LEFT JOIN (
    SELECT account_id, satisfaction,
           ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY reviewed_on DESC, id DESC) AS position
    FROM review WHERE satisfaction IS NOT NULL
) r1 ON r1.account_id = a.id AND r1.position = 1
LEFT JOIN (
    SELECT account_id, satisfaction,
           ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY reviewed_on DESC, id DESC) AS position
    FROM review WHERE satisfaction IS NOT NULL
) r2 ON r2.account_id = a.id AND r2.position = 2
LEFT JOIN (
    SELECT account_id, MIN(scheduled_at) AS next_at, objective
    FROM communication_action WHERE status = 'planned' GROUP BY account_id
) n ON n.account_id = a.id
ORDER BY lower(a.name)
"""

_LEVELS = {level.value: level for level in RelationshipLevel}
_LEVELS_BY_RANK = list(RelationshipLevel)
_GRADES = {grade.value: grade for grade in ProfitGrade}


def account_names(db) -> list[tuple[int, str]]:  # noqa: ANN001
    """(id, name) of every active account, by name: the palette's "open account" list."""
    with db.connection() as conn:
        return conn.execute("SELECT id, name FROM account WHERE archived = 0 ORDER BY lower(name)").fetchall()


def load_portfolio(db) -> Portfolio:  # noqa: ANN001
    """Every account (archived ones too, flagged) with its scores."""
    stale = settings.stale_days(db)
    weights = dict(settings.get(db, "attractiveness_weights"))
    now = clock.now()
    today = now.date()
    params = {
        "won_since": (today - timedelta(days=scoring.WON_WINDOW_DAYS)).isoformat(),
        "lost_since": (today - timedelta(days=scoring.LOST_WINDOW_DAYS)).isoformat(),
    }
    with db.connection() as conn:
        rows = conn.execute(_QUERY, params).fetchall()
    entries, churn_inputs = _build_entries(rows, now)
    score(entries, churn_inputs, weights, stale, today)
    return Portfolio(entries, weights, stale)


def _days(today: date, iso: str | None) -> int | None:
    return (today - date.fromisoformat(iso[:10])).days if iso else None


def _build_entries(rows: Iterable[tuple], now: datetime) -> tuple[list[PortfolioEntry], list[ChurnInputs]]:
    today = now.date()
    now_text = now.isoformat(sep=" ")
    entries: list[PortfolioEntry] = []
    inputs: list[ChurnInputs] = []
    for (
        account_id, name, level, target, owner_id, owner, archived,
        potential, absorption, strategic, grade, own_sat,
        open_value, weighted, won_value, won_count, last_won,
        lost_name, key_count, last_contact, opponent,
        competitor_rank, competitor, sat1, sat2, next_at, objective,
    ) in rows:
        level_ = _LEVELS[level]
        next_dt = None
        overdue = None
        if next_at:
            next_dt = datetime.fromisoformat(next_at)
            if next_at < now_text:
                overdue = (today - next_dt.date()).days
        satisfaction = sat1 if sat1 is not None else own_sat
        shown_satisfaction = own_sat if own_sat is not None else sat1
        entries.append(
            PortfolioEntry(
                id=account_id,
                name=name,
                level=level_,
                target_level=_LEVELS[target] if target else None,
                owner_id=owner_id,
                owner=owner or "",
                archived=bool(archived),
                purchase_potential_cents=potential,
                absorption_potential_cents=absorption,
                strategic_value=strategic,
                profit_grade=_GRADES.get(grade) if grade else None,
                satisfaction=shown_satisfaction,
                open_cents=open_value or 0,
                weighted_cents=weighted or 0,
                won_cents=won_value or 0,
                won_count=won_count or 0,
                days_since_won=_days(today, last_won),
                next_at=next_dt,
                next_objective=objective or "",
                overdue_days=overdue,
                name_key=name.lower(),
            )
        )
        inputs.append(
            ChurnInputs(
                level=level_,
                last_satisfaction=satisfaction,
                previous_satisfaction=sat2 if sat1 is not None else None,
                satisfaction_from_review=sat1 is not None,
                key_players=key_count or 0,
                days_since_key_contact=_days(today, last_contact),
                key_opponent=opponent,
                competitor=competitor,
                competitor_level=_LEVELS_BY_RANK[competitor_rank] if competitor_rank is not None else None,
                lost_recently=lost_name,
            )
        )
    return entries, inputs


def score(
    entries: list[PortfolioEntry], churn_inputs: list[ChurnInputs], weights: dict[str, int], stale_days: int,
    today: date,
) -> None:
    """Fill in every entry's scores; populations (percentiles, quartiles) are the active accounts."""
    active = [entry for entry in entries if not entry.archived]
    potential = Percentiles(entry.purchase_potential_cents for entry in active)
    absorption = Percentiles(entry.absorption_potential_cents for entry in active)
    pipeline = Percentiles(entry.weighted_cents for entry in active)
    threshold = scoring.top_quartile_threshold([entry.won_cents for entry in active])
    buyers = [entry for entry in active if entry.won_count]
    recency = Quintiles(-(entry.days_since_won or 0) for entry in buyers)
    frequency = Quintiles(entry.won_count for entry in buyers)
    monetary = Quintiles(entry.won_cents for entry in buyers)
    for entry, inputs in zip(entries, churn_inputs):
        parts = {
            "purchase_potential": potential.of(entry.purchase_potential_cents),
            "absorption_potential": absorption.of(entry.absorption_potential_cents),
            "strategic_value": scoring.strategic_part(entry.strategic_value),
            "pipeline": pipeline.of(entry.weighted_cents),
        }
        entry.attractiveness_parts = tuple(parts.values())
        entry.attractiveness = scoring.attractiveness(parts, weights)
        entry.attractiveness_band = scoring.band_of_attractiveness(entry.attractiveness)
        entry.segment = scoring.segment_of(entry.won_cents, entry.attractiveness_band, entry.profit_grade, threshold)
        entry.segment_label = entry.segment.label
        if entry.won_count:
            entry.rfm = (
                recency.of(-(entry.days_since_won or 0)),
                frequency.of(entry.won_count),
                monetary.of(entry.won_cents),
            )
        entry.churn_points, entry.churn_reasons = scoring.churn(inputs, stale_days)
        entry.churn_band = scoring.band_of_churn(entry.churn_points)


def explain_account(db, account_id: int) -> tuple[PortfolioEntry, list[scoring.Section]]:  # noqa: ANN001
    """One account's scores with how they were computed (the portfolio is needed for percentiles)."""
    from accountmgr.services.errors import NotFound

    portfolio = load_portfolio(db)
    entry = portfolio.get(account_id)
    if entry is None:
        raise NotFound("That account no longer exists.")
    return entry, scoring.explain(entry, portfolio.weights, portfolio.stale_days)


def change_marker(db) -> int:  # noqa: ANN001
    """A number that grows with every logged change: screens reload only when it moved."""
    with db.connection() as conn:
        return conn.execute("SELECT COALESCE(MAX(id), 0) FROM activity_log").fetchone()[0]
