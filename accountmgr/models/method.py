"""The method's reference content: the level tables of the domain brief, section 5.

This is data, not logic. The level assessment stores which criteria are
evidenced as codes such as ``"account.interlocutors"``; the texts below are what
users read beside each code.
"""

from __future__ import annotations

from dataclasses import dataclass

from accountmgr.models.enums import RelationshipLevel

ASPECTS: dict[str, str] = {
    "objectives": "Customer's objectives",
    "values": "What the customer knows and values",
    "focus": "Focus of the relationship",
    "interlocutors": "Key interlocutors",
    "bond": "Bond",
}
"""The five aspects that characterise each level, in the order of the method's level table."""

LEVEL_MEANING: dict[RelationshipLevel, tuple[str, str]] = {
    RelationshipLevel.PROSPECT: ("Only a potential relationship.", "Nothing yet."),
    RelationshipLevel.BUYER: (
        "Someone to buy one or more products from, not the main supplier.",
        "The product, not the solution.",
    ),
    RelationshipLevel.ACCOUNT: (
        "A consultant offering integrated solutions; one of the main suppliers it turns to.",
        "Problem solving, support, a way of working together.",
    ),
    RelationshipLevel.PARTNER: (
        "A partner giving strategic support to its business; the first one it turns to.",
        '"The company" itself.',
    ),
}
"""How the customer sees us at each level, and what it typically buys."""

LEVEL_CRITERIA: dict[RelationshipLevel, dict[str, str]] = {
    RelationshipLevel.PROSPECT: {
        "objectives": "A first experience of us",
        "values": "Our image, technical quality",
        "focus": "Reliable use",
        "interlocutors": "Assistant to the purchasing manager or to the area manager",
        "bond": "None",
    },
    RelationshipLevel.BUYER: {
        "objectives": "Continuity of results and of existing standards",
        "values": "Ease of integration with existing processes",
        "focus": "Operational reliability, cost of use, continuity and ease of use, support for implementation",
        "interlocutors": "Area manager and/or purchasing manager",
        "bond": "Mutual knowledge; interpersonal trust with end users",
    },
    RelationshipLevel.ACCOUNT: {
        "objectives": "Performance of the value-creating process",
        "values": "Efficiency and effectiveness of work",
        "focus": "Assistance, work performance and output, operational professionalism, "
        "process-control ratios, know-how and expertise",
        "interlocutors": "Process owner and/or function director",
        "bond": "Cooperative spirit; professionalism and interpersonal relations; "
        "a balanced scorecard of the relationship",
    },
    RelationshipLevel.PARTNER: {
        "objectives": "Change",
        "values": "Co-business, core competence",
        "focus": "Cooperation and interdependence, institutional values, joint investments, "
        "cultural alignment, integrated work processes and know-how, consulting capability, "
        "organisational and strategic performance",
        "interlocutors": 'Change leader, general management, or a "strong" function director',
        "bond": "Interpersonal trust with decision makers; integrated organisational "
        "capabilities; mutual investment in improvement",
    },
}

SALES_ASPECTS: dict[str, str] = {
    "strategy": "Sales strategy",
    "horizon": "Time horizon",
    "basis": "Based on",
    "roles": "Roles",
    "relationship": "Nature of the relationship",
    "sale": "Nature of the sale",
    "levers": "Sales levers",
    "interlocutor": "Interlocutor",
}

SALES_APPROACH: dict[RelationshipLevel, dict[str, str]] = {
    RelationshipLevel.BUYER: {
        "strategy": "Sell the product",
        "horizon": "Here and now (hic et nunc)",
        "basis": "Price",
        "roles": "Buyer – seller",
        "relationship": "Confrontational",
        "sale": "Close the deal",
        "levers": "Price, ease of acquisition, convenience, reliability",
        "interlocutor": "Buyer: purchasing or area manager",
    },
    RelationshipLevel.ACCOUNT: {
        "strategy": "Sell the solution",
        "horizon": "Start-up of the solution",
        "basis": "Benefit",
        "roles": "Customer – consultant",
        "relationship": "Cooperative",
        "sale": "Solve the problem",
        "levers": "Solution fit, assistance and continuity",
        "interlocutor": "Influencers: process owners",
    },
    RelationshipLevel.PARTNER: {
        "strategy": "Sell the company",
        "horizon": "Strategic plan",
        "basis": "Trust and know-how",
        "roles": "Partners",
        "relationship": "Co-business",
        "sale": "Support change",
        "levers": "Strategic fit, alignment of company values, innovation",
        "interlocutor": "Decision maker: general managers",
    },
}
"""Sales approach by level (Buyer → Account → Partner) from the method's sales-approach table."""


@dataclass(frozen=True)
class Criterion:
    """One evidenced-or-not cell of the level table."""

    code: str
    level: RelationshipLevel
    aspect: str
    text: str


def criterion_code(level: RelationshipLevel, aspect: str) -> str:
    return f"{level.value}.{aspect}"


ALL_CRITERIA: tuple[Criterion, ...] = tuple(
    Criterion(criterion_code(level, aspect), level, aspect, text)
    for level, row in LEVEL_CRITERIA.items()
    for aspect, text in row.items()
)
CRITERIA_BY_CODE: dict[str, Criterion] = {c.code: c for c in ALL_CRITERIA}
