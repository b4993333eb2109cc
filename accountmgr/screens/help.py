"""Every key of every screen, read from the screens' own BINDINGS (see help_registry)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from accountmgr.screens.help_registry import HELP_SCREENS
from accountmgr.widgets.plain import cell


def screen_title(cls: type) -> str:
    """A screen's name for people: its HELP_TITLE, else its docstring's first line."""
    title = getattr(cls, "HELP_TITLE", None)
    if title:
        return str(title)
    doc = (cls.__doc__ or cls.__name__).strip().splitlines()[0]
    return doc.rstrip(".")


def key_rows(app, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:  # noqa: ANN001
    """(keys, description) for each described binding; keys bound to the same action share a row."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        if not binding.description:
            continue
        rows.setdefault((binding.action, binding.description), []).append(app.get_key_display(binding))
    return [(" / ".join(dict.fromkeys(keys)), description) for (_, description), keys in rows.items()]


def help_sections(app) -> list[tuple[str, list[tuple[str, str]], str]]:  # noqa: ANN001
    """(title, key rows, extra text) for the app and every registered screen."""
    app_rows = key_rows(app, type(app).BINDINGS)
    app_rows.append((app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")), "Command palette: every action by name"))
    sections = [("Everywhere", app_rows, "")]
    for cls in HELP_SCREENS:
        sections.append((screen_title(cls), key_rows(app, cls.BINDINGS), str(getattr(cls, "HELP_TEXT", "") or "")))
    return sections


class HelpScreen(ModalScreen[None]):
    """Keys of every screen."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "app.pop_screen", "Close help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: 90%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    HelpScreen .help-title { text-style: bold; color: $accent; margin-top: 1; }
    HelpScreen .help-text { color: $text-muted; margin-bottom: 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Help — Esc closes"
            yield Static("The footer shows the keys of the screen you are on; ctrl+p finds any action by name.")
            for title, rows, text in help_sections(self.app):
                yield Static(title, classes="help-title")
                table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=False)
                table.add_column(style="bold", no_wrap=True, min_width=12)
                table.add_column()
                for keys, description in rows:
                    table.add_row(cell(keys), cell(description))
                yield Static(table)
                if text:
                    yield Static(Text(text), classes="help-text")
