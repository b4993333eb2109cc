"""The account workspace: the steps a–l down the side with their completion, and one editor pane per step.

One key vocabulary for the whole app (accountmgr/keys.py): g then a–l opens a step, n the next missing one, r review
mode, q the four questions; inside a pane its keys (a add, e edit, d delete…) mean what they mean everywhere. Opening a
step puts the keyboard in its pane, where the keys its hints name live, so they work at once. Esc goes one level back
(pane → step list → portfolio), F6 jumps to the step list from anywhere, and ctrl+p finds every step and every action
of the open pane by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import AwaitMount, Widget
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from accountmgr.keys import key_of, ref
from accountmgr.models import Step
from accountmgr.screens.confirm import ConfirmScreen
from accountmgr.screens.go_to_step import GoToStepScreen
from accountmgr.screens.palette import PaletteEntry
from accountmgr.screens.steps.base import StepPane, declares_keys, numbered_parts
from accountmgr.screens.steps.record_table import RecordTable
from accountmgr.screens.steps.registry import PANES
from accountmgr.services import accounts, completion
from accountmgr.services.errors import NotFound
from accountmgr.widgets.account_pane import AccountPane
from accountmgr.services.completion import Completion, StepState
from accountmgr.services.watch import about
from accountmgr.widgets.level_badge import LEVEL_COLOURS, level_badge
from accountmgr.widgets.plain import line, plain
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import app_of, database_of

if TYPE_CHECKING:
    from accountmgr.db import Database

MARK_STYLE = {Completion.DONE: "bold green", Completion.PARTIAL: "bold yellow", Completion.MISSING: "bold red"}
"""Colour of each completion mark; the symbol (✔ ◐ ✖) says the same without colour."""


SHORT_LABELS: dict[Step, str] = {
    Step.A: "Understanding",
    Step.B: "Categorisation",
    Step.C: "Competitors",
    Step.D: "Relationship",
    Step.E: "Economics",
    Step.F: "Segmentation",
    Step.G: "Strategy",
    Step.H: "DMU",
    Step.I: "Proposition",
    Step.J: "Comm. plan",
    Step.K: "Delivery",
    Step.L: "Monitoring",
}
"""Step names for the compact step list of narrow terminals."""

COMPACT_BELOW = 100
"""Terminals narrower than this get the compact step list, so the panes keep their room."""



def step_prompt(state: StepState, *, compact: bool = False) -> Text:
    text = Text(f"{state.state.symbol} ", style=MARK_STYLE[state.state])
    text.append(f"{state.step.value} {SHORT_LABELS[state.step]}" if compact else f"{state.step.value}  {state.step.label}")
    return text


def command_nodes(root: Widget) -> list[Widget]:
    """The pane and its parts that have keys of their own (ours, not Textual's inputs and tables), in screen order."""
    nodes = [root, *root.query("*")]
    return [node for node in nodes if type(node).__module__.startswith("accountmgr.") and type(node).BINDINGS]


def keys_home(pane: Widget) -> Widget | None:
    """Where the keyboard goes when *pane* is shown, so that every key its hints and footer name works at once.

    Inside the pane's first part with keys of its own (a step table, the DMU, the plan, the programmes…), whose
    focus chain also holds the pane's own keys; a pane of fields only takes the keyboard itself (its keys work,
    and a letter typed by habit edits no field).
    """
    for node in pane.query("*"):
        if node.display and declares_keys(node):
            target = next((w for w in (node, *node.query("*")) if w.focusable), None)
            if target is not None:
                return target
    return pane if pane.focusable else None


def command_subject(node: Widget) -> str:
    """What a part's actions act on, for palette titles (a step table names its records)."""
    spec = getattr(node, "spec", None)
    return str(getattr(spec, "what", "") or "")


class StepList(OptionList):
    """The steps a–l with their marks; Tab (or Enter) goes into the open pane."""

    HELP_TITLE = "Account workspace: the step list"

    BINDINGS = [
        # The workspace's own keys, shown in the footer while the step list has the keyboard (the screen has the
        # same keys, hidden, so that they work from a pane too).
        bind("go-to", "screen.go_to", "Go to step"),
        bind("next-missing", "screen.next_missing", "Next missing"),
        bind("review", "screen.review", "Review", tooltip="Review mode: this account's plan, read-only"),
        bind("four-questions", "screen.four_questions", "Four questions"),
        bind("tab", "screen.enter_pane", "Into the pane", show=False),
    ]


class WorkspaceScreen(Screen[None]):
    """One account stepped through the method."""

    HELP_TITLE = "Account workspace: steps a–l"

    BINDINGS = [
        # No pane uses these keys (one vocabulary), so they work wherever the keyboard is in the workspace.
        bind("go-to", "go_to", "Go to step", show=False),
        bind("next-missing", "next_missing", "Next missing", show=False),
        bind("next", "move(1)", "Next step", show=False),
        bind("previous", "move(-1)", "Previous step", show=False),
        bind("review", "review", "Review", show=False, tooltip="Review mode: this account's plan, read-only"),
        bind("four-questions", "four_questions", "Four questions", show=False),
        bind("step-list", "focus_steps", "Step list", priority=True, show=False),
        bind("back", "back", "Back", show=False),
        bind("open", "into_fields", "Into the first field", show=False),
        # A pane of several tables (steps e, g, l): a number puts the keyboard in that table, as its heading says.
        *[bind(f"pick-{number}", f"work_in({number})", f"Work in part {number} of the pane", show=False,
               tooltip="The number its heading names: the keyboard goes to that table or part")
          for number in range(1, 6)],
    ]

    HELP_TEXT = (
        "Each step is marked ✔ done, ◐ partial or ✖ missing; the line under the list says what is missing. "
        f"{ref('go-to')} then a letter a–l opens a step, {ref('next-missing')} the next one not done, "
        f"{ref('previous')} and {ref('next')} the previous and next, {ref('review')} review mode, "
        f"{ref('four-questions')} the four questions; {ref('open')} or {ref('tab')} goes into the pane. "
        "Opening a step puts the keyboard in its pane, so its keys work at once (the footer shows them) and "
        f"{ref('save')} saves a step's fields. In a step of several tables (e, g, l) the keyboard is in one table at a "
        f"time: its heading names its keys, the others the number ({ref('pick-1')}, {ref('pick-2')}…) that moves it there. "
        f"{ref('back')} goes one level back: from a pane to the step list, from the step list to the portfolio; "
        f"{ref('step-list')} jumps to the step list from anywhere. {ref('palette')} finds any step and any action of "
        "the open pane by name. "
        "Leaving a pane with unsaved edits asks first."
    )

    DEFAULT_CSS = """
    WorkspaceScreen #side { width: 36; border-right: solid $primary-darken-2; }
    WorkspaceScreen.-compact #side { width: 21; }
    WorkspaceScreen #account-head { padding: 0 1; height: auto; }
    WorkspaceScreen #steps { height: auto; max-height: 16; border: none; }
    WorkspaceScreen #step-reason { padding: 0 1; color: $text-muted; height: auto; }
    WorkspaceScreen #pane-host { width: 1fr; }
    """

    def __init__(self, account_id: int, step: str | None = None, select: int | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        """The account being worked."""
        self.initial_step = next((s for s in Step if s.value == (step or "").strip().lower()), None)
        """The step asked for (a–l); anything else opens at the next missing step."""
        self.current: Step | None = None
        """The step whose pane is shown."""
        self.states: dict[Step, StepState] = {}
        """Completion of every step as last computed."""
        self.initial_select = select
        """The record to select in the first pane (e.g. a planned action at step j); focus goes to it."""
        self.compact = False
        """Whether the step list is in its narrow form (short names)."""
        self.open_pane: StepPane | None = None
        """The pane shown, set as soon as it is mounted."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="side"):
                yield Static(id="account-head")
                yield StepList(*[Option(step.label, id=step.value) for step in Step], id="steps")
                yield Static(id="step-reason")
            yield Vertical(id="pane-host")
        yield Footer()

    @property
    def db(self) -> Database:
        return database_of(self)

    def on_mount(self) -> None:
        self.set_compact(self.app.size.width < COMPACT_BELOW)
        self.refresh_marks()
        start = self.initial_step or completion.next_missing_step(self.states) or Step.A
        self.show_step(start, focus_pane=self.initial_select is not None)
        if self.initial_select is not None:
            self.call_after_refresh(self.select_record, self.initial_select)

    def on_resize(self, event: events.Resize) -> None:
        """Narrow terminals get the compact step list."""
        if self.set_compact(event.size.width < COMPACT_BELOW) and self.states:
            self.refresh_marks()

    def set_compact(self, compact: bool) -> bool:
        """Switch the step list's form; True when it changed."""
        if compact == self.compact:
            return False
        self.compact = compact
        self.set_class(compact, "-compact")
        self.query_one(Footer).compact = compact  # the step list's keys fit in 80 columns
        return True

    def select_record(self, record_id: int) -> None:
        """Select a record in the open pane (its ``select_record``), with the keyboard on it."""
        pane = self.pane
        select = getattr(pane, "select_record", None)
        if callable(select):
            select(record_id)

    def on_screen_resume(self) -> None:
        """Back from a form or another screen: what it saved may have changed the marks."""
        if self.current is not None:
            self.refresh_marks()

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed this account: redraw the heading, the marks and the open pane
        (a pane with edits in progress keeps them and says its save will be checked)."""
        mine = about(changes, self.account_id)
        if not mine:
            return
        try:
            self.refresh_marks()
        except NotFound:
            self.notify("This account was removed in another window.", severity="warning")
            return
        pane = self.pane
        if pane is None or not pane.is_mounted:
            return
        handler = getattr(pane, "changed_elsewhere", None)
        if callable(handler):
            handler(mine)
            return
        for view in (pane, *pane.query("*")):
            if isinstance(view, (RecordTable, AccountPane)):
                chosen = view.selected if isinstance(view, RecordTable) else None
                view.reload(keep=chosen.id if chosen is not None else None)
            elif callable(redraw := getattr(view, "refresh_view", None)):
                redraw()

    def refresh_marks(self) -> None:
        """Recompute every step's completion and redraw the list and the heading."""
        self.states = completion.step_status(self.db, self.account_id)
        steps = self.query_one("#steps", OptionList)
        for index, step in enumerate(Step):
            steps.replace_option_prompt_at_index(index, step_prompt(self.states[step], compact=self.compact))
        account = accounts.get_account(self.db, self.account_id)
        self.title = line(account.name)
        self.sub_title = "account workspace"
        done, total = completion.progress(self.states)
        if self.compact:
            # The name is in the header already; the badges shrink to their numerals.
            head = Text()
            for index, level in enumerate((account.current_level, account.target_level)):
                if index:
                    head.append(" → ")
                head.append(f" {level.numeral} " if level else "none", style=LEVEL_COLOURS[level] if level else "")
            head.append(f"\n{done} of {total} done")
        else:
            head = Text(line(account.name) + "\n", style="bold")
            head.append_text(level_badge(account.current_level))
            head.append(" → ")
            head.append_text(level_badge(account.target_level) if account.target_level else Text("no target"))
            head.append(f"\n{done} of {total} steps done")
        self.query_one("#account-head", Static).update(head)
        self.show_reason()

    def show_reason(self, step: Step | None = None) -> None:
        step = step or self.current
        if step is None or step not in self.states:
            return
        state = self.states[step]
        reason = "Done." if state.done else state.reason
        self.query_one("#step-reason", Static).update(plain(f"{step.value}. {reason}", newlines=True))

    @property
    def pane(self) -> StepPane | None:
        """The pane of the current step (even while it is still mounting)."""
        return self.open_pane

    def show_step(self, step: Step, *, focus_pane: bool = False) -> AwaitMount:
        """Replace the pane by *step*'s (no question asked: callers check for unsaved edits); await to have it mounted."""
        host = self.query_one("#pane-host", Vertical)
        host.remove_children()
        pane = PANES[step](self.account_id, id=f"pane-{step.value}")
        mounting = host.mount(pane)
        self.open_pane = pane
        self.current = step
        steps = self.query_one("#steps", OptionList)
        steps.highlighted = list(Step).index(step)
        self.show_reason(step)
        # The keyboard follows the step into its pane (its first editor after Enter or a click), so that the keys
        # the pane shows work without a Tab; until the pane is mounted the step list keeps it.
        steps.focus()
        self.call_later(self._focus_when_mounted, pane, mounting, focus_pane)
        return mounting

    async def _focus_when_mounted(self, pane: StepPane, mounting: AwaitMount, into_first_field: bool) -> None:
        """Once *pane* and its parts are mounted (and still shown), give it the keyboard."""
        await mounting
        if self.open_pane is pane and pane.is_mounted:
            pane.focus_first() if into_first_field else self.focus_pane_keys()

    def focus_pane_keys(self) -> None:
        """Give the keyboard to the open pane's keys (see ``keys_home``); the step list keeps it if there are none."""
        pane = self.pane
        if pane is None or not pane.is_mounted:
            return
        target = keys_home(pane)
        if target is not None:
            # Without scrolling: the pane opens at its top (title, fields), as before it had the keyboard.
            target.focus(scroll_visible=False)

    def go_to(self, step: Step, *, focus_pane: bool = False) -> AwaitMount | None:
        """Open *step*, asking first if the current pane holds unsaved edits; await the result to have it mounted."""
        pane = self.pane
        if step == self.current and pane is not None:
            # After a refresh: a pane opened a moment ago (a letter, then Enter at once) may still be mounting.
            self.call_after_refresh(pane.focus_first if focus_pane else self.focus_pane_keys)
            return None
        if pane is None or not pane.has_unsaved():
            return self.show_step(step, focus_pane=focus_pane)

        def answer(discard: bool | None) -> None:
            if discard:
                self.show_step(step, focus_pane=focus_pane)
            else:
                pane.focus_first()

        self.app.push_screen(
            ConfirmScreen(f"Step {self.current.value if self.current else ''} has unsaved edits. Discard them?",
                          yes="Discard", no="Keep editing"),
            callback=answer,
        )
        return None

    async def open_at(self, step: str, record_id: int | None = None) -> None:
        """Open *step* with the record *record_id* selected (found with ctrl+f in this same account)."""
        target = Step(step)
        if target != self.current:
            mounting = self.go_to(target, focus_pane=True)
            if mounting is None:
                return  # unsaved edits: the question asked decides
            await mounting
        if record_id is not None:
            self.call_after_refresh(self.select_record, record_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a step opens it."""
        if event.option_list.id != "steps":
            return
        event.stop()
        if event.option.id:
            self.go_to(Step(event.option.id), focus_pane=True)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving along the list says what each step is missing."""
        if event.option_list.id == "steps" and event.option.id:
            self.show_reason(Step(event.option.id))

    def on_step_pane_saved(self, event: StepPane.Saved) -> None:
        """A pane wrote something: the marks follow at once."""
        self.refresh_marks()

    def on_account_pane_changed(self) -> None:
        """A mounted pane (DMU, opportunities, plan) wrote something."""
        self.refresh_marks()

    async def action_go(self, step: str) -> None:
        """Open a step by its letter; the next key waits until its pane is there (Enter right after goes into it)."""
        mounting = self.go_to(Step(step))
        if mounting is not None:
            await mounting
            self.focus_pane_keys()

    def action_go_to(self) -> None:
        """Ask for a step's letter, then open that step."""
        def chosen(letter: str | None) -> None:
            if letter:
                self.go_to(Step(letter))

        self.app.push_screen(GoToStepScreen(), callback=chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A number key works only where the open pane has that many numbered parts (else it goes on, unused)."""
        if action == "work_in":
            pane = self.pane
            count = len(numbered_parts(pane)) if pane is not None and pane.is_mounted else 0
            return bool(parameters) and isinstance(parameters[0], int) and parameters[0] <= count
        return True

    def action_work_in(self, number: int) -> None:
        """Put the keyboard in the open pane's *number*-th table or part (its heading names the number)."""
        pane = self.pane
        if pane is not None:
            pane.work_in(number)

    def action_next_missing(self) -> None:
        """Open the next step that is not done yet."""
        self.refresh_marks()
        step = completion.next_missing_step(self.states, after=self.current)
        if step is None:
            self.notify("Every step is done. Review the plan regularly: the cycle never ends.")
            return
        self.go_to(step)

    def action_move(self, delta: int) -> None:
        """Open the previous or next step."""
        order = list(Step)
        index = order.index(self.current) if self.current else 0
        self.go_to(order[(index + delta) % len(order)])

    def action_enter_pane(self) -> None:
        """From the step list into the open pane's first editor (after a refresh, as for Enter)."""
        pane = self.pane
        if pane is not None:
            self.call_after_refresh(pane.focus_first)

    def action_into_fields(self) -> None:
        """Enter on a pane of fields (which has the keyboard itself) goes into its first field."""
        pane = self.pane
        if pane is not None and self.focused is pane:
            pane.focus_first()

    def action_focus_steps(self) -> None:
        """Put the keyboard on the step list."""
        self.query_one("#steps", OptionList).focus()

    def action_four_questions(self) -> None:
        """The four questions answered from this account's data."""
        from accountmgr.screens.four_questions import FourQuestionsScreen

        def chosen(step: str | None) -> None:
            if step:
                self.go_to(Step(step), focus_pane=True)

        self.app.push_screen(FourQuestionsScreen(self.account_id), callback=chosen)

    def action_review(self) -> None:
        """Review mode on this account: its plan read-only, full screen."""
        app_of(self).open_review(self.account_id)

    def palette_commands(self) -> list[PaletteEntry]:
        """The open pane's actions first, then the workspace's: every step by name, next missing, questions, review."""
        entries = self.pane_commands()
        entries += [
            PaletteEntry("Next missing step", f"Open the next step that is not done yet ({key_of('next-missing')})",
                         "next_missing"),
            PaletteEntry("The four questions for this account", "Answers from the data, and what is missing "
                         f"({key_of('four-questions')} on the step list)", "four_questions"),
            PaletteEntry("Review mode: this account", f"The account plan read-only, full screen ({key_of('review')} on the step list)",
                         "review"),
            PaletteEntry("Step list", f"Put the keyboard on the step list ({key_of('step-list')})", "focus_steps"),
        ]
        entries += [
            PaletteEntry(f"Step {step.value}: {step.label}",
                         f"Open step {step.value} of this account ({key_of('go-to')} {step.value})",
                         f"go('{step.value}')")
            for step in Step
        ]
        return entries

    def pane_commands(self) -> list[PaletteEntry]:
        """Every described key of the open pane and its parts, as palette entries run on that part."""
        pane = self.pane
        if pane is None or self.current is None:
            return []
        entries: list[PaletteEntry] = []
        seen: set[str] = set()
        for index, node in enumerate(command_nodes(pane)):
            subject = command_subject(node)
            for binding in Binding.make_bindings(type(node).BINDINGS):
                if not binding.description or binding.key == "escape":
                    continue
                action_name = binding.action.split("(", 1)[0]
                if not hasattr(node, f"action_{action_name}"):
                    continue
                title = f"{binding.description}" + (f" ({subject.lower()})" if subject else "")
                if title in seen or node.check_action(action_name, ()) is False:
                    continue
                seen.add(title)
                entries.append(PaletteEntry(
                    f"Step {self.current.value}: {title}",
                    f"{binding.tooltip or binding.description} (key {self.app.get_key_display(binding)} in the pane)",
                    f"pane_action({index}, {binding.action!r})",
                ))
        return entries

    async def action_pane_action(self, index: int, action: str) -> None:
        """Run an action of the open pane's *index*-th part, as its key would (from the command palette)."""
        pane = self.pane
        if pane is None:
            return
        nodes = command_nodes(pane)
        if index < len(nodes):
            await self.app.run_action(action, nodes[index])

    def guide_topic(self) -> str | None:
        """Where the method guide should open when called from here."""
        return f"step-{self.current.value}" if self.current else None

    def action_back(self) -> None:
        """From a pane, back to the step list; from the list, back to the portfolio (asking if edits are unsaved)."""
        steps = self.query_one("#steps", OptionList)
        if not steps.has_focus:
            steps.focus()
            return
        pane = self.pane
        if pane is None or not pane.has_unsaved():
            self.dismiss_workspace()
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss_workspace()

        self.app.push_screen(
            ConfirmScreen("This step has unsaved edits. Leave and discard them?", yes="Discard", no="Keep editing"),
            callback=answer,
        )

    def dismiss_workspace(self) -> None:
        """Back to the portfolio, which reloads: levels and completion may have changed here."""
        self.app.pop_screen()
        refresh = app_of(self).refresh_portfolio
        if callable(refresh):
            refresh()
