"""Customer lifetime value and RFMT for the whole portfolio, computed in one pass over aggregated won deals.

Lifetime value (section 9) is the net present value of the margin an account
will bring: this year's expected margin (average yearly won revenue of the last
three years × a margin rate from the profit grade), kept each year with a
probability set by the churn risk, discounted at the discount rate over the
horizon. RFMT scores recency, frequency, monetary value and tenure 1–5 by fifth
of the accounts that ever bought, weighted by the user's weights.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from accountmgr.models import ProfitGrade, RelationshipLevel
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money
from accountmgr.services.score_bands import WON_WINDOW_DAYS, Band
from accountmgr.services.validation import FieldSpec, clean, integer
from accountmgr.services.wording import plural

if TYPE_CHECKING:
    from accountmgr.db import Database

MARGIN_YEARS = 3
"""Yearly revenue is the average of the won value of the last three years (fewer for a newer customer)."""

MARGIN_RATE: dict[ProfitGrade | None, float] = {
    ProfitGrade.UNPROFITABLE: -0.05,
    ProfitGrade.LOW: 0.10,
    ProfitGrade.MEDIUM: 0.20,
    ProfitGrade.HIGH: 0.30,
    None: 0.20,
}
"""Share of revenue kept as margin by profit grade; a grade not entered counts as medium."""

RETENTION: dict[Band, float] = {Band.LOW: 0.90, Band.MEDIUM: 0.75, Band.HIGH: 0.55}
"""Probability of keeping the customer one more year, by churn-risk band."""

RFMT_PARTS: tuple[tuple[str, str], ...] = (
    ("recency", "Recency"),
    ("frequency", "Frequency"),
    ("monetary", "Monetary value"),
    ("tenure", "Tenure"),
)
"""The four RFMT parts: settings key and the name users read."""

VALUE_SETTINGS = ("value_discount_pct", "value_horizon_years", "rfmt_weights")
VALUE_DEFAULTS: dict[str, Any] = {
    "value_discount_pct": 8,
    "value_horizon_years": 5,
    "rfmt_weights": {"recency": 30, "frequency": 25, "monetary": 30, "tenure": 15},
}
"""The lifetime-value settings' defaults (part of every setting's defaults, ``settings.DEFAULTS``)."""


@dataclass(frozen=True)
class ValueSettings:
    """The user's lifetime-value and RFMT settings."""

    discount_pct: float
    horizon_years: int
    rfmt_weights: dict[str, int]


@dataclass(slots=True)
class AccountValue:
    """One account's lifetime value and RFMT, with the figures they came from."""

    clv_cents: int | None = None
    """None for a prospect or an account with nothing won: there is no margin to project."""
    yearly_revenue_cents: int = 0
    margin_rate: float = 0.0
    retention: float = 0.0
    years_counted: int = 0
    rfmt: int | None = None
    """0–100; None when the account never won a deal."""
    rfmt_parts: tuple[int, int, int, int] = (0, 0, 0, 0)
    days_since_won: int | None = None
    tenure_days: int | None = None
    window_count: int = 0
    window_cents: int = 0
    won_cents: int = 0
    won_count: int = 0
    settings: ValueSettings | None = None
    """The settings it was computed with (shared by every account), for "Why?"."""
    from_revenue: bool = False
    """Yearly revenue, monetary value and tenure come from the yearly revenue figures, not from won deals."""
    clv_quarter: int | None = None
    """1 = top quarter of lifetime value among the accounts that have one, 4 = bottom quarter."""
    likeness: tuple[str, int, int] | None = None
    """For an account with nothing bought yet: (its industry, the median lifetime value of that industry's
    accounts, how many they are) — likeness to current customers, the third way to differentiate."""


def check_settings(values: Mapping[str, Any]) -> None:
    """Refuse a discount rate outside 0–50 %, a horizon outside 1–20 years or RFMT weights all zero."""
    if "value_discount_pct" in values:
        rate = values["value_discount_pct"]
        if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not 0 <= rate <= 50:
            raise DomainError("The discount rate must be a percentage between 0 and 50.", "value_discount_pct")
    if "value_horizon_years" in values:
        years = values["value_horizon_years"]
        if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 20:
            raise DomainError("The horizon must be a whole number of years between 1 and 20.", "value_horizon_years")
    if "rfmt_weights" in values:
        weights = values["rfmt_weights"]
        if not isinstance(weights, Mapping) or set(weights) != {key for key, _ in RFMT_PARTS}:
            raise DomainError("The RFMT weights must name recency, frequency, monetary value and tenure.", "recency")
        if any(not isinstance(w, int) or isinstance(w, bool) or not 0 <= w <= 100 for w in weights.values()):
            raise DomainError("Each RFMT weight must be a whole number from 0 to 100.", "recency")
        if not any(weights.values()):
            raise DomainError("At least one RFMT weight must be above 0.", "recency")


def read_settings(conn: Any) -> ValueSettings:
    """The stored settings (defaults otherwise), read without building the table classes."""
    from accountmgr.queries.value import stored_settings

    stored = stored_settings(conn, VALUE_SETTINGS)
    values = {key: json.loads(stored[key]) if key in stored else VALUE_DEFAULTS[key] for key in VALUE_SETTINGS}
    return ValueSettings(float(values["value_discount_pct"]), int(values["value_horizon_years"]),
                         dict(values["rfmt_weights"]))


def annuity(retention: float, discount_pct: float, years: int) -> float:
    """Σ (retention / (1 + discount))^t for t = 1…years: what one year's margin is worth over the horizon."""
    ratio = retention / (1 + discount_pct / 100)
    if ratio == 1:
        return float(years)
    return ratio * (1 - ratio**years) / (1 - ratio)


def _fifths(values: Sequence[float], parts: int = 5) -> list[int]:
    """1–5 by fifth of *values* (5 = top fifth; ties share the higher fifth); other *parts* likewise.

    One sort, then each value's rank from a table (later duplicates overwrite: the last position, as
    ``bisect_right`` would give) — a dictionary lookup per account instead of a binary search.
    """
    if not values:
        return []
    count = len(values)
    upper = dict(zip(sorted(values), range(1, count + 1)))
    return [(parts * upper[value] + count - 1) // count for value in values]


class _Calendar(NamedTuple):
    """Day numbers the value figures are counted in, made once per pass."""

    today: int
    year: int
    year_start: dict[int, int]
    year_end: dict[int, int]

    @classmethod
    def of(cls, today: date) -> _Calendar:
        start = {year: date(year, 1, 1).toordinal() for year in range(today.year - 60, today.year + 1)}
        return cls(today.toordinal(), today.year, start, {year: date(year, 12, 31).toordinal() for year in start})


_NO_HISTORY = (None, 0, 0, None, None, 0, 0, 0)


def _bought(row: Sequence[Any] | None, paid: Sequence[Any] | None, calendar: _Calendar) -> tuple | None:
    """What an account bought, from its won deals (*row*) and yearly revenue (*paid*): (won count, won value, days
    since it last bought, tenure in days, deals and value of the RFMT window, from revenue?, yearly revenue, years
    counted); None when it never bought. One rule for the whole portfolio and for a page ranked against it."""
    if row is None and (paid is None or paid[1] is None):
        return None
    _, count, total, first, last, _recent, window_count, window_cents = row or _NO_HISTORY
    today_ordinal = calendar.today
    tenure = today_ordinal - first.toordinal() if first else None
    since = today_ordinal - last.toordinal() if last else None
    yearly = years = 0
    from_revenue = False
    if paid is not None and paid[1] is not None:
        _, first_year, last_year, margin_cents, margin_years, revenue_window = paid
        from_revenue = True
        tenure = max(tenure or 0, today_ordinal - calendar.year_start.get(first_year, today_ordinal))
        # Revenue of this year was paid at some point since 1 January: count from there (the least recent).
        ends = calendar.year_start if last_year == calendar.year else calendar.year_end
        last_paid = today_ordinal - ends.get(last_year, today_ordinal)
        since = last_paid if since is None else min(since, last_paid)
        window_cents = revenue_window
        if margin_years:
            yearly, years = margin_cents // margin_years, margin_years
    return count, total, since, tenure, window_count, window_cents, from_revenue, yearly, years


def _rfmt_keys(since: int | None, window_count: int, window_cents: int, tenure: int | None) -> tuple[int, ...]:
    """What RFMT ranks a buyer by: recency (more recent is higher), frequency, monetary value, tenure."""
    return -(since if since is not None else 10**6), window_count, window_cents, tenure or 0


def _rfmt_shares(weights: Mapping[str, int]) -> tuple[float, ...]:
    """Each RFMT part's multiplier: its share of the weights × 20, so that 5/5 everywhere is 100."""
    shares = [max(weights.get(key, 0), 0) for key, _ in RFMT_PARTS]
    total = sum(shares) or 1
    return tuple(share * 20 / total for share in shares)


def compute(
    accounts: Iterable[tuple[int, RelationshipLevel, ProfitGrade | None, Band]],
    histories: Iterable[Sequence[Any]],
    settings: ValueSettings,
    today: date,
    industries: Mapping[int, str] | None = None,
    revenues: Iterable[Sequence[Any]] = (),
) -> dict[int, AccountValue]:
    """Lifetime value and RFMT of every account: (id, level, grade, churn band) with its won deals and, where
    the account has them, its yearly revenue figures (which then set the yearly revenue, the monetary value and
    the tenure: they are what the customer actually paid, deals aside).

    One pass over plain tuples with every lookup bound once, then the ranks from one sort per figure, so that
    100,000 accounts take a fraction of a second.
    """
    history = {row[0]: row for row in histories}
    revenue = {row[0]: row for row in revenues}
    values: dict[int, AccountValue] = {}
    # Per band: (retention, years of margin the horizon is worth); per grade: the margin rate.
    bands = {band: (rate, annuity(rate, settings.discount_pct, settings.horizon_years))
             for band, rate in RETENTION.items()}
    rates = MARGIN_RATE
    calendar = _Calendar.of(today)
    prospect = RelationshipLevel.PROSPECT
    buyers: list[AccountValue] = []
    for account_id, level, grade, band in accounts:
        row = history.get(account_id)
        bought = _bought(row, revenue.get(account_id), calendar)
        if bought is None:
            values[account_id] = AccountValue(settings=settings)
            continue
        count, total, since, tenure, window_count, window_cents, from_revenue, yearly, years = bought
        value = AccountValue(
            won_count=count, won_cents=total, window_count=window_count, window_cents=window_cents,
            days_since_won=since, tenure_days=tenure, settings=settings, from_revenue=from_revenue,
        )
        values[account_id] = value
        buyers.append(value)
        if level is prospect:
            continue
        if not years:
            if row is None:
                continue
            years = min(MARGIN_YEARS, max(1, -(-(tenure or 0) // 365)))
            yearly = row[5] // years
            value.from_revenue = False
        retention, factor = bands[band]
        margin_rate = rates.get(grade, 0.20)
        value.years_counted, value.yearly_revenue_cents = years, yearly
        value.margin_rate, value.retention = margin_rate, retention
        # An estimate: whole euros, not cents.
        value.clv_cents = round(yearly * margin_rate * factor / 100) * 100
    _score_rfmt(buyers, settings.rfmt_weights)
    _quarters(values)
    if industries is not None:
        _likeness(values, industries)
    return values


def _quarters(values: Mapping[int, AccountValue]) -> None:
    """Each lifetime value's quarter among those known (1 = top)."""
    known = [value for value in values.values() if value.clv_cents is not None]
    for quarter in zip(known, _fifths([value.clv_cents or 0 for value in known], parts=4)):
        quarter[0].clv_quarter = 5 - quarter[1]


def _likeness(values: Mapping[int, AccountValue], industries: Mapping[int, str]) -> None:
    """An account with nothing bought yet is compared with the current customers of its industry."""
    by_industry: dict[str, list[int]] = {}
    for account_id, value in values.items():
        industry = industries.get(account_id, "").strip().lower()
        if value.clv_cents is not None and industry:
            by_industry.setdefault(industry, []).append(value.clv_cents)
    medians = {key: (sorted(found)[len(found) // 2], len(found)) for key, found in by_industry.items()}
    for account_id, value in values.items():
        industry = industries.get(account_id, "").strip()
        if value.clv_cents is None and industry.lower() in medians:
            median, count = medians[industry.lower()]
            value.likeness = (industry, median, count)


def _score_rfmt(buyers: list[AccountValue], weights: Mapping[str, int]) -> None:
    keys = [_rfmt_keys(b.days_since_won, b.window_count, b.window_cents, b.tenure_days) for b in buyers]
    recency, frequency, monetary, tenure = (_fifths([key[part] for key in keys]) for part in range(4))
    wr, wf, wm, wt = _rfmt_shares(weights)
    for buyer, r, f, m, t in zip(buyers, recency, frequency, monetary, tenure):
        buyer.rfmt_parts = (r, f, m, t)
        buyer.rfmt = int(r * wr + f * wf + m * wm + t * wt + 0.5)


def explain_clv(value: AccountValue, level: RelationshipLevel, settings: ValueSettings) -> list[str]:
    """How the lifetime value was computed, in sentences."""
    if level is RelationshipLevel.PROSPECT:
        return ["—, prospect: nothing bought yet, so no margin to project."]
    if value.clv_cents is None:
        return ["Nothing won and no yearly revenue yet: no history to project a margin from."]
    factor = annuity(value.retention, settings.discount_pct, settings.horizon_years)
    plural = "s" if value.years_counted > 1 else ""
    source = (f"revenue of the last {value.years_counted} complete year{plural} with a figure (the revenue "
              f"table) ÷ {value.years_counted}" if value.from_revenue else
              f"won value of the last {value.years_counted} year{plural} ÷ {value.years_counted}")
    return [
        f"Yearly revenue {format_money(value.yearly_revenue_cents)}: {source}.",
        f"Margin rate {value.margin_rate:.0%} from the profit grade → yearly margin "
        f"{format_money(int(value.yearly_revenue_cents * value.margin_rate))}.",
        f"Retention {value.retention:.0%} a year, from the churn-risk band (low 90 %, medium 75 %, high 55 %).",
        f"Discounted at {settings.discount_pct:g} % over {settings.horizon_years} years: "
        f"Σ (retention ÷ (1 + rate))^t = {factor:.2f} years of margin.",
        f"Lifetime value {format_money(value.clv_cents)} (net present value of the expected margin). "
        "Discount rate and horizon are settings (V in the portfolio).",
    ]


def explain_rfmt(value: AccountValue, weights: Mapping[str, int]) -> list[str]:
    """How the RFMT score was computed, in sentences."""
    if value.rfmt is None:
        return ["No deal ever won: no RFMT score."]
    r, f, m, t = value.rfmt_parts
    window = WON_WINDOW_DAYS // 365
    return [
        f"Recency {r}/5: last bought {plural(value.days_since_won or 0, 'day')} ago × weight {weights.get('recency', 0)}",
        f"Frequency {f}/5: {plural(value.window_count, 'deal')} won in {plural(window, 'year')} × weight {weights.get('frequency', 0)}",
        f"Monetary value {m}/5: {format_money(value.window_cents)} "
        + ("of revenue in the last two complete years" if value.from_revenue else f"won in {plural(window, 'year')}")
        + f" × weight {weights.get('monetary', 0)}",
        f"Tenure {t}/5: a customer for {value.tenure_days} days "
        + ("(first deal won or first year of revenue)" if value.from_revenue else "(since the first deal won)")
        + f" × weight {weights.get('tenure', 0)}",
        f"RFMT {value.rfmt}/100: the weighted mean of the four fifths (5 = top fifth of the accounts that ever "
        "bought), × 20. The weights differ by company: set them with V in the portfolio.",
    ]


def portfolio_values(db: Database, entries: Sequence[Any], today: date) -> dict[int, AccountValue]:
    """Lifetime value and RFMT of scored portfolio entries (their level, profit grade and churn band)."""
    from accountmgr.queries.value import industries, revenue_history, won_history

    with db.engine.connect() as conn:
        settings = read_settings(conn)
        histories = won_history(conn, **window_dates(today))
        revenues = revenue_history(conn, **revenue_years(today))
        kinds = industries(conn)
    accounts = [(entry.id, entry.level, entry.profit_grade, entry.churn_band) for entry in entries]
    return compute(accounts, histories, settings, today, kinds, revenues)


def page_values(db: Database, entries: Sequence[Any], today: date, *,
                histories: Iterable[Sequence[Any]] | None = None) -> dict[int, AccountValue]:
    """Lifetime value and RFMT of a few scored entries, ranked (RFMT) among every account as
    :func:`portfolio_values` ranks them. The lifetime value's quarter and likeness need every account's churn
    band: they are left out here (the full pass gives them). *histories*: every account's won-deal history
    (``queries.value.won_history`` rows), when the caller has read it already.

    Only the page's accounts get values; every other buyer gives just the four figures RFMT ranks by, sorted
    once, and each page figure finds its fifth by binary search (the fifths :func:`_fifths` gives).
    """
    from accountmgr.queries.value import revenue_history, won_history

    with db.engine.connect() as conn:
        settings = read_settings(conn)
        if histories is None:
            histories = won_history(conn, **window_dates(today))
        revenues = revenue_history(conn, **revenue_years(today))
    history = {row[0]: row for row in histories}
    revenue = {row[0]: row for row in revenues}
    ordinals = _ordinals({day for row in history.values() for day in (row[3], row[4])})
    page = [entry.id for entry in entries]
    values = compute(
        [(entry.id, entry.level, entry.profit_grade, entry.churn_band) for entry in entries],
        [_with_dates(history[i], ordinals) for i in page if i in history], settings, today, None,
        [revenue[i] for i in page if i in revenue],
    )
    columns = _rfmt_columns(history, revenue, _Calendar.of(today), ordinals)
    count = len(columns[0])
    wr, wf, wm, wt = _rfmt_shares(settings.rfmt_weights)
    for value in values.values():
        value.clv_quarter = None
        if value.rfmt is None:
            continue
        keys = _rfmt_keys(value.days_since_won, value.window_count, value.window_cents, value.tenure_days)
        # As _fifths: 5 × (how many rank at or below) over the count, rounded up.
        r, f, m, t = ((5 * bisect_right(column, key) + count - 1) // count for column, key in zip(columns, keys))
        value.rfmt_parts = (r, f, m, t)
        value.rfmt = int(r * wr + f * wf + m * wm + t * wt + 0.5)
    return values


def _ordinals(days: set[Any]) -> dict[Any, int | None]:
    """Each day as stored (a date, or ISO text from SQLite's driver) as its day number; None stays None."""
    return {day: (date.fromisoformat(day[:10]) if isinstance(day, str) else day).toordinal() if day else None
            for day in days}


def _with_dates(row: Sequence[Any], ordinals: Mapping[Any, int | None]) -> tuple:
    """A won-deal history row (the columns of ``queries.value.WonHistory``) with its first and last days as dates."""
    first, last = ordinals[row[3]], ordinals[row[4]]
    return (*row[:3], date.fromordinal(first) if first else None, date.fromordinal(last) if last else None,
            *row[5:8])


def _rfmt_columns(history: Mapping[int, Sequence[Any]], revenue: Mapping[int, Sequence[Any]],
                  calendar: _Calendar, ordinals: Mapping[Any, int | None]) -> list[list[int]]:
    """What RFMT ranks every buyer by (the keys of :func:`_rfmt_keys`), one sorted column per part.

    An account with won deals only (nearly all of them) gives its keys straight from its history (*ordinals*:
    its days as day numbers), as :func:`_bought` would; one with yearly revenue figures goes through
    :func:`_bought`.
    """
    today = calendar.today
    recency: list[int] = []
    frequency: list[int] = []
    monetary: list[int] = []
    tenure: list[int] = []
    for account_id, row in history.items():
        if account_id in revenue:
            continue
        first, last = ordinals[row[3]], ordinals[row[4]]
        recency.append(last - today if last else -10**6)
        frequency.append(row[6])
        monetary.append(row[7])
        tenure.append(today - first if first else 0)
    for account_id, paid in revenue.items():
        won = history.get(account_id)
        bought = _bought(_with_dates(won, ordinals) if won else None, paid, calendar)
        if bought is not None:
            keys = _rfmt_keys(bought[2], bought[4], bought[5], bought[3])
            recency.append(keys[0])
            frequency.append(keys[1])
            monetary.append(keys[2])
            tenure.append(keys[3])
    for column in (recency, frequency, monetary, tenure):
        column.sort()
    return [recency, frequency, monetary, tenure]


QUARTER_TEXT = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}


def differentiation(value: AccountValue, segment_label: str, level: RelationshipLevel) -> list[str]:
    """The three ways of section 9 to differentiate customers, for one account."""
    current = (f"Current profitability: {format_money(value.won_cents)} won over the years "
               f"({plural(value.won_count, 'deal')}); value segment {segment_label}.")
    if value.clv_cents is not None and value.clv_quarter:
        future = (f"Expected future profitability: lifetime value {format_money(value.clv_cents)}, "
                  f"{QUARTER_TEXT[value.clv_quarter]} of the portfolio.")
    else:
        future = "Expected future profitability: no lifetime value yet " + (
            "(a prospect)." if level is RelationshipLevel.PROSPECT else "(nothing won yet).")
    if value.likeness:
        industry, median, count = value.likeness
        like = (f"Likeness: new to us, like our {count} customer{'s' if count > 1 else ''} in {industry}, whose "
                f"median lifetime value is {format_money(median)}.")
    elif value.clv_cents is None:
        like = "Likeness: no current customer in the same industry to compare with."
    else:
        like = "Likeness: not needed — the account has its own history."
    return [current, future, like]


def sections(value: AccountValue, level: RelationshipLevel) -> list[tuple[str, list[str]]]:
    """The "Why?" blocks for lifetime value and RFMT: (title, lines)."""
    settings = value.settings or ValueSettings(8, 5, {key: 25 for key, _ in RFMT_PARTS})
    clv = "—, prospect" if level is RelationshipLevel.PROSPECT else (
        "—" if value.clv_cents is None else format_money(value.clv_cents))
    rfmt = "—" if value.rfmt is None else f"{value.rfmt}/100"
    return [
        (f"Lifetime value: {clv}", explain_clv(value, level, settings)),
        (f"RFMT: {rfmt}", explain_rfmt(value, settings.rfmt_weights)),
    ]


def revenue_years(today: date) -> dict[str, int]:
    """The complete years the yearly revenue figures count for: the last three for the margin, two for RFMT."""
    return {"margin_from": today.year - MARGIN_YEARS, "window_from": today.year - WON_WINDOW_DAYS // 365,
            "last_year": today.year - 1}


def window_dates(today: date) -> dict[str, date]:
    """Where the margin window and the RFMT window start."""
    return {"recent_since": today - timedelta(days=365 * MARGIN_YEARS), "window_since": today - timedelta(days=WON_WINDOW_DAYS)}


SETTINGS_FIELDS = FieldSpec(
    {
        "value_discount_pct": integer(0, 50, required=True),
        "value_horizon_years": integer(1, 20, required=True),
        **{key: integer(0, 100, required=True) for key, _ in RFMT_PARTS},
    },
    labels={
        "value_discount_pct": "Discount rate (%)",
        "value_horizon_years": "Horizon (years)",
        **{key: f"{label} weight" for key, label in RFMT_PARTS},
    },
)
"""The lifetime-value settings and RFMT weights as form fields."""


def current_settings(db: Database) -> dict[str, int]:
    """The settings as the form shows them: discount, horizon and the four weights, flat."""
    with db.engine.connect() as conn:
        now = read_settings(conn)
    return {"value_discount_pct": int(now.discount_pct), "value_horizon_years": now.horizon_years,
            **{key: int(now.rfmt_weights.get(key, 0)) for key, _ in RFMT_PARTS}}


def save_settings(db: Database, raw: Mapping[str, Any]) -> dict[str, int]:
    """Check and store the discount rate, horizon and RFMT weights in one transaction, logging the change."""
    from accountmgr.models import Setting
    from accountmgr.services import activity

    values = clean(raw, SETTINGS_FIELDS)
    weights = {key: values[key] for key, _ in RFMT_PARTS}
    if not any(weights.values()):
        raise DomainError("At least one RFMT weight must be above 0.", RFMT_PARTS[0][0])
    before = current_settings(db)
    stored = {"value_discount_pct": values["value_discount_pct"], "value_horizon_years": values["value_horizon_years"],
              "rfmt_weights": weights}
    with db.session() as session:
        for key, value in stored.items():
            row = session.get(Setting, key) or Setting(key=key, value="")
            row.value = json.dumps(value)
            session.add(row)
        changes = activity.diff(before, values)
        if changes:
            activity.record(session, entity="setting", action="updated",
                            summary="Changed the lifetime-value settings and RFMT weights", changes=changes)
    return values
