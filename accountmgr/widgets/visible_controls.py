"""A line filter for the whole app: no control character from stored text ever reaches the terminal."""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter
from textual.strip import Strip

from accountmgr.services.safe_text import has_controls, printable


class VisibleControls(LineFilter):
    """The last line of defence: any control character still in a rendered line is shown as a visible mark.

    Screens hand stored text to widgets through the helpers above; this catches what reaches a line another
    way. Control characters take no cell on screen, so the marks would widen the line: it is cropped back to
    its width (the marks replace trailing padding, or the end of the text).
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """Replace control characters in the line's text; lines without any (nearly all) are returned as they are."""
        if not any(has_controls(segment.text) for segment in segments if segment.text):
            return segments
        width = Segment.get_line_length(segments)
        shown = [
            Segment(printable(segment.text, single_line=True), segment.style, segment.control)
            if segment.text and not segment.control and has_controls(segment.text) else segment
            for segment in segments
        ]
        return list(Strip(shown).crop(0, width))
