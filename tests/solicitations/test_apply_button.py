"""The first step to apply, on a call's page and on the home page: "Start your proposal" for an
applicant with an organization, "Sign in or create an account to apply" for an anonymous
reader, "Register your organization to apply" for an applicant without one; nothing while no
call takes proposals, nor for the Secretariat."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from app import clock
from app.accounts.models import Role
from app.solicitations.models import Solicitation, SolicitationStatus
from app.solicitations.queries import ApplyStep, apply_step
from tests.factories import make_organization, make_user
from tests.solicitations.factories import make_solicitation

NOW = datetime(2027, 5, 29, 12, 0, tzinfo=UTC)
APPLY = re.compile(
    r'<a class="usa-button usa-button--big" href="([^"]+)" data-apply="(\w+)">([^<]+)</a>'
)


@pytest.fixture(autouse=True)
def frozen_now():  # type: ignore[no-untyped-def]
    with clock.frozen_at(NOW):
        yield


def open_call() -> Solicitation:
    return make_solicitation(status=SolicitationStatus.OPEN)


def buttons(client: FlaskClient, path: str) -> list[tuple[str, str, str]]:
    """The apply buttons on the page at `path`: (href, step, label)."""
    response = client.get(path)
    assert response.status_code == 200
    return APPLY.findall(response.get_data(as_text=True))


def pages(call: Solicitation) -> list[str]:
    return [f"/solicitations/{call.id}", "/"]


def test_an_applicant_with_an_organization_starts_a_proposal(client, login) -> None:  # type: ignore[no-untyped-def]
    call = open_call()
    applicant = make_user()
    make_organization(applicant)
    login(applicant)
    for path in pages(call):
        assert buttons(client, path) == [("/proposals/new", "start", "Start your proposal")], path
    assert client.get("/proposals/new").status_code == 200  # and the page it leads to opens


def test_an_anonymous_reader_signs_in_first_and_comes_back_to_the_new_proposal(client) -> None:  # type: ignore[no-untyped-def]
    call = open_call()
    for path in pages(call):
        [(href, step, label)] = buttons(client, path)
        assert (step, label) == ("sign_in", "Sign in or create an account to apply")
        parts = urlsplit(href)
        assert parts.path == "/login" and parse_qs(parts.query)["next"] == ["/proposals/new"]
    page = client.get(href).get_data(as_text=True)
    assert 'href="/register"' in page  # "create an account" is one link away


def test_an_applicant_without_an_organization_registers_one_first(client, login) -> None:  # type: ignore[no-untyped-def]
    call = open_call()
    login(make_user())
    for path in pages(call):
        assert buttons(client, path) == [
            ("/organizations/new", "register_organization", "Register your organization to apply")
        ]


@pytest.mark.parametrize("roles", [(Role.REVIEWER,), (Role.CHAIR, Role.REVIEWER), (Role.ADMIN,)])
def test_the_secretariat_and_administrators_are_offered_nothing(client, login, roles) -> None:  # type: ignore[no-untyped-def]
    call = open_call()
    login(make_user(*roles))
    for path in pages(call):
        assert buttons(client, path) == [], path


@pytest.mark.parametrize(
    "status", [SolicitationStatus.CLOSED, SolicitationStatus.DECISIONS_PUBLISHED]
)
def test_no_button_once_the_call_is_closed(client, login, status) -> None:  # type: ignore[no-untyped-def]
    call = make_solicitation(status=status)
    assert buttons(client, f"/solicitations/{call.id}") == []  # anonymous
    applicant = make_user()
    make_organization(applicant)
    login(applicant)
    assert buttons(client, f"/solicitations/{call.id}") == []
    assert buttons(client, "/") == []


def test_no_button_past_the_deadline_before_a_chair_closes_the_call(client) -> None:  # type: ignore[no-untyped-def]
    call = make_solicitation(status=SolicitationStatus.OPEN, closes_at=NOW + timedelta(seconds=1))
    assert len(buttons(client, f"/solicitations/{call.id}")) == 1
    with clock.frozen_at(NOW + timedelta(seconds=1)):  # the deadline, to the second
        assert buttons(client, f"/solicitations/{call.id}") == []
        assert buttons(client, "/") == []


def test_no_button_before_the_call_opens() -> None:
    call = make_solicitation(status=SolicitationStatus.OPEN, opens_at=NOW + timedelta(days=1))
    assert apply_step(None, call) is None
    assert apply_step(None, None) is None
    assert apply_step(None, open_call()) == ApplyStep.SIGN_IN
