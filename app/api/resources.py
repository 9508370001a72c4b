"""The open-data API's JSON documents: what a partnership, organization, solicitation, update
or the statistics look like to another program.

Only fields the public may see are written here, field by field (never a model's whole
``__dict__``); the OpenAPI document (`app.api.openapi`) describes exactly these shapes and
forbids any other field, so the tests catch a field added here and not documented there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from flask import current_app

from app import clock
from app.markdown import render_markdown
from app.organizations.models import Country, Organization
from app.organizations.subdivisions import subdivision
from app.partnerships.models import Milestone, Partnership, PartnershipParticipant
from app.proposals.models import ParticipantRole
from app.public.addresses import public_url
from app.public.queries import ProgramStatistics
from app.public.read_model import Page, ordered_participants, participant_places
from app.solicitations.models import Solicitation
from app.solicitations.services import is_accepting_proposals
from app.updates.models import ProgressUpdate

Document = dict[str, Any]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _place(code: str) -> Document:
    place = subdivision(code)
    return {
        "code": code,
        "name_en": place.name_en if place else code,
        "name_zh": place.name_zh if place else code,
    }


def organization_fields(organization: Organization) -> Document:
    """What the open data and the PDF records say of an organization wherever it appears."""
    return {
        "organization_id": organization.id,
        "name_en": organization.name_en,
        "name_zh": organization.name_zh,
        "country": organization.country.value,
        "type": organization.type.value,
        "subdivision": _place(organization.subdivision_code),
        "city": organization.city,
        "website": organization.website,
    }


def participant(item: PartnershipParticipant) -> Document:
    """An organization as it takes part in a partnership."""
    return {
        **organization_fields(item.organization),
        "role": item.role.value,
    }


def partnership_summary(partnership: Partnership) -> Document:
    """A partnership as the directory lists it (participants loaded)."""
    return {
        "slug": partnership.slug,
        "name_en": partnership.name_en,
        "name_zh": partnership.name_zh,
        "goal_en": partnership.goal_en,
        "goal_zh": partnership.goal_zh,
        "cohort_year": partnership.cohort_year,
        "status": partnership.status.value,
        "focus_areas": sorted(area.focus_area.value for area in partnership.focus_areas),
        "signed_on": _day(partnership.signed_on),
        "pilot_starts_on": _day(partnership.pilot_starts_on),
        "pilot_ends_on": _day(partnership.pilot_ends_on),
        "us_states": participant_places(partnership, Country.US),
        "chinese_provinces": participant_places(partnership, Country.CN),
        "participants": [participant(p) for p in ordered_participants(partnership)],
        "links": {
            "self": public_url("api.partnership", slug=partnership.slug),
            "html": public_url("public.partnership", slug=partnership.slug),
            "updates_feed": public_url("public.partnership_feed", slug=partnership.slug),
        },
    }


def milestone(item: Milestone) -> Document:
    """A task of the work plan and where it stands (its evidence stays with the Secretariat)."""
    return {
        "pilot_year": item.pilot_year,
        "number": item.number,
        "title_en": item.title_en,
        "title_zh": item.title_zh,
        "target": item.target,
        "due_on": _day(item.due_on),
        "status": item.status.value,
        "completed_on": _day(item.completed_on),
        "is_key_accomplishment": item.is_key_accomplishment,
    }


def partnership_detail(
    partnership: Partnership,
    *,
    work_plan: Sequence[tuple[int, Sequence[Milestone]]],
    accomplishments: Sequence[Milestone],
    updates: Sequence[ProgressUpdate],
) -> Document:
    """A partnership's whole public record."""
    document = partnership_summary(partnership)
    document.update(
        {
            "description_en": partnership.description_en,
            "description_zh": partnership.description_zh,
            "work_plan": [milestone(m) for _year, items in work_plan for m in items],
            "key_accomplishments": [
                {
                    "pilot_year": m.pilot_year,
                    "number": m.number,
                    "title_en": m.title_en,
                    "title_zh": m.title_zh,
                    "target": m.target,
                    "completed_on": _day(m.completed_on),
                }
                for m in accomplishments
            ],
            "updates": [update(u) for u in updates],
        }
    )
    document["links"]["updates"] = public_url("api.updates", partnership=partnership.slug)
    if "exports.partnership_record" in current_app.view_functions:
        document["links"]["pdf"] = public_url("exports.partnership_record", slug=partnership.slug)
    return document


def organization(
    item: Organization, partnerships: Sequence[tuple[Partnership, ParticipantRole]]
) -> Document:
    """An organization and the public partnerships it takes part in."""
    return {
        "id": item.id,
        "name_en": item.name_en,
        "name_zh": item.name_zh,
        "country": item.country.value,
        "type": item.type.value,
        "subdivision": _place(item.subdivision_code),
        "city": item.city,
        "website": item.website,
        "description": item.description,
        "partnerships": [
            {
                "slug": p.slug,
                "name_en": p.name_en,
                "name_zh": p.name_zh,
                "cohort_year": p.cohort_year,
                "status": p.status.value,
                "role": role.value,
            }
            for p, role in partnerships
        ],
        "links": {
            "self": public_url("api.organization", organization_id=item.id),
            "html": public_url("organizations.profile", organization_id=item.id),
        },
    }


def solicitation(item: Solicitation) -> Document:
    """A call for proposals: its public terms and dates (the deadline also in both capitals)."""
    return {
        "year": item.year,
        "title_en": item.title_en,
        "title_zh": item.title_zh,
        "guidance_en": item.guidance_en,
        "guidance_zh": item.guidance_zh,
        "status": item.status.value,
        "opens_at": _moment(item.opens_at),
        "closes_at": _moment(item.closes_at),
        "closes_at_washington": _moment(item.closes_at.astimezone(clock.WASHINGTON)),
        "closes_at_beijing": _moment(item.closes_at.astimezone(clock.BEIJING)),
        "is_accepting_proposals": is_accepting_proposals(item),
        "target_selections": item.target_selections,
        "links": {"self": public_url("api.solicitation", year=item.year)},
    }


def update(item: ProgressUpdate) -> Document:
    """A published update, its Markdown and the sanitized HTML the site shows, and its
    picture's address and text alternative when it has one."""
    partnership = item.partnership
    image = None
    if item.image_name and "updates.image" in current_app.view_functions:
        image = {
            "url": public_url("updates.image", update_id=item.id, image_name=item.image_name),
            "alt": item.image_alt,
        }
    return {
        "id": item.id,
        "partnership": {
            "slug": partnership.slug,
            "name_en": partnership.name_en,
            "name_zh": partnership.name_zh,
        },
        "title": item.title,
        "language": item.language.value,
        "body_markdown": item.body,
        "body_html": str(render_markdown(item.body)),
        "published_at": _moment(item.published_at),
        "image": image,
        "links": {
            "html": public_url(
                "public.partnership", slug=partnership.slug, _anchor=f"update-{item.id}"
            )
        },
    }


def statistics(numbers: ProgramStatistics) -> Document:
    """The program's aggregates."""
    return {
        "partnerships_per_cohort": [
            {"cohort_year": year, "partnerships": count} for year, count in numbers.per_cohort
        ],
        "partnerships_per_focus_area": [
            {"focus_area": area.value, "partnerships": count}
            for area, count in numbers.per_focus_area
        ],
        "organizations_per_type": [
            {"type": kind.value, "us": us, "cn": cn}
            for kind, us, cn in numbers.organizations_per_type
        ],
        "places": [
            {**_place(code), "partnerships": count}
            for code, count in sorted(numbers.places.items())
        ],
        "us_states_covered": len(numbers.us_places),
        "chinese_provinces_covered": len(numbers.chinese_places),
        "applications_per_year": [
            {"year": row.year, "applications": row.applications, "selections": row.selections}
            for row in numbers.applications
        ],
    }


def page_of(
    page: Page[Any], represent: Callable[[Any], Document], link: Callable[[int], str]
) -> Document:
    """A page of a list with where it stands and links to its neighbours."""
    return {
        "data": [represent(item) for item in page.items],
        "meta": {
            "page": page.number,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
        },
        "links": {
            "self": link(page.number),
            "next": link(page.number + 1) if page.has_next else None,
            "previous": link(page.number - 1) if page.has_previous else None,
        },
    }
