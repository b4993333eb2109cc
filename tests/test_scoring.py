"""Every micromarketing rule on its own: attractiveness, bands, segments, RFM quintiles, churn points, matrix cells."""

from __future__ import annotations

import pytest

from accountmgr.models import ProfitGrade, RelationshipLevel
from accountmgr.services import scoring
from accountmgr.services.scoring import Band, ChurnInputs, Percentiles, Quintiles, Segment

WEIGHTS = {"purchase_potential": 35, "absorption_potential": 25, "strategic_value": 20, "pipeline": 20}


def test_percentile_counts_ties_half_and_nothing_as_zero() -> None:
    ranks = Percentiles([100, 200, 200, 400, None])
    assert ranks.of(400) == pytest.approx(90.0)  # 4 below + half of itself, out of 5
    assert ranks.of(200) == pytest.approx(60.0)  # 2 below (None counts as 0) + half of 2 ties
    assert ranks.of(None) == 0.0
    assert ranks.of(0) == 0.0
    assert Percentiles([]).of(100) == 0.0


def test_strategic_value_spans_the_whole_range() -> None:
    assert [scoring.strategic_part(v) for v in (None, 1, 3, 5)] == [0.0, 0.0, 50.0, 100.0]


def test_attractiveness_is_the_weighted_mean_of_its_parts() -> None:
    parts = {"purchase_potential": 100.0, "absorption_potential": 0.0, "strategic_value": 50.0, "pipeline": 0.0}
    assert scoring.attractiveness(parts, WEIGHTS) == 45  # 35 + 10
    # Weights need not add up to 100: only their proportions count.
    assert scoring.attractiveness(parts, {k: v * 2 for k, v in WEIGHTS.items()}) == 45
    assert scoring.attractiveness(parts, {"purchase_potential": 1}) == 100
    assert scoring.attractiveness(parts, {}) == 0


@pytest.mark.parametrize(("score", "band"), [(0, Band.LOW), (39, Band.LOW), (40, Band.MEDIUM), (59, Band.MEDIUM),
                                             (60, Band.HIGH), (100, Band.HIGH)])
def test_attractiveness_bands(score: int, band: Band) -> None:
    assert scoring.band_of_attractiveness(score) is band


@pytest.mark.parametrize(("points", "band"), [(0, Band.LOW), (1, Band.LOW), (2, Band.MEDIUM), (3, Band.MEDIUM),
                                              (4, Band.HIGH), (9, Band.HIGH)])
def test_churn_bands(points: int, band: Band) -> None:
    assert scoring.band_of_churn(points) is band


def test_top_quartile_threshold_counts_the_whole_portfolio_but_needs_a_win() -> None:
    assert scoring.top_quartile_threshold([0, 0, 0, 0, 0, 0, 0, 500]) == 500  # quarter of 8 is 2; one won
    assert scoring.top_quartile_threshold([100, 200, 300, 400]) == 400
    assert scoring.top_quartile_threshold([100, 200, 300, 400, 500]) == 400  # ceil(5/4) = 2 accounts
    assert scoring.top_quartile_threshold([0, 0]) is None


def test_segments_follow_the_rules_in_order() -> None:
    assert scoring.segment_of(900, Band.LOW, None, 500) is Segment.HIGH_PERFORMANCE
    assert scoring.segment_of(900, Band.HIGH, ProfitGrade.UNPROFITABLE, 500) is Segment.BELOW_ZERO
    assert scoring.segment_of(100, Band.HIGH, None, 500) is Segment.HIGH_POTENTIAL
    assert scoring.segment_of(0, Band.LOW, ProfitGrade.HIGH, 500) is Segment.BELOW_ZERO
    assert scoring.segment_of(100, Band.LOW, None, 500) is Segment.CORE
    assert scoring.segment_of(0, Band.MEDIUM, None, None) is Segment.CORE
    # A prospect has never bought: nothing won is no reason to call it below-zero.
    assert scoring.segment_of(0, Band.LOW, None, 500, RelationshipLevel.PROSPECT) is Segment.CORE
    assert scoring.segment_of(0, Band.LOW, ProfitGrade.UNPROFITABLE, 500, RelationshipLevel.PROSPECT) \
        is Segment.BELOW_ZERO


def test_quintiles_give_five_to_the_top_fifth() -> None:
    fifths = Quintiles(range(1, 11))
    assert [fifths.of(v) for v in (1, 2, 3, 6, 9, 10)] == [1, 1, 2, 3, 5, 5]
    assert fifths.of(None) == 0
    assert Quintiles([]).of(3) == 0


def calm(**changes: object) -> ChurnInputs:
    """An account with no warning sign; tests change one thing at a time."""
    values: dict[str, object] = dict(
        level=RelationshipLevel.ACCOUNT, last_satisfaction=8, previous_satisfaction=8, satisfaction_from_review=True,
        key_players=2, days_since_key_contact=10, key_opponent=None, competitor=None, competitor_level=None,
        lost_recently=None,
    )
    values.update(changes)
    return ChurnInputs(**values)  # type: ignore[arg-type]


def test_no_warning_sign_scores_zero() -> None:
    assert scoring.churn(calm(), 60) == (0, ())


@pytest.mark.parametrize(
    ("changes", "points", "reason"),
    [
        ({"last_satisfaction": 5}, 2, "below 6"),
        ({"last_satisfaction": 5, "previous_satisfaction": 9}, 2, "below 6"),  # low and falling: +2, not +3
        ({"last_satisfaction": 7, "previous_satisfaction": 9}, 1, "fell from 9 to 7"),
        ({"last_satisfaction": 4, "satisfaction_from_review": False}, 2, "latest known satisfaction"),
        ({"days_since_key_contact": 61}, 2, "61 days ago (limit 60)"),
        ({"days_since_key_contact": None}, 2, "no contact recorded"),
        ({"key_players": 0, "days_since_key_contact": None}, 2, "no key player known"),
        ({"key_opponent": "Ada Brandt"}, 1, "Ada Brandt is an opponent"),
        ({"competitor": "Rivals AG", "competitor_level": RelationshipLevel.PARTNER}, 2, "Rivals AG is at Partner"),
        ({"lost_recently": "Big retrofit"}, 1, "“Big retrofit” lost"),
    ],
)
def test_each_churn_rule_adds_its_points_with_a_reason(changes: dict, points: int, reason: str) -> None:
    got, reasons = scoring.churn(calm(**changes), 60)
    assert got == points
    assert len(reasons) == 1 and reason in reasons[0] and reasons[0].startswith(f"+{points}")


def test_churn_edges_that_score_nothing() -> None:
    assert scoring.churn(calm(days_since_key_contact=60), 60)[0] == 0  # at the limit is not beyond it
    assert scoring.churn(calm(competitor="Peer", competitor_level=RelationshipLevel.ACCOUNT), 60)[0] == 0
    prospect = calm(level=RelationshipLevel.PROSPECT, key_players=0, days_since_key_contact=None)
    assert scoring.churn(prospect, 60)[0] == 0  # nothing to lose yet
    assert scoring.churn(calm(last_satisfaction=None, previous_satisfaction=None), 60)[0] == 0


def test_churn_points_add_up() -> None:
    worst = calm(last_satisfaction=3, days_since_key_contact=200, key_opponent="X", competitor="Y",
                 competitor_level=RelationshipLevel.PARTNER, lost_recently="Z")
    points, reasons = scoring.churn(worst, 60)
    assert points == 8 and len(reasons) == 5


def test_level_matrix_cells() -> None:
    assert scoring.level_cell(Band.HIGH, RelationshipLevel.BUYER) is scoring.DEVELOP
    assert scoring.level_cell(Band.HIGH, RelationshipLevel.ACCOUNT) is scoring.PROTECT
    assert scoring.level_cell(Band.MEDIUM, RelationshipLevel.PROSPECT) is scoring.OPPORTUNISTIC
    assert scoring.level_cell(Band.LOW, RelationshipLevel.PARTNER) is scoring.SERVE


def test_risk_matrix_cells() -> None:
    assert scoring.risk_cell(Segment.HIGH_PERFORMANCE, Band.LOW) is scoring.KEEP
    assert scoring.risk_cell(Segment.HIGH_POTENTIAL, Band.MEDIUM) is scoring.RESCUE
    assert scoring.risk_cell(Segment.CORE, Band.LOW) is scoring.GROW
    assert scoring.risk_cell(Segment.BELOW_ZERO, Band.HIGH) is scoring.REVIEW
    assert all(cell.recommendation for row in scoring.RISK_MATRIX + scoring.LEVEL_MATRIX for cell in row)
