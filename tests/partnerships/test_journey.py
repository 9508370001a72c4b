"""The pilot as its people live it, through the pages with CSRF protection on: a selected
proposal becomes a partnership; the partners submit their plan and a chair approves it; a
milestone is done and featured; an update is submitted and published and reaches the public."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from flask.testing import FlaskClient
from sqlalchemy import select

from app import clock
from app.accounts.models import Role
from app.extensions import db
from app.notifications.models import Notification
from app.organizations.models import Country
from app.partnerships import lifecycle
from app.partnerships.models import MilestoneStatus, PlanState
from app.public.read_model import key_accomplishments, published_updates
from app.updates.models import ProgressUpdate, UpdateState
from tests.factories import PASSWORD, make_organization, make_user
from tests.partnerships.factories import make_selected_proposal
from tests.updates.test_services import png


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, page[:400]
    return found.group(1)


def _sign_in(client: FlaskClient, user) -> str:  # type: ignore[no-untyped-def]
    signed_in = client.get("/dashboard")
    if signed_in.status_code == 200:
        client.post("/logout", data={"csrf_token": _token(signed_in.get_data(as_text=True))})
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return _token(client.get("/dashboard").get_data(as_text=True))


def test_plan_milestone_and_update_from_selection_to_the_public_page(csrf_client) -> None:  # type: ignore[no-untyped-def]
    client = csrf_client
    member, chair = (
        make_user(display_name="Dana Partner"),
        make_user(Role.CHAIR, display_name="Chair"),
    )
    us = make_organization(member, name_en="Cedar City (Demo)")
    cn = make_organization(country=Country.CN, name_en="Yunshan (Demo)", name_zh="云山（演示）")

    with clock.frozen_at(datetime(2026, 8, 1, 14, tzinfo=UTC)):
        proposal = make_selected_proposal(us, cn, year=2026)
        partnership = lifecycle.create_partnership_from_proposal(proposal, actor=chair)
        base = f"/workspace/partnerships/{partnership.id}"

        # The partners find their partnership and what is due.
        token = _sign_in(client, member)
        dashboard = client.get("/dashboard").get_data(as_text=True)
        assert "Cedar City (Demo) – Yunshan (Demo)" in dashboard
        assert "Submit the draft Implementation Plan" in dashboard

        # The seeded plan has a task without a date: submitting says what is missing.
        page = client.post(
            f"{base}/plan/submit", data={"csrf_token": token}, follow_redirects=True
        ).get_data(as_text=True)
        assert "Task 2.1: Give the task a due date." in page
        plan = partnership.plans[0]
        form_page = client.get(f"{base}/plan/edit").get_data(as_text=True)
        assert 'value="Install sensors"' in form_page
        data = {
            "csrf_token": token,
            "version": str(plan.version),
            "body": "We install, share, then write.",
        }
        for i, task in enumerate(plan.tasks):
            data |= {
                f"tasks-{i}-pilot_year": str(task.pilot_year),
                f"tasks-{i}-number": str(task.number),
                f"tasks-{i}-title_en": task.title_en,
                f"tasks-{i}-title_zh": task.title_zh,
                f"tasks-{i}-target": task.target,
                f"tasks-{i}-due_on": "2026-11-30" if task.pilot_year == 1 else "2027-09-30",
            }
        assert client.post(f"{base}/plan/edit", data=data).status_code == 302
        page = client.post(
            f"{base}/plan/submit", data={"csrf_token": token}, follow_redirects=True
        ).get_data(as_text=True)
        assert "Version 1 of the plan is submitted to the Secretariat." in page

    with clock.frozen_at(datetime(2026, 9, 10, 3, tzinfo=UTC)):
        # A chair sees it waiting, and approves.
        token = _sign_in(client, chair)
        page = client.get("/secretariat/partnerships").get_data(as_text=True)
        assert "Plans waiting for approval" in page
        review = f"/secretariat/partnerships/{partnership.id}/plan/versions/1"
        token = _token(client.get(review).get_data(as_text=True))
        response = client.post(
            f"{review}/approve",
            data={"csrf_token": token, "comments": "Approved; report every six months."},
        )
        assert response.status_code == 302
        assert plan.state == PlanState.APPROVED and len(partnership.milestones) == 3

    with clock.frozen_at(datetime(2026, 12, 2, 15, tzinfo=UTC)):
        # The first milestone is done and featured.
        token = _sign_in(client, member)
        milestone = partnership.milestones[0]
        url = f"{base}/milestones/{milestone.id}"
        token = _token(client.get(url).get_data(as_text=True))
        response = client.post(
            url,
            data={
                "csrf_token": token,
                "version": str(milestone.version),
                "status": "done",
                "status_on": "2026-11-28",
                "evidence": "24 sensors online since 28 November.",
                "key_accomplishment": "y",
            },
        )
        assert response.status_code == 302
        assert milestone.status == MilestoneStatus.DONE and milestone.is_key_accomplishment_pending

        # An update with a picture, declared non-business-sensitive, submitted.
        new = f"{base}/updates/new"
        token = _token(client.get(new).get_data(as_text=True))
        response = client.post(
            new,
            data={
                "csrf_token": token,
                "title": "Sensors are live",
                "language": "en",
                "visibility": "public",
                "body": "All **24** sensors report daily.",
                "image_alt": "A sensor on a pole",
                "image": (io.BytesIO(png(80, 60)), "sensor.png"),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
        update = db.session.scalars(select(ProgressUpdate)).one()
        show = client.get(response.headers["Location"]).get_data(as_text=True)
        token = _token(show)
        response = client.post(
            f"{base}/updates/{update.id}/submit", data={"csrf_token": token, "declaration": "y"}
        )
        assert response.status_code == 302 and update.state == UpdateState.SUBMITTED

    with clock.frozen_at(datetime(2026, 12, 3, 2, tzinfo=UTC)):
        # A chair publishes it.
        token = _sign_in(client, chair)
        assert "Sensors are live" in client.get("/secretariat/partnerships/updates").get_data(
            as_text=True
        )
        token = _token(
            client.get(f"/secretariat/partnerships/{partnership.id}/updates/{update.id}").get_data(
                as_text=True
            )
        )
        response = client.post(
            f"/secretariat/partnerships/{partnership.id}/updates/{update.id}/publish",
            data={"csrf_token": token},
        )
        assert response.status_code == 302 and update.state == UpdateState.PUBLISHED
        # The Key Accomplishment waits for a chair's review before the public sees it.
        assert key_accomplishments(partnership) == []
        manage = client.get(f"/secretariat/partnerships/{partnership.id}").get_data(as_text=True)
        assert "Key Accomplishments to review" in manage and "24 sensors online" in manage
        response = client.post(
            f"/secretariat/partnerships/{partnership.id}/milestones/{milestone.id}/feature",
            data={"csrf_token": _token(manage)},
        )
        assert response.status_code == 302 and milestone.is_key_accomplishment

    # What the public pages read, and the picture for anyone.
    assert key_accomplishments(partnership) == [milestone]
    assert published_updates(partnership) == [update]
    client.post("/logout", data={"csrf_token": token})
    picture = client.get(f"/updates/{update.id}/image/{update.image_name}")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    subjects = set(
        db.session.scalars(
            select(Notification.subject).where(Notification.recipient_id == member.id)
        )
    )
    assert {
        "Implementation Plan approved: Cedar City (Demo) – Yunshan (Demo)",
        "Update published: Sensors are live",
    } <= subjects
