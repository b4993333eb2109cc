"""Runs accountmgr work in forked processes and SIGKILLs them after a given delay (for tests/test_crash_kills.py).

Importing accountmgr takes about 0.4 s; forking a process that has already imported it takes a few
milliseconds, so a hundred kills fit in a short test. Each request is a JSON line on stdin:
``{"work": "cli" | "saves", "args": [...], "out": PATH, "delay": SECONDS}``; the answer is a JSON line
``{"killed": bool, "status": int, "seconds": float}``. The child's stdout and stderr go to ``out``.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import time

import accountmgr.cli  # noqa: F401  (imported once here, inherited by every child)
import accountmgr.migrations  # noqa: F401
import accountmgr.models.tables  # noqa: F401
import accountmgr.services.accounts  # noqa: F401
import accountmgr.services.demo  # noqa: F401
import accountmgr.services.importer  # noqa: F401
import accountmgr.services.plan_export  # noqa: F401
import alembic.command  # noqa: F401


def _cli(args: list[str]) -> int:
    from accountmgr import cli

    sys.argv = ["accountmgr", *args]
    try:
        cli.main()
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def _saves(args: list[str]) -> int:
    """Save account notes through the services in a loop; print each edit once its save has returned."""
    from accountmgr.db import open_database
    from accountmgr.services.accounts import update_account

    db = open_database(args[0])
    with db.connection() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM account ORDER BY id")]
    edit = 0
    while True:
        account_id = ids[edit % len(ids)]
        update_account(db, account_id, {"notes": f"edit {edit}"})
        os.write(1, f"saved {account_id} {edit}\n".encode())
        edit += 1


WORK = {"cli": _cli, "saves": _saves}


def _child(request: dict) -> None:
    fd = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = os.fdopen(1, "w", buffering=1)
    sys.stderr = os.fdopen(2, "w", buffering=1)
    code = 3
    try:
        code = WORK[request["work"]](request["args"])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(request)
        pidfd = os.pidfd_open(pid)
        finished, _, _ = select.select([pidfd], [], [], request["delay"])
        killed = not finished
        if killed:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(pidfd)
        code = os.waitstatus_to_exitcode(status)
        answer = {"killed": killed and code == -signal.SIGKILL, "status": code, "seconds": time.monotonic() - started}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
