"""The services that read through the queries layer give the same answers on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accountmgr.db import Database, open_database
from accountmgr.services import changes, completion, coverage, opportunities, plan, whitespace
from accountmgr.services.demo import load_demo
from accountmgr.services.plan_data import load_plan_data
from accountmgr.services.portfolio import first_page, load_portfolio
from accountmgr.services.portfolio_list import portfolio_rows


def _answers(db: Database) -> dict[str, Any]:
    """What a user sees, by account name (ids may differ between the two databases)."""
    portfolio = load_portfolio(db)
    names = {entry.id: entry.name for entry in portfolio.entries}
    return {
        "scores": sorted(
            (e.name, e.attractiveness, e.segment, e.rfm, e.churn_points, e.churn_reasons, e.open_cents,
             e.weighted_cents, e.won_cents, e.days_since_won, e.next_at, e.next_objective, e.overdue_days,
             e.satisfaction)
            for e in portfolio.entries
        ),
        "first_page": [entry.name for entry in first_page(db)[0]],
        "list": [(r.name, r.owner, r.open_pipeline_cents, r.weighted_pipeline_cents, r.next_action_on)
                 for r in portfolio_rows(db, include_archived=True)],
        "pipeline": opportunities.portfolio_pipeline(db),
        "coverage": sorted((names[i], s) for i, s in coverage.coverage_status_by_account(db).items()),
        "completion": sorted((names[i], tuple(sorted((k.value, v.state.value, v.reason) for k, v in states.items())))
                             for i, states in completion.step_status_bulk(db).items()),
        "changes": sorted((names[i], c.groups) for i, c in changes.changes_by_account(db).items()),
        "plans": [(data.account.name, len(data.members), len(data.actions), data.opportunity_offerings.__len__(),
                   [m.name for m in data.members]) for data in load_plan_data(db).values()],
        "agenda": [(row.account_name, row.scheduled_at, row.members, row.team) for row in plan.agenda(db)],
        "white space": _white_space(db, names),
    }


def _white_space(db: Database, names: dict[int, str]) -> list[Any]:
    matrix = whitespace.portfolio_matrix(db)
    offerings = dict(matrix.offerings)
    return sorted((offerings[o], names[a], cell.state.value, cell.detail) for (o, a), cell in matrix.cells.items())


def test_the_demo_portfolio_reads_the_same_on_both_engines(pg_url: str, tmp_path: Path, frozen_clock: None) -> None:
    sqlite_db = open_database(tmp_path / "demo.db", create=True)
    pg_db = open_database(pg_url)
    try:
        load_demo(sqlite_db)
        load_demo(pg_db)
        on_sqlite, on_pg = _answers(sqlite_db), _answers(pg_db)
    finally:
        sqlite_db.close()
        pg_db.close()
    assert len(on_sqlite["scores"]) == 14
    for key in on_sqlite:
        assert on_pg[key] == on_sqlite[key], key
