"""Who may read or write what in the review: conflicts of interest, blindness and the two keys.

Services re-check only the invariants that must hold whatever the caller (two keys, conflicts);
who may call a route is decided by `app/permissions.py`, which asks these predicates. Nothing
here writes, and nothing here imports a service.

A reviewer sees the other reviews of a proposal only after submitting their own; a conflicted
reviewer or chair never sees a proposal's reviews or its ranking row; a decision (or an
ineligibility) holds only with the keys of two chairs of different sides, the second a chair
before the first key was turned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.policy import chair_since, is_chair, is_reviewer
from app.extensions import db
from app.organizations.domains import email_domain, secretariat_domains, telling_domain
from app.organizations.models import OrganizationMember
from app.proposals.models import Participant, ParticipantState, Proposal
from app.reviews.models import (
    AssignmentState,
    Conflict,
    Decision,
    DecisionState,
    ReviewAssignment,
)
from app.reviews.queries import assignment_of


def conflict_pairs(
    reviewers: Iterable[User], proposals: Iterable[Proposal]
) -> set[tuple[int, int]]:
    """(reviewer id, proposal id) pairs in conflict, for any number of each, in five queries.

    A reviewer is in conflict with a proposal when they are a member of a participant
    organization (now: joining one later counts), their address shares a domain with the
    participants' verified members as they were at submission (`Proposal.conflict_domains`,
    which nothing the applicant edits afterwards changes; shared mail providers and the
    Secretariat's own domains never count), they declared (or a chair recorded) a conflict with
    a participant, or they recused themselves from the proposal.
    """
    users = {user.id: user for user in reviewers}
    proposal_ids = {proposal.id for proposal in proposals}
    if not users or not proposal_ids:
        return set()
    participants = db.session.execute(
        select(Participant.proposal_id, Participant.organization_id).where(
            Participant.proposal_id.in_(proposal_ids),
            Participant.state != ParticipantState.DECLINED,
        )
    ).all()
    organizations_of: dict[int, set[int]] = defaultdict(set)  # organization → proposals
    for proposal_id, organization_id in participants:
        organizations_of[organization_id].add(proposal_id)
    pairs: set[tuple[int, int]] = set()
    if organizations_of:
        organization_ids = set(organizations_of)
        for user_id, organization_id in db.session.execute(
            select(OrganizationMember.user_id, OrganizationMember.organization_id).where(
                OrganizationMember.user_id.in_(users),
                OrganizationMember.organization_id.in_(organization_ids),
            )
        ):
            pairs.update((user_id, pid) for pid in organizations_of[organization_id])
        for user_id, organization_id in db.session.execute(
            select(Conflict.reviewer_id, Conflict.organization_id).where(
                Conflict.reviewer_id.in_(users), Conflict.organization_id.in_(organization_ids)
            )
        ):
            pairs.update((user_id, pid) for pid in organizations_of[organization_id])
    domains: dict[str, set[int]] = defaultdict(set)  # domain → proposals
    for proposal_id, frozen in db.session.execute(
        select(Proposal.id, Proposal.conflict_domains).where(Proposal.id.in_(proposal_ids))
    ):
        for frozen_domain in frozen or ():
            domains[frozen_domain].add(proposal_id)
    secretariat = secretariat_domains()
    for user in users.values():
        domain = telling_domain(user.email, secretariat)
        if domain is not None and domain in domains:
            pairs.update((user.id, pid) for pid in domains[domain])
    for user_id, proposal_id in db.session.execute(
        select(ReviewAssignment.reviewer_id, ReviewAssignment.proposal_id).where(
            ReviewAssignment.reviewer_id.in_(users),
            ReviewAssignment.proposal_id.in_(proposal_ids),
            ReviewAssignment.state == AssignmentState.RECUSED,
        )
    ):
        pairs.add((user_id, proposal_id))
    return pairs


def is_conflicted(user: User, proposal: Proposal) -> bool:
    """Whether `user` has a conflict of interest with `proposal` (see `conflict_pairs`)."""
    return bool(conflict_pairs([user], [proposal]))


def conflict_reasons(user: User, proposal: Proposal) -> list[str]:
    """In words, why `user` is in conflict with `proposal` (empty when not): for chairs."""
    reasons = []
    participants = [p for p in proposal.participants if p.state != ParticipantState.DECLINED]
    domain = email_domain(user.email)
    for participant in participants:
        organization = participant.organization
        if any(m.user_id == user.id for m in organization.memberships):
            reasons.append(str(_l("member of %(name)s", name=organization.name_en)))
        declared = db.session.scalar(
            select(Conflict).where(
                Conflict.reviewer_id == user.id, Conflict.organization_id == organization.id
            )
        )
        if declared is not None:
            reasons.append(
                str(
                    _l(
                        "declared conflict with %(name)s: %(reason)s",
                        name=organization.name_en,
                        reason=declared.reason,
                    )
                )
            )
    if domain and domain in (proposal.conflict_domains or ()):
        reasons.append(
            str(_l("e-mail domain of the participants' members (%(domain)s)", domain=domain))
        )
    recused = db.session.scalar(
        select(ReviewAssignment).where(
            ReviewAssignment.reviewer_id == user.id,
            ReviewAssignment.proposal_id == proposal.id,
            ReviewAssignment.state == AssignmentState.RECUSED,
        )
    )
    if recused is not None:
        reasons.append(str(_l("recused: %(reason)s", reason=recused.recusal_reason)))
    return reasons


def may_review(user: User | None, assignment: ReviewAssignment) -> bool:
    """The assigned reviewer, while not recused, not declined and free of conflict."""
    return (
        user is not None
        and assignment.reviewer_id == user.id
        and assignment.state not in (AssignmentState.RECUSED, AssignmentState.DECLINED)
        and is_reviewer(user)
        and not is_conflicted(user, assignment.proposal)
    )


def may_see_reviews(user: User | None, proposal: Proposal) -> bool:
    """Chairs free of conflict; reviewers of the proposal who submitted their own review and
    are free of conflict. Applicants never: nothing here depends on membership."""
    if user is None or not is_reviewer(user):
        return False
    if not is_chair(user):
        own = assignment_of(user, proposal)
        if own is None or own.state != AssignmentState.SUBMITTED:
            return False
    return not is_conflicted(user, proposal)


def chair_before(user: User, moment: datetime | None) -> bool:
    """Whether `user` held a confirmed chair role at `moment` (not appointed since)."""
    since = chair_since(user)
    return since is not None and moment is not None and since <= moment


def _keys_of_two_sides(first: User | None, second: User | None, first_at: datetime | None) -> bool:
    """Two different active chairs of different sides, the second a chair before the first
    key was given, neither in conflict now (checked again at publication)."""
    return (
        first is not None
        and second is not None
        and first.id != second.id
        and first.is_active
        and second.is_active
        and first.has_role(Role.CHAIR)
        and second.has_role(Role.CHAIR)
        and first.side is not None
        and second.side is not None
        and first.side != second.side
        and chair_before(second, first_at)
    )


def two_keys_hold(decision: Decision) -> bool:
    return (
        decision.state == DecisionState.APPROVED
        and _keys_of_two_sides(decision.proposed_by, decision.approved_by, decision.proposed_at)
        and not is_conflicted(decision.proposed_by, decision.proposal)
        and not is_conflicted(decision.approved_by, decision.proposal)  # type: ignore[arg-type]
    )


def ineligibility_holds(proposal: Proposal) -> bool:
    return _keys_of_two_sides(
        proposal.ineligibility_marked_by,
        proposal.ineligibility_confirmed_by,
        proposal.ineligibility_marked_at,
    )
