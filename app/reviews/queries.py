"""The review's reads: the pool of reviewers, the proposals under review, assignments, reviews,
the discussion and the decisions. Pages, the CLI and the PDF exports share them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import joinedload, scoped_session, selectinload

from app.accounts.models import Role, User, UserRole
from app.extensions import db
from app.organizations.models import Organization
from app.proposals.models import Participant, Proposal, ProposalState
from app.reviews import calibration
from app.reviews.models import (
    AssignmentState,
    Conflict,
    Decision,
    DecisionOutcome,
    DecisionState,
    ReviewAssignment,
    ReviewComment,
    ReviewDiscussion,
    ReviewRevision,
)
from app.solicitations.models import Solicitation, SolicitationStatus

# Proposals the secretariat reviews: submitted ones (and, once published, their outcome).
REVIEWED_STATES = (ProposalState.SUBMITTED, ProposalState.SELECTED, ProposalState.DECLINED)


# An assignment counts towards a proposal's reviewers unless the reviewer recused themselves
# or declined it.
LIVE_ASSIGNMENT = (AssignmentState.ASSIGNED, AssignmentState.SUBMITTED)

# When an assignment is due: its own date, else its call's review deadline (in SQL; the model's
# `ReviewAssignment.effective_due_at` says the same in Python).
EFFECTIVE_DUE_AT = func.coalesce(ReviewAssignment.due_at, Solicitation.review_deadline)


LIVE_DECISION = (DecisionState.PROPOSED, DecisionState.APPROVED)


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


def eligible_proposal_ids(solicitation: Solicitation) -> set[int]:
    """The ids of the solicitation's proposals under review still eligible: those ranked."""
    return set(
        db.session.scalars(
            select(Proposal.id).where(
                Proposal.solicitation_id == solicitation.id,
                Proposal.state.in_(REVIEWED_STATES),
                Proposal.is_eligible.is_(True),
            )
        )
    )


def proposals_by_id(ids: Collection[int]) -> dict[int, Proposal]:
    """Proposal id → proposal with the one it resubmits, for `ids` (one query, whatever their
    number)."""
    if not ids:
        return {}
    found = db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids)).options(joinedload(Proposal.resubmission_of))
    )
    return {p.id: p for p in found}


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


def open_reviews_with_due_dates(reviewer: User | None = None) -> list[ReviewAssignment]:
    """Reviews still to write (not submitted, recused or declined) that have a due date, on
    eligible proposals of calls under review: what reminders and calendars are about (only
    `reviewer`'s, when given)."""
    mine = ReviewAssignment.reviewer_id == reviewer.id if reviewer is not None else true()
    return list(
        db.session.scalars(
            select(ReviewAssignment)
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .join(Solicitation, Solicitation.id == Proposal.solicitation_id)
            .where(
                ReviewAssignment.state == AssignmentState.ASSIGNED,
                Proposal.state == ProposalState.SUBMITTED,
                Proposal.is_eligible.is_(True),
                Solicitation.status == SolicitationStatus.CLOSED,
                EFFECTIVE_DUE_AT.is_not(None),
                mine,
            )
            .options(
                joinedload(ReviewAssignment.proposal).joinedload(Proposal.solicitation),
                joinedload(ReviewAssignment.reviewer),
            )
            .order_by(ReviewAssignment.id)
        )
    )


def overdue_reviews(solicitation: Solicitation, moment: datetime) -> dict[int, int]:
    """Proposal id → how many of its reviews are still to write past their due date."""
    return {
        proposal_id: count
        for proposal_id, count in db.session.execute(
            select(ReviewAssignment.proposal_id, func.count(ReviewAssignment.id))
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .join(Solicitation, Solicitation.id == Proposal.solicitation_id)
            .where(
                Proposal.solicitation_id == solicitation.id,
                ReviewAssignment.state == AssignmentState.ASSIGNED,
                moment > EFFECTIVE_DUE_AT,
            )
            .group_by(ReviewAssignment.proposal_id)
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


def review_weighted_mean(assignment: ReviewAssignment) -> float | None:
    """The weighted mean of one review's scores, None when nothing is scored (stored with the
    scores: `ReviewAssignment.store_weighted_mean`)."""
    return assignment.weighted_mean


def review_weighted_means(solicitation: Solicitation) -> list[tuple[int, int, float]]:
    """(reviewer id, proposal id, weighted mean) of every submitted review of the call's
    eligible proposals under review, each review's mean as stored with its scores."""
    return [
        (reviewer_id, proposal_id, value)
        for reviewer_id, proposal_id, value in db.session.execute(
            select(
                ReviewAssignment.reviewer_id,
                ReviewAssignment.proposal_id,
                ReviewAssignment.weighted_mean,
            )
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .where(
                Proposal.solicitation_id == solicitation.id,
                Proposal.state.in_(REVIEWED_STATES),
                Proposal.is_eligible.is_(True),
                ReviewAssignment.state == AssignmentState.SUBMITTED,
                ReviewAssignment.weighted_mean.is_not(None),
            )
        )
        if value is not None
    ]


def review_spread(proposal: Proposal) -> float | None:
    """The spread of `proposal`'s submitted reviews (highest minus lowest weighted mean), None
    with fewer than two: the number its disagreement is judged on, as the ranking shows it."""
    means = [
        value
        for value in (review_weighted_mean(a) for a in submitted_reviews(proposal))
        if value is not None
    ]
    return calibration.spread(means) if len(means) > 1 else None


def discussion_of(proposal: Proposal) -> ReviewDiscussion | None:
    """The disagreement recorded about `proposal`, if its reviews ever disagreed."""
    return db.session.scalar(
        select(ReviewDiscussion).where(ReviewDiscussion.proposal_id == proposal.id)
    )


def discussions_for(
    solicitation: Solicitation, *, among: Collection[int] | None = None
) -> dict[int, ReviewDiscussion]:
    """Proposal id → its recorded disagreement, for one call (only proposals `among`, when
    given)."""
    statement = (
        select(ReviewDiscussion)
        .join(Proposal, Proposal.id == ReviewDiscussion.proposal_id)
        .where(Proposal.solicitation_id == solicitation.id)
    )
    if among is not None:
        statement = statement.where(ReviewDiscussion.proposal_id.in_(among))
    return {discussion.proposal_id: discussion for discussion in db.session.scalars(statement)}


def revisions_of(proposal: Proposal) -> list[ReviewRevision]:
    """Every revision of `proposal`'s reviews, oldest first, with their scores."""
    return list(
        db.session.scalars(
            select(ReviewRevision)
            .join(ReviewAssignment, ReviewAssignment.id == ReviewRevision.assignment_id)
            .where(ReviewAssignment.proposal_id == proposal.id)
            .options(selectinload(ReviewRevision.scores), selectinload(ReviewRevision.revised_by))
            .order_by(ReviewRevision.revised_at, ReviewRevision.id)
        )
    )


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


def live_decisions(
    solicitation: Solicitation, *, among: Collection[int] | None = None, chairs: bool = True
) -> dict[int, Decision]:
    """Proposal id → its live decision, for one call (only proposals `among`, when given),
    with the chairs who proposed and approved it loaded (unless `chairs` is false: the
    ranking shows only the outcome and the state)."""
    statement = (
        select(Decision)
        .join(Proposal, Proposal.id == Decision.proposal_id)
        .where(Proposal.solicitation_id == solicitation.id, Decision.state.in_(LIVE_DECISION))
    )
    if chairs:
        statement = statement.options(
            selectinload(Decision.proposed_by), selectinload(Decision.approved_by)
        )
    if among is not None:
        statement = statement.where(Decision.proposal_id.in_(among))
    return {decision.proposal_id: decision for decision in db.session.scalars(statement)}


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
    """Counts for the selection page (on every proposal, whatever the viewer's conflicts),
    counted in SQL."""
    approved = (
        select(Decision.id)
        .where(Decision.proposal_id == Proposal.id, Decision.state == DecisionState.APPROVED)
        .exists()
    )
    # One pass over the call's proposals for the three counts (20,000 of them at 100,000
    # partnerships, each pass ~10 ms).
    eligible, ineligible, undecided = db.session.execute(
        select(
            func.count().filter(Proposal.is_eligible.is_(True)),
            func.count().filter(Proposal.is_eligible.is_(False)),
            func.count().filter(Proposal.is_eligible.is_(True), ~approved),
        ).where(Proposal.solicitation_id == solicitation.id, Proposal.state.in_(REVIEWED_STATES))
    ).one()
    decided = {
        (outcome, state): count
        for outcome, state, count in db.session.execute(
            select(Decision.outcome, Decision.state, func.count(Decision.id))
            .join(Proposal, Proposal.id == Decision.proposal_id)
            .where(Proposal.solicitation_id == solicitation.id, Decision.state.in_(LIVE_DECISION))
            .group_by(Decision.outcome, Decision.state)
        )
    }
    return SelectionSummary(
        target=solicitation.target_selections,
        selected_approved=decided.get((DecisionOutcome.SELECTED, DecisionState.APPROVED), 0),
        selected_proposed=decided.get((DecisionOutcome.SELECTED, DecisionState.PROPOSED), 0),
        declined_approved=decided.get((DecisionOutcome.DECLINED, DecisionState.APPROVED), 0),
        eligible=eligible,
        ineligible=ineligible,
        undecided=undecided,
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


def live_reviews_with(
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
