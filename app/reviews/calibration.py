"""The ranking of proposals from their reviews: pure computations, no database, no Flask.

For each submitted review, its **weighted mean**: Σ weight·score / Σ weight over the rubric's
criteria. For each proposal:

- the **raw score**: the mean of its reviews' weighted means;
- the **calibrated score**: the same after correcting each reviewer's severity. Every review's
  weighted mean is standardized against its own reviewer's reviews (z = (x − μ_r) / σ_r, with the
  population standard deviation), then mapped back onto the scale of the whole pool
  (μ + z·σ, where μ and σ are those of every review in the solicitation), clamped to the scale.
  A reviewer's severity can only be judged from two reviews or more: a reviewer with a
  single review is left uncorrected (standardized against the pool itself), and one whose
  reviews are all equal is centred on the pool mean (σ_r taken as the pool's, so z = 0).
  The calibrated score is shown beside the raw one, never instead;
- the **spread**: the largest minus the smallest of its reviews' weighted means;
- the **disagreement flag**: spread ≥ the threshold the chairs choose.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import sqrt


@dataclass(frozen=True)
class Review:
    """One submitted review: who wrote it, on which proposal, criterion id → score."""

    reviewer_id: int
    proposal_id: int
    scores: Mapping[int, int]


@dataclass(frozen=True)
class Row:
    """One proposal's line in the ranking."""

    proposal_id: int
    reviews: int
    raw: float | None
    calibrated: float | None
    spread: float | None
    disagreement: bool


def weighted_mean(scores: Mapping[int, float], weights: Mapping[int, float]) -> float:
    """Σ weight·score / Σ weight over the criteria scored. Every criterion must have a weight."""
    total = sum(weights[criterion] for criterion in scores)
    if not scores or total <= 0:
        raise ValueError("a weighted mean needs at least one criterion with a positive weight")
    return sum(weights[criterion] * score for criterion, score in scores.items()) / total


def mean(values: Sequence[float]) -> float:
    """The arithmetic mean of a non-empty sequence."""
    return sum(values) / len(values)


def population_sd(values: Sequence[float]) -> float:
    """The population standard deviation (0 for a single value)."""
    centre = mean(values)
    return sqrt(sum((v - centre) ** 2 for v in values) / len(values))


def spread(values: Sequence[float]) -> float:
    """The largest minus the smallest value."""
    return max(values) - min(values)


def disagrees(gap: float, threshold: float) -> bool:
    """Whether a spread reaches the disagreement threshold. A hair of tolerance: 4.3 − 2.8 must
    count as a spread of 1.5."""
    return gap >= threshold - 1e-9


def calibrate(
    review_means: Sequence[tuple[int, int, float]], scale: tuple[float, float]
) -> dict[tuple[int, int], float]:
    """(reviewer, proposal) → the review's weighted mean corrected for its reviewer's severity.

    `review_means` holds (reviewer id, proposal id, weighted mean) triples.
    """
    if not review_means:
        return {}
    values = [value for _, _, value in review_means]
    pool_mean, pool_sd = mean(values), population_sd(values)
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for reviewer_id, _, value in review_means:
        by_reviewer[reviewer_id].append(value)
    stats = {}
    for reviewer_id, own in by_reviewer.items():
        if len(own) < 2:
            stats[reviewer_id] = (pool_mean, pool_sd)
        else:
            own_sd = population_sd(own)
            stats[reviewer_id] = (mean(own), own_sd if own_sd > 0 else pool_sd)
    low, high = scale
    calibrated = {}
    for reviewer_id, proposal_id, value in review_means:
        own_mean, own_sd = stats[reviewer_id]
        z = (value - own_mean) / own_sd if own_sd > 0 else 0.0
        calibrated[(reviewer_id, proposal_id)] = min(high, max(low, pool_mean + z * pool_sd))
    return calibrated


def rank(
    reviews: Iterable[Review],
    weights: Mapping[int, float],
    scale: tuple[float, float],
    disagreement_spread: float,
    proposal_ids: Iterable[int] = (),
) -> list[Row]:
    """One row per proposal (those in `proposal_ids` appear even without reviews), best raw
    score first; proposals without reviews last. Ties keep proposal id order."""
    review_means = [
        (review.reviewer_id, review.proposal_id, weighted_mean(review.scores, weights))
        for review in reviews
    ]
    return rank_means(review_means, scale, disagreement_spread, proposal_ids)


def rank_means(
    review_means: Sequence[tuple[int, int, float]],
    scale: tuple[float, float],
    disagreement_spread: float,
    proposal_ids: Iterable[int] = (),
) -> list[Row]:
    """`rank` from each review's weighted mean, as (reviewer id, proposal id, weighted mean)
    triples (the ranking reads them from the database already averaged)."""
    calibrated = calibrate(review_means, scale)
    raw_by_proposal: dict[int, list[float]] = defaultdict(list)
    calibrated_by_proposal: dict[int, list[float]] = defaultdict(list)
    for reviewer_id, proposal_id, value in review_means:
        raw_by_proposal[proposal_id].append(value)
        calibrated_by_proposal[proposal_id].append(calibrated[(reviewer_id, proposal_id)])
    rows = []
    for proposal_id in sorted(set(proposal_ids) | set(raw_by_proposal)):
        raw = raw_by_proposal.get(proposal_id)
        if not raw:
            rows.append(Row(proposal_id, 0, None, None, None, False))
            continue
        gap = spread(raw)
        rows.append(
            Row(
                proposal_id=proposal_id,
                reviews=len(raw),
                raw=mean(raw),
                calibrated=mean(calibrated_by_proposal[proposal_id]),
                spread=gap,
                disagreement=len(raw) > 1 and disagrees(gap, disagreement_spread),
            )
        )
    return sort_rows(rows, "raw")


SORT_KEYS = ("raw", "calibrated", "spread", "reviews")


def sort_rows(rows: Iterable[Row], key: str, descending: bool = True) -> list[Row]:
    """Rows sorted by one of SORT_KEYS; rows without a value always last, ties by proposal id."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}")

    def value(row: Row) -> float | None:
        found = getattr(row, key)
        return None if found is None or (key != "reviews" and row.reviews == 0) else float(found)

    present = [row for row in rows if value(row) is not None]
    absent = [row for row in rows if value(row) is None]
    present.sort(key=lambda row: row.proposal_id)
    present.sort(key=lambda row: value(row) or 0.0, reverse=descending)
    return present + sorted(absent, key=lambda row: row.proposal_id)
