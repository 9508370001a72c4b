"""A declined proposal of a published 2026 call, reviewed with comments of both kinds, and the
2027 call open now: the ground of the resubmission tests (service, views, reviewers, e2e)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from app import clock
from app.accounts.models import Side, User
from app.extensions import db
from app.organizations.models import Country
from app.proposals.models import Proposal, ProposalState
from app.reviews.models import Recommendation, ReviewAssignment
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.factories import make_organization, make_user
from tests.proposals.factories import make_proposal
from tests.reviews.factories import make_assignment, make_reviewer
from tests.solicitations.factories import make_solicitation

TO_APPLICANT = "Show how the second pilot year's monitoring is funded."
TO_APPLICANT_CN = "请说明第二个试点年度的监测经费来源。"
TO_SECRETARIAT = "Internal: the lead's budget looks thin."
EARLIER_REVIEWER = "Harriet Quillfeather"
EARLIER_REVIEWER_CN = "Wenjing Tanaka-Lu"
# Scores whose weighted mean (shown as "%.2f" on the reviewers' pages) appears nowhere else.
EARLIER_SCORES = [1, 2, 1, 2, 1]


@dataclass
class Declined:
    """The declined 2026 proposal, its reviews and the open 2027 call."""

    original: Proposal
    old_call: Solicitation
    new_call: Solicitation | None
    reviews: list[ReviewAssignment]
    lead_member: User
    partner_member: User


def make_declined(*, new_call: bool = True) -> Declined:
    """A 2026 proposal declined at publication, with two anonymous comments to the applicant
    and one for the Secretariat; the 2027 call open now unless `new_call` is False."""
    now = clock.now()
    old_call = make_solicitation(
        status=SolicitationStatus.DECISIONS_PUBLISHED,
        year=2026,
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=330),
    )
    lead_member = make_user()
    partner_member = make_user()
    lead = make_organization(lead_member, country=Country.US)
    partner = make_organization(partner_member, country=Country.CN)
    original = make_proposal(
        lead=lead, partner=partner, solicitation=old_call, state=ProposalState.DECLINED
    )
    original.decided_at = now - timedelta(days=300)
    reviews = [
        make_assignment(
            original,
            make_reviewer(Side.US, display_name=EARLIER_REVIEWER),
            scores=EARLIER_SCORES,
            submitted=True,
            comments_to_applicant=TO_APPLICANT,
            comments_to_secretariat=TO_SECRETARIAT,
            recommendation=Recommendation.DECLINE,
        ),
        make_assignment(
            original,
            make_reviewer(Side.CN, display_name=EARLIER_REVIEWER_CN),
            scores=EARLIER_SCORES,
            submitted=True,
            comments_to_applicant=TO_APPLICANT_CN,
            recommendation=Recommendation.DECLINE,
        ),
    ]
    call = make_solicitation(year=2027) if new_call else None
    db.session.flush()
    return Declined(original, old_call, call, reviews, lead_member, partner_member)
