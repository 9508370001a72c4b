"""Annual solicitations (calls for proposals) and their review rubrics."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, Numeric, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.states import State, Tone


class SolicitationStatus(State):
    """draft → open → closed → decisions published → archived."""

    DRAFT = "draft", _l("Draft"), Tone.NEUTRAL
    OPEN = "open", _l("Open"), Tone.GOOD
    CLOSED = "closed", _l("Closed"), Tone.NEUTRAL
    DECISIONS_PUBLISHED = "decisions_published", _l("Decisions published"), Tone.FINISHED
    ARCHIVED = "archived", _l("Archived"), Tone.NEUTRAL

    # closed → decisions_published belongs to the review and selection operations.
    __transitions__ = {
        "draft": ("open",),
        "open": ("closed",),
        "closed": ("decisions_published",),
        "decisions_published": ("archived",),
    }


class Solicitation(TimestampMixin, Model):
    """One year's call for EcoPartnership proposals."""

    __tablename__ = "solicitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    title_en: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    guidance_en: Mapped[str] = mapped_column(Text, default="")
    guidance_zh: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When reviews are due (an assignment may have its own date); after the deadline.
    review_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score_min: Mapped[int] = mapped_column(Integer, default=1)
    score_max: Mapped[int] = mapped_column(Integer, default=5)
    reviewers_per_proposal: Mapped[int] = mapped_column(Integer, default=3)
    target_selections: Mapped[int] = mapped_column(Integer, default=5)
    # The spread of a proposal's review scores from which its reviewers disagree: the chairs
    # choose it on the ranking, and reaching it opens the proposal's discussion.
    disagreement_spread: Mapped[float] = mapped_column(
        Numeric(4, 2, asdecimal=False), default=1.5, server_default="1.5"
    )
    # Partnerships the program selected from this call that no record names (history: the
    # public record gives the number selected, not every name). What the portal counts as
    # selected is always the partnerships it lists plus these, said so where it is shown.
    unlisted_selections: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[SolicitationStatus] = mapped_column(
        enum_type(SolicitationStatus, "status"), default=SolicitationStatus.DRAFT, index=True
    )
    # When a chair closed the call; before closes_at only with a public reason (closed early).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closing_reason: Mapped[str] = mapped_column(Text, default="")

    criteria: Mapped[list[RubricCriterion]] = relationship(
        back_populates="solicitation",
        cascade="all, delete-orphan",
        order_by="RubricCriterion.position",
    )

    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint(
            "review_deadline IS NULL OR review_deadline > closes_at",
            name="review_after_submission",
        ),
        CheckConstraint("score_max > score_min", name="score_scale"),
        CheckConstraint("reviewers_per_proposal >= 2", name="reviewers_from_both_sides"),
        CheckConstraint("target_selections >= 1", name="target_selections_positive"),
        CheckConstraint("disagreement_spread > 0", name="disagreement_spread_positive"),
        CheckConstraint("unlisted_selections >= 0", name="unlisted_selections_not_negative"),
    )

    @property
    def closed_early(self) -> bool:
        """Whether a chair ended submissions before the published deadline."""
        return self.closed_at is not None and self.closed_at < self.closes_at

    def __repr__(self) -> str:
        return f"<Solicitation {self.year} {self.status}>"


class RubricCriterion(Model):
    """A criterion reviewers score, with its weight in the weighted mean."""

    __tablename__ = "rubric_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    solicitation_id: Mapped[int] = mapped_column(
        ForeignKey("solicitation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(120))
    name_zh: Mapped[str] = mapped_column(String(120), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Numeric(5, 2, asdecimal=False), default=1.0)
    # What each of the five anchor points of the scale means for this criterion, from the
    # bottom to the top, in each language; empty: the program's own anchors
    # (app.reviews.labels.ANCHORS). A longer or shorter scale shares them out the same way.
    anchors_en: Mapped[list[str]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=list, server_default=text("'[]'")
    )
    anchors_zh: Mapped[list[str]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=list, server_default=text("'[]'")
    )

    solicitation: Mapped[Solicitation] = relationship(back_populates="criteria")

    __table_args__ = (CheckConstraint("weight > 0", name="weight_positive"),)
