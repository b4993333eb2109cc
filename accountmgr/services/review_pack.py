"""The portfolio review pack (README.md of an --all export): totals, both matrices, who needs attention and why,
and a paragraph per account linking its plan. Every figure is the one the account's plan shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from accountmgr.models import ActionStatus, OpportunityStatus, RelationshipLevel
from accountmgr.services import clock
from accountmgr.services import markdown as md
from accountmgr.services.money import format_money
from accountmgr.services.pipeline import weighted_cents
from accountmgr.services.plan_data import PlanData
from accountmgr.services.plan_doc import level_text, plural
from accountmgr.services.safe_text import drop_controls

PACK_TITLE = "# Portfolio review pack"

Reason = Callable[[PlanData, Any, date], list[str]]
"""Why an account needs attention now: plain sentences (escaped by the caller), none when it does not."""


def overdue_actions(data: PlanData, derived: Any, today: date) -> list[str]:
    now = clock.now()
    late = sorted((a for a in data.actions if a.status == ActionStatus.PLANNED and a.scheduled_at < now),
                  key=lambda a: a.scheduled_at)
    if not late:
        return []
    return [f"{plural(len(late), 'planned action')} overdue, the oldest from {late[0].scheduled_at:%Y-%m-%d} "
            f"({late[0].objective})"]


def overdue_objectives(data: PlanData, derived: Any, today: date) -> list[str]:
    review = getattr(derived, "review", None)
    if review is None:
        return []
    return [f"objective overdue: {o.title} (due {o.due_on.isoformat() if o.due_on else '—'})"
            for o in review.overdue_objectives]


def red_coverage(data: PlanData, derived: Any, today: date) -> list[str]:
    cov = getattr(derived, "coverage", None)
    if cov is None or cov.status.value != "red":
        return []
    return ["DMU coverage red: " + " ".join(cov.reasons)]


def high_churn_risk(data: PlanData, derived: Any, today: date) -> list[str]:
    score = getattr(derived, "score", None)
    if score is None or not getattr(score, "has_churn_risk", True) or score.churn_band.value != "high":
        return []  # a prospect has nothing yet to abandon
    return [f"high churn risk ({score.churn_points} points)"
            + (": " + "; ".join(score.churn_reasons) if score.churn_reasons else "")]


def open_asks(data: PlanData, derived: Any, today: date) -> list[str]:
    review = getattr(derived, "review", None)
    if review is None or not review.open_asks:
        return []
    return [f"open ask of management: {a.request}" + (f" (needed by {a.needed_by.isoformat()})" if a.needed_by else "")
            + (", late" if a.late else "") for a in review.open_asks]


def open_complaints(data: PlanData, derived: Any, today: date) -> list[str]:
    """Open complaints, late ones named with how far past the recovery guideline's response time they are."""
    from accountmgr.models import ComplaintNature, ComplaintStatus, FeedbackKind
    from accountmgr.services.scoring import Segment
    from accountmgr.services.complaints import apply
    from accountmgr.services.recovery import SEGMENTS, default_guideline

    score = getattr(derived, "score", None)
    segment = score.segment if score is not None else Segment.CORE
    table = getattr(derived, "recovery", None) or {
        (nature, seg): default_guideline(nature, seg) for nature in ComplaintNature for seg in SEGMENTS
    }
    applied = [apply(row, data.member_name(row.member_id), segment, table, today) for row in data.complaints
               if ComplaintStatus(row.status) is ComplaintStatus.OPEN and FeedbackKind(row.kind) is FeedbackKind.COMPLAINT]
    late = [a for a in applied if a.late]
    reasons = [f"complaint late: {a.complaint.summary} ({a.overdue_days} days past the {a.guideline.response_text} "
               f"response time; {a.guideline.actor.label.lower()} should act)" for a in late]
    waiting = len(applied) - len(late)
    if waiting:
        reasons.append(f"{plural(waiting, 'open complaint')} within its response time")
    return reasons


ATTENTION_REASONS: list[Reason] = [
    overdue_actions, overdue_objectives, red_coverage, high_churn_risk, open_asks, open_complaints,
]
"""Each reason is one small function; another part of the product appends its own (e.g. open complaints)."""


def attention(data: PlanData, derived: Any, today: date) -> list[str]:
    """Why this account needs attention now, in the order the reasons are listed; empty when it does not."""
    reasons: list[str] = []
    for reason in ATTENTION_REASONS:
        reasons += reason(data, derived, today)
    return reasons


def _weighted(plan: PlanData) -> tuple[int, int]:
    open_opps = [o for o in plan.opportunities if o.status == OpportunityStatus.OPEN]
    return sum(o.value_cents for o in open_opps), sum(weighted_cents(o.value_cents, o.probability) for o in open_opps)


def _totals(data: dict[int, PlanData], derived: dict, today: date) -> str:
    open_total = weighted_total = 0
    this_actual = this_target = last_actual = 0
    asks = overdue = 0
    for account_id, plan in data.items():
        value, weighted = _weighted(plan)
        open_total += value
        weighted_total += weighted
        review = getattr(derived.get(account_id), "review", None)
        if review is None:
            continue
        if review.this_year is not None:
            this_actual += review.this_year.actual_cents or 0
            this_target += review.this_year.target_cents or 0
        if review.last_year is not None:
            last_actual += review.last_year.actual_cents or 0
        asks += len(review.open_asks)
        overdue += len(review.overdue_objectives)
    rows = [
        ["Accounts", str(len(data))],
        [f"Revenue {today.year}", format_money(this_actual)],
        [f"Revenue target {today.year}", format_money(this_target)],
        [f"Revenue {today.year - 1}", format_money(last_actual)],
        ["Open pipeline", format_money(open_total)],
        ["Weighted pipeline", format_money(weighted_total)],
        ["Overdue objectives", str(overdue)],
        ["Open asks of management", str(asks)],
    ]
    return md.table(["Portfolio", "Total"], rows, align=["l", "r"])


def _link(plan: PlanData, names: dict[int, str], account_id: int) -> str:
    return f"[{md.inline(plan.account.name)}]({names[account_id]})"


def _matrix(title: str, matrix: Any, row_labels: tuple[str, str], column_labels: tuple[str, str],
            cell_of: Callable[[Any], Any], data: dict[int, PlanData], derived: dict, names: dict[int, str]) -> str:
    """A 2 × 2 matrix as a table: each cell names its strategy and lists its accounts."""
    members: dict[str, list[str]] = {}
    for account_id, plan in data.items():
        score = getattr(derived.get(account_id), "score", None)
        if score is None:
            continue
        members.setdefault(cell_of(score).key, []).append(_link(plan, names, account_id))
    rows = []
    for label, cells in zip(row_labels, matrix):
        rows.append([f"**{label}**"] + [f"**{c.title}** ({len(members.get(c.key, []))}): "
                                        + (", ".join(members.get(c.key, [])) or "—") for c in cells])
    return f"### {title}\n\n" + md.table(["", *column_labels], rows)


def render_pack(data: dict[int, PlanData], derived: dict, names: dict[int, str], today: date) -> str:
    """README.md of a portfolio export: the pack a review meeting runs from."""
    from accountmgr.services.scoring import LEVEL_MATRIX, RISK_MATRIX, level_cell, risk_cell

    blocks = [PACK_TITLE, f"{plural(len(data), 'account')}, exported {today.isoformat()}. Each account's name links "
                          "to its plan."]
    if not data:
        blocks.append("No accounts to export.")
        return drop_controls("\n\n".join(blocks) + "\n")
    blocks += ["## Portfolio totals", _totals(data, derived, today)]
    blocks.append("## Matrices")
    blocks.append(_matrix("Attractiveness × relationship level", LEVEL_MATRIX, ("High attractiveness", "Lower attractiveness"),
                          ("Prospect–Buyer", "Account–Partner"),
                          lambda s: level_cell(s.attractiveness_band, s.level), data, derived, names))
    blocks.append(_matrix("Value × churn risk", RISK_MATRIX, ("High value", "Lower value"),
                          ("Low churn risk", "Medium or high churn risk"),
                          lambda s: risk_cell(s.segment, s.churn_band), data, derived, names))
    blocks.append("## Needs attention now")
    flagged = [(account_id, plan, attention(plan, derived.get(account_id), today)) for account_id, plan in data.items()]
    flagged = [item for item in flagged if item[2]]
    if flagged:
        blocks.append("\n".join(
            f"- {_link(plan, names, account_id)}: " + "; ".join(md.inline(r.rstrip(".")) for r in reasons) + "."
            for account_id, plan, reasons in flagged))
    else:
        blocks.append("No account has an overdue action or objective, red coverage, a high churn risk or an open ask.")
    blocks.append("## Accounts")
    for account_id, plan in data.items():
        blocks.append(_paragraph(account_id, plan, derived.get(account_id), names))
    return drop_controls("\n\n".join(blocks) + "\n")


def _paragraph(account_id: int, plan: PlanData, derived: Any, names: dict[int, str]) -> str:
    account = plan.account
    level = level_text(account.current_level)
    if account.target_level and account.target_level != account.current_level:
        level += f" → {level_text(account.target_level)}"
    value, weighted = _weighted(plan)
    parts = [f"**{_link(plan, names, account_id)}** ({md.inline(plan.owner) or 'no owner'}): {level}",
             f"weighted pipeline {format_money(weighted)} of {format_money(value)}"]
    review = getattr(derived, "review", None)
    if review is not None and review.this_year is not None and review.this_year.actual_cents is not None:
        revenue = f"revenue {review.today.year} {format_money(review.this_year.actual_cents)}"
        if review.this_year.target_cents:
            revenue += f" of {format_money(review.this_year.target_cents)} target"
        parts.append(revenue)
    if review is not None and review.share_now is not None:
        parts.append(f"share of wallet {review.share_now:.1f} %")
    score = getattr(derived, "score", None)
    if score is not None:
        parts.append(f"{score.segment.label.lower()} segment, churn risk {score.churn_band.label.lower()}")
    cov = getattr(derived, "coverage", None)
    if cov is not None:
        parts.append(f"DMU coverage {cov.status.label.lower()}")
    return "; ".join(parts) + "."


def matrix_points(data: dict[int, PlanData], derived: dict) -> list[tuple[str, int, RelationshipLevel]]:
    """(name, attractiveness, level) of every scored account, for the pack's scatter plot."""
    points = []
    for account_id, plan in data.items():
        score = getattr(derived.get(account_id), "score", None)
        if score is not None:
            points.append((plan.account.name, score.attractiveness, plan.account.current_level))
    return points
