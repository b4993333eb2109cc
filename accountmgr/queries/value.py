"""Won-deal history per account in one aggregate pass: what lifetime value and RFMT are computed from.

The tables are named with lightweight Core ``table()`` objects rather than the
model classes: the portfolio reads this on its way to the first screen, before
anything else needs the ~100 ms of building every table class.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import Connection, Date, Integer, String, case, column, func, select, table

from accountmgr.models import OpportunityStatus

_OPPORTUNITY = table(
    "opportunity",
    column("account_id", Integer),
    column("status", String),
    column("value_cents", Integer),
    column("closed_on", Date),
    column("expected_close", Date),
)
_SETTING = table("setting", column("key", String), column("value", String))
_ACCOUNT = table("account", column("id", Integer), column("industry", String))


class WonHistory(NamedTuple):
    """One account's won deals, summed (dates are close dates; the expected close stands in when none)."""

    account_id: int
    won_count: int
    won_cents: int
    first_won: date | None
    last_won: date | None
    recent_cents: int
    """Won value since the start of the margin window (the last few years)."""
    window_count: int
    """Deals won since the start of the RFMT window."""
    window_cents: int
    """Value won since the start of the RFMT window."""


def won_history(conn: Connection, *, recent_since: date, window_since: date) -> list[WonHistory]:
    """Every account that ever won a deal, with its counts, sums and first and last close dates."""
    o = _OPPORTUNITY.c
    closed = func.coalesce(o.closed_on, o.expected_close)
    query = (
        select(
            o.account_id,
            func.count(),
            func.coalesce(func.sum(o.value_cents), 0),
            func.min(closed),
            func.max(closed),
            func.coalesce(func.sum(case((closed >= recent_since, o.value_cents), else_=0)), 0),
            func.count(case((closed >= window_since, 1))),
            func.coalesce(func.sum(case((closed >= window_since, o.value_cents), else_=0)), 0),
        )
        .where(o.status == OpportunityStatus.WON.value)
        .group_by(o.account_id)
    )
    return [WonHistory(*row) for row in conn.execute(query)]


def stored_settings(conn: Connection, keys: Sequence[str]) -> dict[str, str]:
    """The stored JSON text of the given settings (a key never stored is absent)."""
    s = _SETTING.c
    return dict(conn.execute(select(s.key, s.value).where(s.key.in_(list(keys)))).all())


def industries(conn: Connection) -> dict[int, str]:
    """Each account's industry as typed (blank when not entered)."""
    a = _ACCOUNT.c
    return dict(conn.execute(select(a.id, func.coalesce(a.industry, ""))).all())


_REVENUE = table(
    "account_revenue",
    column("account_id", Integer),
    column("year", Integer),
    column("actual_cents", Integer),
)


class RevenueHistory(NamedTuple):
    """One account's yearly revenue (the revenue table), summed over the windows that matter."""

    account_id: int
    first_year: int | None
    """The first year with revenue above zero."""
    last_year: int | None
    """The last year with revenue above zero."""
    margin_cents: int
    """Revenue of the complete years of the margin window."""
    margin_years: int
    """How many of those years have a figure."""
    window_cents: int
    """Revenue of the complete years of the RFMT window."""


def revenue_history(conn: Connection, *, margin_from: int, window_from: int, last_year: int) -> list[RevenueHistory]:
    """Every account with yearly revenue figures, in one aggregate pass (years up to *last_year* count)."""
    r = _REVENUE.c
    known = r.actual_cents.is_not(None)
    positive = r.actual_cents > 0
    in_margin = known & (r.year >= margin_from) & (r.year <= last_year)
    in_window = known & (r.year >= window_from) & (r.year <= last_year)
    query = select(
        r.account_id,
        func.min(case((positive, r.year))),
        func.max(case((positive, r.year))),
        func.coalesce(func.sum(case((in_margin, r.actual_cents), else_=0)), 0),
        func.count(case((in_margin, 1))),
        func.coalesce(func.sum(case((in_window, r.actual_cents), else_=0)), 0),
    ).group_by(r.account_id)
    return [RevenueHistory(*row) for row in conn.execute(query)]
