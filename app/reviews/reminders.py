"""Reminders of reviews due: to the reviewer a week and a day before the due date, and once it
has passed an overdue notice to the reviewer and to the chairs. Each is sent once per
assignment and due date (the `Reminder` key the partnerships' reminders use), so the periodic
job may run every hour, on several machines at once; a new due date is a new round."""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from app import clock
from app.accounts.appointments import active_chairs
from app.extensions import db
from app.notifications.services import queue_mail
from app.partnerships.reminders import ReminderRun, claim_reminder
from app.reviews.models import ReviewAssignment
from app.reviews.policy import conflict_pairs
from app.reviews.queries import open_reviews_with_due_dates

# Days before the due date (UTC) from which each reminder goes: the week's from 7 days
# before until the day's takes over at 1 day before; the overdue notice from the day after.
WEEK_BEFORE = 7
DAY_BEFORE = 1


def reminder_due(days_left: int) -> str | None:
    """Which reminder is due with `days_left` days to the due date, if any: ``review_due_week``,
    ``review_due_day`` or ``review_overdue`` (negative: the due date has passed)."""
    if days_left < 0:
        return "review_overdue"
    if days_left <= DAY_BEFORE:
        return "review_due_day"
    if days_left <= WEEK_BEFORE:
        return "review_due_week"
    return None


def send_review_reminders(on: date | None = None) -> ReminderRun:
    """Queue the review reminders due on `on` (today by default), each at most once.

    Only reviews still to write count (not submitted, recused or declined), on eligible
    proposals of calls under review, with a due date (`ReviewAssignment.effective_due_at`).
    The overdue notice goes to the reviewer and to every active chair but the reviewer and
    those in conflict with the proposal.
    """
    on = on or clock.today()
    run = ReminderRun()
    due: list[tuple[ReviewAssignment, str, date]] = []
    for assignment in open_reviews_with_due_dates():
        due_at = assignment.effective_due_at
        if due_at is None:  # not kept by the query; here for the type checker
            continue
        due_on = due_at.astimezone(UTC).date()
        kind = reminder_due((due_on - on).days)
        if kind is not None:
            due.append((assignment, kind, due_on))
    overdue = [a.proposal for a, kind, _ in due if kind == "review_overdue"]
    chairs = active_chairs() if overdue else []
    conflicted = conflict_pairs(chairs, overdue) if overdue else set()
    for assignment, kind, due_on in due:
        told = [
            chair
            for chair in chairs
            if kind == "review_overdue"
            and chair.id != assignment.reviewer_id
            and (chair.id, assignment.proposal_id) not in conflicted
        ]
        if not claim_reminder(kind, assignment, due_on.isoformat(), 1 + len(told)):
            continue
        context: dict[str, Any] = {
            "assignment": assignment,
            "proposal": assignment.proposal,
            "due_at": assignment.effective_due_at,
        }
        if kind == "review_overdue":
            queue_mail("reviews.review_overdue", to=assignment.reviewer, **context)
            for chair in told:
                queue_mail(
                    "reviews.review_overdue_to_chairs",
                    to=chair,
                    reviewer=assignment.reviewer,
                    **context,
                )
        else:
            queue_mail(
                "reviews.review_due",
                to=assignment.reviewer,
                days_left=(due_on - on).days,
                **context,
            )
        run.reminders[kind] += 1
        run.messages += 1 + len(told)
    run.reminders = dict(run.reminders)
    db.session.flush()
    return run
