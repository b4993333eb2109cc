"""Step i: the value proposition for the organisation, and each DMU member's personal win."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from accountmgr.models import Step
from accountmgr.screens.steps.field_pane import FieldPane
from accountmgr.screens.steps.fields import FieldDef, values_of
from accountmgr.screens.steps.record_form import RecordFormScreen
from accountmgr.services import dmu, value_proposition
from accountmgr.services.versioned import Seen
from accountmgr.widgets.table_pane import CURRENT, TableColumn, TablePane

if TYPE_CHECKING:
    from accountmgr.db import Database


def _win_now(db: Database, member_id: int) -> tuple[dict[str, str], Seen]:
    member = dmu.get_member(db, member_id)
    return {"personal_win": member.personal_win}, Seen.of(member, ["personal_win"])


WIN_COLUMNS = [TableColumn("person", "Person"), TableColumn("title", "Title", min_width=12, priority=0),
               TableColumn("win", "Personal win", min_width=20)]
"""The personal-wins table: the title gives up room first, the person's name never."""


class PropositionPane(FieldPane):
    """Benefits, solution fit and strategic fit for the organisation; personal wins listed (Enter edits one)."""

    step = Step.I
    FIELDS = (
        FieldDef("org_benefits", "Benefits for the organisation", "text"),
        FieldDef("solution_fit", "Solution fit", "text",
                 hint="Our resources matched to the customer's needs (the lever from Account level)."),
        FieldDef("strategic_fit", "Strategic fit", "text",
                 hint="Our competences matched to the customer's values (the lever of a Partner)."),
        FieldDef("resources_mix", "Mix of resources, competences and ways of working", "text"),
    )

    def load_values(self) -> dict[str, str]:
        row = value_proposition.get_value_proposition(self.db, self.account_id)
        return values_of(row, self.FIELDS) if row else {}

    def load_seen(self) -> Seen | None:
        row = value_proposition.get_value_proposition(self.db, self.account_id)
        names = [f.name for f in self.FIELDS]
        # Not written yet: version 0, so one written meanwhile elsewhere is merged or reported like any change.
        return Seen.of(row, names) if row else Seen(0, {name: "" for name in names})

    def store(self, changed: dict[str, str]) -> Any:
        return value_proposition.save_value_proposition(self.db, self.account_id, changed, seen=self.seen)

    def watches(self, change: Any) -> bool:
        return change.entity == "value_proposition" and change.account_id == self.account_id

    def changed_elsewhere(self, changes: list[Any]) -> None:
        super().changed_elsewhere(changes)
        if any(change.entity == "dmu_member" for change in changes):
            self.show_wins()  # the cursor stays on its person

    def compose_context(self) -> ComposeResult:
        yield Static(id="wins-title", classes="section")
        yield TablePane(WIN_COLUMNS, table_id="wins", empty="No one in the DMU yet: add people in step h.",
                        id="wins-pane")

    def on_mount(self) -> None:
        self.show_wins()
        self.show_wins_title()

    def show_parts(self) -> None:
        """The wins' heading says how to edit one from where the keyboard is (Enter works once it is on them)."""
        super().show_parts()
        self.show_wins_title()

    def show_wins_title(self) -> None:
        if not self.is_mounted:
            return
        here = self.query_one("#wins-pane", TablePane).has_focus_within
        # Enter is the table's own key (a row chosen), not a remappable binding.
        how = "Enter to edit" if here else "click a person, then Enter to edit"
        self.query_one("#wins-title", Static).update(f"Personal win of each DMU member ({how})")

    def show_wins(self, keep: int | None = None) -> None:
        wins = value_proposition.personal_wins(self.db, self.account_id)
        rows = [(win.member_id, (win.name, win.title or "—", win.personal_win or "— not known yet")) for win in wins]
        self.query_one("#wins-pane", TablePane).show(rows, keep=CURRENT if keep is None else keep)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Edit the personal win of the person on the selected row."""
        if event.data_table.id != "wins" or event.row_key.value is None:
            return
        event.stop()
        member_id = int(event.row_key.value)
        member = dmu.get_member(self.db, member_id)
        fields = (FieldDef("personal_win", f"Personal win for {member.name}", "text",
                           hint="What this person gains personally if we succeed."),)

        def done(result: object) -> None:
            if result is not None:
                self.show_wins(keep=member_id)
                self.saved()

        self.app.push_screen(
            RecordFormScreen(f"Personal win — {member.name}", fields, {"personal_win": member.personal_win},
                             lambda values, seen: dmu.update_member(self.db, member_id, values, seen=seen),
                             seen=Seen.of(member, ["personal_win"]), watched=("dmu_member", member_id),
                             reload=lambda: _win_now(self.db, member_id)),
            callback=done,
        )
