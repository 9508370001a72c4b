"""Who is looking for a counterpart: the finder's one input.

A `Seeker` holds only what the score reads, so that every source of a search is one small
function: an organization (`from_organization`), a proposal (its focus areas and its lead's
organization: `app.proposals.queries.suggested_partners`) and a partner-search notice
(`from_notice`: its focus areas, the regions it wishes for on the other side, what it brings
and looks for in both languages).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.finder.text import document
from app.focus_areas import FocusArea
from app.notices.models import PartnerNotice
from app.organizations.models import Country, Organization, OrganizationType


@dataclass(frozen=True)
class Seeker:
    """A search for counterparts across the Pacific.

    `country` is the seeker's: results are of the other one. `wished_regions` are ISO 3166-2
    codes on the other side (none for an organization alone). `texts` maps a language ("en",
    "zh") to the text matched against descriptions in that language. `excluded` are
    organizations never listed (the seeker's own, those already taking part)."""

    country: Country
    focus_areas: frozenset[FocusArea] = frozenset()
    type: OrganizationType | None = None
    wished_regions: frozenset[str] = frozenset()
    texts: Mapping[str, str] = field(default_factory=dict)
    excluded: frozenset[int] = frozenset()
    # Where the seeker is (ISO 3166-2): a counterpart whose standing notice wishes for it, or
    # for anywhere in the seeker's country, is looking for the seeker too.
    home_region: str | None = None

    @property
    def other_country(self) -> Country:
        """The country the counterparts are of."""
        return Country.CN if self.country == Country.US else Country.US


def from_organization(organization: Organization, *, excluded: Iterable[int] = ()) -> Seeker:
    """An organization looking for a counterpart: its focus areas, type and texts (its focus
    areas must be loaded); itself and `excluded` are never listed."""
    return Seeker(
        country=Country(organization.country),
        focus_areas=frozenset(FocusArea(a.focus_area) for a in organization.focus_areas),
        type=OrganizationType(organization.type),
        texts={
            "en": document(organization.name_en, organization.description),
            "zh": document(organization.name_zh, organization.description_zh),
        },
        excluded=frozenset((organization.id, *excluded)),
        home_region=organization.subdivision_code,
    )


def from_notice(notice: PartnerNotice, *, excluded: Iterable[int] = ()) -> Seeker:
    """A partner-search notice looking for a counterpart: its focus areas and wished regions,
    what it brings and looks for in each language, and its organization's type and place (its
    organization, focus areas and regions must be loaded)."""
    organization = notice.organization
    return Seeker(
        country=Country(organization.country),
        focus_areas=frozenset(FocusArea(a.focus_area) for a in notice.focus_areas),
        type=OrganizationType(organization.type),
        wished_regions=frozenset(notice.region_codes),
        texts={
            "en": document(notice.offer_en, notice.seeking_en),
            "zh": document(notice.offer_zh, notice.seeking_zh),
        },
        excluded=frozenset((organization.id, *excluded)),
        home_region=organization.subdivision_code,
    )
