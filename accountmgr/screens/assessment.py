"""The level assessment form: tick the evidenced criteria, read the suggested level and why, confirm or override."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from accountmgr.keys import key_of
from accountmgr.models import RelationshipLevel
from accountmgr.models.method import ALL_CRITERIA, ASPECTS, LEVEL_MEANING
from accountmgr.services import accounts, assessments, clock
from accountmgr.services.errors import DomainError
from accountmgr.widgets.checkboxes import Checkbox
from accountmgr.widgets.level_badge import level_badge
from accountmgr.widgets.plain import plain
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of


SHORT_ASPECTS = {"objectives": "Objectives", "values": "Values", "focus": "Focus",
                 "interlocutors": "Interlocutors", "bond": "Bond"}
"""Short aspect names, so more of each criterion fits on its line."""


def level_choices() -> list[tuple[str, str]]:
    """Each level with what it means, so the meaning is read where the level is chosen."""
    return [
        (f"{level.numeral} {level.label} — {LEVEL_MEANING[level][0]}", level.value) for level in RelationshipLevel
    ]


class AssessmentScreen(ModalScreen[Any]):
    """Assess one account's relationship; dismisses with the saved assessment, or None on Esc."""

    HELP_TITLE = "Relationship assessment (step d)"
    HELP_TEXT = (
        "Tick the level criteria you can evidence. The suggested level is the highest one such that every level "
        "from Buyer up to it has at least 3 of its 5 aspects evidenced (Prospect is where every relationship "
        "starts). Choosing another level is an override and needs a note saying why; both levels are kept."
    )

    BINDINGS = [
        bind("save", "save", "Save assessment"),
        bind("back", "cancel", "Cancel"),
        bind("suggested", "use_suggestion", "Use suggested level"),
    ]

    DEFAULT_CSS = """
    AssessmentScreen { align: center middle; }
    AssessmentScreen #assessment { width: 100%; height: 100%; border: thick $primary; background: $surface; }
    AssessmentScreen #title { text-style: bold; padding: 0 1; background: $boost; width: 100%; }
    AssessmentScreen #criteria { width: 3fr; padding: 0 1; }
    AssessmentScreen #decision { width: 2fr; padding: 0 1; border-left: solid $primary-darken-2; }
    AssessmentScreen .level-heading { margin-top: 1; }
    AssessmentScreen Checkbox { width: 100%; height: auto; border: none; padding: 0; }
    AssessmentScreen #suggestion { margin-bottom: 1; }
    AssessmentScreen .field-label { text-style: bold; margin-top: 1; }
    AssessmentScreen #note { height: 4; }
    AssessmentScreen #error { color: $error; text-style: bold; }
    AssessmentScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    AssessmentScreen #buttons Button { margin-left: 1; }
    """

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.follow_suggestion = True
        """The chosen level follows the suggestion until the user picks another one."""

    def compose(self) -> ComposeResult:
        db = database_of(self)
        account = accounts.get_account(db, self.account_id)
        latest = assessments.latest_assessment(db, self.account_id)
        ticked = set(latest.evidence) if latest else set()
        with Vertical(id="assessment"):
            yield Static(
                f"Assess the relationship with {account.name} — now {account.current_level.label}. "
                "Tick what you can evidence today (space toggles).", id="title",
            )
            with Horizontal():
                with VerticalScroll(id="criteria", can_focus=False):
                    for level in RelationshipLevel:
                        heading = Text.assemble(level_badge(level), (f" {LEVEL_MEANING[level][0]}", "italic"))
                        yield Static(heading, classes="level-heading")
                        for criterion in (c for c in ALL_CRITERIA if c.level is level):
                            yield Checkbox(
                                f"{SHORT_ASPECTS[criterion.aspect]}: {criterion.text}",
                                value=criterion.code in ticked, id=f"c-{criterion.level.value}-{criterion.aspect}",
                            )
                with VerticalScroll(id="decision", can_focus=False):
                    yield Static(id="suggestion")
                    yield Label("Level reached", classes="field-label")
                    yield Select(level_choices(), id="level", allow_blank=False)
                    yield Label("Date", classes="field-label")
                    yield Input(clock.today().isoformat(), id="assessed_on")
                    yield Label("Note (needed when you override the suggestion)", classes="field-label")
                    yield TextArea(id="note", soft_wrap=True, tab_behavior="focus")
                    yield Static("", id="error")
                    with Horizontal(id="buttons"):
                        yield Button(f"Cancel ({key_of('back')})", id="cancel")
                        yield Button(f"Save ({key_of('save')})", id="save", variant="primary")
            yield Footer()

    def on_mount(self) -> None:
        self.show_suggestion()
        self.query_one(Checkbox).focus()
        # Keep the first level's heading in view above the focused first criterion.
        self.call_after_refresh(self.query_one("#criteria", VerticalScroll).scroll_home, animate=False)

    def evidence(self) -> list[str]:
        """The codes of the ticked criteria."""
        return [
            c.code for c in ALL_CRITERIA
            if self.query_one(f"#c-{c.level.value}-{c.aspect}", Checkbox).value
        ]

    def show_suggestion(self) -> None:
        """Recompute the suggestion from the ticks and show the counts, the reasoning and what is missing."""
        suggestion = assessments.suggest_level(self.evidence())
        text = Text("Suggested level: ", style="bold")
        text.append_text(level_badge(suggestion.level))
        text.append("\n")
        for level in RelationshipLevel:
            count = suggestion.counts[level]
            bar = "■" * count + "□" * (5 - count)
            style = "green" if count >= assessments.QUALIFYING_COUNT else "dim"
            text.append(f"\n{level.label:<9} {bar} {count}/5", style=style)
        text.append("\n\n")
        text.append("\n".join(suggestion.reasoning))
        if suggestion.next_level is not None:
            text.append(
                f"\n\nFor {suggestion.next_level.label}, {suggestion.needed} more of: ", style="bold"
            )
            text.append("; ".join(ASPECTS[c.aspect].lower() for c in suggestion.missing) + ".")
        self.query_one("#suggestion", Static).update(text)
        if self.follow_suggestion:
            select = self.query_one("#level", Select)
            with select.prevent(Select.Changed):
                select.value = suggestion.level.value

    @on(Checkbox.Changed)
    def ticked(self) -> None:
        """Every tick updates the suggestion at once."""
        self.show_suggestion()

    @on(Select.Changed, "#level")
    def level_chosen(self, event: Select.Changed) -> None:
        """Once the user picks a level themselves it stops following the suggestion."""
        suggested = assessments.suggest_level(self.evidence()).level.value
        self.follow_suggestion = event.value == suggested

    def action_use_suggestion(self) -> None:
        """Set the level back to the suggested one."""
        self.follow_suggestion = True
        self.show_suggestion()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons do what their keys do."""
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Record the assessment; a refusal is shown and the cursor goes to the field at fault."""
        level = self.query_one("#level", Select).value
        try:
            row = assessments.record_assessment(
                database_of(self), self.account_id, self.evidence(), str(level),
                self.query_one("#note", TextArea).text, self.query_one("#assessed_on", Input).value,
            )
        except DomainError as error:
            self.query_one("#error", Static).update(plain(error.message, newlines=True))
            target = {"note": "#note", "assessed_on": "#assessed_on", "level": "#level"}.get(error.field or "")
            if target:
                self.query_one(target).focus()
            return
        self.dismiss(row)

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)

    def guide_topic(self) -> str:
        """The method guide opens at the relationship scale from here."""
        return "levels"
