"""The words the user reads: one plural, sentences ended once, and each wording fault of issue 12 with its test."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accountmgr.db import Database
from accountmgr.services.wording import join_words, labelled, plural, prefixed, sentence, sentences, words


def test_plural_says_one_account_and_two_accounts() -> None:
    assert plural(1, "account") == "1 account"
    assert plural(0, "account") == "0 accounts"
    assert plural(2, "opportunity", "opportunities") == "2 opportunities"
    assert plural(12_045, "row") == "12,045 rows"
    assert words(1, "point") == "point" and words(3, "point") == "points"


@pytest.mark.parametrize(("text", "expected"), [
    ("Saved", "Saved."),
    ("Saved.", "Saved."),
    ("Saved..", "Saved."),
    ("Added complaint “Customer frustrated.”", "Added complaint “Customer frustrated.”"),
    ("Added complaint “Customer frustrated.”.", "Added complaint “Customer frustrated.”"),
    ("No such command 'lsit'. Did you mean 'list'?", "No such command 'lsit'. Did you mean 'list'?"),
    ("Did you mean 'list'?.", "Did you mean 'list'?"),
    ("Wait…", "Wait…"),
    ("Wait...", "Wait..."),
    ("(see step g)", "(see step g)."),
    ("", ""),
])
def test_a_sentence_is_ended_once(text: str, expected: str) -> None:
    assert sentence(text) == expected


def test_sentences_join_without_doubling_and_helpers_do_not_repeat() -> None:
    assert sentences("Saved.", None, "  ", "Press u to undo") == "Saved. Press u to undo."
    assert join_words(["a"]) == "a" and join_words(["a", "b", "c"]) == "a, b and c"
    assert prefixed("strong in ", "Strong in process control") == "strong in process control"
    assert prefixed("strong in ", "service") == "strong in service"
    assert labelled("Owner:", "Giulia Ferri") == "Owner: Giulia Ferri"


@given(st.text(max_size=40))
def test_a_sentence_never_ends_with_doubled_punctuation(text: str) -> None:
    ended = sentence(text)
    assert not re.search(r"(?<![.])[.!?…]['\"”’»)\]]*\.$", ended), ended
    assert sentence(ended) == ended  # ending it again changes nothing


# -- the faults the issue names, each where it was seen ------------------------------------------------------------

def test_four_questions_do_not_say_strong_in_strong_in(demo_db: Database) -> None:
    from accountmgr.services import competitors
    from accountmgr.services.accounts import find_account
    from accountmgr.services.four_questions import four_questions

    account = find_account(demo_db, "Vasa Timber")
    row = competitors.list_competitors(demo_db, account.id)[0]
    competitors.update_competitor(demo_db, row.id, {"competences": "Strong in local service."})
    against = next(line for answer in four_questions(demo_db, account.id) for line in answer.lines
                   if line.startswith("Against:"))
    assert "strong in local service" in against
    assert not re.search(r"strong in strong in", against, re.IGNORECASE) and ".." not in against


def test_a_complaint_ending_in_a_stop_is_not_followed_by_another(db: Database, frozen_clock: None) -> None:
    """"What changed" quotes a complaint's new summary: “…frustrated.” (or …frustrated.) ends the sentence, with
    no second stop after it."""
    from datetime import timedelta

    from accountmgr.services import clock, complaints
    from accountmgr.services.accounts import create_account
    from accountmgr.services.changes import changes_since_last_review
    from accountmgr.services.reviews import create_review

    account = create_account(db, {"name": "Acme Foods"})
    row = complaints.create_complaint(db, account.id, {
        "nature": "delivery", "summary": "Late deliveries", "received_on": "2026-01-02"})
    with db.connection() as conn:  # as if all that was logged long before the review
        conn.execute("UPDATE activity_log SET at = '2026-01-01 08:00:00.000000'")
        conn.commit()
    create_review(db, account.id, {"reviewed_on": clock.today() - timedelta(days=10), "satisfaction": 7})
    complaints.update_complaint(db, row.id, {"summary": "Maintenance lead is frustrated."})
    complaints.update_complaint(db, row.id, {"severity": "high"})
    said = [item for group in changes_since_last_review(db, account.id).groups for item in group.items]
    mentions = [item for item in said if "frustrated" in item]
    assert mentions, said
    assert not any(re.search(r"[.!?][”\"']?[.;,]", item.replace("...", "")) for item in mentions), mentions


def test_the_cli_suggestion_ends_with_its_question_mark() -> None:
    result = subprocess.run([sys.executable, "-m", "accountmgr", "lsit"], capture_output=True, text=True)
    assert result.returncode != 0
    assert result.stderr.strip() == "accountmgr: No such command 'lsit'. Did you mean 'list'?"


def test_the_plan_summary_says_the_target_level_is_reached_without_two_brackets(demo_db: Database) -> None:
    from accountmgr.services.account_plan import render_account_plan
    from accountmgr.services.accounts import find_account

    plan = render_account_plan(demo_db, find_account(demo_db, "Brennero Foods").id)
    assert "- **Relationship level:** Partner (IV), the target level" in plan
    assert not re.search(r"\)\s*\(", plan.split("## ", 2)[1])  # no ") (" in the summary


def test_no_form_hint_repeats_its_label() -> None:
    """A hint says something the label does not: not "Potential business value — Step f: potential business value"."""
    from accountmgr.screens.account_form import HINTS
    from accountmgr.screens.steps.fields import FieldDef
    from accountmgr.services.validation import label

    def core(hint: str) -> str:
        return re.sub(r"^Steps? [a-l](?: · [a-l])?: ", "", hint).strip().rstrip(".").lower()

    for name, hint in HINTS.items():
        assert not core(hint).startswith(label(name).lower()), (name, hint)
    import gc

    for module in pkgutil.walk_packages(importlib.import_module("accountmgr.screens").__path__, "accountmgr.screens."):
        importlib.import_module(module.name)
    fields = [item for item in gc.get_objects() if isinstance(item, FieldDef)]
    assert fields
    for field in fields:
        for hint in (field.hint, field.placeholder):
            assert not (hint and core(hint).startswith(field.label.lower())), (field.name, hint)


async def test_the_account_form_keeps_a_gap_between_label_and_field(demo_db: Database) -> None:
    """"Account-management model" fills its label's width: the field starts after a space, not glued to it."""
    from textual.widgets import Label

    from accountmgr.app import make_app
    from accountmgr.screens.account_form import AccountFormScreen
    from accountmgr.services.accounts import find_account

    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.push_screen(AccountFormScreen(find_account(demo_db, "Vasa Timber").id))
        await pilot.pause()
        for row in app.screen.query(".form-row"):
            label, cell = row.query_one(Label), row.query_one(".form-cell")
            assert cell.region.x > label.region.right, str(label.content)


async def test_the_opportunity_form_counts_points_without_brackets(demo_db: Database) -> None:
    from textual.widgets import Static

    from accountmgr.app import make_app
    from accountmgr.screens.opportunity_form import OpportunityForm
    from accountmgr.services.accounts import find_account

    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.push_screen(OpportunityForm(find_account(demo_db, "Vasa Timber").id))
        await pilot.pause()
        text = str(app.screen.query_one("#suggestion", Static).content)
        assert "(s)" not in text and re.search(r"→ \d+ points?,", text), text


async def test_one_account_of_one_says_account(db: Database) -> None:
    from accountmgr.app import make_app
    from accountmgr.services.accounts import create_account

    create_account(db, {"name": "Sole Customer"})
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        while app.screen.__class__.__name__ != "PortfolioScreen":
            await pilot.press("escape")
            await pilot.pause()
        status = str(app.screen.query_one("#status").content)
        assert status.startswith("1 of 1 account ·"), status


# -- checkboxes ---------------------------------------------------------------------------------------------------

def test_every_checkbox_of_the_app_shows_its_state_by_glyph() -> None:
    """Every module that builds a Checkbox, SelectionList or RadioButton takes it from widgets/checkboxes.py."""
    from accountmgr.widgets import checkboxes

    names = ("Checkbox", "SelectionList", "RadioButton")
    seen = 0
    for package in ("accountmgr.screens", "accountmgr.widgets"):
        for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
            module = importlib.import_module(info.name)
            if module is checkboxes:
                continue
            for name in names:
                if hasattr(module, name):
                    seen += 1
                    assert getattr(module, name) is getattr(checkboxes, name), f"{info.name}.{name}"
    assert seen >= 8


async def test_ticked_and_unticked_differ_by_glyph(demo_db: Database) -> None:
    from textual.app import App, ComposeResult

    from accountmgr.widgets.checkboxes import Checkbox, RadioButton, SelectionList

    class Boxes(App[None]):
        def compose(self) -> ComposeResult:
            yield Checkbox("on", True, id="on")
            yield Checkbox("off", False, id="off")
            yield RadioButton("chosen", True, id="chosen")
            yield SelectionList[int](("first", 1, True), ("second", 2, False), id="list")

    app = Boxes()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert str(app.query_one("#on", Checkbox).render()).startswith("[x] on")
        assert str(app.query_one("#off", Checkbox).render()).startswith("[ ] off")
        assert str(app.query_one("#chosen", RadioButton).render()).startswith("(•) chosen")
        box = app.query_one("#off", Checkbox)
        box.focus()
        await pilot.press("space")
        assert box.value and str(box.render()).startswith("[x] off")
        selections = app.query_one("#list", SelectionList)
        lines = ["".join(segment.text for segment in selections.render_line(y)) for y in range(2)]
        assert lines[0].startswith("[x] first") and lines[1].startswith("[ ] second"), lines


ONE_PLURAL = re.compile(r"(?<![\d,.])1 (deals|days|years|actions|plans|accounts|rows|tables)\b")
"""A count of one followed by a plural: "1 deals", "(1 accounts)"."""


def test_why_and_the_cli_list_say_one_deal_and_one_account(demo_db: Database) -> None:
    from typer.testing import CliRunner

    from accountmgr.cli import app as cli_app
    from accountmgr.services.accounts import find_account, list_accounts, set_archived
    from accountmgr.services.portfolio import explain_account

    _, sections = explain_account(demo_db, find_account(demo_db, "Atlas Aerospace Parts").id)
    text = "\n".join(line for section in sections for line in section.lines)
    assert "(1 deal)" in text and not ONE_PLURAL.search(text), text
    for account in list_accounts(demo_db)[1:]:
        set_archived(demo_db, account.id, True)
    demo_db.close()
    shown = CliRunner().invoke(cli_app, ["--db", str(demo_db.path), "list"]).stdout
    assert shown.startswith("Portfolio (1 account)") and not ONE_PLURAL.search(shown)
