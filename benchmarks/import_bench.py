"""Benchmark: import a generated CRM pipeline export and import it again unchanged.

    python -m benchmarks.import_bench [--sizes 10000 100000] [--keep DIR]

For each size a CSV shaped like a sales-pipeline export is written (``opportunity_id, sales_agent,
product, account, deal_stage, engage_date, close_date, close_value``: one account per 8 opportunities,
7 products, 30 agents, a third won, a sixth lost, decimal points), then imported into an empty
database with ``--create-accounts`` in a fresh process, which reports its time and peak memory
(``resource.getrusage``; CPU time is shown too, as the wall time depends on what else the machine
runs). The 10,000-row file is then imported again: every row unchanged.
Targets: 10,000 rows < 3 s; 100,000 < 20 s with < 300 MB; re-import of 10,000 < 2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

PRODUCTS = ("GTX Basic", "GTX Pro", "MG Special", "MG Advanced", "GTX Plus Pro", "GTX Plus Basic", "GTK 500")
STAGES = ("Won", "Won", "Lost", "Engaging", "Prospecting", "Won")

CHILD = """
import json, resource, sys, time
from accountmgr.db import open_database
from accountmgr.services.importer import plan_import, run_import

db = open_database(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF)
cpu_before = before.ru_utime + before.ru_stime
started = time.perf_counter()
plan = plan_import(db, sys.argv[2], create_accounts=True)
planned = time.perf_counter()
summary = run_import(db, plan)
done = time.perf_counter()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"plan_s": planned - started, "total_s": done - started, "peak_mb": usage.ru_maxrss / 1024,
                  "cpu_s": usage.ru_utime + usage.ru_stime - cpu_before,
                  "summary": summary.describe()}))
"""


def write_pipeline(path: Path, rows: int, *, seed: int = 11) -> None:
    """A pipeline export of *rows* opportunities."""
    rnd = random.Random(seed)
    start = date(2025, 1, 1)
    accounts = max(1, rows // 8)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n")
        for i in range(rows):
            stage = rnd.choice(STAGES)
            engaged = start + timedelta(days=rnd.randrange(500))
            closed = engaged + timedelta(days=rnd.randrange(10, 120)) if stage in ("Won", "Lost") else None
            value = f"{rnd.randrange(50, 30000)}.{rnd.randrange(100):02d}" if stage == "Won" else ""
            handle.write(f"OP{i:07d},Agent {rnd.randrange(30)},{rnd.choice(PRODUCTS)},Account {rnd.randrange(accounts)},"
                         f"{stage},{engaged.isoformat()},{closed.isoformat() if closed else ''},{value}\n")


def run(db: Path, csv: Path) -> dict:
    """Import *csv* into *db* in a fresh process; its time, peak memory and summary."""
    result = subprocess.run([sys.executable, "-c", CHILD, str(db), str(csv)], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="Keep the files and databases in this folder.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for size in args.sizes:
            csv = folder / f"pipeline-{size}.csv"
            write_pipeline(csv, size)
            db = folder / f"pipeline-{size}.db"
            db.unlink(missing_ok=True)
            from accountmgr.db import open_database

            open_database(db, create=True).close()
            first = run(db, csv)
            print(f"{size:>7,} rows: import {first['total_s']:.2f} s (plan {first['plan_s']:.2f} s; "
                  f"CPU {first['cpu_s']:.2f} s), peak {first['peak_mb']:.0f} MB")
            print("         " + " | ".join(first["summary"][1:4]))
            if size == min(args.sizes):
                again = run(db, csv)
                print(f"{size:>7,} rows: re-import unchanged {again['total_s']:.2f} s (CPU {again['cpu_s']:.2f} s), "
                      f"peak {again['peak_mb']:.0f} MB")
                print("         " + " | ".join(again["summary"][1:3]))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
