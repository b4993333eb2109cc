"""Benchmark: render 1,000 account plans as Markdown (target < 2 s) and as HTML pages (target < 5 s).

    python -m benchmarks.plan_bench [--accounts 1000] [--runs 3]      (or: make bench-plan)

The portfolio is generated as in ``benchmarks/export.py`` (DMU, actions, opportunities, assessments, reviews…)
plus four revenue years, two objectives with a milestone, two risks and an ask per account, so the summary,
the review sections and every chart have work to do. The data is loaded and the figures derived once (reported
apart: that is the export's reading part, measured by ``benchmarks/export.py``); the timed part is making the
plans, Markdown with their SVG charts, then HTML pages with the charts inline. The full ``export --all`` in
both formats is timed too, writing the files. The machine's load is printed with each figure.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from accountmgr.db import open_database
from accountmgr.services import clock
from benchmarks.export import generate

TODAY = date(2026, 11, 20)


def add_review_data(db, accounts: int, *, seed: int = 11) -> None:  # noqa: ANN001
    """Revenue years, objectives with a milestone, risks and an ask for every account, inserted in one go."""
    from accountmgr.models.asks import ManagementAsk
    from accountmgr.models.objectives import AccountObjective, ObjectiveMilestone
    from accountmgr.models.revenue import AccountRevenue
    from accountmgr.models.risks import AccountRisk

    rnd = random.Random(seed)
    revenue, objectives, milestones, risks, asks = [], [], [], [], []
    objective_id = 0
    for a in range(1, accounts + 1):
        for year in range(2023, 2027):
            revenue.append({"account_id": a, "year": year, "actual_cents": rnd.randint(1, 90) * 1_000_000,
                            "target_cents": rnd.randint(1, 90) * 1_000_000, "potential_cents": None, "notes": ""})
        for offset in (-30, 200):
            objective_id += 1
            objectives.append({"id": objective_id, "account_id": a, "title": f"Objective {objective_id}",
                               "due_on": date.fromordinal(TODAY.toordinal() + offset), "owner_id": rnd.randint(1, 10),
                               "notes": ""})
            milestones.append({"objective_id": objective_id, "title": "Milestone",
                               "due_on": date.fromordinal(TODAY.toordinal() + offset - 20)})
        for n in range(2):
            risks.append({"account_id": a, "description": f"Risk {n}", "likelihood": rnd.randint(1, 5),
                          "impact": rnd.randint(1, 5), "mitigation": "Meet the CFO", "owner_id": None})
        asks.append({"account_id": a, "request": "A reference visit", "asked_of": "Sales director",
                     "needed_by": date.fromordinal(TODAY.toordinal() + 10)})
    with db.session() as session:
        for model, rows in ((AccountRevenue, revenue), (AccountObjective, objectives),
                            (ObjectiveMilestone, milestones), (AccountRisk, risks), (ManagementAsk, asks)):
            session.add_all(model(**row) for row in rows)
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from accountmgr.services.account_plan import derive, plan_files
    from accountmgr.services.changes import changes_by_account
    from accountmgr.services.completion import step_status_bulk
    from accountmgr.services.plan_data import load_plan_data
    from accountmgr.services.plan_export import export_all, file_names

    work = Path(tempfile.mkdtemp(prefix="accountmgr-plan-bench-"))
    try:
        with clock.frozen(TODAY):
            db = open_database(work / "bench.db", create=True)
            generate(db, args.accounts, 10, 20)
            add_review_data(db, args.accounts)
            started = time.perf_counter()
            data = load_plan_data(db, None, include_archived=False)
            derived = derive(db, data, steps=step_status_bulk(db), changes=changes_by_account(db, None))
            names = file_names([(a, p.account.name) for a, p in data.items()])
            print(f"{len(data)} accounts loaded and derived in {time.perf_counter() - started:.2f} s")
            for label, html, target in (("Markdown", False, 2.0), ("HTML", True, 5.0)):
                timings, cpu = [], []
                for _ in range(args.runs):
                    # Each run starts cold: nothing rendered by an earlier run is reused.
                    from accountmgr.services import plan_html

                    plan_html._inline.cache_clear()  # noqa: SLF001
                    plan_html._block.cache_clear()  # noqa: SLF001
                    started, used = time.perf_counter(), time.process_time()
                    for account_id, plan in data.items():
                        plan_files(plan, derived[account_id], today=TODAY, html=html,
                                   chart_stem=names[account_id][:-3])
                    timings.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - used)
                median, median_cpu = sorted(timings)[len(timings) // 2], sorted(cpu)[len(cpu) // 2]
                # On a shared machine the wall clock includes other people's work: judge by this process's CPU.
                print(f"{len(data)} plans as {label}: median {median:.2f} s wall, {median_cpu:.2f} s CPU of "
                      f"{args.runs} runs (target < {target:.0f} s) {'OK' if median_cpu < target else 'SLOW'}; "
                      f"load average {os.getloadavg()[0]:.1f}")
            for fmt in ("md", "html"):
                started = time.perf_counter()
                result = export_all(db, work / f"out-{fmt}", fmt=fmt)
                print(f"export --all --format {fmt}: {result.count} plans written in "
                      f"{time.perf_counter() - started:.2f} s (reading included)")
            db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
