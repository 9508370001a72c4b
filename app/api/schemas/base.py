"""What every record is made of: the `Record` base, field types, places, pages and problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.json_schema import SkipJsonSchema

from app.db import Page
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.organizations.subdivisions import subdivision, subdivisions
from app.partnerships.models import PartnershipStatus
from app.proposals.models import ParticipantRole
from app.public.read_model import PUBLIC_STATUSES


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


class Index(Record):
    """Links to every resource."""

    name: str
    version: str
    links: dict[str, Url]
