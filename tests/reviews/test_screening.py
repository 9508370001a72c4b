"""Screening: marking a proposal eligible or ineligible after the deadline."""

from __future__ import annotations

import pytest

from app.errors import ServiceError
from app.reviews import screening as review_screening
from tests.reviews.factories import (
    Review,
    events,
    make_submitted,
)
from tests.solicitations.factories import make_solicitation

# --- screening ---------------------------------------------------------------------------------


def test_screening_marks_a_proposal_ineligible_with_a_reason(review: Review) -> None:
    proposal = review.proposals[0]
    with pytest.raises(ServiceError, match="reason"):
        review_screening.screen_proposal(proposal, eligible=False, reason="", actor=review.chair_us)
    review_screening.screen_proposal(
        proposal,
        eligible=False,
        reason="No confirmed Chinese partner letter.",
        actor=review.chair_us,
    )
    assert not proposal.is_eligible
    assert proposal.ineligibility_reason == "No confirmed Chinese partner letter."
    [event] = events("review.screened")
    assert event.details["after"]["eligible"] is False
    review_screening.screen_proposal(proposal, eligible=True, reason="", actor=review.chair_cn)
    assert proposal.is_eligible and proposal.ineligibility_reason == ""


def test_screening_waits_for_the_deadline_and_is_for_chairs(review: Review) -> None:
    open_call = make_solicitation()
    proposal = make_submitted(open_call)
    with pytest.raises(ServiceError, match="closed"):
        review_screening.screen_proposal(
            proposal, eligible=False, reason="x", actor=review.chair_us
        )
    with pytest.raises(ServiceError, match="chair"):
        review_screening.screen_proposal(
            review.proposals[0], eligible=False, reason="x", actor=review.us[0]
        )
