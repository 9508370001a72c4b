"""The program pairs the two countries: a proposal is submitted only with at least one confirmed
U.S. participant and at least one confirmed Chinese participant, checked on the server."""

from __future__ import annotations

import pytest

from app.errors import ServiceError
from app.organizations.models import Country
from app.proposals import readiness, services
from app.proposals.models import Proposal, ProposalState
from tests.factories import make_organization, make_user
from tests.proposals.factories import make_proposal, owner_of


def _refused(proposal: Proposal) -> str:
    """Submit `proposal`, which must be refused and stay an unnumbered draft; the message."""
    with pytest.raises(ServiceError) as refused:
        services.submit_proposal(proposal, actor=owner_of(proposal.lead_organization))
    assert proposal.state == ProposalState.DRAFT and proposal.submitted_at is None
    return refused.value.message


def _unmet(proposal: Proposal) -> list[str]:
    return [r.message for r in readiness.submission_requirements(proposal) if not r.met]


def test_a_proposal_with_only_chinese_participants_is_refused() -> None:
    lead = make_organization(make_user(), country=Country.CN, subdivision_code="CN-HI")
    partner = make_organization(make_user(), country=Country.CN, subdivision_code="CN-QH")
    proposal = make_proposal(lead=lead, partner=partner)
    assert "At least one confirmed U.S. participant." in _refused(proposal)
    assert _unmet(proposal) == ["At least one confirmed U.S. participant."]


def test_a_proposal_with_only_us_participants_is_refused() -> None:
    proposal = make_proposal(partner=make_organization(make_user(), country=Country.US))
    assert "At least one confirmed Chinese participant." in _refused(proposal)
    assert _unmet(proposal) == ["At least one confirmed Chinese participant."]


def test_a_chinese_partner_that_declined_does_not_count() -> None:
    proposal = make_proposal(partner_state="declined")
    assert "At least one confirmed Chinese participant." in _refused(proposal)


def test_a_chinese_lead_with_a_us_partner_is_submitted() -> None:
    lead = make_organization(make_user(), country=Country.CN)
    proposal = make_proposal(lead=lead, partner=make_organization(make_user()))
    services.submit_proposal(proposal, actor=owner_of(lead))
    assert proposal.state == ProposalState.SUBMITTED
