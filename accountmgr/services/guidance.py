"""Gap guidance: what changes in moving an account from its current to its target level, and what the data does not show yet.

The changes come from the sales-approach table of the method (section 5 of the
domain brief); the findings check the account's own data (DMU, value
proposition, constraints, evidence, opportunities, reviews) against what the
target level calls for, each with why it matters and the step that fixes it.

The rules (``guidance_from``) read an ``AccountFacts``: the screens get it from
a few queries for one account (``gap_guidance``), a portfolio export from the
plan data it has already loaded (``facts_from_plan``), so a thousand plans cost
no query of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any


from accountmgr.models import (
    Account,
    BuyingRole,
    Cooperation,
    DmuMember,
    LevelAssessment,
    OpportunityStatus,
    RelationshipLevel,
    Severity,
    Step,
    ValueProposition,
)
from accountmgr.models.method import ASPECTS, LEVEL_CRITERIA, SALES_APPROACH, SALES_ASPECTS, Criterion
from accountmgr.queries import guidance as queries
from accountmgr.services import records
from accountmgr.services.assessments import QUALIFYING_COUNT, describe_criteria

if TYPE_CHECKING:
    from accountmgr.db import Database

_PROCESS_OWNER = re.compile(r"director|\bhead\b|owner|\bvp\b|vice president", re.I)
_GENERAL_MANAGEMENT = re.compile(
    r"\bceo\b|chief|general manager|managing director|president|\bcoo\b|\bcfo\b|\bcio\b|\bcto\b|board|founder", re.I
)
_PURCHASING = re.compile(r"purchas|procure|buyer|sourcing|area manager", re.I)
_CLOSE_COOPERATION = (Cooperation.HIGH, Cooperation.INTEGRATED)
"""Cooperation close enough to show the co-business of a partner."""


@dataclass(frozen=True)
class ApproachChange:
    """One row of the sales-approach table: how it is now and how the target level wants it."""

    aspect: str
    label: str
    current: str
    target: str


@dataclass(frozen=True)
class Finding:
    """Something the target level needs that the account's data does not show yet."""

    aspect: str
    title: str
    why: str
    step: Step


@dataclass(frozen=True)
class Guidance:
    current: RelationshipLevel
    target: RelationshipLevel | None
    summary: str
    changes: list[ApproachChange] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    criteria_to_evidence: list[Criterion] = field(default_factory=list)
    """The target level's criteria (and those of the levels between) not evidenced in the latest assessment."""

    @property
    def is_move_up(self) -> bool:
        return self.target is not None and self.target.rank > self.current.rank


def _approach(level: RelationshipLevel, aspect: str) -> str:
    if level is RelationshipLevel.PROSPECT:
        return "—"
    return SALES_APPROACH[level][aspect]


def approach_changes(current: RelationshipLevel, target: RelationshipLevel) -> list[ApproachChange]:
    """Every aspect of the sales approach, as it is at *current* and as *target* calls for it."""
    return [
        ApproachChange(aspect, label, _approach(current, aspect), _approach(target, aspect))
        for aspect, label in SALES_ASPECTS.items()
    ]


@dataclass(frozen=True)
class AccountFacts:
    """What the guidance reads about one account, however it was loaded (ORM for one account, bulk for many)."""

    current: RelationshipLevel
    target: RelationshipLevel | None
    members: Sequence[Any] = ()
    proposition: Any = None
    constraints: Sequence[Any] = ()
    latest_assessment: Any = None
    has_open_opportunity: bool = False
    has_scored_review: bool = False
    has_close_delivery: bool = False
    has_actions: bool = False


def gap_guidance(db: Database, account_id: int, target: RelationshipLevel | None = None) -> Guidance:
    """The guidance for moving the account to *target* (default: its stored target level)."""
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        facts = AccountFacts(account.current_level, target or account.target_level)
        if not _is_move_up(facts):
            return guidance_from(facts)
        facts = replace(
            facts,
            **queries.move_up_facts(session, account_id, _CLOSE_COOPERATION),
        )
    return guidance_from(facts)


def facts_from_plan(plan: Any, target: RelationshipLevel | None = None) -> AccountFacts:
    """The facts of one account from its already-loaded plan data (``plan_data.PlanData``): no database access."""
    account = plan.account
    return AccountFacts(
        current=account.current_level,
        target=target or account.target_level,
        members=plan.members,
        proposition=plan.value_proposition,
        constraints=plan.constraints,
        # Plan data keeps assessments oldest first (date, then id): the latest is the last.
        latest_assessment=plan.assessments[-1] if plan.assessments else None,
        has_open_opportunity=any(o.status is OpportunityStatus.OPEN for o in plan.opportunities),
        has_scored_review=any(
            d.our_score is not None for drivers in plan.drivers.values() for d in drivers
        ),
        has_close_delivery=any(d.cooperation in _CLOSE_COOPERATION for d in plan.deliveries),
        has_actions=bool(plan.actions),
    )


def _is_move_up(facts: AccountFacts) -> bool:
    return facts.target is not None and facts.target.rank > facts.current.rank


def guidance_from(facts: AccountFacts) -> Guidance:
    """The guidance rules applied to one account's facts (the single implementation behind every entry point)."""
    current, target = facts.current, facts.target
    if target is None:
        return Guidance(current, None, "No target level set: choose one to see what the move asks for.")
    if target.rank <= current.rank:
        summary = (
            f"The account is already {current.label}, at or above the target {target.label}: "
            "keep the level where it pays, at lower cost where possible."
        )
        return Guidance(current, target, summary)
    latest, proposition = facts.latest_assessment, facts.proposition
    # People are named in the findings; the same order whichever way they were loaded.
    members = sorted(facts.members, key=lambda m: (m.name.lower(), m.id))
    findings: list[Finding] = []
    levels_to_climb = [level for level in RelationshipLevel if current.rank < level.rank <= target.rank]
    evidenced = set(latest.evidence) if latest else set()
    to_evidence = [
        criterion
        for level in levels_to_climb
        for criterion in describe_criteria(f"{level.value}.{aspect}" for aspect in ASPECTS)
        if criterion.code not in evidenced
    ]
    findings += _evidence_findings(latest, levels_to_climb, evidenced)
    findings += _interlocutor_findings(target, members)
    findings += _proposition_findings(target, proposition)
    if target.rank >= RelationshipLevel.BUYER.rank and not facts.has_open_opportunity:
        sale = SALES_APPROACH[target]["sale"].lower()
        findings.append(Finding(
            "sale", "No open opportunity",
            f"At {target.label} level the sale is to {sale}; with no open opportunity there is nothing to work it on.",
            Step.E,
        ))
    if target.rank >= RelationshipLevel.ACCOUNT.rank and not facts.has_scored_review:
        findings.append(Finding(
            "bond", "No review with satisfaction drivers scored",
            "From Account level the bond includes a balanced scorecard of the relationship: "
            "score the satisfaction drivers in a review.",
            Step.L,
        ))
    if target is RelationshipLevel.PARTNER:
        if not facts.has_close_delivery:
            findings.append(Finding(
                "relationship", "No delivery with high or integrated cooperation",
                "A partner relationship is co-business: integrated work processes and joint investments show in "
                "how closely we deliver together.",
                Step.K,
            ))
    if target.rank >= RelationshipLevel.ACCOUNT.rank and not facts.has_actions:
        findings.append(Finding(
            "horizon", "No communication plan",
            f"The time horizon becomes “{SALES_APPROACH[target]['horizon'].lower()}”: plan the contacts that get there.",
            Step.J,
        ))
    for constraint in facts.constraints:
        if constraint.severity is Severity.HIGH:
            findings.append(Finding(
                "constraints", f"High-severity {constraint.kind.label.lower()} constraint open",
                f"“{constraint.description}” holds the relationship back; work on it in the account strategy "
                "before asking for a higher level.",
                Step.G,
            ))
    summary = (
        f"From {current.label} to {target.label}: "
        f"{SALES_APPROACH[target]['strategy'].lower()}, based on {SALES_APPROACH[target]['basis'].lower()}. "
        f"Interlocutor — {SALES_APPROACH[target]['interlocutor'].lower()}."
    )
    return Guidance(current, target, summary, approach_changes(current, target), findings, to_evidence)


def _evidence_findings(
    latest: LevelAssessment | None, levels: list[RelationshipLevel], evidenced: set[str]
) -> list[Finding]:
    if latest is None:
        return [Finding(
            "evidence", "No level assessment yet",
            "Assess the relationship first: tick the level criteria you can evidence to see where it stands.",
            Step.D,
        )]
    findings = []
    for level in levels:
        codes = [f"{level.value}.{aspect}" for aspect in ASPECTS]
        have = sum(1 for code in codes if code in evidenced)
        if have < QUALIFYING_COUNT:
            missing = [ASPECTS[code.split(".")[1]].lower() for code in codes if code not in evidenced]
            findings.append(Finding(
                "evidence", f"{level.label} evidenced on {have} of 5 aspects",
                f"{level.label} needs at least {QUALIFYING_COUNT}; not yet evidenced: {', '.join(missing)}.",
                Step.D,
            ))
    return findings


def _favourable(member: DmuMember) -> bool:
    return member.attitude.favourable


def _interlocutor_findings(target: RelationshipLevel, members: list[DmuMember]) -> list[Finding]:
    findings = []
    if target is RelationshipLevel.BUYER:
        buyers = [m for m in members if BuyingRole.BUYER.value in m.roles or _PURCHASING.search(m.title or "")]
        if not buyers:
            findings.append(Finding(
                "interlocutor", "No purchasing or area manager in the DMU",
                f"At Buyer level the interlocutor is the {LEVEL_CRITERIA[target]['interlocutors'].lower()}; "
                "add them to the DMU.",
                Step.H,
            ))
    if target.rank >= RelationshipLevel.ACCOUNT.rank:
        owners = [
            m for m in members
            if BuyingRole.INFLUENCER.value in m.roles or _PROCESS_OWNER.search(m.title or "")
        ]
        if not any(_favourable(m) for m in owners):
            who = (
                "none is known" if not owners
                else "those known (" + ", ".join(m.name for m in owners[:4]) + ") are not supporters or champions"
            )
            findings.append(Finding(
                "interlocutor", "No process owner or function director on our side",
                "From Account level the interlocutors are influencers — process owners and function directors — "
                f"with a good relationship; {who}.",
                Step.H,
            ))
    if target is RelationshipLevel.PARTNER:
        leaders = [
            m for m in members
            if BuyingRole.DECISION_MAKER.value in m.roles or _GENERAL_MANAGEMENT.search(m.title or "")
        ]
        champions = [m for m in leaders if _favourable(m) and m.coverage.strong]
        if not champions:
            who = (
                "no decision maker or general manager is known" if not leaders
                else "none of " + ", ".join(m.name for m in leaders[:4])
                + " is a supporter or champion we know through multiple contacts or in depth"
            )
            findings.append(Finding(
                "interlocutor", "No decision maker or general management champion",
                "A partner is worked with the decision makers — general management, a change leader — on "
                f"interpersonal trust; {who}.",
                Step.H,
            ))
    return findings


def _proposition_findings(target: RelationshipLevel, proposition: ValueProposition | None) -> list[Finding]:
    findings = []
    if target.rank >= RelationshipLevel.ACCOUNT.rank and not (proposition and proposition.solution_fit.strip()):
        findings.append(Finding(
            "levers", "No solution fit stated",
            "From Account level the lever is solution fit (our resources matched to the customer's needs): "
            "state it in the value proposition.",
            Step.I,
        ))
    if target is RelationshipLevel.PARTNER and not (proposition and proposition.strategic_fit.strip()):
        findings.append(Finding(
            "levers", "No strategic fit stated",
            "A partner is won on strategic fit (our competences matched to the customer's values): "
            "state it in the value proposition.",
            Step.I,
        ))
    return findings
