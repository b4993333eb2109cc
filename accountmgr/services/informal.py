"""The DMU's informal structure (step h): who influences whom beyond the reporting lines, and who leans to a competitor.

The method asks for "the formal and informal structure" of the buying process
(section 6). An influence line joins two DMU members of one account, with a
strength and a direction; a leaning names the competitor one person favours
and how strongly. Coverage reads both (:mod:`accountmgr.services.coverage`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import CompetitorLeaning, DmuMember, InfluenceDirection, InfluenceLine, InfluenceStrength
from accountmgr.queries import informal as q
from accountmgr.services import records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels({
    "from_id": "Who influences",
    "to_id": "Whom they influence",
    "strength": "Strength",
    "direction": "Direction",
    "note": "Note",
})

LINE_FIELDS: dict[str, v.Converter] = {
    "from_id": v.integer(required=True),
    "to_id": v.integer(required=True),
    "strength": v.choice(InfluenceStrength),
    "direction": v.choice(InfluenceDirection),
    "note": v.text(max_length=500),
}
"""An influence line's fields: the two people, strength (weak/medium/strong), direction, and a note."""

LEANING_FIELDS = v.FieldSpec(
    {"competitor": v.text(required=True, max_length=120), "strength": v.choice(InfluenceStrength)},
    labels={"competitor": "Competitor they lean to", "strength": "How strongly"},
)
"""A person's leaning: the competitor's name and how strongly."""


@dataclass(frozen=True)
class Line:
    """An influence line with the two people's names, as screens and the plan show it."""

    id: int
    from_id: int
    to_id: int
    from_name: str
    to_name: str
    strength: InfluenceStrength
    direction: InfluenceDirection
    note: str
    version: int

    @property
    def arrow(self) -> str:
        return "↔" if self.direction is InfluenceDirection.BOTH else "→"

    @property
    def sentence(self) -> str:
        """"Ada Brandt influences Luca Moretti (strong)", or "… and … influence each other (weak)"."""
        if self.direction is InfluenceDirection.BOTH:
            return f"{self.from_name} and {self.to_name} influence each other ({self.strength.label.lower()})"
        return f"{self.from_name} influences {self.to_name} ({self.strength.label.lower()})"

    def touches(self, member_id: int) -> bool:
        return member_id in (self.from_id, self.to_id)

    def influences(self, member_id: int) -> bool:
        """Whether this line carries influence *towards* the person."""
        return self.to_id == member_id or (self.direction is InfluenceDirection.BOTH and self.from_id == member_id)

    def source_towards(self, member_id: int) -> int:
        """Who exerts the influence on *member_id* along this line."""
        return self.from_id if self.to_id == member_id else self.to_id


def _describe(line: InfluenceLine) -> str:
    return f"influence line {line.from_id} → {line.to_id}"


def _check(account_id: int):  # noqa: ANN202
    def check(session: Session, values: dict[str, Any], row: InfluenceLine | None) -> None:
        from_id: Any = values.get("from_id", row.from_id if row else None)  # form input: checked below
        to_id: Any = values.get("to_id", row.to_id if row else None)
        if from_id == to_id:
            raise DomainError("An influence line joins two different people.", "to_id")
        for field, member_id in (("from_id", from_id), ("to_id", to_id)):
            member = session.get(DmuMember, member_id)
            if member is None or member.account_id != account_id:
                raise DomainError("Pick someone in this account's DMU.", field)
        for other in q.lines_between(session, account_id, from_id, to_id):
            if row is None or other.id != row.id:
                raise DomainError("These two people are already joined by an influence line: edit that one.", "to_id")
    return check


def add_line(db: Database, account_id: int, raw: Mapping[str, Any]) -> InfluenceLine:
    """Record that one DMU member influences another (checked: two different people of this account, one line a pair)."""
    raw = {"strength": InfluenceStrength.MEDIUM, "direction": InfluenceDirection.ONE_WAY,
           **{key: value for key, value in raw.items() if value not in (None, "")}}
    with db.session() as session:
        return records.insert(
            session, InfluenceLine, raw, LINE_FIELDS, entity="influence_line", account_id=account_id,
            describe=lambda line: _name_line(session, line), check=_check(account_id),
            extra={"account_id": account_id},
        )


def update_line(db: Database, line_id: int, raw: Mapping[str, Any], *, seen: Seen | None = None) -> InfluenceLine:
    with db.session() as session:
        line = records.fetch(session, InfluenceLine, line_id, "influence line")
        return records.update(
            session, line, raw, LINE_FIELDS, entity="influence_line", account_id=line.account_id,
            describe=lambda row: _name_line(session, row), check=_check(line.account_id), seen=seen,
        )


def delete_line(db: Database, line_id: int, *, seen_version: int | None = None) -> None:
    with db.session() as session:
        line = records.fetch(session, InfluenceLine, line_id, "influence line")
        records.delete(session, line, entity="influence_line", account_id=line.account_id,
                       describe=_name_line(session, line), seen_version=seen_version)


def _name_line(session: Session, line: InfluenceLine) -> str:
    names = {m_id: (member.name if (member := session.get(DmuMember, m_id)) else "someone")
             for m_id in (line.from_id, line.to_id)}
    arrow = "↔" if line.direction is InfluenceDirection.BOTH else "→"
    return f"influence line {names[line.from_id]} {arrow} {names[line.to_id]}"


def lines(db: Database, account_id: int, members: list[DmuMember] | None = None) -> list[Line]:
    """The account's influence lines with names, strongest first."""
    with db.session() as session:
        rows = q.lines_of_account(session, account_id)
        if members is None:
            found = (session.get(DmuMember, m_id) for m_id in {r.from_id for r in rows} | {r.to_id for r in rows})
            members = [member for member in found if member is not None]
    return lines_from_rows(rows, members)


def lines_from_rows(rows: list[InfluenceLine], members: list[Any]) -> list[Line]:
    """Influence rows joined to the members' names (no database: the plan and coverage have both already)."""
    names = {m.id: m.name for m in members if m is not None}
    order = {InfluenceStrength.STRONG: 0, InfluenceStrength.MEDIUM: 1, InfluenceStrength.WEAK: 2}
    found = [
        Line(r.id, r.from_id, r.to_id, names.get(r.from_id, "?"), names.get(r.to_id, "?"),
             InfluenceStrength(r.strength), InfluenceDirection(r.direction), r.note, r.version)
        for r in rows if r.from_id in names and r.to_id in names
    ]
    return sorted(found, key=lambda line: (order[line.strength], line.from_name.lower(), line.to_name.lower()))


def leanings(db: Database, account_id: int) -> dict[int, CompetitorLeaning]:
    """Member id → the competitor they lean to."""
    with db.session() as session:
        return {row.member_id: row for row in q.leanings_of_account(session, account_id)}


def leaning_of(db: Database, member_id: int) -> CompetitorLeaning | None:
    with db.session() as session:
        return q.leaning_of_member(session, member_id)


def set_leaning(db: Database, member_id: int, raw: Mapping[str, Any] | None) -> CompetitorLeaning | None:
    """Record (or with a blank competitor / None, remove) the competitor a person leans to."""
    blank = raw is None or not str(raw.get("competitor") or "").strip()
    with db.session() as session:
        member = records.fetch(session, DmuMember, member_id, "person")
        row = q.leaning_of_member(session, member_id)
        what = f"leaning of {member.name}"
        if blank:
            if row is not None:
                records.delete(session, row, entity="competitor_leaning", account_id=member.account_id, describe=what)
            return None
        raw = {"strength": InfluenceStrength.MEDIUM, **{k: val for k, val in (raw or {}).items() if val not in (None, "")}}
        if row is None:
            return records.insert(
                session, CompetitorLeaning, raw, LEANING_FIELDS, entity="competitor_leaning",
                account_id=member.account_id, describe=lambda r: f"{what}: {r.competitor}",
                extra={"member_id": member_id, "account_id": member.account_id},
            )
        return records.update(session, row, raw, LEANING_FIELDS, entity="competitor_leaning",
                              account_id=member.account_id, describe=lambda r: f"{what}: {r.competitor}")


def leaning_text(leaning: CompetitorLeaning | None) -> str:
    """"leans to Rival Srl (strong)", or ""."""
    if leaning is None:
        return ""
    return f"leans to {leaning.competitor} ({InfluenceStrength(leaning.strength).label.lower()})"
