"""What the terminal shows, as text, for tests that read the screen as a user would."""

from __future__ import annotations

import html
import re

from rich.cells import cell_len


def screen_text(app) -> str:  # noqa: ANN001
    """What the terminal shows, line by line, read from the app's SVG screenshot (which draws blank runs as
    background only: each run of text is put back at its column)."""
    svg = app.export_screenshot()
    runs = [(float(x), int(row), float(length), html.unescape(body).replace("\xa0", " ").replace("\n", ""))
            for x, length, row, body in re.findall(
                r'<text[^>]*\bx="([\d.]+)"[^>]*\btextLength="([\d.]+)"[^>]*clip-path="url\(#[\w-]*?line-(\d+)\)"'
                r'[^>]*>([^<]*)</text>', svg)]
    cell = next(length / cell_len(text) for _, _, length, text in runs if cell_len(text))
    lines: dict[int, dict[int, str]] = {}
    for x, row, _, text in runs:
        lines.setdefault(row, {})[round(x / cell)] = text
    shown = []
    for row in range(max(lines, default=-1) + 1):
        line = ""
        for column, text in sorted(lines.get(row, {}).items()):
            line = line.ljust(column) + text
        shown.append(line)
    return "\n".join(shown)
