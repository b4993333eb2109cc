"""One of our people in the method: assessments of potential and commitment, incentive objectives, workload."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from accountmgr.keys import key_of, ref
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.team_forms import ObjectiveForm, TeamAssessmentForm
from accountmgr.services import erm
from accountmgr.services.errors import NotFound
from accountmgr.widgets.plain import plain
from accountmgr.widgets.refusal import writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.table_pane import TableColumn, TablePane
from accountmgr.widgets.typed_app import database_of

if TYPE_CHECKING:
    from accountmgr.db import Database

TICK = {True: "✔", False: "✖"}


class TeamMemberScreen(Screen[None]):
    """Potential, commitment and objectives of one person"""

    HELP_TITLE = "One person: potential, commitment, objectives"
    HELP_TEXT = (
        "The sources place each of our people by potential and commitment: top guns, bulldozers, challenges, "
        "problems, each managed in its own way. Assessments are dated; the latest counts. Incentive objectives "
        f"should be visible, reachable and influenceable ({ref('pick-1')}, {ref('pick-2')}, {ref('pick-3')} tick each "
        "check) and balance personal and team, "
        "business and customer-loyalty objectives; those failing a check are flagged."
    )
    BINDINGS = [
        bind("assess", "assess_member", "Assess"),
        bind("add", "add_objective", "Add objective"),
        bind("edit", "edit_objective", "Edit objective"),
        bind("pick-1", "check('visible')", "Visible", show=False),
        bind("pick-2", "check('reachable')", "Reachable", show=False),
        bind("pick-3", "check('influenceable')", "Influenceable", show=False),
        bind("delete", "delete", "Remove", show=False),
        bind("back", "back", "Back"),
    ]

    DEFAULT_CSS = """
    TeamMemberScreen #member-summary { height: auto; padding: 0 1; }
    TeamMemberScreen .section { text-style: bold; padding: 0 1; margin-top: 1; }
    TeamMemberScreen #assessments { height: auto; max-height: 8; }
    TeamMemberScreen #objectives-pane { height: 1fr; }
    TeamMemberScreen #objectives { height: 1fr; }
    """

    def __init__(self, member_id: int) -> None:
        super().__init__()
        self.member_id = member_id
        """The person shown."""
        self.person = ""
        """Their name, read when the screen loads."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="member-summary")
        yield Static(f"Assessments, newest first (the first counts) — {key_of('assess')} adds one", classes="section")
        yield TablePane([TableColumn(label.lower(), label, min_width=16 if label == "Note" else 0,
                                     shrink=label == "Note")
                         for label in ("Date", "Potential", "Commitment", "Quadrant", "Note")],
                        table_id="assessments", id="assessments-pane")
        yield Static(f"Incentive objectives — {key_of('add')} adds, {key_of('edit')} edits, "
                     f"{key_of('pick-1')} {key_of('pick-2')} {key_of('pick-3')} tick the three checks", classes="section")
        yield TablePane([TableColumn(key, label, min_width=16 if key in ("description", "measure", "flag") else 0,
                                     shrink=key in ("description", "measure", "flag"))
                         for label, key in (("Objective", "description"), ("Personal / team", "scope"),
                                            ("Business / loyalty", "kind"), ("Measured by", "measure"),
                                            ("Due", "due"), ("Visible", "visible"), ("Reachable", "reachable"),
                                            ("Influenceable", "influenceable"), ("Flag", "flag"))],
                        table_id="objectives", id="objectives-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#objectives-pane", TablePane).focus()

    def reload(self) -> None:
        """Read the person again, keeping each table's cursor on its row."""
        db = database_of(self)
        try:
            overview = erm.member_overview(db, self.member_id)
        except NotFound:
            self.app.pop_screen()
            self.notify("That person is no longer in the team.")
            return
        self.person = overview.member.name
        self.title = f"{overview.member.name}: potential, commitment and objectives"
        self.query_one("#member-summary", Static).update(plain(self._summary(overview), newlines=True))
        self.query_one("#assessments-pane", TablePane).show([
            (a.id, (a.assessed_on.isoformat(), f"{a.potential}/5", f"{a.commitment}/5",
                         erm.quadrant_of(a.potential, a.commitment).label, a.note.replace("\n", " ") or "—"))
            for a in erm.assessments_of(db, self.member_id)
        ])
        self.query_one("#objectives-pane", TablePane).show([
            (o.id, (o.description, o.scope.label, o.kind.label, o.measure or "—",
                         o.due_on.isoformat() if o.due_on else "—", TICK[o.visible], TICK[o.reachable],
                         TICK[o.influenceable], erm.objective_flag(o) or "ok"))
            for o in overview.objectives
        ])

    @staticmethod
    def _summary(overview: erm.MemberOverview) -> str:
        quadrant = overview.quadrant
        if quadrant is None:
            placed = f"Not assessed yet: press {key_of('assess')} to assess potential and commitment."
        else:
            latest = overview.latest
            assert latest is not None
            placed = (f"{quadrant.label} ({quadrant.axes}; potential {latest.potential}/5, commitment "
                      f"{latest.commitment}/5 on {latest.assessed_on.isoformat()}). {quadrant.advice}")
        workload = " · ".join(f"{label}: {n}" for label, n in overview.workload)
        gaps = erm.balance_gaps(list(overview.objectives))
        balance = ("Objectives balanced: personal and team, business and customer loyalty." if not gaps
                   else "Objectives to balance: " + ", ".join(gaps) + ".")
        return f"{placed}\nWorkload — {workload}\n{balance}"

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed the team: read again (a form on top keeps what is typed)."""
        self.reload()

    @staticmethod
    def _key(table: TablePane) -> int | None:
        key = table.selected_key
        return key if isinstance(key, int) else None

    @property
    def objective_id(self) -> int | None:
        """The highlighted objective."""
        return self._key(self.query_one("#objectives-pane", TablePane))

    def _saved(self, result: int | None) -> None:
        if result is not None:
            self.reload()

    @writes
    def action_assess_member(self) -> None:
        """Add a dated assessment of potential and commitment."""
        self.app.push_screen(TeamAssessmentForm(self.member_id, self.person), self._saved)

    @writes
    def action_add_objective(self) -> None:
        """Add an incentive objective."""
        self.app.push_screen(ObjectiveForm(self.member_id, self.person), self._saved)

    @writes
    def action_edit_objective(self) -> None:
        """Edit the highlighted objective."""
        if self.objective_id is not None:
            self.app.push_screen(ObjectiveForm(self.member_id, self.person, self.objective_id), self._saved)

    @on(DataTable.RowSelected, "#objectives")
    def _objective_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_objective()

    @writes
    def action_check(self, check: str) -> None:
        """Tick or untick one of the three checks of the highlighted objective."""
        objective_id = self.objective_id
        if objective_id is None:
            return
        row = erm.toggle_check(database_of(self), objective_id, check)
        self.reload()
        state = "ticked" if getattr(row, check) else "not ticked"
        self.notify(f"{check.capitalize()}: {state}.")

    @writes
    def action_delete(self) -> None:
        """Remove the highlighted assessment or objective (the table with the keyboard), after confirming."""
        assessments = self.query_one("#assessments-pane", TablePane)
        if assessments.table.has_focus:
            target = self._key(assessments)
            if target is None:
                return
            question = f"Remove this assessment of {self.person}? The one before it counts again."
            remove: Callable[[Database, int], None] = erm.delete_assessment
        else:
            target = self.objective_id
            if target is None:
                return
            question = f"Remove this objective of {self.person}?"
            remove = erm.delete_objective

        @writes
        def answered(screen: Any, yes: bool | None) -> None:
            if yes:
                remove(database_of(self), target)
                self.reload()

        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), lambda yes: answered(self, yes))

    def palette_commands(self) -> list[Any]:
        """This screen's own palette entries."""
        from accountmgr.screens.palette import PaletteEntry

        return [
            PaletteEntry("Assess potential and commitment", f"A new dated assessment of this person ({key_of('assess')})",
                         "assess_member"),
            PaletteEntry("Add an incentive objective", f"For this person ({key_of('add')})", "add_objective"),
            PaletteEntry("Tick or untick: visible", f"The highlighted objective's first check ({key_of('pick-1')})",
                         "check('visible')"),
            PaletteEntry("Tick or untick: reachable", f"The highlighted objective's second check ({key_of('pick-2')})",
                         "check('reachable')"),
            PaletteEntry("Tick or untick: influenceable", f"The highlighted objective's third check ({key_of('pick-3')})",
                         "check('influenceable')"),
        ]

    def guide_topic(self) -> str:
        """Ctrl+G here opens the guide at our own people."""
        return "erm"

    def action_back(self) -> None:
        """Back to the team (which reads everyone again)."""
        self.dismiss(None)
