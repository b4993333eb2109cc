"""Our team: names unique whatever the case, roles from the list, nothing written on a refusal."""

from __future__ import annotations

import pytest

from accountmgr.db import Database
from accountmgr.models import TeamRole
from accountmgr.services import team
from accountmgr.services.errors import DomainError

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


def _counts(db: Database) -> tuple[int, int]:
    with db.connection() as conn:
        return (
            conn.execute("SELECT COUNT(*) FROM team_member").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM activity_log").fetchone()[0],
        )


def test_create_update_and_list(db: Database) -> None:
    giulia = team.create_member(db, {"name": "Giulia Ferri", "role": "Pre-sales", "email": "g@example.com"})
    team.create_member(db, {"name": "Anna Kowalska", "active": "no"})
    assert giulia.role is TeamRole.PRESALES
    assert [m.name for m in team.list_team(db)] == ["Giulia Ferri"]
    assert [m.name for m in team.list_team(db, include_inactive=True)] == ["Anna Kowalska", "Giulia Ferri"]
    assert team.update_member(db, giulia.id, {"role": "executive"}).role is TeamRole.EXECUTIVE


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({"name": " "}, "name", "Name is required."),
        ({"name": "giulia FERRI"}, "name", "already a team member called"),
        ({"name": "New", "role": "wizard"}, "role", "Role must be one of"),
        ({"name": "New", "email": "x" * 201}, "email", "too long"),
        ({"name": "New", "active": "sometimes"}, "active", "yes or no"),
    ],
)
def test_bad_values_are_refused_and_nothing_written(db: Database, raw: dict, field: str, message: str) -> None:
    team.create_member(db, {"name": "Giulia Ferri"})
    before = _counts(db)
    with pytest.raises(DomainError, match=message) as caught:
        team.create_member(db, raw)
    assert caught.value.field == field
    assert _counts(db) == before


def test_rename_onto_a_colleague_is_refused(db: Database) -> None:
    team.create_member(db, {"name": "Giulia Ferri"})
    marco = team.create_member(db, {"name": "Marco Bianchi"})
    with pytest.raises(DomainError, match="already a team member"):
        team.update_member(db, marco.id, {"name": "GIULIA FERRI"})
