"""The first and last pages of an account plan: the executive summary, and what to complete before the next review.

The summary is what a director reads in a minute: where the relationship
stands and should go, the money, the forecast, the risks, the next actions and
what the account manager needs from management. Every figure here is also in
the step that owns it; the summary states it once, briefly, and points there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from accountmgr.models import ActionStatus, OpportunityStatus, Step
from accountmgr.services import markdown as md
from accountmgr.services.money import format_money
from accountmgr.services.pipeline import weighted_cents
from accountmgr.services.plan_data import PlanData
from accountmgr.services.plan_doc import PlanDoc, level_text, plural
from accountmgr.services.plan_review import chart_links, level_due, summary_lists, summary_objectives, summary_revenue

NEXT_ACTIONS = 3
TOP_RISKS = 3


def next_actions(data: PlanData, limit: int = NEXT_ACTIONS) -> list[Any]:
    planned = [a for a in data.actions if a.status == ActionStatus.PLANNED]
    return sorted(planned, key=lambda a: (a.scheduled_at, a.id))[:limit]


SummaryPart = Callable[[PlanDoc, PlanData, Any, date], list[tuple[str, str]]]
"""A part of the summary: (label, text) lines from the loaded data and the derived figures."""


def _level(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> list[tuple[str, str]]:
    account = data.account
    text = level_text(account.current_level)
    if account.target_level and account.target_level != account.current_level:
        text += f" → target {level_text(account.target_level)}"
        by_when = _level_deadline(derived)
        text += f" by {by_when}" if by_when else " (no date set: see step g)"
    elif account.target_level:
        # Not "Partner (IV) (target reached)": two brackets in a row read as a fault.
        text += ", the target level"
    else:
        text += " → no target level set"
    return [("Relationship level", text)]


def _level_deadline(derived: Any) -> str:
    """When the target level is due: the open objective that names the target level, if there is one."""
    deadline = level_due(getattr(derived, "review", None))
    return deadline.isoformat() if deadline else ""


def _pipeline(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> list[tuple[str, str]]:
    open_opps = [o for o in data.opportunities if o.status == OpportunityStatus.OPEN]
    total = sum(o.value_cents for o in open_opps)
    weighted = sum(weighted_cents(o.value_cents, o.probability) for o in open_opps)
    return [("Weighted pipeline", f"{format_money(weighted)} of {format_money(total)} open in "
                                  f"{plural(len(open_opps), 'opportunity', 'opportunities')} (step e)")]


def _standing(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> list[tuple[str, str]]:
    lines = []
    cov = getattr(derived, "coverage", None)
    if cov is not None:
        lines.append(("DMU coverage", f"{cov.status.label} (step h)"))
    score = getattr(derived, "score", None)
    if score is not None:
        attractiveness = f"attractiveness {score.attractiveness}/100" if score.rated else "attractiveness not yet scored"
        churn = f"churn risk {score.churn_band.label.lower()}" if score.has_churn_risk else "no churn risk (a prospect)"
        lines.append(("Segment", f"{score.segment.label}; {attractiveness}, {churn} (step f)"))
    return lines


SUMMARY_PARTS: list[SummaryPart] = [_level, summary_revenue, _pipeline, summary_objectives, _standing]
"""The summary's lines in order; another part of the plan inserts its own function here."""


def render_summary(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> None:
    """The executive summary: a short list of facts, the forecast by quarter, the next actions."""
    doc.step = "summary"
    doc.heading(2, "Executive summary")
    pairs: list[tuple[str, str]] = []
    for part in SUMMARY_PARTS:
        pairs += part(doc, data, derived, today)
    doc.fields(pairs)
    review = getattr(derived, "review", None)
    if review is not None and review.forecast:
        doc.add("**Weighted forecast by quarter of expected close**")
        doc.table(["Quarter", "Opportunities", "Open value", "Weighted"],
                  [[q.label, str(q.count), format_money(q.value_cents), format_money(q.weighted_cents)]
                   for q in review.forecast], align=["l", "r", "r", "r"])
        chart_links(doc, "forecast")
    summary_lists(doc, data, derived, today)
    actions = next_actions(data)
    doc.add("**Next actions**")
    if actions:
        now_day = today
        doc.add("\n".join(
            f"- {a.scheduled_at:%Y-%m-%d} — {md.inline(a.objective)} ({a.channel.label.lower()})"
            + (" — overdue" if a.scheduled_at.date() < now_day else "") for a in actions))
    else:
        doc.add("Nothing planned (step j).")


def render_to_complete(doc: PlanDoc, derived: Any) -> None:
    """One list of what is missing, step by step, then the compact method-completeness table."""
    doc.step = "end"
    doc.heading(2, "To complete before the next review")
    if doc.todo:
        doc.add("\n".join(f"- {_where(step)}{text[0].upper() + text[1:]}" for step, text in doc.todo))
    else:
        doc.add("Nothing: every part of the plan is filled in.")
    steps = getattr(derived, "steps", None)
    if not steps:
        return
    doc.heading(3, "Method completeness")
    open_steps = [step for step in Step if step in steps and not steps[step].done]
    done = [step.value for step in Step if step in steps and steps[step].done]
    doc.add(f"{len(done)} of {len(steps)} steps done" + (f": {', '.join(done)}." if done and open_steps else "."))
    if open_steps:
        doc.table(["Step", "State", "What is missing"],
                  [[f"{step.value}. {step.label}", _state(steps[step]), md.cell(steps[step].reason)]
                   for step in open_steps])


def _where(step: str) -> str:
    return f"({step}) " if len(step) == 1 else ""


def _state(state: Any) -> str:
    if state.done:
        return "done"
    return "partly done" if state.state.value == "partial" else "not started"
