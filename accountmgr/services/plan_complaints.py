"""The plan's "Complaints and recovery" section: each complaint with its guideline applied, late ones flagged.

Kept apart from the plan's layout so the plan can be rearranged without
touching it: it takes the loaded plan data and returns Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from accountmgr.models import ComplaintNature, ComplaintStatus, FeedbackKind
from accountmgr.services import markdown as md
from accountmgr.services.complaints import apply
from accountmgr.services.money import format_money
from accountmgr.services.scoring import Segment


def complaints_section(
    data: Any, segment: Segment | None, guidelines: Mapping | None, today: date, *, line_break: str = "<br>",
) -> str:
    """Markdown: a level-3 heading, the late ones called out, and a table of every complaint and feedback."""
    out = ["### Complaints and recovery"]
    if not data.complaints:
        out.append("No complaint or other feedback recorded.")
        return "\n\n".join(out)
    if guidelines is None:
        from accountmgr.services.recovery import SEGMENTS, default_guideline

        guidelines = {(n, s): default_guideline(n, s) for n in ComplaintNature for s in SEGMENTS}
    segment = segment or Segment.CORE
    applied = [apply(row, data.member_name(row.member_id), segment, guidelines, today)
               for row in reversed(data.complaints)]
    late = [a for a in applied if a.late]
    open_ = [a for a in applied if ComplaintStatus(a.complaint.status) is ComplaintStatus.OPEN
             and FeedbackKind(a.complaint.kind) is FeedbackKind.COMPLAINT]
    summary = f"{len(open_)} open" + (f", **{len(late)} late**" if late else "") + f" of {len(applied)} recorded."
    out.append(summary)
    if late:
        out.append("\n".join(
            f"- **Late:** {md.inline(a.complaint.summary)} — received {a.complaint.received_on:%Y-%m-%d}, "
            f"{a.overdue_days} days past the {a.guideline.response_text} response time; "
            f"{md.inline(a.advice)}" for a in late
        ))
    rows = []
    for a in applied:
        c = a.complaint
        compensation = format_money(c.compensation_cents) if c.compensation_cents else "—"
        if a.over_limit:
            compensation += f" (above the {a.guideline.limit_text} limit)"
        rows.append([
            c.received_on.isoformat(),
            md.cell(a.member_name, blank="—", line_break=line_break),
            f"{FeedbackKind(c.kind).label}: {ComplaintNature(c.nature).label.lower()}",
            c.severity.label,
            md.cell(c.summary, line_break=line_break),
            md.cell(c.department, line_break=line_break),
            f"**{a.flag}**" if a.late else a.flag,
            f"{a.guideline.actor.label}, {a.guideline.response_text}, up to {a.guideline.limit_text}",
            md.cell(c.resolution, line_break=line_break),
            compensation,
        ])
    out.append(md.table(
        ["Received", "From", "Nature", "Severity", "What", "Routed to", "Status", "Guideline", "Resolution",
         "Compensation"],
        rows,
    ))
    out.append(f"*Guidelines for a {segment.label.lower()} customer: who may act, how fast, up to what "
               "compensation (recovery guidelines in the settings).*")
    return "\n\n".join(out)
