"""A reviewer's review (scores, comments, recommendation; saved as a draft or submitted, then
final but for revisions during a disagreement's discussion) and the secretariat's internal
discussion of a proposal (the disagreement itself is `discussions.py`'s)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from app import clock
from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.proposals.models import Proposal
from app.reviews.checks import MAX_TEXT, require, require_review_period
from app.reviews.discussions import mail_discussion_readers, note_contribution, open_if_disagreeing
from app.reviews.models import (
    AssignmentState,
    Recommendation,
    ReviewAssignment,
    ReviewComment,
    ReviewRevision,
    ReviewRevisionScore,
    ReviewScore,
)
from app.reviews.policy import is_conflicted, may_see_reviews
from app.reviews.queries import discussion_of
from app.states import transition


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
        require(
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


def _set_scores(assignment: ReviewAssignment, scores: Mapping[int, int]) -> None:
    """Make the review's scores `scores` (criterion id → score): change, add, drop; and its
    stored weighted mean theirs."""
    current = {row.criterion_id: row for row in assignment.scores}
    for criterion_id, score in scores.items():
        if criterion_id in current:
            current[criterion_id].score = score
        else:
            assignment.scores.append(ReviewScore(criterion_id=criterion_id, score=score))
    for criterion_id, row in current.items():
        if criterion_id not in scores:
            assignment.scores.remove(row)
    assignment.store_weighted_mean()


def _flush_review() -> None:
    """Write the review; a save that lost the race with another tab is refused, not merged."""
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("This review was saved elsewhere at the same moment. Please save again.")
        ) from None


def save_review(
    assignment: ReviewAssignment, data: Mapping[str, Any], *, submit: bool, actor: User
) -> None:
    """Save the review as a draft, or submit it (then it is final and the reviewer may read the
    other reviews). `data`: ``score_<criterion id>``, ``comments_to_applicant``,
    ``comments_to_secretariat``, ``recommendation`` and optionally ``version`` (the one the
    form was read at: a newer one means the review was changed in another tab)."""
    require(
        actor.id == assignment.reviewer_id, _l("Only the assigned reviewer writes this review.")
    )
    require_review_period(assignment.proposal.solicitation)
    require(
        assignment.state != AssignmentState.SUBMITTED,
        _l("This review is submitted and can no longer be changed."),
    )
    require(
        assignment.state == AssignmentState.ASSIGNED, _l("You recused yourself from this proposal.")
    )
    require(
        not is_conflicted(actor, assignment.proposal),
        _l("You have a conflict of interest with this proposal."),
    )
    _check_version(assignment, data)
    scores = _scores_from(data, assignment)
    texts = {}
    for key in ("comments_to_applicant", "comments_to_secretariat"):
        texts[key] = str(data.get(key) or "").strip()
        require(len(texts[key]) <= MAX_TEXT, _l("At most 10,000 characters."), key)
    raw = data.get("recommendation") or None
    recommendation = Recommendation(raw) if raw in {r.value for r in Recommendation} else None
    if submit:
        missing = [c for c in assignment.proposal.solicitation.criteria if c.id not in scores]
        if missing:
            raise ServiceError(
                _l("Score every criterion before submitting."), field=f"score_{missing[0].id}"
            )
        require(
            bool(texts["comments_to_applicant"]),
            _l("Write your comments to the applicant before submitting."),
            "comments_to_applicant",
        )
        require(
            recommendation is not None,
            _l("Choose a recommendation before submitting."),
            "recommendation",
        )
    _set_scores(assignment, scores)
    assignment.comments_to_applicant = texts["comments_to_applicant"]
    assignment.comments_to_secretariat = texts["comments_to_secretariat"]
    assignment.recommendation = recommendation
    if submit:
        transition(assignment, AssignmentState.SUBMITTED)
        assignment.submitted_at = clock.now()
    _flush_review()
    record_event(
        "review.submitted" if submit else "review.draft_saved",
        assignment,
        actor=actor,
        proposal=assignment.proposal.reference,
        scores={str(k): v for k, v in scores.items()},
        recommendation=recommendation,
    )
    if submit:
        open_if_disagreeing(assignment.proposal, cause="review_submitted")


def _check_version(assignment: ReviewAssignment, data: Mapping[str, Any]) -> None:
    version = data.get("version")
    if version not in (None, "") and int(version) != assignment.version:
        raise ServiceError(
            _l(
                "This review was saved elsewhere (another window?) while you were editing. Your "
                "text is below; check it and save again."
            )
        )


def revise_review(
    assignment: ReviewAssignment, data: Mapping[str, Any], *, actor: User
) -> ReviewRevision:
    """While its proposal's disagreement is discussed, the review's author revises the scores
    and the recommendation of their submitted review. Every revision is kept: who, when, each
    criterion's score and the recommendation before and after, and the author's note. The
    ranking reads the latest scores. `data` as for `save_review`, with an optional ``note``."""
    proposal = assignment.proposal
    require(actor.id == assignment.reviewer_id, _l("Only the review's author revises it."))
    require_review_period(proposal.solicitation)
    require(
        assignment.state == AssignmentState.SUBMITTED, _l("Only a submitted review is revised.")
    )
    require(
        not is_conflicted(actor, proposal),
        _l("You have a conflict of interest with this proposal."),
    )
    discussion = discussion_of(proposal)
    require(
        discussion is not None and discussion.is_open,
        _l("A submitted review is revised only while the proposal's disagreement is discussed."),
    )
    _check_version(assignment, data)
    scores = _scores_from(data, assignment)
    missing = [c for c in proposal.solicitation.criteria if c.id not in scores]
    if missing:
        raise ServiceError(_l("Score every criterion."), field=f"score_{missing[0].id}")
    raw = str(data.get("recommendation") or "")
    require(
        raw in {r.value for r in Recommendation},
        _l("Choose a recommendation."),
        "recommendation",
    )
    recommendation = Recommendation(raw)
    note = str(data.get("note") or "").strip()
    require(len(note) <= 2000, _l("At most 2,000 characters."), "note")
    before = {row.criterion_id: row.score for row in assignment.scores}
    require(
        scores != before or recommendation != assignment.recommendation,
        _l("Nothing changed: revise a score or the recommendation."),
    )
    revision = ReviewRevision(
        assignment=assignment,
        revised_by_id=actor.id,
        revised_at=clock.now(),
        old_recommendation=assignment.recommendation,
        new_recommendation=recommendation,
        note=note,
        scores=[
            ReviewRevisionScore(criterion_id=cid, old_score=before.get(cid), new_score=score)
            for cid, score in sorted(scores.items())
        ],
    )
    db.session.add(revision)
    _set_scores(assignment, scores)
    assignment.recommendation = recommendation
    _flush_review()
    record_event(
        "review.revised",
        assignment,
        actor=actor,
        proposal=proposal.reference,
        before={str(k): v for k, v in before.items()},
        after={str(k): v for k, v in scores.items()},
        recommendation=recommendation,
    )
    note_contribution(proposal)
    return revision


def post_comment(proposal: Proposal, body: str, *, actor: User) -> ReviewComment:
    """Add to the secretariat's internal discussion of a proposal; its other readers are told
    (never anyone in conflict with it), and a flagged disagreement is now in discussion."""
    require(may_see_reviews(actor, proposal), _l("You cannot take part in this discussion."))
    require_review_period(proposal.solicitation)
    body = (body or "").strip()
    require(bool(body), _l("Write a comment."), "body")
    require(len(body) <= MAX_TEXT, _l("At most 10,000 characters."), "body")
    comment = ReviewComment(proposal=proposal, author_id=actor.id, body=body)
    db.session.add(comment)
    db.session.flush()
    record_event("review.comment_posted", comment, actor=actor, proposal=proposal.reference)
    note_contribution(proposal)
    mail_discussion_readers(
        "reviews.discussion_comment", proposal, except_for=actor, comment=comment
    )
    return comment
