"""Joint Secretariat review: screening, conflicts of interest, assignment, reviews, discussion,
two-key selection decisions and their publication.

The program's rules live here, once: a conflicted reviewer is never assigned and never sees a
proposal's reviews or ranking; every proposal gets reviewers from both sides; a reviewer sees the
other reviews only after submitting their own; a decision takes effect only when a chair of the
*other* side approves it, and nobody — administrators included — skips that. Each operation
checks, changes, writes its audit event, queues its mail and flushes; the caller commits.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import scoped_session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app import clock
from app.accounts.appointments import chair_since, mail_chairs
from app.accounts.models import Role, Side, User, UserRole
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.services import queue_mail
from app.organizations.domains import email_domain, secretariat_domains, telling_domain
from app.organizations.models import Organization, OrganizationMember
from app.partnerships.lifecycle import create_partnership_from_proposal
from app.proposals.models import Participant, ParticipantState, Proposal, ProposalState
from app.proposals.services import TRANSITIONS as PROPOSAL_TRANSITIONS
from app.reviews import ranking as ranking_math
from app.reviews.assignment import (
    AssignmentError,
    ProposalToAssign,
    Reviewer,
    Shortfall,
    assign_reviewers,
)
from app.reviews.models import (
    AssignmentState,
    Conflict,
    Decision,
    DecisionOutcome,
    DecisionState,
    Recommendation,
    ReviewAssignment,
    ReviewComment,
    ReviewScore,
)
from app.solicitations.models import Solicitation, SolicitationStatus
from app.solicitations.services import TRANSITIONS as SOLICITATION_TRANSITIONS

# Reviewing, screening, assigning and deciding happen between the deadline and publication.
REVIEW_STATUS = SolicitationStatus.CLOSED
# Proposals the secretariat reviews: submitted ones (and, once published, their outcome).
REVIEWED_STATES = (ProposalState.SUBMITTED, ProposalState.SELECTED, ProposalState.DECLINED)
# An assignment counts towards a proposal's reviewers unless the reviewer recused themselves.
LIVE_ASSIGNMENT = (AssignmentState.ASSIGNED, AssignmentState.SUBMITTED)
LIVE_DECISION = (DecisionState.PROPOSED, DecisionState.APPROVED)
MAX_TEXT = 10_000
DEFAULT_DISAGREEMENT_SPREAD = 1.5

RECOMMENDATION_LABELS = {
    Recommendation.SELECT: _l("Select"),
    Recommendation.DISCUSS: _l("Discuss"),
    Recommendation.DECLINE: _l("Decline"),
}
OUTCOME_LABELS = {
    DecisionOutcome.SELECTED: _l("Selected"),
    DecisionOutcome.DECLINED: _l("Declined"),
}
# What each score means, from the bottom of the scale to the top; a longer scale shares them.
ANCHORS = (
    _l("Poor: does not address the criterion, or has serious flaws."),
    _l("Fair: addresses the criterion with major weaknesses."),
    _l("Good: addresses the criterion well, with some weaknesses."),
    _l("Very good: strong, with only minor weaknesses."),
    _l("Excellent: exceptionally strong, with no real weakness."),
)


def _require(condition: bool, message: object, field: str | None = None) -> None:
    if not condition:
        raise ServiceError(message, field=field)


def _require_review_period(solicitation: Solicitation) -> None:
    if solicitation.status == SolicitationStatus.DECISIONS_PUBLISHED or (
        solicitation.status == SolicitationStatus.ARCHIVED
    ):
        raise ServiceError(_l("Decisions on this call are published: the review is over."))
    _require(
        solicitation.status == REVIEW_STATUS,
        _l("The review starts when the call has closed."),
    )


def _is_chair(user: User) -> bool:
    return user.has_role(Role.CHAIR)


def _is_reviewer(user: User) -> bool:
    return user.has_role(Role.REVIEWER) or user.has_role(Role.CHAIR)


# --- conflicts of interest ------------------------------------------------------------------


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


def _recuse_for_conflict(assignment: ReviewAssignment, reason: str, *, actor: User | None) -> None:
    """Take a reviewer off a proposal because of a conflict; a submitted review is voided."""
    before = assignment.state
    assignment.state = AssignmentState.RECUSED
    assignment.submitted_at = None
    assignment.recusal_reason = reason
    record_event(
        "review.recused",
        assignment,
        actor=actor,
        before=before,
        reason=reason,
        proposal=assignment.proposal.reference,
    )


def declare_conflict(
    reviewer: User, organization: Organization, reason: str, *, actor: User
) -> Conflict:
    """Record a conflict of interest between `reviewer` and `organization`.

    A reviewer declares their own; a chair may record one for any reviewer. Any review the
    reviewer holds on a proposal of that organization still under review ends (recused).
    """
    reason = (reason or "").strip()
    _require(bool(reason), _l("Give the reason for the conflict."), "reason")
    _require(len(reason) <= 2000, _l("At most 2,000 characters."), "reason")
    _require(
        actor.id == reviewer.id or _is_chair(actor),
        _l("Only the reviewer or a chair can record a conflict."),
    )
    _require(_is_reviewer(reviewer), _l("This person is not a reviewer."), "reviewer_id")
    existing = db.session.scalar(
        select(Conflict).where(
            Conflict.reviewer_id == reviewer.id, Conflict.organization_id == organization.id
        )
    )
    _require(
        existing is None,
        _l("A conflict with %(name)s is already recorded.", name=organization.name_en),
        "organization_id",
    )
    conflict = Conflict(
        reviewer=reviewer, organization=organization, reason=reason, declared_by_id=actor.id
    )
    db.session.add(conflict)
    db.session.flush()
    record_event(
        "review.conflict_declared",
        conflict,
        actor=actor,
        reviewer=reviewer.id,
        organization=organization.name_en,
        reason=reason,
    )
    for assignment in _live_reviews_with(db.session, reviewer.id, organization.id):
        _recuse_for_conflict(
            assignment,
            str(_l("Conflict with %(name)s: %(reason)s", name=organization.name_en, reason=reason)),
            actor=actor,
        )
    db.session.flush()
    return conflict


def _live_reviews_with(
    session: OrmSession | scoped_session[Any],
    reviewer_id: int,
    organization_id: int,
    *conditions: Any,
) -> list[ReviewAssignment]:
    """The reviewer's live assignments on submitted proposals in which the organization is a
    participant (narrowed by `conditions`): what a conflict with it ends."""
    return list(
        session.scalars(
            select(ReviewAssignment)
            .join(Participant, Participant.proposal_id == ReviewAssignment.proposal_id)
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .where(
                ReviewAssignment.reviewer_id == reviewer_id,
                ReviewAssignment.state.in_(LIVE_ASSIGNMENT),
                Participant.organization_id == organization_id,
                Proposal.state == ProposalState.SUBMITTED,
                *conditions,
            )
        )
    )


@event.listens_for(OrmSession, "before_flush")
def _recuse_members_who_join(session: OrmSession, _context: object, _instances: object) -> None:
    """A conflict that arises after assignment ends the review at once: a reviewer who joins a
    participant organization (by invitation, by an administrator, by any path that adds a
    membership) is recused from its proposals under review, and the chairs are told."""
    joined = [obj for obj in session.new if isinstance(obj, OrganizationMember)]
    if not joined:
        return
    with session.no_autoflush:
        for membership in joined:
            user = membership.user or session.get(User, membership.user_id)
            organization = membership.organization or session.get(
                Organization, membership.organization_id
            )
            if user is None or organization is None or user.id is None or organization.id is None:
                continue
            live = _live_reviews_with(
                session, user.id, organization.id, Participant.state != ParticipantState.DECLINED
            )
            for assignment in live:
                reason = str(
                    _l(
                        "Joined %(name)s, a participant, after assignment.",
                        name=organization.name_en,
                    )
                )
                _recuse_for_conflict(assignment, reason, actor=None)
                mail_chairs(
                    "reviews.recused_for_new_conflict",
                    except_for=user,
                    reviewer=user,
                    organization=organization,
                    proposal=assignment.proposal,
                )


def conflicts_of(reviewer: User) -> list[Conflict]:
    """The conflicts recorded for `reviewer`, by organization name."""
    return list(
        db.session.scalars(
            select(Conflict)
            .join(Organization, Organization.id == Conflict.organization_id)
            .where(Conflict.reviewer_id == reviewer.id)
            .order_by(Organization.name_en)
        )
    )


def all_conflicts() -> list[Conflict]:
    """Every recorded conflict, by reviewer then organization (the chairs' list)."""
    return list(
        db.session.scalars(
            select(Conflict)
            .options(selectinload(Conflict.reviewer), selectinload(Conflict.organization))
            .join(User, User.id == Conflict.reviewer_id)
            .join(Organization, Organization.id == Conflict.organization_id)
            .order_by(User.display_name, Organization.name_en)
        )
    )


# --- reading ----------------------------------------------------------------------------------


def reviewer_pool() -> list[User]:
    """Active reviewers with a side: the pool automatic assignment draws from."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.REVIEWER, User.is_active.is_(True), User.side.is_not(None))
            .order_by(User.side, User.display_name)
        )
    )


def secretariat_members() -> list[User]:
    """Active reviewers and chairs with a side: who may be assigned by hand."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                UserRole.role.in_((Role.REVIEWER, Role.CHAIR)),
                User.is_active.is_(True),
                User.side.is_not(None),
            )
            .distinct()
            .order_by(User.side, User.display_name)
        )
    )


def proposals_under_review(solicitation: Solicitation) -> list[Proposal]:
    """The solicitation's submitted proposals (and their outcome once published), by reference."""
    return list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.solicitation_id == solicitation.id, Proposal.state.in_(REVIEWED_STATES))
            .options(selectinload(Proposal.participants).selectinload(Participant.organization))
            .order_by(Proposal.reference)
        )
    )


def review_solicitations() -> list[Solicitation]:
    """Calls past their deadline, newest first: the ones with a review to run or to look back on."""
    return list(
        db.session.scalars(
            select(Solicitation)
            .where(Solicitation.status != SolicitationStatus.DRAFT)
            .order_by(Solicitation.year.desc())
        )
    )


def assignments_of(reviewer: User) -> list[ReviewAssignment]:
    """Everything assigned to `reviewer`, newest call first, then by proposal reference."""
    return list(
        db.session.scalars(
            select(ReviewAssignment)
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .join(Solicitation, Solicitation.id == Proposal.solicitation_id)
            .where(ReviewAssignment.reviewer_id == reviewer.id)
            .options(selectinload(ReviewAssignment.proposal))
            .order_by(Solicitation.year.desc(), Proposal.reference)
        )
    )


def assignments_for(solicitation: Solicitation) -> dict[int, list[ReviewAssignment]]:
    """Proposal id → its assignments (all states), reviewers loaded."""
    found: dict[int, list[ReviewAssignment]] = defaultdict(list)
    for assignment in db.session.scalars(
        select(ReviewAssignment)
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .where(Proposal.solicitation_id == solicitation.id)
        .options(selectinload(ReviewAssignment.reviewer))
        .order_by(ReviewAssignment.id)
    ):
        found[assignment.proposal_id].append(assignment)
    return found


def reviewer_loads(solicitation: Solicitation) -> dict[int, int]:
    """Reviewer id → number of live assignments in this call."""
    return {
        reviewer_id: count
        for reviewer_id, count in db.session.execute(
            select(ReviewAssignment.reviewer_id, func.count(ReviewAssignment.id))
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .where(
                Proposal.solicitation_id == solicitation.id,
                ReviewAssignment.state.in_(LIVE_ASSIGNMENT),
            )
            .group_by(ReviewAssignment.reviewer_id)
        )
    }


def assignment_of(reviewer: User, proposal: Proposal) -> ReviewAssignment | None:
    """`reviewer`'s assignment to `proposal`, if any."""
    return db.session.scalar(
        select(ReviewAssignment).where(
            ReviewAssignment.reviewer_id == reviewer.id,
            ReviewAssignment.proposal_id == proposal.id,
        )
    )


def may_review(user: User | None, assignment: ReviewAssignment) -> bool:
    """The assigned reviewer, while not recused and free of conflict."""
    return (
        user is not None
        and assignment.reviewer_id == user.id
        and assignment.state != AssignmentState.RECUSED
        and _is_reviewer(user)
        and not is_conflicted(user, assignment.proposal)
    )


def may_see_reviews(user: User | None, proposal: Proposal) -> bool:
    """Chairs free of conflict; reviewers of the proposal who submitted their own review and
    are free of conflict. Applicants never: nothing here depends on membership."""
    if user is None or not _is_reviewer(user):
        return False
    if not _is_chair(user):
        own = assignment_of(user, proposal)
        if own is None or own.state != AssignmentState.SUBMITTED:
            return False
    return not is_conflicted(user, proposal)


def submitted_reviews(proposal: Proposal) -> list[ReviewAssignment]:
    """The submitted reviews of `proposal`, in the order they were submitted."""
    return list(
        db.session.scalars(
            select(ReviewAssignment)
            .where(
                ReviewAssignment.proposal_id == proposal.id,
                ReviewAssignment.state == AssignmentState.SUBMITTED,
            )
            .options(selectinload(ReviewAssignment.scores), selectinload(ReviewAssignment.reviewer))
            .order_by(ReviewAssignment.submitted_at, ReviewAssignment.id)
        )
    )


def comments_on(proposal: Proposal) -> list[ReviewComment]:
    """The internal discussion of `proposal`, oldest first."""
    return list(
        db.session.scalars(
            select(ReviewComment)
            .where(ReviewComment.proposal_id == proposal.id)
            .options(selectinload(ReviewComment.author))
            .order_by(ReviewComment.created_at, ReviewComment.id)
        )
    )


@dataclass(frozen=True)
class Anchor:
    """What one score on the scale means."""

    score: int
    text: str


def score_anchors(solicitation: Solicitation) -> list[Anchor]:
    """The solicitation's scale, each score with the text that anchors it."""
    low, high = solicitation.score_min, solicitation.score_max
    steps = len(ANCHORS) - 1
    return [
        Anchor(score, str(ANCHORS[round((score - low) * steps / (high - low))]))
        for score in range(low, high + 1)
    ]


def review_weighted_mean(assignment: ReviewAssignment) -> float | None:
    """The weighted mean of one review's scores, None when nothing is scored."""
    weights = {c.id: float(c.weight) for c in assignment.proposal.solicitation.criteria}
    scores = {s.criterion_id: s.score for s in assignment.scores if s.criterion_id in weights}
    return ranking_math.weighted_mean(scores, weights) if scores else None


def live_decision(proposal: Proposal) -> Decision | None:
    """The proposal's proposed or approved decision, if any."""
    return db.session.scalar(
        select(Decision).where(
            Decision.proposal_id == proposal.id, Decision.state.in_(LIVE_DECISION)
        )
    )


def decision_history(proposal: Proposal) -> list[Decision]:
    """Every decision ever proposed for `proposal`, withdrawn ones too, oldest first."""
    return list(
        db.session.scalars(
            select(Decision).where(Decision.proposal_id == proposal.id).order_by(Decision.id)
        )
    )


def live_decisions(solicitation: Solicitation) -> dict[int, Decision]:
    """Proposal id → its live decision, for one call."""
    return {
        decision.proposal_id: decision
        for decision in db.session.scalars(
            select(Decision)
            .join(Proposal, Proposal.id == Decision.proposal_id)
            .where(Proposal.solicitation_id == solicitation.id, Decision.state.in_(LIVE_DECISION))
            .options(selectinload(Decision.proposed_by), selectinload(Decision.approved_by))
        )
    }


# --- screening --------------------------------------------------------------------------------


def screen_proposal(proposal: Proposal, *, eligible: bool, reason: str, actor: User) -> None:
    """After the deadline a chair marks a proposal eligible or ineligible (with the reason,
    which the applicant reads in the decision letter). Ineligibility is one key: it stops the
    proposal's review at once, but it is declined at publication only once a chair of the
    other side confirms it (`confirm_ineligibility`). Marking it eligible again takes one."""
    _require(_is_chair(actor), _l("Only a chair screens proposals."))
    _require_review_period(proposal.solicitation)
    _require(
        proposal.state == ProposalState.SUBMITTED, _l("Only submitted proposals are screened.")
    )
    reason = (reason or "").strip()
    if not eligible:
        _require(bool(reason), _l("Give the reason; the applicant will read it."), "reason")
        _require(len(reason) <= 2000, _l("At most 2,000 characters."), "reason")
        _require(
            live_decision(proposal) is None,
            _l("Withdraw the selection decision on this proposal first."),
        )
    before = {"eligible": proposal.is_eligible, "reason": proposal.ineligibility_reason}
    proposal.is_eligible = eligible
    proposal.ineligibility_reason = "" if eligible else reason
    proposal.ineligibility_marked_by_id = None if eligible else actor.id
    proposal.ineligibility_marked_at = None if eligible else clock.now()
    proposal.ineligibility_confirmed_by_id = None
    proposal.ineligibility_confirmed_at = None
    db.session.flush()
    record_event(
        "review.screened",
        proposal,
        actor=actor,
        reference=proposal.reference,
        before=before,
        after={"eligible": eligible, "reason": proposal.ineligibility_reason},
    )
    if not eligible and actor.side is not None:
        other = Side.CN if actor.side == Side.US else Side.US
        mail_chairs(
            "reviews.ineligibility_awaits",
            side=other,
            leave_out=lambda chair: is_conflicted(chair, proposal),
            proposal=proposal,
            actor=actor,
        )


def confirm_ineligibility(proposal: Proposal, *, actor: User) -> None:
    """The second key on ineligibility: a chair of the other side, free of conflict, who was a
    chair when the proposal was marked, confirms it."""
    _require(_is_chair(actor) and actor.side is not None, _l("Only a co-chair decides."))
    _require(
        not is_conflicted(actor, proposal),
        _l("You have a conflict of interest with this proposal."),
    )
    _require_review_period(proposal.solicitation)
    _require(
        proposal.state == ProposalState.SUBMITTED and not proposal.is_eligible,
        _l("Only a proposal marked ineligible is confirmed ineligible."),
    )
    _require(
        proposal.ineligibility_confirmed_by_id is None,
        _l("Its ineligibility is confirmed already."),
    )
    marker = proposal.ineligibility_marked_by
    _require(
        marker is not None and actor.id != marker.id and actor.side != marker.side,
        _l("Ineligibility needs the confirmation of a chair of the other side."),
    )
    _require(
        _chair_before(actor, proposal.ineligibility_marked_at),
        _l(
            "Your chair role was confirmed after this proposal was marked ineligible; a chair "
            "who held the role before confirms it."
        ),
    )
    proposal.ineligibility_confirmed_by_id = actor.id
    proposal.ineligibility_confirmed_at = clock.now()
    db.session.flush()
    record_event(
        "review.ineligibility_confirmed",
        proposal,
        actor=actor,
        reference=proposal.reference,
        side=actor.side,
    )


# --- assignment -------------------------------------------------------------------------------


def _check_assignable(proposal: Proposal, reviewer: User) -> None:
    _require_review_period(proposal.solicitation)
    _require(
        proposal.state == ProposalState.SUBMITTED and proposal.is_eligible,
        _l("Only eligible submitted proposals are reviewed."),
    )
    _require(
        _is_reviewer(reviewer) and reviewer.side is not None and reviewer.is_active,
        _l("Choose an active reviewer of either side."),
        "reviewer_id",
    )
    _require(
        assignment_of(reviewer, proposal) is None,
        _l(
            "%(name)s is already assigned to (or recused from) this proposal.",
            name=reviewer.display_name,
        ),
        "reviewer_id",
    )
    _require(
        not is_conflicted(reviewer, proposal),
        _l("%(name)s has a conflict of interest with this proposal.", name=reviewer.display_name),
        "reviewer_id",
    )


def assign_reviewer(proposal: Proposal, reviewer: User, *, actor: User) -> ReviewAssignment:
    """A chair assigns one reviewer by hand (never one in conflict)."""
    _require(_is_chair(actor), _l("Only a chair assigns reviewers."))
    _check_assignable(proposal, reviewer)
    assignment = ReviewAssignment(proposal=proposal, reviewer=reviewer)
    db.session.add(assignment)
    db.session.flush()
    record_event(
        "review.assigned",
        assignment,
        actor=actor,
        reviewer=reviewer.id,
        proposal=proposal.reference,
        automatic=False,
    )
    queue_mail("reviews.assigned", to=reviewer, proposals=[proposal])
    return assignment


def remove_assignment(assignment: ReviewAssignment, *, actor: User) -> None:
    """A chair takes a reviewer off a proposal, unless the review has been submitted."""
    _require(_is_chair(actor), _l("Only a chair changes assignments."))
    _require_review_period(assignment.proposal.solicitation)
    _require(
        assignment.state != AssignmentState.SUBMITTED,
        _l("This review has been submitted; it stays."),
    )
    _require(
        assignment.state != AssignmentState.RECUSED,
        _l("A recusal stays on record."),
    )
    side = assignment.reviewer.side
    others_of_side = db.session.scalars(
        select(ReviewAssignment.id)
        .join(User, User.id == ReviewAssignment.reviewer_id)
        .where(
            ReviewAssignment.proposal_id == assignment.proposal_id,
            ReviewAssignment.id != assignment.id,
            ReviewAssignment.state.in_(LIVE_ASSIGNMENT),
            User.side == side,
        )
    ).all()
    _require(
        bool(others_of_side),
        _l(
            "%(name)s is the only reviewer of the U.S. side on %(reference)s: assign another "
            "U.S. reviewer first, so the proposal keeps a reviewer of each side.",
            name=assignment.reviewer.display_name,
            reference=assignment.proposal.reference,
        )
        if side == Side.US
        else _l(
            "%(name)s is the only reviewer of the Chinese side on %(reference)s: assign another "
            "Chinese reviewer first, so the proposal keeps a reviewer of each side.",
            name=assignment.reviewer.display_name,
            reference=assignment.proposal.reference,
        ),
    )
    record_event(
        "review.unassigned",
        assignment,
        actor=actor,
        reviewer=assignment.reviewer_id,
        proposal=assignment.proposal.reference,
    )
    db.session.delete(assignment)
    db.session.flush()


def _shortfall_message(problem: Any) -> str:
    messages = {
        Shortfall.TOO_FEW_REVIEWERS: _l(
            "%(reference)s needs %(needed)d more reviewers but only %(available)d are free of "
            "conflicts of interest.",
            reference=problem.label,
            needed=problem.needed,
            available=problem.available,
        ),
        Shortfall.NO_US_REVIEWER: _l(
            "%(reference)s has no U.S. reviewer free of conflicts of interest.",
            reference=problem.label,
        ),
        Shortfall.NO_CN_REVIEWER: _l(
            "%(reference)s has no Chinese reviewer free of conflicts of interest.",
            reference=problem.label,
        ),
        Shortfall.SIDES_FULL: _l(
            "%(reference)s already has %(count)d reviewers, all from one side: remove one by "
            "hand so that both sides review it.",
            reference=problem.label,
            count=problem.available,
        ),
    }
    return str(messages[problem.reason])


def assign_automatically(solicitation: Solicitation, *, actor: User) -> int:
    """Give every eligible proposal the call's number of reviewers, at least one from each
    side, none in conflict, loads as even as possible (see `app.reviews.assignment`). Existing
    assignments are kept and counted. Returns how many assignments were added; when the rules
    cannot be met, nothing is assigned and the error names each proposal and why."""
    _require(_is_chair(actor), _l("Only a chair assigns reviewers."))
    _require_review_period(solicitation)
    proposals = [
        p
        for p in proposals_under_review(solicitation)
        if p.state == ProposalState.SUBMITTED and p.is_eligible
    ]
    _require(bool(proposals), _l("There are no eligible proposals to assign."))
    pool = reviewer_pool()
    by_proposal = assignments_for(solicitation)
    loads = reviewer_loads(solicitation)
    conflicts = conflict_pairs(pool, proposals)
    # Someone assigned by hand who is not in the pool still counts for the proposal's sides.
    extra = {
        a.reviewer_id: a.reviewer
        for assignments in by_proposal.values()
        for a in assignments
        if a.state in LIVE_ASSIGNMENT and a.reviewer.side is not None
    }
    members = {u.id: u for u in pool}
    reviewers = [
        Reviewer(user.id, str(user.side), loads.get(user.id, 0)) for user in members.values()
    ]
    outsiders = [
        Reviewer(uid, str(user.side), loads.get(uid, 0))
        for uid, user in extra.items()
        if uid not in members
    ]
    try:
        found = assign_reviewers(
            [
                ProposalToAssign(
                    p.id,
                    p.reference or str(p.id),
                    tuple(
                        a.reviewer_id
                        for a in by_proposal.get(p.id, ())
                        if a.state in LIVE_ASSIGNMENT
                    ),
                )
                for p in proposals
            ],
            reviewers + outsiders,
            conflicts
            | {(r.id, p.id) for r in outsiders for p in proposals}  # outsiders: never new work
            | {(a.reviewer_id, pid) for pid, items in by_proposal.items() for a in items},
            solicitation.reviewers_per_proposal,
        )
    except AssignmentError as error:
        raise ServiceError(
            " ".join(
                [str(_l("The reviewers cannot be assigned:"))]
                + [_shortfall_message(problem) for problem in error.problems]
            )
        ) from None
    by_id = {p.id: p for p in proposals}
    new_work: dict[int, list[Proposal]] = defaultdict(list)
    added = 0
    for proposal_id, reviewer_ids in found.items():
        for reviewer_id in reviewer_ids:
            assignment = ReviewAssignment(proposal_id=proposal_id, reviewer_id=reviewer_id)
            db.session.add(assignment)
            new_work[reviewer_id].append(by_id[proposal_id])
            added += 1
    db.session.flush()
    record_event(
        "review.assigned_automatically",
        solicitation,
        actor=actor,
        added=added,
        assignments={by_id[pid].reference: ids for pid, ids in found.items()},
    )
    for reviewer_id, assigned in new_work.items():
        queue_mail("reviews.assigned", to=members[reviewer_id], proposals=assigned)
    return added


# --- reviewing --------------------------------------------------------------------------------


def recuse(assignment: ReviewAssignment, reason: str, *, actor: User) -> None:
    """The reviewer declares a conflict with the proposal and steps aside (a chair is told)."""
    _require(actor.id == assignment.reviewer_id, _l("Only the assigned reviewer can recuse."))
    _require_review_period(assignment.proposal.solicitation)
    _require(
        assignment.state == AssignmentState.ASSIGNED,
        _l("Only a review not yet submitted can be recused from."),
    )
    reason = (reason or "").strip()
    _require(bool(reason), _l("Give the reason for the conflict."), "reason")
    _require(len(reason) <= 2000, _l("At most 2,000 characters."), "reason")
    _recuse_for_conflict(assignment, reason, actor=actor)
    db.session.flush()


def _scores_from(data: Mapping[str, Any], assignment: ReviewAssignment) -> dict[int, int]:
    solicitation = assignment.proposal.solicitation
    scores = {}
    for criterion in solicitation.criteria:
        value = data.get(f"score_{criterion.id}")
        if value in (None, ""):
            continue
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = solicitation.score_min - 1
        _require(
            solicitation.score_min <= score <= solicitation.score_max,
            _l(
                "Choose a score from %(low)d to %(high)d.",
                low=solicitation.score_min,
                high=solicitation.score_max,
            ),
            f"score_{criterion.id}",
        )
        scores[criterion.id] = score
    return scores


def save_review(
    assignment: ReviewAssignment, data: Mapping[str, Any], *, submit: bool, actor: User
) -> None:
    """Save the review as a draft, or submit it (then it is final and the reviewer may read the
    other reviews). `data`: ``score_<criterion id>``, ``comments_to_applicant``,
    ``comments_to_secretariat``, ``recommendation`` and optionally ``version`` (the one the
    form was read at: a newer one means the review was changed in another tab)."""
    _require(
        actor.id == assignment.reviewer_id, _l("Only the assigned reviewer writes this review.")
    )
    _require_review_period(assignment.proposal.solicitation)
    _require(
        assignment.state != AssignmentState.SUBMITTED,
        _l("This review is submitted and can no longer be changed."),
    )
    _require(
        assignment.state == AssignmentState.ASSIGNED, _l("You recused yourself from this proposal.")
    )
    _require(
        not is_conflicted(actor, assignment.proposal),
        _l("You have a conflict of interest with this proposal."),
    )
    version = data.get("version")
    if version not in (None, "") and int(version) != assignment.version:
        raise ServiceError(
            _l(
                "This review was saved elsewhere (another window?) while you were editing. Your "
                "text is below; check it and save again."
            )
        )
    scores = _scores_from(data, assignment)
    texts = {}
    for key in ("comments_to_applicant", "comments_to_secretariat"):
        texts[key] = str(data.get(key) or "").strip()
        _require(len(texts[key]) <= MAX_TEXT, _l("At most 10,000 characters."), key)
    raw = data.get("recommendation") or None
    recommendation = Recommendation(raw) if raw in {r.value for r in Recommendation} else None
    if submit:
        missing = [c for c in assignment.proposal.solicitation.criteria if c.id not in scores]
        if missing:
            raise ServiceError(
                _l("Score every criterion before submitting."), field=f"score_{missing[0].id}"
            )
        _require(
            bool(texts["comments_to_applicant"]),
            _l("Write your comments to the applicant before submitting."),
            "comments_to_applicant",
        )
        _require(
            recommendation is not None,
            _l("Choose a recommendation before submitting."),
            "recommendation",
        )
    current = {s.criterion_id: s for s in assignment.scores}
    for criterion_id, score in scores.items():
        if criterion_id in current:
            current[criterion_id].score = score
        else:
            assignment.scores.append(ReviewScore(criterion_id=criterion_id, score=score))
    for criterion_id, row in current.items():
        if criterion_id not in scores:
            assignment.scores.remove(row)
    assignment.comments_to_applicant = texts["comments_to_applicant"]
    assignment.comments_to_secretariat = texts["comments_to_secretariat"]
    assignment.recommendation = recommendation
    if submit:
        assignment.state = AssignmentState.SUBMITTED
        assignment.submitted_at = clock.now()
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("This review was saved elsewhere at the same moment. Please save again.")
        ) from None
    record_event(
        "review.submitted" if submit else "review.draft_saved",
        assignment,
        actor=actor,
        proposal=assignment.proposal.reference,
        scores={str(k): v for k, v in scores.items()},
        recommendation=recommendation,
    )


# --- discussion -------------------------------------------------------------------------------


def post_comment(proposal: Proposal, body: str, *, actor: User) -> ReviewComment:
    """Add to the secretariat's internal discussion of a proposal."""
    _require(may_see_reviews(actor, proposal), _l("You cannot take part in this discussion."))
    _require_review_period(proposal.solicitation)
    body = (body or "").strip()
    _require(bool(body), _l("Write a comment."), "body")
    _require(len(body) <= MAX_TEXT, _l("At most 10,000 characters."), "body")
    comment = ReviewComment(proposal=proposal, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    record_event("review.comment_posted", comment, actor=actor, proposal=proposal.reference)
    return comment


# --- two-key selection ------------------------------------------------------------------------


def _check_decider(actor: User, proposal: Proposal) -> None:
    # Every role, administrators included, passes through here: a role alone decides nothing.
    _require(_is_chair(actor) and actor.side is not None, _l("Only a co-chair decides."))
    _require(
        not is_conflicted(actor, proposal),
        _l("You have a conflict of interest with this proposal."),
    )


def propose_decision(
    proposal: Proposal, outcome: DecisionOutcome | str, rationale: str, *, actor: User
) -> Decision:
    """A chair proposes to select or decline; nothing takes effect until a chair of the other
    side approves."""
    _check_decider(actor, proposal)
    _require_review_period(proposal.solicitation)
    _require(
        proposal.state == ProposalState.SUBMITTED and proposal.is_eligible,
        _l("Only eligible submitted proposals receive a decision."),
    )
    try:
        outcome = DecisionOutcome(outcome)
    except ValueError:
        raise ServiceError(_l("Choose selected or declined."), field="outcome") from None
    rationale = (rationale or "").strip()
    _require(bool(rationale), _l("Give the rationale for the decision."), "rationale")
    _require(len(rationale) <= MAX_TEXT, _l("At most 10,000 characters."), "rationale")
    _require(
        live_decision(proposal) is None,
        _l("A decision is already proposed for this proposal; withdraw it first."),
    )
    decision = Decision(
        proposal=proposal,
        outcome=outcome,
        rationale=rationale,
        state=DecisionState.PROPOSED,
        proposed_by_id=actor.id,
        proposed_at=clock.now(),
    )
    try:
        with db.session.begin_nested():  # the unique index decides a race between two chairs
            db.session.add(decision)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(
            _l(
                "Another chair proposed a decision on this proposal at the same moment; "
                "read it below, and withdraw it first if you disagree."
            ),
            status=409,
        ) from None
    record_event(
        "decision.proposed",
        decision,
        actor=actor,
        proposal=proposal.reference,
        outcome=outcome,
        side=actor.side,
    )
    return decision


def approve_decision(decision: Decision, *, actor: User) -> None:
    """The second key: a chair of the other side approves a proposed decision."""
    proposal = decision.proposal
    _check_decider(actor, proposal)
    _require_review_period(proposal.solicitation)
    _require(decision.state == DecisionState.PROPOSED, _l("Only a proposed decision is approved."))
    _require(actor.id != decision.proposed_by_id, _l("You cannot approve your own proposal."))
    _require(
        decision.proposed_by.side is not None and actor.side != decision.proposed_by.side,
        _l("A decision needs the approval of a chair of the other side."),
    )
    _require(
        _chair_before(actor, decision.proposed_at),
        _l(
            "Your chair role was confirmed after this decision was proposed; a chair who "
            "held the role before gives the second key."
        ),
    )
    decision.state = DecisionState.APPROVED
    decision.approved_by_id = actor.id
    decision.approved_at = clock.now()
    db.session.flush()
    record_event(
        "decision.approved",
        decision,
        actor=actor,
        proposal=proposal.reference,
        outcome=decision.outcome,
        side=actor.side,
    )


def withdraw_decision(decision: Decision, *, actor: User) -> None:
    """Before publication, the proposing chair withdraws the decision, or the approving chair
    withdraws their approval (the decision is then proposed again)."""
    proposal = decision.proposal
    _require_review_period(proposal.solicitation)
    _require(decision.state in LIVE_DECISION, _l("This decision has been withdrawn already."))
    if actor.id == decision.proposed_by_id:
        before = decision.state
        decision.state = DecisionState.WITHDRAWN
        decision.approved_by_id = None
        decision.approved_at = None
        action = "decision.withdrawn"
    elif decision.state == DecisionState.APPROVED and actor.id == decision.approved_by_id:
        before = decision.state
        decision.state = DecisionState.PROPOSED
        decision.approved_by_id = None
        decision.approved_at = None
        action = "decision.approval_withdrawn"
    else:
        raise ServiceError(
            _l("Only the chairs who proposed or approved it can withdraw their part.")
        )
    db.session.flush()
    record_event(action, decision, actor=actor, proposal=proposal.reference, before=before)


@dataclass(frozen=True)
class SelectionSummary:
    """Where the selection stands: the target against what is proposed and approved."""

    target: int
    selected_approved: int
    selected_proposed: int
    declined_approved: int
    eligible: int
    ineligible: int
    undecided: int


def selection_summary(solicitation: Solicitation) -> SelectionSummary:
    """Counts for the selection page (on every proposal, whatever the viewer's conflicts)."""
    proposals = proposals_under_review(solicitation)
    decisions = live_decisions(solicitation)
    eligible = [p for p in proposals if p.is_eligible]

    def count(outcome: DecisionOutcome, state: DecisionState) -> int:
        return sum(1 for d in decisions.values() if d.outcome == outcome and d.state == state)

    return SelectionSummary(
        target=solicitation.target_selections,
        selected_approved=count(DecisionOutcome.SELECTED, DecisionState.APPROVED),
        selected_proposed=count(DecisionOutcome.SELECTED, DecisionState.PROPOSED),
        declined_approved=count(DecisionOutcome.DECLINED, DecisionState.APPROVED),
        eligible=len(eligible),
        ineligible=len(proposals) - len(eligible),
        undecided=sum(
            1
            for p in eligible
            if decisions.get(p.id) is None or decisions[p.id].state != DecisionState.APPROVED
        ),
    )


# --- publication ------------------------------------------------------------------------------


def _chair_before(user: User, moment: datetime | None) -> bool:
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
        and _chair_before(second, first_at)
    )


def _two_keys_hold(decision: Decision) -> bool:
    return (
        decision.state == DecisionState.APPROVED
        and _keys_of_two_sides(decision.proposed_by, decision.approved_by, decision.proposed_at)
        and not is_conflicted(decision.proposed_by, decision.proposal)
        and not is_conflicted(decision.approved_by, decision.proposal)  # type: ignore[arg-type]
    )


def _ineligibility_holds(proposal: Proposal) -> bool:
    return _keys_of_two_sides(
        proposal.ineligibility_marked_by,
        proposal.ineligibility_confirmed_by,
        proposal.ineligibility_marked_at,
    )


def _applicants_of(proposal: Proposal) -> list[User]:
    """Active members of the confirmed participants, each once."""
    seen: dict[int, User] = {}
    for participant in proposal.participants:
        if participant.state != ParticipantState.CONFIRMED:
            continue
        for membership in participant.organization.memberships:
            if membership.user.is_active:
                seen.setdefault(membership.user.id, membership.user)
    return list(seen.values())


def _letter_part(locale: str, **context: Any) -> str:
    base_url = current_app.config["PUBLIC_BASE_URL"]
    with current_app.test_request_context(base_url=base_url), force_locale(locale):
        text = render_template("email/reviews/_decision_letter_body.txt", **context).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def _queue_letters(proposal: Proposal, outcome: DecisionOutcome, reason: str) -> int:
    """A bilingual letter to every applicant: English, then Chinese. Comments to the applicant
    are included, unsigned; reviewer identities and confidential comments never are."""
    comments = [
        review.comments_to_applicant
        for review in submitted_reviews(proposal)
        if review.comments_to_applicant.strip()
    ]
    recipients = _applicants_of(proposal)
    for recipient in recipients:
        context = {
            "proposal": proposal,
            "outcome": outcome.value,
            "reason": reason,
            "comments": comments,
            "recipient": recipient,
        }
        subject_en, _, letter_en = _letter_part("en", **context).partition("\n")
        subject_zh, _, letter_zh = _letter_part("zh_Hans", **context).partition("\n")
        queue_mail(
            "reviews.decision_letter",
            to=recipient,
            subject=" / ".join(dict.fromkeys((subject_en.strip(), subject_zh.strip()))),
            letter_en=letter_en.strip(),
            letter_zh=letter_zh.strip(),
        )
    return len(recipients)


@dataclass(frozen=True)
class PublicationResult:
    """What publication did."""

    selected: int
    declined: int
    letters: int


def publication_blockers(solicitation: Solicitation) -> list[str]:
    """Why decisions cannot be published yet (empty when they can)."""
    blockers = []
    if solicitation.status != REVIEW_STATUS:
        blockers.append(str(_l("Decisions are published once, after the call has closed.")))
        return blockers
    proposals = proposals_under_review(solicitation)
    if not proposals:
        blockers.append(str(_l("The call received no proposals.")))
    decisions = live_decisions(solicitation)
    for proposal in proposals:
        if proposal.state != ProposalState.SUBMITTED:
            continue
        if not proposal.is_eligible:
            if proposal.ineligibility_confirmed_by_id is None:
                blockers.append(
                    str(
                        _l(
                            "%(reference)s was marked ineligible; a chair of the other side "
                            "must confirm it.",
                            reference=proposal.reference,
                        )
                    )
                )
            elif not _ineligibility_holds(proposal):
                blockers.append(
                    str(
                        _l(
                            "%(reference)s was not found ineligible by two co-chairs of "
                            "different sides.",
                            reference=proposal.reference,
                        )
                    )
                )
            continue
        decision = decisions.get(proposal.id)
        if decision is None:
            blockers.append(str(_l("%(reference)s has no decision.", reference=proposal.reference)))
        elif decision.state != DecisionState.APPROVED:
            blockers.append(
                str(
                    _l(
                        "%(reference)s awaits the approval of a chair of the other side.",
                        reference=proposal.reference,
                    )
                )
            )
        elif not _two_keys_hold(decision):
            blockers.append(
                str(
                    _l(
                        "%(reference)s was not approved by two co-chairs of different sides.",
                        reference=proposal.reference,
                    )
                )
            )
    return blockers


def publish_decisions(solicitation: Solicitation, *, actor: User) -> PublicationResult:
    """Once every eligible proposal has an approved two-key decision: proposals become selected
    or declined (ineligible ones declined, with the screening reason), every applicant receives
    a bilingual decision letter, each selected proposal becomes an EcoPartnership with a draft
    implementation plan, and the call's decisions are published."""
    _require(
        _is_chair(actor) and actor.side is not None, _l("Only a co-chair publishes decisions.")
    )
    blockers = publication_blockers(solicitation)
    if blockers:
        raise ServiceError(" ".join([str(_l("Decisions cannot be published yet:")), *blockers]))
    decisions = live_decisions(solicitation)
    selected = declined = letters = 0
    for proposal in proposals_under_review(solicitation):
        if proposal.state != ProposalState.SUBMITTED:
            continue
        if proposal.is_eligible:
            decision = decisions[proposal.id]
            outcome, reason = decision.outcome, ""
        else:
            decision, outcome, reason = (
                None,
                DecisionOutcome.DECLINED,
                proposal.ineligibility_reason,
            )
        target = (
            ProposalState.SELECTED
            if outcome == DecisionOutcome.SELECTED
            else ProposalState.DECLINED
        )
        if target not in PROPOSAL_TRANSITIONS[proposal.state]:  # pragma: no cover - table says yes
            raise ServiceError(_l("A proposal cannot change that way."))
        proposal.state = target
        db.session.flush()
        record_event(
            "proposal.decided",
            proposal,
            actor=actor,
            reference=proposal.reference,
            outcome=outcome,
            eligible=proposal.is_eligible,
            decision=decision.id if decision is not None else None,
        )
        letters += _queue_letters(proposal, outcome, reason)
        if outcome == DecisionOutcome.SELECTED:
            create_partnership_from_proposal(proposal, actor=actor)
            selected += 1
        else:
            declined += 1
    before = solicitation.status
    if SolicitationStatus.DECISIONS_PUBLISHED not in SOLICITATION_TRANSITIONS[before]:
        raise ServiceError(_l("Decisions are published once, after the call has closed."))
    solicitation.status = SolicitationStatus.DECISIONS_PUBLISHED
    db.session.flush()
    record_event(
        "solicitation.decisions_published",
        solicitation,
        actor=actor,
        before=before,
        after=solicitation.status,
        selected=selected,
        declined=declined,
        letters=letters,
    )
    return PublicationResult(selected, declined, letters)


# --- ranking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingLine:
    """A proposal with its row of the ranking and its live decision."""

    position: int
    proposal: Proposal
    row: ranking_math.Row
    decision: Decision | None


def ranking(
    solicitation: Solicitation,
    *,
    viewer: User,
    disagreement_spread: float = DEFAULT_DISAGREEMENT_SPREAD,
    sort: str = "raw",
    descending: bool = True,
) -> list[RankingLine]:
    """The ranking of the call's eligible proposals, without those `viewer` is in conflict
    with. Calibration uses every submitted review of the call (the viewer's conflicts hide rows,
    they do not change the numbers)."""
    proposals = {p.id: p for p in proposals_under_review(solicitation) if p.is_eligible}
    weights = {c.id: float(c.weight) for c in solicitation.criteria}
    scores: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    if proposals:
        for reviewer_id, proposal_id, criterion_id, score in db.session.execute(
            select(
                ReviewAssignment.reviewer_id,
                ReviewAssignment.proposal_id,
                ReviewScore.criterion_id,
                ReviewScore.score,
            )
            .join(ReviewScore, ReviewScore.assignment_id == ReviewAssignment.id)
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .where(
                Proposal.solicitation_id == solicitation.id,
                ReviewAssignment.state == AssignmentState.SUBMITTED,
            )
        ):
            if proposal_id in proposals and criterion_id in weights:
                scores[(reviewer_id, proposal_id)][criterion_id] = score
    reviews = [
        ranking_math.Review(reviewer_id, proposal_id, criterion_scores)
        for (reviewer_id, proposal_id), criterion_scores in scores.items()
    ]
    rows = ranking_math.rank(
        reviews,
        weights,
        (solicitation.score_min, solicitation.score_max),
        disagreement_spread,
        proposal_ids=proposals,
    )
    rows = ranking_math.sort_rows(
        rows, sort if sort in ranking_math.SORT_KEYS else "raw", descending
    )
    hidden = {pid for _, pid in conflict_pairs([viewer], proposals.values())}
    decisions = live_decisions(solicitation)
    by_raw = {
        row.proposal_id: position
        for position, row in enumerate(ranking_math.sort_rows(rows, "raw"), start=1)
    }
    return [
        RankingLine(
            by_raw[row.proposal_id], proposals[row.proposal_id], row, decisions.get(row.proposal_id)
        )
        for row in rows
        if row.proposal_id not in hidden
    ]


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def ranking_csv(lines: Sequence[RankingLine]) -> str:
    """The ranking as CSV (no reviewer identities)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "rank",
            "reference",
            "title_en",
            "title_zh",
            "reviews",
            "weighted_mean",
            "calibrated",
            "spread",
            "disagreement",
            "decision",
            "decision_state",
        ]
    )

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    for line in lines:
        row = line.row
        writer.writerow(
            [
                line.position,
                _cell(line.proposal.reference),
                _cell(line.proposal.title_en),
                _cell(line.proposal.title_zh),
                row.reviews,
                number(row.raw),
                number(row.calibrated),
                number(row.spread),
                "yes" if row.disagreement else "no",
                line.decision.outcome.value if line.decision else "",
                line.decision.state.value if line.decision else "",
            ]
        )
    return out.getvalue()


def sides_of(users: Iterable[User]) -> dict[str, int]:
    """How many of `users` are on each side."""
    counts = {Side.US.value: 0, Side.CN.value: 0}
    for user in users:
        if user.side is not None:
            counts[str(user.side)] += 1
    return counts
