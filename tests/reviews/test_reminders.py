"""Review reminders: a week and a day before the due date to the reviewer, then an overdue
notice to the reviewer and the chairs; each once, and only for reviews still to write."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import Flask
from sqlalchemy import select

from app import clock
from app.accounts.models import Language
from app.extensions import db
from app.notifications.models import Notification
from app.reviews import reminders
from app.reviews.models import AssignmentState
from app.reviews.reminders import send_review_reminders
from tests.reviews.factories import Review, make_assignment, make_review

CLOSES_AT = datetime(2027, 6, 1, 15, 59, tzinfo=UTC)
# 11:59 p.m. in Beijing, 11:59 a.m. in Washington (EDT).
REVIEWS_DUE = datetime(2027, 7, 15, 15, 59, tzinfo=UTC)


def _on(day: date):  # type: ignore[no-untyped-def]
    return clock.frozen_at(datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=9))


def _call() -> Review:
    review = make_review(closes_at=CLOSES_AT, review_deadline=REVIEWS_DUE)
    review.chair_cn.language = Language.ZH
    db.session.flush()
    return review


def _mail(user) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user.id)
            .order_by(Notification.id)
        )
    )


def _subjects(user) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.subject for n in _mail(user)]


def test_the_windows() -> None:
    assert [reminders.reminder_due(days) for days in (9, 8, 7, 2, 1, 0, -1, -30)] == [
        None,
        None,
        "review_due_week",
        "review_due_week",
        "review_due_day",
        "review_due_day",
        "review_overdue",
        "review_overdue",
    ]


def test_a_week_before_a_day_before_then_overdue_to_the_reviewer_and_the_chairs() -> None:
    review = _call()
    proposal = review.proposals[0]
    reviewer = review.us[0]
    make_assignment(proposal, reviewer)
    ref = proposal.reference
    with _on(date(2027, 7, 7)):  # 8 days before
        assert send_review_reminders().reminders == {}
    with _on(date(2027, 7, 8)):  # 7 days before
        assert send_review_reminders().reminders == {"review_due_week": 1}
        assert send_review_reminders().reminders == {}  # the next hourly run: nothing again
    with _on(date(2027, 7, 12)):
        assert send_review_reminders().reminders == {}
    with _on(date(2027, 7, 14)):  # 1 day before
        assert send_review_reminders().reminders == {"review_due_day": 1}
    with _on(date(2027, 7, 15)):  # the due day: the day's reminder went already
        assert send_review_reminders().reminders == {}
    with _on(date(2027, 7, 16)):  # after it
        run = send_review_reminders()
        assert run.reminders == {"review_overdue": 1}
        assert run.messages == 3  # the reviewer and both chairs
        assert send_review_reminders().reminders == {}
    with _on(date(2027, 8, 1)):
        assert send_review_reminders().reminders == {}

    assert _subjects(reviewer) == [
        f"Reminder: your review of {ref} is due in 7 days",
        f"Reminder: your review of {ref} is due tomorrow",
        f"Overdue: your review of {ref}",
    ]
    body = _mail(reviewer)[0].body_text.replace("\u202f", " ")
    assert "Washington: Jul 15, 2027, 11:59:00 AM Eastern Daylight Time" in body
    assert "Beijing: Jul 15, 2027, 11:59:00 PM China Standard Time" in body
    assert "/review/assignments/" in body
    # Each chair is told once, in their own language.
    assert _subjects(review.chair_us) == [f"Overdue: US Reviewer 1's review of {ref}"]
    (chinese,) = _mail(review.chair_cn)
    assert ref in chinese.subject and "逾期" in chinese.subject
    assert "2027年7月15日 23:59:00 中国标准时间" in chinese.body_text


def test_an_assignments_own_due_date_replaces_the_calls() -> None:
    review = _call()
    own = REVIEWS_DUE + timedelta(days=10)
    make_assignment(review.proposals[0], review.us[0], due_at=own)
    with _on(date(2027, 7, 8)):
        assert send_review_reminders().reminders == {}
    with _on(date(2027, 7, 18)):
        assert send_review_reminders().reminders == {"review_due_week": 1}
    with _on(date(2027, 7, 16)):  # not overdue: its own date is later than the call's
        assert send_review_reminders().reminders == {}


def test_no_reminder_for_a_review_submitted_declined_or_recused() -> None:
    review = _call()
    make_assignment(review.proposals[0], review.us[0], scores=[4] * 5, submitted=True)
    make_assignment(review.proposals[1], review.us[0], declined="On mission abroad.")
    recused = make_assignment(review.proposals[2], review.us[0])
    recused.state = AssignmentState.RECUSED
    recused.recusal_reason = "Co-author."
    db.session.flush()
    for day in (date(2027, 7, 8), date(2027, 7, 14), date(2027, 7, 16)):
        with _on(day):
            assert send_review_reminders().reminders == {}
    assert _mail(review.us[0]) == []


def test_no_reminder_without_a_due_date() -> None:
    review = make_review(closes_at=CLOSES_AT)
    make_assignment(review.proposals[0], review.us[0])
    with _on(date(2027, 7, 16)):
        assert send_review_reminders().reminders == {}


def test_a_chair_in_conflict_with_the_proposal_is_not_told() -> None:
    from app.reviews import conflicts

    review = _call()
    proposal = review.proposals[0]
    make_assignment(proposal, review.us[0])
    conflicts.declare_conflict(
        review.chair_cn, proposal.lead_organization, "Adviser.", actor=review.chair_cn
    )
    with _on(date(2027, 7, 16)):
        assert send_review_reminders().messages == 2
    assert _mail(review.chair_cn) == []


def test_send_reminders_command_sends_the_review_reminders_too(app: Flask) -> None:
    review = _call()
    make_assignment(review.proposals[0], review.us[0])
    db.session.commit()  # into the test's transaction, as the command commits its own
    with _on(date(2027, 7, 8)):
        result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Reviews: Queued 1 reminder(s) (review_due_week: 1), 1 message(s)." in result.output
    assert len(_mail(review.us[0])) == 1
