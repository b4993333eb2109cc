"""The command line's tables in a terminal: names whole or wrapped between words, nothing past the edge."""

from __future__ import annotations

import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import fcntl
from pathlib import Path

from hypothesis import given, settings, strategies as st
from rich.console import Console

from accountmgr.cli import COMPLAINT_FIT, LIST_FIT
from accountmgr.cli_fit import CliColumn, fit, print_fitted

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def in_terminal(width: int, *command: str) -> list[str]:
    """The lines *command* prints in a pseudo-terminal *width* columns wide, without colours."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    process = subprocess.Popen([sys.executable, "-m", "accountmgr", *command], stdin=follower, stdout=follower,
                               stderr=follower, env=env, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    text = ANSI.sub("", b"".join(chunks).decode("utf-8"))
    return text.replace("\r\n", "\n").splitlines()


def test_list_at_80_columns_keeps_every_name_and_says_what_gave_way(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import list_accounts

    names = [account.name for account in list_accounts(demo_db)]
    demo_db.close()
    lines = in_terminal(80, "--db", str(demo_db.path), "list")
    assert all(len(line) <= 80 for line in lines), lines
    shown = "\n".join(lines)
    for name in names:
        first, *rest = name.split()
        assert first in shown and all(word in shown for word in rest), name
    assert "Not shown for want of room: Target, Owner, Weighted." in shown
    wide = in_terminal(160, "--db", str(demo_db.path), "list")
    assert "Not shown" not in "\n".join(wide) and any(names[0] in line for line in wide)


def test_complaints_and_team_fit_80_columns(demo_db) -> None:  # noqa: ANN001
    demo_db.close()
    for command in ("complaints", "team"):
        lines = in_terminal(80, "--db", str(demo_db.path), command)
        assert lines and all(len(line) <= 80 and line == line.rstrip() for line in lines), (command, lines)


def test_short_columns_are_given_their_whole_text_before_a_long_one_wraps() -> None:
    rows = [("Helvetia Pharma Logistics", "Validation documents for the cold-room sensors still missing before the "
             "audit", "2026-11-20", "late 9 d", "Account manager")]
    widths = fit(COMPLAINT_FIT, rows, 120, 3)
    assert widths[0] == len("Helvetia Pharma Logistics") and widths[4] == len("Account manager")
    assert sum(width + 3 for width in widths.values()) + 1 <= 120
    narrow = fit(COMPLAINT_FIT, rows, 80, 3)
    assert 2 not in narrow  # the date received gives way first
    assert len(fit(LIST_FIT, [("Atlas", "Buyer", "—", "Giulia Ferri", "€1", "€1", "—")], 200, 3)) == len(LIST_FIT)


names = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Mn", "Me", "Cf")),
                min_size=1, max_size=60).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(names, names, names), min_size=1, max_size=6), width=st.integers(60, 160))
def test_no_line_runs_past_the_edge_or_ends_in_a_space(rows: list[tuple[str, str, str]], width: int) -> None:
    columns = (CliColumn("Account", wrap=16), CliColumn("Summary", wrap=20), CliColumn("Owner", drop=1, wrap=10))
    for boxed in (True, False):
        out = io.StringIO()
        print_fitted(Console(file=out, width=width, force_terminal=True, color_system=None), columns, rows,
                     boxed=boxed)
        for line in out.getvalue().splitlines():
            assert len(line) <= width
            assert boxed or line == line.rstrip()
