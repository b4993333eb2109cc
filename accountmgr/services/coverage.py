"""DMU coverage (step h): the red/amber/green status of an account's DMU, why, and the gaps person by person.

The status rule is the one in the method's default rules; every rule lives
here so the panel, the portfolio, the opportunity scorecard and the exports
agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from accountmgr.models import Attitude, BuyingRole, CoverageDepth, DmuMember, Influence
from accountmgr.models.enums import LabelledEnum
from accountmgr.services import clock, settings
from accountmgr.services.dmu import list_members

if TYPE_CHECKING:
    from accountmgr.db import Database


class Status(LabelledEnum):
    """The coverage status of an account's DMU, worst first."""

    RED = ("red", "Red")
    AMBER = ("amber", "Amber")
    GREEN = ("green", "Green")


class Rule(LabelledEnum):
    """The coverage rules a gap can break; the label is what the gap list shows."""

    NO_DECISION_MAKER = ("no_decision_maker", "No decision maker known")
    ROLE_NOT_COVERED = ("role_not_covered", "Buying role not covered")
    NO_FAVOURABLE_KEY_PLAYER = ("no_favourable_key_player", "No key player on our side")
    NO_OWNER = ("no_owner", "No owner on our side")
    HOSTILE_INFLUENCE = ("hostile_influence", "Influential opponent or sceptic")
    WEAK_RELATIONSHIP = ("weak_relationship", "Weak relationship")
    STALE_CONTACT = ("stale_contact", "No recent contact")
    NO_CRITERIA = ("no_criteria", "No decision criteria")
    NO_PERSONAL_WIN = ("no_personal_win", "No personal win")
    HOSTILE_SWAY = ("hostile_sway", "Sways a decision maker against us")


ROLES_TO_COVER = (BuyingRole.DECISION_MAKER, BuyingRole.INFLUENCER, BuyingRole.BUYER)
"""The source names these three interlocutor roles; user, gatekeeper and initiator are optional in small DMUs."""

COVERAGE_RULE_HELP = """\
Key players are the decision makers, plus anyone with high influence or in the inner circle.

Red when any of:
  • no decision maker is known;
  • no key player is a supporter or champion;
  • a key player who is a sceptic or opponent has no owner on our side.
Green when all of:
  • at least one decision maker is a supporter or champion, and we know them through multiple contacts or in depth;
  • every key player has an owner on our side;
  • every key player was contacted within the stale-contact limit (60 days unless changed).
Amber otherwise.

The gap list names each person and the rule they break: a key player with no owner, an influential opponent or \
sceptic, a weak relationship with a key player (less than multiple contacts), no contact for longer than the limit, \
a key player with no decision criteria or no personal win, a buying role (decision maker, influencer, buyer) \
nobody in the DMU holds, and, from the informal structure, an opponent or someone leaning to a competitor who \
influences a decision maker (an influence line towards them)."""
"""The status rule written for users (help screen, the coverage panel's "why")."""


def is_key_player(member: Any) -> bool:
    """Decision makers, high-influence people and the inner circle."""
    roles = member.roles or []
    return (
        BuyingRole.DECISION_MAKER.value in roles
        or Influence(member.influence) is Influence.HIGH
        or bool(member.inner_circle)
    )


@dataclass(frozen=True)
class Gap:
    """One rule broken, pointing at the person (member_id None: about the DMU as a whole)."""

    rule: Rule
    message: str
    member_id: int | None = None
    member_name: str = ""
    severity: Status = Status.AMBER


@dataclass(frozen=True)
class Coverage:
    """An account's coverage status, the reasons for it, and the gaps."""

    status: Status
    reasons: list[str]
    gaps: list[Gap]
    key_player_ids: list[int] = field(default_factory=list)
    stale_days: int = 60

    def gaps_for(self, member_id: int) -> list[Gap]:
        return [gap for gap in self.gaps if gap.member_id == member_id]


@dataclass(frozen=True)
class _Key:
    """What the status rule needs of one key player (built from ORM rows or raw SQL rows alike)."""

    decision_maker: bool
    attitude: Attitude
    has_owner: bool
    coverage: CoverageDepth
    last_contact: date | None


def _status(keys: list[_Key], today: date, stale_days: int) -> tuple[Status, list[str]]:
    """The default status rule; returns the status and the sentences that explain it."""
    red: list[str] = []
    if not any(k.decision_maker for k in keys):
        red.append("No decision maker is known.")
    if not any(k.attitude.favourable for k in keys):
        red.append("No key player is a supporter or champion.")
    hostile_unowned = sum(1 for k in keys if k.attitude.hostile and not k.has_owner)
    if hostile_unowned:
        red.append(f"{_people(hostile_unowned)} who {'is' if hostile_unowned == 1 else 'are'} a sceptic or opponent "
                   "with no owner on our side.")
    if red:
        return Status.RED, red
    amber: list[str] = []
    if not any(k.decision_maker and k.attitude.favourable and k.coverage.strong for k in keys):
        amber.append("No decision maker is a supporter or champion we know through multiple contacts or in depth.")
    unowned = sum(1 for k in keys if not k.has_owner)
    if unowned:
        amber.append(f"{_people(unowned)} with no owner on our side.")
    stale = sum(1 for k in keys if k.last_contact is None or (today - k.last_contact).days > stale_days)
    if stale:
        amber.append(f"{_people(stale)} not contacted in the last {stale_days} days.")
    if amber:
        return Status.AMBER, amber
    return Status.GREEN, [
        "A decision maker on our side is well known to us, every key player has an owner "
        f"and was contacted in the last {stale_days} days."
    ]


def _people(count: int) -> str:
    return "1 key player" if count == 1 else f"{count} key players"


def _key_of(member: DmuMember) -> _Key:
    return _Key(
        decision_maker=BuyingRole.DECISION_MAKER.value in (member.roles or []),
        attitude=Attitude(member.attitude),
        has_owner=member.owner_id is not None,
        coverage=CoverageDepth(member.coverage),
        last_contact=member.last_contact,
    )


def analyse(
    members: Iterable[DmuMember], *, today: date, stale_days: int, lines: Iterable[Any] = (),
    leanings: Mapping[int, Any] | None = None,
) -> Coverage:
    """The coverage of a DMU given as member rows, with its influence lines and leanings (no database needed)."""
    members = list(members)
    keys = [m for m in members if is_key_player(m)]
    status, reasons = _status([_key_of(m) for m in keys], today, stale_days)
    gaps: list[Gap] = []

    roles_held = {role for m in members for role in (m.roles or [])}
    for role in ROLES_TO_COVER:
        if role.value not in roles_held:
            if role is BuyingRole.DECISION_MAKER:
                gaps.append(Gap(Rule.NO_DECISION_MAKER, "Nobody in the DMU is known as decision maker.",
                                severity=Status.RED))
            else:
                gaps.append(Gap(Rule.ROLE_NOT_COVERED, f"Nobody in the DMU is known as {role.label.lower()}."))
    if keys and not any(Attitude(m.attitude).favourable for m in keys):
        gaps.append(Gap(Rule.NO_FAVOURABLE_KEY_PLAYER, "No key player is a supporter or champion.",
                        severity=Status.RED))

    for m in keys:
        def add(rule: Rule, message: str, severity: Status = Status.AMBER, m: DmuMember = m) -> None:
            gaps.append(Gap(rule, f"{m.name}: {message}", m.id, m.name, severity))

        attitude = Attitude(m.attitude)
        what = _what(m)
        if m.owner_id is None:
            if attitude.hostile:
                add(Rule.NO_OWNER, f"{attitude.label.lower()} and {what}, with no owner on our side.", Status.RED)
            else:
                add(Rule.NO_OWNER, f"{what}, with no owner on our side.")
        if attitude.hostile and Influence(m.influence) is Influence.HIGH:
            add(Rule.HOSTILE_INFLUENCE, f"{attitude.label.lower()} with high influence.")
        depth = CoverageDepth(m.coverage)
        if not depth.strong:
            add(Rule.WEAK_RELATIONSHIP, f"our relationship is only “{depth.label.lower()}”.")
        if m.last_contact is None:
            add(Rule.STALE_CONTACT, "no contact on record.")
        else:
            days = (today - m.last_contact).days
            if days > stale_days:
                add(Rule.STALE_CONTACT, f"last contacted {days} days ago (limit {stale_days}).")
        if not (m.org_criteria.strip() or m.personal_criteria.strip()):
            add(Rule.NO_CRITERIA, "no decision criteria recorded.")
        if not m.personal_win.strip():
            add(Rule.NO_PERSONAL_WIN, "no personal win from us yet.")

    gaps.extend(_informal_gaps(members, list(lines), leanings or {}))
    gaps.sort(key=lambda gap: list(Status).index(gap.severity))
    return Coverage(status, reasons, gaps, [m.id for m in keys if m.id is not None], stale_days)


def _informal_gaps(members: list[Any], lines: list[Any], leanings: Mapping[int, Any]) -> list[Gap]:
    """An opponent, or someone leaning to a competitor, with an influence line towards a decision maker."""
    by_id = {m.id: m for m in members}
    gaps: list[Gap] = []
    for line in lines:
        for target_id in (line.to_id, line.from_id):
            if not line.influences(target_id):
                continue
            source = by_id.get(line.source_towards(target_id))
            target = by_id.get(target_id)
            if source is None or target is None or BuyingRole.DECISION_MAKER.value not in (target.roles or []):
                continue
            why = []
            if Attitude(source.attitude) is Attitude.OPPONENT:
                why.append("an opponent")
            leaning = leanings.get(source.id)
            if leaning is not None:
                why.append(f"leaning to {leaning.competitor} ({leaning.strength.label.lower()})")
            if why:
                gaps.append(Gap(
                    Rule.HOSTILE_SWAY,
                    f"{source.name}: {' and '.join(why)}, has a {line.strength.label.lower()} influence on decision "
                    f"maker {target.name} — win them over or give {target.name} a stronger voice on our side.",
                    source.id, source.name,
                ))
    return gaps


def _what(member: DmuMember) -> str:
    """Why the person is a key player, in words: "decision maker and inner circle"."""
    parts = []
    if BuyingRole.DECISION_MAKER.value in (member.roles or []):
        parts.append("decision maker")
    if Influence(member.influence) is Influence.HIGH:
        parts.append("high influence")
    if member.inner_circle:
        parts.append("inner circle")
    return " and ".join(parts) if len(parts) < 3 else f"{parts[0]}, {parts[1]} and {parts[2]}"


def coverage(db: Database, account_id: int, *, stale_days: int | None = None) -> Coverage:
    """The coverage status, reasons and gaps of one account's DMU."""
    from accountmgr.services import informal

    limit = settings.stale_days(db) if stale_days is None else stale_days
    members = list_members(db, account_id)
    return analyse(members, today=clock.today(), stale_days=limit, lines=informal.lines(db, account_id, members),
                   leanings=informal.leanings(db, account_id))




def coverage_status_by_account(db: Database, *, stale_days: int | None = None) -> dict[int, Status]:
    """Every account's coverage status in one query (portfolio, scorecards, exports)."""
    limit = settings.stale_days(db) if stale_days is None else stale_days
    today = clock.today()
    keys: dict[int, list[_Key]] = {}
    from accountmgr.queries.coverage import key_players_by_account

    with db.session() as session:
        rows = key_players_by_account(session.connection())
    for account_id, roles, attitude, owner_id, depth, last_contact in rows:
        bucket = keys.setdefault(account_id, [])
        if attitude is None:  # an account with no key player: the LEFT JOIN gives one empty row
            continue
        bucket.append(
            _Key(
                decision_maker=BuyingRole.DECISION_MAKER.value in (roles or ()),
                attitude=attitude,
                has_owner=owner_id is not None,
                coverage=depth,
                last_contact=last_contact,
            )
        )
    return {account_id: _status(bucket, today, limit)[0] for account_id, bucket in keys.items()}
