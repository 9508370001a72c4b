"""Disagreement resolved, not just flagged: the discussion of a proposal whose reviewers disagree.

Where a discussion opens. The portal opens it by itself, never on a timer, at the two moments a
proposal's spread can come to reach the call's threshold:

- a review is submitted (`reviewing.save_review`) and the proposal's spread now reaches it;
- the chairs set the call's threshold (`set_disagreement_threshold`): every proposal whose
  spread reaches the new one opens.

A proposal opens once: its `ReviewDiscussion` is flagged (its readers are told), in discussion
from the first contribution (a comment, a revised review, one more reviewer asked for) and
resolved by a chair with a note; a resolved disagreement stays resolved, whatever the spread
does afterwards, and raising the threshold closes nothing. Removing a review (a recusal) can only
narrow the spread, so it opens nothing either.

The readers of a discussion are the people `policy.may_see_reviews` lets in: the chairs and the
reviewers who submitted a review of the proposal, never one in conflict with it. Every mail about
the discussion goes to them and to nobody else.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.accounts.appointments import active_chairs
from app.accounts.models import Side, User
from app.accounts.policy import is_chair
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.services import queue_mail
from app.proposals.models import Proposal, ProposalState
from app.reviews import calibration
from app.reviews.assignment import assign_reviewer
from app.reviews.checks import MAX_TEXT, REVIEW_STATUS, require, require_review_period
from app.reviews.matching import AssignmentError, ProposalToAssign, Reviewer, assign_reviewers
from app.reviews.models import (
    DiscussionState,
    ReviewAssignment,
    ReviewDiscussion,
)
from app.reviews.policy import conflict_pairs, is_conflicted, may_see_reviews
from app.reviews.queries import (
    LIVE_ASSIGNMENT,
    discussion_of,
    proposals_under_review,
    review_spread,
    reviewer_loads,
    reviewer_pool,
    submitted_reviews,
)
from app.solicitations.models import Solicitation
from app.states import transition


def discussion_readers(proposal: Proposal) -> list[tuple[User, ReviewAssignment | None]]:
    """Who reads the proposal's discussion, each with the review whose page they read it on
    (None for a chair, who reads it on the chairs' page): the active chairs and the active
    reviewers who submitted a review, all free of conflict with it."""
    own_review = {a.reviewer_id: a for a in submitted_reviews(proposal)}
    people = {chair.id: chair for chair in active_chairs()}
    for assignment in own_review.values():
        if assignment.reviewer.is_active:
            people.setdefault(assignment.reviewer_id, assignment.reviewer)
    return [
        (person, None if is_chair(person) else own_review.get(person.id))
        for person in people.values()
        if may_see_reviews(person, proposal)
    ]


def mail_discussion_readers(
    kind: str, proposal: Proposal, *, except_for: User | None = None, **context: Any
) -> None:
    """Queue the mail `kind` to each reader of the proposal's discussion but `except_for`,
    linking to the page where they read it."""
    for person, review in discussion_readers(proposal):
        if except_for is None or person.id != except_for.id:
            queue_mail(kind, to=person, proposal=proposal, review=review, **context)


def open_if_disagreeing(proposal: Proposal, *, cause: str) -> ReviewDiscussion | None:
    """Open the proposal's discussion if its spread reaches the call's threshold and it has
    never opened; tell its readers. `cause` names the moment, for the audit log."""
    solicitation = proposal.solicitation
    if (
        solicitation.status != REVIEW_STATUS
        or proposal.state != ProposalState.SUBMITTED
        or not proposal.is_eligible
        or discussion_of(proposal) is not None
    ):
        return None
    gap = review_spread(proposal)
    threshold = float(solicitation.disagreement_spread)
    if gap is None or not calibration.disagrees(gap, threshold):
        return None
    discussion = ReviewDiscussion(
        proposal=proposal, spread=round(gap, 2), threshold=threshold, opened_at=clock.now()
    )
    try:
        with db.session.begin_nested():  # two reviews submitted at once: the first one opens it
            db.session.add(discussion)
            db.session.flush()
    except IntegrityError:
        return None
    record_event(
        "review.discussion_opened",
        discussion,
        actor=None,
        proposal=proposal.reference,
        spread=round(gap, 2),
        threshold=threshold,
        cause=cause,
    )
    mail_discussion_readers("reviews.discussion_opened", proposal, discussion=discussion)
    return discussion


def set_disagreement_threshold(
    solicitation: Solicitation, threshold: float | str | None, *, actor: User
) -> list[ReviewDiscussion]:
    """A chair sets the spread from which the call's reviewers disagree; every proposal whose
    spread reaches it opens its discussion. Returns the discussions opened."""
    require(is_chair(actor), _l("Only a chair sets the disagreement threshold."))
    require_review_period(solicitation)
    widest = solicitation.score_max - solicitation.score_min
    try:
        value = round(float(threshold), 2)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = 0.0
    require(
        0 < value <= widest,
        _l("Choose a spread above 0 and at most %(widest)d.", widest=widest),
        "spread",
    )
    before = float(solicitation.disagreement_spread)
    solicitation.disagreement_spread = value
    db.session.flush()
    record_event(
        "review.disagreement_threshold_set",
        solicitation,
        actor=actor,
        before=before,
        after=value,
    )
    opened = []
    for proposal in proposals_under_review(solicitation):
        discussion = open_if_disagreeing(proposal, cause="threshold_set")
        if discussion is not None:
            opened.append(discussion)
    return opened


def _open_discussion(proposal: Proposal) -> ReviewDiscussion:
    discussion = discussion_of(proposal)
    require(
        discussion is not None and discussion.is_open,
        _l("This proposal has no open discussion of a disagreement."),
    )
    assert discussion is not None
    return discussion


def note_contribution(proposal: Proposal) -> None:
    """Someone took part (a comment, a revised review, one more reviewer asked for): a
    flagged disagreement is now in discussion."""
    discussion = discussion_of(proposal)
    if discussion is not None and discussion.state == DiscussionState.FLAGGED:
        transition(discussion, DiscussionState.IN_DISCUSSION)
        db.session.flush()


def _check_chair(actor: User, proposal: Proposal) -> None:
    require(is_chair(actor), _l("Only a chair does this."))
    require(
        not is_conflicted(actor, proposal),
        _l("You have a conflict of interest with this proposal."),
    )
    require_review_period(proposal.solicitation)


def _no_reviewer_left(proposal: Proposal, side: str | None) -> ServiceError:
    if side == Side.US:
        message = _l(
            "No other U.S. reviewer free of conflicts of interest is left for %(reference)s, "
            "and one is needed to keep the sides balanced; assign a reviewer by hand.",
            reference=proposal.reference,
        )
    elif side == Side.CN:
        message = _l(
            "No other Chinese reviewer free of conflicts of interest is left for "
            "%(reference)s, and one is needed to keep the sides balanced; assign a reviewer by "
            "hand.",
            reference=proposal.reference,
        )
    else:
        message = _l(
            "No other reviewer free of conflicts of interest is left for %(reference)s.",
            reference=proposal.reference,
        )
    return ServiceError(message)


def ask_one_more_reviewer(proposal: Proposal, *, actor: User) -> ReviewAssignment:
    """During an open discussion a chair asks for one more review. The solver
    (`matching.assign_reviewers`) picks the reviewer, free of conflict and with the lightest
    load, from the side with fewer reviewers on the proposal (either side when even), so the
    sides stay as balanced as they can be; the reviewer gets the usual assignment mail."""
    _check_chair(actor, proposal)
    discussion = _open_discussion(proposal)
    assignments = list(
        db.session.scalars(
            select(ReviewAssignment).where(ReviewAssignment.proposal_id == proposal.id)
        )
    )
    live = [a for a in assignments if a.state in LIVE_ASSIGNMENT and a.reviewer.side is not None]
    sides = Counter(str(a.reviewer.side) for a in live)
    us, cn = sides[str(Side.US)], sides[str(Side.CN)]
    lighter = None if us == cn else (str(Side.US) if us < cn else str(Side.CN))
    taken = {a.reviewer_id for a in assignments}  # recused or declined ones never come back
    candidates = [
        user
        for user in reviewer_pool()
        if user.id not in taken and (lighter is None or str(user.side) == lighter)
    ]
    loads = reviewer_loads(proposal.solicitation)
    try:
        found = assign_reviewers(
            [
                ProposalToAssign(
                    proposal.id, proposal.reference or "", tuple(a.reviewer_id for a in live)
                )
            ],
            [Reviewer(u.id, str(u.side), loads.get(u.id, 0)) for u in candidates]
            + [
                Reviewer(a.reviewer_id, str(a.reviewer.side), loads.get(a.reviewer_id, 0))
                for a in live
            ],
            conflict_pairs(candidates, [proposal]),
            max(2, len(live) + 1),
        )
    except AssignmentError:
        raise _no_reviewer_left(proposal, lighter) from None
    reviewer = db.session.get(User, found[proposal.id][0])
    assert reviewer is not None
    assignment = assign_reviewer(proposal, reviewer, actor=actor)
    record_event(
        "review.discussion_reviewer_added",
        discussion,
        actor=actor,
        proposal=proposal.reference,
        reviewer=reviewer.id,
        side=reviewer.side,
    )
    note_contribution(proposal)
    return assignment


def resolve_disagreement(proposal: Proposal, note: str, *, actor: User) -> ReviewDiscussion:
    """A chair marks the disagreement resolved, saying how; revisions stop."""
    _check_chair(actor, proposal)
    discussion = _open_discussion(proposal)
    note = (note or "").strip()
    require(bool(note), _l("Say how the disagreement was resolved."), "note")
    require(len(note) <= MAX_TEXT, _l("At most 10,000 characters."), "note")
    before = transition(discussion, DiscussionState.RESOLVED)
    discussion.resolved_by_id = actor.id
    discussion.resolved_at = clock.now()
    discussion.resolution_note = note
    db.session.flush()
    record_event(
        "review.discussion_resolved",
        discussion,
        actor=actor,
        proposal=proposal.reference,
        before=before,
        note=note,
    )
    return discussion
