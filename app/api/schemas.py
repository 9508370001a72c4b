"""The open-data records, one pydantic model each: what a partnership, organization, solicitation,
update or the statistics look like to another program.

These models are the only description of the JSON: the API serializes them
(`Record.as_json`), the OpenAPI document's ``components.schemas`` is generated from them
(`app.api.openapi`), and the PDFs embed the same records in their ``record.json``
(`app.exports`). Only fields the public may see are named (never a model's whole ``__dict__``),
and every record forbids other fields, so schemathesis catches an answer the document does not
describe. Each record is built from the ORM objects by a small ``of`` classmethod.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Annotated, Any

from flask import current_app
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from app import clock
from app.accounts.models import Language
from app.focus_areas import FocusArea
from app.markdown import render_markdown
from app.organizations.models import Country, OrganizationType
from app.organizations.models import Organization as OrganizationRow
from app.organizations.subdivisions import subdivision, subdivisions
from app.partnerships.models import Milestone as MilestoneRow
from app.partnerships.models import MilestoneStatus, PartnershipParticipant, PartnershipStatus
from app.partnerships.models import Partnership as PartnershipRow
from app.partnerships.queries import (
    PUBLIC_STATUSES,
    Page,
    ordered_participants,
    participant_places,
)
from app.proposals.models import Participant as ProposalParticipant
from app.proposals.models import ParticipantRole
from app.public.addresses import public_url
from app.public.forms import place_codes
from app.public.queries import ProgramStatistics
from app.solicitations.models import Solicitation as SolicitationRow
from app.solicitations.models import SolicitationStatus
from app.solicitations.queries import PUBLIC_STATUSES as PUBLIC_SOLICITATION_STATUSES
from app.solicitations.services import is_accepting_proposals
from app.updates.models import ProgressUpdate


def one_of(values: Iterable[str]) -> WithJsonSchema:
    """A string field documented as one of `values` (an enumeration, or the part of one the
    public may see), inline rather than as a component of its own."""
    return WithJsonSchema({"type": "string", "enum": list(values)})


def _values(enum: Iterable[Any]) -> list[str]:
    return [member.value for member in enum]


# A moment is written as `datetime.isoformat` writes it (``+00:00``, not pydantic's ``Z``).
Moment = Annotated[datetime, PlainSerializer(datetime.isoformat, return_type=str, when_used="json")]
Url = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]
PilotYear = Annotated[int, Field(ge=1, le=3)]
CountryCode = Annotated[Country, one_of(_values(Country))]
OrganizationKind = Annotated[OrganizationType, one_of(_values(OrganizationType))]
Role = Annotated[ParticipantRole, one_of(_values(ParticipantRole))]
PublicStatus = Annotated[PartnershipStatus, one_of(_values(PUBLIC_STATUSES))]
Area = Annotated[FocusArea, one_of(_values(FocusArea))]


def _absent_if_none(value: object) -> bool:
    return value is None


class Record(BaseModel):
    """A JSON record: no field it does not name, read from the ORM object's attributes, each
    field described by the docstring under it."""

    model_config = ConfigDict(extra="forbid", from_attributes=True, use_attribute_docstrings=True)

    def as_json(self) -> dict[str, Any]:
        """The record as JSON-ready data (dates as ISO 8601 strings)."""
        return self.model_dump(mode="json")


class Problem(Record):
    """An error, as RFC 9457 describes it (``application/problem+json``)."""

    type: Annotated[str, WithJsonSchema({"type": "string", "format": "uri-reference"})]
    """``about:blank``: the status says it all."""
    title: str
    """The status's own phrase."""
    status: Annotated[int, Field(ge=400, le=599)]
    detail: str
    """What went wrong, in the reader's language."""
    fields: dict[str, list[str]] | SkipJsonSchema[None] = Field(
        default=None, exclude_if=_absent_if_none
    )
    """On a 400: each refused query argument, with why."""


class Place(Record):
    """A U.S. state or Chinese province (ISO 3166-2)."""

    code: Annotated[str, one_of(subdivisions())]
    name_en: str
    name_zh: str

    @classmethod
    def of(cls, code: str) -> Place:
        """The place with this code (a code not in the list names itself)."""
        place = subdivision(code)
        return cls(
            code=code,
            name_en=place.name_en if place else code,
            name_zh=place.name_zh if place else code,
        )


class _OrganizationId(Record):
    organization_id: int


class _OrganizationFacts(Record):
    name_en: str
    name_zh: str
    country: CountryCode
    type: OrganizationKind
    subdivision: Place
    """Its state or province."""
    city: str
    website: str


class OrganizationSummary(_OrganizationFacts, _OrganizationId):
    """What the records say of an organization wherever it appears."""

    @classmethod
    def facts(cls, organization: OrganizationRow) -> dict[str, Any]:
        """The fields of `organization` every organization record shares."""
        return {
            "organization_id": organization.id,
            "name_en": organization.name_en,
            "name_zh": organization.name_zh,
            "country": organization.country,
            "type": organization.type,
            "subdivision": Place.of(organization.subdivision_code),
            "city": organization.city,
            "website": organization.website,
        }

    @classmethod
    def of(cls, organization: OrganizationRow) -> OrganizationSummary:
        """`organization`'s summary."""
        return cls(**cls.facts(organization))


class Participant(OrganizationSummary):
    """An organization as it takes part in a partnership."""

    role: Role

    @classmethod
    def of_participant(cls, item: PartnershipParticipant | ProposalParticipant) -> Participant:
        """`item`'s organization in its role (in a partnership, or in the proposal that a
        decision letter or certificate is about)."""
        return cls(**cls.facts(item.organization), role=item.role)


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


class OrganizationPartnership(Record):
    """A public partnership an organization takes part in, and its role there."""

    slug: str
    name_en: str
    name_zh: str
    cohort_year: int
    status: PublicStatus
    role: Role


class OrganizationLinks(Record):
    """Where the organization is."""

    self: Url
    html: Url


class _Id(Record):
    id: int


class Organization(_OrganizationFacts, _Id):
    """An organization and the public partnerships it takes part in."""

    description: str
    partnerships: list[OrganizationPartnership]
    links: OrganizationLinks

    @classmethod
    def of(
        cls,
        item: OrganizationRow,
        partnerships: Sequence[tuple[PartnershipRow, ParticipantRole]],
    ) -> Organization:
        """`item` with the public `partnerships` it takes part in."""
        facts = OrganizationSummary.facts(item)
        facts["id"] = facts.pop("organization_id")
        return cls(
            **facts,
            description=item.description,
            partnerships=[
                OrganizationPartnership(
                    slug=p.slug,
                    name_en=p.name_en,
                    name_zh=p.name_zh,
                    cohort_year=p.cohort_year,
                    status=p.status,
                    role=role,
                )
                for p, role in partnerships
            ],
            links=OrganizationLinks(
                self=public_url("api.organization", organization_id=item.id),
                html=public_url("organizations.profile", organization_id=item.id),
            ),
        )


class SolicitationLinks(Record):
    """Where the call is."""

    self: Url


class Solicitation(Record):
    """A call for proposals: its public terms and dates (the deadline also in both capitals)."""

    year: int
    title_en: str
    title_zh: str
    guidance_en: str
    guidance_zh: str
    status: Annotated[SolicitationStatus, one_of(_values(PUBLIC_SOLICITATION_STATUSES))]
    opens_at: Moment
    closes_at: Moment
    closes_at_washington: Moment
    """The deadline in Washington's time."""
    closes_at_beijing: Moment
    """The deadline in Beijing's time."""
    is_accepting_proposals: bool
    target_selections: int
    """How many partnerships the call means to select."""
    links: SolicitationLinks

    @classmethod
    def of(cls, item: SolicitationRow) -> Solicitation:
        """The call `item`."""
        return cls(
            year=item.year,
            title_en=item.title_en,
            title_zh=item.title_zh,
            guidance_en=item.guidance_en,
            guidance_zh=item.guidance_zh,
            status=item.status,
            opens_at=item.opens_at,
            closes_at=item.closes_at,
            closes_at_washington=item.closes_at.astimezone(clock.WASHINGTON),
            closes_at_beijing=item.closes_at.astimezone(clock.BEIJING),
            is_accepting_proposals=is_accepting_proposals(item),
            target_selections=item.target_selections,
            links=SolicitationLinks(self=public_url("api.solicitation", year=item.year)),
        )


class CohortCount(Record):
    """Partnerships selected one year."""

    cohort_year: int
    partnerships: int


class FocusAreaCount(Record):
    """Partnerships addressing one focus area."""

    focus_area: Area
    partnerships: int


class OrganizationTypeCount(Record):
    """Participant organizations of one type, on each side."""

    type: OrganizationKind
    us: int
    cn: int


class PlaceCount(Place):
    """Partnerships with a participant in one place."""

    partnerships: int


class ApplicationYear(Record):
    """Applications and selections of one call."""

    year: int
    applications: int | None
    """Unknown (null) for calls before the portal."""
    selections: int


class Statistics(Record):
    """The program in aggregates, over public partnerships."""

    partnerships_per_cohort: list[CohortCount]
    partnerships_per_focus_area: list[FocusAreaCount]
    organizations_per_type: list[OrganizationTypeCount]
    places: list[PlaceCount]
    us_states_covered: int
    chinese_provinces_covered: int
    applications_per_year: list[ApplicationYear]

    @classmethod
    def of(cls, numbers: ProgramStatistics) -> Statistics:
        """The aggregates `numbers`."""
        return cls(
            partnerships_per_cohort=[
                CohortCount(cohort_year=year, partnerships=count)
                for year, count in numbers.per_cohort
            ],
            partnerships_per_focus_area=[
                FocusAreaCount(focus_area=area, partnerships=count)
                for area, count in numbers.per_focus_area
            ],
            organizations_per_type=[
                OrganizationTypeCount(type=kind, us=us, cn=cn)
                for kind, us, cn in numbers.organizations_per_type
            ],
            places=[
                PlaceCount(**Place.of(code).model_dump(), partnerships=count)
                for code, count in sorted(numbers.places.items())
            ],
            us_states_covered=len(numbers.us_places),
            chinese_provinces_covered=len(numbers.chinese_places),
            applications_per_year=[
                ApplicationYear.model_validate(row) for row in numbers.applications
            ],
        )


class PageMeta(Record):
    """Where a page stands in its list."""

    page: int
    per_page: int
    total: int
    pages: int


class PageLinks(Record):
    """A page and its neighbours (null at either end)."""

    self: Url
    next: Url | None
    previous: Url | None


class _Paged(Record):
    """A page of a list: its records (`data`), where it stands and its neighbours."""

    data: Sequence[Record]
    """This page's records (each page's kind names their type)."""
    meta: PageMeta
    links: PageLinks

    @classmethod
    def of(
        cls, page: Page[Any], represent: Callable[[Any], Record], link: Callable[[int], str]
    ) -> Any:
        """`page`, each item represented by `represent`, with `link` to a page number."""
        return cls(
            data=[represent(item) for item in page.items],
            meta=PageMeta(
                page=page.number, per_page=page.per_page, total=page.total, pages=page.pages
            ),
            links=PageLinks(
                self=link(page.number),
                next=link(page.number + 1) if page.has_next else None,
                previous=link(page.number - 1) if page.has_previous else None,
            ),
        )


class PartnershipPage(_Paged):
    """A page of partnerships."""

    data: list[PartnershipSummary]


class OrganizationPage(_Paged):
    """A page of organizations."""

    data: list[Organization]


class UpdatePage(_Paged):
    """A page of updates."""

    data: list[Update]


class SolicitationCount(Record):
    """How many calls the list holds."""

    total: int


class SolicitationList(Record):
    """Every public call, newest first."""

    data: list[Solicitation]
    meta: SolicitationCount


class Index(Record):
    """Links to every resource."""

    name: str
    version: str
    links: dict[str, Url]


# The records the API answers with; the OpenAPI document's components are these and the
# records they contain.
RESPONSES: tuple[type[Record], ...] = (
    Index,
    PartnershipPage,
    Partnership,
    OrganizationPage,
    Organization,
    SolicitationList,
    Solicitation,
    UpdatePage,
    Statistics,
    Problem,
)
