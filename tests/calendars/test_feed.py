"""The personal calendar feed: its events for a member and for a chair, in the user's language,
with stable UIDs; its secret address made once, replaced (the old one refused) and stopped."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from flask.testing import FlaskClient
from icalendar import Calendar

from app import clock
from app.accounts.models import Language, Role
from app.calendars import services
from app.calendars.sources import DueDate, due_dates
from app.extensions import db
from app.partnerships.models import MilestoneStatus, PlanState
from tests.factories import make_user
from tests.partnerships.factories import SELECTED, make_milestone, make_partnership, make_plan
from tests.reviews.factories import make_assignment, make_review

FEED_ADDRESS = re.compile(r'value="(http://portal\.test/calendar/[^"]+\.ics)"')


def _new_address(client: FlaskClient) -> str:
    response = client.post("/account/calendar/address")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    found = FEED_ADDRESS.search(page)
    assert found, page[:800]
    assert not FEED_ADDRESS.search(client.get("/account/calendar").get_data(as_text=True))
    return found.group(1).removeprefix("http://portal.test")


def _events(client: FlaskClient, path: str) -> dict[str, object]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "no-store" in response.headers["Cache-Control"]
    return {str(e["uid"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}


def test_a_member_sees_the_plan_milestones_and_update_due(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    with clock.frozen_at(SELECTED):
        partnership = make_partnership(member, name_en="Utah – Qinghai")
        make_plan(partnership, draft_due_on=date(2026, 8, 31))
        due = make_milestone(partnership, due_on=date(2026, 10, 1), title_en="Install monitors")
        done = make_milestone(partnership, status=MilestoneStatus.DONE)
        make_partnership(make_user())  # someone else's
        login(member)
        path = _new_address(client)
        client.post("/logout")  # calendar programs do not sign in

        events = _events(client, path)

    assert set(events) == {
        f"partnership-{partnership.id}-plan-due@portal.test",
        f"milestone-{due.id}-due@portal.test",
        f"partnership-{partnership.id}-update-due@portal.test",
    }
    assert f"milestone-{done.id}-due@portal.test" not in events
    plan = events[f"partnership-{partnership.id}-plan-due@portal.test"]
    assert plan.decoded("dtstart") == date(2026, 8, 31)  # a whole day, no time zone to shift
    assert plan.decoded("dtend") == date(2026, 9, 1)
    assert str(plan["summary"]) == "Implementation Plan due: Utah – Qinghai"
    milestone = events[f"milestone-{due.id}-due@portal.test"]
    assert milestone.decoded("dtstart") == date(2026, 10, 1)
    assert "Milestone 1.1 due: Install monitors" in str(milestone["summary"])
    assert str(milestone["url"]) == (
        f"http://portal.test/workspace/partnerships/{partnership.id}/milestones/{due.id}"
    )
    update = events[f"partnership-{partnership.id}-update-due@portal.test"]
    assert update.decoded("dtstart") == date(2027, 2, 1)  # six months into the pilot


def test_a_chair_sees_plans_awaiting_approval_in_chinese(client, login) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR, language=Language.ZH)
    with clock.frozen_at(SELECTED):
        partnership = make_partnership(make_user(), name_zh="犹他州—青海省")
        submitted = make_plan(
            partnership, state=PlanState.SUBMITTED, approval_due_on=date(2026, 9, 30)
        )
        other = make_partnership(make_user())
        make_plan(other)  # a draft is the partners', not the chairs'
        login(chair)
        path = _new_address(client)
        events = _events(client, path)

    assert set(events) == {f"plan-{submitted.id}-approval-due@portal.test"}
    event = events[f"plan-{submitted.id}-approval-due@portal.test"]
    assert event.decoded("dtstart") == date(2026, 9, 30)
    assert "犹他州—青海省" in str(event["summary"]) and "待批准" in str(event["summary"])


def test_a_moved_date_keeps_its_uid(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    with clock.frozen_at(SELECTED), app.test_request_context():
        partnership = make_partnership(member)
        milestone = make_milestone(partnership, due_on=date(2026, 10, 1))
        before = {d.uid: d.on for d in due_dates(member)}
        milestone.due_on = date(2026, 11, 1)
        after = {d.uid: d.on for d in due_dates(member)}
    uid = f"milestone-{milestone.id}-due"
    assert before[uid] == date(2026, 10, 1) and after[uid] == date(2026, 11, 1)
    assert set(before) == set(after)


def test_a_new_address_revokes_the_old_one_and_stopping_revokes_it_too(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    login(member)
    first = _new_address(client)
    assert client.get(first).status_code == 200
    assert "made on" in client.get("/account/calendar").get_data(as_text=True)

    second = _new_address(client)
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    client.post("/account/calendar/stop")
    assert client.get(second).status_code == 404
    assert services.feed_of(member) is None


def test_only_a_digest_of_the_token_is_kept(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    login(member)
    token = _new_address(client).removeprefix("/calendar/").removesuffix(".ics")
    feed = services.feed_of(member)
    assert feed is not None and token not in feed.token_hash and len(feed.token_hash) == 64
    assert services.user_for_token(token) == member


def test_an_unknown_token_or_an_inactive_user_is_a_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 300 + ".ics").status_code == 404
    member = make_user()
    token = services.make_feed_address(member, actor=member)
    member.is_active = False
    db.session.flush()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_source_of_due_dates_is_a_function_of_the_user() -> None:
    """The lead adds the reviews' due dates by appending one more source."""
    member = make_user()

    def reviews(user):  # type: ignore[no-untyped-def]
        yield DueDate("assignment-7-review-due", date(2027, 4, 1), "Review due", "http://x/r/7")

    found = due_dates(member, [reviews])
    assert [d.uid for d in found] == ["assignment-7-review-due"]
    assert due_dates(member, []) == []
    assert date(2027, 4, 1) - timedelta(days=1) < found[0].on


def test_a_reviewer_sees_the_reviews_still_to_write_on_their_own_days(client, login) -> None:  # type: ignore[no-untyped-def]
    # Due at 8 p.m. UTC on 30 April: already 1 May in Beijing.
    review = make_review(
        closes_at=datetime(2027, 4, 1, 15, 59, tzinfo=UTC),
        review_deadline=datetime(2027, 4, 30, 20, 0, tzinfo=UTC),
    )
    reviewer = review.cn[0]
    reviewer.time_zone = "Asia/Shanghai"
    todo = make_assignment(review.proposals[0], reviewer)
    make_assignment(review.proposals[1], reviewer, submitted=True)
    make_assignment(review.proposals[2], review.cn[1])  # someone else's
    db.session.flush()
    with clock.frozen_at(datetime(2027, 4, 10, 9, tzinfo=UTC)):
        login(reviewer)
        events = _events(client, _new_address(client))

    assert set(events) == {f"assignment-{todo.id}-review-due@portal.test"}
    event = events[f"assignment-{todo.id}-review-due@portal.test"]
    assert event.decoded("dtstart") == date(2027, 5, 1)
    assert review.proposals[0].reference in str(event["summary"])
    assert str(event["url"]) == f"http://portal.test/review/assignments/{todo.id}"
