"""The method guide: opens at the part matching where the user is, and moves between parts from the keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown

from accountmgr.app import make_app
from accountmgr.models import Step
from accountmgr.screens.method_guide import SECTIONS, MethodGuideScreen, resolve_topic


@pytest.mark.parametrize(
    ("topic", "section"),
    [(None, "cycle"), ("d", "step-d"), ("step-k", "step-k"), ("levels", "levels"), ("approach", "sales"),
     ("nonsense", "cycle")],
)
def test_topics_resolve_to_sections(topic, section) -> None:
    assert resolve_topic(topic) == section


def test_every_step_and_part_of_the_method_has_a_section() -> None:
    assert {f"step-{step.value}" for step in Step} <= set(SECTIONS)
    assert {"cycle", "questions", "steps", "levels", "sales", "dmu", "abilities"} <= set(SECTIONS)
    assert "| Sales strategy | Sell the product | Sell the solution | Sell the company |" in SECTIONS["sales"][1]
    assert "Process owner and/or function director" in SECTIONS["levels"][1]


async def test_guide_opens_at_topic_and_follows_the_contents(db, frozen_clock) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.show_guide("levels")
        await pilot.pause()
        guide = app.screen
        assert isinstance(guide, MethodGuideScreen) and guide.topic == "levels"
        await pilot.press("down")
        await pilot.pause()
        assert guide.topic == "sales"
        assert "Sales approach by level" in guide.query_one("#guide-text", Markdown).source
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MethodGuideScreen)
