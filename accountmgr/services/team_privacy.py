"""A team member's personal data: export everything held about them, or erase every trace of them.

Our own people are data subjects too: their assessments of potential and commitment and their incentive
objectives are personal judgements. Erasure works as for a DMU member (:mod:`accountmgr.services.privacy`):
their record, assessments, objectives and action links go, free texts naming them are redacted, log entries
about or quoting them keep only "A person was erased on …", and the file's freed space is wiped. Someone who
still owns accounts or relationships must hand them over first, so no account is left without its owner unseen.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, SQLModel

from accountmgr.models import ActivityLog, TeamMember
from accountmgr.queries import privacy as privacy_queries
from accountmgr.queries import team as q
from accountmgr.services import activity, clock, erm, records
from accountmgr.services import privacy as p
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError, NotFound
from accountmgr.services.team import _responsibilities, list_team

if TYPE_CHECKING:
    from accountmgr.db import Database

PERSONAL_TEXTS = ("note", "description", "measure")
"""Free texts of assessments and objectives: a log entry quoting one of them is redacted too."""


def find_member(db: Database, name: str) -> TeamMember:
    """The one team member called *name* (full name, any case); NotFound with suggestions otherwise."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        raise DomainError("Name the team member (their full name as in the team).")
    people = list_team(db, include_inactive=True)
    by_fold = {" ".join(m.name.split()).casefold(): m for m in people}
    if wanted in by_fold:
        return by_fold[wanted]
    close = [by_fold[c].name for c in difflib.get_close_matches(wanted, list(by_fold), n=4, cutoff=0.6)]
    partial = sorted((m.name for fold, m in by_fold.items() if any(w in fold.split() for w in wanted.split())),
                     key=str.lower)
    suggestions = list(dict.fromkeys(close + partial))[:4]
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "."
    raise NotFound(f"There is nobody called “{name}” in our team{hint}")


@dataclass(frozen=True)
class _Found:
    member: TeamMember
    reports: list[TeamMember]
    assessments: list[Any]
    objectives: list[Any]
    action_links: list[Any]
    own_entries: list[ActivityLog]
    mentioning_entries: list[ActivityLog]
    acted: list[ActivityLog]
    text_rows: list[tuple[SQLModel, dict[str, Any]]]


def _find_everything(session: Session, member_id: int) -> _Found:
    member = records.fetch(session, TeamMember, member_id, "team member")
    assessments = q.assessments_of(session, member_id)
    objectives = q.objectives_of(session, member_id)
    own = (q.log_entries_about(session, "team_member", [member_id])
           + q.log_entries_about(session, "team_assessment", [a.id for a in assessments])
           + q.log_entries_about(session, "incentive_objective", [o.id for o in objectives]))
    identifying = p._values_held(member, own, ("name", "email"))  # type: ignore[arg-type]  # privacy's helpers read only the name and e-mail a team member has too
    personal = {str(getattr(row, name) or "").strip() for row in [*assessments, *objectives]
                for name in PERSONAL_TEXTS if hasattr(row, name)}
    in_log = p._pattern(identifying | {text for text in personal if len(text) >= 3})
    own_ids = {entry.id for entry in own}
    mentioning = []
    if in_log is not None:
        for entry in q.every_log_entry(session):
            if entry.id in own_ids or entry.action == p.REDACTED_ACTION:
                continue
            if any(in_log.search(text) for text in [entry.summary, *p._strings(entry.changes or {})]):
                mentioning.append(entry)
    in_texts = p._pattern(identifying)
    text_rows: list[tuple[SQLModel, dict[str, Any]]] = []
    if in_texts is not None:
        for account in q.every_account(session):
            text_rows.extend(p._texts_naming(session, account, member, in_texts))  # type: ignore[arg-type]  # privacy's helpers read only the name and e-mail a team member has too
    return _Found(member, q.reports_of(session, member_id), assessments, objectives, q.links_of(session, member_id),
                  own, mentioning, q.entries_by(session, member_id), text_rows)


# --- access request ------------------------------------------------------------------------------------------------


def export_member(db: Database, member_id: int) -> dict[str, Any]:
    """Everything held about one of our people (an access request), as JSON-ready values with ISO dates."""
    with db.session() as session:
        found = _find_everything(session, member_id)
        member = found.member
        manager = session.get(TeamMember, member.manager_id) if member.manager_id is not None else None
        history = sorted([*found.own_entries, *found.mentioning_entries], key=lambda e: (e.at, e.id))
        return {
            "about": "Everything accountmgr holds about one of our team (an access request).",
            "exported_at": clock.utcnow().replace(microsecond=0).isoformat(),
            "person": member.name,
            "record": [
                {"field": name, "label": p._EXPORT_LABELS.get(name) or v.label(name),
                 "value": p._json_value(getattr(member, name))}
                for name in ("name", "role", "email", "region", "active", "external_id", "created_at")
            ],
            "manager": manager.name if manager else None,
            "reports": sorted((r.name for r in found.reports), key=str.lower),
            "assessments": [
                {"assessed_on": a.assessed_on.isoformat(), "potential": a.potential, "commitment": a.commitment,
                 "quadrant": erm.quadrant_of(a.potential, a.commitment).label, "note": a.note}
                for a in found.assessments
            ],
            "incentive_objectives": [
                {"objective": o.description, "scope": o.scope.label, "kind": o.kind.label, "measured_by": o.measure,
                 "due_on": o.due_on.isoformat() if o.due_on else None, "visible": o.visible,
                 "reachable": o.reachable, "influenceable": o.influenceable, "flag": erm.objective_flag(o)}
                for o in found.objectives
            ],
            "accounts_owned": q.owned_account_names(session, member_id),
            "actions_taking_part": [
                {"scheduled_at": a.scheduled_at.isoformat(), "objective": a.objective,
                 "status": activity.plain(a.status)}
                for a in q.actions_of(session, member_id)
            ],
            "mentioned_in": [
                {"record": p._record_title(row), "field": v.label(name), "text": p._json_value(getattr(row, name))}
                for row, new in found.text_rows for name in new
            ],
            "activity_log": [
                {"at": entry.at.isoformat(), "record": entry.entity, "action": entry.action,
                 "summary": entry.summary, "changes": entry.changes or {}}
                for entry in history
            ],
        }


# --- erasure -------------------------------------------------------------------------------------------------------


def _refuse_if_owner(session: Session, member: TeamMember) -> None:
    owned = _responsibilities(session, member.id)
    if owned:
        raise DomainError(f"{member.name} still owns {owned}; hand them over to someone else first (h in the team).")


@dataclass(frozen=True)
class MemberErasurePreview:
    """What erasing a team member will do, for the confirmation question."""

    name: str
    assessments: int
    objectives: int
    actions: int
    texts: int
    log_entries: int

    def describe(self) -> list[str]:
        lines = ["Their record: name, role, e-mail, region."]
        if self.assessments or self.objectives:
            lines.append(f"{p._count(self.assessments, 'assessment')} of potential and commitment and "
                         f"{p._count(self.objectives, 'incentive objective')}.")
        if self.actions:
            lines.append(f"{p._count(self.actions, 'action')} will no longer name them among our people.")
        if self.texts:
            lines.append(f"Their name or e-mail in {p._count(self.texts, 'text')} becomes “{p.ERASED}”.")
        if self.log_entries:
            lines.append(f"{p._count(self.log_entries, 'activity-log entry', 'activity-log entries')} "
                         "will read only “A person was erased on …”.")
        lines.append("This cannot be undone. Backups and files exported earlier are not touched.")
        return lines


def preview_member_erasure(db: Database, member_id: int) -> MemberErasurePreview:
    """What erase_member would remove and change (refused, as the erasure is, while they own something)."""
    with db.session() as session:
        found = _find_everything(session, member_id)
        _refuse_if_owner(session, found.member)
        return MemberErasurePreview(found.member.name, len(found.assessments), len(found.objectives),
                                    len(found.action_links), len(found.text_rows),
                                    len(found.own_entries) + len(found.mentioning_entries))


@dataclass(frozen=True)
class MemberErasure:
    """What erase_member did."""

    name: str
    on: date
    assessments: int
    objectives: int
    actions_unlinked: int
    texts_redacted: int
    log_entries_redacted: int
    wipe_problem: str
    backups: tuple[Path, ...]

    def describe(self) -> list[str]:
        lines = [f"Erased {self.name} from our team, with {p._count(self.assessments, 'assessment')} and "
                 f"{p._count(self.objectives, 'incentive objective')}."]
        done = []
        if self.actions_unlinked:
            done.append(p._count(self.actions_unlinked, "action") + " no longer name them")
        if self.texts_redacted:
            done.append(p._count(self.texts_redacted, "text") + " had their name or e-mail removed")
        if self.log_entries_redacted:
            done.append(p._count(self.log_entries_redacted, "activity-log entry", "activity-log entries")
                        + " redacted")
        if done:
            lines.append(p._capital("; ".join(done)) + ".")
        return lines + p.storage_lines(not self.wipe_problem, self.wipe_problem, self.backups)


def erase_member(db: Database, member_id: int) -> MemberErasure:
    """Remove one of our people and every trace of their personal data, then wipe the freed space of the file."""
    today = clock.today()
    summary = p.erased_summary(today)
    with db.session() as session:
        privacy_queries.overwrite_deleted_rows(session)
        found = _find_everything(session, member_id)
        member = found.member
        _refuse_if_owner(session, member)
        for report in found.reports:
            report.manager_id = None
            p._touched(report)
            session.add(report)
        for row in [*found.action_links, *found.assessments, *found.objectives]:
            session.delete(row)
        for row, new in found.text_rows:
            for name, value in new.items():
                setattr(row, name, value)
            p._touched(row)
            session.add(row)
        for entry in [*found.own_entries, *found.mentioning_entries]:
            entry.summary = summary
            entry.changes = {}
            entry.action = p.REDACTED_ACTION
            if entry in found.own_entries:
                entry.entity_id = None  # the id may be given to someone new: it must not tie them to this history
            session.add(entry)
        for entry in found.acted:
            entry.actor_id = None
            session.add(entry)
        session.flush()
        session.delete(member)
        session.flush()
        activity.record(session, entity="team_member", action=p.ERASED_ACTION, summary=summary, account_id=None)
    problem = p.wipe_free_space(db)
    return MemberErasure(
        name=member.name, on=today, assessments=len(found.assessments), objectives=len(found.objectives),
        actions_unlinked=len(found.action_links), texts_redacted=len(found.text_rows),
        log_entries_redacted=len(found.own_entries) + len(found.mentioning_entries), wipe_problem=problem,
        backups=tuple(p.backups_beside(db.path)) if db.path is not None else (),
    )
