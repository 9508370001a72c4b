"""Reads of solicitations: the call accepting proposals now, and the open call."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app import clock
from app.solicitations.models import SolicitationStatus
from app.solicitations.queries import accepting_solicitation, current_solicitation
from tests.solicitations.factories import make_solicitation

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[None]:
    """Every test here runs at the same, known moment."""
    with clock.frozen_at(NOW):
        yield


def test_a_call_accepts_proposals_from_its_opening_until_its_deadline() -> None:
    call = make_solicitation(opens_at=NOW + timedelta(seconds=1))
    assert current_solicitation() is call  # open, its opening time still to come
    assert accepting_solicitation() is None
    with clock.frozen_at(NOW + timedelta(seconds=1)):
        assert accepting_solicitation() is call
    with clock.frozen_at(call.closes_at):
        assert accepting_solicitation() is None  # the deadline is exclusive
        assert current_solicitation() is call


def test_a_draft_call_is_neither_open_nor_accepting() -> None:
    make_solicitation(status=SolicitationStatus.DRAFT)
    assert current_solicitation() is None
    assert accepting_solicitation() is None


def test_the_open_call_other_than_one_leaves_that_one_out() -> None:
    call = make_solicitation()
    draft = make_solicitation(status=SolicitationStatus.DRAFT)
    assert current_solicitation(other_than=draft) is call
    assert current_solicitation(other_than=call) is None
