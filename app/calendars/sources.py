"""Due-date sources of the personal calendar feed: each is a small function from a user to the
dates that user must act by.

A source returns `DueDate`s: a whole day, a stable UID (the same event keeps its UID when its
date moves, so a calendar program updates it rather than adding another), a summary and a link.
Sources are called inside the user's language (`app.calendars.feed.personal_calendar` forces
it), so their texts are translated with `_()` at call time. To add one, write a function of
this shape and append it to `DUE_DATE_SOURCES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import Role, User
from app.addresses import base_url
from app.extensions import db
from app.i18n import localized
from app.partnerships import queries as partnership_queries
from app.partnerships.models import ImplementationPlan, Partnership, PartnershipStatus, PlanState
from app.partnerships.schedule import (
    OPEN_MILESTONE_STATES,
    PLAN_APPROVAL_DAYS,
    PLAN_DRAFT_DAYS,
    update_due_on,
)
from app.reviews import queries as review_queries


@dataclass(frozen=True)
class DueDate:
    """One day something is due, as a calendar shows it."""

    uid: str  # stable: names the record and the kind of date, never the date itself
    on: date
    summary: str
    url: str  # absolute
    description: str = ""


DueDateSource = Callable[[User], Iterable[DueDate]]


def _link(endpoint: str, **values: Any) -> str:
    """An absolute address on the portal's public base (feeds are read by other programs)."""
    return base_url() + url_for(endpoint, **values)


def _name(partnership: Partnership) -> str:
    return localized(partnership, "name", str(get_locale()))


def _active_partnerships(user: User) -> list[Partnership]:
    return [
        p for p in partnership_queries.partnerships_of(user) if p.status == PartnershipStatus.ACTIVE
    ]


def plan_due_dates(user: User) -> Iterable[DueDate]:
    """The Implementation Plan of each active partnership of the user's, while the partners
    have it: the draft due (30 days after selection), or the approval due after a return."""
    for partnership in _active_partnerships(user):
        status = partnership_queries.plan_status(partnership)
        plan = status.plan
        if plan is None or status.due_on is None:
            continue
        if plan.state not in (PlanState.DRAFT, PlanState.RETURNED):
            continue
        yield DueDate(
            uid=f"partnership-{partnership.id}-plan-due",
            on=status.due_on,
            summary=_("Implementation Plan due: %(name)s", name=_name(partnership)),
            url=_link("partnerships.plan", partnership_id=partnership.id),
        )


def milestone_due_dates(user: User) -> Iterable[DueDate]:
    """Every open milestone of the user's active partnerships."""
    for partnership in _active_partnerships(user):
        for milestone in partnership.milestones:
            if milestone.status not in OPEN_MILESTONE_STATES:
                continue
            number = f"{milestone.pilot_year}.{milestone.number}"
            yield DueDate(
                uid=f"milestone-{milestone.id}-due",
                on=milestone.due_on,
                summary=_(
                    "Milestone %(number)s due: %(title)s (%(name)s)",
                    number=number,
                    title=localized(milestone, "title", str(get_locale())),
                    name=_name(partnership),
                ),
                url=_link(
                    "partnerships.milestone",
                    partnership_id=partnership.id,
                    milestone_id=milestone.id,
                ),
                description=milestone.target,
            )


def update_due_dates(user: User) -> Iterable[DueDate]:
    """The next public progress update of each active partnership (six months after the last)."""
    for partnership in _active_partnerships(user):
        due = update_due_on(partnership, partnership_queries.last_public_update_at(partnership))
        yield DueDate(
            uid=f"partnership-{partnership.id}-update-due",
            on=due,
            summary=_("Progress update due: %(name)s", name=_name(partnership)),
            url=_link("updates.create", partnership_id=partnership.id),
        )


def plans_awaiting_approval(user: User) -> Iterable[DueDate]:
    """For a chair: every submitted plan version, by the day it is to be finalized (a first
    plan's 60-day deadline; an amendment, 30 days after it was sent)."""
    if not user.has_role(Role.CHAIR):
        return
    plans = db.session.scalars(
        select(ImplementationPlan)
        .join(Partnership)
        .where(
            ImplementationPlan.state == PlanState.SUBMITTED,
            Partnership.status == PartnershipStatus.ACTIVE,
        )
        .options(selectinload(ImplementationPlan.partnership))
        .order_by(ImplementationPlan.id)
    )
    for plan in plans:
        assert plan.submitted_at is not None  # a submitted version has its time
        due = plan.approval_due_on or plan.submitted_at.date() + timedelta(
            days=PLAN_APPROVAL_DAYS - PLAN_DRAFT_DAYS
        )
        yield DueDate(
            uid=f"plan-{plan.id}-approval-due",
            on=due,
            summary=_(
                "Plan to approve: %(name)s, version %(n)d",
                name=_name(plan.partnership),
                n=plan.version_number,
            ),
            url=_link(
                "partnerships.review_plan",
                partnership_id=plan.partnership_id,
                version_number=plan.version_number,
            ),
        )


def review_due_dates(user: User) -> Iterable[DueDate]:
    """For a reviewer: each review still to write, by the day it is due in their time zone."""
    if not user.has_role(Role.REVIEWER):
        return
    zone = ZoneInfo(user.time_zone)
    for assignment in review_queries.open_reviews_with_due_dates(reviewer=user):
        due = assignment.effective_due_at
        assert due is not None  # the query keeps only reviews with a due date
        proposal = assignment.proposal
        yield DueDate(
            uid=f"assignment-{assignment.id}-review-due",
            on=due.astimezone(zone).date(),
            summary=_("Review due: %(reference)s", reference=proposal.reference or ""),
            url=_link("reviews.review", assignment_id=assignment.id),
        )


# The feed's sources, in order.
DUE_DATE_SOURCES: list[DueDateSource] = [
    plan_due_dates,
    milestone_due_dates,
    update_due_dates,
    plans_awaiting_approval,
    review_due_dates,
]


def due_dates(user: User, sources: Iterable[DueDateSource] = DUE_DATE_SOURCES) -> list[DueDate]:
    """Everything `user` must act by, from every source, soonest first."""
    found = [item for source in sources for item in source(user)]
    return sorted(found, key=lambda item: (item.on, item.uid))
