"""EcoPartnerships: selected pilots, their participants, implementation plans and milestones."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Organization
from app.proposals.models import ParticipantRole, Proposal


class PartnershipStatus(enum.StrEnum):
    """Active during the pilot, then graduated; withdrawn ends it early."""

    ACTIVE = "active"
    GRADUATED = "graduated"
    WITHDRAWN = "withdrawn"


class PlanState(enum.StrEnum):
    """draft → submitted → approved | returned (→ draft again)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class MilestoneStatus(enum.StrEnum):
    """Where a milestone of the work plan stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    DROPPED = "dropped"


class Partnership(TimestampMixin, db.Model):
    """A selected EcoPartnership running its three-year pilot."""

    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), unique=True)
    cohort_year: Mapped[int] = mapped_column(Integer, index=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300), default="")
    goal_en: Mapped[str] = mapped_column(String(500), default="")
    goal_zh: Mapped[str] = mapped_column(String(500), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    pilot_starts_on: Mapped[date] = mapped_column(Date)
    pilot_ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[PartnershipStatus] = mapped_column(
        enum_type(PartnershipStatus, "status"), default=PartnershipStatus.ACTIVE, index=True
    )
    status_reason: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal | None] = relationship()
    participants: Mapped[list[PartnershipParticipant]] = relationship(
        back_populates="partnership", cascade="all, delete-orphan"
    )
    focus_areas: Mapped[list[PartnershipFocusArea]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    plans: Mapped[list[ImplementationPlan]] = relationship(
        back_populates="partnership",
        cascade="all, delete-orphan",
        order_by="ImplementationPlan.version_number",
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="partnership",
        cascade="all, delete-orphan",
        order_by="(Milestone.pilot_year, Milestone.number)",
    )

    __table_args__ = (
        CheckConstraint("pilot_ends_on > pilot_starts_on", name="pilot_ends_after_start"),
    )

    def __repr__(self) -> str:
        return f"<Partnership {self.slug} {self.status}>"


class PartnershipParticipant(db.Model):
    """An organization taking part in a partnership."""

    __tablename__ = "partnership_participant"

    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id"), primary_key=True, index=True
    )
    role: Mapped[ParticipantRole] = mapped_column(enum_type(ParticipantRole, "role"))

    partnership: Mapped[Partnership] = relationship(back_populates="participants")
    organization: Mapped[Organization] = relationship()


class PartnershipFocusArea(db.Model):
    """One focus area a partnership addresses."""

    __tablename__ = "partnership_focus_area"

    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), primary_key=True
    )
    focus_area: Mapped[FocusArea] = mapped_column(
        enum_type(FocusArea, "focus_area"), primary_key=True
    )


class ImplementationPlan(TimestampMixin, db.Model):
    """One version of a partnership's work plan; every version is kept."""

    __tablename__ = "implementation_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), index=True
    )
    version_number: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[PlanState] = mapped_column(enum_type(PlanState, "state"), default=PlanState.DRAFT)
    body: Mapped[str] = mapped_column(Text, default="")
    chair_comments: Mapped[str] = mapped_column(Text, default="")
    draft_due_on: Mapped[date | None] = mapped_column(Date)
    approval_due_on: Mapped[date | None] = mapped_column(Date)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    partnership: Mapped[Partnership] = relationship(back_populates="plans")
    approved_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("partnership_id", "version_number", name="uq_implementation_plan_version"),
        CheckConstraint(
            "(state = 'approved') = (approved_at IS NOT NULL)", name="approved_has_time"
        ),
    )


class Milestone(TimestampMixin, db.Model):
    """A task of the work plan with a measurable target and a due date."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), index=True
    )
    pilot_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title_en: Mapped[str] = mapped_column(String(300))
    title_zh: Mapped[str] = mapped_column(String(300), default="")
    target: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[MilestoneStatus] = mapped_column(
        enum_type(MilestoneStatus, "status"), default=MilestoneStatus.PLANNED
    )
    evidence: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)
    is_key_accomplishment: Mapped[bool] = mapped_column(Boolean, default=False)

    partnership: Mapped[Partnership] = relationship(back_populates="milestones")

    __table_args__ = (
        CheckConstraint("pilot_year BETWEEN 1 AND 3", name="pilot_year_range"),
        CheckConstraint("(status = 'done') = (completed_on IS NOT NULL)", name="done_has_date"),
        CheckConstraint(
            "NOT is_key_accomplishment OR status = 'done'", name="key_accomplishment_is_done"
        ),
        UniqueConstraint("partnership_id", "pilot_year", "number", name="uq_milestone_number"),
    )
