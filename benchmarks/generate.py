"""A generated portfolio for benchmarks: N accounts, ten DMU members each, opportunities, actions, reviews.

Core inserts with complete rows (pydantic defaults do not apply to Core), in
one transaction: 10,000 accounts and 100,000 people take a few seconds.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import SQLModel

from accountmgr.db import open_database
from accountmgr.models import (
    Account,
    CommunicationAction,
    CompetitorPresence,
    DmuMember,
    Opportunity,
    Review,
    TeamMember,
)

WORDS = (
    "Nordic Atlas Baltic Iberian Alpine Delta Polar Sierra Coastal Urban Royal Pacific Central Summit Harbor "
    "Vertex Orion Falcon Granite Crystal Emerald Silver Golden Meridian Pioneer Horizon Northern Southern"
).split()
TRADES = (
    "Steel Foods Logistics Pharma Chemicals Packaging Water Cement Timber Motors Textiles Energy Plastics Glass "
    "Paper Dairy Beverages Electronics Components Machinery"
).split()
FORMS = ("Srl", "SpA", "GmbH", "AG", "Ltd", "SA", "BV", "AB", "Oy", "plc")
LEVELS = ("prospect", "buyer", "account", "partner")
ATTITUDES = ("champion", "supporter", "neutral", "neutral", "sceptic", "opponent")
ROLES = ("decision_maker", "influencer", "buyer", "user", "gatekeeper", "initiator")
MEMBERS_PER_ACCOUNT = 10


def _template(model: type[SQLModel]) -> dict[str, Any]:
    """Every column with the default the ORM would give it."""
    row: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        row[name] = info.get_default(call_default_factory=True)
    return row


def _rows(model: type[SQLModel], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    template = _template(model)
    return [{**template, **item} for item in items]


def generate(path: Path | str, accounts: int, *, seed: int = 7) -> Path | str:
    """Write a portfolio of *accounts* accounts to a new database at *path* (or an empty PostgreSQL database)."""
    if isinstance(path, Path) and path.exists():
        path.unlink()
    rng = random.Random(seed)
    db = open_database(path, create=True)
    today = date(2026, 11, 20)
    now = datetime(2026, 11, 20, 9, tzinfo=timezone.utc)
    with db.engine.begin() as conn:
        conn.execute(insert(TeamMember.__table__), _rows(TeamMember, [{"name": f"Seller {n:02d}"} for n in range(20)]))
        account_rows = []
        for number in range(accounts):
            name = f"{rng.choice(WORDS)} {rng.choice(TRADES)} {number:06d} {rng.choice(FORMS)}"
            account_rows.append({
                "name": name,
                "owner_id": rng.randint(1, 20) if rng.random() < 0.9 else None,
                "current_level": rng.choice(LEVELS),
                "target_level": rng.choice(LEVELS),
                "purchase_potential_cents": rng.randint(10, 5000) * 100_000 if rng.random() < 0.8 else None,
                "absorption_potential_cents": rng.randint(1, 1000) * 100_000 if rng.random() < 0.7 else None,
                "strategic_value": rng.randint(1, 5) if rng.random() < 0.8 else None,
                "satisfaction": rng.randint(3, 10) if rng.random() < 0.6 else None,
                "archived": rng.random() < 0.02,
                "created_at": now,
                "updated_at": now,
            })
        conn.execute(insert(Account.__table__), _rows(Account, account_rows))
        members, opportunities, actions, reviews, competitors = [], [], [], [], []
        for account_id in range(1, accounts + 1):
            for n in range(MEMBERS_PER_ACCOUNT):
                members.append({
                    "account_id": account_id,
                    "name": f"Person {account_id}-{n}",
                    "roles": [rng.choice(ROLES)],
                    "influence": rng.choice(("low", "medium", "high")),
                    "attitude": rng.choice(ATTITUDES),
                    "inner_circle": rng.random() < 0.1,
                    "coverage": "brief_contact",
                    "last_contact": today - timedelta(days=rng.randint(0, 200)) if rng.random() < 0.8 else None,
                    "created_at": now,
                    "updated_at": now,
                })
            for n in range(rng.randint(0, 5)):
                status = rng.choice(("open", "open", "won", "lost"))
                closed = today - timedelta(days=rng.randint(1, 900)) if status != "open" else None
                opportunities.append({
                    "account_id": account_id, "name": f"Deal {n}", "value_cents": rng.randint(1, 500) * 1_000_000,
                    "probability": rng.choice((10, 25, 50, 75, 90)), "status": status, "closed_on": closed,
                    "expected_close": today + timedelta(days=rng.randint(-30, 300)),
                    "created_at": now, "updated_at": now,
                })
            for n in range(rng.randint(0, 3)):
                when = datetime(2026, 11, 20, 10) + timedelta(days=rng.randint(-20, 90))
                actions.append({
                    "account_id": account_id, "scheduled_at": when, "objective": f"Follow-up {n}",
                    "created_at": now, "updated_at": now,
                })
            for n in range(rng.randint(0, 2)):
                reviews.append({
                    "account_id": account_id, "reviewed_on": today - timedelta(days=90 * (n + 1)),
                    "satisfaction": rng.randint(3, 10), "created_at": now,
                })
            if rng.random() < 0.3:
                competitors.append({"account_id": account_id, "competitor": "Rival", "level": rng.choice(LEVELS)})
        for model, rows in ((DmuMember, members), (Opportunity, opportunities), (CommunicationAction, actions),
                            (Review, reviews), (CompetitorPresence, competitors)):
            template = _template(model)
            for start in range(0, len(rows), 20_000):
                conn.execute(insert(model.__table__), [{**template, **row} for row in rows[start:start + 20_000]])
    db.close()
    return path


if __name__ == "__main__":
    import sys
    import time

    started = time.perf_counter()
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/accountmgr-bench-{size}.db")
    generate(target, size)
    print(f"{size} accounts → {target} in {time.perf_counter() - started:.1f} s")
