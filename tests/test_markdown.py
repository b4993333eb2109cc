"""Escaping user text for GitHub-flavoured Markdown and Mermaid, proved by parsing the result."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from accountmgr.services import markdown as md

HOSTILE = [
    "a | b",
    "# heading",
    "*bold* and _it_ and **strong**",
    "`code` and ```fence```",
    "<script>alert('x')</script> & <b>bold</b> &amp;",
    "[link](http://example.com) ![img](x.png)",
    "- item",
    "+ item",
    "1. first",
    "12) twelfth",
    "> quote",
    "---",
    "===",
    "    indented code",
    "~~strike~~ and $x^2$",
    "back\\slash \\| pipe",
    "line one\nline two\r\nline three",
    "\u2028odd\u2029separators\x00\x07",
]


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def visible_text(tokens) -> str:  # noqa: ANN001
    """The text a reader sees: text tokens joined, line breaks as newlines."""
    out = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "text":
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak") or (child.type == "html_inline" and child.content == "<br>"):
                out.append("\n")
    return "".join(out)


def inline_types(tokens) -> set[str]:  # noqa: ANN001
    return {child.type for token in tokens for child in token.children or []}


def normalise(text: str) -> str:
    """What the reader should see: the text with runs of blanks collapsed and odd separators as newlines."""
    text = text.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = re.sub(r"[\x00-\x08\x0b-\x1f]", "", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


@pytest.mark.parametrize("text", HOSTILE)
def test_a_paragraph_shows_the_text_exactly_and_nothing_else(text: str) -> None:
    tokens = parser().parse(md.paragraphs(text))
    assert [t.type for t in tokens if t.type.endswith("_open")] == ["paragraph_open"]
    assert inline_types(tokens) <= {"text", "hardbreak", "softbreak"}
    assert visible_text(tokens) == normalise(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_text_stays_on_one_line_inside_a_heading(text: str) -> None:
    tokens = parser().parse("## " + md.inline(text))
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]
    assert inline_types(tokens) <= {"text"}
    assert visible_text(tokens) == normalise(text).replace("\n", " ")


@pytest.mark.parametrize("text", HOSTILE)
def test_a_table_cell_keeps_the_table_whole(text: str) -> None:
    source = md.table(["A", "B", "C"], [[md.cell(text), md.cell(text), "x"], ["1", md.cell(text), md.cell("")]])
    tokens = parser().parse(source)
    assert [t.type for t in tokens].count("table_open") == 1
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = [t for t in tokens if t.type in ("td_open", "th_open")]
    assert len(rows) == 3 and len(cells) == 9
    assert inline_types(tokens) <= {"text", "html_inline"}
    assert {c.content for t in tokens for c in t.children or [] if c.type == "html_inline"} <= {"<br>"}
    first_cell = next(i for i, t in enumerate(tokens) if t.type == "td_open")
    assert visible_text([tokens[first_cell + 1]]) == normalise(text)


def test_blank_cells_show_a_dash_and_can_say_something_else() -> None:
    assert md.cell("  ") == "—"
    assert md.cell(None, blank="nobody") == "nobody"


def test_plain_text_is_left_alone_so_the_file_reads_well() -> None:
    for text in ("Giulia Ferri", "Head of Operations, Verona", "Price (2026): 12% off?"):
        assert md.cell(text) == md.inline(text) == text
    assert md.paragraphs("First line\nsecond line\n\nNew paragraph") == "First line\\\nsecond line\n\nNew paragraph"


@pytest.mark.parametrize("text", HOSTILE + ['He said "yes"; [x] (y) {z} #1 % `t` \\ | end'])
def test_mermaid_labels_contain_no_syntax(text: str) -> None:
    label = md.mermaid_label(text)
    bare = re.sub(r"#\d+;", "", label).replace("<br>", "")
    assert not set(bare) & set('"\'[](){}<>#;|`%\\\n')
    # Mermaid decodes #code; entities back to the characters the user typed.
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label.replace("<br>", "\n"))
    assert decoded == normalise(text)


def test_table_refuses_rows_of_the_wrong_width() -> None:
    with pytest.raises(ValueError):
        md.table(["A", "B"], [["1"]])


@pytest.mark.parametrize(("text", "raw"), [
    ("Food & beverage", "Food & beverage"),
    ("AT&T, R&D", "AT&T, R&D"),
    ("a < b > c", "a < b > c"),
    ("+1 satisfaction fell", "+1 satisfaction fell"),
    ("-5 % on the renewal", "-5 % on the renewal"),
    ("4.2% saving in Q1", "4.2% saving in Q1"),
    ("&amp; is an entity", "&amp;amp; is an entity"),
    ("&#35; too", "&\\#35; too"),
    ("<b>tag</b>", "&lt;b>tag&lt;/b>"),
    ("> quoted", "\\> quoted"),
    ("1. first", "1\\. first"),
    ("- item", "\\- item"),
])
def test_only_what_would_be_markup_is_escaped(text: str, raw: str) -> None:
    """The raw file reads like the typed text: a bare `&`, `<` or sign stays as it is unless it forms markup."""
    assert md.inline(text) == raw
    tokens = parser().parse(md.paragraphs(text))
    assert inline_types(tokens) <= {"text"} and visible_text(tokens) == text
