"""The applicant's reads of proposals: which organizations a user acts for, their proposals, the
invitations waiting for them and a proposal's lead. The portal pages and the public face share them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.finder.queries import Result, rank
from app.finder.seekers import from_organization
from app.organizations.models import Organization, OrganizationMember
from app.partnerships.models import Partnership
from app.proposals.models import (
    TAKING_PART,
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalState,
)
from app.reviews.queries import submitted_reviews
from app.solicitations.models import Solicitation, SolicitationStatus
from app.solicitations.queries import (
    accepting_solicitation,
    is_accepting_proposals,
    why_not_accepting,
)

# A call whose decisions are out: from then on its applicants read their outcome.
PUBLISHED_STATUSES = frozenset(
    {SolicitationStatus.DECISIONS_PUBLISHED, SolicitationStatus.ARCHIVED}
)


def members_of(organization: Organization) -> list[User]:
    """Everyone who belongs to `organization`."""
    return [membership.user for membership in organization.memberships]


def partners_to_tell(
    proposal: Proposal,
    *,
    leaving_out: User | None = None,
    organizations: Iterable[Organization] | None = None,
) -> list[User]:
    """The active members of `organizations` (default: the proposal's confirmed
    participants), each once, but `leaving_out` (who acted, and knows)."""
    if organizations is None:
        organizations = [
            p.organization for p in proposal.participants if p.state == ParticipantState.CONFIRMED
        ]
    people: dict[int, User] = {}
    for organization in organizations:
        for member in members_of(organization):
            if member.is_active and (leaving_out is None or member.id != leaving_out.id):
                people.setdefault(member.id, member)
    return list(people.values())


def is_withdrawable(proposal: Proposal) -> bool:
    """A submitted proposal may go back to draft only while its call accepts proposals (so
    the "Withdraw to make changes" button shows only when withdrawing can work)."""
    return proposal.state == ProposalState.SUBMITTED and is_accepting_proposals(
        proposal.solicitation
    )


def is_read_only_draft(proposal: Proposal) -> bool:
    """A draft whose call no longer accepts proposals: it is kept, read, never changed."""
    return proposal.state == ProposalState.DRAFT and not is_accepting_proposals(
        proposal.solicitation
    )


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


@dataclass(frozen=True)
class Outcome:
    """What the applicants of a decided proposal read: the decision, its date, the reviewers'
    comments to them (the text alone: no name, no score, nothing meant for the Secretariat)
    and, when selected, the partnership it became."""

    selected: bool
    decided_at: datetime | None
    comments: tuple[str, ...]
    partnership: Partnership | None


def outcome_of(proposal: Proposal) -> Outcome | None:
    """The published outcome of `proposal`; None until its call's decisions are published
    (before that, nothing of the reviews reaches the applicants)."""
    if proposal.state not in (ProposalState.SELECTED, ProposalState.DECLINED):
        return None
    if proposal.solicitation.status not in PUBLISHED_STATUSES:
        return None
    comments = tuple(
        review.comments_to_applicant.strip()
        for review in submitted_reviews(proposal)
        if review.comments_to_applicant.strip()
    )
    selected = proposal.state == ProposalState.SELECTED
    partnership = (
        db.session.scalar(select(Partnership).where(Partnership.proposal_id == proposal.id))
        if selected
        else None
    )
    return Outcome(selected, proposal.decided_at, comments, partnership)


@dataclass(frozen=True)
class EarlierReviews:
    """What a resubmission shows of its original: the original itself (for its reference and
    call) and the reviewers' comments to the applicant, the text alone. Never a score, a
    recommendation, a name or a comment meant for the Secretariat: the resubmission's
    applicants and its reviewers read this."""

    original: Proposal
    comments: tuple[str, ...]


def earlier_reviews(proposal: Proposal) -> EarlierReviews | None:
    """The earlier reviews a resubmission answers; None for a proposal that is not one."""
    original = proposal.resubmission_of
    if original is None:
        return None
    outcome = outcome_of(original)
    return EarlierReviews(original, outcome.comments if outcome else ())


# --- resubmission: who may carry a declined proposal into which call ------------------------------


def existing_resubmission(original: Proposal, solicitation: Solicitation) -> Proposal | None:
    """The resubmission of `original` already made into `solicitation`, if any."""
    return db.session.scalar(
        select(Proposal).where(
            Proposal.resubmission_of_id == original.id,
            Proposal.solicitation_id == solicitation.id,
        )
    )


def why_not_resubmittable(
    original: Proposal, solicitation: Solicitation | None, actor: User
) -> str | None:
    """Why `actor` may not carry `original` into `solicitation`, or None when they may: only a
    declined proposal, only by a member of its lead organization, only into an open call other
    than its own, and only once per call."""
    if original.state != ProposalState.DECLINED:
        return str(_l("Only a declined proposal can be resubmitted."))
    if original.lead_organization_id not in member_organization_ids(actor):
        return str(_l("Only the members of the lead organization can resubmit this proposal."))
    if solicitation is None:
        return str(_l("No call for proposals is open at the moment."))
    refusal = why_not_accepting(solicitation)
    if refusal is not None:
        return str(refusal)
    if solicitation.id == original.solicitation_id:
        return str(_l("A proposal is resubmitted to a later call than its own."))
    if existing_resubmission(original, solicitation) is not None:
        return str(_l("This proposal has already been resubmitted to this call."))
    return None


def resubmission_offer(original: Proposal, user: User) -> Solicitation | None:
    """The open call `user` may carry `original` into (the proposal page and the dashboard
    offer it), or None. A proposal that is not declined costs no query."""
    if original.state != ProposalState.DECLINED:
        return None
    solicitation = accepting_solicitation()
    if why_not_resubmittable(original, solicitation, user) is not None:
        return None
    return solicitation


# --- the Partners page: whom a proposal's lead may invite ---------------------------------------

SUGGESTIONS = 8


def _taken(proposal: Proposal) -> set[int]:
    return {
        p.organization_id for p in proposal.participants if p.state != ParticipantState.DECLINED
    }


def partner_candidates(proposal: Proposal) -> Sequence[Organization]:
    """Every organization the proposal may still invite (not already taking part), by country
    and English name: the Partners page's searchable list."""
    return db.session.scalars(
        select(Organization)
        .where(Organization.id.not_in(_taken(proposal)))
        .order_by(Organization.country, Organization.name_en, Organization.id)
    ).all()


def suggested_partners(proposal: Proposal) -> list[Result]:
    """Organizations of the other country than the lead's, ranked by the partner finder with
    the proposal's focus areas and the lead's organization as the seeker, not already taking
    part: "suggested for this proposal" (one ranking: `app.finder.queries`)."""
    lead = lead_participant(proposal).organization
    seeker = replace(
        from_organization(lead, excluded=_taken(proposal)),
        focus_areas=frozenset(area.focus_area for area in proposal.focus_areas),
    )
    return rank(seeker, limit=SUGGESTIONS)
