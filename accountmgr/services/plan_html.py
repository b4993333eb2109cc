"""Plans and the review pack as self-contained HTML: the same Markdown rendered with markdown-it-py, inline CSS
for screen and A4 print, charts as inline SVG, no network and no JavaScript.

The Markdown holds no raw HTML from users (every piece of user text is escaped
on its way in), so raw HTML is allowed through: it is only ours (``<br>`` in
table cells, and the chart markers replaced here by inline SVG).
"""

from __future__ import annotations

import functools
import re
from html import escape

from markdown_it import MarkdownIt

CHART_MARK = "<!--chart:{kind}-->"
_CHART_RE = re.compile(r"<!--chart:([a-z]+)-->")
_H2 = re.compile(r"<h2>(?=([^<]*))")
PAGE_BEFORE = ("a. ", "e. ", "g. ", "h. ", "j. ", "To complete", "Matrices", "Needs attention", "Accounts")
"""Headings that start a new page in print: the plan's main parts and the pack's sections."""

CSS = """
:root { color-scheme: light dark; --fg: #1d2330; --bg: #ffffff; --muted: #5b6270; --rule: #d5d9e0;
  --head: #f1f3f7; --accent: #1f5fbf; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ef; --bg: #16191f; --muted: #a3aab6; --rule: #3a404b; --head: #222731; --accent: #7fb0ff; }
}
html { background: var(--bg); color: var(--fg); }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.8rem; border-bottom: 3px solid var(--accent); padding-bottom: .3rem; }
h2 { font-size: 1.35rem; color: var(--accent); border-bottom: 1px solid var(--rule); margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; vertical-align: top; }
th { background: var(--head); text-align: left; }
blockquote { color: var(--muted); border-left: 3px solid var(--rule); margin: .5rem 0; padding: 0 1rem; }
pre { background: var(--head); padding: .6rem; overflow-x: auto; }
ul ul { margin: 0; }
ul.org { list-style: none; padding-left: 1.2rem; border-left: 1px dotted var(--rule); }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; color: var(--fg); }
a { color: var(--accent); }
em { color: var(--muted); }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --rule: #999; --head: #eee; --accent: #000; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2.page { break-before: page; }
  h2, h3 { break-after: avoid; }
  table, figure, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


_PARSER = _parser()


@functools.lru_cache(maxsize=1 << 15)
def _inline(text: str) -> str:
    return _PARSER.renderInline(text)


@functools.lru_cache(maxsize=1 << 12)
def _block(text: str) -> str:
    return _PARSER.render(text)


_ALIGN = {"---": "", "---:": ' style="text-align:right"', ":---:": ' style="text-align:center"',
          ":---": ' style="text-align:left"'}


def _cells(line: str) -> list[str]:
    """The cells of a table row, split at pipes not escaped by a backslash (as markdown-it splits them)."""
    if "\\" not in line:
        return [cell.strip() for cell in line.strip()[1:-1].split("|")]
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in line.strip()[1:-1]:
        if ch == "|" and not escaped:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
        escaped = ch == "\\" and not escaped
    cells.append("".join(current).strip())
    return cells


def _table(block: str) -> str | None:
    """A table block of ours as markdown-it renders it, its cells rendered one by one (they repeat a lot across
    a portfolio: levels, statuses, dates, "—"); None when the block is not a plain table."""
    lines = block.split("\n")
    if len(lines) < 2 or not lines[1].startswith("|---") and not lines[1].startswith("|:"):
        return None
    aligns = [_ALIGN.get(mark) for mark in lines[1].strip("|").split("|")]
    headers = _cells(lines[0])
    if None in aligns or len(aligns) != len(headers):
        return None
    out = ["<table>\n<thead>\n<tr>\n"]
    out += [f"<th{a}>{_inline(h)}</th>\n" for a, h in zip(aligns, headers)]
    out.append("</tr>\n</thead>\n")
    if len(lines) > 2:
        out.append("<tbody>\n")
        for line in lines[2:]:
            cells = _cells(line)
            if len(cells) != len(headers):
                return None
            out.append("<tr>\n")
            out += [f"<td{a}>{_inline(c)}</td>\n" for a, c in zip(aligns, cells)]
            out.append("</tr>\n")
        out.append("</tbody>\n")
    out.append("</table>\n")
    return "".join(out)


def _list(block: str) -> str | None:
    """A flat bullet list of ours ("- item" lines) as markdown-it renders it; None for anything else."""
    lines = block.split("\n")
    if not all(line.startswith("- ") and len(line) > 2 and line[2] not in " \t" for line in lines):
        return None
    return "<ul>\n" + "".join(f"<li>{_inline(line[2:])}</li>\n" for line in lines) + "</ul>\n"


def render_markdown(markdown: str) -> str:
    """The plan's Markdown as HTML, block by block: our documents are blocks separated by blank lines, and a
    portfolio repeats many of them (headings, labels, table cells), so each distinct piece is rendered once."""
    parts = []
    for block in markdown.split("\n\n"):
        fast = _table(block) if block.startswith("| ") else _list(block) if block.startswith("- ") else None
        parts.append(fast if fast is not None else _block(block))
    return "".join(parts)


def body_html(markdown: str, charts: dict[str, str] | None = None) -> str:
    """The Markdown as HTML; chart markers become inline SVG figures (dropped when the chart is not there)."""
    html = render_markdown(markdown)
    charts = charts or {}

    def figure(match: re.Match[str]) -> str:
        svg = charts.get(match.group(1))
        return f'<figure class="chart">{svg}</figure>' if svg else ""

    html = _CHART_RE.sub(figure, html)
    # In print, the main sections start a page; the others follow on (a page per step wastes half of them).
    return _H2.sub(lambda m: '<h2 class="page">' if m.group(1).startswith(PAGE_BEFORE) else m.group(0), html)


def page(title: str, markdown: str, charts: dict[str, str] | None = None) -> str:
    """A whole HTML document: title, inline style sheet, body."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="accountmgr">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body_html(markdown, charts)}</body>\n</html>\n"
    )
