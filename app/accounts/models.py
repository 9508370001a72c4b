"""User accounts, their roles and, for Joint Secretariat members, their side."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.states import Labelled


class Role(Labelled):
    """What a user does in the program. A user may hold several."""

    APPLICANT = "applicant", _l("Applicant")
    REVIEWER = "reviewer", _l("Reviewer")
    CHAIR = "chair", _l("Chair")
    ADMIN = "admin", _l("Administrator")


class Side(Labelled):
    """The two national sides of the Joint Secretariat."""

    US = "US", _l("U.S. side")
    CN = "CN", _l("Chinese side")


class Language(Labelled):
    """Interface and content languages."""

    EN = "en", _l("English")
    ZH = "zh_Hans", _l("Chinese")


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
    # Non-urgent notices (app.notifications.kinds.DIGESTIBLE_KINDS) in one mail a day.
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # How a co-chair signs the letters and certificates of the Joint Secretariat, in both
    # languages (empty: the signature block shows the name and side only).
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    office_en: Mapped[str] = mapped_column(String(200), default="")
    office_zh: Mapped[str] = mapped_column(String(200), default="")

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
    # When the role took effect: for a chair, when a sitting chair of the same side confirmed
    # the appointment (or the server's CLI made it). A decision's second key must come from a
    # chair who held the role before the decision was proposed.
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    user: Mapped[User] = relationship(back_populates="roles")


class UserSession(Model):
    """One signed-in browser.

    Its session cookie carries a random token, stored here only as a SHA-256 digest; ending a
    session is deleting its row, so a copied cookie dies with it. "Keep me signed in" adds a
    second random token (also stored hashed) in a long-lived cookie that can start a new
    session after this one timed out, until `remember_until`.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the absolute lifetime
    remember_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class RoleChangeState(enum.StrEnum):
    """Where a two-person role change stands."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class RoleChange(Model):
    """An administrator's request to appoint or remove a chair, waiting for a sitting chair of
    the same side to confirm it. Nothing changes until then (app.accounts.appointments)."""

    __tablename__ = "role_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    side: Mapped[Side] = mapped_column(enum_type(Side, "side"))
    grant: Mapped[bool] = mapped_column(Boolean)  # True: appoint; False: remove
    state: Mapped[RoleChangeState] = mapped_column(
        enum_type(RoleChangeState, "role_change_state"), default=RoleChangeState.PENDING
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (
        # One open request per person and role: a second would race the first.
        Index(
            "uq_role_change_one_pending",
            "user_id",
            "role",
            unique=True,
            sqlite_where=text("state = 'pending'"),
            postgresql_where=text("state = 'pending'"),
        ),
    )
