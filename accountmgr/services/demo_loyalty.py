"""The demo portfolio's loyalty trees: perceived and technical quality on reviews, KPIs with their history and
improvement projects, kept in a fixture of their own (``demo_loyalty.json``) and checked like a form."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

from accountmgr.models import ImprovementProject, Kpi, KpiReading, Review
from accountmgr.models.columns import table_of
from accountmgr.queries import bulk
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.loyalty_tree import KPI_FIELDS, PROJECT_FIELDS, parse_number
from accountmgr.services.row_defaults import row_defaults

FIXTURE_NAME = "demo_loyalty.json"


def read_fixture() -> dict[str, Any]:
    """The demo's loyalty data as shipped inside the package (by account name)."""
    resource = files("accountmgr") / "fixtures" / FIXTURE_NAME
    if not resource.is_file():
        resource = Path(__file__).resolve().parents[2] / "fixtures" / FIXTURE_NAME
    return json.loads(resource.read_text(encoding="utf-8"))


def write_loyalty(writer: Any, accounts: Sequence[tuple[int, Mapping[str, Any]]],
                  reviews: Sequence[tuple[int, Mapping[str, Any], int]], data: Mapping[str, Any] | None = None) -> None:
    """Add the loyalty data of the demo accounts that were just written (*writer* is the demo's batch writer)."""
    data = read_fixture() if data is None else data
    by_name = {record["name"]: account_id for account_id, record in accounts}
    review_ids = {(account_id, v.parse_date(item["reviewed_on"])): row_id for account_id, item, row_id in reviews}
    qualities: list[Any] = []
    readings: list[Any] = []
    projects: list[Any] = []
    for name, loyalty in data.items():
        account_id = by_name.get(name)
        if account_id is None:
            continue
        for quality in loyalty.get("quality", []):
            review_id = review_ids.get((account_id, v.parse_date(quality["review"])))
            if review_id is None:
                raise DomainError(f"The demo names a review of {name} on {quality['review']} that it does not hold.")
            qualities.append({"_id": review_id, "perceived": quality["perceived"], "technical": quality["technical"]})
        kpis = loyalty.get("kpis", [])
        rows = []
        for kpi in kpis:
            history = [(v.parse_date(day), parse_number(value)) for day, value in kpi.get("readings", [])]
            record = {k: val for k, val in kpi.items() if k not in ("owner", "readings")}
            record.setdefault("higher_is_better", True)
            if history:
                record["current"] = max(history)[1]
            rows.append(_row(writer, "kpi", record, KPI_FIELDS, account_id=account_id,
                             owner_id=writer.team_id(kpi.get("owner"), name)))
        kpi_ids = writer.insert("kpi", rows, lambda r: f"KPI {r['name']}")
        names = {kpi["name"]: kpi_id for kpi, kpi_id in zip(kpis, kpi_ids)}
        for kpi, kpi_id in zip(kpis, kpi_ids):
            readings.extend({"kpi_id": kpi_id, "measured_on": v.parse_date(day), "value": parse_number(value)}
                            for day, value in kpi.get("readings", []))
        for project in loyalty.get("projects", []):
            record = {k: val for k, val in project.items() if k not in ("owner", "kpi")}
            kpi_id = names.get(project.get("kpi", ""))
            projects.append(_row(writer, "improvement_project", record, PROJECT_FIELDS, account_id=account_id,
                                 owner_id=writer.team_id(project.get("owner"), name), kpi_id=kpi_id))
    writer.insert("improvement_project", projects, lambda r: f"improvement project {r['name']}")
    writer.link(KpiReading, readings)
    if qualities:
        bulk.set_by_id(writer.conn, table_of(Review),
                       {"perceived_quality": bulk.bound("perceived"), "technical_quality": bulk.bound("technical")},
                       qualities)


def _row(writer: Any, entity: str, record: Mapping[str, Any], spec: Mapping[str, v.Converter],
         **extra: Any) -> dict[str, Any]:
    try:
        values = v.clean(record, spec, partial=True)
    except DomainError as exc:
        raise DomainError(f"Demo {entity.replace('_', ' ')} {record.get('name', '')}: {exc.message}", exc.field) from None
    models: dict[str, type[SQLModel]] = {"kpi": Kpi, "improvement_project": ImprovementProject}
    model = models[entity]
    row = {**row_defaults(model), **values, **extra}
    for stamp in ("created_at",):
        if stamp in row:
            row[stamp] = writer.now_utc
    return row
