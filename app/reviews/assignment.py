"""Who reviews what: a chair assigns or removes a reviewer by hand, or has every eligible proposal
assigned at once (the solver is `matching.py`), and sets a review's due date; a reviewer without
the time declines, and automatic assignment refills the slot with someone else. Never a reviewer
in conflict; every proposal keeps a reviewer of each side."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import clock
from app.accounts.appointments import mail_chairs
from app.accounts.models import Side, User
from app.accounts.policy import is_chair, is_reviewer
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.services import queue_mail
from app.proposals.models import Proposal, ProposalState
from app.reviews.checks import require, require_review_period
from app.reviews.matching import (
    AssignmentError,
    ProposalToAssign,
    Reviewer,
    Shortfall,
    assign_reviewers,
)
from app.reviews.models import (
    AssignmentState,
    ReviewAssignment,
)
from app.reviews.policy import conflict_pairs, is_conflicted
from app.reviews.queries import (
    LIVE_ASSIGNMENT,
    assignment_of,
    assignments_for,
    proposals_under_review,
    reviewer_loads,
    reviewer_pool,
)
from app.solicitations.models import Solicitation
from app.states import transition


def _check_assignable(proposal: Proposal, reviewer: User) -> None:
    require_review_period(proposal.solicitation)
    require(
        proposal.state == ProposalState.SUBMITTED and proposal.is_eligible,
        _l("Only eligible submitted proposals are reviewed."),
    )
    require(
        is_reviewer(reviewer) and reviewer.side is not None and reviewer.is_active,
        _l("Choose an active reviewer of either side."),
        "reviewer_id",
    )
    require(
        assignment_of(reviewer, proposal) is None,
        _l(
            "%(name)s is already assigned to this proposal (or recused from or declined it).",
            name=reviewer.display_name,
        ),
        "reviewer_id",
    )
    require(
        not is_conflicted(reviewer, proposal),
        _l("%(name)s has a conflict of interest with this proposal.", name=reviewer.display_name),
        "reviewer_id",
    )


def assign_reviewer(proposal: Proposal, reviewer: User, *, actor: User) -> ReviewAssignment:
    """A chair assigns one reviewer by hand (never one in conflict)."""
    require(is_chair(actor), _l("Only a chair assigns reviewers."))
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
    queue_mail(
        "reviews.assigned",
        to=reviewer,
        proposals=[proposal],
        due_at=proposal.solicitation.review_deadline,
    )
    return assignment


def remove_assignment(assignment: ReviewAssignment, *, actor: User) -> None:
    """A chair takes a reviewer off a proposal, unless the review has been submitted."""
    require(is_chair(actor), _l("Only a chair changes assignments."))
    require_review_period(assignment.proposal.solicitation)
    require(
        assignment.state != AssignmentState.SUBMITTED,
        _l("This review has been submitted; it stays."),
    )
    require(
        assignment.state != AssignmentState.RECUSED,
        _l("A recusal stays on record."),
    )
    require(
        assignment.state != AssignmentState.DECLINED,
        _l("A declined assignment stays on record, so the reviewer is not asked again."),
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
    require(
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
    queue_mail("reviews.unassigned", to=assignment.reviewer, proposal=assignment.proposal)
    db.session.delete(assignment)
    db.session.flush()


def decline_assignment(assignment: ReviewAssignment, note: str, *, actor: User) -> None:
    """The assigned reviewer has no time for this review and steps aside, saying why (not a
    conflict of interest: that is a recusal). The chairs are told; the slot is open again, and
    automatic assignment fills it with another reviewer, never this one."""
    require(actor.id == assignment.reviewer_id, _l("Only the assigned reviewer can decline."))
    require_review_period(assignment.proposal.solicitation)
    require(
        assignment.state == AssignmentState.ASSIGNED,
        _l("Only a review not yet submitted can be declined."),
    )
    note = (note or "").strip()
    require(bool(note), _l("Say briefly why you cannot review it."), "note")
    require(len(note) <= 2000, _l("At most 2,000 characters."), "note")
    before = transition(assignment, AssignmentState.DECLINED)
    assignment.declined_at = clock.now()
    assignment.decline_note = note
    db.session.flush()
    proposal = assignment.proposal
    record_event(
        "review.declined",
        assignment,
        actor=actor,
        before=before,
        note=note,
        proposal=proposal.reference,
    )
    mail_chairs(
        "reviews.declined",
        except_for=actor,
        leave_out=lambda chair: is_conflicted(chair, proposal),
        reviewer=actor,
        proposal=proposal,
        note=note,
    )


def set_due_date(assignment: ReviewAssignment, due_at: datetime | None, *, actor: User) -> None:
    """A chair gives one review its own due date (`due_at`, in UTC), or with None returns it to
    the call's review deadline. After the deadline for proposals, and not in the past."""
    require(is_chair(actor), _l("Only a chair sets due dates."))
    require_review_period(assignment.proposal.solicitation)
    require(
        assignment.state == AssignmentState.ASSIGNED,
        _l("Only a review still to write has a due date."),
    )
    if due_at is not None:
        require(
            due_at > assignment.proposal.solicitation.closes_at,
            _l("Reviews are due after the deadline for proposals: choose a later time."),
            "due_at",
        )
        require(due_at > clock.now(), _l("Choose a time in the future."), "due_at")
    before = assignment.due_at
    assignment.due_at = due_at
    db.session.flush()
    record_event(
        "review.due_date_set",
        assignment,
        actor=actor,
        before=before.isoformat() if before else None,
        after=due_at.isoformat() if due_at else None,
        proposal=assignment.proposal.reference,
    )


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
    require(is_chair(actor), _l("Only a chair assigns reviewers."))
    require_review_period(solicitation)
    proposals = [
        p
        for p in proposals_under_review(solicitation)
        if p.state == ProposalState.SUBMITTED and p.is_eligible
    ]
    require(bool(proposals), _l("There are no eligible proposals to assign."))
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
            # Nobody is asked twice: whoever holds, recused from or declined an assignment.
            # A declined slot counts for nothing above, so it is filled by someone else.
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
        queue_mail(
            "reviews.assigned",
            to=members[reviewer_id],
            proposals=assigned,
            due_at=solicitation.review_deadline,
        )
    return added
