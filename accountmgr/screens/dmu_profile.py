"""One person of the DMU: criteria, objectives, the personal win we offer, social style, and our interactions."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from accountmgr.models.enums import Attitude, BuyingRole, CoverageDepth, Influence
from accountmgr.screens.dmu_form import DmuForm
from accountmgr.services import dmu, informal, plan, team
from accountmgr.services.coverage import coverage
from accountmgr.services.errors import NotFound
from accountmgr.services.safe_text import printable
from accountmgr.services.watch import about
from accountmgr.widgets.org_chart import attitude_mark, influence_mark
from accountmgr.widgets.plain import cell, line
from accountmgr.widgets.typed_app import database_of


def _section(title: str, body: str, *, missing: str = "not recorded yet") -> Group:
    heading = Text(title, style="bold underline")
    shown = Text(printable(body, newlines=True)) if body.strip() else Text(missing, style="italic dim")
    return Group(heading, shown, Text(""))


class DmuProfileScreen(ModalScreen[bool]):
    """A DMU member's profile"""

    HELP_TITLE = "DMU member profile"
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("escape,q", "close", "Close"),
    ]

    DEFAULT_CSS = """
    DmuProfileScreen { align: center middle; }
    DmuProfileScreen > Vertical { width: 100; max-width: 100%; height: 95%; border: thick $primary; background: $surface; }
    DmuProfileScreen VerticalScroll { padding: 0 1; }
    DmuProfileScreen #profile-head { background: $primary-muted; padding: 0 1; }
    """

    def __init__(self, member_id: int) -> None:
        super().__init__()
        self.member_id = member_id
        """The person shown."""
        self.edited = False
        """Whether the person was changed from here (the caller then reloads)."""
        self.account_id: int | None = None
        """The person's account (known once drawn): its changes elsewhere are drawn again."""
        self.stale = False
        """Changed elsewhere while a form was open on top: drawn again on coming back."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="profile-head")
            with VerticalScroll(id="profile-body"):
                yield Static(id="profile")
            yield Footer()

    def on_mount(self) -> None:
        self.render_profile()
        self.query_one("#profile-body").focus()

    def render_profile(self) -> None:
        """Read the person again and draw every part of the profile."""
        db = database_of(self)
        try:
            member = dmu.get_member(db, self.member_id)
        except NotFound:
            self.dismiss(self.edited)
            return
        owners = {t.id: t.name for t in team.list_team(db, include_inactive=True)}
        manager = dmu.get_member(db, member.reports_to_id).name if member.reports_to_id else ""
        gaps = coverage(db, member.account_id).gaps_for(member.id)
        self.account_id = member.account_id

        head = Text(line(member.name), style="bold")
        if member.title or member.department:
            head.append(line(f" · {', '.join(p for p in (member.title, member.department) if p)}"))
        self.query_one("#profile-head", Static).update(head)

        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="bold", no_wrap=True)
        facts.add_column()
        roles = ", ".join(BuyingRole(r).label for r in member.roles) or "—"
        attitude = attitude_mark(member.attitude)
        attitude.append(f" {Attitude(member.attitude).label}")
        influence = influence_mark(member.influence)
        influence.append(f" {Influence(member.influence).label}" + ("  * inner circle" if member.inner_circle else ""))
        last = (f"{member.last_contact:%Y-%m-%d}" if member.last_contact else "never")
        lines_here = [l for l in informal.lines(db, member.account_id) if l.touches(member.id)]
        sway = "; ".join(l.sentence for l in lines_here) or "— none recorded (i in the DMU pane)"
        leaning = informal.leaning_text(informal.leaning_of(db, member.id)) or "— no competitor noted"
        for label, value in (
            ("Reports to", manager or "— (top of the org chart)"),
            ("Buying roles", roles),
            ("Influence", influence),
            ("Attitude towards us", attitude),
            ("Our owner", owners.get(member.owner_id, "— nobody yet") if member.owner_id else "— nobody yet"),
            ("Coverage depth", CoverageDepth(member.coverage).label),
            ("Last contact", last),
            ("Contact", " · ".join(p for p in (member.email, member.phone) if p) or "—"),
            ("Influence lines", sway),
            ("Competitor", leaning),
        ):
            facts.add_row(label, cell(value))

        style = Text()
        if member.social_style:
            style.append(member.social_style.label, style="bold")
            style.append(f" — {member.social_style.hint}")
        else:
            style.append("not known yet: watch how they decide and communicate", style="italic dim")

        parts: list = [facts, Text("")]
        if gaps:
            gap_text = Text()
            for gap in gaps:
                gap_text.append(f"! {gap.rule.label}: ", style="bold red" if gap.severity.value == "red" else "bold dark_orange")
                gap_text.append(f"{line(gap.message)}\n")
            parts += [Text("Coverage gaps", style="bold underline"), gap_text]
        parts += [
            _section("Personal win we offer (value proposition, step i)", member.personal_win,
                     missing="none yet: what does this person gain if they back us?"),
            _section("Organisational decision criteria", member.org_criteria),
            _section("Personal decision criteria", member.personal_criteria),
            _section("Personal objectives", member.personal_objectives),
            Text("Social style", style="bold underline"), style, Text(""),
            _section("Notes", member.notes, missing="—"),
            Text("Interactions (communication plan)", style="bold underline"),
        ]
        actions = plan.actions_for_member(db, member.id)
        if actions:
            table = Table(box=None, padding=(0, 1), show_edge=False)
            for column in ("When", "Channel", "Objective", "Status", "Outcome"):
                table.add_column(column)
            for action in actions:
                status = action.status.label + (" (overdue)" if action.overdue else "")
                table.add_row(f"{action.scheduled_at:%Y-%m-%d %H:%M}", action.channel.label, cell(action.objective),
                              status, cell(action.outcome or "—"))
            parts.append(table)
        else:
            parts.append(Text("No action of the communication plan addresses this person yet.", style="italic dim"))
        self.query_one("#profile", Static).update(Group(*parts))

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed this person's account: draw the profile again (the scroll stays);
        under a form, once the form is closed (a person removed elsewhere closes the profile, which must be on top)."""
        if self.account_id is None or not about(changes, self.account_id):
            return
        if self.app.screen is self:
            self.render_profile()
        else:
            self.stale = True

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale = False
            self.render_profile()

    def action_edit(self) -> None:
        """Edit this person with the form."""
        member = dmu.get_member(database_of(self), self.member_id)

        def saved(member_id: int | None) -> None:
            if member_id is not None:
                self.edited = True
                self.render_profile()

        self.app.push_screen(DmuForm(member.account_id, self.member_id), saved)

    def action_close(self) -> None:
        """Back to the DMU."""
        self.dismiss(self.edited)
