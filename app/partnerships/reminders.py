"""``send-reminders``: the reminders due today for every active partnership, each sent once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import clock
from app.accounts.appointments import active_chairs
from app.accounts.models import User
from app.extensions import db
from app.notifications.services import queue_mail
from app.partnerships.models import (
    Partnership,
    PartnershipStatus,
    PlanState,
    Reminder,
)
from app.partnerships.queries import (
    last_public_update_at,
    partnership_members,
    plan_status,
)
from app.partnerships.schedule import (
    MILESTONE_REMINDER_DAYS,
    OPEN_MILESTONE_STATES,
    PLAN_REMINDER_DAYS,
    UPDATE_REMINDER_DAYS,
    update_due_on,
)


@dataclass
class ReminderRun:
    """What one run of ``send-reminders`` queued, by kind of reminder."""

    reminders: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages: int = 0

    def describe(self) -> str:
        """One line for the command line."""
        if not self.reminders:
            return "No reminders due."
        kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(self.reminders.items()))
        total = sum(self.reminders.values())
        return f"Queued {total} reminder(s) ({kinds}), {self.messages} message(s)."


def claim_reminder(kind: str, record: Any, period: str, recipients: int) -> bool:
    """Record that the reminder (kind, record, period) is being sent; False when it already was.

    The Reminder row is inserted in a savepoint first: a second run (even a concurrent one)
    hits the unique key and sends nothing. Every module's reminders are kept once this way.
    """
    key = {
        "kind": kind,
        "record_type": type(record).__tablename__,
        "record_id": record.id,
        "period": period,
    }
    if db.session.scalar(select(Reminder.id).filter_by(**key)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(Reminder(**key, recipients=recipients, sent_at=clock.now()))
    except IntegrityError:
        return False
    return True


def _remind(
    run: ReminderRun,
    kind: str,
    record: Any,
    period: str,
    recipients: Sequence[User],
    **context: Any,
) -> None:
    """Queue one reminder unless its (kind, record, period) was already sent."""
    if not claim_reminder(kind, record, period, len(recipients)):
        return
    for user in recipients:
        queue_mail(f"partnerships.reminder_{kind}", to=user, **context)
    run.reminders[kind] += 1
    run.messages += len(recipients)


def send_reminders(on: date | None = None) -> ReminderRun:
    """Queue the reminders due today for every active partnership, each at most once:

    - plan draft due within 7 days (and once more when overdue), to the members;
    - plan approval due within 7 days, to the chairs;
    - a milestone due within 14 days, to the members;
    - a public update due within 14 days (6 months after the last one), to the members.

    Safe to run every hour: what was sent is recorded in `Reminder`.
    """
    on = on or clock.today()
    run = ReminderRun()
    partnerships = db.session.scalars(
        select(Partnership)
        .where(Partnership.status == PartnershipStatus.ACTIVE)
        .options(selectinload(Partnership.plans), selectinload(Partnership.milestones))
        .order_by(Partnership.id)
    ).all()
    chair_list: list[User] | None = None
    for partnership in partnerships:
        members = partnership_members(partnership)
        status = plan_status(partnership, on)
        plan, due = status.plan, status.due_on
        if plan is not None and due is not None:
            context = {"partnership": partnership, "plan": plan, "due_on": due}
            if plan.state == PlanState.SUBMITTED:
                if on >= due - timedelta(days=PLAN_REMINDER_DAYS):
                    chair_list = active_chairs() if chair_list is None else chair_list
                    _remind(run, "plan_approval_due", plan, due.isoformat(), chair_list, **context)
            elif on > due:
                _remind(run, "plan_overdue", plan, due.isoformat(), members, **context)
            elif on >= due - timedelta(days=PLAN_REMINDER_DAYS):
                _remind(run, "plan_due", plan, due.isoformat(), members, **context)
        horizon = on + timedelta(days=MILESTONE_REMINDER_DAYS)
        for milestone in partnership.milestones:
            if milestone.status in OPEN_MILESTONE_STATES and on <= milestone.due_on <= horizon:
                _remind(
                    run,
                    "milestone_due",
                    milestone,
                    milestone.due_on.isoformat(),
                    members,
                    partnership=partnership,
                    milestone=milestone,
                )
        due = update_due_on(partnership, last_public_update_at(partnership))
        if on >= due - timedelta(days=UPDATE_REMINDER_DAYS):
            _remind(
                run,
                "update_due",
                partnership,
                due.isoformat(),
                members,
                partnership=partnership,
                due_on=due,
                is_overdue=on >= due,
            )
    run.reminders = dict(run.reminders)
    db.session.flush()
    return run
