"""A parent-company column puts accounts in a group; the plan and the account summary show the group's roll-up."""

from __future__ import annotations

from pathlib import Path

from accountmgr.db import Database
from accountmgr.services.account_plan import render_account_plan
from accountmgr.services.accounts import find_account
from accountmgr.services.groups import group_rollup
from accountmgr.services.importer import import_file
from accountmgr.services.portfolio import explain_account, load_portfolio


def test_the_group_roll_up_of_imported_companies(db: Database, tmp_path: Path, frozen_clock: None) -> None:
    companies = tmp_path / "companies.csv"
    companies.write_text("account,sector,subsidiary_of\nSole Nord,Food,Gruppo Sole\nSole Sud,Food,Gruppo Sole\n"
                         "Sole Sud Logistica,Logistics,Sole Sud\nAltro,Metals,\n", encoding="utf-8")
    deals = tmp_path / "deals.csv"
    deals.write_text("Deal Name,Account Name,Amount,Stage,Close Date\n"
                     "Forniture,Sole Nord,10000,Closed Won,2026-06-01\n"
                     "Espansione,Sole Sud Logistica,5000,Proposal,2026-12-31\n", encoding="utf-8")
    import_file(db, companies)
    import_file(db, deals)
    nord = find_account(db, "Sole Nord")
    group = group_rollup(db, nord.id, load_portfolio(db))
    assert group is not None and group.group_name == "Gruppo Sole"
    assert [(m.name, m.depth, m.level.value, m.open_cents, m.won_cents) for m in group.members] == [
        ("Gruppo Sole", 0, "prospect", 0, 0), ("Sole Nord", 1, "buyer", 0, 1_000_000),
        ("Sole Sud", 1, "prospect", 0, 0), ("Sole Sud Logistica", 2, "prospect", 500_000, 0)]
    assert (group.open_cents, group.won_cents) == (500_000, 1_000_000)
    assert group_rollup(db, find_account(db, "Altro").id, load_portfolio(db)) is None
    plan = render_account_plan(db, nord.id)
    assert "Group **Gruppo Sole**: 4 companies, €5,000 open pipeline, €10,000 won in the last 24 months." in plan
    assert "Sole Nord (this account)" in plan
    _entry, sections = explain_account(db, find_account(db, "Sole Sud Logistica").id)
    assert sections[-1].title == "Group: Gruppo Sole"
    assert sections[-1].lines[-1] == "Group total: €5,000 open pipeline, €10,000 won in the last 24 months"


async def test_the_portfolio_why_panel_ends_with_the_group(db: Database, tmp_path: Path) -> None:
    from accountmgr.app import make_app
    from accountmgr.screens.score_explain import ScoreExplainScreen

    companies = tmp_path / "companies.csv"
    companies.write_text("account,subsidiary_of\nSole Nord,Gruppo Sole\nAltro,\n", encoding="utf-8")
    import_file(db, companies)
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"sole nord", "enter", "w")
        await pilot.pause()
        assert isinstance(app.screen, ScoreExplainScreen)
        await app.workers.wait_for_complete()  # the group is worked out in the background
        await pilot.pause()
        text = "\n".join(str(widget.content) for widget in app.screen.query("Static"))
        assert "Group: Gruppo Sole" in text
        assert "•   Sole Nord (this account): Prospect, €0 open, €0 won" in text
