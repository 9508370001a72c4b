"""Review due dates: the call's review deadline (after the deadline for proposals), a review's
own date set by the chairs, shown in the mail, the workspace and the chairs' pages in the
reader's zone and both capitals'; overdue reviews flagged on the ranking."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app import clock
from app.accounts.models import Language
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.reviews import assignment as review_assignment
from app.solicitations import services as solicitation_services
from tests.reviews.factories import Review, events, make_assignment, make_review

CLOSES_AT = datetime(2027, 6, 1, 15, 59, tzinfo=UTC)
REVIEWS_DUE = datetime(2027, 7, 15, 15, 59, tzinfo=UTC)  # 11:59 p.m. Beijing, 11:59 a.m. EDT
NOW = datetime(2027, 6, 20, 9, 0, tzinfo=UTC)

WASHINGTON = "Jul 15, 2027, 11:59:00 AM Eastern Daylight Time"
BEIJING = "Jul 15, 2027, 11:59:00 PM China Standard Time"


@pytest.fixture(autouse=True)
def frozen_now():  # type: ignore[no-untyped-def]
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def call() -> Review:
    return make_review(closes_at=CLOSES_AT, review_deadline=REVIEWS_DUE)


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    html = response.get_data(as_text=True)
    html = html[html.find("<main") : html.find("</main>")]
    text = re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").replace("&#39;", "'")
    return re.sub(r"\s+", " ", text)


def test_the_assignment_mail_gives_the_due_date_in_both_capitals(call: Review) -> None:
    call.us[0].time_zone = "Europe/Berlin"
    review_assignment.assign_reviewer(call.proposals[0], call.us[0], actor=call.chair_us)
    call.cn[0].language = Language.ZH
    review_assignment.assign_reviewer(call.proposals[0], call.cn[0], actor=call.chair_us)
    english, chinese = db.session.scalars(
        select(Notification)
        .where(Notification.kind == "reviews.assigned")
        .order_by(Notification.id)
    )
    body = english.body_text.replace("\u202f", " ")
    assert "Your reviews are due:" in body
    assert f"Washington: {WASHINGTON}" in body and f"Beijing: {BEIJING}" in body
    assert "Your time zone (Europe/Berlin): Jul 15, 2027, 5:59:00 PM" in body
    assert "2027年7月15日 23:59:00 中国标准时间" in chinese.body_text
    assert "2027年7月15日 11:59:00 北美东部夏令时间" in chinese.body_text
    assert "Your reviews are due:" not in chinese.body_text


def test_the_workspace_and_the_review_page_show_the_due_date(
    client: FlaskClient, login, call: Review
) -> None:  # type: ignore[no-untyped-def]
    own = datetime(2027, 7, 1, 3, 0, tzinfo=UTC)  # 11 a.m. in Beijing, 11 p.m. (30 June) EDT
    first = make_assignment(call.proposals[0], call.cn[0])
    make_assignment(call.proposals[1], call.cn[0], due_at=own)
    call.cn[0].time_zone = "Asia/Shanghai"
    login(call.cn[0])
    index = text_of(client.get("/review/"))
    assert f"Washington: {WASHINGTON} · Beijing: {BEIJING} (your time zone)" in index
    assert "Beijing: Jul 1, 2027, 11:00:00 AM China Standard Time (your time zone)" in index
    assert "Washington: Jun 30, 2027, 11:00:00 PM Eastern Daylight Time" in index
    page = text_of(client.get(f"/review/assignments/{first.id}"))
    assert f"Due: Washington: {WASHINGTON} · Beijing: {BEIJING}" in page

    call.cn[0].language = Language.ZH
    db.session.commit()
    page = text_of(client.get(f"/review/assignments/{first.id}"))
    assert "2027年7月15日 23:59:00 中国标准时间" in page


def test_chairs_see_and_set_a_reviews_own_due_date(
    client: FlaskClient, login, call: Review
) -> None:  # type: ignore[no-untyped-def]
    assignment = make_assignment(call.proposals[0], call.us[0])
    login(call.chair_us)
    url = f"/secretariat/review/{call.solicitation.id}/assignments"
    page = text_of(client.get(url))
    assert f"Reviews due: Washington: {WASHINGTON} (your time zone) · Beijing: {BEIJING}" in page
    assert "(the call's review deadline)" in page

    response = client.post(
        f"/secretariat/review/assignments/{assignment.id}/due",
        data={
            f"a{assignment.id}-due_at": "2027-07-31T12:00",
            f"a{assignment.id}-due_at_zone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 302
    assert assignment.due_at == datetime(2027, 7, 31, 4, 0, tzinfo=UTC)
    (event,) = events("review.due_date_set")
    assert event.details["after"] == "2027-07-31T04:00:00+00:00"
    page = text_of(client.get(url))
    assert "Beijing: Jul 31, 2027, 12:00:00 PM China Standard Time" in page

    client.post(
        f"/secretariat/review/assignments/{assignment.id}/due",
        data={f"a{assignment.id}-due_at": "", f"a{assignment.id}-due_at_zone": "UTC"},
    )
    assert assignment.due_at is None  # back to the call's deadline
    assert assignment.effective_due_at == REVIEWS_DUE


def test_only_chairs_set_due_dates(client: FlaskClient, login, call: Review) -> None:  # type: ignore[no-untyped-def]
    assignment = make_assignment(call.proposals[0], call.us[0])
    login(call.us[0])
    response = client.post(
        f"/secretariat/review/assignments/{assignment.id}/due",
        data={f"a{assignment.id}-due_at": "2027-12-31T12:00"},
    )
    assert response.status_code == 403
    with pytest.raises(ServiceError, match="Only a chair"):
        review_assignment.set_due_date(assignment, NOW + timedelta(days=3), actor=call.us[0])
    assert assignment.due_at is None


def test_a_due_date_is_after_the_deadline_for_proposals_and_not_past(call: Review) -> None:
    assignment = make_assignment(call.proposals[0], call.us[0])
    with pytest.raises(ServiceError, match="after the deadline for proposals"):
        review_assignment.set_due_date(
            assignment, CLOSES_AT - timedelta(minutes=1), actor=call.chair_us
        )
    with pytest.raises(ServiceError, match="future"):
        review_assignment.set_due_date(assignment, NOW - timedelta(hours=1), actor=call.chair_us)
    submitted = make_assignment(call.proposals[1], call.us[0], scores=[4] * 5, submitted=True)
    with pytest.raises(ServiceError, match="still to write"):
        review_assignment.set_due_date(submitted, NOW + timedelta(days=3), actor=call.chair_us)


def _terms(solicitation, **changes):  # type: ignore[no-untyped-def]
    data = {
        key: getattr(solicitation, key)
        for key in (*solicitation_services.TEXT_FIELDS, *solicitation_services.NUMBER_FIELDS)
    }
    data.update(
        opens_at=solicitation.opens_at,
        closes_at=solicitation.closes_at,
        opens_at_zone="UTC",
        closes_at_zone="UTC",
        review_deadline_zone="America/New_York",
    )
    data.update(changes)
    return data


def test_the_review_deadline_comes_after_the_deadline_for_proposals(call: Review) -> None:
    solicitation = call.solicitation
    with pytest.raises(ServiceError, match="after the deadline for proposals") as refused:
        solicitation_services.update_solicitation(
            solicitation,
            _terms(solicitation, review_deadline=datetime(2027, 6, 1, 11, 59)),  # = CLOSES_AT
            actor=call.chair_us,
        )
    assert refused.value.field == "review_deadline"
    solicitation_services.update_solicitation(
        solicitation,
        _terms(solicitation, review_deadline=datetime(2027, 7, 31, 17, 0)),
        actor=call.chair_us,
    )
    assert solicitation.review_deadline == datetime(2027, 7, 31, 21, 0, tzinfo=UTC)
    solicitation_services.update_solicitation(
        solicitation, _terms(solicitation, review_deadline=None), actor=call.chair_us
    )
    assert solicitation.review_deadline is None


def test_the_chairs_set_the_review_deadline_on_the_call_form(
    client: FlaskClient, login, call: Review
) -> None:  # type: ignore[no-untyped-def]
    solicitation = call.solicitation
    login(call.chair_cn)
    edit = f"/secretariat/solicitations/{solicitation.id}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert 'name="review_deadline"' in form and 'name="review_deadline_zone"' in form
    data = {
        "year": str(solicitation.year),
        "title_en": solicitation.title_en,
        "title_zh": solicitation.title_zh,
        "opens_at": "2027-04-02T15:59",
        "opens_at_zone": "UTC",
        "closes_at": "2027-06-01T15:59",
        "closes_at_zone": "UTC",
        "review_deadline": "2027-05-01T12:00",
        "review_deadline_zone": "Asia/Shanghai",
        "reviewers_per_proposal": "2",
        "target_selections": "1",
        "score_min": "1",
        "score_max": "5",
        "criteria-0-name_en": "Impact",
        "criteria-0-name_zh": "影响力",
        "criteria-0-weight": "100",
    }
    refused = client.post(edit, data=data)
    assert refused.status_code == 200
    assert "Reviews are due after the deadline for proposals" in refused.get_data(as_text=True)
    response = client.post(edit, data={**data, "review_deadline": "2027-08-01T12:00"})
    assert response.status_code == 302, text_of(response)[:500]
    assert solicitation.review_deadline == datetime(2027, 8, 1, 4, 0, tzinfo=UTC)
    show = text_of(client.get(f"/secretariat/solicitations/{solicitation.id}"))
    assert "Reviews due 2027-08-01 04:00 UTC" in show


def test_overdue_reviews_are_flagged_on_the_ranking(
    client: FlaskClient, login, call: Review
) -> None:  # type: ignore[no-untyped-def]
    late, on_time = call.proposals[0], call.proposals[1]
    make_assignment(late, call.us[0], scores=[4] * 5, submitted=True)
    pending = make_assignment(late, call.cn[0])
    make_assignment(on_time, call.us[0], scores=[4] * 5, submitted=True)
    make_assignment(on_time, call.cn[0], due_at=REVIEWS_DUE + timedelta(days=30))
    make_assignment(on_time, call.cn[1], declined="No time.")
    login(call.chair_us)
    url = f"/secretariat/review/{call.solicitation.id}/ranking"

    def flagged(page: str) -> set[str]:
        """The proposals whose ranking row (up to the next reference) carries the flag."""
        rows = re.findall(r"(EP-\S+)(.*?)(?=EP-|$)", page)
        return {reference for reference, row in rows if "overdue" in row}

    assert flagged(text_of(client.get(url))) == set()
    pending.due_at = NOW - timedelta(minutes=1)  # a minute ago
    db.session.commit()
    page = text_of(client.get(url))
    assert flagged(page) == {late.reference}
    assert page.count("past its due date") == 1
