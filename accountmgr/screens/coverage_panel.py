"""The DMU coverage panel (status, why, gaps) and the form that sets the stale-contact limit."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from accountmgr.screens.form_base import FormScreen
from accountmgr.services import settings
from accountmgr.services.coverage import COVERAGE_RULE_HELP, Coverage, Status
from accountmgr.services.safe_text import printable
from accountmgr.widgets.plain import plain
from accountmgr.widgets.typed_app import database_of

STATUS_STYLES: dict[Status, str] = {
    Status.RED: "bold white on dark_red",
    Status.AMBER: "bold black on dark_orange",
    Status.GREEN: "bold white on dark_green",
}
"""The status badge's colours; the word is always written too, for monochrome and colour-blind readers."""

SEVERITY_MARKS: dict[Status, tuple[str, str]] = {
    Status.RED: ("!!", "bold red"),
    Status.AMBER: ("! ", "dark_orange"),
    Status.GREEN: ("  ", ""),
}


def status_badge(status: Status) -> Text:
    return Text(f" ● {status.label.upper()} ", style=STATUS_STYLES[status])


class CoveragePanel(Vertical):
    """DMU coverage: the red/amber/green status, the reasons for it, and the gaps person by person."""

    HELP_TITLE = "DMU coverage"
    HELP_TEXT = COVERAGE_RULE_HELP

    DEFAULT_CSS = """
    CoveragePanel { height: auto; }
    CoveragePanel #coverage-head { height: auto; }
    CoveragePanel #coverage-reasons { color: $text-muted; height: auto; }
    CoveragePanel #gaps { height: auto; max-height: 12; border: none; }
    """

    class GapSelected(Message):
        """Enter on a gap that names a person."""

        def __init__(self, member_id: int) -> None:
            super().__init__()
            self.member_id = member_id

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.coverage: Coverage | None = None
        """What the panel shows."""

    def compose(self) -> ComposeResult:
        yield Static(id="coverage-head")
        yield Static(id="coverage-reasons")
        yield OptionList(id="gaps", compact=True)

    def show(self, coverage: Coverage) -> None:
        """Show a freshly computed coverage."""
        self.coverage = coverage
        head = Text("DMU coverage ")
        head.append_text(status_badge(coverage.status))
        head.append(f"  {len(coverage.gaps)} gap{'s' if len(coverage.gaps) != 1 else ''}"
                    f" · stale after {coverage.stale_days} days", style="dim")
        self.query_one("#coverage-head", Static).update(head)
        self.query_one("#coverage-reasons", Static).update(plain("\n".join(f"• {r}" for r in coverage.reasons), newlines=True))
        gaps = self.query_one("#gaps", OptionList)
        highlighted = gaps.highlighted
        gaps.clear_options()
        for index, gap in enumerate(coverage.gaps):
            mark, style = SEVERITY_MARKS[gap.severity]
            line = Text(mark + " ", style=style)
            name, colon, rest = gap.message.partition(": ")
            if gap.member_name and colon and name == gap.member_name:
                line.append(printable(name, single_line=True), style="bold")
                line.append(printable(f": {rest}", single_line=True))
            else:
                line.append(printable(gap.message, single_line=True), style="bold")
            gaps.add_option(Option(line, id=str(index)))
        if coverage.gaps:
            gaps.highlighted = min(highlighted or 0, len(coverage.gaps) - 1)

    @on(OptionList.OptionSelected, "#gaps")
    def _gap_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.coverage is None or event.option.id is None:
            return
        gap = self.coverage.gaps[int(event.option.id)]
        if gap.member_id is not None:
            self.post_message(self.GapSelected(gap.member_id))
        else:
            self.app.notify(gap.message, title=gap.rule.label)


class StaleLimitScreen(FormScreen[int | None]):
    """Set the stale-contact limit"""

    HELP_TITLE = "Stale-contact limit"
    DEFAULT_CSS = """
    StaleLimitScreen #form-frame { width: 64; }
    StaleLimitScreen .form-row > Label { width: 8; }
    StaleLimitScreen .form-cell > Input { width: 12; }
    """

    def heading(self) -> str:
        return "Stale-contact limit"

    def intro(self) -> str:
        return "A key player counts as not covered after this many days without contact."

    def compose_fields(self) -> ComposeResult:
        days = str(settings.stale_days(database_of(self)))
        yield from self.field_row("stale_days", "Days", Input(days, id="stale_days", type="integer", compact=True))

    def submit(self) -> int | None:
        """Save the limit; a number out of range stays here with its message."""
        text = self.query_one("#stale_days", Input).value
        days = int(text) if text.strip() else 0
        settings.put(database_of(self), "stale_days", days)
        return days
