"""A proposal's partners: inviting an organization (or someone by e-mail, with a signed link),
answering an invitation and removing a participant. Only a draft changes partners; the lead is told
of every answer. Each operation flushes; the caller commits."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app import clock
from app.accounts.models import User
from app.accounts.services import find_user_by_email, normalize_email
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.services import queue_mail
from app.organizations.models import Organization
from app.proposals.models import (
    EmailInvitationState,
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalInvitation,
)
from app.proposals.queries import member_organization_ids, members_of, partners_to_tell
from app.proposals.services import require_draft


def invite_organization(
    proposal: Proposal, organization: Organization, *, actor: User
) -> Participant:
    """Invite a registered organization as a partner; its members answer."""
    require_draft(proposal)
    if organization.id == proposal.lead_organization_id:
        raise ServiceError(
            _l("Your own organization already leads this proposal."), field="organization_id"
        )
    participant = next(
        (p for p in proposal.participants if p.organization_id == organization.id), None
    )
    if participant is not None and participant.state != ParticipantState.DECLINED:
        raise ServiceError(
            _l("This organization is already a participant."), field="organization_id"
        )
    if participant is None:
        participant = Participant(organization=organization, role=ParticipantRole.PARTNER)
        proposal.participants.append(participant)
    participant.state = ParticipantState.INVITED
    participant.invited_by_id = actor.id
    participant.answered_at = None
    db.session.flush()
    for member in members_of(organization):
        queue_mail(
            "proposals.partner_invited",
            to=member,
            proposal=proposal,
            organization=organization,
            inviter=actor,
        )
    record_event(
        "proposal.partner_invited", proposal, actor=actor, organization=organization.name_en
    )
    return participant


def _invitation_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="proposal-invitation")


def invite_by_email(proposal: Proposal, email: str, *, actor: User) -> ProposalInvitation:
    """Invite someone whose organization is not registered yet; they register, create it and join."""
    require_draft(proposal)
    email = normalize_email(email)
    lead_members = {member.email for member in members_of(proposal.lead_organization)}
    if email in lead_members:
        raise ServiceError(_l("This person is a member of your own organization."), field="email")
    invitation = next((i for i in proposal.email_invitations if i.email == email), None)
    if invitation is None:
        invitation = ProposalInvitation(proposal=proposal, email=email)
        db.session.add(invitation)
    elif invitation.state == EmailInvitationState.ACCEPTED:
        raise ServiceError(
            _l("This person has already joined with their organization."), field="email"
        )
    invitation.state = EmailInvitationState.PENDING
    invitation.invited_by_id = actor.id
    invitation.answered_at = None
    db.session.flush()
    token = _invitation_serializer().dumps(invitation.id)
    queue_mail(
        "proposals.invited_by_email",
        to=find_user_by_email(email) or email,  # an account's language; else both languages
        proposal=proposal,
        inviter=actor,
        token=token,
    )
    record_event("proposal.partner_invited_by_email", proposal, actor=actor, email=email)
    return invitation


def email_invitation_for_token(token: str) -> ProposalInvitation | None:
    """The pending e-mail invitation a link was made for; None if invalid, expired or answered."""
    try:
        invitation_id = _invitation_serializer().loads(
            token, max_age=current_app.config["ORGANIZATION_INVITATION_MAX_AGE"]
        )
    except (BadSignature, SignatureExpired):
        return None
    invitation = db.session.get(ProposalInvitation, invitation_id)
    if invitation is None or invitation.state != EmailInvitationState.PENDING:
        return None
    return invitation


def accept_email_invitation(
    invitation: ProposalInvitation, organization: Organization, *, actor: User
) -> Participant:
    """Join the proposal with one of the actor's organizations, as a confirmed partner.

    The link is bound to the address it was sent to, and that address must be confirmed: a
    person who registered someone else's address (never confirmed) cannot take their place.
    Accepting ends the invitation, so the link works once.
    """
    proposal = invitation.proposal
    require_draft(proposal)
    if invitation.state != EmailInvitationState.PENDING:
        raise ServiceError(_l("This invitation is invalid, expired or already answered."))
    if normalize_email(actor.email) != invitation.email:
        raise ServiceError(
            _l(
                "This invitation was sent to %(email)s. Sign in with that address to accept it.",
                email=invitation.email,
            )
        )
    if not actor.is_email_confirmed:
        raise ServiceError(
            _l(
                "Confirm your address %(email)s first, with the link we sent when you registered "
                "(your profile page sends a new one); then open this invitation again.",
                email=invitation.email,
            )
        )
    if organization.id not in member_organization_ids(actor):
        raise ServiceError(_l("Choose one of your own organizations."), field="organization_id")
    if any(
        p.organization_id == organization.id and p.state == ParticipantState.CONFIRMED
        for p in proposal.participants
    ):
        raise ServiceError(
            _l("This organization already takes part in the proposal."), field="organization_id"
        )
    participant = next(
        (p for p in proposal.participants if p.organization_id == organization.id), None
    )
    if participant is None:
        participant = Participant(
            organization=organization,
            role=ParticipantRole.PARTNER,
            invited_by_id=invitation.invited_by_id,
        )
        proposal.participants.append(participant)
    participant.state = ParticipantState.CONFIRMED
    participant.answered_at = clock.now()
    invitation.state = EmailInvitationState.ACCEPTED
    invitation.answered_at = clock.now()
    db.session.flush()
    _tell_the_lead(proposal, organization, accepted=True)
    record_event(
        "proposal.partner_confirmed", proposal, actor=actor, organization=organization.name_en
    )
    return participant


def answer_invitation(participant: Participant, *, accept: bool, actor: User) -> None:
    """A member of an invited organization confirms or declines taking part."""
    proposal = participant.proposal
    require_draft(proposal)
    if participant.organization_id not in member_organization_ids(actor):
        raise ServiceError(_l("Only a member of the invited organization can answer."))
    if participant.state != ParticipantState.INVITED:
        raise ServiceError(_l("This invitation has already been answered."))
    participant.state = ParticipantState.CONFIRMED if accept else ParticipantState.DECLINED
    participant.answered_at = clock.now()
    db.session.flush()
    _tell_the_lead(proposal, participant.organization, accepted=accept)
    record_event(
        "proposal.partner_confirmed" if accept else "proposal.partner_declined",
        proposal,
        actor=actor,
        organization=participant.organization.name_en,
    )


def _tell_the_lead(proposal: Proposal, organization: Organization, *, accepted: bool) -> None:
    for member in members_of(proposal.lead_organization):
        queue_mail(
            "proposals.invitation_answered",
            to=member,
            proposal=proposal,
            organization=organization,
            accepted=accepted,
        )


def remove_participant(participant: Participant, *, actor: User) -> None:
    """Take a partner off a draft (the lead cannot be removed). The removed organization's
    members are told (unless it had declined: it took no part), and so are the remaining
    partners' members."""
    proposal = participant.proposal
    require_draft(proposal)
    if participant.role == ParticipantRole.LEAD:
        raise ServiceError(_l("The lead organization cannot be removed."))
    organization = participant.organization
    proposal.participants.remove(participant)
    db.session.flush()
    record_event(
        "proposal.partner_removed",
        proposal,
        actor=actor,
        organization=organization.name_en,
    )
    if participant.state != ParticipantState.DECLINED:
        for member in partners_to_tell(proposal, leaving_out=actor, organizations=[organization]):
            queue_mail(
                "proposals.removed_from_proposal",
                to=member,
                proposal=proposal,
                organization=organization,
            )
    for member in partners_to_tell(proposal, leaving_out=actor):
        queue_mail(
            "proposals.partner_removed", to=member, proposal=proposal, organization=organization
        )
