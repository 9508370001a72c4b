"""The partners are told: a proposal withdrawn, a participant removed — each in the reader's
language, to the people concerned and nobody else."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Language
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.organizations.models import Country
from app.proposals import invitations, services
from app.proposals.models import Participant, ParticipantRole, ParticipantState, ProposalState
from tests.factories import make_organization, make_user
from tests.proposals.factories import make_proposal, owner_of


def mails(kind: str) -> dict[str, Notification]:
    """The queued mails of `kind`, by recipient address."""
    rows = db.session.scalars(select(Notification).where(Notification.kind == kind))
    return {mail.to_address: mail for mail in rows}


def test_a_withdrawal_is_mailed_to_the_other_partners_in_their_language() -> None:
    lead_owner, colleague = make_user(), make_user()
    partner_owner = make_user(language=Language.ZH)
    lead = make_organization(lead_owner, colleague, country=Country.US)
    partner = make_organization(partner_owner, country=Country.CN)
    proposal = make_proposal(lead=lead, partner=partner, state=ProposalState.SUBMITTED)

    services.withdraw_proposal(proposal, actor=lead_owner)

    sent = mails("proposals.withdrawn")
    assert set(sent) == {colleague.email, partner_owner.email}  # not the one who withdrew
    english, chinese = sent[colleague.email], sent[partner_owner.email]
    assert english.subject == f"Proposal {proposal.reference} is withdrawn to make changes"
    assert lead_owner.display_name in english.body_text
    assert "submitted again before the deadline" in english.body_text
    assert chinese.subject == f"申请书 {proposal.reference} 已撤回以便修改"
    assert f"/proposals/{proposal.id}" in chinese.body_text


def test_a_refused_withdrawal_mails_nobody() -> None:
    proposal = make_proposal(state=ProposalState.DRAFT)
    with pytest.raises(ServiceError):
        services.withdraw_proposal(proposal, actor=owner_of(proposal.lead_organization))
    assert mails("proposals.withdrawn") == {}


def test_removing_a_participant_tells_its_members_and_the_remaining_partners() -> None:
    lead_owner, colleague = make_user(), make_user()
    removed_owner = make_user(language=Language.ZH)
    staying_owner = make_user()
    lead = make_organization(lead_owner, colleague, country=Country.US)
    removed = make_organization(removed_owner, country=Country.CN, name_en="Harbin Institute")
    staying = make_organization(staying_owner, country=Country.CN)
    proposal = make_proposal(lead=lead, partner=staying)
    participant = Participant(
        organization=removed, role=ParticipantRole.PARTNER, state=ParticipantState.CONFIRMED
    )
    proposal.participants.append(participant)
    db.session.flush()

    invitations.remove_participant(participant, actor=lead_owner)

    told_removed = mails("proposals.removed_from_proposal")
    assert set(told_removed) == {removed_owner.email}
    assert told_removed[removed_owner.email].subject.endswith("已从一份申请书中移除")
    told_partners = mails("proposals.partner_removed")
    assert set(told_partners) == {colleague.email, staying_owner.email}
    assert told_partners[staying_owner.email].subject == (
        "Harbin Institute no longer takes part in your proposal"
    )


def test_removing_an_organization_that_declined_tells_only_the_partners() -> None:
    lead_owner = make_user()
    proposal = make_proposal(
        lead=make_organization(lead_owner), partner_state=ParticipantState.DECLINED
    )
    declined = next(p for p in proposal.participants if p.role == ParticipantRole.PARTNER)

    invitations.remove_participant(declined, actor=lead_owner)

    assert mails("proposals.removed_from_proposal") == {}
