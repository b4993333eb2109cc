"""Our team: the supplier's people who own relationships and take part in actions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import Account, DmuMember, TeamMember, TeamRole
from accountmgr.queries import team as queries
from accountmgr.services import activity, records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

TEAM_FIELDS: dict[str, v.Converter] = {
    "name": v.text(required=True, max_length=120),
    "role": v.choice(TeamRole),
    "email": v.text(max_length=200),
    "active": v.boolean(),
}


def _unique_name(session: Session, values: dict[str, Any], row: TeamMember | None) -> None:
    if "name" not in values:
        return
    if queries.name_taken(session, values["name"], other_than=row.id if row is not None else None):
        raise DomainError(f"There is already a team member called {values['name']}.", "name")


def list_team(db: Database, *, include_inactive: bool = False) -> list[TeamMember]:
    with db.session() as session:
        return queries.members_by_name(session, include_inactive=include_inactive)


def create_member(db: Database, raw: Mapping[str, Any]) -> TeamMember:
    raw = {"role": TeamRole.SALES, "active": True, **raw}
    with db.session() as session:
        return records.insert(
            session, TeamMember, raw, TEAM_FIELDS,
            entity="team_member", account_id=None, describe=lambda m: f"team member {m.name}", check=_unique_name,
        )


def update_member(
    db, member_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None,  # noqa: ANN001
) -> TeamMember:
    with db.session() as session:
        row = records.fetch(session, TeamMember, member_id, "team member")
        return records.update(
            session, row, raw, TEAM_FIELDS,
            entity="team_member", account_id=None, describe=lambda m: f"team member {m.name}", check=_check_update,
            seen=seen,
        )


def _check_update(session: Session, values: dict[str, Any], row: TeamMember | None) -> None:
    _unique_name(session, values, row)
    if row is not None and row.active and values.get("active") is False:
        owned = _responsibilities(session, row.id)
        if owned:
            raise DomainError(f"{row.name} still owns {owned}; hand them over to someone else first.", "active")


def find_or_create_member(session: Session, name: str) -> TeamMember:
    """Used by imports and the demo: owners are named, not numbered."""
    existing = queries.member_named(session, name)
    if existing:
        return existing
    member = TeamMember(name=name.strip())
    session.add(member)
    session.flush()
    return member


@dataclass(frozen=True)
class TeamRow:
    """One of our people with what they are responsible for."""

    member: TeamMember
    relationships: int
    accounts: int
    actions: int

    @property
    def owns_something(self) -> bool:
        return bool(self.relationships or self.accounts)


def team_rows(db: Database, *, include_inactive: bool = True) -> list[TeamRow]:
    """Our team by name, each with the DMU relationships and accounts they own and the actions they take part in."""
    with db.session() as session:
        members = list_team(db, include_inactive=include_inactive)
        relationships, accounts, actions = queries.ownership_counts(session)
    return [
        TeamRow(m, relationships.get(m.id, 0), accounts.get(m.id, 0), actions.get(m.id, 0)) for m in members
    ]


def _responsibilities(session: Session, member_id: int) -> str:
    """"3 relationships and 1 account" (empty when the person owns nothing)."""
    relationships, accounts = queries.owned_counts(session, member_id)
    parts = []
    if relationships:
        parts.append(f"{relationships} relationship{'s' if relationships != 1 else ''}")
    if accounts:
        parts.append(f"{accounts} account{'s' if accounts != 1 else ''}")
    return " and ".join(parts)


def set_active(db: Database, member_id: int, active: bool) -> TeamMember:
    """Deactivate (hide from owner choices) or bring back; someone who still owns relationships cannot leave."""
    return update_member(db, member_id, {"active": active})


def delete_member(db: Database, member_id: int) -> None:
    """Remove one of our people; refused while they own relationships or accounts (their actions lose them)."""
    with db.session() as session:
        row = records.fetch(session, TeamMember, member_id, "team member")
        owned = _responsibilities(session, member_id)
        if owned:
            raise DomainError(f"{row.name} still owns {owned}; hand them over to someone else first.")
        records.delete(session, row, entity="team_member", account_id=None, describe=f"team member {row.name}")


def hand_over(db: Database, from_id: int, to_id: int) -> int:
    """Give every relationship and account one person owns to another; returns how many changed hands."""
    if from_id == to_id:
        raise DomainError("Choose someone else to hand over to.", "owner_id")
    with db.session() as session:
        giver = records.fetch(session, TeamMember, from_id, "team member")
        taker = records.fetch(session, TeamMember, to_id, "team member")
        if not taker.active:
            raise DomainError(f"{taker.name} is not active; bring them back first.", "owner_id")
        moved = 0
        for model, entity in ((DmuMember, "dmu_member"), (Account, "account")):
            for owned in queries.owned_by(session, model, from_id):
                owned.owner_id = to_id
                session.add(owned)
                activity.record(
                    session, entity=entity, action="updated",
                    summary=f"{giver.name} handed {owned.name} over to {taker.name}",
                    account_id=owned.account_id if entity == "dmu_member" else owned.id,
                    entity_id=owned.id, changes={"owner_id": [from_id, to_id]},
                )
                moved += 1
        return moved


def owner_name(db: Database, member_id: int | None) -> str | None:
    """The name of team member *member_id* (an account's owner), or None."""
    if member_id is None:
        return None
    with db.session() as session:
        member = session.get(TeamMember, member_id)
        return member.name if member is not None else None
