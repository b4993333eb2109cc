"""The org chart widget and the move picker: several roots, marks that read in monochrome, no moving under one's own reports."""

from __future__ import annotations

from types import SimpleNamespace

from textual.app import App, ComposeResult

from accountmgr.screens.move_under import ManagerChoice, MoveUnderScreen, descendants
from accountmgr.widgets.org_chart import OrgChart, person_label


def person(id: int, name: str, reports_to_id: int | None = None, **fields) -> SimpleNamespace:  # noqa: A002
    base = {"title": "", "roles": [], "attitude": "neutral", "influence": "medium", "inner_circle": False}
    return SimpleNamespace(id=id, name=name, reports_to_id=reports_to_id, **{**base, **fields})


PEOPLE = [
    person(1, "Ada", roles=["decision_maker"], attitude="champion", influence="high", inner_circle=True, title="CEO"),
    person(2, "Ben", 1, roles=["influencer", "user"], attitude="opponent"),
    person(3, "Cleo", 2),
    person(4, "Dan", None, attitude="sceptic", influence="low"),
    person(5, "Eve", 99),  # her manager is not in this DMU any more: she shows at the top
]


def test_label_reads_without_colour():
    assert person_label(PEOPLE[0]).plain == "Ada, CEO  [DM] ++ H *"
    assert person_label(PEOPLE[1], "!!").plain == "Ben  [Inf Usr] -- M  !! gaps"
    assert person_label(PEOPLE[3]).plain == "Dan  - L"


def test_descendants_cannot_become_the_manager():
    assert descendants(PEOPLE, 1) == {2, 3}
    assert descendants(PEOPLE, 3) == set()


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield OrgChart(id="chart")


async def test_several_roots_and_selecting_a_person():
    app = ChartApp()
    async with app.run_test(size=(80, 20)) as pilot:
        chart = app.query_one(OrgChart)
        chart.show(PEOPLE)
        await pilot.pause()
        assert [str(node.label).split(",")[0].split("  ")[0] for node in chart.root.children] == ["Ada", "Dan", "Eve"]
        assert chart.select_member(3)
        await pilot.pause()
        assert chart.member_id == 3 and chart.cursor_node.parent.data == 2


async def test_the_move_picker_offers_only_allowed_managers():
    app = ChartApp()
    async with app.run_test(size=(80, 30)) as pilot:
        chosen: list[ManagerChoice | None] = []
        app.push_screen(MoveUnderScreen(PEOPLE[0], PEOPLE), chosen.append)
        await pilot.pause()
        options = app.screen.query_one("#managers")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["top", "4", "5"]
        await pilot.press(*"da", "enter")
        await pilot.pause()
        assert chosen == [ManagerChoice(4)]
