"""Progress updates that partnerships share with the public and the secretariat."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ColumnElement, ForeignKey, Index, Integer, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Language, User
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.partnerships.models import Partnership
from app.states import State, Tone


class UpdateState(State):
    """draft → submitted → published | returned; a returned update may be submitted again."""

    DRAFT = "draft", _l("Draft"), Tone.NEUTRAL
    SUBMITTED = "submitted", _l("Waiting for moderation"), Tone.WAITING
    PUBLISHED = "published", _l("Published"), Tone.GOOD
    RETURNED = "returned", _l("Returned"), Tone.PROBLEM

    __transitions__ = {
        "draft": ("submitted",),
        "returned": ("submitted",),
        "submitted": ("published", "returned"),
    }


class Visibility(enum.StrEnum):
    """Public updates reach everyone once published; secretariat-only ones never do."""

    PUBLIC = "public"
    SECRETARIAT = "secretariat"


class ProgressUpdate(TimestampMixin, Model):
    """A news item on a partnership's progress, moderated by a chair."""

    __tablename__ = "progress_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitized when rendered
    language: Mapped[Language] = mapped_column(enum_type(Language, "language"))
    visibility: Mapped[Visibility] = mapped_column(
        enum_type(Visibility, "visibility"), default=Visibility.PUBLIC
    )
    state: Mapped[UpdateState] = mapped_column(
        enum_type(UpdateState, "state"), default=UpdateState.DRAFT, index=True
    )
    return_reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the author declared the update free of business-sensitive information (at submission).
    declared_non_sensitive_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # An optional picture, re-encoded on upload and stored under UPLOAD_DIR with a random name.
    image_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    image_alt: Mapped[str] = mapped_column(String(300), default="")
    image_width: Mapped[int | None] = mapped_column(Integer)
    image_height: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    partnership: Mapped[Partnership] = relationship()
    author: Mapped[User | None] = relationship()

    @hybrid_property
    def is_published_publicly(self) -> bool:
        """Published for everyone (not a secretariat note), whatever its partnership's status:
        the rule of the public reads (`app.public.read_model`) and of the update cadence."""
        return self.state == UpdateState.PUBLISHED and self.visibility == Visibility.PUBLIC

    @is_published_publicly.inplace.expression
    @classmethod
    def _is_published_publicly_expression(cls) -> ColumnElement[bool]:
        return (cls.state == UpdateState.PUBLISHED) & (cls.visibility == Visibility.PUBLIC)

    @property
    def is_public(self) -> bool:
        """Whether the public may read it (and see its picture): published publicly, and of a
        partnership still in the public record."""
        return bool(self.is_published_publicly and self.partnership.is_public)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "(state = 'published') = (published_at IS NOT NULL)", name="published_has_time"
        ),
        CheckConstraint(
            "(state = 'returned') = (returned_at IS NOT NULL)", name="returned_has_time"
        ),
        CheckConstraint("image_name IS NULL OR image_alt <> ''", name="image_has_alt"),
        Index("ix_progress_update_updated_at", "updated_at"),  # the public data version
        # Published public updates, newest first, read in index order and stopped at a page.
        Index("ix_progress_update_public_order", "state", "visibility", "published_at", "id"),
        # A page of partnerships' last public updates (the chairs' dashboard): read from the
        # index alone, and chosen over the one above without the planner's statistics.
        Index(
            "ix_progress_update_partnership_public",
            "partnership_id",
            "state",
            "visibility",
            "published_at",
        ),
    )
