"""The daily digest: a reader's choice on the profile; non-urgent notices wait for one mail a
day in the reader's language, urgent ones never wait."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask.testing import FlaskClient
from sqlalchemy import select

from app import clock
from app.accounts.models import Language, User
from app.extensions import db
from app.notifications.delivery import deliver_due
from app.notifications.digest import send_digests
from app.notifications.kinds import DIGESTIBLE_KINDS
from app.notifications.models import Notification, NotificationState
from app.notifications.services import queue_mail
from tests.conftest import sign_in
from tests.factories import make_user
from tests.partnerships.factories import make_partnership

MORNING = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _reminder(user: User) -> Notification:
    partnership = make_partnership(user)
    return queue_mail(
        "partnerships.reminder_update_due",
        to=user,
        partnership=partnership,
        due_on=date(2027, 3, 10),
        is_overdue=False,
    )


def _mail_of(user: User) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user.id)
            .order_by(Notification.id)
        )
    )


def test_the_reader_chooses_the_digest_on_the_profile(client: FlaskClient) -> None:
    user = make_user()
    sign_in(client, user)
    assert "daily digest" in client.get("/account").get_data(as_text=True)
    form = {
        "display_name": "Li Na",
        "language": "en",
        "time_zone": "Asia/Shanghai",
        "notices": "digest",
    }
    assert client.post("/account", data=form).status_code == 302
    db.session.refresh(user)
    assert user.daily_digest is True
    assert 'checked class="usa-radio__input" id="notices-1"' in client.get("/account").get_data(
        as_text=True
    )


def test_a_digest_reader_gets_non_urgent_notices_in_one_daily_mail_in_their_language() -> None:
    reader = make_user(language=Language.ZH, daily_digest=True)
    with clock.frozen_at(MORNING):
        first, second = _reminder(reader), _reminder(reader)
        urgent = queue_mail("accounts.reset_password", to=reader, token="r3set")
        db.session.commit()
        assert first.state == second.state == NotificationState.HELD
        assert urgent.state == NotificationState.QUEUED  # a password reset never waits
        assert deliver_due().sent == 1

    with clock.frozen_at(MORNING.replace(hour=23)):
        run = send_digests()
        assert (run.digests, run.notices) == (1, 2)
        assert send_digests().digests == 0  # a second run finds nothing left to include
        assert deliver_due().sent == 1

    mails = _mail_of(reader)
    (digest,) = [mail for mail in mails if mail.kind == "notifications.digest"]
    assert digest.state == NotificationState.SENT
    assert digest.subject == "每日汇总：2 条通知"
    assert first.subject in digest.body_text and second.subject in digest.body_text
    for notice in (first, second):
        db.session.refresh(notice)
        assert notice.state == NotificationState.DIGESTED and notice.digest_id == digest.id


def test_a_reader_who_chose_nothing_gets_each_notice_at_once() -> None:
    reader = make_user()
    with clock.frozen_at(MORNING):
        notice = _reminder(reader)
        db.session.commit()
    assert notice.state == NotificationState.QUEUED
    assert send_digests().digests == 0


def test_only_the_listed_kinds_wait_for_the_digest() -> None:
    reader = make_user(daily_digest=True)
    for kind in ("accounts.confirm_email", "accounts.reset_password"):
        assert kind not in DIGESTIBLE_KINDS
        assert queue_mail(kind, to=reader, token="x").state == NotificationState.QUEUED
    assert _reminder(reader).state == NotificationState.HELD
