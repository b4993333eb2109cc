"""Method guide pages for our own people (potential × commitment, incentives) and for the three programmes."""

from __future__ import annotations

from accountmgr.keys import ref
from accountmgr.models.erm import ObjectiveKind, ObjectiveScope
from accountmgr.models.programmes import Programme
from accountmgr.services import erm
from accountmgr.services.programmes import WHAT_IT_IS


def _erm() -> str:
    quadrants = ["| quadrant | potential | commitment | how to manage |", "|---|---|---|---|"]
    for quadrant in erm.Quadrant:
        quadrants.append(f"| **{quadrant.label}s** | {'high' if quadrant.high_potential else 'low'} | "
                         f"{'high' if quadrant.high_commitment else 'low'} | {quadrant.advice} |")
    checks = "\n".join(f"- **{name.capitalize()}:** {meaning}." for name, meaning in erm.CHECKS.items())
    return (
        "# Our own people (employee relationship management)\n\n"
        "*Gestione delle relazioni con i dipendenti.* Satisfied, loyal staff make satisfied, loyal customers. "
        "Each person on our side is placed by **potential** (*potenziale*) and **commitment** (*impegno*: "
        "willingness to make personal sacrifices for the goals, focus on the job), each scored 1–5 and dated; "
        f"{erm.HIGH_FROM} or 5 is high and the latest assessment counts.\n\n"
        + "\n".join(quadrants)
        + "\n\nTop guns and \"diamond\" customers together make the competitive advantage.\n\n"
        "## Incentive objectives (*obiettivi di incentivazione*)\n\n"
        "An incentive system must be **visible, reachable and influenceable** (*visibile, raggiungibile, "
        "influenzabile*); an objective failing a check is flagged:\n\n"
        + checks
        + "\n\nIt must also balance "
        + " and ".join(s.label.lower() for s in ObjectiveScope) + " objectives, "
        + " and ".join(k.label.lower() for k in ObjectiveKind) + " objectives; the person's page says what is "
        "missing.\n\n"
        "## Workload\n\nBeside each person: the accounts and relationships they own and the planned actions "
        "they take part in — what they have to handle.\n\n"
        f"**In the app:** the team (**{ref('team')}** from anywhere, or *Our team* in {ref('palette')}): "
        f"**{ref('assess')}** assesses, **{ref('details')}** opens the person's assessments and objectives "
        f"(**{ref('pick-1')} {ref('pick-2')} {ref('pick-3')}** tick the checks), **{ref('view')}** shows the matrix. "
        "`accountmgr team` prints the same list; `export member` and `erase member` handle their personal data."
    )


def _programmes() -> str:
    rows = ["| programme | Italian | what it is |", "|---|---|---|"]
    rows += [f"| {p.label} | *{p.hint}* | {WHAT_IT_IS[p]} |" for p in Programme]
    return (
        "# Programmes\n\n"
        "Part of the strategy for each customer (step g): which programmes it is in.\n\n"
        + "\n".join(rows)
        + "\n\n## What the app suggests, and why\n\n"
        "- A **prospect** is in none yet: it has bought nothing.\n"
        "- **Customer service** for every customer: every contact, sales or back office, shapes the relationship.\n"
        "- **Loyalty** at Buyer level, and at Account level unless the customer is high-performance: rewards for "
        "repeat purchase lengthen the buying period.\n"
        "- **One-to-one** at Account and Partner level, for high-performance customers (keep at all costs) and "
        "for a strategic value of 4 or 5.\n"
        "- A **below-zero** customer gets the standard service only, until how we serve it changes.\n\n"
        "The strategy step shows the suggestion with its reasons beside the three ticks; the plan lists both."
    )


TEAM_SECTIONS: dict[str, tuple[str, str]] = {
    "erm": ("Our own people", _erm()),
    "programmes": ("Programmes", _programmes()),
}
"""Topic id → (entry in the contents, Markdown text), added to the guide's sections."""
