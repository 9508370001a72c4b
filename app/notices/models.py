"""Partner-search notices: an organization says what it brings and what counterpart it seeks
across the Pacific; the chairs moderate it as they moderate progress updates; it stands until
its end date."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db import TimestampMixin, UTCDateTime, enum_type
from app.extensions import Model
from app.focus_areas import FocusArea
from app.organizations.models import Organization
from app.proposals.models import DeliverableKind
from app.states import State, Tone

OFFER_MAX = 2000
SEEKING_MAX = 2000
RETURN_REASON_MAX = 5000

# What a published notice past its end date is called (not a stored state: the date decides).
EXPIRED_LABEL = _l("Expired")


class NoticeState(State):
    """draft → submitted → published | returned; a returned notice may be submitted again; its
    organization's members withdraw a published one. A published notice past its `ends_on`
    counts as expired (`PartnerNotice.is_standing_on`), without a job changing anything."""

    DRAFT = "draft", _l("Draft"), Tone.NEUTRAL
    SUBMITTED = "submitted", _l("Waiting for moderation"), Tone.WAITING
    PUBLISHED = "published", _l("Published"), Tone.GOOD
    RETURNED = "returned", _l("Returned"), Tone.PROBLEM
    WITHDRAWN = "withdrawn", _l("Withdrawn"), Tone.NEUTRAL

    __transitions__ = {
        "draft": ("submitted",),
        "returned": ("submitted",),
        "submitted": ("published", "returned"),
        "published": ("withdrawn",),
    }


class PartnerNotice(TimestampMixin, Model):
    """A "Seeking a partner" notice: what an organization brings, what it looks for, where,
    and until when."""

    __tablename__ = "partner_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    offer_en: Mapped[str] = mapped_column(Text, default="")  # what the organization brings
    offer_zh: Mapped[str] = mapped_column(Text, default="")
    seeking_en: Mapped[str] = mapped_column(Text, default="")  # what it looks for
    seeking_zh: Mapped[str] = mapped_column(Text, default="")
    deliverable_kind: Mapped[DeliverableKind] = mapped_column(
        enum_type(DeliverableKind, "deliverable_kind")
    )
    ends_on: Mapped[date] = mapped_column(Date)  # the last day it stands
    state: Mapped[NoticeState] = mapped_column(
        enum_type(NoticeState, "state"), default=NoticeState.DRAFT
    )
    return_reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization] = relationship()
    author: Mapped[User | None] = relationship()
    focus_areas: Mapped[list[NoticeFocusArea]] = relationship(
        cascade="all, delete-orphan", order_by="NoticeFocusArea.focus_area"
    )
    regions: Mapped[list[NoticeRegion]] = relationship(
        cascade="all, delete-orphan", order_by="NoticeRegion.subdivision_code"
    )

    def is_standing_on(self, day: date) -> bool:
        """Published and not past its end date on `day`: what the public sees."""
        return self.state == NoticeState.PUBLISHED and self.ends_on >= day

    def is_expired_on(self, day: date) -> bool:
        """Published, but its end date has passed."""
        return self.state == NoticeState.PUBLISHED and self.ends_on < day

    @property
    def region_codes(self) -> list[str]:
        """The ISO 3166-2 codes of the regions of interest on the other side."""
        return [region.subdivision_code for region in self.regions]

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("offer_en <> '' OR offer_zh <> ''", name="offer_given"),
        CheckConstraint("seeking_en <> '' OR seeking_zh <> ''", name="seeking_given"),
        CheckConstraint(
            f"length(offer_en) <= {OFFER_MAX} AND length(offer_zh) <= {OFFER_MAX}",
            name="offer_length",
        ),
        CheckConstraint(
            f"length(seeking_en) <= {SEEKING_MAX} AND length(seeking_zh) <= {SEEKING_MAX}",
            name="seeking_length",
        ),
        CheckConstraint("state = 'draft' OR submitted_at IS NOT NULL", name="submitted_has_time"),
        CheckConstraint(
            "(state IN ('published', 'withdrawn')) = (published_at IS NOT NULL)",
            name="published_has_time",
        ),
        CheckConstraint(
            "(state = 'returned') = (returned_at IS NOT NULL)", name="returned_has_time"
        ),
        CheckConstraint("state <> 'returned' OR return_reason <> ''", name="returned_has_reason"),
        CheckConstraint(
            "(state = 'withdrawn') = (withdrawn_at IS NOT NULL)", name="withdrawn_has_time"
        ),
        Index("ix_partner_notice_updated_at", "updated_at"),  # the public data version
        # Standing notices (published, ends_on from today) and the expired count of the
        # public data version, read from the index.
        Index("ix_partner_notice_standing", "state", "ends_on"),
    )

    def __repr__(self) -> str:
        return f"<PartnerNotice {self.id} {self.state}>"


class NoticeFocusArea(Model):
    """One focus area a notice is about."""

    __tablename__ = "partner_notice_focus_area"

    notice_id: Mapped[int] = mapped_column(
        ForeignKey("partner_notice.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed on its own: the API's and the finder's filter by focus area.
    focus_area: Mapped[FocusArea] = mapped_column(
        enum_type(FocusArea, "focus_area"), primary_key=True, index=True
    )


class NoticeRegion(Model):
    """A state or province of the other country the notice's organization would work with."""

    __tablename__ = "partner_notice_region"

    notice_id: Mapped[int] = mapped_column(
        ForeignKey("partner_notice.id", ondelete="CASCADE"), primary_key=True
    )
    # ISO 3166-2, e.g. "CN-QH"; indexed on its own for the filter by subdivision of interest.
    subdivision_code: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)
