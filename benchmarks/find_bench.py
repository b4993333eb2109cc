"""Find anything over 10,000 accounts and 100,000 people, as a ratio to a plain query.

Times ``services.find.find_anything`` (accounts, people by name, title and e-mail, opportunities and actions;
two passes where accents may differ) for a few typical searches: a common word, a rare name, an accented name
and text found nowhere (the slowest: both passes read every table). Beside it, in the same run and alternating
with it, the plainest search there is: ``SELECT id, name FROM dmu_member WHERE name LIKE '%…%' LIMIT 30``.

    make bench-find            # or: python -m benchmarks.find_bench [ACCOUNTS]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
SEARCHES = ("follow", "person 4242-3", "müller", "zzqx nowhere")
"""A word in many actions, one person, an accented name (SQLite cannot lower Ü: the second pass finds it), nothing."""


def database(accounts: int) -> Path:
    """The generated portfolio, with accented names and titles, made on first use and kept for the next run."""
    from sqlalchemy import update

    from accountmgr.db import SCHEMA_REVISION, open_database
    from accountmgr.models import DmuMember
    from benchmarks.generate import generate

    folder = Path(os.environ.get("ACCOUNTMGR_BENCH_DIR", tempfile.gettempdir()))
    path = folder / f"accountmgr-find-bench-{accounts}-{SCHEMA_REVISION}.db"
    if not path.exists():
        print(f"generating {accounts:,} accounts in {path} …", flush=True)
        partial = path.with_suffix(".partial")
        generate(partial, accounts)
        db = open_database(partial)
        with db.engine.begin() as conn:
            # Every 97th person gets an accented surname and a title, like real DMUs.
            conn.execute(update(DmuMember).where(DmuMember.id % 97 == 0)
                         .values(name=DmuMember.name + " MÜLLER", title="Direttore acquisti",
                                 email="someone@example.com"))
        db.close()
        partial.rename(path)
    return path


def main(accounts: int = 10_000) -> int:
    from sqlalchemy import text

    from accountmgr.db import open_database
    from accountmgr.services.find import find_anything

    db = open_database(database(accounts))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {accounts:,} accounts, "
          f"{accounts * 10:,} people")
    worst = 0.0
    for search in SEARCHES:
        baseline: list[float] = []
        timed: list[float] = []
        found = []
        for _ in range(RUNS):
            started = time.perf_counter()
            with db.engine.connect() as conn:
                conn.execute(text("SELECT id, name FROM dmu_member WHERE name LIKE :p LIMIT 30"),
                             {"p": f"%{search}%"}).all()
            baseline.append(time.perf_counter() - started)
            started = time.perf_counter()
            found = find_anything(db, search)
            timed.append(time.perf_counter() - started)
        median, base = statistics.median(timed), statistics.median(baseline)
        worst = max(worst, median / base)
        print(f"{search!r:>16}: {len(found):2d} found in {median * 1000:6.1f} ms; plain LIKE on people's names "
              f"{base * 1000:6.1f} ms; ratio {median / base:.1f}×")
    db.close()
    print(f"worst ratio {worst:.1f}× a plain LIKE over one column of one table (find reads four tables, "
          "three columns of people)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(arg) for arg in sys.argv[1:])))
