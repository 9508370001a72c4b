"""Introduction requests between organizations of the two countries, and blocked senders.

An introduction moves pending → accepted | declined | withdrawn (`IntroductionState`). Being
reported as abuse is not a state but a flag beside it (`reported_at`, the report's reason and,
once a chair or an administrator settled it, `report_outcome`): a report says something about
the request, whatever its answer, and reporting a pending request declines it in the same step
(`app.introductions.operations.report_introduction`). A blocked sender (`IntroductionBlock`)
sends no further request.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.organizations.models import Organization
from app.states import Labelled, State, Tone

MESSAGE_MAX = 1000
REASON_MAX = 1000


class IntroductionState(State):
    """pending → accepted | declined | withdrawn; the three answers are final."""

    PENDING = "pending", _l("Waiting for an answer"), Tone.WAITING
    ACCEPTED = "accepted", _l("Accepted"), Tone.GOOD
    DECLINED = "declined", _l("Declined"), Tone.PROBLEM
    WITHDRAWN = "withdrawn", _l("Withdrawn"), Tone.NEUTRAL

    __transitions__ = {"pending": ("accepted", "declined", "withdrawn")}


class ReportOutcome(Labelled):
    """How a chair or an administrator settled a report of abuse."""

    DISMISSED = "dismissed", _l("Report dismissed"), Tone.NEUTRAL
    SENDER_BLOCKED = "sender_blocked", _l("Sender blocked"), Tone.PROBLEM


class Introduction(TimestampMixin, Model):
    """A request of `requested_by`, for `from_organization`, to get in touch with
    `to_organization` (of the other country)."""

    __tablename__ = "introduction"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    to_organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    message: Mapped[str] = mapped_column(Text)  # plain text, shown as text everywhere
    state: Mapped[IntroductionState] = mapped_column(
        enum_type(IntroductionState, "state"), default=IntroductionState.PENDING
    )
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The report of abuse by the receiving side, and how it was settled.
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    report_reason: Mapped[str] = mapped_column(Text, default="")
    report_outcome: Mapped[ReportOutcome | None] = mapped_column(
        enum_type(ReportOutcome, "report_outcome")
    )
    report_settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    report_settled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    # The draft proposal started from the accepted introduction ("Start a proposal with …").
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    from_organization: Mapped[Organization] = relationship(foreign_keys=[from_organization_id])
    to_organization: Mapped[Organization] = relationship(foreign_keys=[to_organization_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("from_organization_id <> to_organization_id", name="two_organizations"),
        CheckConstraint("(state = 'pending') = (answered_at IS NULL)", name="answered_has_time"),
        CheckConstraint(
            "report_outcome IS NULL OR reported_at IS NOT NULL", name="settled_report_exists"
        ),
        CheckConstraint(
            "(report_outcome IS NULL) = (report_settled_at IS NULL)", name="settled_has_time"
        ),
        # One pending request from an organization to another (the other direction is checked
        # by the operation, which says so in words).
        Index(
            "uq_introduction_one_pending",
            "from_organization_id",
            "to_organization_id",
            unique=True,
            sqlite_where=text("state = 'pending'"),
            postgresql_where=text("state = 'pending'"),
        ),
        # The chairs' queue of reports to settle.
        Index("ix_introduction_reported_at", "reported_at"),
    )

    @property
    def is_reported(self) -> bool:
        """Whether the receiving side reported it as abuse."""
        return self.reported_at is not None

    @property
    def report_is_open(self) -> bool:
        """Reported and not yet settled by a chair or an administrator."""
        return self.reported_at is not None and self.report_outcome is None

    def __repr__(self) -> str:
        return f"<Introduction {self.id} {self.from_organization_id}→{self.to_organization_id}>"


class IntroductionBlock(Model):
    """A user who may send no further introduction request (a report of theirs was upheld)."""

    __tablename__ = "introduction_block"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The reported request that led to the block.
    introduction_id: Mapped[int | None] = mapped_column(
        ForeignKey("introduction.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])
