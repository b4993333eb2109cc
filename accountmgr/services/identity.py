"""Who is "me" on a database: the team member whose name the activity log writes beside every change.

Chosen once and remembered per database in the user's config (never in the shared database, so each
person at their own terminal is themselves), or for one run with ``--as NAME``. A database with a
single team member needs no choice: that member is me.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from accountmgr.services import activity, user_config
from accountmgr.services.errors import DomainError

if TYPE_CHECKING:
    from accountmgr.db import Database

CONFIG_KEY = "me"


@dataclass(frozen=True)
class Me:
    """The team member working on the database, and how that was decided."""

    id: int
    name: str
    how: str
    """"--as", "config", "only member" or "chosen"."""


class NobodyChosen(DomainError):
    """Several team members and no way to tell which one is at the keyboard."""


def _members(db: Database) -> list[Any]:  # noqa: ANN401
    from accountmgr.services.team import list_team

    return list_team(db)


def find_member(db: Database, name: str) -> Any | None:  # noqa: ANN401
    """The active team member called *name* (any case, spaces trimmed), or None."""
    wanted = " ".join(name.split()).casefold()
    return next((m for m in _members(db) if " ".join(m.name.split()).casefold() == wanted), None)


def resolve(db: Database, as_name: str | None = None) -> Me | None:
    """Me on *db*: --as, else the remembered choice, else the only team member, else None."""
    if as_name is not None and as_name.strip():
        member = find_member(db, as_name)
        if member is None:
            raise DomainError(f"There is no team member called “{as_name.strip()}” on this database; "
                              f"{who_is_there(db)}.", "as")
        return Me(member.id, member.name, "--as")
    remembered = user_config.for_database(db).get(CONFIG_KEY)
    if isinstance(remembered, str) and remembered.strip():
        member = find_member(db, remembered)
        if member is not None:
            return Me(member.id, member.name, "config")
    members = _members(db)
    if len(members) == 1:
        return Me(members[0].id, members[0].name, "only member")
    return None


def who_is_there(db: Database) -> str:
    names = [m.name for m in _members(db)]
    if not names:
        return "the team is empty"
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return f"the team is {shown}"


def how_to_choose(db: Database, lead: str = "") -> str:
    """One sentence saying how to tell the database who you are, after *lead* ("--mine needs to know who you are")."""
    clause = (f"say who you are on this database with --as NAME, or once for good with accountmgr whoami --set NAME "
              f"({who_is_there(db)}).")
    return f"{lead}: {clause}" if lead else clause[0].upper() + clause[1:]


def act_as(db: Database, me: Me | None) -> None:
    """Log every change made on *db* from now on as made by *me*."""
    activity.set_actor(db, me.id if me is not None else None)


def choose(db: Database, name: str, *, add: bool = True) -> Me:
    """Be *name* on *db* from now on: remembered in the config; added to the team when new (if *add*)."""
    clean = " ".join(name.split())
    if not clean:
        raise DomainError("Type your name (as your colleagues know you).", "name")
    member = find_member(db, clean)
    if member is None:
        if not add:
            raise DomainError(f"There is no team member called “{clean}” on this database; {who_is_there(db)}.",
                              "name")
        from accountmgr.services.team import create_member

        member = create_member(db, {"name": clean})
    user_config.remember(db, CONFIG_KEY, member.name)
    me = Me(member.id, member.name, "chosen")
    act_as(db, me)
    return me


def forget(db: Database) -> None:
    """Forget who I am on *db* (the next run asks again)."""
    user_config.remember(db, CONFIG_KEY, None)
    act_as(db, None)
