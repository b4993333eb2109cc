"""Text is cleaned at the door: no invisible characters, one line unless the field takes several."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from accountmgr.services import validation as v
from accountmgr.services.text_clean import clean_text

INVISIBLE = set(
    [chr(c) for c in range(0x20) if c not in (0x0A,)] + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]
    + list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff")
    + list("\u00ad\u2062\ufff9") + [chr(c) for c in range(0xE0000, 0xE0080)]
)


def test_names_differing_only_by_invisible_characters_compare_equal() -> None:
    assert clean_text("Officina\u200b Il\u00a0Ponte\u202e Srl\ufeff") == clean_text("Officina Il Ponte Srl")


def test_hidden_tag_characters_and_soft_hyphens_are_removed() -> None:
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore")
    assert clean_text(f"Acme{hidden} Srl") == "Acme Srl"
    assert clean_text("Lom\u00adbarda") == "Lombarda"


def test_control_characters_and_escape_sequences_are_removed() -> None:
    assert clean_text("Rossi\x00 \x1b[31mSpA\x07\x7f\x9b") == "Rossi [31mSpA"


def test_single_line_text_collapses_newlines_tabs_and_runs_of_spaces() -> None:
    assert clean_text("  Acme\r\n\tItalia   S.p.A.  ") == "Acme Italia S.p.A."


def test_multiline_text_keeps_lines_and_indentation() -> None:
    note = "Prima riga\r\n\t- punto\r\n  - sotto-punto   \r\n\r\nFine\x0b"
    assert clean_text(note, multiline=True) == "Prima riga\n    - punto\n  - sotto-punto\n\nFine"


def test_decomposed_accents_become_composed() -> None:
    assert clean_text("Caffe\u0300 Ro\u0300ssi") == "Caffè Ròssi"


def test_validation_text_cleans_form_input() -> None:
    assert v.text()("Brennero\u200d Foods\n", "name") == "Brennero Foods"
    assert v.text(multiline=True)("uno\r\ndue", "notes") == "uno\ndue"


def test_multiline_flag_is_set_on_the_text_areas_of_the_forms() -> None:
    from accountmgr.services.accounts import ACCOUNT_FIELDS
    from accountmgr.services.dmu import DMU_FIELDS

    assert ACCOUNT_FIELDS["notes"]("a\nb", "notes") == "a\nb"
    assert DMU_FIELDS["personal_win"]("a\nb", "personal_win") == "a\nb"
    assert ACCOUNT_FIELDS["name"]("a\nb", "name") == "a b"


@given(st.text(), st.booleans())
def test_output_has_no_invisible_character_and_is_idempotent(value: str, multiline: bool) -> None:
    cleaned = clean_text(value, multiline=multiline)
    assert not INVISIBLE & set(cleaned)
    assert clean_text(cleaned, multiline=multiline) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    if not multiline:
        assert "\n" not in cleaned and "\t" not in cleaned


printable = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "S")) | st.just(" "), min_size=1
).map(lambda s: " ".join(s.split())).filter(lambda s: s and unicodedata.is_normalized("NFC", s))


@given(printable)
def test_ordinary_printable_text_is_left_unchanged(value: str) -> None:
    assert clean_text(value) == value
    assert clean_text(value, multiline=True) == value


async def test_account_form_cleans_pasted_text(demo_db, monkeypatch) -> None:  # noqa: ANN001
    """A name pasted with a zero-width space is the existing account; a pasted note keeps its lines."""
    from textual.widgets import Input, TextArea

    from accountmgr.app import make_app
    from accountmgr.services.accounts import find_account

    app = make_app(demo_db)
    monkeypatch.setattr(app, "open_account", lambda *args: None)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        name = app.screen.query_one("#field-name", Input)
        name.value = "Vasa\u200b Timber\u202e"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already an account called Vasa Timber" in str(app.screen.query_one("#error-name").content)
        name.value = "Officina\u00a0\u2066Il Ponte\u2069 Srl"
        app.screen.query_one("#field-notes", TextArea).text = "Prima riga\r\n\tseconda\u200b riga\x1b[2J  \r\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
    account = find_account(demo_db, "Officina Il Ponte Srl")
    assert account.name == "Officina Il Ponte Srl"
    assert account.notes == "Prima riga\n    seconda riga[2J"
