"""Keystroke latency while review mode opens and exports, on a large portfolio (``make bench-review``).

``.venv/bin/python -m benchmarks.review_latency [--runs N] [-v] [100000 …]``

Review mode scores the whole portfolio (its plans' scores are relative to it) and writes plans; at 100,000
accounts that is seconds of work, which must not stop the keys. In a fresh process, headless at 120×36:

1. start the app and wait until the portfolio is scored (its own start-up is measured by ``benchmarks.portfolio``);
2. a typist thread presses the review-mode key (r: review mode on the selected account), then a key every 40 ms
   (review mode's own keys: scrolling, Home, go-to-step and Esc) until the plan is shown, and half a second more;
3. it presses the export key (X: export the plan) and goes on typing until the file is written.

The keys are the vocabulary's (``accountmgr.keys``), so the benchmark follows a change of the default keys.

A key's latency is the time from the typist sending it to the end of the refresh that follows its binding's action
(``App.run_action``), so a key waiting behind work on the UI thread counts all of its wait. Latencies are in ms
(target: under 100 ms for every key). The r key itself builds and paints the review screen, which costs the same
at any portfolio size: it is given as a ratio to the same key on a 200-account portfolio measured in the same
run. Each size runs ``--runs`` times (default 3); the figures are medians over the runs.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

TARGET_MS = 100.0
KEY_GAP_S = 0.04
"""Time between one key's handling and the next key."""
TYPED = ("pagedown", "down", "pagedown", "first", "pagedown", "up", "down", "first")
"""Review mode's own keys, pressed in turn: scrolling and back to the top (a binding id: the vocabulary's key); each
runs a binding, whose action is where the latency is measured. (The go-to-step question is left out: opening any
dialog over the plan costs the same at every portfolio size, like the review-mode key itself.)"""


def _key(name: str) -> str:
    """A Textual key name, or the first key of a binding id of the vocabulary."""
    from accountmgr.keys import BY_ID, keys_of

    return keys_of(name).split(",")[0] if name in BY_ID else name


def child(db_path: str) -> None:
    """Run the app on *db_path*, type through review mode and an export, print the figures."""
    from textual import events

    from accountmgr.app import AccountManagerApp
    from accountmgr.db import open_database

    started = time.perf_counter()
    handled: list[float] = []
    handled_event = threading.Event()
    painted: list[float] = []

    class Measured(AccountManagerApp):
        CSS_PATH = str(Path(sys.modules[AccountManagerApp.__module__].__file__).with_name("app.tcss"))

        async def run_action(self, action, default_namespace=None) -> bool:  # noqa: ANN001
            result = await super().run_action(action, default_namespace)
            self.call_after_refresh(self._key_done)
            return result

        def _key_done(self) -> None:
            handled.append(time.perf_counter())
            handled_event.set()

    app = Measured(open_database(db_path))
    phases: dict[str, list[tuple[str, float, float]]] = {"open": [], "export": []}
    """Per phase: (key, latency in ms, seconds since the app started when it was sent)."""
    phase = ["open"]
    typing = threading.Event()
    stop = threading.Event()
    missed: list[str] = []

    def press(key: str) -> None:
        """Send *key* as the terminal would; record how long until its action's refresh is done."""
        handled_event.clear()
        count = len(handled)
        during = phase[0]  # the phase the key was sent in (it may end before the key is handled)
        sent = time.perf_counter()
        char = key if len(key) == 1 else None
        app.call_from_thread(app.post_message, events.Key(key, char))
        deadline = sent + 30
        while len(handled) == count and time.perf_counter() < deadline:
            handled_event.wait(0.5)
            handled_event.clear()
        if len(handled) == count:
            missed.append(key)
            return
        phases[during].append((key, (handled[count] - sent) * 1000, sent - started))

    def typist() -> None:
        typing.wait()
        press(_key("review"))
        index = 0
        while not stop.is_set():
            time.sleep(KEY_GAP_S)
            if phase[0] == "export" and phase[1:] == ["x"]:
                phase.pop()
                press(_key("export"))
                continue
            press(_key(TYPED[index % len(TYPED)]))
            index += 1

    async def drive(pilot) -> None:  # noqa: ANN001
        from accountmgr.screens.portfolio import PortfolioScreen
        from accountmgr.screens.review_mode import ReviewModeScreen

        portfolio = pilot.app.screen
        assert isinstance(portfolio, PortfolioScreen)
        await pilot.pause()
        painted.append(time.perf_counter())
        while portfolio.loading or portfolio.updating:
            await asyncio.sleep(0.05)  # not pilot.pause(): that gives up when the UI thread is blocked for long
        thread = threading.Thread(target=typist, daemon=True)
        thread.start()
        opened_at = time.perf_counter()
        typing.set()
        while not (isinstance(pilot.app.screen, ReviewModeScreen) and pilot.app.screen.source):
            await asyncio.sleep(0.05)
        review = pilot.app.screen
        shown = time.perf_counter() - opened_at
        end = time.perf_counter() + 0.5
        while time.perf_counter() < end:
            await asyncio.sleep(0.05)
        export_at = time.perf_counter()
        phase[0] = "export"
        phase.append("x")
        while review.last_export is None:
            await asyncio.sleep(0.05)
        exported = time.perf_counter() - export_at
        stop.set()
        await asyncio.to_thread(thread.join, 35)  # not thread.join(): the app must go on handling its last key
        print("BENCH " + json.dumps({
            "painted": painted[0] - started, "shown": shown, "exported": exported, "phases": phases,
            "missed": missed, "accounts": len(portfolio.portfolio.entries), "export": review.last_export,
        }), flush=True)
        pilot.app.exit()

    app.run(headless=True, size=(120, 36), auto_pilot=drive)


BASELINE_ACCOUNTS = 200
"""The baseline measured in the same run: review mode on a portfolio this small has nothing to wait for."""
RUNS = 3
"""Runs per size; the figures are medians over them."""


def _run_child(size: int) -> dict:
    from benchmarks.portfolio import database

    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.review_latency", "--child", str(database(size))],
        capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parent.parent,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("BENCH ")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"review latency child failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(lines[-1][6:])


def _summary(latencies: list[float]) -> tuple[float, float, float]:
    """(max, p95, median) in ms."""
    ordered = sorted(latencies)
    return ordered[-1], ordered[int(0.95 * (len(ordered) - 1))], statistics.median(ordered)


def main(sizes: list[int], runs: int = RUNS, verbose: bool = False) -> int:
    import os

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {runs} runs per size, medians")
    failures = 0
    baseline_r: float | None = None
    for size in [BASELINE_ACCOUNTS, *sizes]:
        reports = [_run_child(size) for _ in range(runs)]
        med = statistics.median
        r_key = med(report["phases"]["open"][0][1] for report in reports)
        opening = [_summary([ms for _k, ms, _at in report["phases"]["open"][1:]] or [0.0]) for report in reports]
        exporting = [_summary([ms for _k, ms, _at in report["phases"]["export"]] or [0.0]) for report in reports]
        missed = [key for report in reports for key in report["missed"]]
        if baseline_r is None:
            baseline_r = r_key
        print(f"\n{size:,} accounts" + (" (baseline)" if size == BASELINE_ACCOUNTS else "") + ":")
        print(f"  {_key('review')} (review mode built and painted): median {r_key:.0f} ms = {r_key / baseline_r:.2f}× "
              "the baseline")
        print(f"  plan shown {med(r['shown'] for r in reports) * 1000:.0f} ms after R, export written "
              f"{med(r['exported'] for r in reports) * 1000:.0f} ms after x; app start → painted portfolio "
              f"{med(r['painted'] for r in reports) * 1000:.0f} ms")
        for what, figures in (("while review mode opens (scoring, laying out the plan)", opening),
                              ("while exporting (x included)", exporting)):
            worst, p95, median = (med(figure[i] for figure in figures) for i in range(3))
            ok = worst < TARGET_MS or size == BASELINE_ACCOUNTS
            failures += not ok
            print(f"  {'ok  ' if ok else 'MISS'} keys {what}: max {worst:.0f} ms, p95 {p95:.0f} ms, median "
                  f"{median:.0f} ms (worst run's max {max(f[0] for f in figures):.0f} ms)   (target < {TARGET_MS:.0f} ms)")
        if verbose:
            for report in reports:
                for name, keys in report["phases"].items():
                    print(f"    {name}: " + ", ".join(f"{key} {ms:.0f}" for key, ms, _at in keys))
        if missed:
            failures += 1
            print(f"  MISS keys never handled: {missed}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        arguments = [arg for arg in sys.argv[1:] if arg != "-v"]
        runs = RUNS
        if "--runs" in arguments:
            at = arguments.index("--runs")
            runs = int(arguments[at + 1])
            del arguments[at:at + 2]
        chosen = [int(arg.replace("_", "")) for arg in arguments] or [100_000]
        sys.exit(main(chosen, runs, verbose="-v" in sys.argv))
