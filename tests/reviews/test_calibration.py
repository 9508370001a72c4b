"""The ranking arithmetic, checked against numbers worked out by hand."""

from __future__ import annotations

from math import sqrt

import pytest

from app.reviews.calibration import (
    Review,
    calibrate,
    mean,
    population_sd,
    rank,
    sort_rows,
    spread,
    weighted_mean,
)

# Three criteria; the first counts double.
WEIGHTS = {1: 2.0, 2: 1.0, 3: 1.0}
SCALE = (1, 5)


def hand_worked_reviews() -> list[Review]:
    """Reviewer 10 is lenient, reviewer 20 severe, reviewer 30 wrote one review.

    Weighted means (Σ w·s / 4):
      10 on P1: (2·5 + 5 + 4) / 4 = 4.75     10 on P2: (2·4 + 4 + 4) / 4 = 4.00
      20 on P1: (2·3 + 3 + 2) / 4 = 2.75     20 on P2: (2·2 + 1 + 1) / 4 = 1.50
      30 on P2: (2·3 + 3 + 3) / 4 = 3.00
    """
    return [
        Review(10, 1, {1: 5, 2: 5, 3: 4}),
        Review(10, 2, {1: 4, 2: 4, 3: 4}),
        Review(20, 1, {1: 3, 2: 3, 3: 2}),
        Review(20, 2, {1: 2, 2: 1, 3: 1}),
        Review(30, 2, {1: 3, 2: 3, 3: 3}),
    ]


def test_weighted_mean_uses_the_rubric_weights() -> None:
    assert weighted_mean({1: 5, 2: 5, 3: 4}, WEIGHTS) == 4.75
    # The default rubric's weights (25/20/20/20/15): (125 + 80 + 60 + 80 + 30) / 100.
    default = {1: 25, 2: 20, 3: 20, 4: 20, 5: 15}
    assert weighted_mean({1: 5, 2: 4, 3: 3, 4: 4, 5: 2}, default) == pytest.approx(3.75)


def test_weighted_mean_needs_a_score() -> None:
    with pytest.raises(ValueError):
        weighted_mean({}, WEIGHTS)


def test_statistics_helpers() -> None:
    assert mean([4.75, 2.75]) == 3.75
    assert population_sd([4.75, 4.0]) == pytest.approx(0.375)
    assert population_sd([3.0]) == 0
    assert spread([4.0, 1.5, 3.0]) == 2.5


def test_raw_calibrated_spread_and_disagreement_by_hand() -> None:
    """Pool of the five review means: μ = 16/5 = 3.2; σ² = (1.55² + 0.8² + 0.45² + 1.7² +
    0.2²)/5 = 6.175/5 = 1.235, σ = √1.235 ≈ 1.1113.

    Reviewer 10: μ = 4.375, σ = 0.375, so z(P1) = +1, z(P2) = −1.
    Reviewer 20: μ = 2.125, σ = 0.625, so z(P1) = +1, z(P2) = −1.
    Reviewer 30: one review, not corrected: 3.0.
    Calibrated P1 = 3.2 + σ ≈ 4.3113; P2 = ((3.2 − σ)·2 + 3.0) / 3 ≈ 2.3925.
    Raw P1 = (4.75 + 2.75)/2 = 3.75; P2 = (4 + 1.5 + 3)/3 = 2.8333. Spreads 2.0 and 2.5.
    """
    sigma = sqrt(1.235)
    rows = {row.proposal_id: row for row in rank(hand_worked_reviews(), WEIGHTS, SCALE, 2.5)}
    p1, p2 = rows[1], rows[2]
    assert (p1.reviews, p2.reviews) == (2, 3)
    assert p1.raw == pytest.approx(3.75)
    assert p2.raw == pytest.approx(8.5 / 3)
    assert p1.calibrated == pytest.approx(3.2 + sigma)
    assert p2.calibrated == pytest.approx(((3.2 - sigma) * 2 + 3.0) / 3)
    assert p1.calibrated == pytest.approx(4.3113, abs=1e-4)
    assert p2.calibrated == pytest.approx(2.3925, abs=1e-4)
    assert (p1.spread, p2.spread) == (2.0, 2.5)
    # The threshold is inclusive: a spread of 2.5 reaches 2.5.
    assert (p1.disagreement, p2.disagreement) == (False, True)
    both = {row.proposal_id: row for row in rank(hand_worked_reviews(), WEIGHTS, SCALE, 2.0)}
    assert both[1].disagreement and both[2].disagreement


def test_calibration_corrects_severity_between_reviewers() -> None:
    """Two reviewers who rank the same two proposals the same way, one severe, one lenient:
    after calibration the two reviews of each proposal agree exactly."""
    calibrated = calibrate([(1, 1, 5.0), (1, 2, 4.0), (2, 1, 3.0), (2, 2, 1.0)], SCALE)
    assert calibrated[(1, 1)] == pytest.approx(calibrated[(2, 1)])
    assert calibrated[(1, 2)] == pytest.approx(calibrated[(2, 2)])


def test_calibration_is_clamped_to_the_scale() -> None:
    """Reviewer 1 gives 3, 1, 1 (μ 5/3, σ ≈ 0.9428, so z(3) = √2); reviewer 2 gives 3 and 3
    (σ 0: centred). Pool μ = 2.2, σ = √0.96 ≈ 0.9798: 2.2 + √2·0.9798 ≈ 3.586, above the top
    of a 1–3 scale, so 3."""
    values = [(1, 1, 3.0), (1, 2, 1.0), (1, 3, 1.0), (2, 4, 3.0), (2, 5, 3.0)]
    calibrated = calibrate(values, (1, 3))
    assert calibrated[(1, 1)] == 3
    assert calibrated[(2, 4)] == pytest.approx(2.2)  # all-equal reviewer: the pool mean
    assert calibrated[(1, 2)] == pytest.approx(max(1, 2.2 - (1 / sqrt(2)) * sqrt(0.96)))


def test_a_single_review_disagrees_with_nobody() -> None:
    rows = rank([Review(1, 7, {1: 5, 2: 1, 3: 1})], WEIGHTS, SCALE, 0.1)
    assert rows[0].spread == 0 and not rows[0].disagreement
    assert rows[0].calibrated == pytest.approx(rows[0].raw)


def test_proposals_without_reviews_are_listed_last() -> None:
    rows = rank(hand_worked_reviews(), WEIGHTS, SCALE, 2.5, proposal_ids=[1, 2, 3])
    assert [row.proposal_id for row in rows] == [1, 2, 3]
    assert rows[-1].reviews == 0 and rows[-1].raw is None and rows[-1].calibrated is None


def test_sorting_by_each_column() -> None:
    rows = rank(hand_worked_reviews(), WEIGHTS, SCALE, 2.5, proposal_ids=[1, 2, 3])
    assert [r.proposal_id for r in sort_rows(rows, "spread")] == [2, 1, 3]
    assert [r.proposal_id for r in sort_rows(rows, "raw", descending=False)] == [2, 1, 3]
    assert [r.proposal_id for r in sort_rows(rows, "reviews")] == [2, 1, 3]
    assert [r.proposal_id for r in sort_rows(rows, "calibrated")] == [1, 2, 3]
    with pytest.raises(ValueError):
        sort_rows(rows, "reviewer")
