"""Nothing shows an e-mail address of the other side before an introduction is accepted: every
page, feed and API route of `app.url_map` is asked (GET), publicly, as a member of the
requesting side and as a member of the receiving side, over a database holding pending and
declined introductions; once accepted, the introduction page shows both sides' addresses."""

from __future__ import annotations

from io import BytesIO

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from app.extensions import db
from app.introductions.models import IntroductionState
from app.organizations.models import Country
from tests.conftest import sign_in
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_introduction
from tests.test_authorization_matrix import World, world

__all__ = ["world"]

SIGN_OUTS = ("accounts.sign_out", "accounts.sign_out_everywhere")


def _get_routes(app: Flask) -> list[tuple[str, str]]:
    return sorted(
        (rule.endpoint, rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and rule.endpoint != "static"
    )


def _text_of(response) -> str:  # type: ignore[no-untyped-def]
    """What a reader of the answer reads: a PDF's text, else the body as text."""
    data = response.get_data()
    if response.mimetype == "application/pdf":
        reader = PdfReader(BytesIO(data))
        return "".join(page.extract_text() or "" for page in reader.pages)
    return data.decode("utf-8", errors="replace")


def _crawl(app: Flask, client: FlaskClient, values: dict[str, object], hidden: list[str], who):  # type: ignore[no-untyped-def]
    """GET every route with its arguments filled from `values`; the pages where a `hidden`
    address appears, and how many routes were asked."""
    leaks, asked = [], 0
    for endpoint, rule in _get_routes(app):
        url = rule
        for name, value in values.items():
            for form in (f"<int:{name}>", f"<path:{name}>", f"<{name}>"):
                url = url.replace(form, str(value))
        if "<" in url:
            continue
        response = client.get(url)
        asked += 1
        assert response.status_code < 500, (url, response.status_code)
        body = _text_of(response)
        leaks += [f"{url}: {address}" for address in hidden if address.lower() in body.lower()]
        if endpoint in SIGN_OUTS and who is not None:
            sign_in(client, who)
    return leaks, asked


def test_no_page_feed_or_api_route_shows_the_other_sides_address_before_acceptance(
    app: Flask, client: FlaskClient, world: World
) -> None:
    home_members = [world.users["applicant"], world.users["co_member"]]
    asker, declined_by = make_user(), make_user()
    china = make_organization(asker, country=Country.CN)
    beijing = make_organization(declined_by, country=Country.CN)
    pending = make_introduction(china, world.home, asker)
    declined = make_introduction(
        world.home, beijing, world.users["applicant"], state=IntroductionState.DECLINED
    )
    db.session.commit()
    home_addresses = [user.email for user in home_members]
    people = {
        "public": (None, [*home_addresses, asker.email, declined_by.email]),
        "receiving member of the pending request, requester of the declined one": (
            world.users["applicant"],
            [asker.email, declined_by.email],
        ),
        "requesting member of the pending request": (asker, home_addresses),
        "receiving member of the declined request": (declined_by, home_addresses),
    }
    leaks, asked = [], 0
    for who, (user, hidden) in people.items():
        browser = app.test_client()
        if user is not None:
            sign_in(browser, user)
        for introduction in (pending, declined):
            values = {**world.values, "introduction_id": introduction.id}
            found, count = _crawl(app, browser, values, hidden, user)
            leaks += [f"{who}: {leak}" for leak in found]
            asked += count
    assert not leaks, "\n".join(leaks)
    assert asked > 4 * 2 * 100  # every GET route with records to fill it, for everyone


def test_once_accepted_both_sides_see_each_others_addresses(app: Flask) -> None:
    us_member, cn_member = make_user(), make_user()
    us = make_organization(us_member, country=Country.US, street_address="1 Main Street")
    cn = make_organization(cn_member, country=Country.CN)
    introduction = make_introduction(cn, us, state=IntroductionState.ACCEPTED)
    for reader, other in ((us_member, cn_member), (cn_member, us_member)):
        browser = app.test_client()
        sign_in(browser, reader)
        page = browser.get(f"/introductions/{introduction.id}").get_data(as_text=True)
        assert f'href="mailto:{other.email}"' in page, reader
        assert "1 Main Street" in page  # the organization's contact details too
    for state in (IntroductionState.PENDING, IntroductionState.DECLINED):
        introduction.state = state
        introduction.answered_at = None if state == IntroductionState.PENDING else us.created_at
        db.session.flush()
        browser = app.test_client()
        sign_in(browser, us_member)
        page = browser.get(f"/introductions/{introduction.id}").get_data(as_text=True)
        assert cn_member.email not in page and "1 Main Street" not in page
