"""Reminders: what `send-reminders` queues, on which day, and never twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from app import clock
from app.accounts.models import Role
from app.extensions import db
from app.notifications.models import Notification
from app.partnerships import plans, reminders
from app.partnerships.models import PlanState, Reminder
from app.updates.models import UpdateState
from tests.factories import make_user
from tests.partnerships.factories import make_milestone, make_partnership, make_plan, make_update


def _on(day: date):  # type: ignore[no-untyped-def]
    return clock.frozen_at(datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=9))


def _subjects(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(
            select(Notification.subject)
            .where(Notification.recipient_id == user.id)
            .order_by(Notification.id)
        )
    )


def _mine(run: reminders.ReminderRun, kind: str) -> int:
    return run.reminders.get(kind, 0)


def test_the_draft_plan_is_reminded_a_week_before_and_once_when_overdue() -> None:
    member = make_user()
    with _on(date(2026, 8, 1)):
        partnership = make_partnership(member)
        make_plan(partnership)  # draft due 31 August
        make_update(partnership, state=UpdateState.PUBLISHED)  # no update reminder in the way
    with _on(date(2026, 8, 23)):
        assert _mine(reminders.send_reminders(), "plan_due") == 0
    with _on(date(2026, 8, 24)):
        assert _mine(reminders.send_reminders(), "plan_due") == 1
        assert _mine(reminders.send_reminders(), "plan_due") == 0  # the next hourly run
    with _on(date(2026, 8, 31)):
        assert reminders.send_reminders().reminders == {}
    with _on(date(2026, 9, 1)):
        assert _mine(reminders.send_reminders(), "plan_overdue") == 1
    with _on(date(2026, 9, 20)):
        assert reminders.send_reminders().reminders == {}
    assert _subjects(member) == [
        "Reminder: Implementation Plan due August 31, 2026",
        f"Overdue: Implementation Plan of {partnership.name_en}",
    ]


def test_the_chairs_are_reminded_of_a_plan_waiting_for_approval() -> None:
    member, chair = make_user(), make_user(Role.CHAIR)
    with _on(date(2026, 8, 1)):
        partnership = make_partnership(member)
        plan = make_plan(partnership)
        make_update(partnership, state=UpdateState.PUBLISHED)
    with _on(date(2026, 8, 20)):
        plans.submit_plan(plan, actor=member)
    with _on(date(2026, 9, 22)):
        assert reminders.send_reminders().reminders == {}
    with _on(date(2026, 9, 23)):  # approval due 30 September
        assert _mine(reminders.send_reminders(), "plan_approval_due") == 1
        assert reminders.send_reminders().reminders == {}
    assert any("approve the Implementation Plan" in s for s in _subjects(chair))
    assert plan.state == PlanState.SUBMITTED


def test_a_milestone_due_within_14_days_is_reminded_once_per_due_date() -> None:
    member = make_user()
    with _on(date(2026, 1, 1)):
        partnership = make_partnership(member)
        make_plan(partnership, state=PlanState.APPROVED)
        make_update(partnership, state=UpdateState.PUBLISHED)
    milestone = make_milestone(partnership, due_on=date(2026, 3, 31))
    make_milestone(partnership, due_on=date(2026, 3, 31), status="done", evidence="done")
    with _on(date(2026, 3, 16)):
        assert reminders.send_reminders().reminders == {}
    with _on(date(2026, 3, 17)):
        assert reminders.send_reminders().reminders == {"milestone_due": 1}
    with _on(date(2026, 3, 18)):
        assert reminders.send_reminders().reminders == {}
    # An amendment moves the date: the new due date is a new reminder.
    milestone.due_on = date(2026, 4, 10)
    with _on(date(2026, 3, 30)):
        assert reminders.send_reminders().reminders == {"milestone_due": 1}
    assert (
        db.session.scalar(select(func.count(Reminder.id)).where(Reminder.kind == "milestone_due"))
        == 2
    )
    assert sum("milestone 1.1" in s for s in _subjects(member)) == 2


def test_an_update_is_due_six_months_after_the_last_published_one() -> None:
    member = make_user()
    with _on(date(2026, 1, 15)):
        partnership = make_partnership(member)
        make_plan(partnership, state=PlanState.APPROVED)
    make_update(
        partnership, state=UpdateState.PUBLISHED, published_at=datetime(2026, 3, 31, 9, tzinfo=UTC)
    )
    with _on(date(2026, 9, 15)):
        assert reminders.send_reminders().reminders == {}
    with _on(date(2026, 9, 16)):  # due 30 September, 14 days ahead
        assert reminders.send_reminders().reminders == {"update_due": 1}
    with _on(date(2026, 10, 20)):  # overdue now, but that due date was reminded already
        assert reminders.send_reminders().reminders == {}
    assert _subjects(member) == [
        f"Reminder: a progress update of {partnership.name_en} is due September 30, 2026"
    ]


def test_withdrawn_and_graduated_partnerships_get_no_reminders() -> None:
    with _on(date(2026, 8, 1)):
        partnership = make_partnership(make_user())
        make_plan(partnership)
    partnership.status = "withdrawn"
    partnership.ended_on = date(2026, 8, 2)
    with _on(date(2026, 12, 1)):
        assert reminders.send_reminders().reminders == {}


def test_the_command_is_safe_to_run_every_hour(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    with _on(date(2026, 8, 1)):
        partnership = make_partnership(member)
        make_plan(partnership)
    runner = app.test_cli_runner()
    with _on(date(2026, 8, 25)):
        first = runner.invoke(args=["send-reminders"])
        second = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0 and "plan_due: 1" in first.output, first.output
    assert second.exit_code == 0 and "No reminders due." in second.output
    assert len(_subjects(member)) == 1
