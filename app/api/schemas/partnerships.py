"""A partnership: as the directory lists it and in full, with its work plan and updates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

from flask import current_app
from pydantic import Field
from pydantic.json_schema import SkipJsonSchema

from app.accounts.models import Language
from app.api.schemas.base import (
    Area,
    Moment,
    PilotYear,
    PublicStatus,
    Record,
    Url,
    _absent_if_none,
    _Paged,
    _values,
    one_of,
)
from app.api.schemas.organizations import (
    Participant,
)
from app.markdown import render_markdown
from app.organizations.models import Country
from app.partnerships.models import Milestone as MilestoneRow
from app.partnerships.models import MilestoneStatus
from app.partnerships.models import Partnership as PartnershipRow
from app.public.addresses import public_url
from app.public.forms import place_codes
from app.public.read_model import (
    ordered_participants,
    participant_places,
)
from app.updates.models import ProgressUpdate


class PartnershipLinks(Record):
    """Where a partnership is, as this record, a page, a feed and (in full) a PDF."""

    self: Url
    html: Url
    updates_feed: Url
    updates: Url | SkipJsonSchema[None] = Field(default=None, exclude_if=_absent_if_none)
    """Its updates through the API (in the full record)."""
    pdf: Url | SkipJsonSchema[None] = Field(default=None, exclude_if=_absent_if_none)
    """Its record as a PDF (in the full record)."""


class PartnershipSummary(Record):
    """A partnership as the directory lists it."""

    slug: str
    name_en: str
    name_zh: str
    goal_en: str
    goal_zh: str
    cohort_year: int
    """The year it was selected."""
    status: PublicStatus
    focus_areas: list[Area]
    signed_on: date | None
    pilot_starts_on: date
    pilot_ends_on: date
    us_states: list[Annotated[str, one_of(place_codes(Country.US))]]
    chinese_provinces: list[Annotated[str, one_of(place_codes(Country.CN))]]
    participants: list[Participant]
    """U.S. organizations first, each side's lead first."""
    links: PartnershipLinks

    @classmethod
    def fields_of(cls, partnership: PartnershipRow) -> dict[str, Any]:
        """The summary's fields of `partnership` (participants loaded)."""
        return {
            "slug": partnership.slug,
            "name_en": partnership.name_en,
            "name_zh": partnership.name_zh,
            "goal_en": partnership.goal_en,
            "goal_zh": partnership.goal_zh,
            "cohort_year": partnership.cohort_year,
            "status": partnership.status,
            "focus_areas": sorted(area.focus_area for area in partnership.focus_areas),
            "signed_on": partnership.signed_on,
            "pilot_starts_on": partnership.pilot_starts_on,
            "pilot_ends_on": partnership.pilot_ends_on,
            "us_states": participant_places(partnership, Country.US),
            "chinese_provinces": participant_places(partnership, Country.CN),
            "participants": [
                Participant.of_participant(p) for p in ordered_participants(partnership)
            ],
            "links": PartnershipLinks(
                self=public_url("api.partnership", slug=partnership.slug),
                html=public_url("public.partnership", slug=partnership.slug),
                updates_feed=public_url("public.partnership_feed", slug=partnership.slug),
            ),
        }

    @classmethod
    def of(cls, partnership: PartnershipRow) -> PartnershipSummary:
        """`partnership` as the directory lists it."""
        return cls(**cls.fields_of(partnership))


class Milestone(Record):
    """A task of the work plan and where it stands (its evidence stays with the Secretariat)."""

    pilot_year: PilotYear
    number: int
    title_en: str
    title_zh: str
    target: str
    due_on: date
    status: Annotated[MilestoneStatus, one_of(_values(MilestoneStatus))]
    completed_on: date | None
    is_key_accomplishment: bool


class KeyAccomplishment(Record):
    """A task done that the partnership counts among its key accomplishments."""

    pilot_year: PilotYear
    number: int
    title_en: str
    title_zh: str
    target: str
    completed_on: date


class UpdatePartnership(Record):
    """The partnership an update is about."""

    slug: str
    name_en: str
    name_zh: str


class UpdateImage(Record):
    """An update's picture."""

    url: Url
    alt: str
    """Its text alternative."""


class UpdateLinks(Record):
    """Where the update is shown."""

    html: Url


class Update(Record):
    """A published progress update: its Markdown and the sanitized HTML the site shows."""

    id: int
    partnership: UpdatePartnership
    title: str
    language: Annotated[Language, one_of(_values(Language))]
    body_markdown: str
    body_html: str
    published_at: Moment
    image: UpdateImage | None
    links: UpdateLinks

    @classmethod
    def of(cls, item: ProgressUpdate) -> Update:
        """The published update `item`."""
        partnership = item.partnership
        assert item.published_at is not None, "only a published update is a record"
        image = None
        if item.image_name and "updates.image" in current_app.view_functions:
            image = UpdateImage(
                url=public_url("updates.image", update_id=item.id, image_name=item.image_name),
                alt=item.image_alt,
            )
        return cls(
            id=item.id,
            partnership=UpdatePartnership.model_validate(partnership),
            title=item.title,
            language=item.language,
            body_markdown=item.body,
            body_html=str(render_markdown(item.body)),
            published_at=item.published_at,
            image=image,
            links=UpdateLinks(
                html=public_url(
                    "public.partnership", slug=partnership.slug, _anchor=f"update-{item.id}"
                )
            ),
        )


class Partnership(PartnershipSummary):
    """A partnership's whole public record."""

    description_en: str
    description_zh: str
    work_plan: list[Milestone]
    """Every task, by pilot year."""
    key_accomplishments: list[KeyAccomplishment]
    updates: list[Update]
    """Its latest published updates, newest first."""

    @classmethod
    def of_record(
        cls,
        partnership: PartnershipRow,
        *,
        work_plan: Sequence[tuple[int, Sequence[MilestoneRow]]],
        accomplishments: Sequence[MilestoneRow],
        updates: Sequence[ProgressUpdate],
    ) -> Partnership:
        """`partnership` in full, with its work plan, accomplishments and `updates`."""
        fields = cls.fields_of(partnership)
        links = fields["links"]
        links.updates = public_url("api.updates", partnership=partnership.slug)
        if "exports.partnership_record" in current_app.view_functions:
            links.pdf = public_url("exports.partnership_record", slug=partnership.slug)
        return cls(
            **fields,
            description_en=partnership.description_en,
            description_zh=partnership.description_zh,
            work_plan=[Milestone.model_validate(m) for _year, items in work_plan for m in items],
            key_accomplishments=[KeyAccomplishment.model_validate(m) for m in accomplishments],
            updates=[Update.of(u) for u in updates],
        )


class PartnershipPage(_Paged):
    """A page of partnerships."""

    data: list[PartnershipSummary]


class UpdatePage(_Paged):
    """A page of updates."""

    data: list[Update]
