"""The plan's review figures: revenue and share of wallet (step e), objectives, risks and asks (step g), and
their lines in the executive summary. All numbers come from ``account_review.review_figures``."""

from __future__ import annotations

from datetime import date
from typing import Any

from accountmgr.models.enums import ObjectiveStatus
from accountmgr.services import markdown as md
from accountmgr.services.money import format_money
from accountmgr.services.plan_data import PlanData
from accountmgr.services.plan_doc import PlanDoc, day, plural

RISK_WORDS = {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"}


def share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def _review(derived: Any) -> Any:
    return getattr(derived, "review", None)


def level_due(review: Any) -> date | None:
    """When the target level is due: the open objective naming the target level, soonest first."""
    if review is None or review.target_level is None:
        return None
    word = review.target_level.label.lower()
    for objective in review.objectives:
        if objective.status == ObjectiveStatus.OPEN and word in objective.title.lower() and objective.due_on:
            return objective.due_on
    return None


# --- summary lines -------------------------------------------------------------------------------------------


def summary_revenue(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> list[tuple[str, str]]:
    review = _review(derived)
    if review is None:
        return []
    this, last = review.this_year, review.last_year
    if this is None and last is None:
        doc.missing("revenue for this year and last year, with a target (step e).", say=False)
        return [("Revenue", "— (no revenue entered for this year or last year)"),
                ("Share of wallet", "— (needs revenue and the customer's category spend, step e)")]
    year = today.year
    # The plan is dated inside the year: this year's revenue is so far, last year's is the whole year.
    parts = [f"{year} so far: {format_money(this.actual_cents if this else None, blank='—')}"]
    if this is not None and this.target_cents is not None:
        parts[0] += f" of a {format_money(this.target_cents)} target"
        if this.target_pct is not None:
            parts[0] += f" ({this.target_pct:.0f} %)"
    last_cents = last.actual_cents if last else None
    this_cents = this.actual_cents if this else None
    if this_cents is not None and last_cents:
        change = round((this_cents - last_cents) * 100 / last_cents)
        parts[0] += f", {change:+d} % on {year - 1}".replace("-", "−")
    parts.append(f"{year - 1}: {format_money(last_cents, blank='—')}")
    lines = [("Revenue", "; ".join(parts) + " (step e)")]
    if review.share_now is not None:
        lines.append(("Share of wallet", f"{share(review.share_now)} of the customer's spend in our category "
                                         f"in {review.share_now_year}"))
    else:
        lines.append(("Share of wallet", "— (needs revenue and the customer's category spend, step e)"))
    return lines


def summary_objectives(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> list[tuple[str, str]]:
    review = _review(derived)
    if review is None:
        return []
    open_ones = [o for o in review.objectives if o.status == ObjectiveStatus.OPEN]
    if not open_ones:
        return [("Objectives", "none open (step g)")]
    text = f"{len(open_ones)} open"
    if review.overdue_objectives:
        text += f", {len(review.overdue_objectives)} overdue: " + "; ".join(
            f"{md.inline(o.title)} (due {day(o.due_on)})" for o in review.overdue_objectives)
    return [("Objectives", text + " (step g)")]


def summary_lists(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> None:
    """The top risks and the open asks as short lists under the summary's facts."""
    review = _review(derived)
    if review is None:
        return
    doc.add("**Top risks**")
    if review.top_risks:
        doc.add("\n".join(
            f"- {md.inline(r.description)} — {RISK_WORDS.get(r.likelihood, r.likelihood)} likelihood, "
            f"{RISK_WORDS.get(r.impact, r.impact)} impact; mitigation: {md.inline(r.mitigation) or '—'}"
            + (f" ({md.inline(r.owner)})" if r.owner else "") for r in review.top_risks))
    else:
        doc.add("No open risk recorded (step g).")
    doc.add("**What we need from management**")
    if review.open_asks:
        doc.add("\n".join(
            f"- {md.inline(a.request)} — from {md.inline(a.who) or '—'}, needed by {day(a.needed_by)}"
            + (" (late)" if a.late else "") for a in review.open_asks))
    else:
        doc.add("Nothing open.")


# --- step e --------------------------------------------------------------------------------------------------


def revenue_section(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> None:
    """Revenue by year against target, with the customer's category spend and our share of it."""
    review = _review(derived)
    if review is None:
        return
    doc.heading(3, "Revenue and share of wallet")
    if not review.years:
        doc.missing("revenue by year (actuals and targets), entered or imported.")
        return
    doc.table(
        ["Year", "Revenue", "Target", "Of target", "Customer's category spend", "Share of wallet"],
        [[str(y.year), format_money(y.actual_cents, blank="—"), format_money(y.target_cents, blank="—"),
          f"{y.target_pct:.0f} %" if y.target_pct is not None else "—",
          format_money(y.wallet_cents, blank="—") + (" (today's)" if y.potential_is_current else ""),
          share(y.share_pct)] for y in review.years],
        align=["l", "r", "r", "r", "r", "r"],
    )
    if any(y.potential_is_current for y in review.years):
        doc.add("(today's): a year without its own category spend is measured against today's purchase potential.")
    chart_links(doc, "revenue", "share")


def chart_links(doc: PlanDoc, *kinds: str) -> None:
    """Links to the chart files written beside the plan (exports only; set by the exporter)."""
    kinds = tuple(k for k in kinds if k in doc.options.charts)
    if kinds and doc.options.html:
        from accountmgr.services.plan_html import CHART_MARK

        doc.add("\n".join(CHART_MARK.format(kind=k) for k in kinds))
        return
    if not kinds or not doc.options.chart_stem:
        return
    from accountmgr.services.charts_svg import CHART_TITLES

    doc.add("\n".join(f"![{CHART_TITLES[k]}]({doc.options.chart_stem}-{k}.svg)" for k in kinds))


# --- step g --------------------------------------------------------------------------------------------------


def objectives_section(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> None:
    review = _review(derived)
    if review is None:
        return
    doc.heading(3, "Objectives")
    if not review.objectives:
        doc.missing("the account's objectives: what, by when, who owns it (e.g. Partner by Q3 2027).")
        return
    doc.table(
        ["Objective", "By", "Owner", "Status", "Milestones"],
        [[doc.cell(o.title), day(o.due_on) + (" **overdue**" if o.overdue else ""), doc.cell(o.owner),
          o.status.label, _milestones(doc, o)] for o in review.objectives],
    )


def _milestones(doc: PlanDoc, objective: Any) -> str:
    if not objective.milestones:
        return "—"
    items = []
    for m in objective.milestones:
        state = f"done {day(m.done_on)}" if m.done_on else f"due {day(m.due_on)}" + (", overdue" if m.overdue else "")
        items.append(md.inline(m.title) + f" ({state})")
    return doc.options.line_break.join(items)


def risks_section(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> None:
    review = _review(derived)
    if review is None:
        return
    doc.heading(3, "Risks")
    if not review.risks:
        doc.missing("the risks to this account, with likelihood, impact, mitigation and owner.")
        return
    doc.table(
        ["Risk", "Likelihood", "Impact", "Score", "Mitigation", "Owner", "Status"],
        [[doc.cell(r.description), f"{r.likelihood}/5", f"{r.impact}/5", str(r.score), doc.cell(r.mitigation),
          doc.cell(r.owner), r.status.label] for r in review.risks],
        align=["l", "r", "r", "r", "l", "l", "l"],
    )


def asks_section(doc: PlanDoc, data: PlanData, derived: Any, today: date) -> None:
    review = _review(derived)
    if review is None:
        return
    doc.heading(3, "Asks of management")
    if not review.asks:
        doc.add("No support asked of management.")
        return
    doc.table(
        ["Ask", "Of", "Needed by", "Status", "Answer"],
        [[doc.cell(a.request), doc.cell(a.who), day(a.needed_by) + (" **late**" if a.late else ""),
          a.status.label, doc.cell(a.answer)] for a in review.asks],
    )
    open_count = len(review.open_asks)
    if open_count:
        doc.add(f"{plural(open_count, 'ask')} still open.")
