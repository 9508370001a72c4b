"""The person whose role changes is told when the change takes effect, in their language."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts import appointments
from app.accounts.models import Language, Role, Side
from app.extensions import db
from app.notifications.models import Notification
from tests.factories import make_user

KIND = "accounts.roles_changed"


def told(user_email: str) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.kind == KIND, Notification.to_address == user_email
            )
        )
    )


def test_a_role_granted_at_once_is_mailed_to_the_person() -> None:
    admin = make_user(Role.ADMIN)
    user = make_user()
    appointments.update_account(
        user, roles=[Role.APPLICANT, Role.REVIEWER], side=Side.US, is_active=True, actor=admin
    )
    (mail,) = told(user.email)
    assert mail.subject == "Your roles in the EcoPartnerships portal have changed"
    assert "You now hold these roles: Reviewer." in mail.body_text
    assert "no longer" not in mail.body_text
    assert told(admin.email) == []


def test_a_role_removed_is_mailed_in_the_persons_language() -> None:
    admin = make_user(Role.ADMIN)
    user = make_user(Role.APPLICANT, Role.REVIEWER, side=Side.CN, language=Language.ZH)
    appointments.update_account(
        user, roles=[Role.APPLICANT], side=None, is_active=True, actor=admin
    )
    (mail,) = told(user.email)
    assert mail.subject == "您在中美绿色合作伙伴计划门户中的角色已变更"
    assert "评审专家" in mail.body_text


def test_saving_an_account_without_a_role_change_mails_nobody() -> None:
    admin = make_user(Role.ADMIN)
    user = make_user()
    appointments.update_account(
        user, roles=[Role.APPLICANT], side=None, is_active=True, actor=admin
    )
    assert told(user.email) == []


def test_a_chair_appointment_is_mailed_to_the_person_only_once_confirmed() -> None:
    admin = make_user(Role.ADMIN)
    chair = make_user(Role.CHAIR, side=Side.US)
    user = make_user(Role.REVIEWER, side=Side.US)
    change = appointments.update_account(
        user, roles=[Role.REVIEWER, Role.CHAIR], side=Side.US, is_active=True, actor=admin
    )
    assert change is not None and told(user.email) == []  # only requested: nothing changed yet

    appointments.confirm_change(change, actor=chair)

    (mail,) = told(user.email)
    assert "You now hold these roles: Chair." in mail.body_text


def test_a_chair_removal_is_mailed_to_the_person_once_confirmed() -> None:
    admin = make_user(Role.ADMIN)
    chair = make_user(Role.CHAIR, side=Side.US)
    leaving = make_user(Role.CHAIR, Role.REVIEWER, side=Side.US)
    change = appointments.update_account(
        leaving, roles=[Role.REVIEWER], side=Side.US, is_active=True, actor=admin
    )
    assert change is not None and told(leaving.email) == []
    appointments.confirm_change(change, actor=chair)
    (mail,) = told(leaving.email)
    assert "You no longer hold these roles: Chair." in mail.body_text


def test_the_first_chair_of_a_side_is_told() -> None:
    user = make_user(Role.REVIEWER, side=Side.CN)
    appointments.appoint_first_chair(user, Side.CN)
    (mail,) = told(user.email)
    assert "Chair" in mail.body_text
