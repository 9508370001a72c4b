"""Subnational organizations, their members and invitations to join them."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.focus_areas import FocusArea
from app.states import Labelled


class Country(Labelled):
    """The two countries of the program (ISO 3166-1 alpha-2)."""

    US = "US", _l("United States")
    CN = "CN", _l("China")


class OrganizationType(Labelled):
    """The kinds of subnational organization the program admits."""

    ENTERPRISE = "enterprise", _l("Enterprise")
    INDUSTRY_ASSOCIATION = "industry_association", _l("Industry association")
    UNIVERSITY = "university", _l("University or research institute")
    NGO = "ngo", _l("Non-governmental organization")
    STATE_GOVERNMENT = "state_government", _l("State or provincial government")
    COUNTY_GOVERNMENT = "county_government", _l("County or prefecture government")
    CITY_GOVERNMENT = "city_government", _l("City government")


class InvitationState(enum.StrEnum):
    """Where an invitation to join an organization stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"


class Organization(TimestampMixin, Model):
    """A company, association, university, NGO or government taking part in the program."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200), index=True)  # the open data's order
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[Country] = mapped_column(enum_type(Country, "country"))
    # Indexed: a filter of the directory and of the open data.
    type: Mapped[OrganizationType] = mapped_column(enum_type(OrganizationType, "type"), index=True)
    # ISO 3166-2 code of the U.S. state or Chinese province, e.g. "US-UT" or "CN-QH".
    subdivision_code: Mapped[str] = mapped_column(String(8), index=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    # The postal address letters go to, as written on an envelope in the country's own usage
    # (several lines; empty when not known: a letter then names the city and province only).
    street_address: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # in English
    description_zh: Mapped[str] = mapped_column(Text, default="")

    # The focus areas it works on: what a counterpart across the Pacific is found by. Loaded
    # on demand (the reads that list them say so): every page naming an organization is not to
    # pay a query for them.
    focus_areas: Mapped[list[OrganizationFocusArea]] = relationship(
        cascade="all, delete-orphan", order_by="OrganizationFocusArea.focus_area"
    )
    memberships: Mapped[list[OrganizationMember]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    invitations: Mapped[list[OrganizationInvitation]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(
            "substr(subdivision_code, 1, 3) = country || '-'", name="subdivision_in_country"
        ),
        Index("ix_organization_updated_at", "updated_at"),  # the public data version
    )

    @property
    def description_en(self) -> str:
        """The English description, named as the other bilingual fields are (`|localized`)."""
        return self.description

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name_en}>"


class OrganizationFocusArea(Model):
    """One focus area an organization works on."""

    __tablename__ = "organization_focus_area"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed on its own (the key starts with the organization): the directory's filter and
    # the suggestions by shared focus area.
    focus_area: Mapped[FocusArea] = mapped_column(
        enum_type(FocusArea, "focus_area"), primary_key=True, index=True
    )


class OrganizationMember(Model):
    """A user's membership of an organization; the owner manages members."""

    __tablename__ = "organization_member"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())

    organization: Mapped[Organization] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class OrganizationInvitation(TimestampMixin, Model):
    """An invitation, sent by e-mail, to become a member of an organization."""

    __tablename__ = "organization_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    state: Mapped[InvitationState] = mapped_column(
        enum_type(InvitationState, "state"), default=InvitationState.PENDING
    )
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # SHA-256 (hex) of the secret in the one link that works: each invitation, and each re-invite
    # of the same address, mails a new secret, so older links die. Cleared once the invitation
    # is accepted or revoked, so a link is spent by its first use.
    token_digest: Mapped[str | None] = mapped_column(String(64))

    organization: Mapped[Organization] = relationship(back_populates="invitations")
    invited_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("organization_id", "email", name="uq_organization_invitation_email"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("state = 'pending' OR token_digest IS NULL", name="answered_link_spent"),
    )
