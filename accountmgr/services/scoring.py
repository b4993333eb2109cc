"""Micromarketing scores: attractiveness, value segments, RFM, churn risk and the matrix cells.

Rules follow ``default-rules.md``; where they differ, the function's docstring
says why. Everything is computed for the whole portfolio at once over plain
rows (see :mod:`accountmgr.services.portfolio`), and :func:`explain` turns one
account's figures back into sentences a salesperson can defend in a review.
No Textual here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from accountmgr.models import ProfitGrade, RelationshipLevel
from accountmgr.services.money import format_money
from accountmgr.services.score_bands import WON_WINDOW_DAYS, Band
from accountmgr.services.wording import plural

if TYPE_CHECKING:
    from accountmgr.services.portfolio import PortfolioEntry

ATTRACTIVENESS_PARTS: tuple[tuple[str, str], ...] = (
    ("purchase_potential", "Purchase potential"),
    ("absorption_potential", "Incremental absorption potential"),
    ("strategic_value", "Strategic value"),
    ("pipeline", "Weighted open pipeline"),
)
"""The parts of attractiveness: settings key and the name users read."""

LEVEL_RANK: dict[RelationshipLevel, int] = {level: level.rank for level in RelationshipLevel}
"""0 for Prospect up to 3 for Partner, looked up rather than computed (bulk scoring)."""

HIGH_ATTRACTIVENESS = 60
MEDIUM_ATTRACTIVENESS = 40
LOST_WINDOW_DAYS = 180
LOW_SATISFACTION = 6

MATRICES_RULE_HELP = (
    f"Attractiveness × level: high attractiveness is a score of {HIGH_ATTRACTIVENESS} or more; Account and Partner "
    "are high levels. Value × churn risk: high value means high-performance or high-potential; high risk means a "
    "medium or high churn risk."
)
"""How the two portfolio matrices place an account, as help screens explain it."""


class Segment(str, Enum):
    """The source texts' value-based groups, plus everyone else."""

    HIGH_PERFORMANCE = "high_performance"
    HIGH_POTENTIAL = "high_potential"
    CORE = "core"
    BELOW_ZERO = "below_zero"
    UNSCORED = "unscored"
    """Nothing to judge it by yet: no potential, strategic value, pipeline, won deal or profit grade."""

    @property
    def label(self) -> str:
        return _SEGMENT_TEXT[self.value][0]

    @property
    def advice(self) -> str:
        return _SEGMENT_TEXT[self.value][1]


_SEGMENT_TEXT = {
    "high_performance": ("High-performance", "Keep at all costs."),
    "high_potential": ("High-potential", "Develop: cross-selling, up-selling, direct communication."),
    "core": ("Core", "Serve well at a sustainable cost."),
    "below_zero": ("Below-zero", "Not profitable enough to serve as today: change how we serve it."),
    "unscored": (
        "Not yet scored",
        "Enter its purchase or absorption potential, strategic value, profit grade or an opportunity to score it.",
    ),
}

PROSPECT_CHURN = "—, prospect"
"""What the churn column says for a prospect: it has nothing yet to abandon, so no churn risk."""


def churn_applies(level: RelationshipLevel) -> bool:
    """Churn (abandonment) risk only means something once the account buys from us: not for a prospect."""
    return level is not RelationshipLevel.PROSPECT


def churn_text(level: RelationshipLevel, band: "Band", points: int) -> str:
    """The churn risk as a column shows it: band and points, or "—, prospect"."""
    return f"{band.label} {points}" if churn_applies(level) else PROSPECT_CHURN


@dataclass(frozen=True)
class Cell:
    """One cell of a portfolio matrix."""

    key: str
    title: str
    recommendation: str


# Attractiveness (rows) × relationship level (columns).
DEVELOP = Cell("develop", "Develop", "Invest to climb the scale.")
PROTECT = Cell("protect", "Protect and expand", "Partner plan, cross-sell.")
OPPORTUNISTIC = Cell("opportunistic", "Opportunistic", "Minimal, low-cost coverage.")
SERVE = Cell("serve", "Serve efficiently", "Keep the level at lower cost.")
# Value (rows) × churn risk (columns).
KEEP = Cell("keep", "Keep at all costs", "Loyalty programme, executive contact.")
RESCUE = Cell("rescue", "Rescue now", "Recovery plan, senior sponsor.")
GROW = Cell("grow", "Grow or automate", "Up-sell, cross-sell, cheaper channels.")
REVIEW = Cell("review", "Review", "Decide whether to invest or let go.")

LEVEL_MATRIX: tuple[tuple[Cell, Cell], tuple[Cell, Cell]] = ((DEVELOP, PROTECT), (OPPORTUNISTIC, SERVE))
"""Rows: high, low attractiveness. Columns: low level (Prospect, Buyer), high level (Account, Partner)."""
RISK_MATRIX: tuple[tuple[Cell, Cell], tuple[Cell, Cell]] = ((KEEP, RESCUE), (GROW, REVIEW))
"""Rows: high, low value. Columns: low churn risk, high churn risk."""


def band_of_attractiveness(score: int) -> Band:
    """High ≥ 60, medium 40–59, low < 40."""
    if score >= HIGH_ATTRACTIVENESS:
        return Band.HIGH
    return Band.MEDIUM if score >= MEDIUM_ATTRACTIVENESS else Band.LOW


def band_of_churn(points: int) -> Band:
    """Low 0–1, medium 2–3, high ≥ 4."""
    if points >= 4:
        return Band.HIGH
    return Band.MEDIUM if points >= 2 else Band.LOW


class Percentiles:
    """Percentile of a value within a population, ties counted half.

    An account with nothing in that dimension (no figure, or zero) scores 0
    rather than the middle rank of all the zeros: "we know of no potential"
    must not earn points just because many accounts share it.
    """

    def __init__(self, values: Iterable[int | None], *, table: bool = True) -> None:
        self._sorted = sorted(value or 0 for value in values)
        self._count = len(self._sorted)
        self._table: dict[int, float] = {}
        """Percentile of every value in the population, computed in one pass (skipped with *table* False: a page
        of a few accounts is quicker looked up by binary search, with the same figures)."""
        position = 0 if table else self._count
        while position < self._count:
            value = self._sorted[position]
            end = position
            while end < self._count and self._sorted[end] == value:
                end += 1
            self._table[value] = 100.0 * (position + (end - position) / 2) / self._count
            position = end

    @classmethod
    def of_figures(cls, values: list[int]) -> Percentiles:
        """The population of *values* (no None among them), for a page of accounts (looked up by binary search)."""
        found = cls((), table=False)
        found._sorted = sorted(values)
        found._count = len(values)
        return found

    def of(self, value: int | None) -> float:
        if not value or not self._count:
            return 0.0
        known = self._table.get(value)
        if known is not None:
            return known
        below = bisect_left(self._sorted, value)
        equal = bisect_right(self._sorted, value) - below
        return 100.0 * (below + equal / 2) / self._count


def strategic_part(strategic_value: int | None) -> float:
    """Strategic value 1–5 scaled to 0–100 over its whole range (1 → 0, 5 → 100); unknown → 0."""
    if strategic_value is None:
        return 0.0
    return (min(max(strategic_value, 1), 5) - 1) * 25.0


def normalised_weights(weights: Mapping[str, int | float]) -> tuple[float, ...]:
    """Each part's share of the total weight, in the order of ATTRACTIVENESS_PARTS (negative weights count 0)."""
    raw = [max(weights.get(key, 0), 0) for key, _ in ATTRACTIVENESS_PARTS]
    total = sum(raw)
    return tuple(weight / total if total > 0 else 0.0 for weight in raw)


def attractiveness(parts: Mapping[str, float], weights: Mapping[str, int | float]) -> int:
    """Weighted mean of the parts (each 0–100), rounded; weights need not add up to 100."""
    shares = normalised_weights(weights)
    return int(sum(parts[key] * share for (key, _), share in zip(ATTRACTIVENESS_PARTS, shares)) + 0.5)


def top_quartile_threshold(values: Sequence[int]) -> int | None:
    """The smallest won value still inside the top quarter of the portfolio (None if nobody won anything).

    The quarter is counted over the whole active portfolio; an account must
    also have won something, so that a portfolio where few accounts buy does
    not call zero "top quartile".
    """
    positive = sorted((value for value in values if value > 0), reverse=True)
    if not positive:
        return None
    size = max(1, -(-len(values) // 4))
    return positive[min(size, len(positive)) - 1]


def segment_of(
    won_cents: int, attractiveness_band: Band, profit_grade: ProfitGrade | None, threshold: int | None,
    level: RelationshipLevel = RelationshipLevel.BUYER, rated: bool = True,
) -> Segment:
    """High-performance, high-potential, below-zero or core.

    Two differences from the default rules, and why: an account marked
    unprofitable is below-zero even when it is in the top quartile of won
    value — revenue that costs more to serve than it brings is the very case
    the source calls "below zero"; and a Prospect is never below-zero for
    having won nothing — it has never bought from us, so there is nothing it
    costs us "as today"; it is core until it buys or is marked unprofitable.
    An account with nothing to judge it by (*rated* false) is "not yet scored"
    rather than core with attractiveness 0, which reads as a verdict.
    """
    if not rated:
        return Segment.UNSCORED
    if profit_grade is ProfitGrade.UNPROFITABLE:
        return Segment.BELOW_ZERO
    if threshold is not None and won_cents > 0 and won_cents >= threshold:
        return Segment.HIGH_PERFORMANCE
    if attractiveness_band is Band.HIGH:
        return Segment.HIGH_POTENTIAL
    if won_cents <= 0 and attractiveness_band is Band.LOW and level is not RelationshipLevel.PROSPECT:
        return Segment.BELOW_ZERO
    return Segment.CORE


class ChurnInputs(NamedTuple):
    """What the churn rule looks at for one account (a tuple: cheap to build for 100,000 accounts)."""

    level: RelationshipLevel
    last_satisfaction: int | None
    previous_satisfaction: int | None
    satisfaction_from_review: bool
    key_players: int
    days_since_key_contact: int | None
    """Days since the most recent contact with any key player; None when none was ever contacted."""
    key_opponent: str | None
    """Name of a key player who is an opponent, if any."""
    competitor: str | None
    competitor_level: RelationshipLevel | None
    lost_recently: str | None
    """Name of an opportunity lost in the last 180 days, if any."""
    open_complaint: str | None = None
    """The oldest open complaint, as "“summary” (received 2026-11-02)", if any."""
    late_complaint: str | None = None
    """The most overdue open complaint, as "“summary” is 3 days past its same-day response time", if any."""


def churn(inputs: ChurnInputs, stale_days: int) -> tuple[int, tuple[str, ...]]:
    """Churn-risk points and one reason per point-earning rule.

    Complaints add to the default rules (section 9: satisfaction collapses when
    recovery is late): +1 while a complaint is open, +1 more when one is past
    the response time of its recovery guideline.

    Differences from the default rules, and why:
    satisfaction falls back to the account's latest known satisfaction when
    no review has a score (a figure the salesperson typed is better than
    none); "below 6" and "falling" do not add up (a low score already says
    it, +2 at most); and a Prospect earns no points for missing key-player
    contact — there is no relationship to lose yet; in fact a Prospect has no
    churn risk at all (nothing yet to abandon): no points, no reasons.
    """
    if not churn_applies(inputs.level):
        return 0, ()
    points = 0
    reasons: list[str] = []
    sat, prev = inputs.last_satisfaction, inputs.previous_satisfaction
    source = "the last review" if inputs.satisfaction_from_review else "the account's latest known satisfaction"
    if sat is not None and sat < LOW_SATISFACTION:
        points += 2
        reasons.append(f"+2 satisfaction {sat}/10 in {source} is below {LOW_SATISFACTION}")
    elif sat is not None and prev is not None and sat < prev:
        points += 1
        reasons.append(f"+1 satisfaction fell from {prev} to {sat} since the previous review")
    if inputs.level is not RelationshipLevel.PROSPECT:
        if inputs.key_players == 0:
            points += 2
            reasons.append("+2 no key player known in the DMU, so no contact with one")
        elif inputs.days_since_key_contact is None:
            points += 2
            reasons.append("+2 no contact recorded with any key player")
        elif inputs.days_since_key_contact > stale_days:
            points += 2
            reasons.append(
                f"+2 last contact with a key player {inputs.days_since_key_contact} days ago "
                f"(limit {stale_days})"
            )
    if inputs.key_opponent:
        points += 1
        reasons.append(f"+1 key player {inputs.key_opponent} is an opponent")
    if inputs.competitor_level is not None and LEVEL_RANK[inputs.competitor_level] > LEVEL_RANK[inputs.level]:
        points += 2
        reasons.append(
            f"+2 competitor {inputs.competitor} is at {inputs.competitor_level.label} level, above our "
            f"{inputs.level.label}"
        )
    if inputs.lost_recently:
        points += 1
        reasons.append(f"+1 opportunity “{inputs.lost_recently}” lost in the last {LOST_WINDOW_DAYS} days")
    if inputs.open_complaint:
        points += 1
        reasons.append(f"+1 complaint {inputs.open_complaint} still open")
    if inputs.late_complaint:
        points += 1
        reasons.append(f"+1 complaint {inputs.late_complaint}: recovery is late (recovery guidelines)")
    return points, tuple(reasons)


class Quintiles:
    """1–5 by fifth of a population (5 = top fifth); 0 for accounts outside it."""

    def __init__(self, values: Iterable[float]) -> None:
        self._sorted = sorted(values)

    def of(self, value: float | None) -> int:
        if value is None or not self._sorted:
            return 0
        position = bisect_right(self._sorted, value)
        return max(1, min(5, -(-5 * position // len(self._sorted))))


def level_cell(attractiveness_band: Band, level: RelationshipLevel) -> Cell:
    """Attractiveness × level: high attractiveness is the High band; Account and Partner are high levels."""
    row = 0 if attractiveness_band is Band.HIGH else 1
    column = 1 if LEVEL_RANK[level] >= LEVEL_RANK[RelationshipLevel.ACCOUNT] else 0
    return LEVEL_MATRIX[row][column]


def high_value(segment: Segment) -> bool:
    """High value: a high-performance or high-potential account (what it brings or could bring)."""
    return segment in (Segment.HIGH_PERFORMANCE, Segment.HIGH_POTENTIAL)


def high_risk(churn_band: Band) -> bool:
    """Medium counts as high risk in the 2×2: two points already mean one serious warning sign."""
    return churn_band is not Band.LOW


def risk_cell(segment: Segment, churn_band: Band, level: RelationshipLevel | None = None) -> Cell | None:
    """Value × churn risk; None for a prospect, which stays outside the risk matrix (no churn risk)."""
    if level is not None and not churn_applies(level):
        return None
    row = 0 if high_value(segment) else 1
    column = 1 if high_risk(churn_band) else 0
    return RISK_MATRIX[row][column]


@dataclass(frozen=True)
class Section:
    """A titled block of an explanation."""

    title: str
    lines: tuple[str, ...]


def explain(entry: "PortfolioEntry", weights: Mapping[str, int | float], stale_days: int) -> list[Section]:
    """How each of *entry*'s scores was computed, in sentences."""
    parts = dict(zip((key for key, _ in ATTRACTIVENESS_PARTS), entry.attractiveness_parts))
    total_weight = sum(max(weights.get(key, 0), 0) for key, _ in ATTRACTIVENESS_PARTS) or 1
    raw = {
        "purchase_potential": format_money(entry.purchase_potential_cents, blank="not entered"),
        "absorption_potential": format_money(entry.absorption_potential_cents, blank="not entered"),
        "strategic_value": f"{entry.strategic_value}/5" if entry.strategic_value else "not entered",
        "pipeline": format_money(entry.weighted_cents),
    }
    attr_lines = [
        f"{label}: {raw[key]} → {parts[key]:.0f}/100 × weight {weights.get(key, 0)}"
        f" = {parts[key] * max(weights.get(key, 0), 0) / total_weight:.1f} points"
        for key, label in ATTRACTIVENESS_PARTS
    ]
    attr_lines.append(
        "Money figures score their percentile within the active portfolio (ties count half; "
        "none or zero scores 0); strategic value 1–5 scores 0–100."
    )
    attr_lines.append("High ≥ 60, medium 40–59, low < 40. Weights are in the settings.")
    won = format_money(entry.won_cents)
    segment_lines = [
        f"{entry.segment.label}: {entry.segment.advice}",
        f"Won in the last 24 months: {won}"
        + (f" ({plural(entry.won_count, 'deal')})" if entry.won_count else " (nothing won)"),
        f"Profit grade: {entry.profit_grade.label if entry.profit_grade else 'not entered'}",
        "Rules: unprofitable → below-zero; top quarter of won value → high-performance; "
        "else high attractiveness → high-potential; a customer (not a prospect) with nothing won and low "
        "attractiveness → below-zero; nothing entered to judge it by → not yet scored; else core.",
    ]
    r, f, m = entry.rfm
    rfm_lines = (
        [
            f"Recency {r}/5: last deal won {plural(entry.days_since_won or 0, 'day')} ago",
            f"Frequency {f}/5: {plural(entry.won_count, 'deal')} won in 24 months",
            f"Monetary {m}/5: {won} won in 24 months",
            "5 = top fifth of the accounts that bought in the last 24 months.",
        ]
        if entry.won_count
        else ["No deal won in the last 24 months: no RFM figures."]
    )
    if churn_applies(entry.level):
        churn_lines = list(entry.churn_reasons) or ["No warning sign: 0 points."]
        churn_lines.append(
            f"{entry.churn_points} points → {entry.churn_band.label} (low 0–1, medium 2–3, high ≥ 4). "
            f"Key players: decision makers, high influence or inner circle; stale after {stale_days} days."
        )
        churn_title = f"Churn risk: {entry.churn_band.label} ({entry.churn_points} points)"
    else:
        churn_lines = ["A prospect has nothing yet to abandon: no churn risk, and no place in the risk matrix."]
        churn_title = f"Churn risk: {PROSPECT_CHURN}"
    level_cell_ = level_cell(entry.attractiveness_band, entry.level)
    risk_cell_ = risk_cell(entry.segment, entry.churn_band, entry.level)
    matrix_lines = [
        f"Attractiveness × level: {level_cell_.title} — {level_cell_.recommendation}",
        f"Value × churn risk: {risk_cell_.title} — {risk_cell_.recommendation}" if risk_cell_ is not None
        else "Value × churn risk: outside the matrix (a prospect has no churn risk).",
        "High value: high-performance or high-potential; high risk: medium or high churn risk.",
    ]
    if entry.segment is Segment.UNSCORED:
        attr_title = "Attractiveness: not yet scored"
        attr_lines.insert(0, "Nothing entered to judge this account by yet: " + Segment.UNSCORED.advice)
    else:
        attr_title = f"Attractiveness {entry.attractiveness}/100 ({entry.attractiveness_band.label})"
    value_sections: list[Section] = []
    if entry.value is not None:
        from accountmgr.services.customer_value import sections as value_blocks

        from accountmgr.services.customer_value import differentiation

        value_sections = [Section(title, tuple(lines)) for title, lines in value_blocks(entry.value, entry.level)]
        value_sections.insert(1, Section("Three ways to differentiate this customer", tuple(
            differentiation(entry.value, entry.segment.label, entry.level))))
    return [
        Section(attr_title, tuple(attr_lines)),
        Section(f"Segment: {entry.segment.label}", tuple(segment_lines)),
        *value_sections[:2],
        Section("Recency, frequency, monetary value (won deals)", tuple(rfm_lines)),
        *value_sections[2:],
        Section(churn_title, tuple(churn_lines)),
        Section("Matrices", tuple(matrix_lines)),
    ]
