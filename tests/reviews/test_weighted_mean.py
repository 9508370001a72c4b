"""Each review's weighted mean is stored with its scores (the ranking reads it instead of
summing every score): after a draft, a submission, a revision and in the factories it is the
mean `calibration.weighted_mean` gives of the scores as they stand in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.reviews import calibration, discussions, queries, reviewing
from app.reviews.models import ReviewAssignment, ReviewScore
from app.solicitations.models import RubricCriterion
from tests.reviews.factories import Review, make_assignment


def stored_and_computed(assignment: ReviewAssignment) -> tuple[float | None, float | None]:
    """The mean the database holds, and the one its scores and the rubric's weights give."""
    db.session.flush()
    stored = db.session.scalar(
        select(ReviewAssignment.weighted_mean).where(ReviewAssignment.id == assignment.id)
    )
    weights = dict(
        db.session.execute(
            select(RubricCriterion.id, RubricCriterion.weight).where(
                RubricCriterion.solicitation_id == assignment.proposal.solicitation_id
            )
        ).all()
    )
    scores = dict(
        db.session.execute(
            select(ReviewScore.criterion_id, ReviewScore.score).where(
                ReviewScore.assignment_id == assignment.id
            )
        ).all()
    )
    return stored, calibration.weighted_mean(scores, weights) if scores else None


def uneven(assignment: ReviewAssignment, first: int = 5) -> dict[str, str]:
    """Scores that differ by criterion (so the rubric's weights matter): `first`, then 1, 2, …"""
    criteria = assignment.proposal.solicitation.criteria
    values = [first, *range(1, len(criteria))]
    return {f"score_{c.id}": str(v) for c, v in zip(criteria, values, strict=True)}


def test_the_rubric_weighs_its_criteria_unevenly(review: Review) -> None:
    """Otherwise a mean forgetting the weights would pass the tests below."""
    assert len({c.weight for c in review.solicitation.criteria}) > 1


def test_the_stored_mean_follows_a_draft_and_the_submission(review: Review) -> None:
    assignment = make_assignment(review.proposals[0], review.us[0])
    assert stored_and_computed(assignment) == (None, None)
    first = review.solicitation.criteria[0]
    reviewing.save_review(assignment, {f"score_{first.id}": "3"}, submit=False, actor=review.us[0])
    assert stored_and_computed(assignment) == (3.0, 3.0)
    reviewing.save_review(
        assignment,
        {**uneven(assignment), "comments_to_applicant": "Clear.", "recommendation": "select"},
        submit=True,
        actor=review.us[0],
    )
    stored, computed = stored_and_computed(assignment)
    assert computed is not None and computed != 3.0
    assert stored == pytest.approx(computed)
    assert queries.review_weighted_mean(assignment) == pytest.approx(computed)


def test_a_draft_that_drops_its_scores_has_no_mean(review: Review) -> None:
    assignment = make_assignment(review.proposals[0], review.us[0], scores=[4] * 5)
    reviewing.save_review(assignment, {}, submit=False, actor=review.us[0])
    assert stored_and_computed(assignment) == (None, None)


def test_the_stored_mean_follows_a_revision(review: Review) -> None:
    proposal = review.proposals[0]
    make_assignment(proposal, review.us[0], scores=[5] * 5, submitted=True)
    low = make_assignment(proposal, review.cn[0], scores=[1] * 5, submitted=True)
    discussions.open_if_disagreeing(proposal, cause="review_submitted")
    reviewing.revise_review(
        low, {**uneven(low, first=2), "recommendation": "discuss"}, actor=review.cn[0]
    )
    stored, computed = stored_and_computed(low)
    assert computed is not None and computed != 1.0
    assert stored == pytest.approx(computed)
    [(_, _, ranked)] = [
        row
        for row in queries.review_weighted_means(review.solicitation)
        if row[0] == low.reviewer_id
    ]
    assert ranked == pytest.approx(computed)


def test_the_factory_stores_the_mean_of_the_scores_it_gives(review: Review) -> None:
    assignment = make_assignment(review.proposals[0], review.us[0], scores=[5, 1, 2, 3, 4])
    stored, computed = stored_and_computed(assignment)
    assert stored is not None and stored == pytest.approx(computed)
