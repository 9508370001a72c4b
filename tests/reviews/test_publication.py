"""Publication of the decisions: blockers, outcomes, letters, partnerships."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Side
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.partnerships.models import Partnership
from app.proposals.models import Proposal, ProposalState
from app.reviews import publication as review_publication
from app.reviews import queries
from app.reviews import screening as review_screening
from app.reviews.models import (
    DecisionOutcome,
)
from app.solicitations.models import SolicitationStatus
from tests.proposals.factories import owner_of
from tests.reviews.factories import (
    Review,
    events,
    make_assignment,
    make_chair,
    make_decision,
)

# --- publication ---------------------------------------------------------------------------------


def decide_everything(review: Review) -> tuple[Proposal, Proposal, Proposal]:
    selected, declined, ineligible = review.proposals
    for proposal, score in ((selected, 5), (declined, 2)):
        make_assignment(
            proposal,
            review.us[0],
            scores=[score] * 5,
            submitted=True,
            comments_to_applicant=f"Applicant note on {proposal.reference}.",
            comments_to_secretariat="CONFIDENTIAL remark.",
        )
        make_assignment(proposal, review.cn[0], scores=[score] * 5, submitted=True)
    make_decision(selected, review.chair_us, approver=review.chair_cn)
    make_decision(
        declined, review.chair_cn, outcome=DecisionOutcome.DECLINED, approver=review.chair_us
    )
    review_screening.screen_proposal(
        ineligible,
        eligible=False,
        reason="The Chinese partner is a national ministry.",
        actor=review.chair_us,
    )
    review_screening.confirm_ineligibility(ineligible, actor=review.chair_cn)
    return selected, declined, ineligible


def test_publication_needs_every_eligible_proposal_decided(review: Review) -> None:
    make_decision(review.proposals[0], review.chair_us, approver=review.chair_cn)
    make_decision(review.proposals[1], review.chair_us)
    blockers = review_publication.publication_blockers(review.solicitation)
    assert any("awaits the approval" in b for b in blockers)
    assert any(f"{review.proposals[2].reference} has no decision" in b for b in blockers)
    with pytest.raises(ServiceError, match="cannot be published yet"):
        review_publication.publish_decisions(review.solicitation, actor=review.chair_us)


def test_publication_rechecks_the_two_keys(review: Review) -> None:
    _selected, declined, _ineligible = decide_everything(review)
    same_side = make_chair(Side.US)
    decision = queries.live_decision(declined)  # approved by the U.S. chair
    decision.proposed_by_id = same_side.id  # both keys now on the U.S. side
    db.session.flush()
    db.session.expire(decision)
    blockers = review_publication.publication_blockers(review.solicitation)
    assert blockers == [
        f"{declined.reference} was not approved by two co-chairs of different sides."
    ]


def test_publication(review: Review) -> None:
    selected, declined, ineligible = decide_everything(review)
    result = review_publication.publish_decisions(review.solicitation, actor=review.chair_us)
    assert (result.selected, result.declined) == (1, 2)
    assert review.solicitation.status == SolicitationStatus.DECISIONS_PUBLISHED
    assert selected.state == ProposalState.SELECTED
    assert declined.state == ProposalState.DECLINED
    assert ineligible.state == ProposalState.DECLINED

    partnership = db.session.scalar(
        select(Partnership).where(Partnership.proposal_id == selected.id)
    )
    assert partnership is not None
    assert {p.organization_id for p in partnership.participants} == {
        p.organization_id for p in selected.participants
    }
    [plan] = partnership.plans
    assert plan.state == "draft" and len(plan.tasks) == len(selected.tasks) == 3
    assert (
        db.session.scalar(select(Partnership).where(Partnership.proposal_id == declined.id)) is None
    )

    letters = {
        (n.to_address, n.body_text, n.subject)
        for n in db.session.scalars(
            select(Notification).where(Notification.kind == "reviews.decision_letter")
        )
    }
    assert result.letters == len(letters) == 6  # two applicants for each of three proposals
    by_address = {address: (body, subject) for address, body, subject in letters}
    body, subject = by_address[owner_of(selected.lead_organization).email]
    assert selected.reference in subject
    english, _, chinese = body.partition("-" * 60)
    assert selected.title_en in english and selected.title_zh in chinese
    assert f"Applicant note on {selected.reference}." in english
    assert f"Applicant note on {selected.reference}." in chinese
    for body, _subject in by_address.values():
        assert "CONFIDENTIAL" not in body
        for reviewer in (review.us[0], review.cn[0]):
            assert reviewer.display_name not in body and reviewer.email not in body
    body, _ = by_address[owner_of(ineligible.lead_organization).email]
    assert "The Chinese partner is a national ministry." in body
    assert events("solicitation.decisions_published")
    with pytest.raises(ServiceError):
        review_publication.publish_decisions(review.solicitation, actor=review.chair_us)
