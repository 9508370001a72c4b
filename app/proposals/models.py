"""Proposals to a solicitation, their participants, workplan and attachments."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.focus_areas import FocusArea
from app.organizations.models import Organization
from app.solicitations.models import Solicitation
from app.states import Labelled, State, Tone


class ProposalState(State):
    """draft ⇄ submitted (withdrawing returns a proposal to draft) → selected | declined."""

    DRAFT = "draft", _l("Draft"), Tone.NEUTRAL
    SUBMITTED = "submitted", _l("Submitted"), Tone.WAITING
    SELECTED = "selected", _l("Selected"), Tone.GOOD
    DECLINED = "declined", _l("Declined"), Tone.PROBLEM

    __transitions__ = {"draft": ("submitted",), "submitted": ("draft", "selected", "declined")}


class DeliverableKind(Labelled):
    """The tangible thing a partnership must develop and demonstrate."""

    TECHNOLOGY = "technology", _l("A technology")
    POLICY = "policy", _l("A policy")
    PROGRAM = "program", _l("A program")


class ParticipantRole(enum.StrEnum):
    """The lead organization submits; partners are invited."""

    LEAD = "lead"
    PARTNER = "partner"


class ParticipantState(Labelled):
    """An invited partner confirms or declines."""

    INVITED = "invited", _l("invited, waiting for an answer"), Tone.WAITING
    CONFIRMED = "confirmed", _l("confirmed"), Tone.GOOD
    DECLINED = "declined", _l("declined"), Tone.PROBLEM


# The participants whose members read the proposal: an invited organization reads it to decide,
# a confirmed one writes it; one that declined takes no part and reads it no more.
TAKING_PART = frozenset({ParticipantState.INVITED, ParticipantState.CONFIRMED})

# The states in which the Joint Secretariat may read a proposal: from its submission on. A draft
# is its participants' own ("nothing is sent until you submit").
SENT_STATES = frozenset({ProposalState.SUBMITTED, ProposalState.SELECTED, ProposalState.DECLINED})


class Proposal(TimestampMixin, Model):
    """An application to a solicitation, led by one organization. Frozen once submitted."""

    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    solicitation_id: Mapped[int] = mapped_column(ForeignKey("solicitation.id"), index=True)
    lead_organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # e.g. EP-2026-014
    state: Mapped[ProposalState] = mapped_column(
        enum_type(ProposalState, "state"), default=ProposalState.DRAFT, index=True
    )
    title_en: Mapped[str] = mapped_column(String(300), default="")
    title_zh: Mapped[str] = mapped_column(String(300), default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    summary_zh: Mapped[str] = mapped_column(Text, default="")
    deliverable_kind: Mapped[DeliverableKind | None] = mapped_column(
        enum_type(DeliverableKind, "deliverable_kind")
    )
    deliverable_en: Mapped[str] = mapped_column(Text, default="")
    deliverable_zh: Mapped[str] = mapped_column(Text, default="")
    objectives_en: Mapped[str] = mapped_column(Text, default="")
    objectives_zh: Mapped[str] = mapped_column(Text, default="")
    impact_en: Mapped[str] = mapped_column(Text, default="")
    impact_zh: Mapped[str] = mapped_column(Text, default="")
    # A resubmission carries a declined proposal into a later call (app.proposals.resubmission):
    # the original it answers, and the applicant's response to the original's reviews.
    resubmission_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL"), index=True
    )
    response_en: Mapped[str] = mapped_column(Text, default="")
    response_zh: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When publication gave the proposal its outcome (selected or declined).
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The organizations' e-mail domains as they stood at submission (verified member
    # addresses only), the sole basis of domain conflicts of interest: nothing the applicant
    # edits afterwards moves a reviewer in or out of conflict (app.reviews.conflicts).
    conflict_domains: Mapped[list[str]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=list, server_default=text("'[]'")
    )
    # Screening by the chairs after the deadline. Ineligibility takes two keys like every
    # decision: one chair marks it, a chair of the other side confirms it.
    is_eligible: Mapped[bool] = mapped_column(default=True)
    ineligibility_reason: Mapped[str] = mapped_column(Text, default="")
    ineligibility_marked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    ineligibility_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ineligibility_confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    ineligibility_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    solicitation: Mapped[Solicitation] = relationship()
    lead_organization: Mapped[Organization] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys="Proposal.created_by_id")
    ineligibility_marked_by: Mapped[User | None] = relationship(
        foreign_keys="Proposal.ineligibility_marked_by_id"
    )
    ineligibility_confirmed_by: Mapped[User | None] = relationship(
        foreign_keys="Proposal.ineligibility_confirmed_by_id"
    )
    resubmission_of: Mapped[Proposal | None] = relationship(
        remote_side="Proposal.id", back_populates="resubmissions"
    )
    resubmissions: Mapped[list[Proposal]] = relationship(
        back_populates="resubmission_of", order_by="Proposal.id"
    )
    focus_areas: Mapped[list[ProposalFocusArea]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Participant.id"
    )
    tasks: Mapped[list[WorkplanTask]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        order_by="(WorkplanTask.pilot_year, WorkplanTask.number)",
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    email_invitations: Mapped[list[ProposalInvitation]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "(state = 'draft') OR (submitted_at IS NOT NULL AND reference IS NOT NULL)",
            name="submitted_has_reference",
        ),
        CheckConstraint(
            "ineligibility_confirmed_by_id IS NULL "
            "OR ineligibility_confirmed_by_id <> ineligibility_marked_by_id",
            name="ineligibility_two_keys",
        ),
        Index("ix_proposal_updated_at", "updated_at"),  # the public data version
        # A declined proposal is carried into a given call once.
        UniqueConstraint(
            "resubmission_of_id", "solicitation_id", name="uq_proposal_resubmission_call"
        ),
    )

    @property
    def is_resubmission(self) -> bool:
        """Whether the proposal carries a declined one into a later call."""
        return self.resubmission_of_id is not None

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.reference or 'draft'} {self.state}>"


class ProposalFocusArea(Model):
    """One focus area a proposal addresses."""

    __tablename__ = "proposal_focus_area"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True
    )
    focus_area: Mapped[FocusArea] = mapped_column(
        enum_type(FocusArea, "focus_area"), primary_key=True
    )


class EmailInvitationState(enum.StrEnum):
    """An invitation sent to an address whose organization is not registered yet."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"


class ProposalInvitation(TimestampMixin, Model):
    """An invitation by e-mail to join a proposal as a partner with an organization not yet
    in the portal: the invitee registers, creates the organization and accepts."""

    __tablename__ = "proposal_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    state: Mapped[EmailInvitationState] = mapped_column(
        enum_type(EmailInvitationState, "state"), default=EmailInvitationState.PENDING
    )
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    proposal: Mapped[Proposal] = relationship(back_populates="email_invitations")

    __table_args__ = (
        UniqueConstraint("proposal_id", "email", name="uq_proposal_invitation_email"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
    )


class Participant(TimestampMixin, Model):
    """An organization taking part in a proposal, as lead or invited partner."""

    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(enum_type(ParticipantRole, "role"))
    state: Mapped[ParticipantState] = mapped_column(
        enum_type(ParticipantState, "state"), default=ParticipantState.INVITED
    )
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    proposal: Mapped[Proposal] = relationship(back_populates="participants")
    organization: Mapped[Organization] = relationship()

    __table_args__ = (
        UniqueConstraint("proposal_id", "organization_id", name="uq_participant_organization"),
        CheckConstraint("role = 'partner' OR state = 'confirmed'", name="lead_is_confirmed"),
    )


class WorkplanTask(Model):
    """A proposed milestone of the three-year workplan."""

    __tablename__ = "workplan_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    pilot_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title_en: Mapped[str] = mapped_column(String(300), default="")
    title_zh: Mapped[str] = mapped_column(String(300), default="")
    target: Mapped[str] = mapped_column(Text, default="")
    due_month: Mapped[date | None] = mapped_column(Date)  # first day of the month it is due

    proposal: Mapped[Proposal] = relationship(back_populates="tasks")

    __table_args__ = (
        CheckConstraint("pilot_year BETWEEN 1 AND 3", name="pilot_year_range"),
        UniqueConstraint("proposal_id", "pilot_year", "number", name="uq_workplan_task_number"),
    )


class Attachment(TimestampMixin, Model):
    """A PDF letter of support, stored outside the web root under a random name."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    proposal: Mapped[Proposal] = relationship(back_populates="attachments")

    __table_args__ = (CheckConstraint("size_bytes > 0", name="size_positive"),)
