"""The two-key selection decisions."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, Side
from app.errors import ServiceError
from app.extensions import db
from app.reviews import decisions, queries
from app.reviews import publication as review_publication
from app.reviews import screening as review_screening
from app.reviews.models import (
    DecisionState,
)
from tests.factories import make_user
from tests.reviews.factories import (
    Review,
    events,
    make_chair,
    make_decision,
)

# --- the two-key rule ----------------------------------------------------------------------------


def test_a_decision_needs_a_chair_of_the_other_side(review: Review) -> None:
    proposal = review.proposals[0]
    decision = decisions.propose_decision(
        proposal, "selected", "Top of the ranking.", actor=review.chair_us
    )
    assert decision.state == DecisionState.PROPOSED
    with pytest.raises(ServiceError, match="your own"):
        decisions.approve_decision(decision, actor=review.chair_us)
    other_us_chair = make_chair(Side.US)
    with pytest.raises(ServiceError, match="other side"):
        decisions.approve_decision(decision, actor=other_us_chair)
    with pytest.raises(ServiceError, match="already proposed"):
        decisions.propose_decision(proposal, "declined", "No.", actor=review.chair_cn)
    decisions.approve_decision(decision, actor=review.chair_cn)
    assert decision.state == DecisionState.APPROVED
    assert decision.approved_by_id == review.chair_cn.id
    assert [e.details["side"] for e in events("decision.approved")] == ["CN"]


def test_no_role_bypasses_the_two_keys(review: Review) -> None:
    proposal = review.proposals[0]
    admin = make_user(Role.ADMIN)
    with pytest.raises(ServiceError, match="co-chair"):
        decisions.propose_decision(proposal, "selected", "Because.", actor=admin)
    decision = decisions.propose_decision(proposal, "selected", "Because.", actor=review.chair_us)
    with pytest.raises(ServiceError, match="co-chair"):
        decisions.approve_decision(decision, actor=admin)
    admin_chair = make_chair(Side.US)
    admin_chair.roles.append(type(admin_chair.roles[0])(role=Role.ADMIN))
    with pytest.raises(ServiceError, match="other side"):
        decisions.approve_decision(decision, actor=admin_chair)
    with pytest.raises(ServiceError, match="co-chair"):
        review_publication.publish_decisions(review.solicitation, actor=admin)


def test_the_database_refuses_approving_ones_own_decision(review: Review) -> None:
    decision = make_decision(review.proposals[0], review.chair_us)
    decision.state = DecisionState.APPROVED
    decision.approved_by_id = review.chair_us.id
    decision.approved_at = decision.proposed_at
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.flush()


def test_withdrawing_either_key(review: Review) -> None:
    proposal = review.proposals[0]
    decision = decisions.propose_decision(proposal, "declined", "Weak.", actor=review.chair_cn)
    decisions.approve_decision(decision, actor=review.chair_us)
    with pytest.raises(ServiceError, match="Only the chairs"):
        decisions.withdraw_decision(decision, actor=make_chair(Side.US))
    decisions.withdraw_decision(decision, actor=review.chair_us)  # the approval goes
    assert decision.state == DecisionState.PROPOSED and decision.approved_by_id is None
    decisions.withdraw_decision(decision, actor=review.chair_cn)  # the proposal goes
    assert decision.state == DecisionState.WITHDRAWN
    again = decisions.propose_decision(
        proposal, "selected", "On reflection.", actor=review.chair_us
    )
    assert queries.live_decision(proposal) == again
    assert len(queries.decision_history(proposal)) == 2


def test_an_ineligible_proposal_gets_no_decision(review: Review) -> None:
    proposal = review.proposals[0]
    review_screening.screen_proposal(
        proposal, eligible=False, reason="Late.", actor=review.chair_us
    )
    with pytest.raises(ServiceError, match="eligible"):
        decisions.propose_decision(proposal, "selected", "x", actor=review.chair_us)


def test_the_target_is_counted(review: Review) -> None:
    make_decision(review.proposals[0], review.chair_us, approver=review.chair_cn)
    make_decision(review.proposals[1], review.chair_cn)
    summary = queries.selection_summary(review.solicitation)
    assert (summary.target, summary.selected_approved, summary.selected_proposed) == (1, 1, 1)
    assert summary.undecided == 2
