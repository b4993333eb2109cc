"""Account groups: a customer can belong to a parent company, and the group is followed as a whole.

The roll-up lists every company of the group (the parent first, then its
subsidiaries by name) with its level, open pipeline and value won in the
scoring window, and the group's totals. It is built from the portfolio's
scores, so it says exactly what the portfolio says of each member.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accountmgr.models import RelationshipLevel

if TYPE_CHECKING:
    from accountmgr.db import Database


@dataclass(frozen=True)
class GroupMember:
    """One company of a group as the roll-up shows it."""

    id: int
    name: str
    level: RelationshipLevel
    open_cents: int
    won_cents: int
    depth: int
    """0 for the group's parent company, 1 for its subsidiaries, 2 for theirs…"""


@dataclass(frozen=True)
class GroupRollup:
    """A group of companies: its parent, its members and their totals."""

    group_id: int
    group_name: str
    members: tuple[GroupMember, ...]

    @property
    def open_cents(self) -> int:
        return sum(member.open_cents for member in self.members)

    @property
    def won_cents(self) -> int:
        return sum(member.won_cents for member in self.members)


def parent_map(db: Database) -> dict[int, int | None]:
    """Account id → parent id, for the accounts that have a parent or subsidiaries (one query)."""
    from accountmgr.queries.accounts import group_links

    with db.session() as session:
        return group_links(session)


def _top(account_id: int, parents: Mapping[int, int | None]) -> tuple[int, int]:
    """The group's parent company and how deep *account_id* is below it (a loop stops the walk)."""
    current, depth, seen = account_id, 0, {account_id}
    while parents.get(current) is not None and parents[current] not in seen:
        current = parents[current]  # type: ignore[assignment]  # a parent is an account id; the walk stops at None
        seen.add(current)
        depth += 1
    return current, depth


def rollup_from(account_id: int, parents: Mapping[int, int | None], portfolio: Any) -> GroupRollup | None:
    """The roll-up of *account_id*'s group from a parent map and a loaded portfolio; None if it has no group."""
    if account_id not in parents:
        return None
    top, _ = _top(account_id, parents)
    members: list[GroupMember] = []
    for member_id in parents:
        root, depth = _top(member_id, parents)
        entry = portfolio.get(member_id) if root == top else None
        if entry is not None:  # archived companies are left out, as in the portfolio
            members.append(GroupMember(member_id, entry.name, entry.level, entry.open_cents, entry.won_cents, depth))
    if not members:
        return None
    members.sort(key=lambda m: (m.depth, m.name.lower()))
    head = next((m for m in members if m.id == top), None)
    name = head.name if head is not None else members[0].name
    return GroupRollup(top, name, tuple(members))


def group_rollup(db: Database, account_id: int, portfolio: Any) -> GroupRollup | None:  # noqa: ANN401
    """The roll-up of the group *account_id* belongs to (or heads) in *portfolio*; None if it is in no group."""
    parents = parent_map(db)
    if account_id not in parents:
        return None
    return rollup_from(account_id, parents, portfolio)


def group_lines(group: GroupRollup, account_id: int) -> tuple[str, ...]:
    """The roll-up as plain lines: one per company (level, open pipeline, won), then the totals."""
    from accountmgr.services.money import format_money

    lines = [
        f"{'  ' * m.depth}{m.name}{' (this account)' if m.id == account_id else ''}: {m.level.label}, "
        f"{format_money(m.open_cents)} open, {format_money(m.won_cents)} won"
        for m in group.members
    ]
    lines.append(f"Group total: {format_money(group.open_cents)} open pipeline, "
                 f"{format_money(group.won_cents)} won in the last 24 months")
    return tuple(lines)


def group_section(db: Database, account_id: int, portfolio: Any) -> Any:
    """The roll-up as a titled section of an explanation (scoring.Section), or None outside a group."""
    from accountmgr.services.scoring import Section

    group = group_rollup(db, account_id, portfolio)
    if group is None:
        return None
    return Section(f"Group: {group.group_name}", group_lines(group, account_id))
