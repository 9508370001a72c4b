"""Milestone reports: status, evidence, the date they refer to, Key Accomplishments."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import ServiceError
from app.partnerships import milestones
from app.partnerships.models import (
    MilestoneStatus,
)
from tests.factories import make_user
from tests.partnerships.factories import (
    events_of,
    make_milestone,
    make_partnership,
)


def test_a_done_milestone_needs_evidence_and_can_be_featured(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member, starts_on=date(2026, 1, 1))
    milestone = make_milestone(partnership)
    with pytest.raises(ServiceError) as refused:
        milestones.report_milestone(
            milestone,
            status=MilestoneStatus.DONE,
            evidence=" ",
            status_on=date(2026, 7, 1),
            key_accomplishment=False,
            actor=member,
        )
    assert refused.value.field == "evidence"
    milestones.report_milestone(
        milestone,
        status=MilestoneStatus.DONE,
        evidence="12 monitors online",
        status_on=date(2026, 7, 1),
        key_accomplishment=True,
        actor=member,
    )
    assert milestone.completed_on == date(2026, 7, 1) and milestone.is_key_accomplishment_pending
    assert not milestone.is_key_accomplishment  # not public before a chair confirms it
    (event,) = events_of("milestone.reported")
    assert event.details["after"]["status"] == "done"
    assert milestones.milestone_history(milestone) == [event]
    # Reopening clears the completion date; the feature requires "done".
    with pytest.raises(ServiceError) as refused:
        milestones.report_milestone(
            milestone,
            status=MilestoneStatus.DELAYED,
            evidence="",
            status_on=date(2026, 7, 2),
            key_accomplishment=True,
            actor=member,
        )
    assert refused.value.field == "key_accomplishment"
    milestones.report_milestone(
        milestone,
        status=MilestoneStatus.DELAYED,
        evidence="Two failed",
        status_on=date(2026, 7, 2),
        key_accomplishment=False,
        actor=member,
    )
    assert milestone.completed_on is None and not milestone.is_key_accomplishment
    assert not milestone.is_key_accomplishment_pending


@pytest.mark.parametrize(
    ("status_on", "message"),
    [
        (date(2026, 8, 2), "future"),
        (date(2025, 12, 31), "within the pilot"),
        (None, "Give the date"),
    ],
)
def test_milestone_report_dates_must_be_real(frozen, status_on, message) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member, starts_on=date(2026, 1, 1))
    milestone = make_milestone(partnership)
    with pytest.raises(ServiceError, match=message):
        milestones.report_milestone(
            milestone,
            status=MilestoneStatus.IN_PROGRESS,
            evidence="",
            status_on=status_on,
            key_accomplishment=False,
            actor=member,
        )
