"""The method's four questions for one account on one page, each pointing at the steps that feed it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from accountmgr.keys import key_of
from accountmgr.services import accounts, four_questions
from accountmgr.services.watch import about
from accountmgr.widgets.plain import line
from accountmgr.widgets.bindings import bind
from accountmgr.widgets.typed_app import database_of


def answer_text(answer: four_questions.Answer) -> Text:
    text = Text(f"{answer.number}. {answer.question}\n", style="bold")
    for line in answer.lines:
        text.append(f"   {line}\n")
    if not answer.lines:
        text.append("   Nothing to answer with yet.\n", style="dim")
    steps = ", ".join(step.value for step in answer.steps)
    text.append(f"   Fed by steps {steps}", style="dim")
    if answer.missing:
        text.append("\n   Missing: ", style="bold yellow")
        text.append("; ".join(answer.missing) + ".", style="yellow")
    else:
        text.append("\n   ✔ Answered from the data.", style="green")
    text.append(f"\n   Press {key_of(f'pick-{answer.number}')} to open step {_target(answer)}.", style="dim")
    return text


def _target(answer: four_questions.Answer) -> str:
    """The step to open for an answer: the first one a missing item names, else the first that feeds it."""
    for item in answer.missing:
        if "(step " in item:
            return item.rsplit("(step ", 1)[1][0]
    return answer.steps[0].value


class FourQuestionsScreen(Screen[str | None]):
    """Dismisses with the letter of the step to open, or None."""

    HELP_TITLE = "The four questions of an account"

    BINDINGS = [
        *[bind(f"pick-{n}", f"open({n})", f"Step for question {n}", show=n == 1) for n in range(1, 5)],
        bind("back", "close", "Back"),
    ]

    DEFAULT_CSS = """
    FourQuestionsScreen #answers { padding: 0 2; }
    FourQuestionsScreen .answer { margin-top: 1; padding: 0 1; border-left: thick $primary; }
    """

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.answers: list[four_questions.Answer] = []

    def compose(self) -> ComposeResult:
        db = database_of(self)
        self.answers = four_questions.four_questions(db, self.account_id)
        yield Header()
        with VerticalScroll(id="answers"):
            for answer in self.answers:
                yield Static(answer_text(answer), classes="answer", id=f"answer-{answer.number}")
        yield Footer()

    def on_mount(self) -> None:
        account = accounts.get_account(database_of(self), self.account_id)
        self.title = line(f"{account.name}: the four questions")

    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Another window or command changed this account: answer again in place (the scroll stays)."""
        if not about(changes, self.account_id):
            return
        self.answers = four_questions.four_questions(database_of(self), self.account_id)
        for answer in self.answers:
            self.query_one(f"#answer-{answer.number}", Static).update(answer_text(answer))
        self.on_mount()  # the title: the account may have been renamed

    def action_open(self, number: int) -> None:
        """Go to the step that feeds this answer (where something is missing first)."""
        self.dismiss(_target(self.answers[number - 1]))

    def action_close(self) -> None:
        """Back to the workspace."""
        self.dismiss(None)

    def guide_topic(self) -> str:
        """The method guide opens at the four questions from here."""
        return "questions"
