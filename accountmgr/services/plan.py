"""The communication plan (step j): dated actions, who they address, marking them done, summaries and the agenda."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from accountmgr.models import (
    Account,
    ActionDmuLink,
    ActionStatus,
    ActionTeamLink,
    Channel,
    CommunicationAction,
    CoverageDepth,
)
from accountmgr.queries import dmu as dmu_queries
from accountmgr.queries import plan as queries
from accountmgr.services import activity, clock, records
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError, NotFound
from accountmgr.services.money import format_money
from accountmgr.services.versioned import Seen

if TYPE_CHECKING:
    from accountmgr.db import Database

v.register_labels(
    {
        "scheduled_at": "Date and time",
        "duration_minutes": "Duration (minutes)",
        "cost_cents": "Cost",
        "done_on": "Done on",
        "member_ids": "People addressed",
        "team_ids": "Our people",
    }
)


def _money_or_zero() -> v.Converter:
    money = v.money()

    def convert(value: Any, name: str) -> int:
        return money(value, name) or 0

    return convert


def _duration() -> v.Converter:
    minutes = v.integer(5, 24 * 60)

    def convert(value: Any, name: str) -> int:
        result = minutes(value, name)
        return 60 if result is None else result

    return convert


ACTION_FIELDS: dict[str, v.Converter] = {
    "scheduled_at": v.datetime_(required=True),
    "duration_minutes": _duration(),
    "channel": v.choice(Channel),
    "objective": v.text(required=True, max_length=500),
    "cost_cents": _money_or_zero(),
    "status": v.choice(ActionStatus),
    "outcome": v.text(multiline=True),
    "done_on": v.date_(),
}
"""Every editable field of a communication action and how its input is checked."""


class PastPlannedWarning(DomainError):
    """An action dated in the past is being saved as planned: confirm, then save again with ``confirm_past=True``."""


# --- create / update / delete ------------------------------------------------------------------------------------


def _describe(action: CommunicationAction) -> str:
    return f"action “{action.objective}” on {action.scheduled_at:%Y-%m-%d %H:%M}"


def _warn_if_past(values: Mapping[str, Any], row: CommunicationAction | None, confirm_past: bool) -> None:
    status = values.get("status", row.status if row else ActionStatus.PLANNED)
    when = values.get("scheduled_at", row.scheduled_at if row else None)
    touched = row is None or "scheduled_at" in values or "status" in values
    if confirm_past or not touched or status != ActionStatus.PLANNED or when is None:
        return
    if when < clock.now():
        raise PastPlannedWarning(
            f"{when:%Y-%m-%d %H:%M} is in the past: save it as planned anyway, or mark it done.", "scheduled_at"
        )


def _check_done(values: dict[str, Any], row: CommunicationAction | None) -> None:
    status = values.get("status", row.status if row else ActionStatus.PLANNED)
    if status == ActionStatus.DONE:
        done_on = values.get("done_on", row.done_on if row else None)
        if done_on is None:
            when = values.get("scheduled_at", row.scheduled_at if row else None)
            values["done_on"] = min(when.date(), clock.today()) if when else clock.today()
        elif done_on > clock.today():
            raise DomainError("An action cannot be done on a future date.", "done_on")
    elif "status" in values:
        values["done_on"] = None


def _check_people(session: Session, account_id: int, member_ids: list[int], team_ids: list[int]) -> None:
    if member_ids:
        found = queries.dmu_accounts(session, member_ids)
        if len(found) != len(member_ids):
            raise DomainError("One of the people addressed no longer exists.", "member_ids")
        if any(row.account_id != account_id for row in found):
            raise DomainError("The people addressed must belong to this account's DMU.", "member_ids")
    if team_ids:
        found_team = queries.team_ids_found(session, team_ids)
        if len(found_team) != len(team_ids):
            raise DomainError("One of our people involved no longer exists.", "team_ids")


def _set_links(session: Session, action_id: int, member_ids: list[int] | None, team_ids: list[int] | None) -> None:
    if member_ids is not None:
        for link in queries.dmu_links(session, action_id):
            session.delete(link)
        session.flush()
        session.add_all(ActionDmuLink(action_id=action_id, member_id=m) for m in member_ids)
    if team_ids is not None:
        for team_link in queries.team_links(session, action_id):
            session.delete(team_link)
        session.flush()
        session.add_all(ActionTeamLink(action_id=action_id, team_member_id=t) for t in team_ids)
    session.flush()


def _unique(ids: Iterable[int] | None) -> list[int] | None:
    return None if ids is None else list(dict.fromkeys(int(i) for i in ids))


def create_action(
    db,  # noqa: ANN001
    account_id: int,
    raw: Mapping[str, Any],
    *,
    member_ids: Iterable[int] = (),
    team_ids: Iterable[int] = (),
    confirm_past: bool = False,
) -> CommunicationAction:
    """Plan an action; PastPlannedWarning if it is dated in the past and still planned (unless confirmed)."""
    raw = {"channel": Channel.MEETING, "status": ActionStatus.PLANNED, **raw}
    members, team = _unique(member_ids) or [], _unique(team_ids) or []

    def check(session: Session, values: dict[str, Any], row: CommunicationAction | None) -> None:
        _check_done(values, row)
        _check_people(session, account_id, members, team)
        _warn_if_past(values, row, confirm_past)

    with db.session() as session:
        records.fetch(session, Account, account_id, "account")
        action = records.insert(
            session, CommunicationAction, raw, ACTION_FIELDS, entity="action", account_id=account_id,
            describe=_describe, check=check, extra={"account_id": account_id},
        )
        _set_links(session, action.id, members, team)
        if action.status == ActionStatus.DONE and action.done_on:
            _touch_members(session, action, members, action.done_on)
        return action


def update_action(
    db,  # noqa: ANN001
    action_id: int,
    raw: Mapping[str, Any],
    *,
    member_ids: Iterable[int] | None = None,
    team_ids: Iterable[int] | None = None,
    confirm_past: bool = False,
    seen: Seen | None = None,
) -> CommunicationAction:
    """Change the given fields and, when given, who is addressed and involved (*seen*: see records.update)."""
    members, team = _unique(member_ids), _unique(team_ids)
    with db.session() as session:
        action = records.fetch(session, CommunicationAction, action_id, "action")
        was_done = action.status == ActionStatus.DONE

        def check(session: Session, values: dict[str, Any], row: CommunicationAction | None) -> None:
            _check_done(values, row)
            _check_people(session, action.account_id, members or [], team or [])
            _warn_if_past(values, row, confirm_past)

        records.update(
            session, action, raw, ACTION_FIELDS, entity="action", account_id=action.account_id,
            describe=_describe, check=check, seen=seen,
        )
        before = _link_names(session, action_id)
        _set_links(session, action_id, members, team)
        after = _link_names(session, action_id)
        if before != after:
            activity.record(
                session, entity="action", action="updated", account_id=action.account_id, entity_id=action_id,
                summary=f"Changed who takes part in {_describe(action)}",
                changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
            )
        if action.status == ActionStatus.DONE and not was_done and action.done_on:
            _touch_members(session, action, _member_ids(session, action_id), action.done_on)
        return action


def delete_action(db: Database, action_id: int, *, seen_version: int | None = None) -> None:
    """Delete an action (refused if it changed since *seen_version* was shown)."""
    with db.session() as session:
        action = records.fetch(session, CommunicationAction, action_id, "action")
        records.delete(session, action, entity="action", account_id=action.account_id, describe=_describe(action),
                       seen_version=seen_version)


def cancel_action(db: Database, action_id: int) -> CommunicationAction:
    return update_action(db, action_id, {"status": ActionStatus.CANCELLED})


def mark_done(db: Database, action_id: int, outcome: str, done_on: date | str | None = None) -> CommunicationAction:
    """Mark an action done with its outcome; the people addressed get a newer last contact and at least brief coverage."""
    raw: dict[str, Any] = {"status": ActionStatus.DONE, "outcome": outcome}
    if done_on not in (None, ""):
        raw["done_on"] = done_on
    with db.session() as session:
        action = records.fetch(session, CommunicationAction, action_id, "action")
        if action.status == ActionStatus.DONE:
            raise DomainError("This action is already done.", "status")
        if "done_on" not in raw:
            raw["done_on"] = clock.today()
        records.update(
            session, action, raw, ACTION_FIELDS, entity="action", account_id=action.account_id,
            describe=_describe, check=lambda s, values, row: _check_done(values, row),
        )
        _touch_members(session, action, _member_ids(session, action_id), action.done_on or clock.today())
        return action


_RAISED_FROM = (CoverageDepth.UNKNOWN, CoverageDepth.NO_CONTACT)


def _touch_members(session: Session, action: CommunicationAction, member_ids: list[int], on: date) -> None:
    """Move each addressed person's last contact forward (never back) and lift unknown/no contact to brief contact."""
    if not member_ids:
        return
    members = dmu_queries.by_ids(session, member_ids)
    for member in members:
        changes: dict[str, list[Any]] = {}
        if member.last_contact is None or member.last_contact < on:
            changes["last_contact"] = [member.last_contact, on]
            member.last_contact = on
        if member.coverage in _RAISED_FROM:
            changes["coverage"] = [member.coverage, CoverageDepth.BRIEF_CONTACT]
            member.coverage = CoverageDepth.BRIEF_CONTACT
        if not changes:
            continue
        session.add(member)
        activity.record(
            session, entity="dmu_member", action="updated", account_id=member.account_id, entity_id=member.id,
            summary=f"Contact with {member.name} recorded by {_describe(action)}",
            changes=activity.diff({k: old for k, (old, _new) in changes.items()}, {k: new for k, (_o, new) in changes.items()}),
        )
    session.flush()


def _member_ids(session: Session, action_id: int) -> list[int]:
    return queries.member_ids(session, action_id)


def _link_names(session: Session, action_id: int) -> dict[str, list[str]]:
    members, team = queries.link_names(session, action_id)
    return {"people_addressed": sorted(members), "our_people": sorted(team)}


# --- reading -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """An action with the names of the people addressed and involved."""

    id: int
    account_id: int
    account_name: str
    scheduled_at: datetime
    duration_minutes: int
    channel: Channel
    objective: str
    cost_cents: int
    status: ActionStatus
    outcome: str
    done_on: date | None
    member_ids: tuple[int, ...]
    members: tuple[str, ...]
    team_ids: tuple[int, ...]
    team: tuple[str, ...]
    version: int = 1
    """The action's version, for a form to tell whether it changed since it was shown."""

    @property
    def overdue(self) -> bool:
        """Still planned, and its time has passed."""
        return self.status == ActionStatus.PLANNED and self.scheduled_at < clock.now()

    @property
    def people(self) -> str:
        return ", ".join(self.members)


def _rows(session: Session, found: list[Any], which: tuple[Any, ...]) -> list[ActionRow]:
    """ActionRows for *found* (rows of queries.action_columns); *which* selects the same actions, for their people."""
    members: dict[int, list[tuple[int, str]]] = {}
    team: dict[int, list[tuple[int, str]]] = {}
    if found:
        linked_members, linked_team = queries.action_people(session, which)
        for action_id, member_id, name in linked_members:
            members.setdefault(action_id, []).append((member_id, name))
        for action_id, team_id, name in linked_team:
            team.setdefault(action_id, []).append((team_id, name))
    rows = []
    for r in found:
        m = sorted(members.get(r.id, []), key=lambda p: p[1].lower())
        t = sorted(team.get(r.id, []), key=lambda p: p[1].lower())
        rows.append(
            ActionRow(
                id=r.id, account_id=r.account_id, account_name=r.name, scheduled_at=r.scheduled_at,
                duration_minutes=r.duration_minutes, channel=Channel(r.channel), objective=r.objective,
                cost_cents=r.cost_cents, status=ActionStatus(r.status), outcome=r.outcome, done_on=r.done_on,
                member_ids=tuple(i for i, _ in m), members=tuple(n for _, n in m),
                team_ids=tuple(i for i, _ in t), team=tuple(n for _, n in t), version=r.version,
            )
        )
    return rows


def list_actions(db: Database, account_id: int) -> list[ActionRow]:
    """The account's actions, in date order."""
    which = queries.of_account(account_id)
    with db.session() as session:
        return _rows(session, queries.action_columns(session, which), which)


def get_action(db: Database, action_id: int) -> ActionRow:
    which = queries.with_id(action_id)
    with db.session() as session:
        found = queries.action_columns(session, which)
        if not found:
            raise NotFound("That action no longer exists.")
        return _rows(session, found, which)[0]


def actions_for_member(db: Database, member_id: int) -> list[ActionRow]:
    """Every action addressing one DMU member, newest first (for the person's profile)."""
    which = queries.addressing(member_id)
    with db.session() as session:
        return _rows(session, queries.action_columns(session, which, newest_first=True), which)


# --- summary -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSummary:
    """What the plan adds up to over a period (step j: cost, channel mix, interlocutors, contacts, our people)."""

    start: date
    end: date
    action_count: int
    contacts_per_member: dict[str, int]
    contacts_per_team_member: dict[str, int]
    contacts_per_channel: dict[Channel, int]
    total_cost_cents: int
    not_addressed: list[str]
    overdue: list[ActionRow] = field(default_factory=list)

    @property
    def channel_mix(self) -> dict[Channel, int]:
        """Share of the period's actions per channel, in whole percent."""
        if not self.action_count:
            return {}
        return {ch: round(100 * n / self.action_count) for ch, n in self.contacts_per_channel.items()}

    def channel_mix_text(self) -> str:
        mix = self.channel_mix
        return ", ".join(f"{ch.label} {pct} %" for ch, pct in mix.items()) if mix else "no actions"

    def cost_text(self) -> str:
        return format_money(self.total_cost_cents)


def default_period() -> tuple[date, date]:
    """The last 90 days and the next 90: what a plan review looks at."""
    today = clock.today()
    return today - timedelta(days=90), today + timedelta(days=90)


def plan_summary(db: Database, account_id: int, start: date | None = None, end: date | None = None) -> PlanSummary:
    """Contacts per person and channel, cost and channel mix of the (not cancelled) actions in [start, end];

    plus DMU members not addressed by any planned action, and overdue actions (whatever the period).
    """
    if start is None or end is None:
        start, end = default_period()
    if end < start:
        raise DomainError("The period must end after it starts.", "end")
    rows = list_actions(db, account_id)
    in_period = [
        r for r in rows if r.status != ActionStatus.CANCELLED and start <= r.scheduled_at.date() <= end
    ]
    per_member: Counter[str] = Counter()
    per_team: Counter[str] = Counter()
    per_channel: Counter[Channel] = Counter()
    for row in in_period:
        per_member.update(row.members)
        per_team.update(row.team)
        per_channel[row.channel] += 1
    addressed = {m for r in rows if r.status == ActionStatus.PLANNED for m in r.member_ids}
    with db.session() as session:
        people = queries.people_of_account(session, account_id)
    not_addressed = sorted((name for member_id, name in people if member_id not in addressed), key=str.lower)
    return PlanSummary(
        start=start,
        end=end,
        action_count=len(in_period),
        contacts_per_member=dict(sorted(per_member.items(), key=lambda kv: (-kv[1], kv[0].lower()))),
        contacts_per_team_member=dict(sorted(per_team.items(), key=lambda kv: (-kv[1], kv[0].lower()))),
        contacts_per_channel={ch: per_channel[ch] for ch in Channel if per_channel[ch]},
        total_cost_cents=sum(r.cost_cents for r in in_period),
        not_addressed=not_addressed,
        overdue=[r for r in rows if r.overdue],
    )


# --- agenda ------------------------------------------------------------------------------------------------------


def this_week() -> tuple[date, date]:
    """Monday to Sunday of the current week."""
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def agenda(db: Database, start: date | None = None, end: date | None = None) -> list[ActionRow]:
    """Planned actions across all active accounts: overdue ones first (oldest first), then those due in [start, end]."""
    if start is None or end is None:
        start, end = this_week()
    now = clock.now()
    until = datetime.combine(end + timedelta(days=1), time.min)
    which = queries.planned_before(until)
    with db.session() as session:
        found = [
            r for r in queries.action_columns(session, which)
            if r.scheduled_at < now or r.scheduled_at.date() >= start
        ]
        rows = _rows(session, found, which)
    return [r for r in rows if r.overdue] + [r for r in rows if not r.overdue]
