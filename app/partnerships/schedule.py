"""The program's calendar, as pure rules on loaded records: a pilot lasts three years, a draft
plan is due 30 days after selection and approved within 60, a public update is due at least every
6 months, a milestone is overdue once open past its date, a pilot that ended waits to graduate.

No queries here: pages, the dashboard, the PDFs and ``send-reminders`` pass in what they read, so
they never disagree about a date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app import clock
from app.partnerships.models import (
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipStatus,
)

PILOT_YEARS = 3
PLAN_DRAFT_DAYS = 30  # a draft Implementation Plan within 30 days of selection
PLAN_APPROVAL_DAYS = 60  # finalized with the Secretariat within 60 days
UPDATE_INTERVAL_MONTHS = 6  # a public progress update at least every 6 months
MILESTONE_REMINDER_DAYS = 14
UPDATE_REMINDER_DAYS = 14
PLAN_REMINDER_DAYS = 7

OPEN_MILESTONE_STATES = frozenset(
    {MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.DELAYED}
)


def plan_deadlines(selected_on: date) -> tuple[date, date]:
    """When a first plan is due: drafted within 30 days of selection, approved within 60."""
    return (
        selected_on + timedelta(days=PLAN_DRAFT_DAYS),
        selected_on + timedelta(days=PLAN_APPROVAL_DAYS),
    )


def pilot_year_bounds(partnership: Partnership, year: int) -> tuple[date, date]:
    """First and last day of pilot year `year` (1–3); the last year ends with the pilot."""
    start = clock.add_years(partnership.pilot_starts_on, year - 1)
    if year >= PILOT_YEARS:
        return start, partnership.pilot_ends_on
    end = clock.add_years(partnership.pilot_starts_on, year) - timedelta(days=1)
    return start, min(end, partnership.pilot_ends_on)


def current_pilot_year(partnership: Partnership, on: date | None = None) -> int | None:
    """Which pilot year `on` (default today) falls in, or None before or after the pilot."""
    on = on or clock.today()
    if not partnership.pilot_starts_on <= on <= partnership.pilot_ends_on:
        return None
    for year in range(1, PILOT_YEARS + 1):
        if on <= pilot_year_bounds(partnership, year)[1]:
            return year
    return PILOT_YEARS


def is_overdue(milestone: Milestone, on: date | None = None) -> bool:
    """A milestone still open after its due date."""
    return milestone.status in OPEN_MILESTONE_STATES and milestone.due_on < (on or clock.today())


def update_due_on(partnership: Partnership, last_published: datetime | None) -> date:
    """Six months after the last published public update (or after the pilot began)."""
    since = last_published.date() if last_published else partnership.pilot_starts_on
    return clock.add_months(since, UPDATE_INTERVAL_MONTHS)


def is_silent(
    partnership: Partnership, last_published: datetime | None, on: date | None = None
) -> bool:
    """An active partnership with no published public update for 6 months."""
    return partnership.status == PartnershipStatus.ACTIVE and (
        on or clock.today()
    ) >= update_due_on(partnership, last_published)


def is_graduation_due(partnership: Partnership, on: date | None = None) -> bool:
    """An active partnership whose pilot has ended waits for a chair to graduate it."""
    return partnership.status == PartnershipStatus.ACTIVE and (on or clock.today()) > (
        partnership.pilot_ends_on
    )


def graduation_year(partnership: Partnership) -> int | None:
    """The year a graduated partnership graduated: the day a chair graduated it, or, for
    history loaded without one, the year its pilot ended."""
    if partnership.status != PartnershipStatus.GRADUATED:
        return None
    return (partnership.ended_on or partnership.pilot_ends_on).year
