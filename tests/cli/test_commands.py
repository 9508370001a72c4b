"""Command-line tasks."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Role, Side, User
from app.extensions import db


def test_create_user_with_role_and_side(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "Chair.CN@Example.org",
            "--password",
            "a long chair password",
            "--role",
            "chair",
            "--role",
            "reviewer",
            "--side",
            "CN",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(User).where(User.email == "chair.cn@example.org")).one()
    assert user.role_set == {Role.CHAIR, Role.REVIEWER}
    assert user.side == Side.CN
    assert user.is_email_confirmed


def test_create_user_refuses_a_weak_password_and_writes_nothing(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "a@example.org",
            "--password",
            "password",
            "--role",
            "admin",
        ]
    )
    assert result.exit_code != 0
    assert "12 characters" in result.output
    assert db.session.scalar(select(User).where(User.email == "a@example.org")) is None


def test_create_user_refuses_a_reviewer_without_side(app) -> None:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "r@example.org",
            "--password",
            "a long reviewer pw",
            "--role",
            "reviewer",
        ]
    )
    assert result.exit_code != 0
    assert "side" in result.output
