"""The team matrix: our active people placed by potential (across) and commitment (up), with how to manage each."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from accountmgr.keys import ref
from accountmgr.services import erm
from accountmgr.services.wording import plural
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of

LAYOUT = (erm.Quadrant.BULLDOZER, erm.Quadrant.TOP_GUN, erm.Quadrant.PROBLEM, erm.Quadrant.CHALLENGE)
"""Commitment grows upwards and potential to the right, so top guns sit top right."""


def _person(row: erm.MemberOverview) -> str:
    """"• Giulia Ferri (P2 C5) — Accounts owned 7, … ; 1 objective flagged"."""
    latest = row.latest
    assert latest is not None
    load = ", ".join(f"{label.lower()} {n}" for label, n in row.workload)
    flagged = f"; {plural(row.flagged, 'objective')} flagged" if row.flagged else ""
    return f"• {row.member.name} (P{latest.potential} C{latest.commitment}) — {load}{flagged}"


class TeamMatrixScreen(Screen[None]):
    """Team matrix: potential × commitment"""

    HELP_TITLE = "Team matrix (potential × commitment)"
    HELP_TEXT = (
        "Each active person of our team by their latest assessment: potential across (high on the right), "
        f"commitment up (high at the top); a score of {erm.HIGH_FROM} or 5 is high. Each quadrant says how the "
        f"sources manage it. Assess people in the team screen ({ref('team')}, then {ref('assess')})."
    )
    BINDINGS = [
        bind("back", "back", "Back"),
    ]

    placing = False
    """True while the team is read and placed in the background."""

    DEFAULT_CSS = """
    TeamMatrixScreen #axes { height: auto; padding: 0 1; color: $text-muted; }
    TeamMatrixScreen Grid { grid-size: 2 2; grid-gutter: 1 2; height: 1fr; padding: 0 1; }
    TeamMatrixScreen .quadrant { border: round $primary; padding: 0 1; height: 100%; }
    TeamMatrixScreen #quadrant-top_gun { border: round $success; }
    TeamMatrixScreen #quadrant-problem { border: round $error; }
    TeamMatrixScreen #unassessed { height: auto; padding: 0 1; color: $warning; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("↑ commitment (willingness to make sacrifices for the goals, focus on the job)   "
                     "→ potential", id="axes")
        with Grid():
            for quadrant in LAYOUT:
                yield Static(id=f"quadrant-{quadrant.code}", classes="quadrant")
        yield Static(id="unassessed")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Team matrix: potential × commitment"
        for quadrant in LAYOUT:
            box = self.query_one(f"#quadrant-{quadrant.code}", Static)
            box.border_title = f"{quadrant.label}s — {quadrant.axes}"
            box.update(plain(f"{quadrant.advice}\n\n…", newlines=True))
        self.reload()

    def reload(self) -> None:
        """Place everyone again from their latest assessments (their workloads count every account: read in the
        background, the keys working meanwhile)."""
        self.placing = True
        self.query_one("#unassessed", Static).update("Placing the team (counting everyone's accounts)…")
        self._read()

    @work(thread=True, exclusive=True, group="team-matrix")
    def _read(self) -> None:
        overview = erm.team_overview(database_of(self), include_inactive=False)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._place, overview)

    def _place(self, overview: list[erm.MemberOverview]) -> None:
        if not self.is_attached:
            return  # closed while reading
        self.placing = False
        cells = erm.matrix_of(overview)
        for quadrant in LAYOUT:
            names = "\n".join(_person(row) for row in cells[quadrant]) or "nobody"
            self.query_one(f"#quadrant-{quadrant.code}", Static).update(
                plain(f"{quadrant.advice}\n\n{names}", newlines=True))
        missing = [row.member.name for row in overview if row.latest is None]
        self.query_one("#unassessed", Static).update(plain(
            f"Not assessed yet: {', '.join(missing)}." if missing else "Everyone active is assessed."))

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed the team: place everyone again."""
        self.reload()

    def action_back(self) -> None:
        """Back to where the matrix was opened from."""
        self.app.pop_screen()
