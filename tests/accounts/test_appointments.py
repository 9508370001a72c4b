"""The chair role changes only on two people's word (app.accounts.appointments)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts import appointments
from app.accounts.models import Role, RoleChangeState, Side
from app.accounts.policy import chair_since
from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from tests.factories import make_user


def mails(kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


def test_other_roles_change_at_once_and_need_a_side_only_for_the_secretariat() -> None:
    admin = make_user(Role.ADMIN)
    user = make_user()
    with pytest.raises(ServiceError):
        appointments.update_account(
            user, roles=[Role.REVIEWER], side=None, is_active=True, actor=admin
        )
    with pytest.raises(ServiceError):
        appointments.update_account(
            user, roles=[Role.APPLICANT], side=Side.CN, is_active=True, actor=admin
        )
    change = appointments.update_account(
        user, roles=[Role.REVIEWER], side=Side.CN, is_active=True, actor=admin
    )
    assert change is None and user.role_set == {Role.REVIEWER} and user.side == Side.CN
    event = db.session.scalars(select(Event).where(Event.action == "user.account_updated")).one()
    assert event.details["after"]["roles"] == ["reviewer"] and event.actor_id == admin.id


def test_an_administrator_appointing_a_chair_only_files_a_request_every_chair_hears_of() -> None:
    admin = make_user(Role.ADMIN)
    chair_us = make_user(Role.CHAIR, side=Side.US)
    chair_cn = make_user(Role.CHAIR, side=Side.CN)
    user = make_user(Role.REVIEWER, side=Side.US)
    change = appointments.update_account(
        user, roles=[Role.REVIEWER, Role.CHAIR], side=Side.US, is_active=True, actor=admin
    )
    assert change is not None and change.state == RoleChangeState.PENDING
    assert not user.has_role(Role.CHAIR)
    told = {mail.to_address for mail in mails("accounts.role_change")}
    assert told == {chair_us.email, chair_cn.email}
    # The administrator cannot confirm, nor can the Chinese chair; the U.S. chair can.
    for wrong in (admin, chair_cn, user):
        with pytest.raises(ServiceError):
            appointments.confirm_change(change, actor=wrong)
    appointments.confirm_change(change, actor=chair_us)
    assert user.has_role(Role.CHAIR) and change.state == RoleChangeState.CONFIRMED
    assert chair_since(user) is not None


def test_nobody_changes_their_own_roles() -> None:
    admin = make_user(Role.ADMIN)
    with pytest.raises(ServiceError):
        appointments.update_account(
            admin, roles=[Role.ADMIN, Role.CHAIR], side=Side.US, is_active=True, actor=admin
        )
    with pytest.raises(ServiceError):
        appointments.update_account(
            admin, roles=[Role.APPLICANT], side=None, is_active=True, actor=admin
        )
    with pytest.raises(ServiceError):
        appointments.update_account(
            admin, roles=[Role.ADMIN], side=None, is_active=False, actor=admin
        )
    assert admin.role_set == {Role.ADMIN} and admin.is_active


def test_an_admin_who_is_also_a_chair_cannot_confirm_his_own_request() -> None:
    admin_chair = make_user(Role.ADMIN, Role.CHAIR, side=Side.US)
    accomplice = make_user(Role.REVIEWER, side=Side.US)
    change = appointments.update_account(
        accomplice,
        roles=[Role.REVIEWER, Role.CHAIR],
        side=Side.US,
        is_active=True,
        actor=admin_chair,
    )
    assert change is not None
    with pytest.raises(ServiceError):
        appointments.confirm_change(change, actor=admin_chair)
    assert not accomplice.has_role(Role.CHAIR)


def test_removal_is_two_person_too_and_a_refusal_changes_nothing() -> None:
    admin = make_user(Role.ADMIN)
    chair = make_user(Role.CHAIR, side=Side.CN)
    other = make_user(Role.CHAIR, side=Side.CN)
    change = appointments.update_account(
        chair, roles=[Role.APPLICANT], side=None, is_active=True, actor=admin
    )
    assert change is not None and not change.grant and chair.has_role(Role.CHAIR)
    appointments.refuse_change(change, actor=other)
    assert change.state == RoleChangeState.REFUSED and chair.has_role(Role.CHAIR)
    again = appointments.update_account(
        chair, roles=[Role.APPLICANT], side=None, is_active=True, actor=admin
    )
    assert again is not None
    appointments.confirm_change(again, actor=other)
    assert not chair.has_role(Role.CHAIR) and chair.side is None


def test_a_chair_keeps_their_side() -> None:
    admin = make_user(Role.ADMIN)
    chair = make_user(Role.CHAIR, side=Side.US)
    with pytest.raises(ServiceError) as refused:
        appointments.update_account(
            chair, roles=[Role.CHAIR], side=Side.CN, is_active=True, actor=admin
        )
    assert refused.value.field == "side" and chair.side == Side.US


def test_deactivating_a_chair_tells_the_other_chairs() -> None:
    admin = make_user(Role.ADMIN)
    chair = make_user(Role.CHAIR, side=Side.US)
    other = make_user(Role.CHAIR, side=Side.CN)
    appointments.update_account(
        chair, roles=[Role.CHAIR], side=Side.US, is_active=False, actor=admin
    )
    assert [m.to_address for m in mails("accounts.chair_deactivated")] == [other.email]


def test_the_first_chair_of_a_side_comes_from_the_server_only_while_there_is_none(
    app: Flask,
) -> None:
    user = make_user(Role.REVIEWER, side=Side.CN)
    result = app.test_cli_runner().invoke(
        args=["appoint-chair", "--email", user.email, "--side", "CN"]
    )
    assert result.exit_code == 0, result.output
    assert user.has_role(Role.CHAIR)
    assert db.session.scalars(
        select(Event).where(Event.action == "role.first_chair_appointed")
    ).one()
    second = make_user(Role.REVIEWER, side=Side.CN)
    refused = app.test_cli_runner().invoke(
        args=["appoint-chair", "--email", second.email, "--side", "CN"]
    )
    assert refused.exit_code != 0 and "has a chair" in refused.output
    assert not second.has_role(Role.CHAIR)


def test_the_appointments_page_lets_the_right_chair_confirm(client, login) -> None:  # type: ignore[no-untyped-def]
    admin = make_user(Role.ADMIN)
    chair_us = make_user(Role.CHAIR, side=Side.US)
    chair_cn = make_user(Role.CHAIR, side=Side.CN)
    user = make_user(Role.REVIEWER, side=Side.US)
    login(admin)
    response = client.post(
        f"/admin/users/{user.id}",
        data={"roles": ["reviewer", "chair"], "side": "US", "is_active": "y"},
        follow_redirects=True,
    )
    assert "confirms it" in response.get_data(as_text=True)
    assert not user.has_role(Role.CHAIR)
    change = appointments.pending_change(user)
    assert change is not None
    client.post("/logout")
    login(chair_cn)
    assert client.post(f"/appointments/{change.id}/confirm").status_code == 403
    client.post("/logout")
    login(chair_us)
    page = client.get("/appointments").get_data(as_text=True)
    assert user.display_name in page and "Confirm" in page
    client.post(f"/appointments/{change.id}/confirm")
    db.session.refresh(user)
    assert user.has_role(Role.CHAIR)
