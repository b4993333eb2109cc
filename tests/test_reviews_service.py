"""Reviews: seeded drivers, key drivers, the trend, the account's satisfaction, and validation."""

from __future__ import annotations

import pytest

from accountmgr.models import SATISFACTION_DRIVERS
from accountmgr.services import accounts, reviews
from accountmgr.services.errors import DomainError

pytestmark = pytest.mark.both_engines  # the services on SQLite and on PostgreSQL


@pytest.fixture
def account_id(db, frozen_clock) -> int:
    return accounts.create_account(db, {"name": "Acme"}).id


def test_new_review_is_seeded_with_the_drivers_and_sets_satisfaction(db, account_id) -> None:
    review = reviews.create_review(db, account_id, {"satisfaction": "8", "loyalty": 7})
    assert [d.driver for d in reviews.review_drivers(db, review.id)] == list(SATISFACTION_DRIVERS)
    assert accounts.get_account(db, account_id).satisfaction == 8


def test_older_review_does_not_replace_the_latest_satisfaction(db, account_id) -> None:
    reviews.create_review(db, account_id, {"reviewed_on": "2026-10-01", "satisfaction": 8})
    reviews.create_review(db, account_id, {"reviewed_on": "2026-01-01", "satisfaction": 4})
    assert accounts.get_account(db, account_id).satisfaction == 8


def test_key_drivers_important_and_widest_gap_first() -> None:
    drivers = [
        {"driver": "Price", "importance": 5, "our_score": 5, "competitor_score": 8},
        {"driver": "Empathy", "importance": 2, "our_score": 2, "competitor_score": 9},
        {"driver": "Reliability", "importance": 4, "our_score": 7, "competitor_score": 8},
        {"driver": "Responsiveness", "importance": 4, "our_score": 4, "competitor_score": None},
        {"driver": "Technical quality", "importance": 5, "our_score": 9, "competitor_score": 7},
    ]
    found = reviews.key_drivers(drivers)
    assert [k.driver for k in found] == ["Price", "Responsiveness", "Reliability"]
    assert found[0].gap == 3 and "competitor scores 8" in found[0].reason
    assert "pass mark" in found[1].reason


def test_trend_and_direction(db, account_id) -> None:
    reviews.create_review(db, account_id, {"reviewed_on": "2026-03-01", "satisfaction": 8})
    reviews.create_review(db, account_id, {"reviewed_on": "2026-09-01", "satisfaction": 6})
    points = reviews.trend(db, account_id)
    assert [p.satisfaction for p in points] == [8, 6]
    assert reviews.direction([p.satisfaction for p in points]) == "falling"
    assert reviews.direction([5, None, 7]) == "rising"
    assert reviews.direction([5]) == ""


def test_set_drivers_replaces_the_list_all_or_nothing(db, account_id) -> None:
    review = reviews.create_review(db, account_id, {"satisfaction": 7})
    with pytest.raises(DomainError) as error:
        reviews.set_drivers(db, review.id, [{"driver": "Price", "importance": 9}])
    assert error.value.field == "importance" and "Driver 1" in error.value.message
    assert len(reviews.review_drivers(db, review.id)) == len(SATISFACTION_DRIVERS)
    with pytest.raises(DomainError, match="listed twice"):
        reviews.set_drivers(db, review.id, [{"driver": "Price", "importance": 3}, {"driver": "price", "importance": 2}])
    reviews.set_drivers(db, review.id, [{"driver": "Delivery speed", "importance": 5, "our_score": 4}])
    assert [d.driver for d in reviews.review_drivers(db, review.id)] == ["Delivery speed"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"satisfaction": 11}, "satisfaction"),
        ({"loyalty": "high"}, "loyalty"),
        ({"profitability_pct": 150}, "profitability_pct"),
        ({"project_progress": -5}, "project_progress"),
        ({"reviewed_on": "32/13/2026"}, "reviewed_on"),
    ],
)
def test_review_field_spec_refuses_bad_input(db, account_id, raw, field) -> None:
    with pytest.raises(DomainError) as error:
        reviews.create_review(db, account_id, raw)
    assert error.value.field == field
    assert reviews.list_reviews(db, account_id) == []


def test_a_new_review_starts_from_the_previous_drivers_and_importances(db, frozen_clock) -> None:  # noqa: ANN001
    account_id = accounts.create_account(db, {"name": "Rößler & Söhne"}).id
    first = reviews.create_review(db, account_id, {"reviewed_on": "2026-06-01"})
    assert [d.importance for d in reviews.review_drivers(db, first.id)] == [3] * 6  # the first review: the defaults
    reviews.set_drivers(db, first.id, [
        {"driver": "Reliability", "importance": 5, "our_score": 6, "competitor_score": 8},
        {"driver": "Lead time «express»", "importance": 4, "our_score": 7, "competitor_score": 7},
    ])
    second = reviews.create_review(db, account_id, {"reviewed_on": "2026-11-01"})
    carried = [(d.driver, d.importance, d.our_score, d.competitor_score) for d in reviews.review_drivers(db, second.id)]
    assert carried == [("Reliability", 5, None, None), ("Lead time «express»", 4, None, None)]


def test_gaps_read_as_words() -> None:
    assert reviews.gap_text(6, 7) == "competitor ahead by 1"
    assert reviews.gap_text(9, 7) == "we lead by 2"
    assert reviews.gap_text(5, 5) == "level"
    assert reviews.gap_text(None, 5) == "—"
