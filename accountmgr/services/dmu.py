"""The customer's decision-making unit (step h): people, their reporting lines, and what we know of each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import (
    Account,
    Attitude,
    BuyingRole,
    CoverageDepth,
    DmuMember,
    Influence,
    SocialStyle,
    TeamMember,
)
from accountmgr.queries import dmu as queries
from accountmgr.queries import team as team_queries
from accountmgr.services import activity, clock, records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen, changed_before_delete

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels(
    {
        "reports_to_id": "Reports to",
        "inner_circle": "Inner circle",
        "org_criteria": "Organisational decision criteria",
        "personal_criteria": "Personal decision criteria",
        "personal_objectives": "Personal objectives",
        "personal_win": "Personal win",
        "social_style": "Social style",
        "coverage": "Coverage depth",
        "last_contact": "Last contact",
        "roles": "Buying roles",
    }
)


def _past_date(value: Any, field: str) -> date | None:
    """A date that is today or earlier: a contact cannot have happened tomorrow."""
    day = v.parse_date(value, field)
    if day is not None and day > clock.today():
        raise DomainError(f"{v.label(field)} cannot be in the future ({day:%Y-%m-%d}).", field)
    return day


DMU_FIELDS: dict[str, v.Converter] = {
    "name": v.text(required=True, max_length=120),
    "title": v.text(max_length=120),
    "department": v.text(max_length=120),
    "reports_to_id": v.integer(),
    "roles": v.choices(BuyingRole),
    "influence": v.choice(Influence),
    "attitude": v.choice(Attitude),
    "inner_circle": v.boolean(),
    "org_criteria": v.text(multiline=True),
    "personal_criteria": v.text(multiline=True),
    "personal_objectives": v.text(multiline=True),
    "personal_win": v.text(multiline=True),
    "social_style": v.choice(SocialStyle, required=False),
    "owner_id": v.integer(),
    "coverage": v.choice(CoverageDepth),
    "last_contact": _past_date,
    "email": v.text(max_length=200),
    "phone": v.text(max_length=60),
    "notes": v.text(multiline=True),
}
"""Every editable DMU member field and how its input is checked (forms, importer and demo use it)."""

DEFAULTS: dict[str, Any] = {
    "influence": Influence.MEDIUM,
    "attitude": Attitude.NEUTRAL,
    "coverage": CoverageDepth.UNKNOWN,
}
"""What a new member gets for the choice fields the caller leaves out."""


def _describe(member: DmuMember) -> str:
    return f"DMU member {member.name}"


def check_reports_to(session: Session, account_id: int, member_id: int | None, manager_id: int | None) -> None:
    """Refuse a manager from another account, the person themself, or one that would close a loop."""
    if manager_id is None:
        return
    if member_id is not None and manager_id == member_id:
        raise DomainError("A person cannot report to themself.", "reports_to_id")
    manager = session.get(DmuMember, manager_id)
    if manager is None or manager.account_id != account_id:
        raise DomainError("The manager must be a person in the same account's DMU.", "reports_to_id")
    if member_id is None:
        return
    # Walk up from the new manager: meeting the person means they would end up managing themself.
    seen: set[int] = set()
    current: DmuMember | None = manager
    while current is not None and current.id not in seen:
        if current.id == member_id:
            raise DomainError(
                f"{manager.name} already reports (directly or not) to this person; that would make a loop.",
                "reports_to_id",
            )
        seen.add(current.id)
        current = session.get(DmuMember, current.reports_to_id) if current.reports_to_id is not None else None


def _checker(account_id: int):  # noqa: ANN202
    def check(session: Session, values: dict[str, Any], row: DmuMember | None) -> None:
        owner_id = values.get("owner_id")
        if owner_id is not None and session.get(TeamMember, owner_id) is None:
            raise DomainError("The owner must be one of our team members.", "owner_id")
        if "reports_to_id" in values:
            check_reports_to(session, account_id, row.id if row else None, values["reports_to_id"])

    return check


def create_member(db: Database, account_id: int, raw: Mapping[str, Any]) -> DmuMember:
    """Add a person to the account's DMU; *raw* maps field names to form text or typed values."""
    raw = {**DEFAULTS, **{k: val for k, val in raw.items() if not (k in DEFAULTS and val in (None, ""))}}
    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        return records.insert(
            session, DmuMember, raw, DMU_FIELDS,
            entity="dmu_member", account_id=account_id, describe=_describe,
            check=_checker(account_id), extra={"account_id": account_id},
        )


def update_member(db: Database, member_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None) -> DmuMember:
    """Change the given fields of one person (the others stay as they are)."""
    with db.session() as session:
        member = records.fetch(session, DmuMember, member_id, "person")
        return records.update(
            session, member, raw, DMU_FIELDS, entity="dmu_member", account_id=member.account_id,
            describe=_describe, check=_checker(member.account_id), seen=seen,
        )


def move_member(db: Database, member_id: int, new_manager_id: int | None) -> DmuMember:
    """Put a person under another manager (None: at the top of the org chart)."""
    return update_member(db, member_id, {"reports_to_id": new_manager_id})


def delete_member(db: Database, member_id: int, *, seen_version: int | None = None) -> list[int]:
    """Remove a person; their direct reports move up to the removed person's manager. Returns the moved ids.

    Refused if the person changed since *seen_version* was shown."""
    with db.session() as session:
        member = records.fetch(session, DmuMember, member_id, "person")
        if seen_version is not None and member.version != seen_version:
            raise DomainError(changed_before_delete(session, "dmu_member", member, _describe(member)))
        manager = session.get(DmuMember, member.reports_to_id) if member.reports_to_id is not None else None
        reports = queries.reports_of(session, member_id)
        new_place = f"now report to {manager.name}" if manager else "are now at the top of the org chart"
        one_place = f"now reports to {manager.name}" if manager else "is now at the top of the org chart"
        for report in reports:
            report.reports_to_id = manager.id if manager else None
            report.updated_at = clock.utcnow()
            session.add(report)
            activity.record(
                session, entity="dmu_member", action="moved",
                summary=f"{report.name} {one_place} because {member.name} was removed",
                account_id=member.account_id, entity_id=report.id,
                changes={"reports_to_id": [member_id, manager.id if manager else None]},
            )
        session.flush()
        names = ", ".join(report.name for report in reports)
        describe = _describe(member) + (f" (their reports {names} {new_place})" if reports else "")
        records.delete(session, member, entity="dmu_member", account_id=member.account_id, describe=describe)
        return [report.id for report in reports]


def get_member(db: Database, member_id: int) -> DmuMember:
    with db.session() as session:
        return records.fetch(session, DmuMember, member_id, "person")


def list_members(db: Database, account_id: int) -> list[DmuMember]:
    """The account's DMU, by name."""
    with db.session() as session:
        return queries.members_by_name(session, account_id)


@dataclass(frozen=True)
class MemberRow:
    """One line of the DMU table: the member plus what the table shows beside them."""

    member: DmuMember
    owner: str
    manager: str
    days_since_contact: int | None
    leaning: str = ""
    """The competitor the person leans to, with how strongly ("Rivale (strong)"), or ""."""

    @property
    def has_personal_win(self) -> bool:
        return bool(self.member.personal_win.strip())


def member_rows(db: Database, account_id: int) -> list[MemberRow]:
    """The account's DMU with owner and manager names and days since the last contact."""
    with db.session() as session:
        members = queries.members_by_name(session, account_id)
        owners = team_queries.names_by_id(session)
        from accountmgr.queries.informal import leanings_of_account

        leanings = {row.member_id: f"{row.competitor} ({row.strength.label.lower()})"
                    for row in leanings_of_account(session, account_id)}
    names = {m.id: m.name for m in members}
    today = clock.today()
    return [
        MemberRow(
            member=m,
            owner=owners.get(m.owner_id, "") if m.owner_id is not None else "",
            manager=names.get(m.reports_to_id, "") if m.reports_to_id is not None else "",
            days_since_contact=(today - m.last_contact).days if m.last_contact else None,
            leaning=leanings.get(m.id, ""),
        )
        for m in members
    ]
