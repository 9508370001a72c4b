"""Review factories: reviewers of either side, assignments with scores, decisions."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app import clock
from app.accounts.models import Role, Side, User
from app.audit.models import Event
from app.extensions import db
from app.proposals.models import Proposal, ProposalState
from app.reviews.models import (
    AssignmentState,
    Decision,
    DecisionOutcome,
    DecisionState,
    Recommendation,
    ReviewAssignment,
    ReviewScore,
)
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.factories import make_user
from tests.proposals.factories import make_proposal
from tests.solicitations.factories import make_solicitation

_numbers = itertools.count(1)


def make_reviewer(side: Side = Side.US, *roles: Role, **fields: Any) -> User:
    """A reviewer of `side` at a secretariat address that matches no organization."""
    n = next(_numbers)
    domain = "state.example.gov" if side == Side.US else "ndrc.example.cn"
    return make_user(
        *(roles or (Role.REVIEWER,)),
        side=side,
        email=fields.pop("email", f"reviewer{n}@{domain}"),
        **fields,
    )


def make_chair(side: Side = Side.US, **fields: Any) -> User:
    """A co-chair of `side` (who, like every chair, may also review)."""
    return make_reviewer(side, Role.CHAIR, Role.REVIEWER, **fields)


def make_closed_solicitation(**fields: Any) -> Solicitation:
    """A call whose deadline has passed: the review is on."""
    return make_solicitation(status=SolicitationStatus.CLOSED, **fields)


def make_submitted(solicitation: Solicitation, **fields: Any) -> Proposal:
    """A submitted proposal of `solicitation`."""
    return make_proposal(solicitation=solicitation, state=ProposalState.SUBMITTED, **fields)


def make_assignment(
    proposal: Proposal,
    reviewer: User,
    *,
    scores: Mapping[int, int] | list[int] | None = None,
    submitted: bool = False,
    comments_to_applicant: str = "",
    comments_to_secretariat: str = "",
    recommendation: Recommendation | None = None,
    due_at: datetime | None = None,
    declined: str | None = None,
) -> ReviewAssignment:
    """An assignment; `scores` by criterion id, or a list in rubric order; `submitted` makes
    it a submitted review (with a recommendation); `due_at` its own due date; `declined` the
    note of a reviewer who declined it."""
    assignment = ReviewAssignment(proposal=proposal, reviewer=reviewer, due_at=due_at)
    if declined is not None:
        assignment.state = AssignmentState.DECLINED
        assignment.declined_at = clock.now()
        assignment.decline_note = declined
    if isinstance(scores, list):
        scores = {c.id: s for c, s in zip(proposal.solicitation.criteria, scores, strict=True)}
    for criterion_id, score in (scores or {}).items():
        assignment.scores.append(ReviewScore(criterion_id=criterion_id, score=score))
    assignment.store_weighted_mean()
    assignment.comments_to_applicant = comments_to_applicant
    assignment.comments_to_secretariat = comments_to_secretariat
    if submitted:
        assignment.state = AssignmentState.SUBMITTED
        assignment.submitted_at = clock.now()
        assignment.recommendation = recommendation or Recommendation.SELECT
    else:
        assignment.recommendation = recommendation
    db.session.add(assignment)
    db.session.flush()
    return assignment


def make_decision(
    proposal: Proposal,
    proposer: User,
    *,
    outcome: DecisionOutcome = DecisionOutcome.SELECTED,
    approver: User | None = None,
    rationale: str = "Strong on every criterion.",
) -> Decision:
    """A decision proposed by `proposer` and, with `approver`, approved."""
    decision = Decision(
        proposal=proposal,
        outcome=outcome,
        rationale=rationale,
        state=DecisionState.APPROVED if approver else DecisionState.PROPOSED,
        proposed_by_id=proposer.id,
        proposed_at=clock.now(),
        approved_by_id=approver.id if approver else None,
        approved_at=clock.now() if approver else None,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


@dataclass
class Review:
    """A call under review: two chairs, two reviewers per side, proposals."""

    solicitation: Solicitation
    chair_us: User
    chair_cn: User
    us: list[User]
    cn: list[User]
    proposals: list[Proposal]


def make_review(**solicitation_fields: Any) -> Review:
    """A closed call with three submitted proposals, two chairs and two reviewers per side
    (`solicitation_fields`: e.g. its deadline and review deadline)."""
    solicitation = make_closed_solicitation(
        reviewers_per_proposal=2, target_selections=1, **solicitation_fields
    )
    return Review(
        solicitation=solicitation,
        chair_us=make_chair(Side.US, display_name="Chair Ellery"),
        chair_cn=make_chair(Side.CN, display_name="Chair Lin"),
        us=[make_reviewer(Side.US, display_name=f"US Reviewer {i}") for i in (1, 2)],
        cn=[make_reviewer(Side.CN, display_name=f"CN Reviewer {i}") for i in (1, 2)],
        proposals=[make_submitted(solicitation) for _ in range(3)],
    )


def events(action: str) -> list[Event]:
    """The audit events recorded under `action`."""
    return list(db.session.scalars(select(Event).where(Event.action == action)))


def full_scores(proposal: Proposal, value: int = 4) -> dict[str, str]:
    """Review form data scoring every criterion of the proposal's call `value`."""
    return {f"score_{c.id}": str(value) for c in proposal.solicitation.criteria}


def mean_mismatches() -> list[tuple[int, float | None, float | None]]:
    """(assignment id, stored mean, mean of its scores) of every review whose stored weighted
    mean is not `calibration.weighted_mean` of its scores as the database holds them."""
    from app.reviews import calibration
    from app.solicitations.models import RubricCriterion

    db.session.flush()
    weights = dict(db.session.execute(select(RubricCriterion.id, RubricCriterion.weight)).all())
    scores: dict[int, dict[int, float]] = {}
    for assignment_id, criterion_id, score in db.session.execute(
        select(ReviewScore.assignment_id, ReviewScore.criterion_id, ReviewScore.score)
    ):
        scores.setdefault(assignment_id, {})[criterion_id] = score
    found = []
    for assignment_id, stored in db.session.execute(
        select(ReviewAssignment.id, ReviewAssignment.weighted_mean)
    ):
        own = scores.get(assignment_id)
        computed = calibration.weighted_mean(own, weights) if own else None
        same = (
            (stored is None)
            if computed is None
            else (stored is not None and abs(stored - computed) < 1e-9)
        )
        if not same:
            found.append((assignment_id, stored, computed))
    return found
