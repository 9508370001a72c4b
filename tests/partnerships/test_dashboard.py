"""The chairs' dashboard and the classes page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app import clock, data_version
from app.accounts.models import Role
from app.extensions import db
from app.organizations.models import Country
from app.partnerships import dashboard, lifecycle
from app.partnerships.models import (
    Partnership,
    PartnershipStatus,
)
from app.proposals.models import ParticipantRole
from tests.factories import make_user
from tests.partnerships.factories import (
    make_milestone,
    make_partnership,
    make_plan,
)
from tests.public.conftest import count_queries

__all__ = ["count_queries"]


def test_each_year_lists_its_incoming_and_graduating_class() -> None:
    with clock.frozen_at(datetime(2026, 8, 1, tzinfo=UTC)):
        graduated = make_partnership(
            starts_on=date(2011, 5, 1), cohort_year=2011, status=PartnershipStatus.GRADUATED
        )
        active = make_partnership(cohort_year=2026)
    years = {year.year: year for year in dashboard.classes_by_year()}
    assert graduated in years[2011].incoming and graduated in years[2014].graduating
    assert active in years[2026].incoming and active in years[2029].due_to_graduate


def test_dashboard_filters_by_cohort_side_and_status(frozen) -> None:  # type: ignore[no-untyped-def]
    us_led = make_partnership(cohort_year=2026)
    cn_led = make_partnership(cohort_year=2025)
    for participant in cn_led.participants:
        participant.role = (
            ParticipantRole.LEAD
            if participant.organization.country == Country.CN
            else ParticipantRole.PARTNER
        )
    old = make_partnership(
        starts_on=date(2012, 1, 1), cohort_year=2012, status=PartnershipStatus.GRADUATED
    )
    make_plan(us_led)
    make_milestone(us_led, due_on=date(2026, 7, 1), title_en="Late")  # overdue on 1 August
    db.session.flush()

    def shown(**filters):  # type: ignore[no-untyped-def]
        return {
            r.partnership for r in dashboard.dashboard_rows(dashboard.DashboardFilters(**filters))
        }

    assert {us_led, cn_led, old} <= shown()
    assert shown(cohort_year=2026) == {us_led}
    assert cn_led in shown(side=Country.CN) and us_led not in shown(side=Country.CN)
    assert old in shown(status=PartnershipStatus.GRADUATED) and us_led not in shown(
        status=PartnershipStatus.GRADUATED
    )
    (row,) = dashboard.dashboard_rows(dashboard.DashboardFilters(cohort_year=2026))
    assert (
        row.overdue_milestones == 1 and row.plan.key == "draft" and row.lead_country == Country.US
    )
    assert db.session.scalar(select(func.count(Partnership.id))) >= 3


def test_the_dashboard_lists_active_first_then_the_newest_cohort_then_by_name(frozen) -> None:  # type: ignore[no-untyped-def]
    made = [
        make_partnership(cohort_year=2012, status=PartnershipStatus.GRADUATED),
        make_partnership(cohort_year=2025),
        make_partnership(cohort_year=2026),
        make_partnership(cohort_year=2024, status=PartnershipStatus.WITHDRAWN),
        make_partnership(cohort_year=2026),
    ]
    made[4].name_en = "A" + made[4].name_en  # sorts before its cohort-mate
    db.session.flush()
    order = [r.partnership for r in dashboard.dashboard_rows(dashboard.DashboardFilters())]
    assert [p for p in order if p in made] == [made[4], made[2], made[1], made[3], made[0]]
    first_page = dashboard.dashboard_page(dashboard.DashboardFilters()).items
    assert [r.partnership for r in first_page][:3] == order[:3]


def test_is_active_follows_the_status_through_the_lifecycle(frozen) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    partnership = make_partnership()
    db.session.flush()
    assert partnership.is_active
    lifecycle.withdraw_partnership(partnership, actor=chair, reason="The lead dissolved.")
    db.session.flush()
    db.session.expire(partnership)
    assert partnership.is_active is False
    assert (
        db.session.scalar(select(Partnership.is_active).where(Partnership.id == partnership.id))
        is False
    )


def test_the_database_refuses_is_active_apart_from_the_status() -> None:
    partnership = make_partnership()
    db.session.flush()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            update(Partnership).where(Partnership.id == partnership.id).values(is_active=False)
        )


def test_the_dashboard_s_counts_follow_each_committed_change_at_once(frozen, count_queries) -> None:  # type: ignore[no-untyped-def]
    """The totals are kept under the data version: asked again with nothing changed they are
    not counted again; a committed new partnership, withdrawal or change of lead shows at once;
    a change not committed shows to its own transaction only."""
    chair = make_user(Role.CHAIR)
    first = make_partnership(cohort_year=2026)
    db.session.commit()
    withdrawn = dashboard.DashboardFilters(status=PartnershipStatus.WITHDRAWN)
    us_led_2026 = dashboard.DashboardFilters(
        cohort_year=2026, status=PartnershipStatus.ACTIVE, side=Country.US
    )

    def totals() -> tuple[int, ...]:
        return tuple(
            dashboard.dashboard_page(f).total
            for f in (dashboard.DashboardFilters(), withdrawn, us_led_2026)
        )

    everyone, gone, ours = totals()
    assert ours >= 1
    with count_queries() as statements:
        assert totals() == (everyone, gone, ours)
    assert not [s for s in statements if "count(partnership.id)" in s]

    make_partnership(cohort_year=2026)
    db.session.commit()
    assert totals() == (everyone + 1, gone, ours + 1)

    lifecycle.withdraw_partnership(first, actor=chair, reason="The lead dissolved.")
    db.session.commit()
    assert totals() == (everyone + 1, gone + 1, ours)

    second = make_partnership(cohort_year=2026)
    db.session.commit()
    assert totals() == (everyone + 2, gone + 1, ours + 1)
    for participant in second.participants:  # the Chinese side leads: written, not committed
        china = participant.organization.country == Country.CN
        participant.role = ParticipantRole.LEAD if china else ParticipantRole.PARTNER
    db.session.flush()
    assert totals() == (everyone + 2, gone + 1, ours)
    (_epoch, uncommitted) = data_version.read_counter(db.session.connection()) or ("", 0)
    db.session.rollback()
    assert totals() == (everyone + 2, gone + 1, ours + 1)
    # The rolled-back counter is a later commit's: nothing seen under it was kept. Renames
    # (which change no total) bring the committed counter to it.
    while (data_version.read_counter(db.session.connection()) or ("", 0))[1] < uncommitted:
        second.name_en += "."
        db.session.commit()
    assert (data_version.read_counter(db.session.connection()) or ("", 0))[1] == uncommitted
    assert totals() == (everyone + 2, gone + 1, ours + 1)
    lifecycle.withdraw_partnership(second, actor=chair, reason="The partners parted ways.")
    db.session.commit()
    assert totals() == (everyone + 2, gone + 2, ours)
