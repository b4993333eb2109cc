"""Benchmark: export the account plans of a generated portfolio (default 1,000 accounts, 10 DMU members and
20 actions each) and report the time. Target: under 5 s.

    python -m benchmarks.export [--accounts 1000] [--members 10] [--actions 20] [--keep DIR]

The data is generated here with plain SQL inserts (fast, reproducible with a fixed seed): every account has
its DMU with reporting lines, actions with the people addressed and ours involved, opportunities, competitors,
a constraint, level assessments, a value proposition, a delivery and two reviews with drivers, so every
section of the plan has work to do. (``benchmarks/generate.py`` makes the portfolio screen's data, with up to
three actions per account and no reporting lines: too thin for this measurement.)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from accountmgr.db import Database, open_database
from accountmgr.services import clock

LEVELS = ("prospect", "buyer", "account", "partner")
ROLES = ("decision_maker", "influencer", "buyer", "user", "gatekeeper", "initiator")
ATTITUDES = ("champion", "supporter", "neutral", "sceptic", "opponent")
DEPTHS = ("unknown", "no_contact", "brief_contact", "multiple_contacts", "in_depth")
CHANNELS = ("meeting", "phone", "email", "web", "event", "other")
STAGES = ("identified", "qualified", "proposal", "negotiation", "commit")
TITLES = ("CEO", "CFO", "Head of Operations", "Purchasing Manager", "Plant Director", "IT Manager", "Engineer")


def _insert(conn, table: str, rows: list[tuple]) -> None:  # noqa: ANN001
    """Insert rows filling the table's first columns in order; columns added since (version, parents, external
    ids…) keep their defaults."""
    if not rows:
        return
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")][:len(rows[0])]
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})", rows)


def generate(db: Database, accounts: int, members: int, actions: int, *, seed: int = 7) -> None:
    """Fill *db* with a synthetic portfolio using plain executemany inserts in one transaction."""
    rnd = random.Random(seed)
    today = clock.today()
    now = datetime(2026, 1, 1, 9, 0).isoformat(sep=" ")
    with db.connection() as conn:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO team_member (id, name, role, email, active, created_at) VALUES (?, ?, 'sales', '', 1, ?)",
            [(i, f"Seller {i}", now) for i in range(1, 11)],
        )
        account_rows, member_rows, action_rows, member_links, team_links = [], [], [], [], []
        opp_rows, comp_rows, cons_rows, assess_rows, vp_rows, deliv_rows, review_rows, driver_rows = ([] for _ in range(8))
        member_id = action_id = opp_id = review_id = 0
        for a in range(1, accounts + 1):
            level = rnd.randrange(4)
            account_rows.append((
                a, f"Generated Account {a:05d} {rnd.choice(['SpA', 'GmbH', 'Ltd', 'SA'])}", "Manufacturing", "North",
                rnd.randint(1, 10), "Multi-site manufacturer with central purchasing.", "Components → assembly → dealers.",
                "Price-sensitive, values reliability.", rnd.randint(1, 500) * 100_000, rnd.randint(1, 100) * 100_000,
                rnd.randint(1, 5), rnd.choice(["low", "medium", "high"]), rnd.randint(1, 300) * 100_000, "dedicated",
                "Grow from buyer to account through the maintenance contract.", LEVELS[level],
                LEVELS[min(level + 1, 3)], rnd.randint(3, 9), "", 0, now, now,
            ))
            first = member_id + 1
            for m in range(members):
                member_id += 1
                roles = [ROLES[m % len(ROLES)]] if m else ["decision_maker"]
                member_rows.append((
                    member_id, a, f"Person {member_id}", TITLES[m % len(TITLES)], "Operations",
                    None if m == 0 else first + (m - 1) // 3, json.dumps(roles), rnd.choice(["low", "medium", "high"]),
                    rnd.choice(ATTITUDES), int(m < 2), "Total cost of ownership", "Low risk", "Hit the plant targets",
                    "Recognition for the savings" if rnd.random() < 0.7 else "", "analytical",
                    rnd.choice([None, 1, 2, 3]), rnd.choice(DEPTHS),
                    (today - timedelta(days=rnd.randint(0, 200))).isoformat(), "", "", "", now, now,
                ))
            for n in range(actions):
                action_id += 1
                days = rnd.randint(-120, 90)
                done = days < 0 and rnd.random() < 0.8
                when = datetime.combine(today + timedelta(days=days), datetime.min.time()) + timedelta(hours=10)
                action_rows.append((
                    action_id, a, when.isoformat(sep=" "), 60, CHANNELS[n % len(CHANNELS)], f"Action {n} for account {a}",
                    rnd.randint(0, 50) * 1000, "done" if done else "planned", "Went well" if done else "",
                    when.date().isoformat() if done else None, now, now,
                ))
                member_links.append((action_id, first + n % members))
                team_links.append((action_id, rnd.randint(1, 10)))
            for o in range(5):
                opp_id += 1
                status = ("open", "open", "open", "won", "lost")[o]
                opp_rows.append((
                    opp_id, a, f"Opportunity {o} of {a}", rnd.randint(1, 100) * 1_000_000, rnd.choice([10, 25, 50, 75]),
                    rnd.choice(STAGES), (today + timedelta(days=rnd.randint(10, 200))).isoformat(), status,
                    (today - timedelta(days=rnd.randint(1, 600))).isoformat() if status != "open" else None,
                    "Price" if status != "open" else "", rnd.randint(0, 2), rnd.randint(0, 2), 1, 1, 1, "", now, now,
                ))
            comp_rows += [(a, f"Competitor {c}", "Local service", "Price", rnd.choice(LEVELS), "") for c in range(2)]
            cons_rows.append((a, "economic", "Budget frozen until Q3", "medium"))
            evidence = json.dumps(["buyer.objectives", "buyer.values", "buyer.focus"])
            assess_rows += [(a, (today - timedelta(days=d)).isoformat(), LEVELS[level], LEVELS[level], evidence, "",
                             now) for d in (300, 60)]
            vp_rows.append((a, "Lower downtime", "Our service network", "Shared roadmap", "Field engineers", now))
            deliv_rows.append((a, "Maintenance contract", "high", "Plant team", "PLC", 40, "in_progress", None, None,
                               "", now))
            for d in (200, 30):
                review_id += 1
                review_rows.append((review_id, a, (today - timedelta(days=d)).isoformat(), rnd.randint(4, 9), 7, 12, 50,
                                    "Faster answers matter", "Quarterly steering", now))
                driver_rows += [(review_id, name, rnd.randint(1, 5), rnd.randint(3, 9), rnd.randint(3, 9))
                                for name in ("Reliability", "Responsiveness", "Price")]
        _insert(conn, "account", account_rows)
        _insert(conn, "dmu_member", member_rows)
        _insert(conn, "communication_action", action_rows)
        conn.executemany("INSERT INTO action_dmu_member VALUES (?, ?)", member_links)
        conn.executemany("INSERT INTO action_team_member VALUES (?, ?)", team_links)
        _insert(conn, "opportunity", opp_rows)
        conn.executemany(
            "INSERT INTO competitor_presence (account_id, competitor, competences, success_factors, level, notes) "
            "VALUES (?, ?, ?, ?, ?, ?)", comp_rows)
        conn.executemany(
            "INSERT INTO relationship_constraint (account_id, kind, description, severity) VALUES (?, ?, ?, ?)", cons_rows)
        conn.executemany(
            "INSERT INTO level_assessment (account_id, assessed_on, level, suggested_level, evidence, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", assess_rows)
        conn.executemany(
            "INSERT INTO value_proposition (account_id, org_benefits, solution_fit, strategic_fit, resources_mix, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)", vp_rows)
        conn.executemany(
            "INSERT INTO delivery (account_id, name, cooperation, customer_people, competences, progress, status, "
            "start_on, due_on, notes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", deliv_rows)
        _insert(conn, "review", review_rows)
        conn.executemany(
            "INSERT INTO review_driver (review_id, driver, importance, our_score, competitor_score) "
            "VALUES (?, ?, ?, ?, ?)", driver_rows)
        conn.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3, help="export this many times and report each (default 3)")
    parser.add_argument("--keep", type=Path, help="export into this folder and keep it (default: a temporary one)")
    args = parser.parse_args()

    from accountmgr.services.plan_export import export_all

    work = Path(tempfile.mkdtemp(prefix="accountmgr-export-bench-"))
    try:
        with clock.frozen(date(2026, 11, 20)):
            db = open_database(work / "bench.db", create=True)
            started = time.perf_counter()
            generate(db, args.accounts, args.members, args.actions)
            print(f"generated {args.accounts} accounts × {args.members} DMU members × {args.actions} actions "
                  f"in {time.perf_counter() - started:.2f} s")
            timings = []
            for run in range(args.runs):
                target = args.keep or work / f"plans-{run}"
                started, cpu = time.perf_counter(), time.process_time()
                result = export_all(db, target)
                timings.append(time.perf_counter() - started)
                used = time.process_time() - cpu
                print(f"run {run + 1}: exported {result.count} plans + README.md in {timings[-1]:.2f} s "
                      f"({used:.2f} s of CPU, one process; load average {os.getloadavg()[0]:.1f})")
            size = sum(p.path.stat().st_size for p in result.plans)
            print(f"median {sorted(timings)[len(timings) // 2]:.2f} s (target < 5 s); "
                  f"{size / 1e6:.1f} MB written, {size // max(result.count, 1):,} bytes per plan")
            db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
