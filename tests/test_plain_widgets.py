"""The helpers that put stored text on screen: never markup, control characters as marks, widths kept."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Static

from accountmgr.widgets.plain import PlainDataTable, cell, plain
from accountmgr.widgets.visible_controls import VisibleControls


def test_the_line_filter_shows_controls_as_marks_and_keeps_the_line_width() -> None:
    bold = Style(bold=True)
    line = [Segment("Acme\x1b]0;pwned\x07", bold), Segment(" " * 10), Segment("end")]
    shown = VisibleControls().apply(line, Color(0, 0, 0))
    text = "".join(s.text for s in shown)
    assert text.startswith("Acme␛]0;pwned␇") and "\x1b" not in text and "\x07" not in text
    assert Segment.get_line_length(shown) == Segment.get_line_length(line)
    assert shown[0].style == bold
    clean = [Segment("Brennero Foods"), Segment("  ")]
    assert VisibleControls().apply(clean, Color(0, 0, 0)) is clean


def test_cells_and_contents_are_plain_text() -> None:
    assert cell("Rossi [italia] SpA").plain == "Rossi [italia] SpA"
    assert cell("two\nlines\x1b").plain == "two lines␛"
    styled = Text("A\x1b", style="bold")
    assert cell(styled).plain == "A␛" and cell(styled).style == "bold"
    assert cell(42) == 42
    assert plain("[/] notes\nline two", newlines=True).plain == "[/] notes\nline two"


async def test_markup_in_names_neither_crashes_nor_disappears() -> None:
    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(plain("Acme [/] [bold]Tools"), id="static")
            yield PlainDataTable(id="table")

        def on_mount(self) -> None:
            table = self.query_one(PlainDataTable)
            table.add_columns("Name", "Owner")
            table.add_row("Rossi [italia] SpA", "[/]", key="r")
            table.update_cell("r", table.ordered_columns[1].key, "[b]x")

    async with Host().run_test() as pilot:
        await pilot.pause()
        table = pilot.app.query_one(PlainDataTable)
        assert [str(value) for value in table.get_row("r")] == ["Rossi [italia] SpA", "[b]x"]
        assert str(pilot.app.query_one("#static", Static).content) == "Acme [/] [bold]Tools"


async def test_a_notification_quoting_a_hostile_name_is_plain_text(db, monkeypatch) -> None:  # noqa: ANN001
    """Every notification of the app goes out as plain text with control characters made visible."""
    from textual.app import App as TextualApp

    from accountmgr.app import make_app

    sent: list[tuple] = []
    monkeypatch.setattr(TextualApp, "notify", lambda self, message, **options: sent.append((message, options)))
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        app.notify("Archived Acme [/] [bold]Tools\x1b]0;pwned\x07.", title="Done [/]\x1b")
        app.screen.notify("Wrote [i]x", markup=True)
        await pilot.pause()
    assert sent[0] == ("Archived Acme [/] [bold]Tools␛]0;pwned␇.",
                       {"title": "Done [/]␛", "severity": "information", "timeout": None, "markup": False})
    assert sent[1][0] == "Wrote [i]x" and sent[1][1]["markup"] is False
