"""A one-line filter box that types without laying out the screen again at every key."""

from __future__ import annotations

from textual.widgets import Input


class FilterInput(Input):
    """An Input whose scrollable width never falls below its own width.

    A stock Input's scrollable width follows its text, so each keystroke changes it
    and Textual lays out the whole screen again (about 20 ms at 120×36 — more than
    filtering 10,000 accounts). Held at the box's width, it changes only when the
    text is longer than the box.
    """

    @property
    def content_width(self) -> int:
        return max(super().content_width, self.content_size.width)
