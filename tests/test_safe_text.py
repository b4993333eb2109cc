"""Stored text shown on a terminal or written to a file: control characters never act, everything else is kept."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from accountmgr.services.safe_text import drop_controls, has_controls, json_safe, printable

HOSTILE = "Rossi [italia] SpA\x1b]0;pwned\x07\x1b[2J\u202eevil\x00\x85\x7f\tend"
CONTROL_CODES = [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
                 *range(0x2066, 0x206A), 0x2028, 0x2029]


def test_every_control_becomes_a_visible_mark_and_the_rest_is_kept() -> None:
    shown = printable(HOSTILE)
    assert shown == "Rossi [italia] SpA␛]0;pwned␇␛[2J\ufffdevil␀\ufffd␡␉end"
    assert not has_controls(shown)
    assert printable("Müller & Söhne [GmbH] 🏭 e\u0301") == "Müller & Söhne [GmbH] 🏭 e\u0301"


def test_line_breaks_are_kept_for_notes_and_spaces_in_a_single_line() -> None:
    assert printable("first\nsecond\x1b", newlines=True) == "first\nsecond␛"
    assert printable("first\nsecond\tthird", single_line=True) == "first second third"
    assert printable("first\nsecond") == "first␊second"


def test_files_get_the_text_without_controls() -> None:
    assert drop_controls(HOSTILE) == "Rossi [italia] SpA]0;pwned[2Jevil\tend"
    assert drop_controls("a\r\nb\nc") == "a\nb\nc"
    assert drop_controls("a\r\nb\nc\td", newlines=False) == "a b c d"


def test_json_keeps_the_data_but_escapes_what_a_terminal_would_act_on() -> None:
    text = json_safe(json.dumps({"name": HOSTILE}, ensure_ascii=False))
    assert json.loads(text) == {"name": HOSTILE}
    assert not has_controls(text.replace("\n", ""))


@given(st.text())
def test_printable_never_leaves_a_control_and_changes_nothing_else(text: str) -> None:
    for shown in (printable(text), printable(text, single_line=True)):
        assert not has_controls(shown) and len(shown) == len(text)
        assert all(a == b for a, b in zip(shown, text) if ord(b) not in CONTROL_CODES)
    assert not has_controls(printable(text, newlines=True).replace("\n", ""))


@given(st.text())
def test_drop_controls_leaves_only_tabs_and_newlines(text: str) -> None:
    assert not has_controls(drop_controls(text).replace("\n", "").replace("\t", ""))
    assert not has_controls(drop_controls(text, newlines=False))
