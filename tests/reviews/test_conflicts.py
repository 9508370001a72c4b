"""Conflicts of interest: who is in conflict (policy.py) and what a declared conflict ends (conflicts.py)."""

from __future__ import annotations

import pytest

from app.accounts.models import Role, Side
from app.errors import ServiceError
from app.extensions import db
from app.organizations.domains import email_domain, registrable_domain
from app.reviews import conflicts as review_conflicts
from app.reviews import policy, queries
from app.reviews.models import (
    AssignmentState,
)
from tests.proposals.factories import owner_of
from tests.reviews.factories import (
    Review,
    events,
    make_assignment,
)

# --- conflicts ---------------------------------------------------------------------------------


def test_registrable_domains() -> None:
    assert registrable_domain("mails.tsinghua.edu.cn") == "tsinghua.edu.cn"
    assert registrable_domain("www.duke-energy.com") == "duke-energy.com"
    assert email_domain("someone@gmail.com") is None
    assert email_domain("a@Sub.Utah.gov") == "utah.gov"


def test_a_member_of_a_participant_is_in_conflict(review: Review) -> None:
    proposal = review.proposals[0]
    applicant = owner_of(proposal.lead_organization)
    applicant.roles.append(type(applicant.roles[0])(role=Role.REVIEWER))
    applicant.side = Side.US
    db.session.flush()
    assert policy.is_conflicted(applicant, proposal)
    assert not policy.is_conflicted(applicant, review.proposals[1])
    assert not policy.is_conflicted(review.us[0], proposal)


def test_a_declared_conflict_recuses_live_reviews(review: Review) -> None:
    proposal = review.proposals[0]
    reviewer = review.us[0]
    assignment = make_assignment(proposal, reviewer)
    conflict = review_conflicts.declare_conflict(
        reviewer, proposal.lead_organization, "I advised them last year.", actor=reviewer
    )
    assert conflict.declared_by_id == reviewer.id
    assert assignment.state == AssignmentState.RECUSED
    assert "advised" in assignment.recusal_reason
    assert policy.is_conflicted(reviewer, proposal)
    assert events("review.conflict_declared") and events("review.recused")


def test_a_chair_records_a_conflict_for_a_reviewer_and_a_submitted_review_is_voided(
    review: Review,
) -> None:
    proposal = review.proposals[0]
    reviewer = review.cn[0]
    assignment = make_assignment(proposal, reviewer, scores=[4] * 5, submitted=True)
    review_conflicts.declare_conflict(
        reviewer, proposal.lead_organization, "Former employee.", actor=review.chair_us
    )
    assert assignment.state == AssignmentState.RECUSED and assignment.submitted_at is None
    assert queries.submitted_reviews(proposal) == []


def test_conflict_declarations_are_checked(review: Review) -> None:
    organization = review.proposals[0].lead_organization
    with pytest.raises(ServiceError, match="reason"):
        review_conflicts.declare_conflict(review.us[0], organization, "  ", actor=review.us[0])
    with pytest.raises(ServiceError, match="Only the reviewer or a chair"):
        review_conflicts.declare_conflict(review.us[0], organization, "x", actor=review.us[1])
    review_conflicts.declare_conflict(review.us[0], organization, "x", actor=review.us[0])
    with pytest.raises(ServiceError, match="already recorded"):
        review_conflicts.declare_conflict(review.us[0], organization, "y", actor=review.chair_cn)
