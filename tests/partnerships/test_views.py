"""Partnership pages: the workspace, the plan form, milestone reports and the chairs' pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from app import clock
from app.accounts.models import Language, Role
from app.extensions import db
from app.organizations.models import Country
from app.partnerships import dashboard
from app.partnerships.models import MilestoneStatus, Partnership, PartnershipStatus, PlanState
from app.updates.models import UpdateState
from tests.factories import make_organization, make_user
from tests.partnerships.factories import (
    make_milestone,
    make_partnership,
    make_plan,
    make_update,
    task_rows,
)

DAY = datetime(2026, 8, 1, 14, tzinfo=UTC)


def _as(client, login, user) -> None:  # type: ignore[no-untyped-def]
    """Sign in as `user`, signing out whoever was signed in."""
    client.post("/logout")
    login(user)


def _plan_form(
    partnership: Partnership, rows: list[dict], version: int, body: str = "Notes"
) -> dict:  # type: ignore[type-arg]
    data: dict[str, object] = {"version": str(version), "body": body}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"tasks-{i}-{key}"] = value.isoformat() if isinstance(value, date) else str(value)
    return data


def test_members_see_their_workspace_and_what_is_due(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    with clock.frozen_at(DAY):
        partnership = make_partnership(member)
        make_plan(partnership)
        make_milestone(partnership, due_on=date(2026, 8, 10), title_en="Install monitors")
        _as(client, login, member)
        page = client.get(f"/workspace/partnerships/{partnership.id}").get_data(as_text=True)
        mine = client.get("/workspace/partnerships").get_data(as_text=True)
        dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Submit the draft Implementation Plan" in page and "Aug 31, 2026" in page
    assert "Milestone 1.1: Install monitors" in page
    assert "Send a public progress update" in page
    assert partnership.name_en in mine and "Submit the draft Implementation Plan" in mine
    assert (
        "My partnerships" in dashboard and f"/workspace/partnerships/{partnership.id}" in dashboard
    )


def test_a_member_of_another_partnership_is_refused(client, login) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(make_user())
    outsider = make_user()
    make_partnership(outsider)
    _as(client, login, outsider)
    assert client.get(f"/workspace/partnerships/{partnership.id}").status_code == 403
    response = client.post(
        f"/workspace/partnerships/{partnership.id}/updates/new",
        data={"title": "Hijack", "body": "x", "language": "en", "visibility": "public"},
    )
    assert response.status_code == 403
    assert db.session.scalars(select(Partnership).where(Partnership.id == partnership.id)).one()


def test_the_plan_form_saves_tasks_and_keeps_input_on_a_bad_date(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    with clock.frozen_at(DAY):
        partnership = make_partnership(member)
        plan = make_plan(partnership, tasks=[])
        _as(client, login, member)
        form = client.get(f"/workspace/partnerships/{partnership.id}/plan/edit").get_data(
            as_text=True
        )
        assert 'name="tasks-0-title_en"' in form and 'name="tasks-2-due_on"' in form

        rows = task_rows(partnership, 2)
        rows[1]["due_on"] = date(2030, 1, 1)  # after the pilot
        rows[1]["title_en"] = "Write the handbook"
        page = client.post(
            f"/workspace/partnerships/{partnership.id}/plan/edit",
            data=_plan_form(partnership, rows, plan.version),
        ).get_data(as_text=True)
        assert 'id="tasks-1-due_on-error"' in page and "within that year" in page
        assert 'value="Write the handbook"' in page
        assert plan.tasks == []

        rows[1]["due_on"] = date(2027, 1, 1)
        response = client.post(
            f"/workspace/partnerships/{partnership.id}/plan/edit",
            data=_plan_form(partnership, rows, plan.version),
        )
        assert response.status_code == 302
    db.session.refresh(plan)
    assert [t.title_en for t in plan.tasks] == ["Task 1", "Write the handbook"]


def test_a_stale_plan_form_says_so_and_keeps_the_text(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    plan = make_plan(partnership)
    _as(client, login, member)
    page = client.post(
        f"/workspace/partnerships/{partnership.id}/plan/edit",
        data=_plan_form(partnership, task_rows(partnership, 1), plan.version + 5, body="My notes"),
    ).get_data(as_text=True)
    assert "saved by someone else meanwhile" in page and "My notes" in page
    assert f'value="{plan.version}"' in page  # saving again replaces the other version


def test_editing_a_submitted_plan_is_refused(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    make_plan(partnership, state=PlanState.SUBMITTED)
    _as(client, login, member)
    response = client.get(
        f"/workspace/partnerships/{partnership.id}/plan/edit", follow_redirects=True
    )
    assert "with the Secretariat for approval" in response.get_data(as_text=True)


def test_submit_then_a_chair_approves_and_returns(client, login) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    plan = make_plan(partnership)
    _as(client, login, member)
    page = client.post(
        f"/workspace/partnerships/{partnership.id}/plan/submit", follow_redirects=True
    ).get_data(as_text=True)
    assert "Version 1 of the plan is submitted" in page
    _as(client, login, chair)
    review = client.get(f"/secretariat/partnerships/{partnership.id}/plan/versions/1").get_data(
        as_text=True
    )
    assert "Approve version 1" in review and "Return version 1" in review
    page = client.post(
        f"/secretariat/partnerships/{partnership.id}/plan/versions/1/return", data={"comments": ""}
    ).get_data(as_text=True)
    assert 'id="return_comments-error"' in page  # tied to the return form's field
    response = client.post(
        f"/secretariat/partnerships/{partnership.id}/plan/versions/1/approve",
        data={"comments": "Fine."},
    )
    assert response.status_code == 302
    assert plan.state == PlanState.APPROVED and len(partnership.milestones) == 2
    _as(client, login, member)
    page = client.get(f"/workspace/partnerships/{partnership.id}/plan").get_data(as_text=True)
    assert "Propose an amendment" in page and "Fine." in page


def test_a_milestone_is_reported_done_and_featured(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    with clock.frozen_at(DAY):
        partnership = make_partnership(member, starts_on=date(2026, 1, 1))
        milestone = make_milestone(partnership, due_on=date(2026, 6, 1))
        _as(client, login, member)
        page = client.get(
            f"/workspace/partnerships/{partnership.id}/milestones/{milestone.id}"
        ).get_data(as_text=True)
        assert "past its due date" in page
        page = client.post(
            f"/workspace/partnerships/{partnership.id}/milestones/{milestone.id}",
            data={
                "status": "done",
                "status_on": "2026-07-30",
                "evidence": "",
                "key_accomplishment": "y",
                "version": str(milestone.version),
            },
        ).get_data(as_text=True)
        assert 'id="evidence-error"' in page
        response = client.post(
            f"/workspace/partnerships/{partnership.id}/milestones/{milestone.id}",
            data={
                "status": "done",
                "status_on": "2026-07-30",
                "evidence": "12 monitors online",
                "key_accomplishment": "y",
                "version": str(milestone.version),
            },
        )
        assert response.status_code == 302
        workspace = client.get(f"/workspace/partnerships/{partnership.id}").get_data(as_text=True)
    assert milestone.status == MilestoneStatus.DONE and milestone.is_key_accomplishment_pending
    assert "awaiting a chair" in workspace and "1 of 1 milestones done" in workspace


def test_a_milestone_of_another_partnership_is_404(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    other = make_milestone(make_partnership())
    _as(client, login, member)
    assert (
        client.get(f"/workspace/partnerships/{partnership.id}/milestones/{other.id}").status_code
        == 404
    )


def test_the_chairs_dashboard_flags_what_needs_attention(client, login) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    with clock.frozen_at(DAY):
        quiet = make_partnership(
            starts_on=date(2025, 9, 15), cohort_year=2025, name_en="Quiet – Partner"
        )
        make_update(
            quiet, state=UpdateState.PUBLISHED, published_at=datetime(2026, 1, 10, tzinfo=UTC)
        )
        make_milestone(quiet, due_on=date(2026, 5, 1))
        ended = make_partnership(
            starts_on=date(2023, 7, 1), cohort_year=2023, name_en="Ended – Partner"
        )
        make_partnership(
            starts_on=date(2012, 1, 1),
            cohort_year=2012,
            status=PartnershipStatus.GRADUATED,
            name_en="Old – Timer",
        )
        _as(client, login, chair)
        page = client.get("/secretariat/partnerships").get_data(as_text=True)
        filtered = client.get(
            "/secretariat/partnerships?cohort=2025&side=US&status=active"
        ).get_data(as_text=True)
        nonsense = client.get("/secretariat/partnerships?cohort=abc&side=XX&status=zzz")
    assert "Silent for 6 months" in page and "Graduation due" in page and "Old – Timer" in page
    # On a phone each cell is stacked under its column's heading, repeated in data-label.
    headings = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headings[:7] == ["Partnership", "Cohort", "Status", "Implementation Plan",
                            "Overdue milestones", "Last public update", "Pilot ends"]  # fmt: skip
    (quiet_row,) = [row for row in page.split("<tr>") if "Quiet – Partner" in row]
    assert re.findall(r'data-label="([^"]+)"', quiet_row) == headings[:7]
    assert (
        "Quiet – Partner" in filtered
        and "Ended – Partner" not in filtered
        and "Old – Timer" not in filtered
    )
    assert nonsense.status_code == 200
    assert ended.status == PartnershipStatus.ACTIVE


def test_chairs_graduate_withdraw_and_list_the_classes(client, login) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    with clock.frozen_at(DAY):
        ended = make_partnership(starts_on=date(2023, 7, 1), cohort_year=2023)
        running = make_partnership()
        _as(client, login, chair)
        page = client.post(f"/secretariat/partnerships/{running.id}/graduate", data={}).get_data(
            as_text=True
        )
        assert "graduates after its pilot ends" in page
        page = client.post(
            f"/secretariat/partnerships/{running.id}/withdraw", data={"reason": ""}
        ).get_data(as_text=True)
        assert 'id="reason-error"' in page
        assert (
            client.post(
                f"/secretariat/partnerships/{ended.id}/graduate", data={"note": "Done"}
            ).status_code
            == 302
        )
        asked = client.post(
            f"/secretariat/partnerships/{running.id}/withdraw", data={"reason": "Lead closed"}
        ).get_data(as_text=True)
        assert "cannot be undone" in asked and "Yes, withdraw the partnership" in asked
        assert running.status == PartnershipStatus.ACTIVE
        assert (
            client.post(
                f"/secretariat/partnerships/{running.id}/withdraw",
                data={"reason": "Lead closed", "confirmed": "yes"},
            ).status_code
            == 302
        )
        classes = client.get("/secretariat/partnerships/classes").get_data(as_text=True)
    assert ended.status == PartnershipStatus.GRADUATED and ended.ended_on == date(2026, 8, 1)
    assert running.status == PartnershipStatus.WITHDRAWN
    assert "Graduating class (1)" in classes and ended.name_en in classes


def test_chairs_record_a_historical_partnership_through_the_form(client, login) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    us = make_organization(name_en="Utah", name_zh="犹他州")
    cn = make_organization(country=Country.CN, name_en="Qinghai", name_zh="青海省")
    _as(client, login, chair)
    form = client.get("/secretariat/partnerships/new").get_data(as_text=True)
    assert f'value="{us.id}"' in form and f'value="{cn.id}"' in form
    data = {
        "cohort_year": "2011",
        "us_organization_id": str(us.id),
        "cn_organization_id": str(cn.id),
        "lead_side": "US",
        "status": "graduated",
        "pilot_starts_on": "2011-05-01",
        "goal_en": "Clean energy policy exchange.",
        "focus_areas": ["clean_electricity"],
        "slug": "BAD SLUG",
    }
    page = client.post("/secretariat/partnerships/new", data=data).get_data(as_text=True)
    assert 'id="slug-error"' in page and "Clean energy policy exchange." in page
    data["slug"] = ""
    response = client.post("/secretariat/partnerships/new", data=data)
    assert response.status_code == 302
    partnership = db.session.scalars(
        select(Partnership).where(Partnership.slug == "2011-utah-qinghai")
    ).one()
    assert partnership.pilot_ends_on == date(2014, 5, 1)
    manage = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Utah – Qinghai" in manage


def test_chairs_edit_a_partnership(client, login) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    partnership = make_partnership()
    _as(client, login, chair)
    page = client.get(f"/secretariat/partnerships/{partnership.id}/edit").get_data(as_text=True)
    assert partnership.name_en in page
    data = {
        "name_en": "New name",
        "goal_en": "A sharper goal.",
        "focus_areas": ["clean_air"],
        "pilot_starts_on": partnership.pilot_starts_on.isoformat(),
        "pilot_ends_on": (partnership.pilot_starts_on - timedelta(days=1)).isoformat(),
    }
    page = client.post(f"/secretariat/partnerships/{partnership.id}/edit", data=data).get_data(
        as_text=True
    )
    assert 'id="pilot_ends_on-error"' in page and "A sharper goal." in page
    data["pilot_ends_on"] = partnership.pilot_ends_on.isoformat()
    assert (
        client.post(f"/secretariat/partnerships/{partnership.id}/edit", data=data).status_code
        == 302
    )
    assert partnership.name_en == "New name"


def test_the_header_links_members_and_chairs_to_their_pages(client, login) -> None:  # type: ignore[no-untyped-def]
    member, applicant, chair = make_user(), make_user(), make_user(Role.CHAIR)
    make_partnership(member)
    _as(client, login, member)
    assert 'href="/workspace/partnerships"' in client.get("/dashboard").get_data(as_text=True)
    _as(client, login, applicant)
    assert 'href="/workspace/partnerships"' not in client.get("/dashboard").get_data(as_text=True)
    _as(client, login, chair)
    assert 'href="/secretariat/partnerships"' in client.get("/dashboard").get_data(as_text=True)


def test_the_chairs_dashboard_offers_every_cohort_newest_first(client, login) -> None:  # type: ignore[no-untyped-def]
    for year, status in ((2011, PartnershipStatus.GRADUATED), (2019, PartnershipStatus.ACTIVE),
                         (2015, PartnershipStatus.WITHDRAWN), (2019, PartnershipStatus.ACTIVE)):  # fmt: skip
        make_partnership(cohort_year=year, status=status)
    _as(client, login, make_user(Role.CHAIR))
    page = client.get("/secretariat/partnerships").get_data(as_text=True)
    offered = page.split('name="cohort"', 1)[1].split("</select>", 1)[0]
    years = [int(y) for y in re.findall(r'<option value="(\d{4})"', offered)]
    assert years == [2019, 2015, 2011]  # a withdrawn partnership's cohort too


def test_the_chairs_dashboard_counts_with_the_language_s_grouping(  # type: ignore[no-untyped-def]
    client, login, monkeypatch
) -> None:
    make_partnership()
    monkeypatch.setattr(dashboard, "matching_total", lambda filters: 100_031)
    _as(client, login, make_user(Role.CHAIR))
    assert "100,031 partnerships" in client.get("/secretariat/partnerships").get_data(as_text=True)
    client.post("/logout")
    _as(client, login, make_user(Role.CHAIR, language=Language.ZH))
    chinese = client.get("/secretariat/partnerships").get_data(as_text=True)
    assert "共100,031对绿色合作伙伴" in chinese
