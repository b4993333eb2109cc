"""The portfolio query and bulk scoring over real records written through the services."""

from __future__ import annotations

import pytest

from datetime import datetime

from accountmgr.db import Database
from accountmgr.services import accounts, competitors, dmu, opportunities, plan, reviews, settings, team
from accountmgr.services.portfolio import account_names, change_marker, explain_account, load_portfolio
from accountmgr.services.scoring import Band, Segment


def make(db: Database, name: str, **fields: object) -> int:
    return accounts.create_account(db, {"name": name, **fields}).id


def test_rows_carry_what_the_table_shows(db: Database, frozen_clock: None) -> None:
    owner = team.create_member(db, {"name": "Giulia Ferri"})
    acme = make(db, "Acme", owner_id=owner.id, current_level="account", target_level="partner")
    opportunities.create_opportunity(db, acme, {"name": "Line 2", "value_cents": "100k", "probability": 40})
    opportunities.create_opportunity(db, acme, {"name": "Spares", "value_cents": "10k", "probability": 50})
    plan.create_action(db, acme, {"scheduled_at": "2026-11-25 10:00", "objective": "Kick-off"})
    plan.create_action(db, acme, {"scheduled_at": "2026-12-02 10:00", "objective": "Later"})
    late = make(db, "Late Ltd")
    plan.create_action(db, late, {"scheduled_at": "2026-11-15 10:00", "objective": "Call back"}, confirm_past=True)

    rows = {entry.name: entry for entry in load_portfolio(db).entries}
    acme_row = rows["Acme"]
    assert acme_row.owner == "Giulia Ferri" and acme_row.target_level.value == "partner"
    assert (acme_row.open_cents, acme_row.weighted_cents) == (11_000_000, 4_500_000)
    assert acme_row.next_at == datetime(2026, 11, 25, 10, 0) and acme_row.next_objective == "Kick-off"
    assert acme_row.overdue_days is None
    assert rows["Late Ltd"].overdue_days == 5


def test_archived_accounts_are_flagged_and_left_out_of_the_percentiles(db: Database, frozen_clock: None) -> None:
    small = make(db, "Small", purchase_potential_cents="10k")
    big = make(db, "Big", purchase_potential_cents="900k")
    accounts.set_archived(db, big, True)
    portfolio = load_portfolio(db)
    by_id = {entry.id: entry for entry in portfolio.entries}
    assert by_id[big].archived and not by_id[small].archived
    # Alone in the active population, Small is its median: 50th percentile of potential.
    assert by_id[small].attractiveness_parts[0] == 50.0
    assert account_names(db) == [(small, "Small")]


def test_won_value_makes_high_performance_and_rfm(db: Database, frozen_clock: None) -> None:
    ids = [make(db, f"Customer {n}", current_level="buyer", strategic_value=1) for n in range(4)]
    for number, account_id in enumerate(ids[:2]):
        opp = opportunities.create_opportunity(db, account_id, {"name": "Deal", "value_cents": f"{(number + 1) * 100}k"})
        opportunities.close_opportunity(db, opp.id, True, "Best fit", closed_on="2026-10-01")
    old = opportunities.create_opportunity(db, ids[3], {"name": "Old deal", "value_cents": "900k"})
    opportunities.close_opportunity(db, old.id, True, "Long ago", closed_on="2023-01-01")
    rows = {entry.id: entry for entry in load_portfolio(db).entries}
    assert rows[ids[1]].segment is Segment.HIGH_PERFORMANCE  # top quarter of four accounts: the best one
    assert rows[ids[0]].segment is not Segment.HIGH_PERFORMANCE
    assert rows[ids[1]].won_cents == 20_000_000 and rows[ids[1]].won_count == 1
    assert rows[ids[1]].rfm == (5, 5, 5)
    assert rows[ids[3]].won_cents == 0 and rows[ids[3]].rfm == (0, 0, 0)  # outside the 24 months
    assert rows[ids[2]].segment is Segment.BELOW_ZERO  # a customer: nothing won, low attractiveness


def test_a_prospect_that_never_bought_is_not_below_zero(db: Database, frozen_clock: None) -> None:
    prospect = make(db, "Newcomer", strategic_value=1)
    unprofitable = make(db, "Costly", profit_grade="unprofitable")
    rows = {entry.id: entry for entry in load_portfolio(db).entries}
    assert rows[prospect].segment is Segment.CORE
    assert rows[unprofitable].segment is Segment.BELOW_ZERO


def test_a_brand_new_account_says_it_is_not_yet_scored(db: Database, frozen_clock: None) -> None:
    fresh = make(db, "Brand New Srl", current_level="buyer")
    judged = make(db, "Judged", current_level="buyer", purchase_potential_cents="50k")
    rows = {entry.id: entry for entry in load_portfolio(db).entries}
    assert rows[fresh].segment is Segment.UNSCORED and rows[fresh].segment.label == "Not yet scored"
    assert rows[fresh].attractiveness_text == "—"
    assert rows[judged].segment is not Segment.UNSCORED and rows[judged].attractiveness_text.isdigit()
    _, sections = explain_account(db, fresh)
    assert sections[0].title == "Attractiveness: not yet scored"
    assert "Nothing entered" in sections[0].lines[0]


def test_a_prospect_has_no_churn_risk_and_stays_out_of_the_risk_matrix(db: Database, frozen_clock: None) -> None:
    prospect = make(db, "Maybe Later", strategic_value=4)
    dmu.create_member(db, prospect, {"name": "Zoë O'Neil", "roles": "decision_maker", "attitude": "opponent"})
    reviews.create_review(db, prospect, {"satisfaction": 3})
    rows = {entry.id: entry for entry in load_portfolio(db).entries}
    entry = rows[prospect]
    assert (entry.churn_points, entry.churn_reasons) == (0, ())
    assert not entry.has_churn_risk and entry.churn_text == "—, prospect"
    from accountmgr.services.scoring import risk_cell

    assert risk_cell(entry.segment, entry.churn_band, entry.level) is None
    _, sections = explain_account(db, prospect)
    churn = next(s for s in sections if s.title.startswith("Churn risk"))
    assert churn.title == "Churn risk: —, prospect" and "nothing yet to abandon" in churn.lines[0]
    matrices = next(s for s in sections if s.title == "Matrices")
    assert "outside the matrix" in matrices.lines[1]


def test_churn_signals_come_from_dmu_reviews_competitors_and_losses(db: Database, frozen_clock: None) -> None:
    account_id = make(db, "Shaky", current_level="buyer")
    dmu.create_member(db, account_id, {"name": "Ada Brandt", "roles": "decision_maker", "attitude": "opponent",
                                       "last_contact": "2026-08-01"})
    dmu.create_member(db, account_id, {"name": "Low Key", "influence": "low", "last_contact": "2026-11-19"})
    reviews.create_review(db, account_id, {"reviewed_on": "2026-06-01", "satisfaction": 9})
    reviews.create_review(db, account_id, {"reviewed_on": "2026-10-01", "satisfaction": 7})
    competitors.create_competitor(db, account_id, {"competitor": "Rivals AG", "level": "partner"})
    competitors.create_competitor(db, account_id, {"competitor": "Minor Co", "level": "prospect"})
    lost = opportunities.create_opportunity(db, account_id, {"name": "Retrofit", "value_cents": "50k"})
    opportunities.close_opportunity(db, lost.id, False, "Price", closed_on="2026-09-01")

    entry = load_portfolio(db).get(account_id)
    assert entry is not None
    joined = "\n".join(entry.churn_reasons)
    assert "fell from 9 to 7" in joined
    assert "111 days ago" in joined  # the low-influence member contacted yesterday is not a key player
    assert "Ada Brandt is an opponent" in joined
    assert "Rivals AG is at Partner" in joined
    assert "“Retrofit” lost" in joined
    assert entry.churn_points == 1 + 2 + 1 + 2 + 1 and entry.churn_band is Band.HIGH


def test_stale_limit_comes_from_the_settings(db: Database, frozen_clock: None) -> None:
    account_id = make(db, "Quiet", current_level="account")
    dmu.create_member(db, account_id, {"name": "Boss", "roles": "decision_maker", "last_contact": "2026-10-01"})
    assert load_portfolio(db).get(account_id).churn_points == 0  # 50 days < 60
    settings.put(db, "stale_days", 30)
    assert load_portfolio(db).get(account_id).churn_points == 2


def test_weights_from_the_settings_change_attractiveness(db: Database, frozen_clock: None) -> None:
    account_id = make(db, "Strategic", strategic_value=5)
    make(db, "Other", purchase_potential_cents="1m")
    assert load_portfolio(db).get(account_id).attractiveness == 20
    settings.put(db, "attractiveness_weights",
                 {"purchase_potential": 0, "absorption_potential": 0, "strategic_value": 1, "pipeline": 0})
    assert load_portfolio(db).get(account_id).attractiveness == 100


def test_explanation_names_every_part_and_rule(db: Database, frozen_clock: None) -> None:
    account_id = make(db, "Explained", purchase_potential_cents="200k", strategic_value=4, current_level="account")
    entry, sections = explain_account(db, account_id)
    text = "\n".join([s.title for s in sections] + [line for s in sections for line in s.lines])
    assert f"Attractiveness {entry.attractiveness}/100" in text
    for part in ("Purchase potential: €200,000", "Strategic value: 4/5", "Weighted open pipeline"):
        assert part in text
    assert "no key player known" in text and "Attractiveness × level:" in text and "Value × churn risk:" in text


def test_change_marker_moves_with_every_logged_change(db: Database) -> None:
    before = change_marker(db)
    make(db, "Anything")
    assert change_marker(db) > before


def test_demo_portfolio_scores(demo_db: Database) -> None:
    portfolio = load_portfolio(demo_db)
    assert len(portfolio.entries) >= 10
    assert {entry.segment for entry in portfolio.entries} >= {Segment.HIGH_PERFORMANCE, Segment.CORE}
    assert all(0 <= entry.attractiveness <= 100 for entry in portfolio.entries)
    assert any(entry.churn_points for entry in portfolio.entries)


def test_weights_are_checked_saved_and_logged(db: Database) -> None:
    import pytest

    from accountmgr.services.errors import DomainError
    from accountmgr.services.portfolio import save_weights

    good = {"purchase_potential": "50", "absorption_potential": "0", "strategic_value": "50", "pipeline": "0"}
    before = change_marker(db)
    assert save_weights(db, good) == {"purchase_potential": 50, "absorption_potential": 0, "strategic_value": 50,
                                      "pipeline": 0}
    assert settings.get(db, "attractiveness_weights")["strategic_value"] == 50
    assert change_marker(db) > before
    with pytest.raises(DomainError) as error:
        save_weights(db, {**good, "pipeline": "lots"})
    assert error.value.field == "pipeline" and "Weighted open pipeline weight" in error.value.message
    with pytest.raises(DomainError, match="At least one weight"):
        save_weights(db, {key: "0" for key in good})
    assert settings.get(db, "attractiveness_weights")["purchase_potential"] == 50


def test_reading_the_portfolio_needs_no_table_classes(demo_db: Database) -> None:
    """The first screen reads through the raw connection: building the SQLModel tables (~100 ms) waits until used."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from accountmgr.db import open_database\n"
        "from accountmgr.services.portfolio import first_page, load_portfolio\n"
        f"db = open_database({str(demo_db.path)!r})\n"
        "assert first_page(db)[1] == 14 and len(load_portfolio(db).entries) == 14\n"
        "print('accountmgr.models.tables' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def _shown_scores(entry) -> tuple:  # noqa: ANN001
    value = entry.value
    return (
        entry.id, entry.name, entry.attractiveness, entry.attractiveness_parts, entry.attractiveness_band,
        entry.segment, entry.rfm, entry.churn_points, entry.churn_band, entry.churn_reasons, entry.open_cents,
        entry.weighted_cents, entry.next_at, entry.overdue_days, entry.overdue_objectives, entry.satisfaction,
        value.clv_cents, value.rfmt, value.won_cents, value.days_since_won,
    )


def _first_page_matches_the_full_scoring(db, limit: int) -> list:  # noqa: ANN001
    from accountmgr.services.portfolio import load_portfolio, scored_first_page

    page, total = scored_first_page(db, limit)
    full = load_portfolio(db)
    active = sorted((entry for entry in full.entries if not entry.archived), key=lambda e: (e.name.lower(), e.id))
    assert total == len(active) and page
    assert [entry.id for entry in page] == [entry.id for entry in active[:limit]]
    assert [_shown_scores(entry) for entry in page] == [_shown_scores(full.get(entry.id)) for entry in page]
    return page


@pytest.mark.both_engines
def test_the_first_page_has_the_scores_of_the_whole_portfolio_demo(demo_db) -> None:  # noqa: ANN001
    _first_page_matches_the_full_scoring(demo_db, 6)
    _first_page_matches_the_full_scoring(demo_db, 14)  # every demo account: complaints, prospects, archived


def test_the_first_page_has_the_scores_of_the_whole_portfolio_generated(tmp_path, frozen_clock, monkeypatch) -> None:  # noqa: ANN001
    from pathlib import Path

    from accountmgr.db import open_database

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1]))  # the benchmarks' generator
    from benchmarks.generate import generate

    path = generate(tmp_path / "generated.db", 400)
    db = open_database(path)
    try:
        page = _first_page_matches_the_full_scoring(db, 60)
        assert any(entry.value.rfmt for entry in page) and any(entry.churn_points for entry in page)
        assert any(entry.rfm != (0, 0, 0) for entry in page) and any(entry.value.clv_cents for entry in page)
        # Yearly revenue figures change recency, tenure and monetary value (on the page and among the others),
        # including for accounts that never won a deal and for zero or unknown years.
        from sqlmodel import select

        from accountmgr.models import Account
        from accountmgr.services import clock
        from accountmgr.models.revenue import AccountRevenue

        with db.session() as session:
            ids = [account_id for account_id in session.exec(select(Account.id).order_by(Account.id)).all()]
            this_year = clock.today().year
            for index, account_id in enumerate(ids[::3]):
                for back in range(index % 5):
                    actual = None if (index + back) % 7 == 0 else ((index * 37 + back * 11) % 9) * 100_000
                    session.add(AccountRevenue(account_id=account_id, year=this_year - back, actual_cents=actual))
        page = _first_page_matches_the_full_scoring(db, 60)
        assert any(entry.value.from_revenue for entry in page)
        _first_page_matches_the_full_scoring(db, 5)
    finally:
        db.close()


def test_any_page_scored_on_its_own_has_the_scores_of_the_whole_portfolio(tmp_path, frozen_clock, monkeypatch) -> None:  # noqa: ANN001
    """The quick path (a page ranked against lean populations) gives every account, in any order, archived ones and
    won deals without any date included, exactly the scores the whole portfolio's scoring gives it."""
    from datetime import timedelta, timezone
    from pathlib import Path

    from sqlmodel import select

    from accountmgr.db import open_database
    from accountmgr.models import Account, Opportunity, OpportunityStatus
    from accountmgr.services.portfolio import scored_first_page

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1]))  # the benchmarks' generator
    from benchmarks.generate import generate

    db = open_database(generate(tmp_path / "generated.db", 300, seed=11))
    try:
        with db.session() as session:
            deals = session.exec(select(Opportunity).order_by(Opportunity.id)).all()
            for index, deal in enumerate(deals[::9]):
                # Won, with neither a close nor an expected close date: dated by its last change, recent or not.
                deal.status, deal.closed_on, deal.expected_close = OpportunityStatus.WON, None, None
                deal.updated_at = datetime(2026, 11, 1, tzinfo=timezone.utc) - timedelta(days=(index % 4) * 400)
            for account in session.exec(select(Account).where(Account.id % 17 == 0)).all():
                account.archived = True
        full = load_portfolio(db)
        ids = [entry.id for entry in full.entries]
        for start in range(0, len(ids), 70):
            chunk = ids[start:start + 70][::-1]
            page, total = scored_first_page(db, ids=chunk)
            assert total == sum(not entry.archived for entry in full.entries)
            assert [entry.id for entry in page] == chunk
            assert [_shown_scores(entry) for entry in page] == [_shown_scores(full.get(i)) for i in chunk]
        assert any(entry.archived and entry.value.rfmt for entry in full.entries)
        assert len({entry.segment for entry in full.entries}) >= 4 and len({entry.rfm for entry in full.entries}) > 20
    finally:
        db.close()
