"""The program in aggregates."""

from __future__ import annotations

from app.api.schemas.base import (
    Area,
    OrganizationKind,
    Place,
    Record,
)
from app.public.queries import ProgramStatistics


class CohortCount(Record):
    """Partnerships selected one year."""

    cohort_year: int
    partnerships: int
    """The partnerships the directory lists."""
    unlisted_selections: int = 0
    """Partnerships selected that year whose names are not recorded (history)."""


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
    """The partnerships the directory lists."""
    unlisted: int = 0
    """Partnerships the call selected whose names are not recorded."""
    resubmissions: int = 0
    """Of the applications, those resubmitting a proposal an earlier call declined."""


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
                CohortCount(cohort_year=year, partnerships=listed, unlisted_selections=unlisted)
                for year, listed, unlisted in numbers.cohort_rows
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
