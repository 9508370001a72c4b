"""The operations of introductions: requesting, answering, withdrawing, and every refusal of
bad input in words, at its field, with nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.introductions import operations
from app.introductions.models import Introduction, IntroductionState
from app.notifications.models import Notification
from app.organizations.models import Country
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_introduction, make_pair


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_request_is_pending_logged_and_mailed_to_the_counterparts_members() -> None:
    pair = make_pair()
    introduction = operations.request_introduction(
        pair.cn, pair.us, "  Hello from the city.  ", actor=pair.cn_member
    )
    assert introduction.state == IntroductionState.PENDING
    assert introduction.message == "Hello from the city."
    mails = db.session.scalars(
        select(Notification).where(Notification.kind == "introductions.requested")
    ).all()
    assert [m.to_address for m in mails] == [pair.us_member.email]
    event = db.session.scalars(select(Event).where(Event.action == "introduction.requested")).one()
    assert event.record_id == introduction.id and event.actor_id == pair.cn_member.id


def test_accepting_and_declining_move_the_state_and_tell_the_requesters() -> None:
    pair = make_pair()
    first = make_introduction(pair.cn, pair.us)
    operations.accept_introduction(first, actor=pair.us_member)
    assert first.state == IntroductionState.ACCEPTED and first.answered_at is not None
    other = make_organization(make_user(), country=Country.CN)
    second = make_introduction(other, pair.us)
    operations.decline_introduction(second, actor=pair.us_member)
    assert second.state == IntroductionState.DECLINED
    kinds = db.session.scalars(
        select(Notification.to_address).where(Notification.kind == "introductions.answered")
    ).all()
    assert sorted(kinds) == sorted([pair.cn_member.email, other.memberships[0].user.email])
    actions = set(db.session.scalars(select(Event.action)))
    assert {"introduction.accepted", "introduction.declined"} <= actions


def test_an_answered_request_cannot_be_answered_again() -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us, state=IntroductionState.DECLINED)
    with pytest.raises(ServiceError, match="already answered"):
        operations.accept_introduction(introduction, actor=pair.us_member)


def test_only_the_receiving_side_answers_and_only_the_requesting_side_withdraws() -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    with pytest.raises(ServiceError):
        operations.accept_introduction(introduction, actor=pair.cn_member)
    with pytest.raises(ServiceError):
        operations.withdraw_introduction(introduction, actor=pair.us_member)
    operations.withdraw_introduction(introduction, actor=pair.cn_member)
    assert introduction.state == IntroductionState.WITHDRAWN


def test_a_withdrawn_request_cannot_be_accepted() -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us, state=IntroductionState.WITHDRAWN)
    with pytest.raises(ServiceError):
        operations.accept_introduction(introduction, actor=pair.us_member)


# --- bad input ---------------------------------------------------------------------------------


def _refused(sender, recipient, message, actor) -> ServiceError:  # type: ignore[no-untyped-def]
    before = _count(Introduction)
    with pytest.raises(ServiceError) as refused:
        operations.request_introduction(sender, recipient, message, actor=actor)
    assert _count(Introduction) == before
    return refused.value


def test_an_introduction_to_ones_own_organization_is_refused() -> None:
    pair = make_pair()
    error = _refused(pair.us, pair.us, "Hello", pair.us_member)
    assert error.field == "organization_id" and "your own organization" in error.message


def test_an_introduction_to_an_organization_one_belongs_to_is_refused() -> None:
    pair = make_pair()
    both = make_organization(pair.us_member, country=Country.CN)
    error = _refused(pair.us, both, "Hello", pair.us_member)
    assert "your own organization" in error.message


def test_an_introduction_to_a_same_country_organization_is_refused() -> None:
    pair = make_pair()
    neighbour = make_organization(make_user(), country=Country.US)
    error = _refused(pair.us, neighbour, "Hello", pair.us_member)
    assert error.field == "organization_id" and "same country" in error.message


def test_a_request_for_an_organization_one_is_not_a_member_of_is_refused() -> None:
    pair = make_pair()
    error = _refused(pair.us, pair.cn, "Hello", make_user())
    assert error.field == "organization_id"


@pytest.mark.parametrize("reverse", [False, True], ids=["same direction", "other direction"])
def test_a_second_request_while_one_is_pending_is_refused_either_way(reverse: bool) -> None:
    pair = make_pair()
    make_introduction(pair.cn, pair.us)
    sender, recipient, actor = (
        (pair.us, pair.cn, pair.us_member) if reverse else (pair.cn, pair.us, pair.cn_member)
    )
    error = _refused(sender, recipient, "Hello again", actor)
    assert error.field == "organization_id" and "already waiting" in error.message


def test_a_new_request_is_accepted_once_the_earlier_one_is_answered() -> None:
    pair = make_pair()
    make_introduction(pair.cn, pair.us, state=IntroductionState.DECLINED)
    operations.request_introduction(pair.cn, pair.us, "Once more", actor=pair.cn_member)


@pytest.mark.parametrize("message", ["", "   \n  ", None])
def test_an_empty_message_is_refused(message: str | None) -> None:
    pair = make_pair()
    error = _refused(pair.cn, pair.us, message, pair.cn_member)
    assert error.field == "message" and "Write a short message" in error.message


def test_a_message_too_long_is_refused_and_says_how_long() -> None:
    pair = make_pair()
    error = _refused(pair.cn, pair.us, "x" * 1001, pair.cn_member)
    assert error.field == "message" and "1000" in error.message and "1001" in error.message
    operations.request_introduction(pair.cn, pair.us, "x" * 1000, actor=pair.cn_member)


def test_the_pending_pair_is_also_held_by_the_database() -> None:
    pair = make_pair()
    make_introduction(pair.cn, pair.us)
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session.begin_nested():
        make_introduction(pair.cn, pair.us)
