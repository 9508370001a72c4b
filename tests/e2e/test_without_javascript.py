"""The core forms work without JavaScript: a browser with scripts switched off signs in (after a
wrong password, told next to the form) and registers an organization (after a mistake, told
next to the field, with what was typed kept)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.visitors import Visitor
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e


class NoScriptVisitor(Visitor):
    """A visitor whose browser runs no script (the pages are checked by the other journeys:
    axe-core itself needs scripts)."""

    def arrived(self) -> None:
        """The page has loaded and is no error page."""
        self.page.wait_for_load_state("load")
        response = self.audit.document(self.page)
        assert response is not None and response.status == 200, self.page.url


def test_sign_in_and_an_organization_without_javascript(
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
) -> None:
    with live_server.records():
        make_user(email="no.script@lakeshore.example.org", display_name="Noor Haddad")
    noor = NoScriptVisitor(browse(java_script_enabled=False), audit)
    noor.go("/login")
    # USWDS's scripts are on the page but did not run (they set `window.uswdsPresent`).
    assert noor.page.locator("script[src]").count() >= 2
    assert noor.page.evaluate("typeof window.uswdsPresent") == "undefined"

    noor.fill("E-mail address", "no.script@lakeshore.example.org")
    noor.fill("Password", "not the password")
    noor.press("Sign in")
    noor.sees("The e-mail address or password is not correct.")
    noor.fill("Password", PASSWORD)
    noor.press("Sign in")
    noor.sees("Welcome, Noor Haddad")

    noor.follow("Register an organization")
    noor.fill("Name in English", "Lakeshore Energy Cooperative")
    noor.choose("United States")
    noor.select("Type of organization", "Enterprise")
    noor.select("U.S. state or Chinese province", "Michigan – 密歇根州")
    noor.press("Register")
    noor.sees("Enter the organization's name in Chinese.")
    assert noor.field("Name in English").input_value() == "Lakeshore Energy Cooperative"
    noor.fill("Name in Chinese", "湖岸能源合作社")
    noor.press("Register")
    noor.sees("Lakeshore Energy Cooperative is registered. You are its owner.")
