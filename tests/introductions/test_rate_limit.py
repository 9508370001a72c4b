"""At most five new requests per person in 24 hours; the sixth is refused at the message with a
clear word, and the day after the count starts again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import clock
from app.errors import ServiceError
from app.introductions import operations
from app.introductions.queries import DAILY_LIMIT
from app.organizations.models import Country
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_pair

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _counterparts(count: int):  # type: ignore[no-untyped-def]
    return [make_organization(make_user(), country=Country.US) for _ in range(count)]


def test_the_sixth_request_of_a_day_is_refused_and_the_next_day_accepted() -> None:
    pair = make_pair()
    targets = _counterparts(DAILY_LIMIT + 1)
    with clock.frozen_at(NOW):
        for target in targets[:DAILY_LIMIT]:
            operations.request_introduction(pair.cn, target, "Hello", actor=pair.cn_member)
    with clock.frozen_at(NOW + timedelta(hours=23)), pytest.raises(ServiceError) as refused:
        operations.request_introduction(pair.cn, targets[-1], "Hello", actor=pair.cn_member)
    assert refused.value.field == "message"
    assert "5 introduction requests in the last 24 hours" in refused.value.message
    with clock.frozen_at(NOW + timedelta(hours=24, minutes=1)):
        operations.request_introduction(pair.cn, targets[-1], "Hello", actor=pair.cn_member)


def test_the_limit_is_per_person_not_per_organization() -> None:
    pair = make_pair()
    colleague = make_user()
    from app.organizations.models import OrganizationMember

    pair.cn.memberships.append(OrganizationMember(user=colleague, joined_at=clock.now()))
    targets = _counterparts(DAILY_LIMIT + 1)
    with clock.frozen_at(NOW):
        for target in targets[:DAILY_LIMIT]:
            operations.request_introduction(pair.cn, target, "Hello", actor=pair.cn_member)
        operations.request_introduction(pair.cn, targets[-1], "Hello", actor=colleague)
