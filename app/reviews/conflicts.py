"""Conflicts of interest as they arise: a declared conflict, a reviewer's recusal, and a reviewer
who joins a participant organization after assignment. Each ends the reviews the conflict
touches (recused; a submitted review is voided) and tells the chairs free of conflict with the
proposal. What counts as a conflict is `policy.py`'s."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session as OrmSession

from app.accounts.appointments import mail_chairs
from app.accounts.models import User
from app.accounts.policy import is_chair, is_reviewer
from app.audit.services import record_event
from app.extensions import db
from app.organizations.models import Organization, OrganizationMember
from app.proposals.models import Participant, ParticipantState
from app.reviews.checks import require, require_review_period
from app.reviews.models import (
    AssignmentState,
    Conflict,
    ReviewAssignment,
)
from app.reviews.policy import is_conflicted
from app.reviews.queries import live_reviews_with
from app.states import transition


def _recuse_for_conflict(assignment: ReviewAssignment, reason: str, *, actor: User | None) -> None:
    """Take a reviewer off a proposal because of a conflict; a submitted review is voided."""
    before = transition(assignment, AssignmentState.RECUSED)
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


def _tell_chairs_of_recusal(assignment: ReviewAssignment, *, actor: User) -> None:
    """The chairs free of conflict with the proposal, but the one who acted, learn of a
    recusal: the proposal may now lack a reviewer of one side."""
    proposal = assignment.proposal
    mail_chairs(
        "reviews.recused",
        except_for=actor,
        leave_out=lambda chair: is_conflicted(chair, proposal),
        assignment=assignment,
        reviewer=assignment.reviewer,
        proposal=proposal,
    )


def declare_conflict(
    reviewer: User, organization: Organization, reason: str, *, actor: User
) -> Conflict:
    """Record a conflict of interest between `reviewer` and `organization`.

    A reviewer declares their own; a chair may record one for any reviewer. Any review the
    reviewer holds on a proposal of that organization still under review ends (recused).
    """
    reason = (reason or "").strip()
    require(bool(reason), _l("Give the reason for the conflict."), "reason")
    require(len(reason) <= 2000, _l("At most 2,000 characters."), "reason")
    require(
        actor.id == reviewer.id or is_chair(actor),
        _l("Only the reviewer or a chair can record a conflict."),
    )
    require(is_reviewer(reviewer), _l("This person is not a reviewer."), "reviewer_id")
    existing = db.session.scalar(
        select(Conflict).where(
            Conflict.reviewer_id == reviewer.id, Conflict.organization_id == organization.id
        )
    )
    require(
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
    for assignment in live_reviews_with(db.session, reviewer.id, organization.id):
        _recuse_for_conflict(
            assignment,
            str(_l("Conflict with %(name)s: %(reason)s", name=organization.name_en, reason=reason)),
            actor=actor,
        )
        db.session.flush()
        _tell_chairs_of_recusal(assignment, actor=actor)
    db.session.flush()
    return conflict


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
            live = live_reviews_with(
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


def recuse(assignment: ReviewAssignment, reason: str, *, actor: User) -> None:
    """The reviewer declares a conflict with the proposal and steps aside (a chair is told)."""
    require(actor.id == assignment.reviewer_id, _l("Only the assigned reviewer can recuse."))
    require_review_period(assignment.proposal.solicitation)
    require(
        assignment.state == AssignmentState.ASSIGNED,
        _l("Only a review not yet submitted can be recused from."),
    )
    reason = (reason or "").strip()
    require(bool(reason), _l("Give the reason for the conflict."), "reason")
    require(len(reason) <= 2000, _l("At most 2,000 characters."), "reason")
    _recuse_for_conflict(assignment, reason, actor=actor)
    db.session.flush()
    _tell_chairs_of_recusal(assignment, actor=actor)
