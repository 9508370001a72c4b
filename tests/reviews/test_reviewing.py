"""Reviews, blindness, recusal and the internal discussion."""

from __future__ import annotations

import pytest

from app.errors import ServiceError
from app.reviews import assignment as review_assignment
from app.reviews import conflicts as review_conflicts
from app.reviews import policy, queries
from app.reviews import reviewing as review_reviewing
from app.reviews.models import (
    AssignmentState,
)
from app.solicitations.models import SolicitationStatus
from tests.reviews.factories import (
    Review,
    full_scores,
    make_assignment,
)

# --- reviewing, blindness, recusal ---------------------------------------------------------------


def test_a_reviewer_saves_a_draft_then_submits(review: Review) -> None:
    proposal = review.proposals[0]
    assignment = make_assignment(proposal, review.us[0])
    first = proposal.solicitation.criteria[0]
    review_reviewing.save_review(
        assignment,
        {f"score_{first.id}": "5", "comments_to_applicant": "Half done."},
        submit=False,
        actor=review.us[0],
    )
    assert assignment.state == AssignmentState.ASSIGNED
    assert [s.score for s in assignment.scores] == [5]
    with pytest.raises(ServiceError, match="Score every criterion"):
        review_reviewing.save_review(
            assignment, {"comments_to_applicant": "x"}, submit=True, actor=review.us[0]
        )
    with pytest.raises(ServiceError, match="from 1 to 5"):
        review_reviewing.save_review(
            assignment, {f"score_{first.id}": "9"}, submit=False, actor=review.us[0]
        )
    data = {
        **full_scores(proposal),
        "comments_to_applicant": "Clear plan.",
        "comments_to_secretariat": "Strong team.",
        "recommendation": "select",
    }
    review_reviewing.save_review(assignment, data, submit=True, actor=review.us[0])
    assert assignment.state == AssignmentState.SUBMITTED and assignment.submitted_at
    assert queries.review_weighted_mean(assignment) == pytest.approx(4.0)
    with pytest.raises(ServiceError, match="submitted"):
        review_reviewing.save_review(assignment, data, submit=False, actor=review.us[0])


def test_only_the_assigned_reviewer_writes_and_only_during_the_review(review: Review) -> None:
    assignment = make_assignment(review.proposals[0], review.us[0])
    with pytest.raises(ServiceError, match="Only the assigned reviewer"):
        review_reviewing.save_review(assignment, {}, submit=False, actor=review.chair_us)
    review.solicitation.status = SolicitationStatus.DECISIONS_PUBLISHED
    with pytest.raises(ServiceError, match="published"):
        review_reviewing.save_review(assignment, {}, submit=False, actor=review.us[0])


def test_other_reviews_are_hidden_until_one_submits_ones_own(review: Review) -> None:
    proposal = review.proposals[0]
    mine = make_assignment(proposal, review.us[0])
    make_assignment(proposal, review.cn[0], scores=[2] * 5, submitted=True)
    assert not policy.may_see_reviews(review.us[0], proposal)
    assert not policy.may_see_reviews(review.us[1], proposal)  # not assigned at all
    review_reviewing.save_review(
        mine,
        {**full_scores(proposal), "comments_to_applicant": "x", "recommendation": "discuss"},
        submit=True,
        actor=review.us[0],
    )
    assert policy.may_see_reviews(review.us[0], proposal)
    assert policy.may_see_reviews(review.chair_cn, proposal)


def test_a_conflicted_chair_sees_no_reviews_of_the_proposal(review: Review) -> None:
    proposal = review.proposals[0]
    review_conflicts.declare_conflict(
        review.chair_us, proposal.lead_organization, "x", actor=review.chair_us
    )
    assert not policy.may_see_reviews(review.chair_us, proposal)
    assert policy.may_see_reviews(review.chair_us, review.proposals[1])


def test_recusal(review: Review) -> None:
    proposal = review.proposals[0]
    assignment = make_assignment(proposal, review.us[0])
    with pytest.raises(ServiceError, match="reason"):
        review_conflicts.recuse(assignment, "", actor=review.us[0])
    review_conflicts.recuse(assignment, "My sister works there.", actor=review.us[0])
    assert assignment.state == AssignmentState.RECUSED
    assert not policy.may_review(review.us[0], assignment)
    assert policy.is_conflicted(review.us[0], proposal)
    # A recused reviewer is not assigned again, by hand or automatically.
    with pytest.raises(ServiceError):
        review_assignment.assign_reviewer(proposal, review.us[0], actor=review.chair_us)
    review_assignment.assign_automatically(review.solicitation, actor=review.chair_us)
    live = [
        a.reviewer_id
        for a in queries.assignments_for(review.solicitation)[proposal.id]
        if a.state != AssignmentState.RECUSED
    ]
    assert review.us[0].id not in live and len(live) == 2


# --- discussion --------------------------------------------------------------------------------


def test_discussion_is_for_chairs_and_reviewers_who_submitted(review: Review) -> None:
    proposal = review.proposals[0]
    pending = make_assignment(proposal, review.us[0])
    make_assignment(proposal, review.cn[0], scores=[3] * 5, submitted=True)
    with pytest.raises(ServiceError, match="cannot take part"):
        review_reviewing.post_comment(proposal, "Early thoughts", actor=review.us[0])
    review_reviewing.post_comment(proposal, "Budget realistic?", actor=review.cn[0])
    review_reviewing.post_comment(proposal, "Yes, per the letters.", actor=review.chair_us)
    assert [c.body for c in queries.comments_on(proposal)] == [
        "Budget realistic?",
        "Yes, per the letters.",
    ]
    with pytest.raises(ServiceError, match="Write a comment"):
        review_reviewing.post_comment(proposal, "   ", actor=review.chair_us)
    assert pending.state == AssignmentState.ASSIGNED
