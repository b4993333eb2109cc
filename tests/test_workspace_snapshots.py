"""Snapshots of the account workspace and the assessment form on the demo portfolio (frozen clock)."""

from __future__ import annotations

from accountmgr.app import make_app
from accountmgr.screens.steps.record_table import RecordTable
from accountmgr.services.accounts import find_account

SIZE = (120, 36)


def opener(account_id: int, step: str, *keys: str):  # noqa: ANN201
    async def run_before(pilot) -> None:  # noqa: ANN001
        await pilot.pause()
        pilot.app.open_account(account_id, step)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        # Some parts are read in the background (step l's complaints), by a worker that starts only once its table
        # is mounted: the picture is of the step once every table has been read.
        calm, last = 0, ""
        for _ in range(200):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            tables = pilot.app.screen.query(RecordTable)
            busy = any(table.reading for table in tables) or any(worker.is_running for worker in pilot.app.workers)
            shown = pilot.app.export_screenshot()
            calm = 0 if busy or shown != last else calm + 1
            last = shown
            if calm == 3:  # nothing read, running or redrawn for three rounds: the step as the user sees it
                break

    return run_before


def test_workspace_relationship_step(demo_db, snap_compare) -> None:
    """Helvetia Pharma Logistics at step d: the step list down the left with ✔/◐/✖ marks in green, yellow and red,
    the account's level badges (III Account → IV Partner) and steps done; on the right the four levels with their
    meaning (Account marked current, Partner target), the assess and target buttons, and the gap guidance for
    Account → Partner: the sales-approach table and the findings, each naming the step that fixes it."""
    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=opener(account_id, "d"))


def test_assessment_form(demo_db, snap_compare) -> None:
    """The assessment form for Helvetia Pharma Logistics: the criteria of the four levels as checkboxes, ticked
    from the latest assessment; on the right the suggested level with a bar of evidenced aspects per level, the
    reasoning, what the next level still needs, the level chosen (following the suggestion) and the date 2026-11-20."""
    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=opener(account_id, "d", "s"))


def test_monitoring_step_with_key_drivers(demo_db, snap_compare) -> None:
    """Helvetia Pharma Logistics at step l: the trend of satisfaction, loyalty, profitability and progress over its
    two reviews (with rising/falling coloured), the reviews table newest first, and the drivers of the latest
    review with the key drivers marked ◆ KEY in red, gaps in words ("competitor ahead by 4", "level"), explained
    below, widest gap first, with the rule; the perceived vs technical quality gap; then the loyalty tree, KPIs,
    projects and complaints, the whole step on one 120×100 screen."""
    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    # Tall enough for the whole step: how far below the fold reaches depended on timing on a busy machine.
    assert snap_compare(make_app(demo_db), terminal_size=(120, 100), run_before=opener(account_id, "l"))


def test_workspace_compact_at_80_columns(demo_db, snap_compare) -> None:
    """Helvetia Pharma Logistics at step d in an 80×24 terminal: the compact step list (numerals III → IV, short
    step names such as "h DMU" with their ✔/◐/✖ marks) leaves the pane about 57 columns; the level scale says only
    what each level buys, one or two lines per level, with current and target marked; the footer shows the step
    list's keys (a–l open a step, m next missing, r review)."""
    account_id = find_account(demo_db, "Helvetia Pharma Logistics").id
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=opener(account_id, "d"))


def test_economics_step_with_revenue_and_charts(demo_db, snap_compare) -> None:
    """Brennero Foods at step e: the two potentials, then revenue by year (2023–2026) with target, how far the
    target was reached, the category spend (the purchase potential where no year's own spend was entered, said so)
    and the share of wallet; the headline (this year so far against target, last year, share of wallet of the last
    full year, weighted forecast); bar charts of revenue against target (target marked ┃), share of wallet by
    year and the weighted forecast by quarter, each with its scale; the opportunities below."""
    account_id = find_account(demo_db, "Brennero Foods").id
    assert snap_compare(make_app(demo_db), terminal_size=(120, 64), run_before=opener(account_id, "e"))
