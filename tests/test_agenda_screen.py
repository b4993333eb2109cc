"""The agenda across accounts: overdue first, weeks forward and back, Enter opens the account at its plan."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable

from accountmgr.app import make_app
from accountmgr.screens.panes.agenda_pane import AgendaScreen
from accountmgr.screens.mark_done import MarkDoneScreen
from accountmgr.services import plan
from accountmgr.services.accounts import find_account


async def test_agenda_lists_overdue_first_and_opens_the_account_at_step_j(demo_db, monkeypatch) -> None:  # noqa: ANN001
    sierra = find_account(demo_db, "Sierra Cement").id
    late = plan.create_action(
        demo_db, sierra, {"scheduled_at": "2026-11-12 10:00", "objective": "Send the revised offer"}, confirm_past=True
    )
    app = make_app(demo_db)
    opened: list[tuple[int, str | None]] = []
    selected: list[int | None] = []

    def open_account(account_id: int, step: str | None = None, select: int | None = None) -> None:
        opened.append((account_id, step))
        selected.append(select)

    monkeypatch.setattr(app, "open_account", open_account)
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_agenda()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        expected = plan.agenda(demo_db, *screen.week())
        assert [r.id for r in screen.rows] == [r.id for r in expected]
        assert screen.rows[0].id == late.id and screen.rows[0].overdue
        table = screen.query_one("#agenda-table", DataTable)
        assert table.get_row_at(0)[0].plain == "OVERDUE"
        assert all(not r.overdue for r in screen.rows[1:])

        await pilot.press("enter")
        assert opened == [(sierra, "j")]
        assert selected == [late.id]  # the workspace opens on the chosen action

        await pilot.press("right_square_bracket")
        await pilot.pause()
        next_week = plan.agenda(demo_db, *screen.week())
        assert [r.id for r in screen.rows] == [r.id for r in next_week]
        assert screen.rows[0].id == late.id  # overdue stays on top whatever the week

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, MarkDoneScreen)
        await pilot.press(*"Offer sent", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert late.id not in [r.id for r in screen.rows]


async def test_agenda_actions_are_in_the_command_palette(demo_db) -> None:  # noqa: ANN001
    from accountmgr.screens.palette import available

    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_agenda()
        await pilot.pause()
        screen = app.screen
        entries = screen.palette_commands()
        assert all(available(entry, screen) for entry in entries)
        await app.run_action("week(1)", screen)
        await pilot.pause()
        assert screen.week_offset == 1


class AgendaApp(App[None]):
    """Only the agenda, over a database."""

    def __init__(self, db) -> None:  # noqa: ANN001
        super().__init__()
        self.db = db

    def on_mount(self) -> None:
        self.push_screen(AgendaScreen())


def test_agenda_snapshot(demo_db, snap_compare) -> None:  # noqa: ANN001
    """The next seven days from Friday 20 November 2026 across the demo portfolio: four planned actions from
    Monday 23 to Thursday 26 (Rheinstahl, Sierra Cement, Brennero, Helvetia), with time, account, channel,
    objective and people addressed; nothing overdue; under them, in red, the three account objectives past their
    date (Nordhavn Water, Rheinstahl, Thamesgate) with due date and owner; the highlighted action's details and our
    people below."""
    assert snap_compare(AgendaApp(demo_db), terminal_size=(120, 36))
