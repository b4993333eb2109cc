"""Risks to the account (step g): how likely, how bad, what we do about it, who watches it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Account, TeamMember
from accountmgr.models.enums import RISK_SCALE, RiskStatus
from accountmgr.models.risks import AccountRisk
from accountmgr.queries import risks as q
from accountmgr.queries.team_names import names_by_id
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels({"likelihood": "Likelihood", "impact": "Impact", "mitigation": "Mitigation"})


def _rating(value: Any, field: str) -> int | None:
    """1-5, or the word shown for it ('high', 'Very low')."""
    if isinstance(value, str):
        wanted = value.strip().lower()
        for number, word in RISK_SCALE.items():
            if wanted == word.lower():
                return number
    return v.integer(1, 5, required=True)(value, field)


RISK_FIELDS = v.FieldSpec(
    {
        "description": v.text(required=True, max_length=2000, multiline=True),
        "likelihood": _rating,
        "impact": _rating,
        "mitigation": v.text(multiline=True),
        "owner_id": v.integer(),
        "status": v.choice(RiskStatus),
    },
    labels={"description": "Risk", "owner_id": "Owner"},
)
"""Every editable field of a risk; likelihood and impact are 1 (very low) to 5 (very high)."""


def _check(session: Session, values: dict[str, Any], row: AccountRisk | None) -> None:
    owner_id = values.get("owner_id")
    if owner_id is not None and session.get(TeamMember, owner_id) is None:
        raise DomainError("The owner must be one of our team members.", "owner_id")


def _describe(row: AccountRisk) -> str:
    short = row.description if len(row.description) <= 60 else row.description[:59] + "…"
    return f"risk {short}"


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact, 1-25: the higher, the sooner it needs attention."""
    return likelihood * impact


def create_risk(db: Database, account_id: int, raw: Mapping[str, Any]) -> AccountRisk:
    raw = {"likelihood": 3, "impact": 3, "status": RiskStatus.OPEN, **raw}
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        return records.insert(
            session, AccountRisk, raw, RISK_FIELDS, entity="risk", account_id=account_id,
            describe=_describe, check=_check, extra={"account_id": account_id},
        )


def get_risk(db: Database, risk_id: int) -> AccountRisk:
    with db.session() as session:
        return records.fetch(session, AccountRisk, risk_id, "risk")


def update_risk(db: Database, risk_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None) -> AccountRisk:
    with db.session() as session:
        row = records.fetch(session, AccountRisk, risk_id, "risk")
        return records.update(
            session, row, raw, RISK_FIELDS, entity="risk", account_id=row.account_id,
            describe=_describe, check=_check, seen=seen,
        )


def mark_mitigated(db: Database, risk_id: int) -> AccountRisk:
    return update_risk(db, risk_id, {"status": RiskStatus.MITIGATED})


def delete_risk(db: Database, risk_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        row = records.fetch(session, AccountRisk, risk_id, "risk")
        records.delete(session, row, entity="risk", account_id=row.account_id, describe=_describe(row),
                       seen_version=seen_version)


@dataclass(frozen=True)
class RiskView:
    """A risk as the strategy step and the plan show it."""

    id: int
    version: int
    description: str
    likelihood: int
    impact: int
    score: int
    mitigation: str
    owner: str
    owner_id: int | None
    status: RiskStatus


def risk_views(session: Session, account_id: int) -> list[RiskView]:
    """The account's risks, open ones first, then by score (highest first)."""
    return build_risk_views(q.risks_of(session, account_id), names_by_id(session))


def build_risk_views(rows: list[AccountRisk], names: dict[int, str]) -> list[RiskView]:
    """Risks with their owners' names and scores, open ones first, then by score (highest first)."""
    views = [
        RiskView(
            id=r.id or 0, version=int(r.version or 1), description=r.description, likelihood=r.likelihood,
            impact=r.impact, score=score(r.likelihood, r.impact), mitigation=r.mitigation,
            owner=names.get(r.owner_id, "") if r.owner_id is not None else "", owner_id=r.owner_id, status=r.status,
        )
        for r in rows
    ]
    return sorted(views, key=lambda r: (r.status != RiskStatus.OPEN, -r.score, -r.impact, r.id))


def list_risks(db: Database, account_id: int) -> list[RiskView]:
    with db.session() as session:
        return risk_views(session, account_id)


def top_risks(views: list[RiskView], count: int = 3) -> list[RiskView]:
    """The open risks with the highest likelihood × impact (ties: the higher impact first)."""
    return [r for r in views if r.status == RiskStatus.OPEN][:count]
