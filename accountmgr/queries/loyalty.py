"""The loyalty tree's records: KPIs, their readings and improvement projects (for one account or many)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, func, select

from accountmgr.models import ImprovementProject, Kpi, KpiReading


def kpis_of(session: Session, account_ids: Sequence[int] | None) -> list[Kpi]:
    """The KPIs of the accounts (None: of every account), by account, driver and name."""
    query = select(Kpi)
    if account_ids is not None:
        query = query.where(col(Kpi.account_id).in_(list(account_ids)))
    return list(session.exec(
        query.order_by(col(Kpi.account_id), func.lower(Kpi.driver), func.lower(Kpi.name), col(Kpi.id))).all())


def readings_of(session: Session, kpi_ids: Sequence[int] | None) -> list[KpiReading]:
    """The readings of the KPIs (None: of every KPI), oldest first."""
    query = select(KpiReading)
    if kpi_ids is not None:
        query = query.where(col(KpiReading.kpi_id).in_(list(kpi_ids)))
    return list(session.exec(query.order_by(col(KpiReading.kpi_id), col(KpiReading.measured_on), col(KpiReading.id))).all())


def newest_reading(session: Session, kpi_id: int) -> float | None:
    """The value of the KPI's latest reading."""
    return session.exec(
        select(KpiReading.value).where(KpiReading.kpi_id == kpi_id)
        .order_by(col(KpiReading.measured_on).desc(), col(KpiReading.id).desc())
    ).first()


def projects_of(session: Session, account_ids: Sequence[int] | None) -> list[ImprovementProject]:
    """The improvement projects of the accounts (None: of every account), soonest due first, no date last."""
    query = select(ImprovementProject)
    if account_ids is not None:
        query = query.where(col(ImprovementProject.account_id).in_(list(account_ids)))
    return list(session.exec(
        query.order_by(col(ImprovementProject.account_id), col(ImprovementProject.due_on).is_(None),
                       col(ImprovementProject.due_on), col(ImprovementProject.id))
    ).all())


