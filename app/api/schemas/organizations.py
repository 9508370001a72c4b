"""An organization: as it appears in any record, in its role in a partnership, and on its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.api.schemas.base import (
    Area,
    CountryCode,
    OrganizationKind,
    Place,
    PublicStatus,
    Record,
    Role,
    Url,
    _Paged,
)
from app.organizations.models import Organization as OrganizationRow
from app.partnerships.models import Partnership as PartnershipRow
from app.partnerships.models import PartnershipParticipant
from app.proposals.models import Participant as ProposalParticipant
from app.proposals.models import ParticipantRole
from app.public.addresses import public_url


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
    """An organization's public profile and the public partnerships it takes part in."""

    description: str
    """In English."""
    description_zh: str
    focus_areas: list[Area]
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
            description_zh=item.description_zh,
            focus_areas=[area.focus_area for area in item.focus_areas],
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


class OrganizationPage(_Paged):
    """A page of organizations."""

    data: list[Organization]
