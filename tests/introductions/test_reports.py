"""Reporting a request as abuse, the chairs' and administrators' queue, dismissing a report and
blocking the sender."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts.models import Role, Side
from app.audit.models import Event
from app.errors import ServiceError
from app.introductions import operations
from app.introductions.models import IntroductionState, ReportOutcome
from app.organizations.models import Country
from tests.conftest import sign_in
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_introduction, make_pair


def test_reporting_a_pending_request_declines_it_and_puts_it_in_the_queue(
    client: FlaskClient,
) -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us, message="Buy our <b>pills</b>")
    operations.report_introduction(introduction, "Spam.", actor=pair.us_member)
    assert introduction.state == IntroductionState.DECLINED and introduction.report_is_open
    chair = make_user(Role.CHAIR, Role.REVIEWER, side=Side.CN)
    sign_in(client, chair)
    page = client.get("/secretariat/introductions/reported").get_data(as_text=True)
    assert "Buy our &lt;b&gt;pills&lt;/b&gt;" in page and "<b>pills" not in page
    assert "Spam." in page
    assert pair.cn_member.email not in page and pair.us_member.email not in page


def test_a_request_is_reported_once_and_only_by_the_receiving_side() -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    with pytest.raises(ServiceError):
        operations.report_introduction(introduction, "Spam.", actor=pair.cn_member)
    with pytest.raises(ServiceError) as empty:
        operations.report_introduction(introduction, " ", actor=pair.us_member)
    assert empty.value.field == "reason"
    operations.report_introduction(introduction, "Spam.", actor=pair.us_member)
    with pytest.raises(ServiceError, match="already been reported"):
        operations.report_introduction(introduction, "Again.", actor=pair.us_member)


def test_a_dismissed_report_leaves_the_queue(client: FlaskClient) -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    operations.report_introduction(introduction, "Not sure.", actor=pair.us_member)
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    response = client.post(f"/secretariat/introductions/{introduction.id}/dismiss")
    assert response.status_code == 302
    assert introduction.report_outcome == ReportOutcome.DISMISSED
    page = client.get("/secretariat/introductions/reported").get_data(as_text=True)
    assert "No report is waiting." in page
    with pytest.raises(ServiceError, match="already been settled"):
        operations.block_sender(introduction, actor=admin)


def test_a_blocked_sender_sends_no_further_request_and_their_waiting_ones_are_withdrawn(
    client: FlaskClient,
) -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    elsewhere = make_organization(make_user(), country=Country.US)
    waiting = make_introduction(pair.cn, elsewhere)
    operations.report_introduction(introduction, "Abusive.", actor=pair.us_member)
    chair = make_user(Role.CHAIR, Role.REVIEWER, side=Side.US)
    sign_in(client, chair)
    assert client.post(f"/secretariat/introductions/{introduction.id}/block").status_code == 302
    assert introduction.report_outcome == ReportOutcome.SENDER_BLOCKED
    assert waiting.state == IntroductionState.WITHDRAWN
    third = make_organization(make_user(), country=Country.US)
    with pytest.raises(ServiceError) as refused:
        operations.request_introduction(pair.cn, third, "Hello", actor=pair.cn_member)
    assert refused.value.field == "message" and "blocked" in refused.value.message
    actions = set(db_actions())
    assert {"introduction.reported", "introduction.sender_blocked"} <= actions


def test_the_queue_is_for_chairs_and_administrators_only(client: FlaskClient) -> None:
    pair = make_pair()
    sign_in(client, pair.us_member)
    assert client.get("/secretariat/introductions/reported").status_code == 403


def db_actions() -> list[str]:
    from app.extensions import db

    return list(db.session.scalars(select(Event.action)))
