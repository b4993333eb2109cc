"""The account plan's sections on customer value (lifetime value, RFMT, the three differentiations) and on the
loyalty tree (KPIs, improvement projects, perceived against technical quality)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accountmgr.models import RelationshipLevel
from accountmgr.services import customer_value
from accountmgr.services import markdown as md
from accountmgr.services.loyalty_tree import (
    LoyaltyData,
    format_number,
    gap_text,
    kpi_status,
    quality_gap_text,
    with_unit,
)
from accountmgr.services.money import format_money


def value_section(doc: Any, score: Any) -> None:
    """Lifetime value and RFMT with how they were computed, and the three ways to differentiate the customer."""
    value = getattr(score, "value", None)
    doc.heading(3, "Customer value: lifetime value and RFMT")
    if value is None:
        doc.add("Not computed yet.")
        return
    level = score.level
    if level is RelationshipLevel.PROSPECT:
        clv = "—, prospect"
    else:
        clv = "—" if value.clv_cents is None else format_money(value.clv_cents)
    rfmt = "—" if value.rfmt is None else f"{value.rfmt}/100 (recency {value.rfmt_parts[0]}, frequency " \
        f"{value.rfmt_parts[1]}, monetary {value.rfmt_parts[2]}, tenure {value.rfmt_parts[3]}, each of 5)"
    doc.fields([("Lifetime value", clv), ("RFMT", rfmt)])
    settings = value.settings
    if settings is not None:
        doc.add("\n".join(f"- {md.inline(line)}" for line in customer_value.explain_clv(value, level, settings)))
    doc.add("Three ways to differentiate this customer:")
    doc.add("\n".join(f"- {md.inline(line)}" for line in
                      customer_value.differentiation(value, score.segment.label, level)))


def loyalty_section(doc: Any, review: Any, drivers: Sequence[Any], loyalty: LoyaltyData | None) -> None:
    """Perceived against technical quality, then the loyalty tree: drivers → KPIs → processes, and projects."""
    doc.heading(3, "Perceived and technical quality")
    perceived = getattr(review, "perceived_quality", None) if review is not None else None
    technical = getattr(review, "technical_quality", None) if review is not None else None
    if perceived is None and technical is None:
        doc.missing("perceived and technical quality were not measured at the last review.")
    else:
        doc.fields([
            ("Perceived quality", "—" if perceived is None else f"{perceived}/10"),
            ("Technical quality", "—" if technical is None else f"{technical}/10"),
            ("Gap", md.inline(quality_gap_text(perceived, technical))),
        ])
    doc.heading(3, "Loyalty tree: drivers → KPIs → processes")
    kpis = loyalty.kpis if loyalty else []
    scored = {d.driver.lower(): d for d in drivers}
    if not kpis:
        doc.missing("no KPI behind the satisfaction drivers: tie each key driver to a measurable index of one "
                    "of our processes.")
    else:
        rows = []
        for node in kpis:
            kpi = node.kpi
            driver = scored.get(kpi.driver.lower())
            gap = gap_text(driver.our_score, driver.competitor_score) if driver is not None else ""
            history = " → ".join(format_number(r.value) for r in node.history[-4:]) or "—"
            rows.append([
                doc.cell(kpi.driver), doc.cell(gap or "—"), doc.cell(kpi.name), doc.cell(kpi.process),
                doc.cell(node.owner), doc.cell(with_unit(kpi.current, kpi.unit)),
                doc.cell(with_unit(kpi.target, kpi.unit)), doc.cell(kpi_status(kpi) or "—"), doc.cell(history),
            ])
        doc.table(["Driver", "Gap", "KPI", "Process", "Owner", "Current", "Target", "Status", "History"], rows)
    doc.heading(3, "Improvement projects")
    projects = loyalty.projects if loyalty else []
    if not projects:
        doc.add("None yet: the monitoring step suggests one where the competitor is furthest ahead.")
        return
    names = loyalty.kpi_names if loyalty else {}
    owners = loyalty.owners if loyalty else {}
    doc.table(
        ["Driver", "Project", "Owner", "Due", "KPI to move", "Status"],
        [[doc.cell(p.driver), doc.cell(p.name), doc.cell(owners.get(p.owner_id, "") if p.owner_id else ""),
          p.due_on.isoformat() if p.due_on else "—", doc.cell(names.get(p.kpi_id, "") if p.kpi_id else ""),
          p.status.label] for p in projects],
    )
