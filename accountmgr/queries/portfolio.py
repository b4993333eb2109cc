"""The portfolio's one aggregate query: every account with the figures its list, scores and plans need.

Built with SQLAlchemy Core from the enumerations, so it runs the same on SQLite and PostgreSQL: the
"row holding the maximum" picks use window functions, dates are compared as dates, and money is summed
as 64-bit integers (value × probability passes 2³¹ on large deals).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Connection, Date, String, and_, bindparam, case, cast, false, func, or_, select, true
from sqlalchemy.sql import Select

from accountmgr.models.enums import (
    ActionStatus,
    Attitude,
    BuyingRole,
    ComplaintStatus,
    FeedbackKind,
    Influence,
    OpportunityStatus,
    RelationshipLevel,
)
from accountmgr.queries import light_tables as t

_account = t.account
_team = t.team_member
_opp = t.opportunity
_dmu = t.dmu_member
_competitor = t.competitor_presence
_action = t.communication_action
_review = t.review
_setting = t.setting
_complaint = t.complaint


def weighted_cents_sql(table: Any = _opp) -> Any:
    """Value × probability rounded half up to the cent, as :func:`services.pipeline.weighted_cents` does."""
    return (cast(table.c.value_cents, BigInteger) * table.c.probability + 50) // 100


def sum_cents(expression: Any) -> Any:
    """SUM of a money expression as a whole number on both engines (PostgreSQL sums 64-bit integers as NUMERIC)."""
    return cast(func.sum(expression), BigInteger)


def level_rank(column: Any) -> Any:
    """A relationship level column as its rank (Prospect 0 … Partner 3)."""
    return case({level: level.rank for level in RelationshipLevel}, value=column)


def _closed_on() -> Any:
    """When a deal was closed: its date, else its expected close, else the day it was last changed."""
    return func.coalesce(_opp.c.closed_on, _opp.c.expected_close, func.date(_opp.c.updated_at), type_=Date)


def _only(statement: Any, column: Any, ids: list[int] | None) -> Any:
    """*statement* limited to the accounts *ids* (all of them when None)."""
    return statement if ids is None else statement.where(column.in_(ids))


def _opportunity_figures(ids: list[int] | None = None) -> Any:
    closed = _closed_on()
    won_since = bindparam("won_since", type_=Date)
    lost_since = bindparam("lost_since", type_=Date)
    is_open = _opp.c.status == OpportunityStatus.OPEN
    is_won = _opp.c.status == OpportunityStatus.WON
    won_recently = and_(is_won, closed >= won_since)
    return _only(
        select(
            _opp.c.account_id,
            sum_cents(case((is_open, cast(_opp.c.value_cents, BigInteger)))).label("open_cents"),
            sum_cents(case((is_open, weighted_cents_sql()))).label("weighted_cents"),
            sum_cents(case((won_recently, cast(_opp.c.value_cents, BigInteger)))).label("won_cents"),
            func.count(case((won_recently, 1))).label("won_count"),
            func.max(case((is_won, closed))).label("last_won"),
            func.max(case((and_(_opp.c.status == OpportunityStatus.LOST, closed >= lost_since), _opp.c.name)))
            .label("lost_recently"),
        ),
        _opp.c.account_id, ids,
    ).group_by(_opp.c.account_id).subquery("opportunity_figures")


def key_player_condition(dmu: Any = _dmu) -> Any:
    """A key player: high influence, inner circle, or a decision maker (*dmu*: the DMU table to test)."""
    return or_(
        dmu.c.influence == Influence.HIGH,
        dmu.c.inner_circle == true(),
        cast(dmu.c.roles, String).like(f'%"{BuyingRole.DECISION_MAKER.value}"%'),
    )


def _key_players(ids: list[int] | None = None) -> Any:
    return (
        _only(select(
            _dmu.c.account_id,
            func.count().label("key_players"),
            func.max(_dmu.c.last_contact).label("last_key_contact"),
            func.min(case((_dmu.c.attitude == Attitude.OPPONENT, _dmu.c.name))).label("key_opponent"),
        ), _dmu.c.account_id, ids)
        .where(key_player_condition())
        .group_by(_dmu.c.account_id)
        .subquery("key_players")
    )


def _strongest_competitor(ids: list[int] | None = None) -> Any:
    rank = level_rank(_competitor.c.level)
    ranked = (
        _only(select(
            _competitor.c.account_id,
            rank.label("competitor_rank"),
            _competitor.c.competitor,
            func.row_number().over(
                partition_by=_competitor.c.account_id, order_by=(rank.desc(), _competitor.c.id)
            ).label("place"),
        ), _competitor.c.account_id, ids)
        .where(_competitor.c.level.is_not(None))
        .subquery("ranked_competitors")
    )
    return select(ranked.c.account_id, ranked.c.competitor_rank, ranked.c.competitor).where(
        ranked.c.place == 1
    ).subquery("strongest_competitor")


def _next_actions(ids: list[int] | None = None) -> Any:
    ranked = (
        _only(select(
            _action.c.account_id,
            _action.c.scheduled_at,
            _action.c.objective,
            func.row_number().over(
                partition_by=_action.c.account_id, order_by=(_action.c.scheduled_at, _action.c.id)
            ).label("place"),
        ), _action.c.account_id, ids)
        .where(_action.c.status == ActionStatus.PLANNED)
        .subquery("planned_actions")
    )
    return select(ranked.c.account_id, ranked.c.scheduled_at.label("next_at"), ranked.c.objective.label(
        "next_objective"
    )).where(ranked.c.place == 1).subquery("next_actions")


def _review_satisfaction(ids: list[int] | None = None) -> Any:
    ranked = (
        _only(select(
            _review.c.account_id,
            _review.c.satisfaction,
            func.row_number().over(
                partition_by=_review.c.account_id, order_by=(_review.c.reviewed_on.desc(), _review.c.id.desc())
            ).label("place"),
        ), _review.c.account_id, ids)
        .where(_review.c.satisfaction.is_not(None))
        .subquery("rated_reviews")
    )
    return (
        select(
            ranked.c.account_id,
            func.max(case((ranked.c.place == 1, ranked.c.satisfaction))).label("review_satisfaction"),
            func.max(case((ranked.c.place == 2, ranked.c.satisfaction))).label("previous_satisfaction"),
        )
        .where(ranked.c.place <= 2)
        .group_by(ranked.c.account_id)
        .subquery("review_satisfaction")
    )


def account_figures_statement(*, include_archived: bool = True, ids: list[int] | None = None) -> Select:
    """Every account with owner, pipeline, won deals, key players, strongest competitor, next action and
    the latest two review scores: what the portfolio screen, ``list`` and the plans show.

    Bind ``won_since`` and ``lost_since`` (dates) when executing. With *ids*, only those accounts (every
    sub-query is limited to them too, so a page of accounts costs the same at any portfolio size).
    """
    opp = _opportunity_figures(ids)
    key = _key_players(ids)
    comp = _strongest_competitor(ids)
    nxt = _next_actions(ids)
    sat = _review_satisfaction(ids)
    statement = (
        select(
            _account.c.id, _account.c.name, _account.c.current_level, _account.c.target_level,
            _account.c.owner_id, _team.c.name.label("owner"), _account.c.archived,
            _account.c.purchase_potential_cents, _account.c.absorption_potential_cents,
            _account.c.strategic_value, _account.c.profit_grade, _account.c.satisfaction,
            opp.c.open_cents, opp.c.weighted_cents, opp.c.won_cents, opp.c.won_count, opp.c.last_won,
            opp.c.lost_recently,
            key.c.key_players, key.c.last_key_contact, key.c.key_opponent,
            comp.c.competitor_rank, comp.c.competitor,
            nxt.c.next_at, nxt.c.next_objective,
            sat.c.review_satisfaction, sat.c.previous_satisfaction,
        )
        .select_from(_account)
        .outerjoin(_team, _team.c.id == _account.c.owner_id)
        .outerjoin(opp, opp.c.account_id == _account.c.id)
        .outerjoin(key, key.c.account_id == _account.c.id)
        .outerjoin(comp, comp.c.account_id == _account.c.id)
        .outerjoin(nxt, nxt.c.account_id == _account.c.id)
        .outerjoin(sat, sat.c.account_id == _account.c.id)
    )
    if not include_archived:
        statement = statement.where(_account.c.archived == false())
    return _only(statement, _account.c.id, ids)


def account_figures(conn: Connection, won_since: date, lost_since: date, *, include_archived: bool = True) -> Sequence[Any]:
    """Rows of :func:`account_figures_statement`, ordered by name (case-insensitive)."""
    statement = account_figures_statement(include_archived=include_archived).order_by(
        func.lower(_account.c.name), _account.c.id
    )
    return conn.execute(statement, {"won_since": won_since, "lost_since": lost_since}).all()


def account_figure_tuples(
    conn: Connection, won_since: date, lost_since: date, ids: list[int] | None = None
) -> list[tuple]:
    """The same rows as :func:`account_figures` (archived accounts too, in no particular order) as plain tuples.

    On SQLite the compiled statement runs on the driver's own cursor: the values come back as stored (text for
    enumerations and dates), which the portfolio converts with dictionary lookups. At 100,000 accounts this
    saves SQLAlchemy's per-value processing, which holds Python's lock while the screen is drawing. Other
    engines return typed values.
    """
    statement = account_figures_statement(ids=ids)
    params = {"won_since": won_since, "lost_since": lost_since}
    if ids is not None:
        # A page of accounts: few rows, typed values.
        return [tuple(row) for row in conn.execute(statement, params)]
    return _plain_rows(conn, statement, params)


def _plain_rows(conn: Connection, statement: Select, params: dict[str, Any]) -> list[tuple]:
    """Every row of *statement* as a plain tuple: on SQLite from the driver's own cursor, values as stored."""
    if conn.dialect.name != "sqlite":
        return [tuple(row) for row in conn.execute(statement, params)]
    compiled = statement.compile(dialect=conn.dialect)
    values = compiled.construct_params(params)
    # Enumeration members are str subclasses holding their value; dates go in as ISO text, as stored.
    arguments = [_stored(values[name]) for name in compiled.positiontup or ()]
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # a live connection always has its driver connection
    try:
        return cursor.execute(str(compiled), arguments).fetchall()
    finally:
        cursor.close()


def _stored(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value.value if isinstance(value, Enum) and isinstance(value, str) else value


def first_accounts(conn: Connection, limit: int) -> Sequence[Any]:
    """The first *limit* active accounts by name (served by the lower-cased name index), without figures."""
    statement = (
        select(
            _account.c.id, _account.c.name, _account.c.current_level, _account.c.target_level,
            _account.c.owner_id, _team.c.name.label("owner"), _account.c.archived, _account.c.satisfaction,
        )
        .select_from(_account)
        .outerjoin(_team, _team.c.id == _account.c.owner_id)
        .where(_account.c.archived == false())
        .order_by(func.lower(_account.c.name))
        .limit(limit)
    )
    return conn.execute(statement).all()


def active_names(conn: Connection) -> list[tuple[int, str]]:
    """(id, name) of every active account, by name."""
    statement = select(_account.c.id, _account.c.name).where(_account.c.archived == false()).order_by(
        func.lower(_account.c.name)
    )
    return [tuple(row) for row in conn.execute(statement)]


def account_count(conn: Connection, *, archived_too: bool = False) -> int:
    """How many accounts there are (active ones only unless *archived_too*)."""
    statement = select(func.count()).select_from(_account)
    if not archived_too:
        statement = statement.where(_account.c.archived == false())
    return int(conn.execute(statement).scalar_one())


def settings_values(conn: Connection, keys: tuple[str, ...]) -> dict[str, str]:
    """Stored settings (JSON text) among *keys*."""
    return dict(conn.execute(select(_setting.c.key, _setting.c.value).where(_setting.c.key.in_(keys))).all())


def open_complaints(conn: Connection) -> list[tuple]:
    """(account id, id, nature, received on, summary, severity) of every open complaint (not other feedback), oldest
    first: as ``queries.complaints.open_complaints``, without building the complaint table classes on the way to
    the first screen."""
    statement = (
        select(_complaint.c.account_id, _complaint.c.id, _complaint.c.nature, _complaint.c.received_on,
               _complaint.c.summary, _complaint.c.severity)
        .where(_complaint.c.status == ComplaintStatus.OPEN, _complaint.c.kind == FeedbackKind.COMPLAINT)
        .order_by(_complaint.c.received_on, _complaint.c.id)
    )
    return [tuple(row) for row in conn.execute(statement)]


def score_populations(conn: Connection, won_since: date, recent_since: date, window_since: date) -> ScoreFigures:
    """What every score ranks a page of accounts against, read lean (rows as plain tuples, dates as stored:
    ISO text on SQLite) and each table once, without joins."""
    closed = func.coalesce(_opp.c.closed_on, _opp.c.expected_close, type_=Date)
    value = cast(_opp.c.value_cents, BigInteger)
    is_won = _opp.c.status == OpportunityStatus.WON

    def since(day: str) -> Any:
        return closed >= bindparam(day, type_=Date)

    accounts = select(
        func.coalesce(_account.c.purchase_potential_cents, 0), func.coalesce(_account.c.absorption_potential_cents, 0),
    ).where(_account.c.archived == false())
    archived = select(_account.c.id).where(_account.c.archived == true())
    pipelines = (
        select(_opp.c.account_id, sum_cents(weighted_cents_sql()))
        .where(_opp.c.status == OpportunityStatus.OPEN)
        .group_by(_opp.c.account_id)
    )
    # Served by the index on won deals (status, account, close and expected close, value).
    won = (
        select(
            _opp.c.account_id, func.count(), func.coalesce(sum_cents(value), 0), func.min(closed), func.max(closed),
            func.coalesce(sum_cents(case((since("recent_since"), value))), 0),
            func.count(case((since("window_since"), 1))),
            func.coalesce(sum_cents(case((since("window_since"), value))), 0),
            func.coalesce(sum_cents(case((since("won_since"), value))), 0),
            func.count(case((since("won_since"), 1))),
        )
        .where(is_won)
        .group_by(_opp.c.account_id)
    )
    undated = select(_opp.c.account_id, value, func.date(_opp.c.updated_at)).where(
        is_won, _opp.c.closed_on.is_(None), _opp.c.expected_close.is_(None)
    )
    days = {"won_since": won_since, "recent_since": recent_since, "window_since": window_since}
    return ScoreFigures(
        _plain_rows(conn, accounts, {}), {row[0] for row in _plain_rows(conn, archived, {})},
        _plain_rows(conn, pipelines, {}), _plain_rows(conn, won, days), _plain_rows(conn, undated, {}),
    )


class ScoreFigures(NamedTuple):
    """The rows of :func:`score_populations`."""

    potentials: list[tuple]
    """(purchase potential, absorption potential) of every active account, 0 when not entered."""
    archived: set[int]
    """The archived accounts' ids."""
    pipelines: list[tuple]
    """(account id, weighted open pipeline) of every account with open opportunities."""
    won: list[tuple]
    """Every account that won a deal: its history as ``queries.value.won_history`` gives it (deals won, their
    value, first and last close or expected close, value since ``recent_since``, deals and value since
    ``window_since``), then value and deals won since ``won_since``."""
    undated: list[tuple]
    """(account id, value, day last changed) of won deals with neither a close nor an expected close date: the
    portfolio dates them by their last change (the won-deal history leaves them undated)."""
