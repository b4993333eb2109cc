"""The account plan as Markdown: a document that follows the method's steps a–l.

It opens with a header block (who, when, where the relationship stands and
should go, pipeline, DMU coverage), then what changed since the last review,
then one section per step. An empty step says what is missing, so the plan
doubles as the to-do list for the next review. Figures that other services
compute (coverage, completion, guidance, scores, suggested probability, plan
summary) come from those services; this module only reads plain data and lays
it out. Output is deterministic: the same data and clock give the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from accountmgr.models import (
    ActionStatus,
    BuyingRole,
    Channel,
    CommunicationAction,
    DmuMember,
    InfluenceDirection,
    OpportunityStatus,
    RelationshipLevel,
    Severity,
    Step,
)
from accountmgr.models.method import ASPECTS, CRITERIA_BY_CODE, LEVEL_MEANING, SALES_APPROACH, SALES_ASPECTS
from accountmgr.services import clock
from accountmgr.services import markdown as md
from accountmgr.services.changes import Changes
from accountmgr.services.money import format_money
from accountmgr.services.pipeline import weighted_cents
from accountmgr.services.plan_data import PlanData
from accountmgr.services.plan_programmes import programme_blocks, programme_views
from accountmgr.services.safe_text import drop_controls

RECENT_ACTIONS = 10
"""How many done or cancelled actions the communication plan lists (newest first)."""

MAX_CHANGES_PER_GROUP = 12
"""A review reads the first dozen changes of a kind; the rest are counted (the activity log has them all)."""


@dataclass
class Derived:
    """What other services compute for one account; None where a figure is not available."""

    changes: Changes | None = None
    coverage: Any = None
    steps: dict | None = None
    guidance: Any = None
    score: Any = None
    group: Any = None
    recovery: Any = None
    """The recovery guidelines (nature × segment), for the complaints section."""
    loyalty: Any = None
    """KPIs and improvement projects (loyalty_tree.LoyaltyData)."""
    programmes: Any = None


@dataclass(frozen=True)
class Options:
    """How to lay the plan out: for a file (GitHub, pandoc) or for the screen (review mode)."""

    for_screen: bool = False

    @property
    def line_break(self) -> str:
        # Textual's Markdown widget shows raw HTML as text, so the screen joins lines with a slash.
        return " / " if self.for_screen else "<br>"


class _Doc:
    """Markdown blocks, separated by blank lines."""

    def __init__(self, options: Options) -> None:
        self.blocks: list[str] = []
        self.options = options

    def add(self, block: str) -> None:
        if block:
            self.blocks.append(block)

    def heading(self, level: int, text: str) -> None:
        self.add("#" * level + " " + text)

    def missing(self, text: str) -> None:
        """A to-do line for an empty part of the plan."""
        self.add(f"> **Missing:** {text}")

    def fields(self, pairs: Iterable[tuple[str, str]]) -> None:
        """A bullet list of **label:** value, values already escaped."""
        self.add("\n".join(f"- **{label}:** {value}" for label, value in pairs))

    def text_or_missing(self, title: str, text: str, missing: str) -> None:
        self.heading(3, title)
        if md.is_blank(text):
            self.missing(missing)
        else:
            self.add(md.paragraphs(text))

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None) -> None:
        self.add(md.table(headers, list(rows), align=align))

    def cell(self, text: object, blank: str = "—") -> str:
        return md.cell(text, blank=blank, line_break=self.options.line_break)

    def render(self) -> str:
        # Every piece of user text is escaped on its way in; this catches any that was not (defence in depth).
        return drop_controls("\n\n".join(self.blocks) + "\n")


def _date(value: date | None, blank: str = "—") -> str:
    return value.isoformat() if value else blank


def _level(level: RelationshipLevel | None) -> str:
    return f"{level.label} ({level.numeral})" if level else "not set"


def _pct(value: int | None) -> str:
    return f"{value} %" if value is not None else "—"


def _score(value: int | None, scale: int = 10) -> str:
    return f"{value}/{scale}" if value is not None else "—"


def _roles(member: DmuMember) -> str:
    labels = []
    for role in member.roles or []:
        try:
            labels.append(BuyingRole(role).label)
        except ValueError:
            labels.append(str(role))
    return ", ".join(labels)


def _step_title(step: Step) -> str:
    return f"{step.value}. {step.label}"


# --- the plan --------------------------------------------------------------------------------------------------


def render_plan(data: PlanData, derived: Derived, *, today: date | None = None, options: Options = Options()) -> str:
    """The plan of one account from its loaded data and derived figures (no database access)."""
    today = today or clock.today()
    doc = _Doc(options)
    account = data.account
    doc.heading(1, f"Account plan: {md.inline(account.name)}")
    _header(doc, data, derived, today)
    _changes(doc, derived.changes)
    sections: dict[Step, Callable[[_Doc, PlanData, Derived, date], None]] = {
        Step.A: _step_a, Step.B: _step_b, Step.C: _step_c, Step.D: _step_d, Step.E: _step_e, Step.F: _step_f,
        Step.G: _step_g, Step.H: _step_h, Step.I: _step_i, Step.J: _step_j, Step.K: _step_k, Step.L: _step_l,
    }
    for step in Step:
        doc.heading(2, _step_title(step))
        _step_state(doc, derived, step)
        sections[step](doc, data, derived, today)
        if step is Step.L:
            from accountmgr.services.plan_complaints import complaints_section

            doc.add(complaints_section(data, derived.score.segment if derived.score else None, derived.recovery,
                                       today, line_break=options.line_break))
    doc.add(f"*Account plan generated by accountmgr on {today.isoformat()} from the account's records.*")
    return doc.render()


def _header(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    account = data.account
    open_opps = [o for o in data.opportunities if o.status == OpportunityStatus.OPEN]
    open_total = sum(o.value_cents for o in open_opps)
    weighted = sum(weighted_cents(o.value_cents, o.probability) for o in open_opps)
    level = _level(account.current_level)
    if account.target_level and account.target_level != account.current_level:
        level += f" → target {_level(account.target_level)}"
    elif account.target_level:
        level += " (target reached)"
    else:
        level += " → no target level set"
    # The title names the account; the header says only what the title does not.
    pairs = [("Status", "archived")] if account.archived else []
    pairs += [
        ("Industry", md.inline(account.industry) or "—"),
        ("Region", md.inline(account.region) or "—"),
        ("Owner", md.inline(data.owner) if data.owner else "nobody yet"),
        ("Plan date", today.isoformat()),
        ("Relationship level", level),
        ("Weighted pipeline", f"{format_money(weighted)} of {format_money(open_total)} open "
                              f"in {len(open_opps)} {'opportunity' if len(open_opps) == 1 else 'opportunities'}"),
    ]
    planned = [a for a in data.actions if a.status == ActionStatus.PLANNED]
    if planned:
        upcoming = min(planned, key=lambda a: (a.scheduled_at, a.id))
        overdue = " (overdue)" if upcoming.scheduled_at < clock.now() else ""
        pairs.append(("Next action", f"{upcoming.scheduled_at:%Y-%m-%d} — {md.inline(upcoming.objective)}{overdue}"))
    else:
        pairs.append(("Next action", "nothing planned"))
    if derived.coverage is not None:
        cov = derived.coverage
        pairs.append(("DMU coverage", f"{cov.status.label} — " + md.inline(" ".join(cov.reasons))))
    else:
        pairs.append(("DMU coverage", "not computed yet"))
    if derived.score is not None:
        score = derived.score
        attractiveness = (f"attractiveness {score.attractiveness}/100 ({score.attractiveness_band.label.lower()})"
                          if score.rated else "attractiveness not yet scored")
        churn = f"churn risk {score.churn_band.label.lower()}" if score.has_churn_risk else f"churn risk {score.churn_text}"
        pairs.append(("Segment", f"{score.segment.label} — {attractiveness}, {churn}"))
    if derived.steps is not None:
        done = sum(1 for state in derived.steps.values() if state.done)
        pairs.append(("Method steps", f"{done} of {len(derived.steps)} done"))
    doc.fields(pairs)
    if derived.group is not None:
        _group(doc, derived.group, account.id)


def _group(doc: _Doc, group: Any, account_id: int) -> None:
    """The group roll-up: every company of the group with its level, open pipeline and recent wins."""
    count = len(group.members)
    doc.add(f"Group **{md.inline(group.group_name)}**: {count} {'company' if count == 1 else 'companies'}, "
            f"{format_money(group.open_cents)} open pipeline, {format_money(group.won_cents)} won in the last "
            "24 months.")
    doc.table(
        ["Company", "Level", "Open pipeline", "Won (24 months)"],
        [["  " * m.depth + doc.cell(m.name) + (" (this account)" if m.id == account_id else ""), _level(m.level),
          format_money(m.open_cents), format_money(m.won_cents)] for m in group.members],
        align=["l", "l", "r", "r"],
    )


def _changes(doc: _Doc, changes: Changes | None) -> None:
    if changes is None:
        return
    doc.heading(2, md.inline(changes.heading))
    if changes.note:
        doc.add(f"*{md.inline(changes.note)}*")
    if changes.empty:
        doc.add("Nothing has changed since the last review." if changes.since else "Nothing recorded yet.")
        return
    for group in changes.groups:
        doc.add(f"**{md.inline(group.title)}**")
        items = [f"- {md.inline(item)}" for item in group.items[:MAX_CHANGES_PER_GROUP]]
        if len(group.items) > MAX_CHANGES_PER_GROUP:
            items.append(f"- …and {len(group.items) - MAX_CHANGES_PER_GROUP} more.")
        doc.add("\n".join(items))


def _step_state(doc: _Doc, derived: Derived, step: Step) -> None:
    if derived.steps is None or step not in derived.steps:
        return
    state = derived.steps[step]
    if state.done:
        doc.add(f"*Step status: {state.state.symbol} done.*")
    else:
        words = "partly done" if state.state.value == "partial" else "not started"
        doc.add(f"*Step status: {state.state.symbol} {words}. {md.inline(state.reason)}*")


def _step_a(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    account = data.account
    doc.text_or_missing("Organisation", account.organisation,
                        "the customer's organisational characteristics: structure, size, how decisions are made.")
    doc.text_or_missing("Value chain", account.value_chain,
                        "the customer's value chain: how it creates value and where we fit in it.")
    doc.heading(3, "Key actors and their personal objectives")
    with_objectives = [m for m in data.members if not md.is_blank(m.personal_objectives)]
    if with_objectives:
        doc.add("\n".join(
            f"- **{md.inline(m.name)}**" + (f", {md.inline(m.title)}" if m.title else "")
            + f": {md.inline(m.personal_objectives)}"
            for m in with_objectives
        ))
    if not data.members:
        doc.missing("the key actors: nobody in the decision-making unit yet (step h).")
    elif len(with_objectives) < len(data.members):
        others = [m.name for m in data.members if m not in with_objectives]
        doc.missing("the personal objectives of " + md.inline(", ".join(others)) + ".")


def _step_b(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    doc.text_or_missing("Customer profile", data.account.customer_profile,
                        "the customer profile: its typical operational and organisational behaviours.")


def _step_c(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    if not data.competitors:
        doc.missing("no competitors recorded. Who else sells to this customer, with which distinctive competences, "
                    "and at what relationship level?")
        return
    doc.table(
        ["Competitor", "Their level", "Distinctive competences", "Critical success factors", "Notes"],
        [
            [doc.cell(c.competitor), _level(c.level) if c.level else "—", doc.cell(c.competences),
             doc.cell(c.success_factors), doc.cell(c.notes)]
            for c in data.competitors
        ],
    )
    ours = data.account.current_level.rank
    ahead = [c.competitor for c in data.competitors if c.level is not None and c.level.rank > ours]
    if ahead:
        doc.add("Ahead of us with this customer: " + md.inline(", ".join(ahead)) + ".")


def _step_d(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    account = data.account
    doc.heading(3, "Where the relationship stands")
    customer_view, buys = LEVEL_MEANING[account.current_level]
    lines = [f"- **Current level:** {_level(account.current_level)} — {md.inline(customer_view)} "
             f"It buys: {md.inline(buys.lower())}"]
    if account.target_level:
        view, buys = LEVEL_MEANING[account.target_level]
        lines.append(f"- **Target level:** {_level(account.target_level)} — {md.inline(view)}")
    doc.add("\n".join(lines))
    if not account.target_level:
        doc.missing("no target level: where should this relationship be in a year?")

    doc.heading(3, "Level history")
    if data.assessments:
        doc.table(
            ["Date", "Level", "Suggested", "Criteria evidenced", "Note"],
            [
                [_date(a.assessed_on), _level(a.level), _level(a.suggested_level) if a.suggested_level else "—",
                 str(len(a.evidence or [])), doc.cell(a.note)]
                for a in data.assessments
            ],
            align=["l", "l", "l", "r", "l"],
        )
        latest = data.assessments[-1]
        evidenced = [CRITERIA_BY_CODE[code] for code in latest.evidence or [] if code in CRITERIA_BY_CODE]
        if evidenced:
            doc.add(f"Evidence at the latest assessment ({latest.assessed_on.isoformat()}):")
            doc.add("\n".join(
                f"- {c.level.label} — {md.inline(ASPECTS[c.aspect])}: {md.inline(c.text)}" for c in evidenced
            ))
    else:
        doc.missing("no level assessment yet: tick the level criteria you can evidence to place the relationship.")

    doc.heading(3, "Relationship constraints")
    if data.constraints:
        order = {s: i for i, s in enumerate((Severity.HIGH, Severity.MEDIUM, Severity.LOW))}
        doc.table(
            ["Kind", "Severity", "Description"],
            [[c.kind.label, c.severity.label, doc.cell(c.description)]
             for c in sorted(data.constraints, key=lambda c: (order[c.severity], c.id))],
        )
    else:
        doc.missing("no relationship constraints recorded (economic, administrative, logistic, operational, "
                    "professional, organisational). If there are none, say so in the strategy notes.")

    doc.heading(3, "Gap guidance")
    guidance = derived.guidance
    if guidance is None:
        doc.add("*Gap guidance is not computed yet.*")
        return
    doc.add(md.paragraphs(guidance.summary))
    if guidance.changes:
        doc.table(
            ["Aspect", f"Now ({guidance.current.label})", f"Target ({guidance.target.label})"],
            [[doc.cell(c.label), doc.cell(c.current), doc.cell(c.target)] for c in guidance.changes],
        )
    if guidance.findings:
        doc.add("What the data does not show yet:")
        doc.add("\n".join(
            f"- **{md.inline(f.title)}** (step {f.step.value}): {md.inline(f.why)}" for f in guidance.findings
        ))
    if guidance.criteria_to_evidence:
        doc.add("Criteria still to evidence:")
        doc.add("\n".join(
            f"- {c.level.label} — {md.inline(ASPECTS[c.aspect])}: {md.inline(c.text)}"
            for c in guidance.criteria_to_evidence
        ))


def _step_e(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    account = data.account
    doc.fields([
        ("Purchase potential", format_money(account.purchase_potential_cents, blank="not entered")),
        ("Incremental absorption potential", format_money(account.absorption_potential_cents, blank="not entered")),
    ])
    if account.purchase_potential_cents is None or account.absorption_potential_cents is None:
        doc.missing("how much the customer buys in our categories, and how much more it could buy from us.")
    doc.heading(3, "Opportunities")
    open_opps = [o for o in data.opportunities if o.status == OpportunityStatus.OPEN]
    closed = [o for o in data.opportunities if o.status != OpportunityStatus.OPEN]
    if not data.opportunities:
        doc.missing("no opportunities. What could this customer buy next, and how big is it?")
        return
    status = derived.coverage.status if derived.coverage is not None else None
    if open_opps:
        from accountmgr.services.opportunities import suggested_probability

        open_opps.sort(key=lambda o: (o.expected_close or date.max, o.id))
        rows = []
        for o in open_opps:
            suggested = f"{suggested_probability(o, status)} %" if status is not None else "—"
            rows.append([
                doc.cell(o.name), o.stage.label, format_money(o.value_cents), f"{o.probability} %", suggested,
                format_money(weighted_cents(o.value_cents, o.probability)), _date(o.expected_close),
                doc.cell(", ".join(data.opportunity_offerings.get(o.id, []))),
            ])
        total = sum(o.value_cents for o in open_opps)
        weighted = sum(weighted_cents(o.value_cents, o.probability) for o in open_opps)
        rows.append(["**Total open**", "", f"**{format_money(total)}**", "", "", f"**{format_money(weighted)}**",
                     "", ""])
        doc.table(
            ["Opportunity", "Stage", "Value", "Probability", "Suggested", "Weighted", "Expected close", "Offerings"],
            rows, align=["l", "l", "r", "r", "r", "r", "l", "l"],
        )
        if status is not None:
            doc.add(f"Suggested: from the opportunity's scorecard, 5 % plus 90 % of its points out of 12, to the "
                    f"nearest 5 %; whether the DMU is covered follows the coverage status, now {status.label.lower()}.")
    else:
        doc.missing("no open opportunity: nothing in the pipeline for this customer.")
    if closed:
        closed.sort(key=lambda o: (o.closed_on or date.min, o.id), reverse=True)
        doc.add("Closed:")
        doc.table(
            ["Opportunity", "Result", "Value", "Closed on", "Reason"],
            [[doc.cell(o.name), o.status.label, format_money(o.value_cents), _date(o.closed_on), doc.cell(o.close_reason)]
             for o in closed],
            align=["l", "l", "r", "l", "l"],
        )


def _step_f(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    account = data.account
    pairs = [
        ("Relationship level", _level(account.current_level)),
        ("Profit grade", account.profit_grade.label if account.profit_grade else "not entered"),
        ("Potential business value", format_money(account.potential_value_cents, blank="not entered")),
        ("Strategic value", f"{account.strategic_value}/5" if account.strategic_value else "not entered"),
        # Step b owns the profile: when it is missing, step b says so, not step f's to-do line.
        ("Customer profile", "see step b" if not md.is_blank(account.customer_profile) else "not entered yet (step b)"),
    ]
    score = derived.score
    if score is not None:
        pairs += [
            ("Value segment", f"{score.segment.label} — {md.inline(score.segment.advice)}"),
            ("Attractiveness", f"{score.attractiveness}/100 ({score.attractiveness_band.label.lower()})"
             if score.rated else "not yet scored"),
            ("Churn risk", (f"{score.churn_band.label} ({score.churn_points} points)"
                            + (": " + md.inline("; ".join(score.churn_reasons)) if score.churn_reasons else ""))
             if score.has_churn_risk else score.churn_text),
        ]
    else:
        pairs.append(("Value segment", "not computed yet"))
    doc.fields(pairs)
    missing = [label for label, value in pairs if value == "not entered"]
    if missing:
        doc.missing(", ".join(missing).lower() + ".")
    from accountmgr.services.plan_value import value_section

    value_section(doc, score)


def _step_g(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    account = data.account
    doc.fields([("Account-management model",
                 account.management_model.label if account.management_model else "not chosen")])
    doc.text_or_missing("Strategy", account.strategy_notes,
                        "the strategy for this customer: which needs to promote, and how.")
    serious = [c for c in data.constraints if c.severity in (Severity.HIGH, Severity.MEDIUM)]
    if serious:
        doc.heading(3, "Constraints to work on")
        doc.add("\n".join(f"- {c.kind.label} ({c.severity.label.lower()}): {md.inline(c.description)}"
                          for c in sorted(serious, key=lambda c: (c.severity != Severity.HIGH, c.id))))
    for block in programme_blocks(derived.programmes):
        doc.add(block)
    target = account.target_level
    if target and target in SALES_APPROACH:
        doc.heading(3, f"Sales approach at {target.label} level")
        doc.fields((label, md.inline(SALES_APPROACH[target][key])) for key, label in SALES_ASPECTS.items())


def _step_h(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    if not data.members:
        doc.missing("nobody in the decision-making unit. Who decides, who influences, who buys?")
        return
    cov = derived.coverage
    if cov is not None:
        doc.add(f"**Coverage: {cov.status.label}.** " + md.inline(" ".join(cov.reasons)))
    rows = []
    for m in data.members:
        last = "—"
        if m.last_contact:
            last = f"{m.last_contact.isoformat()} ({(today - m.last_contact).days} d)"
        rows.append([
            doc.cell(m.name), doc.cell(m.title), doc.cell(_roles(m)), m.influence.label, m.attitude.label,
            doc.cell(data.team.get(m.owner_id, "") if m.owner_id is not None else "", blank="nobody"),
            m.coverage.label, last, doc.cell(m.personal_win, blank="**missing**"),
        ])
    headers = ["Name", "Title", "Roles", "Influence", "Attitude", "Our owner", "Strength", "Last contact",
               "Personal win"]
    if doc.options.for_screen:
        # Nine columns wrap every cell on a projector or a laptop; step i shows each personal win anyway.
        headers, rows = headers[:-1], [row[:-1] for row in rows]
    doc.table(headers, rows)
    doc.heading(3, "Reporting lines")
    if any(m.reports_to_id for m in data.members) or data.influence_lines:
        doc.add(_org_list(data) if doc.options.for_screen else _org_mermaid(data))
    else:
        doc.missing("no reporting lines: who reports to whom?")
    _informal(doc, data)
    if cov is not None and cov.gaps:
        doc.heading(3, "Coverage gaps")
        doc.add("\n".join(f"- {gap.severity.label}: {md.inline(gap.message)}" for gap in cov.gaps))
    doc.heading(3, "Decision criteria and social style")
    doc.table(
        ["Name", "Organisational criteria", "Personal criteria", "Social style"],
        [[doc.cell(m.name), doc.cell(m.org_criteria), doc.cell(m.personal_criteria),
          m.social_style.label if m.social_style else "—"] for m in data.members],
    )


def _org_mermaid(data: PlanData) -> str:
    """The reporting lines as a Mermaid flowchart; node ids are ours, labels are escaped user text."""
    known = {m.id for m in data.members}
    lines = ["```mermaid", "flowchart TD"]
    for m in data.members:
        label = md.mermaid_label(m.name)
        if m.title:
            label += "<br>" + md.mermaid_label(m.title)
        lines.append(f'    m{m.id}["{label}"]')
    for m in data.members:
        if m.reports_to_id in known:
            lines.append(f"    m{m.reports_to_id} --> m{m.id}")
    # Influence lines are dotted and labelled, so they never read as reporting lines.
    for line in data.influence_lines:
        if line.from_id in known and line.to_id in known:
            arrow = "<-.->" if line.direction is InfluenceDirection.BOTH else "-.->"
            lines.append(f"    m{line.from_id} {arrow}|influences, {line.strength.label.lower()}| m{line.to_id}")
    lines.append("```")
    return "\n".join(lines)


def _informal(doc: _Doc, data: PlanData) -> None:
    """The informal structure: influence lines beyond the reporting lines, and who leans to a competitor."""
    from accountmgr.services.informal import leaning_text, lines_from_rows

    doc.heading(3, "Informal structure")
    found = lines_from_rows(data.influence_lines, data.members)
    items = [f"- {md.inline(line.sentence)}" + (f" — {md.inline(line.note)}" if line.note else "") for line in found]
    items += [f"- {md.inline(data.member_name(member_id))} {md.inline(leaning_text(leaning))}"
              for member_id, leaning in sorted(data.leanings.items(), key=lambda kv: data.member_name(kv[0]).lower())]
    if items:
        doc.add("\n".join(items))
    else:
        doc.missing("no influence lines and no leanings: who sways whom beyond the org chart, and who favours a "
                    "competitor?")


def _org_list(data: PlanData) -> str:
    """The reporting lines as a nested list, for screens that cannot draw Mermaid."""
    known = {m.id for m in data.members}
    children: dict[int | None, list[DmuMember]] = {}
    for m in data.members:
        parent = m.reports_to_id if m.reports_to_id in known else None
        children.setdefault(parent, []).append(m)
    lines: list[str] = []

    def walk(parent: int | None, depth: int, seen: set[int]) -> None:
        for m in children.get(parent, []):
            if m.id in seen:
                continue
            seen.add(m.id)
            title = f", {md.inline(m.title)}" if m.title else ""
            sway = [f"{'↔' if line.direction is InfluenceDirection.BOTH else '⇢'} {md.inline(other)} ({line.strength.label.lower()})"
                    for line, other in influence.get(m.id, [])]
            extra = f" · influences: {', '.join(sway)}" if sway else ""
            lines.append("  " * depth + f"- {md.inline(m.name)}{title}{extra}")
            walk(m.id, depth + 1, seen)

    from accountmgr.services.informal import lines_from_rows

    influence: dict[int, list[tuple[Any, str]]] = {}
    for line in lines_from_rows(data.influence_lines, data.members):
        influence.setdefault(line.from_id, []).append((line, line.to_name))
        if line.direction is InfluenceDirection.BOTH:
            influence.setdefault(line.to_id, []).append((line, line.from_name))
    walk(None, 0, set())
    return "\n".join(lines)


def _step_i(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    vp = data.value_proposition
    doc.text_or_missing("For the organisation", vp.org_benefits if vp else "",
                        "the benefits for the customer's organisation.")
    doc.text_or_missing("Solution fit", vp.solution_fit if vp else "",
                        "the solution fit: how our resources meet the customer's needs.")
    if data.account.target_level is RelationshipLevel.PARTNER or (vp and not md.is_blank(vp.strategic_fit)):
        doc.text_or_missing("Strategic fit", vp.strategic_fit if vp else "",
                            "the strategic fit: how our competences meet the customer's values (the Partner lever).")
    doc.text_or_missing("Mix of resources and competences", vp.resources_mix if vp else "",
                        "the mix of resources, competences and ways of working we put in.")
    doc.heading(3, "For each person")
    if not data.members:
        doc.missing("no DMU members, so no personal wins yet.")
        return
    doc.table(
        ["Name", "Roles", "Personal win", "How to approach"],
        [[doc.cell(m.name), doc.cell(_roles(m)), doc.cell(m.personal_win, blank="**missing**"),
          doc.cell(f"{m.social_style.label}: {m.social_style.hint}" if m.social_style else "")]
         for m in data.members],
    )
    without = [m.name for m in data.members if md.is_blank(m.personal_win)]
    if without:
        doc.missing("a personal win for " + md.inline(", ".join(without)) + ".")


def _people(data: PlanData, action: CommunicationAction, names: dict[int, str]) -> tuple[str, str]:
    """(DMU members addressed, our people involved) of one action, each sorted by name."""
    members = sorted((names.get(i, "") for i in data.action_members.get(action.id, [])), key=str.lower)
    ours = sorted((data.team.get(i, "") for i in data.action_team.get(action.id, [])), key=str.lower)
    return ", ".join(members), ", ".join(ours)


def _step_j(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    if not data.actions:
        doc.missing("no communication plan: which contacts, through which channels, with whom, at what cost?")
        return
    now = clock.now()
    names = {m.id: m.name for m in data.members}
    planned = [a for a in data.actions if a.status == ActionStatus.PLANNED]
    past = [a for a in data.actions if a.status != ActionStatus.PLANNED]
    doc.heading(3, "Upcoming actions")
    if planned:
        rows = []
        for a in planned:
            members, ours = _people(data, a, names)
            when = a.scheduled_at.strftime("%Y-%m-%d %H:%M") + (" **overdue**" if a.scheduled_at < now else "")
            rows.append([when, a.channel.label, doc.cell(a.objective), doc.cell(members), doc.cell(ours),
                         format_money(a.cost_cents)])
        doc.table(["When", "Channel", "Objective", "With", "Our people", "Cost"], rows,
                  align=["l", "l", "l", "l", "l", "r"])
    else:
        doc.missing("nothing planned: what is the next contact?")
    doc.heading(3, "Recent actions")
    if past:
        recent = sorted(past, key=lambda a: (a.done_on or a.scheduled_at.date(), a.scheduled_at, a.id), reverse=True)
        rows = []
        for a in recent[:RECENT_ACTIONS]:
            members, ours = _people(data, a, names)
            rows.append([_date(a.done_on or a.scheduled_at.date()), a.status.label, a.channel.label,
                         doc.cell(a.objective), doc.cell(members), doc.cell(a.outcome)])
        doc.table(["Date", "Status", "Channel", "Objective", "With", "Outcome"], rows)
        if len(past) > RECENT_ACTIONS:
            doc.add(f"*{len(past) - RECENT_ACTIONS} older actions not shown.*")
    else:
        doc.add("No action done yet.")
    doc.heading(3, "Channel mix and cost")
    counts = Counter(a.channel for a in data.actions if a.status != ActionStatus.CANCELLED)
    total = sum(counts.values())
    mix = ", ".join(f"{ch.label} {counts[ch]}" for ch in Channel if counts[ch]) or "no actions"
    spent = sum(a.cost_cents for a in data.actions if a.status == ActionStatus.DONE)
    budget = sum(a.cost_cents for a in planned)
    pairs = [
        ("Contacts", f"{total} ({mix})"),
        ("Cost", f"{format_money(spent)} spent, {format_money(budget)} planned"),
    ]
    addressed = {i for a in planned for i in data.action_members.get(a.id, [])}
    not_addressed = [m.name for m in data.members if m.id not in addressed]
    if not_addressed:
        pairs.append(("Not addressed by any planned action", md.inline(", ".join(not_addressed))))
    doc.fields(pairs)


def _step_k(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    if not data.deliveries:
        doc.missing("no delivery recorded: what are we delivering, with which customer people and competences?")
        return
    doc.table(
        ["Delivery", "Status", "Progress", "Cooperation", "Customer people", "Competences needed", "Due"],
        [[doc.cell(d.name), d.status.label, f"{d.progress} %", d.cooperation.label if d.cooperation else "—",
          doc.cell(d.customer_people), doc.cell(d.competences), _date(d.due_on)] for d in data.deliveries],
        align=["l", "l", "r", "l", "l", "l", "l"],
    )


def _gap(ours: int | None, theirs: int | None) -> str:
    """How far the competitor is ahead or behind on a driver, in words."""
    from accountmgr.services.reviews import gap_text

    return gap_text(ours, theirs)


def _step_l(doc: _Doc, data: PlanData, derived: Derived, today: date) -> None:
    if not data.reviews:
        doc.missing("no review yet: customer satisfaction, profitability, project progress and what we learned.")
        return
    latest = data.reviews[-1]
    doc.heading(3, f"Latest review ({latest.reviewed_on.isoformat()})")
    doc.fields([
        ("Satisfaction", _score(latest.satisfaction)),
        ("Loyalty", _score(latest.loyalty)),
        ("Profitability", _pct(latest.profitability_pct)),
        ("Project progress", _pct(latest.project_progress)),
    ])
    doc.text_or_missing("What we learned", latest.learned, "what the last review taught us.")
    doc.text_or_missing("Next steps", latest.next_steps, "the next steps agreed at the last review.")
    drivers = data.drivers.get(latest.id, [])
    doc.heading(3, "Satisfaction drivers")
    if drivers:
        doc.table(
            ["Driver", "Importance", "Our score", "Competitor", "Gap to competitor"],
            [[doc.cell(d.driver), f"{d.importance}/5", _score(d.our_score), _score(d.competitor_score),
              _gap(d.our_score, d.competitor_score)] for d in drivers],
            align=["l", "r", "r", "r", "r"],
        )
        from accountmgr.services.reviews import key_drivers

        keys = key_drivers(drivers)
        if keys:
            doc.add("Key drivers to act on:")
            doc.add("\n".join(f"- **{md.inline(k.driver)}**: {md.inline(k.reason)}" for k in keys))
    else:
        doc.missing("the satisfaction drivers of the last review were not scored.")
    from accountmgr.services.plan_value import loyalty_section

    loyalty_section(doc, latest, drivers, derived.loyalty)
    if len(data.reviews) > 1:
        doc.heading(3, "Review history")
        doc.table(
            ["Date", "Satisfaction", "Loyalty", "Profitability", "Project progress"],
            [[_date(r.reviewed_on), _score(r.satisfaction), _score(r.loyalty), _pct(r.profitability_pct),
              _pct(r.project_progress)] for r in reversed(data.reviews)],
            align=["l", "r", "r", "r", "r"],
        )


# --- entry points ----------------------------------------------------------------------------------------------


def derive(db, data: dict[int, PlanData], *, portfolio: Any = None, steps: dict | None = None,  # noqa: ANN001
           changes: dict | None = None) -> dict[int, Derived]:
    """Figures from the other services for each loaded account: their bulk forms, or their rules applied to
    the data already loaded, so a whole portfolio costs a handful of queries."""
    from accountmgr.services import coverage as coverage_service
    from accountmgr.services import settings
    from accountmgr.services.informal import lines_from_rows
    from accountmgr.services.guidance import facts_from_plan, guidance_from
    from accountmgr.services.changes import changes_by_account
    from accountmgr.services.completion import step_status_bulk

    ids = list(data)
    stale = settings.stale_days(db)
    today = clock.today()
    if changes is None:
        changes = changes_by_account(db, ids)
    if steps is None:
        steps = step_status_bulk(db) if len(ids) > 1 else {i: _single_steps(db, i) for i in ids}
    if portfolio is None:
        portfolio = _load_portfolio(db)
    from accountmgr.services.groups import parent_map, rollup_from

    from accountmgr.services.recovery import guidelines

    recovery_table = guidelines(db)

    from accountmgr.services.loyalty_tree import bundle

    loyalty = bundle(db, ids)
    parents = parent_map(db)
    by_id = {entry.id: entry for entry in portfolio.entries} if parents and portfolio is not None else {}
    result: dict[int, Derived] = {}
    programmes = programme_views(db, data, portfolio)
    for account_id, plan in data.items():
        derived = Derived(
            changes=changes.get(account_id),
            coverage=coverage_service.analyse(plan.members, today=today, stale_days=stale,
                                              lines=lines_from_rows(plan.influence_lines, plan.members),
                                              leanings=plan.leanings),
            steps=steps.get(account_id),
            score=portfolio.get(account_id) if portfolio is not None else None,
            guidance=guidance_from(facts_from_plan(plan)),
            group=rollup_from(account_id, parents, by_id) if account_id in parents else None,
            recovery=recovery_table,
            loyalty=loyalty.get(account_id),
            programmes=programmes.get(account_id),
        )
        result[account_id] = derived
    return result


def _single_steps(db, account_id: int) -> dict:  # noqa: ANN001
    from accountmgr.services.completion import step_status

    return step_status(db, account_id)


def _load_portfolio(db) -> Any:  # noqa: ANN001
    from accountmgr.services.portfolio import load_portfolio

    return load_portfolio(db)


def render_account_plan(db, account_id: int, *, for_screen: bool = False, portfolio: Any = None) -> str:  # noqa: ANN001
    """The Markdown account plan of one account (for a file, or laid out for review mode's screen).

    *portfolio* (from ``portfolio.load_portfolio``) saves reloading the scores when showing several plans in a row.
    """
    from accountmgr.services.errors import NotFound
    from accountmgr.services.plan_data import load_plan_data

    data = load_plan_data(db, [account_id])
    if account_id not in data:
        raise NotFound("That account no longer exists.")
    derived = derive(db, data, portfolio=portfolio)
    return render_plan(data[account_id], derived[account_id], options=Options(for_screen=for_screen))
