"""A partnership's life as a record: made at publication from a selected proposal, or recorded
by hand for the history; its details edited; graduated after the pilot, or withdrawn early.

`require_active` is the one rule that a graduated or withdrawn partnership's record is closed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import clock
from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.focus_areas import FocusArea
from app.notifications.services import queue_mail
from app.organizations.models import Country, Organization
from app.partnerships.models import (
    ImplementationPlan,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
    PlanState,
    PlanTask,
)
from app.partnerships.queries import (
    partnership_members,
)
from app.partnerships.schedule import (
    PILOT_YEARS,
    plan_deadlines,
)
from app.proposals.models import ParticipantRole, ParticipantState, Proposal
from app.states import transition

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def notify(users: Iterable[User], kind: str, **context: Any) -> int:
    """Queue the mail `kind` to each of `users`; how many were queued."""
    count = 0
    for user in users:
        queue_mail(kind, to=user, **context)
        count += 1
    return count


def require_active(partnership: Partnership) -> None:
    """Refuse any change to a graduated or withdrawn partnership: its record is closed."""
    if partnership.status != PartnershipStatus.ACTIVE:
        raise ServiceError(
            _l(
                "This partnership is %(status)s; its record is closed and can no longer be "
                "changed.",
                status=partnership.status.label.lower(),
            )
        )


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _short(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] or slug[:limit]


def unique_slug(base: str) -> str:
    """`base` made URL-safe and unique among partnerships (…-2, …-3 when taken)."""
    stem = _short(_slugify(base) or "partnership", 100)
    taken = set(
        db.session.scalars(select(Partnership.slug).where(Partnership.slug.like(f"{stem}%")))
    )
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def partnership_names(us: Organization, cn: Organization) -> tuple[str, str]:
    """The program's "U.S. organization – Chinese organization", in English and Chinese."""
    name_en = f"{us.name_en} – {cn.name_en}"[:300]
    name_zh = f"{us.name_zh or us.name_en}—{cn.name_zh or cn.name_en}"[:300]
    return name_en, name_zh


def _seed_plan(
    partnership: Partnership, proposal: Proposal, selected_on: date
) -> ImplementationPlan:
    draft_due_on, approval_due_on = plan_deadlines(selected_on)
    plan = ImplementationPlan(
        version_number=1,
        state=PlanState.DRAFT,
        draft_due_on=draft_due_on,
        approval_due_on=approval_due_on,
        tasks=[
            PlanTask(
                pilot_year=task.pilot_year,
                number=task.number,
                title_en=task.title_en,
                title_zh=task.title_zh,
                target=task.target,
                due_on=clock.end_of_month(task.due_month) if task.due_month else None,
            )
            for task in proposal.tasks
        ],
    )
    partnership.plans.append(plan)
    return plan


def create_partnership_from_proposal(
    proposal: Proposal, *, actor: User, signed_on: date | None = None
) -> Partnership:
    """Make the EcoPartnership of a selected proposal (the publication step calls this).

    Named "U.S. organization – Chinese organization" after the lead and its partner across the
    Pacific; its participants are the proposal's confirmed ones, its focus areas the proposal's;
    the pilot runs three years from the signing (or from today). A first Implementation Plan is
    drafted from the proposal's workplan, due in 30 days and to be approved within 60.
    """
    existing = db.session.scalar(select(Partnership).where(Partnership.proposal_id == proposal.id))
    if existing is not None:
        raise ServiceError(
            _l("Proposal %(reference)s already became a partnership.", reference=proposal.reference)
        )
    confirmed = [p for p in proposal.participants if p.state == ParticipantState.CONFIRMED]
    confirmed.sort(key=lambda p: (p.role != ParticipantRole.LEAD, p.id or 0))
    us = next((p.organization for p in confirmed if p.organization.country == Country.US), None)
    cn = next((p.organization for p in confirmed if p.organization.country == Country.CN), None)
    if us is None or cn is None:
        raise ServiceError(
            _l("A partnership needs a confirmed U.S. and a confirmed Chinese participant.")
        )
    selected_on = clock.today()
    starts_on = signed_on or selected_on
    name_en, name_zh = partnership_names(us, cn)
    partnership = Partnership(
        slug=unique_slug(f"{proposal.solicitation.year} {us.name_en} {cn.name_en}"),
        proposal=proposal,
        cohort_year=proposal.solicitation.year,
        name_en=name_en,
        name_zh=name_zh,
        goal_en=proposal.title_en[:500],
        goal_zh=proposal.title_zh[:500],
        description_en=proposal.summary_en,
        description_zh=proposal.summary_zh,
        signed_on=signed_on,
        pilot_starts_on=starts_on,
        pilot_ends_on=clock.add_years(starts_on, PILOT_YEARS),
        status=PartnershipStatus.ACTIVE,
        participants=[
            PartnershipParticipant(organization_id=p.organization_id, role=p.role)
            for p in confirmed
        ],
        focus_areas=[
            PartnershipFocusArea(focus_area=area.focus_area) for area in proposal.focus_areas
        ],
    )
    plan = _seed_plan(partnership, proposal, selected_on)
    db.session.add(partnership)
    db.session.flush()
    record_event(
        "partnership.created",
        partnership,
        actor=actor,
        proposal=proposal.reference,
        participants=[p.organization_id for p in confirmed],
        plan_tasks=len(plan.tasks),
    )
    notify(
        partnership_members(partnership),
        "partnerships.created",
        partnership=partnership,
        plan=plan,
    )
    return partnership


def _organization(organization_id: Any, country: Country, field_name: str) -> Organization:
    organization = db.session.get(Organization, int(organization_id or 0))
    if organization is None or organization.country != country:
        message = (
            _l("Choose a U.S. organization.")
            if country == Country.US
            else _l("Choose a Chinese organization.")
        )
        raise ServiceError(message, field=field_name)
    return organization


def _check_pilot_dates(starts_on: date, ends_on: date) -> None:
    if ends_on <= starts_on:
        raise ServiceError(_l("The pilot must end after it starts."), field="pilot_ends_on")


def create_partnership(data: dict[str, Any], *, actor: User) -> Partnership:
    """Record a partnership by hand: the history before the portal (2008–2017), or one whose
    proposal never went through it. Its plan and milestones, if any, are added afterwards."""
    us = _organization(data.get("us_organization_id"), Country.US, "us_organization_id")
    cn = _organization(data.get("cn_organization_id"), Country.CN, "cn_organization_id")
    lead_country = Country(data.get("lead_side") or "US")
    status = PartnershipStatus(data.get("status") or "active")
    starts_on: date = data["pilot_starts_on"]
    ends_on: date = data.get("pilot_ends_on") or clock.add_years(starts_on, PILOT_YEARS)
    _check_pilot_dates(starts_on, ends_on)
    signed_on: date | None = data.get("signed_on")
    if status == PartnershipStatus.GRADUATED and ends_on >= clock.today():
        raise ServiceError(
            _l("A partnership graduates after its pilot ends; record it as active."),
            field="status",
        )
    default_en, default_zh = partnership_names(us, cn)
    slug = (data.get("slug") or "").strip().lower()
    if slug:
        if not SLUG_PATTERN.match(slug) or len(slug) > 120:
            raise ServiceError(
                _l("Use lower-case letters, digits and hyphens only, e.g. 2011-utah-qinghai."),
                field="slug",
            )
        if db.session.scalar(select(Partnership.id).where(Partnership.slug == slug)):
            raise ServiceError(_l("Another partnership already has this address."), field="slug")
    else:
        slug = unique_slug(f"{data['cohort_year']} {us.name_en} {cn.name_en}")
    partnership = Partnership(
        slug=slug,
        cohort_year=int(data["cohort_year"]),
        name_en=(data.get("name_en") or "").strip() or default_en,
        name_zh=(data.get("name_zh") or "").strip() or default_zh,
        goal_en=(data.get("goal_en") or "").strip(),
        goal_zh=(data.get("goal_zh") or "").strip(),
        description_en=(data.get("description_en") or "").strip(),
        description_zh=(data.get("description_zh") or "").strip(),
        signed_on=signed_on,
        pilot_starts_on=starts_on,
        pilot_ends_on=ends_on,
        status=status,
        participants=[
            PartnershipParticipant(
                organization_id=org.id,
                role=ParticipantRole.LEAD
                if org.country == lead_country
                else ParticipantRole.PARTNER,
            )
            for org in (us, cn)
        ],
        focus_areas=[
            PartnershipFocusArea(focus_area=FocusArea(area))
            for area in sorted(set(data.get("focus_areas") or ()))
        ],
    )
    db.session.add(partnership)
    db.session.flush()
    record_event(
        "partnership.recorded",
        partnership,
        actor=actor,
        cohort_year=partnership.cohort_year,
        status=status,
        organizations=[us.id, cn.id],
    )
    return partnership


DETAIL_FIELDS = ("name_en", "name_zh", "goal_en", "goal_zh", "description_en", "description_zh")


def update_partnership(partnership: Partnership, data: dict[str, Any], *, actor: User) -> None:
    """Change a partnership's public description, signing date and pilot dates.

    New pilot dates must still hold every milestone; the slug (its public address) stays.
    """
    starts_on: date = data["pilot_starts_on"]
    ends_on: date = data["pilot_ends_on"]
    _check_pilot_dates(starts_on, ends_on)
    outside = [m for m in partnership.milestones if not starts_on <= m.due_on <= ends_on]
    if outside:
        raise ServiceError(
            _l(
                "Milestone %(number)s is due on %(date)s, outside these pilot dates. Amend the "
                "plan first.",
                number=f"{outside[0].pilot_year}.{outside[0].number}",
                date=outside[0].due_on.isoformat(),
            ),
            field="pilot_ends_on" if outside[0].due_on > ends_on else "pilot_starts_on",
        )
    values: dict[str, Any] = {name: (data.get(name) or "").strip() for name in DETAIL_FIELDS}
    if not values["name_en"]:
        raise ServiceError(_l("Enter the partnership's name in English."), field="name_en")
    values.update(signed_on=data.get("signed_on"), pilot_starts_on=starts_on, pilot_ends_on=ends_on)
    changes = {
        key: {"before": getattr(partnership, key), "after": value}
        for key, value in values.items()
        if getattr(partnership, key) != value
    }
    for key, value in values.items():
        setattr(partnership, key, value)
    wanted = {FocusArea(value) for value in data.get("focus_areas") or ()}
    current = {area.focus_area: area for area in partnership.focus_areas}
    if set(current) != wanted:
        changes["focus_areas"] = {"before": sorted(current), "after": sorted(wanted)}
        partnership.focus_areas = [
            current.get(area) or PartnershipFocusArea(focus_area=area) for area in sorted(wanted)
        ]
    db.session.flush()
    if changes:
        record_event("partnership.updated", partnership, actor=actor, changes=changes)


def _end(partnership: Partnership, target: PartnershipStatus, *, actor: User, reason: str) -> None:
    transition(
        partnership,
        target,
        refusal=lambda current: _l(
            "This partnership is already %(status)s.", status=current.label.lower()
        ),
    )
    partnership.status_reason = reason
    partnership.ended_on = clock.today()
    db.session.flush()
    record_event(f"partnership.{target}", partnership, actor=actor, reason=reason)
    notify(
        partnership_members(partnership),
        f"partnerships.{target}",
        partnership=partnership,
        reason=reason,
    )


def graduate_partnership(partnership: Partnership, *, actor: User, note: str = "") -> None:
    """A chair graduates a partnership once its three-year pilot has ended."""
    if (
        partnership.status == PartnershipStatus.ACTIVE
        and clock.today() <= partnership.pilot_ends_on
    ):
        raise ServiceError(
            _l(
                "The pilot runs until %(end)s; a partnership graduates after its pilot ends.",
                end=partnership.pilot_ends_on.isoformat(),
            )
        )
    _end(partnership, PartnershipStatus.GRADUATED, actor=actor, reason=note.strip())


def withdraw_partnership(partnership: Partnership, *, actor: User, reason: str) -> None:
    """A chair ends a partnership early, with the reason on record."""
    if not reason.strip():
        raise ServiceError(_l("Give the reason the partnership is withdrawn."), field="reason")
    _end(partnership, PartnershipStatus.WITHDRAWN, actor=actor, reason=reason.strip())
