"""The method's four questions for one account, answered from its data, each pointing at the steps that feed it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accountmgr.models import Account, CompetitorPresence, DmuMember, Opportunity, Step, ValueProposition
from accountmgr.queries import competitors as competitor_queries
from accountmgr.queries import dmu as dmu_queries
from accountmgr.queries import opportunities as opportunity_queries
from accountmgr.queries import team as team_queries
from accountmgr.queries import value_proposition as value_proposition_queries
from accountmgr.services import records
from accountmgr.services.coverage import coverage, is_key_player
from accountmgr.services.money import format_money
from accountmgr.services.pipeline import open_pipeline

if TYPE_CHECKING:
    from accountmgr.db import Database

QUESTIONS: tuple[str, ...] = (
    "Where to invest, and how much?",
    "Which needs to promote?",
    "Which value proposition?",
    "Whom to work with, and what personal win for each?",
)
"""The four questions of the method (domain brief, section 2)."""


@dataclass(frozen=True)
class Answer:
    number: int
    question: str
    lines: list[str]
    steps: list[Step]
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split()).rstrip(".")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def four_questions(db: Database, account_id: int) -> list[Answer]:
    """The four answers, in the method's order."""
    with db.session() as session:
        account = records.fetch(session, Account, account_id, "account")
        opportunities = opportunity_queries.of_account(session, account_id)
        proposition = value_proposition_queries.of_account(session, account_id)
        competitors = competitor_queries.of_account(session, account_id)
        members = dmu_queries.members_by_name(session, account_id)
        owners = team_queries.names_by_id(session)
    return [
        _invest(account, opportunities),
        _needs(account),
        _proposition(proposition, competitors),
        _people(db, account_id, members, owners),
    ]


def _invest(account: Account, opportunities: list[Opportunity]) -> Answer:
    lines, missing = [], []
    if account.purchase_potential_cents is not None:
        lines.append(f"Purchase potential {format_money(account.purchase_potential_cents)}.")
    else:
        missing.append("purchase potential (step e)")
    if account.absorption_potential_cents is not None:
        lines.append(f"It could buy {format_money(account.absorption_potential_cents)} more from us.")
    else:
        missing.append("incremental absorption potential (step e)")
    total, weighted = open_pipeline(opportunities)
    if opportunities:
        lines.append(f"Open pipeline {format_money(total)}, weighted {format_money(weighted)}.")
    else:
        missing.append("opportunities (step e)")
    if account.strategic_value is not None:
        lines.append(f"Strategic value {account.strategic_value} of 5.")
    else:
        missing.append("strategic value (step f)")
    if account.profit_grade is not None:
        lines.append(f"Profit grade: {account.profit_grade.label}.")
    else:
        missing.append("profit grade (step f)")
    target = account.target_level.label if account.target_level else "no target"
    lines.append(f"Relationship: {account.current_level.label} → {target}.")
    return Answer(1, QUESTIONS[0], lines, [Step.E, Step.F, Step.D], missing)


def _needs(account: Account) -> Answer:
    lines, missing = [], []
    for value, what, step in (
        (account.organisation, "Organisation", "a"),
        (account.value_chain, "Value chain", "a"),
        (account.customer_profile, "Customer profile", "b"),
        (account.strategy_notes, "Our strategy", "g"),
    ):
        if value.strip():
            lines.append(f"{what}: {_short(value)}")
        else:
            missing.append(f"{what.lower()} (step {step})")
    if account.management_model is not None:
        lines.append(f"Account-management model: {account.management_model.label}.")
    return Answer(2, QUESTIONS[1], lines, [Step.A, Step.B, Step.G], missing)


def _proposition(proposition: ValueProposition | None, competitors: list[CompetitorPresence]) -> Answer:
    lines, missing = [], []
    for attr, what in (
        ("org_benefits", "Benefits for the organisation"),
        ("solution_fit", "Solution fit"),
        ("strategic_fit", "Strategic fit"),
        ("resources_mix", "Mix of resources"),
    ):
        value = getattr(proposition, attr, "") if proposition else ""
        if value.strip():
            lines.append(f"{what}: {_short(value)}")
        elif attr != "resources_mix":
            missing.append(f"{what.lower()} (step i)")
    if competitors:
        named = "; ".join(
            f"{c.competitor}" + (f" ({c.level.label})" if c.level else "")
            + (f" — strong in {_short(c.competences, 60)}" if c.competences.strip() else "")
            for c in competitors
        )
        lines.append(f"Against: {named}.")
    else:
        missing.append("competitors (step c)")
    return Answer(3, QUESTIONS[2], lines, [Step.I, Step.C], missing)


def _people(db: Database, account_id: int, members: list[DmuMember], owners: dict[int, str]) -> Answer:
    lines, missing = [], []
    if not members:
        return Answer(4, QUESTIONS[3], [], [Step.H, Step.I], ["the DMU (step h)"])
    status = coverage(db, account_id)
    lines.append(f"DMU coverage: {status.status.label} — {status.reasons[0] if status.reasons else ''}".rstrip(" —"))
    keys = [m for m in members if is_key_player(m)]
    for member in keys:
        owner = owners.get(member.owner_id, "no owner") if member.owner_id is not None else "no owner"
        win = f"win: {_short(member.personal_win, 80)}" if member.personal_win.strip() else "no personal win yet"
        lines.append(f"{member.name} ({member.title or 'no title'}), {member.attitude.label.lower()}, {owner}; {win}.")
    if not keys:
        missing.append("key players: no decision maker, high-influence or inner-circle member (step h)")
    without_win = [m.name for m in keys if not m.personal_win.strip()]
    if without_win:
        missing.append("personal win for " + ", ".join(without_win) + " (step i)")
    return Answer(4, QUESTIONS[3], lines, [Step.H, Step.I], missing)
