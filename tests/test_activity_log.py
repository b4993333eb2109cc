"""The activity log: every change is recorded, in the same transaction, at the clock's time."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from accountmgr.services import accounts, activity, clock
from accountmgr.services.errors import DomainError

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


def test_changes_are_logged_at_the_clock_time(db) -> None:  # noqa: ANN001
    with clock.frozen(datetime(2026, 3, 2, 14, 30)):
        account = accounts.create_account(db, {"name": "Fjord Salmon"})
        accounts.update_account(db, account.id, {"industry": "Food"})
    entries = activity.entries_for_account(db, account.id)
    assert [e.action for e in entries] == ["created", "updated"]
    expected = datetime(2026, 3, 2, 14, 30).astimezone(timezone.utc)
    assert all(e.at == expected for e in entries)
    assert entries[1].changes == {"industry": ["", "Food"]}


def test_a_refused_change_logs_nothing(db) -> None:  # noqa: ANN001
    account = accounts.create_account(db, {"name": "Fjord Salmon"})
    with pytest.raises(DomainError):
        accounts.update_account(db, account.id, {"industry": "Food", "satisfaction": "12"})
    assert [e.action for e in activity.entries_for_account(db, account.id)] == ["created"]
    assert accounts.get_account(db, account.id).industry == ""
