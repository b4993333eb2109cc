"""Checkboxes, lists of them and radio buttons whose state reads without colour: [x] / [ ] and (•) / ( ).

Textual draws a ticked and an unticked box with the same ▐X▌, told apart only by colour: unreadable on a
projector or for a colour-blind user. These keep Textual's widgets, keys and messages and change only the
glyph. Every checkbox of the app comes from here (tests/test_wording.py checks the imports).
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual import widgets
from textual.content import Content
from textual.strip import Strip
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "[x]"
UNTICKED = "[ ]"
CHOSEN = "(•)"
NOT_CHOSEN = "( )"

SelectionType = TypeVar("SelectionType")

_GLYPH_CSS = """
{cls} > .toggle--button, {cls}.-on > .toggle--button {{
    background: transparent; color: $foreground; text-style: bold;
}}
{cls}.-on > .toggle--button {{ color: $text-success; }}
"""


def _glyph_content(widget: widgets.Checkbox | widgets.RadioButton, glyph: str) -> Content:
    """The glyph, then the label, styled as Textual styles its own toggle buttons."""
    button = Content.styled(glyph, widget.get_visual_style("toggle--button"))
    label = widget.label.pad(1, 1).stylize_before(widget.get_visual_style("toggle--label"))
    return Content.assemble(button, label)


class Checkbox(widgets.Checkbox):
    """A checkbox showing [x] when ticked and [ ] when not (the glyph always before the label)."""

    DEFAULT_CSS = _GLYPH_CSS.format(cls="Checkbox")

    def render(self) -> Content:
        return _glyph_content(self, TICKED if self.value else UNTICKED)


class RadioButton(widgets.RadioButton):
    """A radio button showing (•) when chosen and ( ) when not."""

    DEFAULT_CSS = _GLYPH_CSS.format(cls="RadioButton")

    def render(self) -> Content:
        return _glyph_content(self, CHOSEN if self.value else NOT_CHOSEN)


class SelectionList(widgets.SelectionList[SelectionType]):
    """A list of options to tick, each with [x] or [ ] before it."""

    DEFAULT_CSS = """
    SelectionList > .selection-list--button,
    SelectionList > .selection-list--button-highlighted { background: transparent; color: $foreground; }
    SelectionList > .selection-list--button-selected,
    SelectionList > .selection-list--button-selected-highlighted {
        background: transparent; color: $text-success; text-style: bold;
    }
    """

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        try:
            option = self.get_option_at_index(int(self.scroll_offset.y) + y)
        except OptionDoesNotExist:
            return line
        if len(segments) < 3:
            return line
        # Textual's three cells ▐X▌ become [x] or [ ], in the button's style (which carries the click target).
        glyph = TICKED if option.value in self.selected else UNTICKED
        inner = segments[1]
        return Strip([Segment(glyph, inner.style), *segments[3:]], line.cell_length)
