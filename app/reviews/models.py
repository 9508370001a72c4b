"""Review assignments, reviews and their scores, conflicts of interest and selection decisions."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.organizations.models import Organization
from app.proposals.models import Proposal
from app.reviews import calibration
from app.solicitations.models import RubricCriterion
from app.states import Labelled, State, Tone


class AssignmentState(State):
    """assigned → submitted; a conflict recuses the reviewer, before or after submitting; a
    reviewer without the time declines before submitting (not a conflict: the slot is open
    again, for someone else)."""

    ASSIGNED = "assigned", _l("to do"), Tone.WAITING
    RECUSED = "recused", _l("recused"), Tone.NEUTRAL
    DECLINED = "declined", _l("declined (no time)"), Tone.NEUTRAL
    SUBMITTED = "submitted", _l("submitted"), Tone.GOOD

    __transitions__ = {
        "assigned": ("submitted", "recused", "declined"),
        "submitted": ("recused",),
    }


class Recommendation(Labelled):
    """A reviewer's overall advice to the chairs."""

    SELECT = "select", _l("Select"), Tone.GOOD
    DISCUSS = "discuss", _l("Discuss"), Tone.WAITING
    DECLINE = "decline", _l("Decline"), Tone.PROBLEM


class DecisionOutcome(Labelled):
    """What the Joint Secretariat decides for a proposal."""

    SELECTED = "selected", _l("Selected"), Tone.GOOD
    DECLINED = "declined", _l("Declined"), Tone.PROBLEM


class DecisionState(State):
    """A chair proposes; a chair of the other side approves; either may withdraw their part
    (the approver's withdrawal returns the decision to proposed)."""

    PROPOSED = "proposed", _l("proposed, awaiting the other side"), Tone.WAITING
    APPROVED = "approved", _l("approved by both sides"), Tone.GOOD
    WITHDRAWN = "withdrawn", _l("withdrawn"), Tone.NEUTRAL

    __transitions__ = {"proposed": ("approved", "withdrawn"), "approved": ("proposed", "withdrawn")}


class DiscussionState(State):
    """A disagreement about one proposal: flagged when the spread of its reviews reaches the
    call's threshold (its discussion opens and its readers are told), in discussion from the
    first contribution (a comment, a revised review, one more reviewer asked for), resolved
    when a chair says so, with a note. While flagged or in discussion, the reviewers who
    submitted may revise their scores."""

    FLAGGED = "flagged", _l("flagged"), Tone.PROBLEM
    IN_DISCUSSION = "in_discussion", _l("in discussion"), Tone.UNDER_WAY
    RESOLVED = "resolved", _l("resolved"), Tone.GOOD

    __transitions__ = {"flagged": ("in_discussion", "resolved"), "in_discussion": ("resolved",)}


class ReviewAssignment(TimestampMixin, Model):
    """A reviewer asked to review one proposal, with the review they write."""

    __tablename__ = "review_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # Indexed: the reviews still to write (the overdue ones on the ranking, the reminders) are
    # few among a call's submitted reviews.
    state: Mapped[AssignmentState] = mapped_column(
        enum_type(AssignmentState, "state"), default=AssignmentState.ASSIGNED, index=True
    )
    recusal_reason: Mapped[str] = mapped_column(Text, default="")
    comments_to_applicant: Mapped[str] = mapped_column(Text, default="")
    comments_to_secretariat: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[Recommendation | None] = mapped_column(
        enum_type(Recommendation, "recommendation")
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The chairs' due date for this review; without one, the call's review deadline applies.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decline_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The weighted mean of the scores (`store_weighted_mean`), None while nothing is scored:
    # stored because the ranking reads every review of a call, and a call's rubric is locked
    # from its first score (`solicitations.services.is_rubric_locked`), so only the review's
    # own scores can change it.
    weighted_mean: Mapped[float | None] = mapped_column(Float)

    proposal: Mapped[Proposal] = relationship()
    reviewer: Mapped[User] = relationship()
    scores: Mapped[list[ReviewScore]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("proposal_id", "reviewer_id", name="uq_review_assignment_reviewer"),
        CheckConstraint(
            "(state = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_at_iff_submitted"
        ),
        CheckConstraint(
            "(state = 'declined') = (declined_at IS NOT NULL AND decline_note <> '')",
            name="declined_with_note",
        ),
    )

    def store_weighted_mean(self) -> None:
        """Keep `weighted_mean` the scores' `calibration.weighted_mean` over the call's rubric:
        every change of the scores calls it (`reviewing._set_scores`, the demo and the tests'
        factories)."""
        weights = {c.id: float(c.weight) for c in self.proposal.solicitation.criteria}
        scores = {s.criterion_id: float(s.score) for s in self.scores if s.criterion_id in weights}
        self.weighted_mean = calibration.weighted_mean(scores, weights) if scores else None

    @property
    def effective_due_at(self) -> datetime | None:
        """When the review is due: the assignment's own date, else the call's review deadline."""
        return self.due_at or self.proposal.solicitation.review_deadline

    def is_overdue(self, moment: datetime) -> bool:
        """Still to do (not submitted, recused or declined) and past its due date at `moment`."""
        due = self.effective_due_at
        return self.state == AssignmentState.ASSIGNED and due is not None and due < moment


class ReviewScore(Model):
    """A reviewer's score on one rubric criterion."""

    __tablename__ = "review_score"

    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignment.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("rubric_criterion.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[int] = mapped_column(Integer)

    assignment: Mapped[ReviewAssignment] = relationship(back_populates="scores")
    criterion: Mapped[RubricCriterion] = relationship()


class Conflict(TimestampMixin, Model):
    """A declared conflict of interest between a reviewer and an organization."""

    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text)
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    organization: Mapped[Organization] = relationship()

    __table_args__ = (
        UniqueConstraint("reviewer_id", "organization_id", name="uq_conflict_organization"),
    )


class Decision(TimestampMixin, Model):
    """A selection decision: proposed by one chair, approved by a chair of the other side."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[DecisionOutcome] = mapped_column(enum_type(DecisionOutcome, "outcome"))
    rationale: Mapped[str] = mapped_column(Text)
    state: Mapped[DecisionState] = mapped_column(
        enum_type(DecisionState, "state"), default=DecisionState.PROPOSED
    )
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    proposal: Mapped[Proposal] = relationship()
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    __table_args__ = (
        # The two-key rule, at the lowest level: nobody approves their own proposal.
        CheckConstraint(
            "approved_by_id IS NULL OR approved_by_id <> proposed_by_id", name="two_keys"
        ),
        CheckConstraint(
            "(state = 'approved') = (approved_by_id IS NOT NULL AND approved_at IS NOT NULL)",
            name="approved_has_approver",
        ),
        # At most one live (proposed or approved) decision per proposal; withdrawn ones stay
        # as history.
        Index(
            "uq_decision_live",
            "proposal_id",
            unique=True,
            sqlite_where=text("state <> 'withdrawn'"),
            postgresql_where=text("state <> 'withdrawn'"),
        ),
    )


class ReviewComment(TimestampMixin, Model):
    """An internal comment in the discussion of a proposal, among the chairs and the proposal's
    reviewers who are free of conflict and have submitted their own review. Never shown to
    applicants."""

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)

    proposal: Mapped[Proposal] = relationship()
    author: Mapped[User | None] = relationship()

    __table_args__ = (CheckConstraint("length(body) > 0", name="body_not_empty"),)


class ReviewDiscussion(TimestampMixin, Model):
    """The disagreement about one proposal and where its discussion stands (one per proposal:
    once resolved, it stays resolved)."""

    __tablename__ = "review_discussion"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[DiscussionState] = mapped_column(
        enum_type(DiscussionState, "state"), default=DiscussionState.FLAGGED
    )
    # The spread and the threshold when the disagreement was flagged.
    spread: Mapped[float] = mapped_column(Numeric(5, 2, asdecimal=False))
    threshold: Mapped[float] = mapped_column(Numeric(4, 2, asdecimal=False))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    proposal: Mapped[Proposal] = relationship()
    resolved_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "(state = 'resolved') = (resolved_at IS NOT NULL)", name="resolved_at_iff_resolved"
        ),
    )

    @property
    def is_open(self) -> bool:
        """Whether the discussion still takes contributions and revised scores."""
        return self.state != DiscussionState.RESOLVED


class ReviewRevision(Model):
    """A submitted review revised during its proposal's discussion: who, when, the
    recommendation before and after; the scores in `ReviewRevisionScore`. Never changed."""

    __tablename__ = "review_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignment.id", ondelete="CASCADE"), index=True
    )
    revised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    revised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    old_recommendation: Mapped[Recommendation | None] = mapped_column(
        enum_type(Recommendation, "old_recommendation")
    )
    new_recommendation: Mapped[Recommendation] = mapped_column(
        enum_type(Recommendation, "new_recommendation")
    )
    note: Mapped[str] = mapped_column(Text, default="")

    assignment: Mapped[ReviewAssignment] = relationship()
    revised_by: Mapped[User | None] = relationship()
    scores: Mapped[list[ReviewRevisionScore]] = relationship(
        back_populates="revision", cascade="all, delete-orphan"
    )


class ReviewRevisionScore(Model):
    """One criterion's score before and after a revision."""

    __tablename__ = "review_revision_score"

    revision_id: Mapped[int] = mapped_column(
        ForeignKey("review_revision.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("rubric_criterion.id", ondelete="CASCADE"), primary_key=True
    )
    old_score: Mapped[int | None] = mapped_column(Integer)
    new_score: Mapped[int] = mapped_column(Integer)

    revision: Mapped[ReviewRevision] = relationship(back_populates="scores")
    criterion: Mapped[RubricCriterion] = relationship()
