"""Our team: the people who own relationships and take part in actions, with add, edit, hand-over and removal."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from accountmgr.keys import key_of, ref
from accountmgr.models.enums import TeamRole
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.form_base import FormScreen
from accountmgr.services import erm, team
from accountmgr.services.errors import DomainError
from accountmgr.services.versioned import Seen
from accountmgr.widgets.checkboxes import Checkbox
from accountmgr.widgets.plain import cell, line, plain
from accountmgr.widgets.refusal import say_refused, writes
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.form_flow import FormFlow
from accountmgr.widgets.table_pane import CURRENT, TableColumn, TablePane
from accountmgr.widgets.typed_app import database_of


class TeamForm(FormScreen[int | None]):
    """Add or edit one of our people"""

    HELP_TITLE = "Team member form"
    DEFAULT_CSS = """
    TeamForm #form-frame { width: 72; }
    TeamForm .form-row > Label { width: 12; }
    """

    def __init__(self, member_id: int | None = None) -> None:
        super().__init__()
        self.member_id = member_id
        """The person edited; None when adding."""

    def heading(self) -> str:
        member = self._member()
        return f"Edit {member.name}" if member else "Add someone to our team"

    def _member(self) -> Any:
        db = database_of(self)
        return next((m for m in team.list_team(db, include_inactive=True) if m.id == self.member_id), None)

    def compose_fields(self) -> ComposeResult:
        member = self._member()
        if member is not None:
            self.seen, self.watched = Seen.of(member, team.TEAM_FIELDS), ("team_member", member.id)
        yield from self.field_row("name", "Name *", Input(line(member.name) if member else "", id="name", compact=True))
        yield from self.field_row("role", "Role", Select(
            [(r.label, r.value) for r in TeamRole], allow_blank=False,
            value=(member.role if member else TeamRole.SALES).value, id="role", compact=True))
        yield from self.field_row("email", "E-mail", Input(member.email if member else "", id="email", compact=True))
        yield from self.field_row("active", "Active", Checkbox(
            "can own relationships and take part in actions", member.active if member else True, id="active",
            compact=True))

    def values(self) -> dict[str, Any]:
        """The form's content as raw values for TEAM_FIELDS."""
        return {
            "name": self.query_one("#name", Input).value,
            "role": self.query_one("#role", Select).value,
            "email": self.query_one("#email", Input).value,
            "active": self.query_one("#active", Checkbox).value,
        }

    def current_values(self) -> dict[str, Any]:
        return self.values()

    def submit(self) -> int | None:
        db = database_of(self)
        if self.member_id is None:
            return team.create_member(db, self.values()).id
        return team.update_member(db, self.member_id, self.changed_values(), seen=self.seen).id


class HandOverScreen(ModalScreen[int | None]):
    """Choose who takes over someone's relationships and accounts"""

    BINDINGS = [bind("back", "cancel", "Cancel")]

    DEFAULT_CSS = """
    HandOverScreen { align: center middle; }
    HandOverScreen > Vertical { width: 64; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    HandOverScreen OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, giver: str, candidates: list[tuple[int, str]]) -> None:
        super().__init__()
        self.giver = giver
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(f"Hand {self.giver}'s relationships and accounts over to… (Enter chooses, {key_of('back')} cancels)"))
            yield OptionList(*[Option(cell(name), id=str(member_id)) for member_id, name in self.candidates], compact=True)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if self.candidates else None
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

    def action_cancel(self) -> None:
        """Hand nothing over."""
        self.dismiss(None)


LEFT_OUT = {"Complaints to handle": 6, "assessed": 5, "active": 4, "role": 3, "objectives": 2}
"""Columns left out when the terminal is too narrow for all, the highest first (the name, the quadrant and the
rest of the workload stay)."""


class TeamScreen(Screen[None], FormFlow):
    """Our team"""

    HELP_TITLE = "Our team"
    HELP_TEXT = (
        "Our people own DMU relationships and accounts and take part in actions. "
        f"Someone who still owns relationships or accounts cannot be deactivated or removed: hand them over first "
        f"({ref('hand-over')}). Each person is assessed on potential and commitment ({ref('assess')}), which "
        f"places them in the team matrix ({ref('view')}); {ref('details')} opens their assessments and incentive objectives. The workload columns count what each has to handle. "
        f"{ref('erase')} erases a person and every trace of their personal data (after handing over what they own)."
    )
    BINDINGS = [
        bind("add", "add", "Add"),
        bind("edit", "edit", "Edit"),
        bind("archive", "toggle_active", "Deactivate / bring back", show=False),
        bind("hand-over", "hand_over", "Hand over", show=False),
        bind("delete", "delete", "Remove", show=False),
        bind("assess", "assess_member", "Assess", tooltip="Potential and commitment, dated"),
        bind("details", "open_member", "Objectives", tooltip="Assessments and incentive objectives of this person"),
        bind("view", "matrix", "Matrix", tooltip="Team matrix: potential × commitment"),
        bind("erase", "erase", "Erase person…", show=False,
             tooltip="Erase the highlighted person and every trace of their personal data, for good"),
        bind("back", "back", "Back"),
    ]

    DEFAULT_CSS = """
    TeamScreen #team-hint { height: 1; padding: 0 1; color: $text-muted; }
    TeamScreen TablePane { height: 1fr; }
    TeamScreen DataTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Our people, where they stand and their workload. {key_of('edit')} edits, {key_of('assess')} "
                     f"assesses, {key_of('details')} opens objectives, {key_of('view')} the matrix.", id="team-hint")
        # E-mail is in the form: the width goes to the method's columns and the workload. On a narrow terminal the
        # columns of LEFT_OUT go, in that order, and are named for the highlighted person under the table.
        columns = [TableColumn(key, label, min_width=12 if key == "quadrant" else 0, shrink=key == "quadrant",
                               leave_out=LEFT_OUT.get(key, 0))
                   for label, key in (("Name", "name"), ("Role", "role"), ("Active", "active"),
                                      ("Quadrant", "quadrant"), ("Assessed", "assessed"),
                                      ("Objectives", "objectives"))]
        columns += [TableColumn(counter.label, counter.heading or counter.label, shrink=False,
                                leave_out=LEFT_OUT.get(counter.label, 0))
                    for counter in erm.WORKLOAD_COUNTERS]
        yield TablePane(columns, table_id="team-table", detail=lambda key: self.table.left_out(key),
                        detail_id="team-left-out")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Our team"
        self.reload()
        self.table.focus()

    def reload(self, keep: int | None = None) -> None:
        """Read the team again, keeping the cursor on *keep* (or where it was)."""
        rows = []
        for row in erm.team_overview(database_of(self)):
            member = row.member
            style = "" if member.active else "dim"
            quadrant = row.quadrant.label if row.quadrant else "not assessed"
            rows.append((member.id, (
                Text(member.name, style=f"bold {style}".strip()), Text(member.role.label, style=style),
                Text("yes" if member.active else "no (inactive)", style=style),
                Text(quadrant, style=style), row.latest.assessed_on.isoformat() if row.latest else "—",
                Text(row.objectives_text, style=f"bold {style}".strip() if row.flagged else style),
                *(str(n) for _, n in row.workload),
            )))
        self.table.show(rows, keep=CURRENT if keep is None else keep)  # a removed person: the cursor stays in place

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed people or what they own: read again, the cursor staying on its
        person (the team is small; a form open on top keeps what is typed)."""
        self.reload()

    @property
    def member_id(self) -> int | None:
        """The highlighted person."""
        key = self.table.selected_key
        return key if isinstance(key, int) else None

    def _cells(self, member_id: int) -> Any:
        """The person's row, whole, whichever columns show."""
        return next(cells for key, cells in self.table.rows if key == member_id)

    def _person_name(self, member_id: int) -> str:
        return str(self._cells(member_id)[0])

    @writes
    def action_add(self) -> None:
        """Add someone to our team."""
        self.open_form(TeamForm())

    @writes
    def action_edit(self) -> None:
        """Edit the highlighted person."""
        if self.member_id is not None:
            self.open_form(TeamForm(self.member_id))

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    @writes
    def action_toggle_active(self) -> None:
        """Deactivate the highlighted person (or bring them back)."""
        member_id = self.member_id
        if member_id is None:
            return
        active = str(self._cells(member_id)[2]) == "yes"
        try:
            team.set_active(database_of(self), member_id, not active)
        except DomainError as error:
            say_refused(self, error)
            return
        self.reload(member_id)

    @writes
    def action_hand_over(self) -> None:
        """Give the highlighted person's relationships and accounts to someone else."""
        giver = self.member_id
        if giver is None:
            return
        candidates = [(m.id, m.name) for m in team.list_team(database_of(self)) if m.id != giver]

        def chosen(taker: int | None) -> None:
            if taker is None:
                return
            try:
                moved = team.hand_over(database_of(self), giver, taker)
            except DomainError as error:
                say_refused(self, error)
                return
            self.notify(f"{self._person_name(taker)} now owns the {moved} relationships and accounts {self._person_name(giver)} had.")
            self.reload(giver)

        self.app.push_screen(HandOverScreen(self._person_name(giver), candidates), chosen)

    @writes
    def action_delete(self) -> None:
        """Remove the highlighted person after confirming."""
        member_id = self.member_id
        if member_id is None:
            return
        name = self._person_name(member_id)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                team.delete_member(database_of(self), member_id)
            except DomainError as error:
                say_refused(self, error)
                return
            self.notify(f"Removed {name} from the team.")
            self.reload()

        self.app.push_screen(ConfirmScreen(f"Remove {name} from our team?", yes="Remove", no="Keep"), answered)

    @writes
    def action_assess_member(self) -> None:
        """Assess the highlighted person's potential and commitment."""
        from accountmgr.screens.team_forms import TeamAssessmentForm

        if self.member_id is not None:
            # The form saves an assessment: the cursor stays on the person assessed.
            self.open_form(TeamAssessmentForm(self.member_id, self._person_name(self.member_id)), keep=self.member_id)

    def action_open_member(self) -> None:
        """Open the highlighted person's assessments and incentive objectives."""
        from accountmgr.screens.panes.team_member_pane import TeamMemberScreen

        if self.member_id is not None:
            self.app.push_screen(TeamMemberScreen(self.member_id), lambda _: self.reload())

    def action_matrix(self) -> None:
        """Show the team matrix: potential × commitment."""
        from accountmgr.screens.team_matrix import TeamMatrixScreen

        self.app.push_screen(TeamMatrixScreen())

    @writes
    def action_erase(self) -> None:
        """Erase the highlighted person and every trace of their personal data, after confirming."""
        from accountmgr.screens.erase_person import ErasePersonScreen
        from accountmgr.services import team_privacy

        member_id = self.member_id
        if member_id is None:
            return
        preview = team_privacy.preview_member_erasure(database_of(self), member_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.notify(f"Erasing {preview.name}…", markup=False)
                self._erase(member_id)

        self.app.push_screen(ErasePersonScreen(preview), answered)  # type: ignore[arg-type]  # a team member's erasure preview has every field the screen shows

    @work(thread=True, exclusive=True, group="erase")
    def _erase(self, member_id: int) -> None:
        """Erase in a thread: wiping the file rewrites all of it, which takes a while on a large portfolio."""
        from accountmgr.services import team_privacy

        try:
            erasure = team_privacy.erase_member(database_of(self), member_id)
        except DomainError as error:
            self.app.call_from_thread(say_refused, self, error)
            return
        except Exception as error:  # noqa: BLE001 - e.g. a locked or read-only file: the transaction rolled back
            reason = (str(error).splitlines() or [type(error).__name__])[0]
            self.app.call_from_thread(say_refused, self, f"Nothing was erased: {reason}")
            return
        self.app.call_from_thread(self._erased, erasure)

    def _erased(self, erasure: Any) -> None:
        self.reload()
        self.app.notify("\n".join(erasure.describe()), timeout=12, markup=False)

    def palette_commands(self) -> list[Any]:
        """This screen's own palette entries."""
        from accountmgr.screens.palette import PaletteEntry

        return [
            PaletteEntry("Assess potential and commitment", f"A dated assessment of the highlighted person ({key_of('assess')})",
                         "assess_member"),
            PaletteEntry("Incentive objectives and assessments of this person", f"Open the highlighted person ({key_of('details')})",
                         "open_member"),
            PaletteEntry("Team matrix: potential × commitment", f"Where each person stands ({key_of('view')})", "matrix"),
            PaletteEntry("Erase this team member (personal data)…", "Their record, assessments, objectives and "
                         "every trace in the log, for good (E)", "erase"),
        ]

    def guide_topic(self) -> str:
        """Ctrl+G here opens the guide at our own people."""
        return "erm"

    def action_back(self) -> None:
        """Back to where the team was opened from."""
        self.app.pop_screen()
