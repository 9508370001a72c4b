"""EcoPartnerships: selected pilots, their participants, implementation plans and milestones."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.focus_areas import FocusArea
from app.organizations.models import Organization
from app.proposals.models import ParticipantRole, Proposal
from app.states import Labelled, State, Tone


class PartnershipStatus(State):
    """Active during the pilot, then graduated; withdrawn ends it early."""

    ACTIVE = "active", _l("Active"), Tone.GOOD
    GRADUATED = "graduated", _l("Graduated"), Tone.FINISHED
    WITHDRAWN = "withdrawn", _l("Withdrawn"), Tone.PROBLEM

    __transitions__ = {"active": ("graduated", "withdrawn")}


class PlanState(State):
    """draft → submitted → approved | returned. A returned or approved version stays as it was:
    a revision (after a return) or an amendment (after an approval) is a new version."""

    DRAFT = "draft", _l("Draft"), Tone.NEUTRAL
    SUBMITTED = "submitted", _l("Submitted for approval"), Tone.WAITING
    APPROVED = "approved", _l("Approved"), Tone.GOOD
    RETURNED = "returned", _l("Returned with comments"), Tone.PROBLEM

    __transitions__ = {"draft": ("submitted",), "submitted": ("approved", "returned")}


class MilestoneStatus(Labelled):
    """Where a milestone of the work plan stands; members report any status at any time."""

    PLANNED = "planned", _l("Planned"), Tone.NEUTRAL
    IN_PROGRESS = "in_progress", _l("In progress"), Tone.UNDER_WAY
    DONE = "done", _l("Done"), Tone.GOOD
    DELAYED = "delayed", _l("Delayed"), Tone.WAITING
    DROPPED = "dropped", _l("Dropped"), Tone.NEUTRAL


class Partnership(TimestampMixin, Model):
    """A selected EcoPartnership running its three-year pilot."""

    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), unique=True)
    cohort_year: Mapped[int] = mapped_column(Integer, index=True)
    name_en: Mapped[str] = mapped_column(String(300), index=True)  # the directory's order by name
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
    # The status's "active or not", kept by `_keep_is_active` whenever the status is set (a CHECK
    # holds it to the status): the chairs' dashboard lists active partnerships first, and a
    # column can be indexed where `status = 'active'` cannot (ix_partnership_dashboard_order).
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    # The day a chair graduated or withdrew it; None while active (and for history loaded
    # without it, whose graduation year is the year its pilot ended).
    ended_on: Mapped[date | None] = mapped_column(Date)

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
        CheckConstraint("status <> 'active' OR ended_on IS NULL", name="active_has_not_ended"),
        CheckConstraint("is_active = (status = 'active')", name="is_active_iff_active"),
        Index("ix_partnership_updated_at", "updated_at"),  # the public data version
    )

    @hybrid_property
    def is_public(self) -> bool:
        """Whether it is in the public record: every partnership but a withdrawn one. One rule,
        read on a record here and, as SQL, by every public query (`app.public.read_model`)."""
        return self.status != PartnershipStatus.WITHDRAWN

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls) -> ColumnElement[bool]:
        return cls.status != PartnershipStatus.WITHDRAWN

    def __repr__(self) -> str:
        return f"<Partnership {self.slug} {self.status}>"


# The chairs' dashboard's order, whole (active first, newest cohort first, then by name): a page
# is its first rows, where an index of the first two alone left each cohort's names to be
# sorted (9.5 ms for the first page at 100,000 partnerships, against 0.1 ms).
Index(
    "ix_partnership_dashboard_order",
    Partnership.is_active.desc(),
    Partnership.cohort_year.desc(),
    Partnership.name_en,
    Partnership.id,
)


@event.listens_for(Partnership.status, "set")
def _keep_is_active(
    target: Partnership, value: PartnershipStatus, _old: object, _initiator: object
) -> None:
    """Every status set through the ORM (the lifecycle's transitions, new partnerships) sets
    `is_active` with it; bulk writes set both (the CHECK refuses one without the other)."""
    target.is_active = value == PartnershipStatus.ACTIVE


class PartnershipParticipant(Model):
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


class PartnershipFocusArea(Model):
    """One focus area a partnership addresses."""

    __tablename__ = "partnership_focus_area"

    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed on its own (the key starts with the partnership): the directory's filter.
    focus_area: Mapped[FocusArea] = mapped_column(
        enum_type(FocusArea, "focus_area"), primary_key=True, index=True
    )


class ImplementationPlan(TimestampMixin, Model):
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
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A version begun after an earlier one was approved changes the plan in force.
    is_amendment: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    partnership: Mapped[Partnership] = relationship(back_populates="plans")
    approved_by: Mapped[User | None] = relationship()
    tasks: Mapped[list[PlanTask]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(PlanTask.pilot_year, PlanTask.number)",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("partnership_id", "version_number", name="uq_implementation_plan_version"),
        CheckConstraint(
            "(state = 'approved') = (approved_at IS NOT NULL)", name="approved_has_time"
        ),
        CheckConstraint(
            "(state = 'returned') = (returned_at IS NOT NULL)", name="returned_has_time"
        ),
        CheckConstraint("state = 'draft' OR submitted_at IS NOT NULL", name="submitted_has_time"),
    )

    def __repr__(self) -> str:
        return f"<ImplementationPlan {self.partnership_id} v{self.version_number} {self.state}>"


class PlanTask(Model):
    """A numbered task of one plan version; approving the version makes its tasks milestones.

    (pilot year, number) identifies a task across versions: task 1.2 of an amendment updates
    milestone 1.2, so its progress is kept.
    """

    __tablename__ = "plan_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("implementation_plan.id", ondelete="CASCADE"), index=True
    )
    pilot_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title_en: Mapped[str] = mapped_column(String(300), default="")
    title_zh: Mapped[str] = mapped_column(String(300), default="")
    target: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)  # required before the plan is submitted

    plan: Mapped[ImplementationPlan] = relationship(back_populates="tasks")

    __table_args__ = (
        CheckConstraint("pilot_year BETWEEN 1 AND 3", name="pilot_year_range"),
        CheckConstraint("number >= 1", name="number_positive"),
        UniqueConstraint("plan_id", "pilot_year", "number", name="uq_plan_task_number"),
    )


class Milestone(TimestampMixin, Model):
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
    # The date the latest status report refers to (the completion date when done).
    status_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    # Featured on the public page: only a chair sets it, by confirming the partners' request.
    is_key_accomplishment: Mapped[bool] = mapped_column(Boolean, default=False)
    # The partners asked to feature it; pending a chair's review (members and chairs see it).
    key_accomplishment_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    key_accomplishment_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    key_accomplishment_confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    partnership: Mapped[Partnership] = relationship(back_populates="milestones")
    evidence_files: Mapped[list[MilestoneEvidence]] = relationship(
        back_populates="milestone",
        cascade="all, delete-orphan",
        order_by="MilestoneEvidence.id",
    )

    @property
    def is_key_accomplishment_pending(self) -> bool:
        """The partners asked to feature it and no chair has confirmed it yet."""
        return self.key_accomplishment_requested_at is not None

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("pilot_year BETWEEN 1 AND 3", name="pilot_year_range"),
        CheckConstraint("(status = 'done') = (completed_on IS NOT NULL)", name="done_has_date"),
        CheckConstraint(
            "NOT is_key_accomplishment OR status = 'done'", name="key_accomplishment_is_done"
        ),
        CheckConstraint(
            "key_accomplishment_requested_at IS NULL OR status = 'done'",
            name="key_accomplishment_request_is_done",
        ),
        CheckConstraint(
            "NOT is_key_accomplishment OR key_accomplishment_requested_at IS NULL",
            name="key_accomplishment_pending_or_confirmed",
        ),
        UniqueConstraint("partnership_id", "pilot_year", "number", name="uq_milestone_number"),
        Index("ix_milestone_updated_at", "updated_at"),  # the public data version
    )


class MilestoneEvidence(Model):
    """A file attached to a milestone report (a PDF or an image), checked on upload and stored
    under ``UPLOAD_DIR`` with a random name; members and chairs download it."""

    __tablename__ = "milestone_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    milestone: Mapped[Milestone] = relationship(back_populates="evidence_files")
    uploaded_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "media_type IN ('application/pdf', 'image/png', 'image/jpeg')",
            name="media_type_accepted",
        ),
    )


class Reminder(Model):
    """A reminder that was queued, so that the hourly ``send-reminders`` never sends it twice.

    The key is (kind, record, period): e.g. ("milestone_due", milestone 12, "2026-03-31"). A
    new due date is a new period, and so a new reminder.
    """

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(40))
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    __table_args__ = (
        UniqueConstraint("kind", "record_type", "record_id", "period", name="uq_reminder_key"),
    )
