"""What changed since the last review: read from the activity log, merged per record, phrased for people."""

from __future__ import annotations

from datetime import date, timedelta

from accountmgr.services import clock
from accountmgr.services.accounts import create_account, update_account
from accountmgr.services.assessments import record_assessment
from accountmgr.services.changes import changes_by_account, changes_since_last_review, review_cutoff
from accountmgr.services.dmu import create_member, delete_member, update_member
from accountmgr.services.opportunities import close_opportunity, create_opportunity, update_opportunity
from accountmgr.services.plan import create_action, mark_done
from accountmgr.services.reviews import create_review


def _before_the_review(db) -> None:  # noqa: ANN001
    """Date everything logged so far long before the review, as if it happened then."""
    with db.connection() as conn:
        conn.execute("UPDATE activity_log SET at = '2026-01-01 08:00:00.000000'")
        conn.commit()


def _setup(db):  # noqa: ANN001, ANN202
    account = create_account(db, {"name": "Acme Foods", "current_level": "buyer"})
    anna = create_member(db, account.id, {"name": "Anna Verdi", "title": "CFO", "attitude": "neutral"})
    bruno = create_member(db, account.id, {"name": "Bruno Neri", "title": "Buyer"})
    deal = create_opportunity(db, account.id, {"name": "Line upgrade", "value_cents": "200k", "probability": 30,
                                               "stage": "qualified"})
    other = create_opportunity(db, account.id, {"name": "Spare parts", "value_cents": "20k", "probability": 50})
    action = create_action(db, account.id, {"scheduled_at": clock.now() + timedelta(days=1), "objective": "Plant visit"},
                           member_ids=[anna.id])
    _before_the_review(db)
    create_review(db, account.id, {"reviewed_on": clock.today() - timedelta(days=10), "satisfaction": 7})
    return account, anna, bruno, deal, other, action


def test_a_review_opens_with_the_changes_after_it_grouped_and_phrased(db, frozen_clock) -> None:  # noqa: ANN001
    account, anna, bruno, deal, other, action = _setup(db)
    record_assessment(db, account.id, ["buyer.objectives", "buyer.values", "buyer.focus", "account.objectives",
                                       "account.values", "account.focus"], "account", assessed_on=clock.today())
    update_member(db, anna.id, {"attitude": "supporter"})
    update_member(db, anna.id, {"attitude": "champion"})
    create_member(db, account.id, {"name": "Carla Bassi", "title": "Plant Director"})
    delete_member(db, bruno.id)
    update_opportunity(db, deal.id, {"stage": "proposal"})
    close_opportunity(db, other.id, True, "Best delivery time")
    mark_done(db, action.id, "Agreed a pilot")

    changes = changes_since_last_review(db, account.id)
    assert changes.since == clock.today() - timedelta(days=10)
    assert changes.heading == f"What changed since the last review ({changes.since.isoformat()})"
    groups = {group.title: group.items for group in changes.groups}
    assert list(groups) == ["Relationship level", "Decision-making unit", "Opportunities", "Communication plan"]
    assert "Relationship level rose from Buyer to Account." in groups["Relationship level"]
    assert f"Level assessed as Account on {clock.today().isoformat()}." in groups["Relationship level"]
    # Two edits of one person read as one change, first value to last.
    # Marking the visit done also moved Anna's last contact and coverage: that is news too.
    assert groups["Decision-making unit"][0].startswith("Anna Verdi: Attitude Neutral → Champion; last contact set")
    assert "New in the DMU: Carla Bassi, Plant Director." in groups["Decision-making unit"]
    assert "Removed: Bruno Neri." in groups["Decision-making unit"]
    assert "Line upgrade: Stage Qualified → Proposal." in groups["Opportunities"]
    assert "Won: Spare parts — Best delivery time." in groups["Opportunities"]
    assert groups["Communication plan"] == ("Done: Plant visit — Agreed a pilot.",)


def test_nothing_after_the_review_means_no_groups(db, frozen_clock) -> None:  # noqa: ANN001
    account, *_ = _setup(db)
    changes = changes_since_last_review(db, account.id)
    assert changes.empty


def test_an_edit_undone_before_the_next_review_is_not_news(db, frozen_clock) -> None:  # noqa: ANN001
    account, anna, *_ = _setup(db)
    update_member(db, anna.id, {"attitude": "sceptic"})
    update_member(db, anna.id, {"attitude": "neutral"})
    assert changes_since_last_review(db, account.id).empty


def test_without_a_review_the_whole_history_counts(db, frozen_clock) -> None:  # noqa: ANN001
    account = create_account(db, {"name": "New Co"})
    update_account(db, account.id, {"target_level": "buyer"})
    changes = changes_since_last_review(db, account.id)
    assert changes.since is None and changes.heading.startswith("What changed (no review yet")
    # A record created and changed in the window reads as new, in its final state.
    assert [(g.title, g.items) for g in changes.groups] == [("Account details", ("The account was created.",))]


def test_history_typed_in_after_the_review_but_dated_before_it_is_left_out(db, frozen_clock) -> None:  # noqa: ANN001
    account, *_ = _setup(db)
    record_assessment(db, account.id, [], "buyer", note="From last year's notes",
                      assessed_on=clock.today() - timedelta(days=200))
    assert changes_since_last_review(db, account.id).empty


def test_the_bulk_form_matches_one_account_at_a_time(db, frozen_clock) -> None:  # noqa: ANN001
    first, anna, *_ = _setup(db)
    update_member(db, anna.id, {"title": "Chief Financial Officer"})
    second = create_account(db, {"name": "Second Co"})
    bulk = changes_by_account(db)
    assert bulk[first.id] == changes_since_last_review(db, first.id)
    assert bulk[second.id] == changes_since_last_review(db, second.id)


def test_a_review_entered_on_the_day_counts_from_when_it_was_entered() -> None:
    from datetime import datetime, timezone

    entered = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)
    assert review_cutoff(date(2026, 11, 20), entered) == datetime(2026, 11, 20, 15, 0)
    late = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
    assert review_cutoff(date(2026, 11, 20), late) < datetime(2026, 11, 21, 12, 0)


def test_the_demo_story_reads_as_what_happened_after_the_last_review(demo_db) -> None:  # noqa: ANN001
    """The demo logs each record when its story says it happened, so a review sees only what came after it."""
    from accountmgr.services.accounts import find_account

    changes = changes_since_last_review(demo_db, find_account(demo_db, "Helvetia Pharma Logistics").id)
    assert changes.since is not None and changes.note == ""
    groups = {group.title: group.items for group in changes.groups}
    everything = [item for items in groups.values() for item in items]
    # Closed, reviewed or done before the last review: not news at it; people known for long: not new.
    assert not [item for item in everything if "Picking automation" in item or "review of" in item]
    assert "Reviews" not in groups and "Account details" not in groups and "People" not in groups
    # Done after it: said as done, with the day, not as "Planned".
    assert any(item.startswith("Done on 2026-09-16: Lost-deal debrief") for item in groups["Communication plan"])
    assert not [item for item in everything if "demo portfolio" in item]


def test_history_entered_after_the_last_review_says_so(db, frozen_clock) -> None:  # noqa: ANN001
    """An account typed in (or imported) after the fact, with an older review: its records are flagged as entered late."""
    account = create_account(db, {"name": "Late Entry Co"})
    create_member(db, account.id, {"name": "Carla Bassi", "title": "COO"})
    create_review(db, account.id, {"reviewed_on": clock.today() - timedelta(days=30), "satisfaction": 6})
    changes = changes_since_last_review(db, account.id)
    assert changes.note.startswith(f"The account was entered on {clock.today():%Y-%m-%d}, after its last review")


def test_complaints_and_influence_lines_appear_in_what_changed(db, frozen_clock) -> None:  # noqa: ANN001
    from accountmgr.services import complaints, informal

    account, anna, bruno, deal, other, action = _setup(db)
    row = complaints.create_complaint(db, account.id, {"received_on": clock.today() - timedelta(days=2),
                                                       "nature": "delivery", "summary": "Pallets “crushed”",
                                                       "member_id": anna.id})
    complaints.update_complaint(db, row.id, {"status": "answered", "resolution": "Replaced"})
    informal.add_line(db, account.id, {"from_id": bruno.id, "to_id": anna.id, "strength": "strong"})
    groups = {group.title: group.items for group in changes_since_last_review(db, account.id).groups}
    assert groups["Complaints and recovery"] == ("New complaint: Pallets “crushed” (delivery, answered).",)
    assert any("Bruno Neri → Anna Verdi" in item for item in groups["Decision-making unit"])


def test_revenue_objectives_risks_and_asks_after_the_review_are_news(db, frozen_clock) -> None:  # noqa: ANN001
    from accountmgr.services import asks, objectives, revenue, risks

    account, *_ = _setup(db)
    revenue.create_year(db, account.id, {"year": 2026, "actual_cents": "120k", "target_cents": "150k"})
    goal = objectives.create_objective(db, account.id, {"title": "Partner by Q3 2027", "due_on": "2027-09-30"})
    objectives.add_milestone(db, goal.id, {"title": "Joint roadmap signed"})
    risk = risks.create_risk(db, account.id, {"description": "Budget freeze", "likelihood": 4, "impact": 4})
    risks.mark_mitigated(db, risk.id)
    asks.create_ask(db, account.id, {"request": "Executive sponsor", "asked_of": "Sales director"})
    groups = {g.title: g.items for g in changes_since_last_review(db, account.id).groups}
    assert any("2026" in item for item in groups["Revenue"])
    assert any("Partner by Q3 2027" in item for item in groups["Objectives"])
    assert any("Joint roadmap signed" in item for item in groups["Objectives"])
    assert any("Budget freeze" in item for item in groups["Risks"])
    assert any("Executive sponsor" in item for item in groups["Asks of management"])
