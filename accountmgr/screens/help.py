"""Every key of every screen, read from the screens' own BINDINGS (see help_registry): where you are first."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from accountmgr import keys
from accountmgr.screens.help_registry import HELP_SCREENS
from accountmgr.widgets.plain import cell
from accountmgr.widgets.bindings import bind


def screen_title(cls: type) -> str:
    """A screen's name for people: its HELP_TITLE, else its docstring's first line."""
    title = getattr(cls, "HELP_TITLE", None)
    if title:
        return str(title)
    doc = (cls.__doc__ or cls.__name__).strip().splitlines()[0]
    return doc.rstrip(".")


def help_text(cls: type) -> str:
    """A class's ``HELP_TEXT``, naming the keys the user has now (a keymap's, not the defaults)."""
    return keys.spell(str(getattr(cls, "HELP_TEXT", "") or ""))


def key_rows(app, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:  # noqa: ANN001
    """(keys, description) for each described binding; keys bound to the same action share a row."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        if not binding.description:
            continue
        # The vocabulary's key as the user's keymap made it (a class's BINDINGS keep the default).
        shown = keys.display(keys.keys_of(binding.id)) if binding.id in keys.BY_ID else app.get_key_display(binding)
        rows.setdefault((binding.action, binding.description), []).append(shown)
    return [(" / ".join(dict.fromkeys(names)), description) for (_, description), names in rows.items()]


def context_classes(screen) -> list[type]:  # noqa: ANN001
    """The classes whose keys work where the user is: the focused part and its containers, then the screen's open
    pane and its parts (the account workspace), nearest first."""
    nodes = []
    focused = screen.focused
    if focused is not None:
        nodes = [focused, *focused.ancestors_with_self[1:]]
    nodes.append(screen)
    pane = getattr(screen, "pane", None)
    if pane is not None:
        nodes += [pane, *pane.query("*")]
    classes: list[type] = []
    for node in nodes:
        cls = type(node)
        if cls.__module__.startswith("accountmgr.") and "BINDINGS" in vars(cls) and cls not in classes:
            classes.append(cls)
    return classes


def vocabulary_rows() -> list[tuple[str, list[tuple[str, str]], str]]:
    """The whole key vocabulary by group, with the names a keymap file uses."""
    return [(f"Key vocabulary: {group}", [(keys.display(keys.keys_of(spec.id)), f"{spec.description}  ({spec.id})")
                                          for spec in specs], "")
            for group, specs in keys.by_group()]


def help_sections(app, context: list[type] | None = None) -> list[tuple[str, list[tuple[str, str]], str]]:  # noqa: ANN001
    """(title, key rows, extra text): the *context* classes first (where the user is), then the app's keys, every
    other registered screen, and the whole vocabulary."""
    sections = []
    for cls in context or []:
        rows = key_rows(app, vars(cls)["BINDINGS"])
        if rows:
            sections.append((f"Here: {screen_title(cls)}", rows, help_text(cls)))
    shown = set(context or [])
    sections.append(("Everywhere", key_rows(app, type(app).BINDINGS), ""))
    for cls in HELP_SCREENS:
        if cls in shown:
            continue
        sections.append((screen_title(cls), key_rows(app, cls.BINDINGS), help_text(cls)))
    return sections + vocabulary_rows()


class HelpScreen(ModalScreen[None]):
    """Keys of every screen, those of where the user is first."""

    BINDINGS = [bind("back", "app.pop_screen", "Close help"), bind("help", "app.pop_screen", "Close help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: 90%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    HelpScreen .help-title { text-style: bold; color: $accent; margin-top: 1; }
    HelpScreen .help-text { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(self, context: list[type] | None = None) -> None:
        super().__init__()
        self.context = context or []
        """The classes whose keys work where help was asked for, nearest first."""

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = f"Help — {keys.key_of('back')} closes"
            yield Static(f"Where you are first, then every screen and the whole key vocabulary. The footer shows "
                         f"the main keys; {keys.key_of('palette')} finds any action by name. A keymap.toml beside "
                         "your config.toml changes keys (binding id = \"key\").")
            for title, rows, text in help_sections(self.app, self.context):
                yield Static(title, classes="help-title")
                table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=False)
                table.add_column(style="bold", no_wrap=True, min_width=12)
                table.add_column()
                for names, description in rows:
                    table.add_row(cell(names), cell(description))
                yield Static(table)
                if text:
                    yield Static(Text(text), classes="help-text")
