"""Method-guide pages for the loyalty tree, perceived and technical quality, lifetime value and RFMT (section 9)."""

from __future__ import annotations

VALUE_PAGES: dict[str, tuple[str, str]] = {
    "loyalty-tree": ("Loyalty tree, KPIs, projects", """# The loyalty tree, its KPIs and improvement projects

*Albero della fedeltà; indicatori di processo (KPI); progetti di miglioramento.*

**Loyalty** rests on **satisfaction**; satisfaction on **drivers** — benefits delivered, problems removed, price
perception — measured by occurrence and importance; each **key driver** rests on one or more **KPIs**, measurable
indices of *our* processes; each KPI on a **business process**:

loyalty ← satisfaction ← drivers ← KPIs ← processes.

The five phases: rebuild the relationship life cycle and its key moments; survey the drivers' occurrence and
importance with overall satisfaction and loyalty; find the key drivers and those where the **gap to the
competitor** is largest; attach KPIs to the processes behind them; launch **narrow, focused projects** where the
gaps are largest and track their KPIs.

**In the app** (step l, monitoring): the tree is drawn from the latest review down to the processes. A KPI has
its driver, process, owner, unit, target and current value; **t** records a dated reading (its history, and the
new current value). **p** suggests an improvement project on the driver where the competitor is furthest ahead —
with the driver's first KPI and its owner — and saving the form confirms it. The plan's step l lists KPIs and
projects.
"""),
    "quality": ("Perceived vs technical quality", """# Perceived and technical quality

*Qualità percepita e qualità tecnica.*

**Technical quality** is measurable against a result: specifications met, service levels, defects.
**Perceived quality** is subjective and tied to the customer's expectations — **reliability, responsiveness,
reassurance and empathy**. The one does not imply the other: measure both and act on the gap. Feedback must be
listened to, reworked and routed to the department heads who can act on it.

**In the app:** every review records both (0–10). Step l and the plan show the gap in words: perceived *below*
technical means the customer does not see the quality we deliver (work on the four expectations); perceived
*above* technical means delivery must be fixed before it shows.
"""),
    "clv": ("Customer lifetime value", """# Customer lifetime value and the three differentiations

*Valore del cliente nel tempo (customer lifetime value, CLV); redditività attuale e futura.*

The sources differentiate customers three ways: by **current profitability** (what the customer has brought,
in money, over the years); by **expected future profitability** — the **customer lifetime value**, the net
present value of all the future benefits the customer will bring; and, for new customers, by **likeness** to
segments of the current ones. Lifetime value grows through cross-selling, up-selling, lower cost to serve and
longer buying periods.

**How the app computes it:** yearly revenue is the won value of the last three years (fewer for a newer
customer) divided by those years; the margin rate comes from the profit grade (unprofitable −5 %, low 10 %,
medium 20 %, high 30 %; not entered counts as medium); the probability of keeping the customer each year comes
from the churn risk (low 90 %, medium 75 %, high 55 %). Each future year's margin is kept with that probability
and discounted at the **discount rate** over the **horizon** (settings: **V** in the portfolio, or the command
palette). A prospect has no lifetime value ("—, prospect"): it has bought nothing yet; it is compared with the
current customers of its industry instead (likeness).

The portfolio's **Lifetime** column sorts by it; **w** (Why?) shows the computation; the plan's step f shows it
with the three differentiations.
"""),
    "rfmt": ("RFMT", """# RFMT: recency, frequency, monetary value, time

*Recenza, frequenza, valore monetario e anzianità del cliente.*

A standard way to differentiate customers from their purchases: **recency** (how recently they bought),
**frequency** (how often), **monetary value** (how much) and **time** — tenure, how long they have been buying.
Their relative weight differs from company to company, so it is a **setting**, not a constant.

**How the app computes it:** from won deals — days since the last one, deals and value won in the last two
years, days since the first one. Each part scores 1–5 by fifth of the accounts that ever bought (5 = top fifth);
RFMT is their weighted mean × 20 (0–100). Weights: **V** in the portfolio, or the command palette. The
portfolio's **RFMT** column sorts by it and **w** (Why?) explains it; the plan's step f shows it.
"""),
}
"""Topic id → (entry in the guide's contents, Markdown text)."""
