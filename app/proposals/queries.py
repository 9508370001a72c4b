"""The applicant's reads of proposals: which organizations a user acts for, their proposals, the
invitations waiting for them and a proposal's lead. The portal pages and the public face share them."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.organizations.models import Organization, OrganizationMember
from app.proposals.models import (
    TAKING_PART,
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalState,
)


def members_of(organization: Organization) -> list[User]:
    """Everyone who belongs to `organization`."""
    return [membership.user for membership in organization.memberships]


def member_organization_ids(user: User) -> set[int]:
    """Ids of the organizations `user` belongs to."""
    return set(
        db.session.scalars(
            select(OrganizationMember.organization_id).where(OrganizationMember.user_id == user.id)
        )
    )


def proposals_of(user: User) -> list[Proposal]:
    """Proposals in which an organization of `user` takes part (invited or confirmed: one that
    declined no longer reads the proposal)."""
    return list(
        db.session.scalars(
            select(Proposal)
            .join(Participant, Participant.proposal_id == Proposal.id)
            .join(
                OrganizationMember,
                OrganizationMember.organization_id == Participant.organization_id,
            )
            .where(OrganizationMember.user_id == user.id, Participant.state.in_(TAKING_PART))
            .distinct()
            .order_by(Proposal.updated_at.desc())
        )
    )


def invitations_for(user: User) -> list[Participant]:
    """Partner invitations waiting for an answer from an organization of `user`."""
    return list(
        db.session.scalars(
            select(Participant)
            .join(
                OrganizationMember,
                OrganizationMember.organization_id == Participant.organization_id,
            )
            .join(Proposal, Proposal.id == Participant.proposal_id)
            .where(
                OrganizationMember.user_id == user.id,
                Participant.state == ParticipantState.INVITED,
                Proposal.state == ProposalState.DRAFT,
            )
            .order_by(Participant.created_at)
        )
    )


def lead_participant(proposal: Proposal) -> Participant:
    """The lead organization's participation."""
    return next(p for p in proposal.participants if p.role == ParticipantRole.LEAD)
