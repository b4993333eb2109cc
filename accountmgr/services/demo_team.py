"""The demo's own people in the method and its accounts' programmes (``fixtures/demo_team_method.json``).

Loaded with the demo portfolio, in its transaction, through the same field specs as the forms: people in
every quadrant with a history, objectives of which some fail a check, and programmes on several accounts —
one of them (Iberlux, below-zero) in a loyalty programme the method would not suggest.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timezone
from importlib.resources import files
from pathlib import Path
from typing import Any

from accountmgr.models import Account, AccountProgramme, ActivityLog, IncentiveObjective, TeamAssessment, TeamMember
from accountmgr.models.columns import table_of
from accountmgr.models.programmes import Programme
from accountmgr.queries import bulk
from accountmgr.services import validation as v
from accountmgr.services.erm import ASSESSMENT_FIELDS, OBJECTIVE_FIELDS, quadrant_of
from accountmgr.services.errors import DomainError

FIXTURE_NAME = "demo_team_method.json"

PROGRAMME_FIELDS: dict[str, v.Converter] = {
    "programme": v.choice(Programme),
    "since": v.date_(),
    "note": v.text(max_length=500),
}


def read_fixture() -> dict[str, Any]:
    resource = files("accountmgr") / "fixtures" / FIXTURE_NAME
    if not resource.is_file():  # a checkout without symlinks: the repository's copy
        resource = Path(__file__).resolve().parents[2] / "fixtures" / FIXTURE_NAME
    return json.loads(resource.read_text(encoding="utf-8"))


def _ids(conn: Any, model: Any, names: set[str], what: str) -> dict[str, int]:
    """Ids by lower-cased name of the records the demo names; an unknown name is refused."""
    found = bulk.ids_by_lower_name(conn, model.__table__, names)
    missing = sorted(n for n in names if n.lower() not in found)
    if missing:
        raise DomainError(f"The demo names an unknown {what} “{missing[0]}”.")
    return found


def _story_at(row: dict[str, Any], default: datetime) -> datetime:
    """When the demo's story says a record came about: its own date where it has one (so a programme joined long
    ago is not news at the next review), else *default*."""
    day = row.get("since") or row.get("assessed_on")
    if day is None:
        return default
    return datetime.combine(day, time(9, 0)).astimezone(timezone.utc)


def write_team_method(conn: Any, log_at: Any, data: dict[str, Any] | None = None) -> dict[str, int]:
    """Insert the demo's assessments, objectives and programmes; returns how many of each."""
    data = data if data is not None else read_fixture()
    people = _ids(conn, TeamMember, {r["member"] for r in data["assessments"] + data["objectives"]}, "team member")
    accounts = _ids(conn, Account, {r["account"] for r in data["programmes"]}, "account")
    log: list[dict[str, Any]] = []

    def put(model: Any, rows: list[dict[str, Any]], entity: str, describe: Any) -> int:
        if not rows:
            return 0
        ids = bulk.insert_returning_ids(conn, model.__table__, rows)
        log.extend({"at": _story_at(row, log_at), "account_id": row.get("account_id"), "entity": entity,
                    "entity_id": row_id,
                    "action": "created", "summary": f"Added {describe(row)} (demo portfolio)", "changes": {}}
                   for row, row_id in zip(rows, ids))
        return len(ids)

    names = dict(bulk.pairs(conn, table_of(TeamMember), "id", "name"))
    counts = {
        "team assessments": put(TeamAssessment, [
            {**v.clean({k: r[k] for k in ASSESSMENT_FIELDS if k in r}, ASSESSMENT_FIELDS),
             "team_member_id": people[r["member"].lower()], "created_at": log_at, "version": 1}
            for r in data["assessments"]
        ], "team_assessment", lambda row: f"assessment of {names[row['team_member_id']]} "
                                          f"({quadrant_of(row['potential'], row['commitment']).label})"),
        "incentive objectives": put(IncentiveObjective, [
            {**v.clean({k: r[k] for k in OBJECTIVE_FIELDS if k in r}, OBJECTIVE_FIELDS),
             "team_member_id": people[r["member"].lower()], "version": 1}
            for r in data["objectives"]
        ], "incentive_objective", lambda row: f"objective of {names[row['team_member_id']]}: {row['description']}"),
        "programmes": put(AccountProgramme, [
            {**v.clean({k: r[k] for k in PROGRAMME_FIELDS if k in r}, PROGRAMME_FIELDS),
             "account_id": accounts[r["account"].lower()], "version": 1}
            for r in data["programmes"]
        ], "account_programme", lambda row: f"{row['programme'].label.lower()}"),
    }
    bulk.insert_rows(conn, table_of(ActivityLog), log)
    return counts
