"""PostgreSQL against SQLite, measured in the same run on the same machine (``make bench-pg``).

    python -m benchmarks.pg [--accounts 10000] [--opportunities 10000] [--writers 10] [--seconds 60]

Starts its own throwaway PostgreSQL cluster (as the tests do: tests/pg_cluster.py, unix socket, no TCP) and:

* portfolio: the same generated portfolio (10,000 accounts, 100,000 people) on both engines; the real command
  ``accountmgr --db …`` headless, process start → portfolio painted and → every score shown, medians of
  3 runs taken in turn; target: painted on PostgreSQL within 1.5× SQLite;
* import: the same 10,000-opportunity pipeline export into an empty database of each engine, in a fresh
  process; target: PostgreSQL within 2× SQLite;
* concurrent writers: N processes for S seconds against one PostgreSQL database, each adding opportunities
  and changing its own account through the services (versions, activity log); then the counts are checked:
  no process may see an error, and every write it reported must be in the database (no lost writes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAINT_RATIO = 1.5
IMPORT_RATIO = 2.0

WRITER = """
import json, random, sys, time
from accountmgr.db import open_database
from accountmgr.services import accounts, opportunities
from accountmgr.services.versioned import ConflictError

url, account_id, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
db = open_database(url)
rng = random.Random(account_id)
added = updated = conflicts = errors = 0
problems = []
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    try:
        if rng.random() < 0.5:
            opportunities.create_opportunity(db, account_id, {"name": f"Deal {added}", "value_cents": "1.000,50",
                                                              "probability": "50"})
            added += 1
        else:
            accounts.update_account(db, account_id, {"satisfaction": str(updated % 11)})
            updated += 1
    except ConflictError:
        conflicts += 1
    except Exception as exc:  # every error is a failure of the benchmark: report it
        errors += 1
        problems.append(f"{type(exc).__name__}: {exc}"[:200])
print(json.dumps({"added": added, "updated": updated, "conflicts": conflicts, "errors": errors,
                  "problems": problems[:3]}))
"""

COUNT = """
import json, sys
from accountmgr.db import open_database
db = open_database(sys.argv[1])
ids = [int(i) for i in sys.argv[2:]]
from accountmgr.services.opportunities import list_opportunities
from accountmgr.services.accounts import get_account
print(json.dumps({str(i): [len(list_opportunities(db, i)), get_account(db, i).version] for i in ids}))
"""


def _cluster():  # noqa: ANN202
    sys.path.insert(0, str(ROOT / "tests"))
    import pg_cluster

    reason = pg_cluster.missing_reason()
    if reason is not None:
        raise SystemExit(f"Cannot run the PostgreSQL benchmark: {reason}.")
    return pg_cluster.start_cluster(prefix="accountmgr-bench-pg-")


def _new_database(cluster, name: str) -> str:  # noqa: ANN001
    cluster.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)


def _start(target: str) -> tuple[float, float]:
    """(painted, every score shown) in seconds from process start, for the real command on *target*."""
    from benchmarks.portfolio import _run_child

    painted, report = _run_child("start", target)
    return painted, report["scored_after"]


def portfolio(cluster, folder: Path, accounts: int, runs: int = 3) -> bool:  # noqa: ANN001
    from benchmarks.generate import MEMBERS_PER_ACCOUNT, generate

    sqlite_path = folder / f"portfolio-{accounts}.db"
    pg_url = _new_database(cluster, f"portfolio_{accounts}")
    started = time.perf_counter()
    generate(sqlite_path, accounts)
    generate(pg_url, accounts)
    print(f"portfolio: {accounts:,} accounts, {accounts * MEMBERS_PER_ACCOUNT:,} people on each engine "
          f"(generated in {time.perf_counter() - started:.0f} s)")
    times: dict[str, list[tuple[float, float]]] = {"sqlite": [], "postgresql": []}
    for _ in range(runs):  # taken in turn, so that other work on the machine weighs on both alike
        times["sqlite"].append(_start(str(sqlite_path)))
        times["postgresql"].append(_start(pg_url))
    painted = {engine: statistics.median(p for p, _ in values) for engine, values in times.items()}
    scored = {engine: statistics.median(s for _, s in values) for engine, values in times.items()}
    ratio = painted["postgresql"] / painted["sqlite"]
    ok = ratio <= PAINT_RATIO
    print(f"  {'ok  ' if ok else 'MISS'} start → painted: SQLite {painted['sqlite'] * 1000:.0f} ms, "
          f"PostgreSQL {painted['postgresql'] * 1000:.0f} ms = {ratio:.2f}× (target ≤ {PAINT_RATIO}×)")
    print(f"       start → every score shown: SQLite {scored['sqlite'] * 1000:.0f} ms, "
          f"PostgreSQL {scored['postgresql'] * 1000:.0f} ms = {scored['postgresql'] / scored['sqlite']:.2f}×")
    return ok


def imports(cluster, folder: Path, rows: int) -> bool:  # noqa: ANN001
    from accountmgr.db import open_database
    from benchmarks.import_bench import run, write_pipeline

    csv = folder / f"pipeline-{rows}.csv"
    write_pipeline(csv, rows)
    sqlite_path = folder / f"pipeline-{rows}.db"
    open_database(sqlite_path, create=True).close()
    pg_url = _new_database(cluster, f"pipeline_{rows}")
    open_database(pg_url, create=True).close()
    on_sqlite = run(sqlite_path, csv)  # type: ignore[arg-type]
    on_pg = run(pg_url, csv)  # type: ignore[arg-type]
    ratio = on_pg["total_s"] / on_sqlite["total_s"]
    ok = ratio <= IMPORT_RATIO
    print(f"import of {rows:,} opportunities (with their accounts):")
    print(f"  {'ok  ' if ok else 'MISS'} SQLite {on_sqlite['total_s']:.2f} s, PostgreSQL {on_pg['total_s']:.2f} s "
          f"= {ratio:.2f}× (target ≤ {IMPORT_RATIO}×)")
    print("       " + " | ".join(on_pg["summary"][1:4]))
    return ok


def writers(cluster, count: int, seconds: float) -> bool:  # noqa: ANN001
    from accountmgr.db import open_database
    from accountmgr.services.accounts import create_account

    url = _new_database(cluster, "writers")
    db = open_database(url, create=True)
    ids = [create_account(db, {"name": f"Writers’ account {n} (Zürich)"}).id for n in range(count)]
    db.close()
    before = json.loads(subprocess.run([sys.executable, "-c", COUNT, url, *map(str, ids)], capture_output=True,
                                       text=True, check=True, cwd=ROOT).stdout)
    processes = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(i), str(seconds)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, cwd=ROOT) for i in ids]
    reports = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            reports.append({"added": 0, "updated": 0, "conflicts": 0, "errors": 1, "problems": [err[-300:]]})
        else:
            reports.append(json.loads(out))
    after = json.loads(subprocess.run([sys.executable, "-c", COUNT, url, *map(str, ids)], capture_output=True,
                                      text=True, check=True, cwd=ROOT).stdout)
    lost = 0
    for account_id, report in zip(ids, reports):
        opps_before, version_before = before[str(account_id)]
        opps_after, version_after = after[str(account_id)]
        lost += (opps_before + report["added"]) - opps_after
        # Each saved change of the account's satisfaction is one version more (an unchanged value saves nothing).
        lost += max(0, version_before + report["updated"] - version_after)
    errors = sum(r["errors"] for r in reports)
    added = sum(r["added"] for r in reports)
    updated = sum(r["updated"] for r in reports)
    stored = sum(after[str(i)][0] - before[str(i)][0] for i in ids)
    ok = errors == 0 and lost == 0
    print(f"{count} concurrent writer processes for {seconds:.0f} s on one PostgreSQL database:")
    print(f"  {'ok  ' if ok else 'MISS'} {added:,} opportunities added, {stored:,} stored; {updated:,} account "
          f"updates; {sum(r['conflicts'] for r in reports)} conflicts; {errors} errors; {lost} lost writes")
    for report in reports:
        for problem in report["problems"]:
            print(f"       {problem}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", choices=("portfolio", "import", "writers"))
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    cluster = _cluster()
    folder = Path(tempfile.mkdtemp(prefix="accountmgr-bench-pg-data-"))
    results = []
    try:
        if args.only in (None, "portfolio"):
            results.append(portfolio(cluster, folder, args.accounts))
        if args.only in (None, "import"):
            results.append(imports(cluster, folder, args.opportunities))
        if args.only in (None, "writers"):
            results.append(writers(cluster, args.writers, args.seconds))
    finally:
        cluster.stop()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
