"""The authorization matrix: every route, as every role, gets the expected answer.

The table below must name every endpoint of `app.url_map`; a new route without a row fails the
suite, so permissions are decided when a route is written, not discovered later.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from app import create_app, permissions
from app.accounts.models import Role, Side
from app.permissions import requires
from tests.conftest import sign_in
from tests.factories import make_organization, make_user

ROLES = (
    "anonymous",
    "applicant",
    "co_member",
    "other_applicant",
    "reviewer",
    "chair_us",
    "chair_cn",
    "admin",
)

OK, LOGIN, FORBIDDEN = "ok", "login", "forbidden"


def allow(*roles: str) -> dict[str, str]:
    """Roles that may; anonymous users are sent to sign in and the rest are refused."""
    return {
        role: OK if role in roles else (LOGIN if role == "anonymous" else FORBIDDEN)
        for role in ROLES
    }


EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = allow(*ROLES[1:])
APPLICANTS = allow("applicant", "co_member", "other_applicant")
HOME_MEMBERS = allow("applicant", "co_member")
HOME_OWNER = allow("applicant")
ADMINS = allow("admin")

EXPECTED: dict[str, dict[str, str]] = {
    "public.home": EVERYONE,
    "public.healthz": EVERYONE,
    "public.switch_language": EVERYONE,
    "public.dashboard": SIGNED_IN,
    "accounts.register": EVERYONE,
    "accounts.sign_in": EVERYONE,
    "accounts.sign_out": EVERYONE,
    "accounts.confirm_email": EVERYONE,
    "accounts.forgot_password": EVERYONE,
    "accounts.reset_password": EVERYONE,
    "accounts.resend_confirmation": SIGNED_IN,
    "accounts.profile": SIGNED_IN,
    "accounts.change_password": SIGNED_IN,
    "admin.users": ADMINS,
    "admin.edit_user": ADMINS,
    "organizations.mine": APPLICANTS,
    "organizations.create": APPLICANTS,
    "organizations.profile": EVERYONE,
    "organizations.edit": HOME_MEMBERS,
    "organizations.members": HOME_OWNER,
    "organizations.remove_member": HOME_OWNER,
    "organizations.revoke_invitation": HOME_OWNER,
    "organizations.invitation": SIGNED_IN,
}


@dataclass
class World:
    """The records the routes are asked about, and a user per role."""

    users: dict[str, object]
    values: dict[str, object]


@pytest.fixture
def world() -> World:
    applicant, co_member, other = make_user(), make_user(), make_user()
    users = {
        "applicant": applicant,
        "co_member": co_member,
        "other_applicant": other,
        "reviewer": make_user(Role.REVIEWER, side=Side.US),
        "chair_us": make_user(Role.CHAIR, Role.REVIEWER, side=Side.US),
        "chair_cn": make_user(Role.CHAIR, Role.REVIEWER, side=Side.CN),
        "admin": make_user(Role.ADMIN),
    }
    home = make_organization(applicant, co_member)
    make_organization(other)
    values = {"organization_id": home.id, "user_id": applicant.id, "token": "not-a-valid-token"}
    return World(users=users, values=values)


def routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route of the portal."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in permissions.BUILT_IN_PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return found


def test_every_route_has_a_row_and_a_declared_rule(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _, _ in routes(app)}
    missing, stale = endpoints - set(EXPECTED), set(EXPECTED) - endpoints
    assert not missing and not stale, f"missing rows: {sorted(missing)}; stale: {sorted(stale)}"
    for endpoint in endpoints:
        assert getattr(app.view_functions[endpoint], "permission", None) is not None, endpoint


def outcome(response) -> str:  # type: ignore[no-untyped-def]
    if response.status_code == 403:
        return FORBIDDEN
    if (
        response.status_code == 302
        and "/login" in response.headers["Location"]
        and "next=" in response.headers["Location"]
    ):
        return LOGIN
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    return OK


@pytest.mark.parametrize("role", ROLES)
def test_matrix(app: Flask, client, world: World, role: str) -> None:  # type: ignore[no-untyped-def]
    if role != "anonymous":
        sign_in(client, world.users[role])
    mismatches = []
    for endpoint, method, rule in routes(app):
        url = rule
        for name, value in world.values.items():
            url = url.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
        response = client.open(url, method=method, data={})
        got = outcome(response)
        if got != EXPECTED[endpoint][role]:
            expected = EXPECTED[endpoint][role]
            mismatches.append(
                f"{method} {url}: expected {expected}, got {got} ({response.status_code})"
            )
        if endpoint == "accounts.sign_out" and role != "anonymous":
            sign_in(client, world.users[role])  # stay signed in for the remaining routes
    assert not mismatches, "\n".join(mismatches)


def test_a_route_without_a_declared_rule_is_refused() -> None:
    app = create_app("testing")
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    app.add_url_rule("/declared", "declared", requires(permissions.anyone)(lambda: "fine"))
    client = app.test_client()
    assert client.get("/undeclared").status_code == 403
    assert client.get("/declared").status_code == 200


def test_a_missing_record_is_404_for_everyone(client, world: World) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/organizations/999999/edit").status_code == 404
    sign_in(client, world.users["admin"])
    assert client.get("/admin/users/999999").status_code == 404
