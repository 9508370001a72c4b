"""Assigning reviewers, by hand and automatically, and removing them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Side
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.reviews import assignment as review_assignment
from app.reviews import conflicts as review_conflicts
from app.reviews import queries
from app.reviews import screening as review_screening
from app.reviews.models import (
    AssignmentState,
    ReviewAssignment,
)
from tests.reviews.factories import (
    Review,
    make_assignment,
)

# --- assignment --------------------------------------------------------------------------------


def test_manual_assignment_refuses_conflicts_and_duplicates(review: Review) -> None:
    proposal = review.proposals[0]
    assignment = review_assignment.assign_reviewer(proposal, review.us[0], actor=review.chair_us)
    assert assignment.state == AssignmentState.ASSIGNED
    assert (
        db.session.scalar(
            select(Notification).where(Notification.kind == "reviews.assigned")
        ).to_address
        == review.us[0].email
    )
    with pytest.raises(ServiceError, match="already assigned"):
        review_assignment.assign_reviewer(proposal, review.us[0], actor=review.chair_us)
    review_conflicts.declare_conflict(
        review.cn[0], proposal.lead_organization, "Co-author.", actor=review.cn[0]
    )
    with pytest.raises(ServiceError, match="conflict"):
        review_assignment.assign_reviewer(proposal, review.cn[0], actor=review.chair_us)
    with pytest.raises(ServiceError, match="chair"):
        review_assignment.assign_reviewer(proposal, review.cn[1], actor=review.us[1])


def test_automatic_assignment_staffs_every_proposal_from_both_sides(review: Review) -> None:
    ineligible = review.proposals[2]
    review_screening.screen_proposal(
        ineligible, eligible=False, reason="Late.", actor=review.chair_us
    )
    review_conflicts.declare_conflict(
        review.us[0], review.proposals[0].lead_organization, "Board member.", actor=review.us[0]
    )
    added = review_assignment.assign_automatically(review.solicitation, actor=review.chair_us)
    assert added == 4
    by_proposal = queries.assignments_for(review.solicitation)
    assert ineligible.id not in by_proposal
    for proposal in review.proposals[:2]:
        reviewers = [a.reviewer for a in by_proposal[proposal.id]]
        assert len(reviewers) == 2 and {r.side for r in reviewers} == {Side.US, Side.CN}
    assert review.us[0] not in [a.reviewer for a in by_proposal[review.proposals[0].id]]
    loads = queries.reviewer_loads(review.solicitation)
    assert max(loads.values()) - min(loads.values()) <= 1
    # Running it again adds nothing: the proposals are staffed.
    assert review_assignment.assign_automatically(review.solicitation, actor=review.chair_cn) == 0


def test_automatic_assignment_explains_what_cannot_be_done(review: Review) -> None:
    proposal = review.proposals[1]
    for reviewer in review.cn:
        review_conflicts.declare_conflict(reviewer, proposal.lead_organization, "x", actor=reviewer)
    # Chairs with the reviewer role are in the pool too: take the Chinese chair out of it.
    review_conflicts.declare_conflict(
        review.chair_cn, proposal.lead_organization, "x", actor=review.chair_cn
    )
    with pytest.raises(ServiceError) as caught:
        review_assignment.assign_automatically(review.solicitation, actor=review.chair_us)
    assert f"{proposal.reference} has no Chinese reviewer free of conflicts" in caught.value.message
    assert db.session.scalar(select(ReviewAssignment)) is None


def test_a_submitted_review_cannot_be_unassigned(review: Review) -> None:
    assignment = make_assignment(review.proposals[0], review.us[0], scores=[3] * 5, submitted=True)
    with pytest.raises(ServiceError, match="submitted"):
        review_assignment.remove_assignment(assignment, actor=review.chair_us)
    other = make_assignment(review.proposals[0], review.cn[0])
    make_assignment(review.proposals[0], review.cn[1])  # the Chinese side keeps a reviewer
    review_assignment.remove_assignment(other, actor=review.chair_us)
    assert db.session.get(ReviewAssignment, other.id) is None
