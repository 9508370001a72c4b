"""The program's calendar: overdue milestones, progress per pilot year, the 6-month update rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app import clock
from app.partnerships import dashboard, queries, schedule
from app.partnerships.models import (
    MilestoneStatus,
)
from app.updates.models import UpdateState
from tests.partnerships.factories import (
    make_milestone,
    make_partnership,
    make_update,
)


def test_overdue_milestones_and_progress_per_pilot_year() -> None:
    with clock.frozen_at(datetime(2026, 1, 1, tzinfo=UTC)):
        partnership = make_partnership()
    late = make_milestone(partnership, due_on=date(2026, 3, 1))
    make_milestone(partnership, due_on=date(2026, 4, 1), status=MilestoneStatus.DONE)
    make_milestone(partnership, due_on=date(2026, 2, 1), status=MilestoneStatus.DROPPED)
    make_milestone(partnership, pilot_year=2, number=1, due_on=date(2027, 6, 1))
    assert not schedule.is_overdue(late, date(2026, 3, 1))
    assert schedule.is_overdue(late, date(2026, 3, 2))
    assert queries.overdue_milestones(partnership, date(2026, 5, 1)) == [late]
    year1, year2, year3 = queries.progress_by_year(partnership, date(2026, 5, 1))
    assert (year1.done, year1.counted, year1.overdue, year1.percent) == (1, 2, 1, 50)
    assert (year2.done, year2.counted, year3.counted) == (0, 1, 0)
    assert (year1.starts_on, year1.ends_on) == (date(2026, 1, 1), date(2026, 12, 31))
    assert year3.ends_on == date(2029, 1, 1)
    assert schedule.current_pilot_year(partnership, date(2027, 1, 1)) == 2
    assert schedule.current_pilot_year(partnership, date(2029, 1, 2)) is None


def test_a_partnership_silent_for_six_months_is_flagged() -> None:
    with clock.frozen_at(datetime(2026, 1, 15, tzinfo=UTC)):
        partnership = make_partnership()
    assert schedule.update_due_on(partnership, None) == date(2026, 7, 15)
    make_update(
        partnership, state=UpdateState.PUBLISHED, published_at=datetime(2026, 3, 31, 9, tzinfo=UTC)
    )
    make_update(partnership, state=UpdateState.SUBMITTED)  # not published: does not count
    last = queries.last_public_update_at(partnership)
    assert last == datetime(2026, 3, 31, 9, tzinfo=UTC)
    assert schedule.update_due_on(partnership, last) == date(2026, 9, 30)
    assert not schedule.is_silent(partnership, last, date(2026, 9, 29))
    assert schedule.is_silent(partnership, last, date(2026, 9, 30))
    (row,) = [
        r
        for r in dashboard.dashboard_rows(dashboard.DashboardFilters(), date(2026, 10, 1))
        if r.partnership is partnership
    ]
    assert row.is_silent and row.last_update_at == last
