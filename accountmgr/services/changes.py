"""What changed on an account since its last dated review, read from the activity log.

Account reviews open with this question. The log records every change as
{field: [old, new]}; here the entries after the last review are merged per
record (several edits of one person read as one change, first value → last
value), grouped by subject and phrased for people, not for programmers. The
texts are plain: the Markdown plan and review mode escape them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any

from accountmgr.models.enums import (
    ActionStatus,
    AskStatus,
    Attitude,
    Channel,
    ComplaintNature,
    ComplaintStatus,
    ConstraintKind,
    Cooperation,
    CoverageDepth,
    DeliveryStatus,
    FeedbackKind,
    Influence,
    InfluenceDirection,
    InfluenceStrength,
    LabelledEnum,
    ManagementModel,
    ObjectiveStatus,
    OpportunityStage,
    OpportunityStatus,
    ProfitGrade,
    RelationshipLevel,
    RiskStatus,
    Severity,
    SocialStyle,
)
from accountmgr.services import validation as v
from accountmgr.services.money import format_money

if TYPE_CHECKING:
    from accountmgr.db import Database

GROUPS = (
    "Relationship level",
    "Revenue",
    "Decision-making unit",
    "Opportunities",
    "Communication plan",
    "Competitors",
    "Relationship constraints",
    "Objectives",
    "Risks",
    "Asks of management",
    "Value proposition",
    "Delivery",
    "Reviews",
    "Complaints and recovery",
    "KPIs and improvement projects",
    "Offerings held",
    "Programmes",
    "Account details",
    "Other changes",
)
"""The groups in the order a review walks through them."""

_ENTITY_GROUP = {
    "assessment": "Relationship level",
    "dmu_member": "Decision-making unit",
    "opportunity": "Opportunities",
    "action": "Communication plan",
    "communication_action": "Communication plan",
    "competitor": "Competitors",
    "constraint": "Relationship constraints",
    "value_proposition": "Value proposition",
    "delivery": "Delivery",
    "review": "Reviews",
    "review_driver": "Reviews",
    "complaint": "Complaints and recovery",
    "influence_line": "Decision-making unit",
    "competitor_leaning": "Decision-making unit",
    "kpi": "KPIs and improvement projects",
    "improvement_project": "KPIs and improvement projects",
    "holding": "Offerings held",
    "account_programme": "Programmes",
    "account": "Account details",
    "revenue": "Revenue",
    "objective": "Objectives",
    "milestone": "Objectives",
    "risk": "Risks",
    "ask": "Asks of management",
}

_ENUMS: dict[str, type[LabelledEnum]] = {
    "attitude": Attitude,
    "influence": Influence,
    "coverage": CoverageDepth,
    "social_style": SocialStyle,
    "current_level": RelationshipLevel,
    "target_level": RelationshipLevel,
    "level": RelationshipLevel,
    "suggested_level": RelationshipLevel,
    "stage": OpportunityStage,
    "channel": Channel,
    "kind": ConstraintKind,
    "severity": Severity,
    "cooperation": Cooperation,
    "profit_grade": ProfitGrade,
    "management_model": ManagementModel,
}
_STATUS_ENUMS: dict[str, type[LabelledEnum]] = {
    "opportunity": OpportunityStatus,
    "action": ActionStatus,
    "communication_action": ActionStatus,
    "delivery": DeliveryStatus,
    "complaint": ComplaintStatus,
    "objective": ObjectiveStatus,
    "risk": RiskStatus,
    "ask": AskStatus,
}
_ENTITY_ENUMS: dict[tuple[str, str], type[LabelledEnum]] = {
    ("complaint", "kind"): FeedbackKind,
    ("complaint", "nature"): ComplaintNature,
    ("influence_line", "strength"): InfluenceStrength,
    ("influence_line", "direction"): InfluenceDirection,
    ("competitor_leaning", "strength"): InfluenceStrength,
}
"""Field names that mean a different enumeration on these records."""
_QUIET_FIELDS = {"updated_at", "created_at", "account_id", "id"}
_QUIET_ACCOUNT_FIELDS = {"satisfaction"}
"""An account's satisfaction follows its reviews: recording the review is the news, not the copied score."""


@dataclass(frozen=True)
class LogEntry:
    """One activity-log row, as plain values."""

    id: int
    at: datetime
    entity: str
    entity_id: int | None
    action: str
    summary: str
    changes: Mapping[str, Any]
    actor_id: int | None = None
    """The team member who made the change (None: before the team knew who was who, or nobody chosen)."""


@dataclass
class Names:
    """Current names of the records the log points at, so a change reads "Anna Verdi", not "#12"."""

    team: dict[int, str] = field(default_factory=dict)
    by_entity: dict[str, dict[int, str]] = field(default_factory=dict)
    details: dict[str, dict[int, Any]] = field(default_factory=dict)
    """A short current detail per record (a person's title, an assessment's level and date, an opportunity's cents…)."""

    def detail(self, entity: str, entity_id: int | None) -> str:
        if entity_id is None:
            return ""
        return self.details.get(_canonical(entity), {}).get(entity_id, "")

    def of(self, entity: str, entity_id: int | None) -> str | None:
        if entity_id is None:
            return None
        return self.by_entity.get(_canonical(entity), {}).get(entity_id)


@dataclass(frozen=True)
class ChangeGroup:
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    """The changes since *since* (the last review's date; None when the account has never been reviewed)."""

    since: date | None
    groups: tuple[ChangeGroup, ...]
    note: str = ""
    """Read before the changes: why they may look larger than they are (history entered after the review)."""

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def heading(self) -> str:
        if self.since is None:
            return "What changed (no review yet: the whole history)"
        return f"What changed since the last review ({self.since.isoformat()})"


def _canonical(entity: str) -> str:
    return "action" if entity == "communication_action" else entity


def review_cutoff(reviewed_on: date, created_at: datetime | None) -> datetime:
    """The moment after which a change counts as new: the end of the review day, or when the review was
    recorded if that was earlier (a review entered on the day of the meeting). Naive UTC, as the log stores it."""
    end_of_day = datetime.combine(reviewed_on + timedelta(days=1), time()).astimezone(timezone.utc).replace(tzinfo=None)
    if created_at is None:
        return end_of_day
    created = created_at.astimezone(timezone.utc).replace(tzinfo=None) if created_at.tzinfo else created_at
    return min(end_of_day, created)


# --- phrasing --------------------------------------------------------------------------------------------------


def _label(name: str) -> str:
    return v.label(name).lower() if name not in ("name",) else "name"


def _value(entity: str, name: str, value: Any, names: Names) -> str:
    """A logged value as a person reads it."""
    if value is None or value == "" or value == []:
        return "nothing"
    enum = _STATUS_ENUMS.get(entity) if name == "status" else _ENTITY_ENUMS.get((entity, name)) or _ENUMS.get(name)
    if enum is not None:
        try:
            return enum.parse(str(value)).label
        except ValueError:
            return str(value)
    if name.endswith("_cents") and isinstance(value, int):
        return format_money(value)
    if name in ("owner_id", "asked_of_id") and isinstance(value, int):
        return names.team.get(value, "a former team member")
    if name == "reports_to_id" and isinstance(value, int):
        return names.of("dmu_member", value) or "a former DMU member"
    if name == "roles" and isinstance(value, list):
        from accountmgr.models.enums import BuyingRole

        return ", ".join(_safe_label(BuyingRole, r) for r in value) or "no role"
    if name == "probability":
        return f"{value} %"
    if name == "inner_circle":
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _safe_label(enum: type[LabelledEnum], value: Any) -> str:
    try:
        return enum.parse(str(value)).label
    except ValueError:
        return str(value)


@dataclass
class _Record:
    """Everything that happened to one record inside the window, merged."""

    entity: str
    entity_id: int | None
    created: bool = False
    deleted: bool = False
    fields: dict[str, list[Any]] = field(default_factory=dict)
    summaries: list[str] = field(default_factory=list)
    first_at: datetime | None = None
    actors: list[int] = field(default_factory=list)
    """Who changed the record in the window, in order of their first change."""

    def merge(self, entry: LogEntry) -> None:
        if self.first_at is None:
            self.first_at = entry.at
        if entry.actor_id is not None and entry.actor_id not in self.actors:
            self.actors.append(entry.actor_id)
        self.summaries.append(entry.summary)
        if entry.action == "created":
            self.created = True
        elif entry.action == "deleted":
            self.deleted = True
        for name, change in entry.changes.items():
            if name in _QUIET_FIELDS or (self.entity == "account" and name in _QUIET_ACCOUNT_FIELDS):
                continue
            old, new = (change if isinstance(change, list) and len(change) == 2 else (None, change))
            if name in self.fields:
                self.fields[name][1] = new
            else:
                self.fields[name] = [old, new]

    def net_fields(self) -> dict[str, list[Any]]:
        """Fields whose value really differs at the end of the window (edits that were undone drop out)."""
        return {k: pair for k, pair in self.fields.items() if pair[0] != pair[1]}


def _name(record: _Record, names: Names) -> str:
    return _bare_name(record, names).strip().rstrip(".")


def _bare_name(record: _Record, names: Names) -> str:
    current = names.of(record.entity, record.entity_id)
    if current:
        return current
    for key in ("name", "objective", "competitor", "description", "title", "request", "summary"):
        if key in record.fields and record.fields[key][1]:
            return str(record.fields[key][1])
    # Deleted records: the log summary ("Removed DMU member Anna Verdi") is all that is left.
    summary = record.summaries[-1] if record.summaries else ""
    for prefix in ("Removed ", "Added ", "Changed "):
        if summary.startswith(prefix):
            return summary[len(prefix):].split(":")[0]
    return summary or record.entity.replace("_", " ")


def _field_changes(record: _Record, names: Names, skip: Iterable[str] = ()) -> list[str]:
    parts = []
    for name, (old, new) in record.net_fields().items():
        if name in skip:
            continue
        if _is_long_text(old) or _is_long_text(new):
            parts.append(f"{_label(name)} rewritten")
        elif old in (None, "", []):
            parts.append(f"{_label(name)} set to {_value(record.entity, name, new, names)}")
        elif new in (None, "", []):
            parts.append(f"{_label(name)} cleared")
        else:
            parts.append(f"{_label(name)} {_value(record.entity, name, old, names)} → "
                         f"{_value(record.entity, name, new, names)}")
    return parts


def _is_long_text(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > 60 or "\n" in value)


_KIND_PREFIXES = ("DMU member ", "opportunity ", "competitor ", "delivery ", "action ", "objective ", "milestone ",
                  "risk ", "ask ")


def _without_kind(name: str) -> str:
    """'DMU member Anna Verdi' → 'Anna Verdi': the group title already says what it is."""
    for prefix in _KIND_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _backdated(record: _Record, names: Names, since: date | None) -> bool:
    """A record entered after the review but dated before it (history typed in late) is not news."""
    if since is None or not record.created:
        return False
    if record.entity == "assessment":
        when = names.detail("assessment", record.entity_id).partition(" ")[2]
    elif _canonical(record.entity) == "action":
        when = names.detail("action_done", record.entity_id)
    elif record.entity == "review":
        when = names.detail("review", record.entity_id)
    elif record.entity == "opportunity" and "status" not in record.fields:
        # Entered already closed, with no status change logged: its closing date says when it happened.
        when = names.detail("opportunity_closed", record.entity_id).partition(" ")[2]
    else:
        return False
    return bool(when) and when[:10] <= since.isoformat()


def _phrase(record: _Record, names: Names) -> list[tuple[str, str]]:
    """(group, sentence) pairs for one merged record."""
    entity = _canonical(record.entity)
    group = _ENTITY_GROUP.get(entity, "Other changes")
    name = _name(record, names)
    fields_ = record.net_fields()
    if record.created and record.deleted:
        return []
    if record.deleted:
        return [(group, f"Removed: {_without_kind(name)}.")]

    if entity == "account":
        out: list[tuple[str, str]] = []
        if record.created:
            return [("Account details", "The account was created.")]
        level: Any = fields_.get("current_level")
        if level:
            old, new = (_value(entity, "current_level", x, names) for x in level)
            move = _direction(level[0], level[1])
            out.append(("Relationship level", f"Relationship level {move} from {old} to {new}."))
        target = fields_.get("target_level")
        if target:
            out.append(("Relationship level",
                        f"Target level {_value(entity, 'target_level', target[0], names)} → "
                        f"{_value(entity, 'target_level', target[1], names)}."))
        if "archived" in fields_:
            out.append(("Account details", "The account was archived." if fields_["archived"][1]
                        else "The account was brought back from the archive."))
        rest = _field_changes(record, names, skip=("current_level", "target_level", "archived"))
        if rest:
            out.append(("Account details", _sentence(rest)))
        return out

    if entity == "assessment":
        level, _, when = names.detail(entity, record.entity_id).partition(" ")
        level = fields_.get("level", [None, level])[1]
        when = fields_.get("assessed_on", [None, when])[1]
        if record.created:
            text = "Level assessed"
            if level:
                text += f" as {_value(entity, 'level', level, names)}"
            if when:
                text += f" on {when}"
            return [(group, text + ".")]
        return [(group, f"Level assessment changed: {_sentence(_field_changes(record, names))}")] if fields_ else []

    if entity == "dmu_member":
        if record.created:
            title = names.detail(entity, record.entity_id) or fields_.get("title", [None, None])[1]
            return [(group, f"New in the DMU: {name}" + (f", {title}" if title else "") + ".")]
        parts = _field_changes(record, names)
        if not parts and not record.fields and record.summaries:
            return [(group, record.summaries[-1].rstrip(".") + ".")]
        return [(group, f"{name}: {_sentence(parts)}")] if parts else []

    if entity == "opportunity":
        value = names.detail(entity, record.entity_id) or fields_.get("value_cents", [None, None])[1]
        status = fields_.get("status")
        if record.created and not status:
            worth = f" ({format_money(value)})" if isinstance(value, int) else ""
            closed = names.detail("opportunity_closed", record.entity_id).partition(" ")[0]
            if closed in ("won", "lost"):
                return [(group, f"{'Won' if closed == 'won' else 'Lost'}: {name}{worth}.")]
            return [(group, f"New opportunity: {name}{worth}.")]
        out = []
        if status and status[1] in ("won", "lost"):
            reason = fields_.get("close_reason", [None, None])[1]
            verb = "Won" if status[1] == "won" else "Lost"
            out.append((group, f"{verb}: {name}" + (f" — {reason}" if reason else "") + "."))
            rest = _field_changes(record, names, skip=("status", "close_reason", "closed_on"))
        elif status and status[1] == "open" and not record.created:
            out.append((group, f"Reopened: {name}."))
            rest = _field_changes(record, names, skip=("status", "close_reason", "closed_on"))
        else:
            rest = _field_changes(record, names)
        if record.created:
            out.insert(0, (group, f"New opportunity: {name}."))
        elif rest:
            out.append((group, f"{name}: {_sentence(rest)}"))
        return out

    if entity == "action":
        status = fields_.get("status", [None, None])[1]
        when = fields_.get("scheduled_at", [None, None])[1] or names.detail(entity, record.entity_id)
        done_on = names.detail("action_done", record.entity_id) if record.created and status is None else ""
        if status == "done" or (record.created and status is None and (fields_.get("done_on") or done_on)):
            outcome = fields_.get("outcome", [None, None])[1]
            day = f" on {done_on[:10]}" if done_on else ""
            return [(group, f"Done{day}: {name}" + (f" — {outcome}" if outcome else "") + ".")]
        if status == "cancelled":
            return [(group, f"Cancelled: {name}.")]
        if record.created:
            day = f" for {str(when)[:10]}" if when else ""
            return [(group, f"Planned: {name}{day}.")]
        parts = _field_changes(record, names)
        return [(group, f"{name}: {_sentence(parts)}")] if parts else []

    if entity == "holding" and record.created:
        return [(group, f"Recorded who supplies {name}.")]
    if entity == "value_proposition" and record.created:
        return [(group, "Value proposition written.")]
    if entity == "complaint" and record.created:
        logged = fields_.get("kind", [None, names.detail(entity, record.entity_id)])[1]
        kind = "New feedback" if str(logged) == "feedback" else "New complaint"
        detail = ", ".join(_value(entity, key, fields_[key][1], names) for key in ("nature", "status") if key in fields_)
        return [(group, f"{kind}: {_without_kind(name)}" + (f" ({detail.lower()})" if detail else "") + ".")]
    if record.created:
        return [(group, f"Added: {name}.")]
    parts = _field_changes(record, names)
    if parts:
        return [(group, f"{name}: {_sentence(parts)}" if entity not in ("value_proposition",) else _sentence(parts))]
    if record.summaries and not record.fields:
        return [(group, record.summaries[-1].rstrip(".") + ".")]
    return []


def _direction(old: Any, new: Any) -> str:
    try:
        before, after = RelationshipLevel(old).rank, RelationshipLevel(new).rank
    except ValueError:
        return "moved"
    return "rose" if after > before else "fell" if after < before else "moved"


def _sentence(parts: Sequence[str]) -> str:
    text = "; ".join(parts)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def summarise(entries: Iterable[LogEntry], since: date | None, names: Names) -> Changes:
    """Merge, phrase and group log entries (oldest first) already limited to the window."""
    records: dict[tuple[str, int | None, int], _Record] = {}
    for entry in entries:
        if entry.action == "redacted":
            continue  # it held an erased person's data; the erasure's own entry says what happened
        entity = _canonical(entry.entity)
        # Entries without a record id cannot be merged with each other: keep them apart.
        key = (entity, entry.entity_id, 0 if entry.entity_id is not None else entry.id)
        record = records.get(key)
        if record is None:
            record = records[key] = _Record(entity, entry.entity_id)
        record.merge(entry)
    grouped: dict[str, list[str]] = {}
    note = ""
    ordered = sorted(records.values(), key=lambda r: (r.first_at or datetime.min, r.entity, r.entity_id or 0))
    for record in ordered:
        if _backdated(record, names, since):
            continue
        if record.entity == "account" and record.created and since is not None and record.first_at:
            # Only possible when the history was typed in or imported after the fact: say so up front.
            note = (f"The account was entered on {record.first_at:%Y-%m-%d}, after its last review: "
                    "what was recorded with it is listed as new.")
            continue
        by = _by(record, names)
        for group, sentence in _phrase(record, names):
            grouped.setdefault(group, []).append(sentence[:-1] + by + "." if by and sentence.endswith(".") else sentence + by)
    groups = tuple(ChangeGroup(title, tuple(grouped[title])) for title in GROUPS if grouped.get(title))
    return Changes(since, groups, note)


def _by(record: _Record, names: Names) -> str:
    """" (by Giulia Ferri)" after a change: who made it, when the log knows (a team at work on one database)."""
    who = [names.team[actor] for actor in record.actors if names.team.get(actor)]
    if not who:
        return ""
    shown = who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]
    return f" (by {shown})"


# --- loading ---------------------------------------------------------------------------------------------------

def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _parse_at(raw: Any) -> datetime:
    if isinstance(raw, datetime):
        return raw.astimezone(timezone.utc).replace(tzinfo=None) if raw.tzinfo else raw
    parsed = datetime.fromisoformat(str(raw))
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def _complaint_names(conn: Any, account_ids: Sequence[int] | None) -> dict[int, tuple[str, str]]:
    """Complaint id → (summary, kind)."""
    from accountmgr.queries.complaints import summaries

    if account_ids is not None and not account_ids:
        return {}
    return {row_id: (summary, kind) for row_id, summary, kind in summaries(conn, account_ids)}


def _text(value: Any) -> str:
    """A stored value as the sentences quote it: dates in ISO form, whichever engine handed them back."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, date) else str(value)


def load_names(conn: Any, account_ids: Sequence[int] | None) -> Names:
    """Names and short details of the records of *account_ids* (all accounts when None)."""
    from accountmgr.queries import changes as queries

    names = Names(team=queries.team_names(conn))
    rows = queries.record_columns(conn, account_ids) if account_ids is None or account_ids else {}
    quoted = {
        # entity: (name of the record, its detail) from the columns queries.record_columns reads
        "dmu_member": lambda r: (r.name, r.title),
        "opportunity": lambda r: (r.name, r.value_cents),
        "action": lambda r: (r.objective, r.scheduled_at),
        "competitor": lambda r: (r.competitor, None),
        "constraint": lambda r: (r.description, None),
        "delivery": lambda r: (r.name, None),
        "review": lambda r: (f"review of {_text(r.reviewed_on)}", r.reviewed_on),
        "holding": lambda r: (r.name, None),
    }
    details: dict[str, dict[int, Any]] = {entity: {} for entity in (*quoted, "assessment", "action_done",
                                                                    "opportunity_closed")}
    for entity, pick in quoted.items():
        names.by_entity[entity] = {}
        for row in rows.get(entity, ()):
            name, detail = pick(row)
            names.by_entity[entity][row.id] = name
            if detail not in (None, ""):
                details[entity][row.id] = detail if isinstance(detail, int) else _text(detail)
    for row in rows.get("assessment", ()):
        if row.level is not None and row.assessed_on is not None:
            details["assessment"][row.id] = f"{row.level} {_text(row.assessed_on)}"
    for row in rows.get("action", ()):
        if row.done_on not in (None, ""):
            details["action_done"][row.id] = _text(row.done_on)
    for row in rows.get("opportunity", ()):
        # Still open (no closing date): left out.
        if row.status is not None and row.closed_on is not None:
            details["opportunity_closed"][row.id] = f"{row.status} {_text(row.closed_on)}"
    names.details = {entity: values for entity, values in details.items() if entity in _DETAILED}
    complaints = _complaint_names(conn, account_ids)
    names.by_entity["complaint"] = {row_id: summary for row_id, (summary, _kind) in complaints.items()}
    names.details["complaint"] = {row_id: str(kind) for row_id, (_summary, kind) in complaints.items()}
    return names


_DETAILED = ("dmu_member", "assessment", "opportunity", "action", "action_done", "review", "opportunity_closed")
"""The entities whose records have a short detail."""


def changes_by_account(db: Database, account_ids: Sequence[int] | None = None) -> dict[int, Changes]:
    """The changes since the last review of each account (all accounts when None), with a few bulk queries."""
    from accountmgr.queries import changes as queries

    if account_ids is not None and not account_ids:
        return {}
    with db.session() as session:
        conn = session.connection()
        last_review: dict[int, tuple[int, date, datetime | None]] = {}
        for review_id, account_id, reviewed_on, created_at in queries.reviews_in_order(conn, account_ids):
            last_review[account_id] = (
                review_id, _as_date(reviewed_on), _parse_at(created_at) if created_at else None
            )
        entries: dict[int, list[LogEntry]] = {}
        for row in queries.account_log(conn, account_ids):
            changes = json.loads(row[7]) if isinstance(row[7], str) else row[7]
            entry = LogEntry(row[0], _parse_at(row[1]), row[3], row[4], row[5], row[6] or "", changes or {}, row[8])
            entries.setdefault(row[2], []).append(entry)
        names = load_names(conn, account_ids)
        if account_ids is None:
            account_ids = queries.account_ids(conn)
    result: dict[int, Changes] = {}
    for account_id in account_ids:
        review = last_review.get(account_id)
        if review is None:
            result[account_id] = summarise(entries.get(account_id, ()), None, names)
            continue
        review_id, reviewed_on, created_at = review
        cutoff = review_cutoff(reviewed_on, created_at)
        # Recording the last review itself (and its drivers) is not news at that review.
        window = [
            e for e in entries.get(account_id, ())
            if e.at >= cutoff and not (e.entity == "review" and e.entity_id == review_id)
        ]
        result[account_id] = summarise(window, reviewed_on, names)
    return result


def changes_since_last_review(db: Database, account_id: int) -> Changes:
    """What changed on one account since its last dated review (its whole history if never reviewed)."""
    return changes_by_account(db, [account_id])[account_id]
