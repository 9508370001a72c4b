"""User accounts, their roles and, for Joint Secretariat members, their side."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model


class Role(enum.StrEnum):
    """What a user does in the program. A user may hold several."""

    APPLICANT = "applicant"
    REVIEWER = "reviewer"
    CHAIR = "chair"
    ADMIN = "admin"


class Side(enum.StrEnum):
    """The two national sides of the Joint Secretariat."""

    US = "US"
    CN = "CN"


class Language(enum.StrEnum):
    """Interface and content languages."""

    EN = "en"
    ZH = "zh_Hans"


class User(UserMixin, TimestampMixin, Model):
    """A person who signs in. E-mail addresses are stored lower-cased and unique."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    language: Mapped[Language] = mapped_column(enum_type(Language, "language"), default=Language.EN)
    time_zone: Mapped[str] = mapped_column(String(64), default="America/New_York")
    side: Mapped[Side | None] = mapped_column(enum_type(Side, "side"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)  # type: ignore[assignment]
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Case-insensitive uniqueness: services store addresses lower-cased and the database insists.
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower_case"),)

    def has_role(self, role: Role) -> bool:
        """Whether the user holds `role`."""
        return any(r.role == role for r in self.roles)

    @property
    def role_set(self) -> frozenset[Role]:
        """The user's roles, as a set."""
        return frozenset(r.role for r in self.roles)

    @property
    def is_secretariat(self) -> bool:
        """Reviewers and chairs are Joint Secretariat members."""
        return self.has_role(Role.REVIEWER) or self.has_role(Role.CHAIR)

    @property
    def is_email_confirmed(self) -> bool:
        """Whether the user followed the confirmation link."""
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(Model):
    """One role held by one user."""

    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")
