"""The method guide: the ARTAX cycle, the four questions, the steps, the levels and sales approaches, the six abilities."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, OptionList
from textual.widgets.option_list import Option

from accountmgr.keys import ref, spell
from accountmgr.models import RelationshipLevel, Step
from accountmgr.models.method import ASPECTS, LEVEL_CRITERIA, LEVEL_MEANING, SALES_APPROACH, SALES_ASPECTS
from accountmgr.screens.guide_team import TEAM_SECTIONS
from accountmgr.screens.steps.base import STEP_CAPTURES
from accountmgr.screens.guide_pages_value import VALUE_PAGES
from accountmgr.widgets.bindings import bind


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def _levels() -> str:
    rows = ["| level | Italian | how the customer sees us | what it buys |", "|---|---|---|---|"]
    for level in RelationshipLevel:
        sees, buys = LEVEL_MEANING[level]
        rows.append(f"| {level.numeral}. {level.label} | {level.hint} | {_cell(sees)} | {_cell(buys)} |")
    criteria = ["| aspect | " + " | ".join(level.label for level in RelationshipLevel) + " |",
                "|---|" + "---|" * len(RelationshipLevel)]
    for aspect, label in ASPECTS.items():
        criteria.append(f"| {label} | " + " | ".join(_cell(LEVEL_CRITERIA[level][aspect]) for level in RelationshipLevel) + " |")
    return (
        "# The relationship scale\n\n"
        "The heart of the method. Raise the level **where it pays**: not every customer should become a partner.\n\n"
        + "\n".join(rows)
        + "\n\n## What characterises each level\n\n"
        "In an assessment, tick the criteria you can evidence. The suggested level is the highest one such that "
        "every level from Buyer up to it has at least 3 of its 5 aspects evidenced; Prospect, where every "
        "relationship starts, when none qualifies.\n\n"
        + "\n".join(criteria)
    )


def _sales() -> str:
    levels = [RelationshipLevel.BUYER, RelationshipLevel.ACCOUNT, RelationshipLevel.PARTNER]
    rows = ["| aspect | " + " | ".join(level.label for level in levels) + " |", "|---|---|---|---|"]
    for aspect, label in SALES_ASPECTS.items():
        rows.append(f"| {label} | " + " | ".join(_cell(SALES_APPROACH[level][aspect]) for level in levels) + " |")
    return (
        "# Sales approach by level\n\n"
        "Each level needs different levers, interlocutors and ways of selling. The gap guidance of step d shows "
        "what changes between the account's current and target level, and what its data does not show yet.\n\n"
        + "\n".join(rows)
    )


def _steps() -> str:
    rows = ["| step | name | what is captured |", "|---|---|---|"]
    rows += [f"| {step.value} | {step.label} | {_cell(STEP_CAPTURES[step])} |" for step in Step]
    return (
        "# The twelve steps (a–l)\n\n"
        "The workspace lists them down the side, each marked ✔ done, ◐ partial or ✖ missing; "
        f"**{ref('next-missing')}** jumps to the next one not done, **{ref('go-to')}** then a letter to any step.\n\n"
        + "\n".join(rows)
    )


STEP_ADVICE: dict[Step, str] = {
    Step.A: "Describe how the customer is organised and how it creates value; the key actors and their personal "
            "objectives come from the DMU (step h). Done when organisation, value chain and at least one person's "
            "objectives are known.",
    Step.B: "Describe how the customer typically behaves: how it buys, decides and works with suppliers.",
    Step.C: "List each competitor active at the customer with its distinctive competences, critical success "
            "factors and the relationship level it has reached. A competitor above our level is a churn risk.",
    Step.D: "Assess the level with evidence, record the constraints that hold the relationship back, set the "
            "target level and read the gap guidance. Done when there is an assessment and a target.",
    Step.E: "Estimate what the customer spends (purchase potential) and how much more it could buy from us "
            "(incremental absorption potential); record the opportunities with their value and probability.",
    Step.F: "Grade profitability, strategic value (1–5) and the potential business value: together with level "
            "and profile they place the account in the portfolio.",
    Step.G: "Choose the account-management model and write the strategy: what to promote, which constraints to "
            "work on. Tick the programmes the customer is in (customer service, loyalty, one-to-one) beside the "
            "app's suggestion.",
    Step.H: "Map the decision-making unit: who decides, influences, buys, uses; their attitude towards us, "
            "decision criteria and who on our side owns each relationship.",
    Step.I: "State the benefits for the organisation, the solution fit (our resources ↔ its needs), the strategic "
            "fit (our competences ↔ its values) and the personal win of each key person.",
    Step.J: "Plan the contacts: channel mix, interlocutors, our people, cost. Done when something is planned ahead.",
    Step.K: "Record the delivery work with the degree of cooperation, the customer people involved and the "
            "competences needed.",
    Step.L: "Review regularly: satisfaction and loyalty, profitability, progress, and satisfaction by driver. "
            "Key drivers — important, where we trail — are where to act.",
}


def _step(step: Step) -> str:
    return f"# Step {step.value}: {step.label}\n\n**What is captured:** {STEP_CAPTURES[step]}\n\n{STEP_ADVICE[step]}"


SECTIONS: dict[str, tuple[str, str]] = {
    "cycle": ("The management cycle", """# Why the method, and its cycle

Competition makes superior customer value the only lasting advantage, so scarce selling resources go where
they pay back: to attractive customers and valuable opportunities, to loyalty (longer, more valuable
relationships), to guiding the customer's decision-making unit, to cross-selling and to sharper value
propositions.

**The cycle:** information and data acquisition → customer profiling → customer analysis → relationship
assessment → three strategy models:

- **Territory strategy** (micromarketing): *how much* to invest in each account;
- **Relationship strategy** (relationship marketing): *how* to work the account;
- **Customer strategy** (customer marketing): *what* to offer.

These become one-to-one plans: the **value proposition**, **channel management** and the **communication
plan**. What execution teaches flows back (**learning**) into the next round. The cycle never ends: an
account plan is reviewed and revised, not written once.
"""),
    "questions": ("The four questions", """# The four questions for every account

1. **Where to invest (portfolio):** given purchase potential, strategic value, loyalty and the opportunities at
   stake, which customers deserve time and resources, and how much?
2. **Which needs to promote (customer strategy):** given the customer's organisation, strategy and decision
   making and our distinctive competences, which new needs should we help it discover?
3. **Which value proposition:** given our strengths and weaknesses against competitors, what do we offer?
4. **Whom to work with (DMU):** on whom do we focus, what **personal win** do we offer each, and what
   relationship strategy do we adopt?

In the workspace, **4** shows this account's answers, each pointing at the steps that feed it.
"""),
    "steps": ("The twelve steps", _steps()),
    **{f"step-{step.value}": (f"  {step.value}. {step.label}", _step(step)) for step in Step},
    "levels": ("The relationship scale", _levels()),
    "sales": ("Sales approach by level", _sales()),
    "dmu": ("The DMU", """# The decision-making unit (DMU)

The people on the customer side who shape a purchase. For each: organisational position, role in the buying
process (decision maker, influencer, buyer, user, gatekeeper, initiator), decision criteria (organisational and
personal), attitude towards us, personal objectives and the **personal win** we can offer. Win their favour with
proposals matched to each key actor's decision criteria and **social style**. **Coverage** is how many of these
people we know, how well, and who on our side owns each relationship.
"""),
    "abilities": ("The six abilities", """# The six abilities of the account manager

- **Micromarketing:** allocate resources across the portfolio by potential, attractiveness and opportunities.
- **Opportunity management:** watch the conditions behind an opportunity's return and probability of being won.
- **Customer strategy:** analyse our competitive position and achieve **strategic fit** (our competences ↔ the
  customer's values).
- **Value proposition:** build the mix of resources, competences and ways of working that gives organisational
  and personal benefits — **solution fit** (our resources ↔ the customer's needs).
- **Customer involvement:** win the DMU's favour with proposals matched to each key actor's criteria and style.
- **Budget creation:** make the customer aware of a need and willing to act, with key people sponsoring it.
"""),
    "satisfaction": ("Satisfaction and loyalty", """# Satisfaction, loyalty and the key drivers

Loyalty ← satisfaction ← drivers ← KPIs ← processes form a tree. Measure the importance of each driver and how
we score against the main competitor (reliability, responsiveness, reassurance, empathy, technical quality,
price); the **key drivers** — important, and where the gap is widest — are where to launch focused actions.
Satisfaction depends on *perceived* quality, not only on what was delivered.
"""),
    "informal": ("The DMU's informal structure", """# The DMU's informal structure (*struttura informale*)

The method asks for "the formal **and informal** structure" of the buying process. The org chart shows who
reports to whom; the informal structure shows **who sways whom** beyond it (*chi influenza chi*): an
**influence line** from one person to another, or both ways, weak, medium or strong, with a note on how you
know. For each key person, note also the **competitor they lean to** (*preferenza per un concorrente*) and how
strongly.

Why it matters: a decision maker who trusts an opponent, or someone who favours a competitor, can be turned
against us without ever meeting us. The coverage analysis lists it as a gap — **an opponent, or someone leaning
to a competitor, who influences a decision maker** — so you can win that person over or give the decision maker
a stronger voice on our side.

In the DMU pane: **i** lists the influence lines (a add, Enter edit, d delete); the person's form (e) holds the
competitor they lean to; the org chart (v) draws influence as dotted “influences” lines, apart from the
reporting branches, and marks a leaning with ⚑. The plan draws them dotted in its chart and lists them.
"""),
    "recovery": ("Complaints and recovery", """# Complaints and recovery (*reclami e recupero*)

Feedback must be collected, analysed and **routed to the people who can act on it**. Recovery starts with the
people in the **front line** (*prima linea*), who need explicit authority with precise limits. **Recovery
guidelines** (*linee guida di recupero*) say when recovery is due according to the **nature of the complaint**
(product, service, delivery, administrative, relationship) and the **value of the customer** (high-performance,
high-potential, core, below-zero), who on our side may act, and a **safe limit** for compensating the customer.
Satisfaction collapses when recovery is **late** or passes through too many hands: response time matters as
much as the remedy.

The defaults: a high-performance customer gets an answer the same day, and the account manager may compensate;
a below-zero customer goes through the standard process. Change them with **K** (or “Recovery guidelines” in
the palette).

Each complaint records when it was received, who in the DMU raised it, its nature and severity, the department
it is routed to, its status, resolution and any compensation given, and when it was answered and closed. The
app applies the guideline: who should act, the limit, and a **late** flag once the response time has passed.
Open and late complaints raise the **churn risk** (see “Why?” in the portfolio), appear in “what changed”, in
the plan and as a portfolio filter (**k**). Record them in the monitoring step (l).
"""),
    **VALUE_PAGES,
    **TEAM_SECTIONS,
}
"""Topic id → (entry in the contents, Markdown text)."""

ALIASES = {"level": "levels", "approach": "sales", "assessment": "levels", "portfolio": "questions",
           "workspace": "steps", "reviews": "satisfaction", "influence": "informal", "complaints": "recovery",
           "guidelines": "recovery", "team": "erm", "programme": "programmes", "kpi": "loyalty-tree", "lifetime": "clv"}


def resolve_topic(topic: str | None) -> str:
    """The section for *topic*: a section id, a step letter, an alias, or the cycle when unknown."""
    if not topic:
        return "cycle"
    topic = topic.strip().lower()
    if topic in SECTIONS:
        return topic
    if len(topic) == 1 and f"step-{topic}" in SECTIONS:
        return f"step-{topic}"
    return ALIASES.get(topic, "cycle")


class MethodGuideScreen(Screen[None]):
    """The ARTAX method explained, opened at the part that matches where the user is."""

    HELP_TITLE = "Method guide"

    BINDINGS = [
        bind("back", "close", "Close"),
        bind("tab", "app.focus_next", "Contents / text", show=False),
    ]

    DEFAULT_CSS = """
    MethodGuideScreen #contents { width: 32; height: 1fr; border-right: solid $primary-darken-2; }
    MethodGuideScreen #text { width: 1fr; padding: 0 2; }
    """

    def __init__(self, topic: str | None = None) -> None:
        super().__init__()
        self.topic = resolve_topic(topic)
        """The section shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*[Option(title, id=key) for key, (title, _text) in SECTIONS.items()], id="contents")
            with VerticalScroll(id="text"):
                yield Markdown(spell(SECTIONS[self.topic][1]), id="guide-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Method guide"
        contents = self.query_one("#contents", OptionList)
        contents.highlighted = list(SECTIONS).index(self.topic)
        contents.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through the contents shows each part."""
        if event.option.id and event.option.id != self.topic:
            self.show_topic(event.option.id)

    def show_topic(self, topic: str) -> None:
        self.topic = topic
        self.query_one("#guide-text", Markdown).update(spell(SECTIONS[topic][1]))
        self.query_one("#text", VerticalScroll).scroll_home(animate=False)

    def action_close(self) -> None:
        """Back to where the guide was opened."""
        self.app.pop_screen()
