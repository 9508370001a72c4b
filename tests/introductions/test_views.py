"""The introduction pages: the offer on a profile (and what the public cache may keep of it),
the request form with its refusals at the field and nothing typed lost, the list of my
organizations' requests in a constant number of queries, the request page, and the dashboard
card of a request waiting for an answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.introductions.models import Introduction, IntroductionState
from app.organizations.models import Country
from app.public import response_cache
from app.public.caching import conditional, forget_derived
from tests.conftest import sign_in
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_introduction, make_pair
from tests.public.conftest import count_queries

__all__ = ["count_queries"]

MARKUP = '<img src=x onerror="alert(1)"> <b>bold</b>'
SIGN_IN_OFFER = "Sign in to request an introduction"
OFFER = ">Request an introduction</a>"


def _profile(client: FlaskClient, organization_id: int) -> str:
    response = client.get(f"/organizations/{organization_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_profile_offers_an_introduction_to_the_other_side_only(
    app: Flask, client: FlaskClient
) -> None:
    pair = make_pair()
    neighbour = make_organization(make_user(), country=Country.US)
    anonymous = _profile(client, pair.us.id)
    assert SIGN_IN_OFFER in anonymous and OFFER not in anonymous
    sign_in(client, pair.us_member)
    assert OFFER in _profile(client, pair.cn.id)  # the other country
    own, same_country = _profile(client, pair.us.id), _profile(client, neighbour.id)
    for page in (own, same_country):
        assert OFFER not in page and SIGN_IN_OFFER not in page


@pytest.fixture
def cached_profiles(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The profile as a cached public page (the cache of whole answers on, the view made
    `conditional` as the public pages are): what the fast path would serve."""
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_BYTES", 4 * 1024 * 1024)
    view = app.view_functions["organizations.profile"]
    monkeypatch.setitem(app.view_functions, "organizations.profile", conditional(page=True)(view))
    response_cache.forget()
    forget_derived()
    yield
    response_cache.forget()
    forget_derived()


def test_the_signed_in_offer_never_reaches_the_public_cache(
    app: Flask, client: FlaskClient, cached_profiles: None
) -> None:
    pair = make_pair()
    db.session.commit()
    sign_in(client, pair.us_member)
    signed_in = client.get(f"/organizations/{pair.cn.id}")
    assert OFFER in signed_in.get_data(as_text=True)
    assert "no-store" in signed_in.headers["Cache-Control"]
    for _ in range(2):  # the first stores the anonymous answer, the second is served from it
        page = _profile(app.test_client(), pair.cn.id)
        assert SIGN_IN_OFFER in page and OFFER not in page


def _form(client: FlaskClient, target_id: int, **data: object):  # type: ignore[no-untyped-def]
    return client.post(f"/introductions/new/{target_id}", data=data)


def test_a_request_sent_through_the_form_lands_on_its_page(client: FlaskClient) -> None:
    pair = make_pair()
    sign_in(client, pair.us_member)
    page = client.get(f"/introductions/new/{pair.cn.id}").get_data(as_text=True)
    assert f'<option selected value="{pair.us.id}">' in page
    response = _form(client, pair.cn.id, organization_id=pair.us.id, message=MARKUP)
    assert response.status_code == 302
    introduction = db.session.scalars(select(Introduction)).one()
    assert response.headers["Location"].endswith(f"/introductions/{introduction.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>bold</b>" not in page and "<img src=x" not in page


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("own", "organization_id"),
        ("same_country", "organization_id"),
        ("pending", "organization_id"),
        ("too_long", "message"),
        ("empty", "message"),
    ],
)
def test_bad_input_comes_back_at_its_field_with_the_text_kept(
    client: FlaskClient, case: str, field: str
) -> None:
    pair = make_pair()
    target = {
        "own": pair.us,
        "same_country": make_organization(make_user(), country=Country.US),
    }.get(case, pair.cn)
    if case == "pending":
        make_introduction(pair.cn, pair.us)
    message = {"too_long": "word " * 250, "empty": "  "}.get(case, "Clean air together?")
    sign_in(client, pair.us_member)
    response = _form(client, target.id, organization_id=pair.us.id, message=message)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and "There is a problem" in page
    if message.strip():
        assert message.strip() in page  # nothing typed is lost
    pending = IntroductionState.PENDING
    expected = 1 if case == "pending" else 0
    count = db.session.scalar(
        select(func.count(Introduction.id)).where(Introduction.state == pending)
    )
    assert count == expected


def test_over_the_limit_the_form_says_so_and_keeps_the_message(client: FlaskClient) -> None:
    pair = make_pair()
    for _ in range(5):
        make_introduction(pair.us, make_organization(make_user(), country=Country.CN))
    sign_in(client, pair.us_member)
    response = _form(client, pair.cn.id, organization_id=pair.us.id, message="My sixth one")
    page = response.get_data(as_text=True)
    assert "5 introduction requests in the last 24 hours" in page
    assert 'id="message-error"' in page and "My sixth one" in page


def test_the_list_shows_sent_and_received_requests_with_their_states(
    client: FlaskClient,
) -> None:
    pair = make_pair()
    make_introduction(pair.cn, pair.us)
    other = make_organization(make_user(), country=Country.CN, name_en="Shenzhen Water Bureau")
    make_introduction(pair.us, other, state=IntroductionState.DECLINED)
    sign_in(client, pair.us_member)
    page = client.get("/introductions").get_data(as_text=True)
    received, sent = page.split("Requests sent</h2>")
    assert pair.cn.name_en in received and "Waiting for an answer" in received
    assert "Shenzhen Water Bureau" in sent and "Declined" in sent


def _many(pair, count: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        make_introduction(make_organization(make_user(), country=Country.CN), pair.us)
        make_introduction(pair.us, make_organization(make_user(), country=Country.CN))


def test_the_list_costs_the_same_queries_for_two_requests_as_for_twenty(
    app: Flask, client: FlaskClient, count_queries
) -> None:  # type: ignore[no-untyped-def]
    few, many = make_pair(), make_pair()
    _many(few, 1)
    _many(many, 10)
    counts = []
    for pair in (few, many):
        browser = app.test_client()
        sign_in(browser, pair.us_member)
        db.session.commit()
        db.session.expire_all()
        with count_queries() as statements:
            page = browser.get("/introductions").get_data(as_text=True)
        sent_and_received = db.session.scalars(
            select(Introduction).where(
                (Introduction.to_organization_id == pair.us.id)
                | (Introduction.from_organization_id == pair.us.id)
            )
        ).all()
        assert page.count('href="/introductions/') == len(sent_and_received)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 12, counts


def test_a_pending_request_is_a_card_on_the_receivers_dashboard(client: FlaskClient) -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    sign_in(client, pair.us_member)
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'data-next-task="introduction"' in page
    assert f'href="/introductions/{introduction.id}"' in page and "Answer the request" in page
    introduction.state = IntroductionState.DECLINED
    introduction.answered_at = introduction.created_at
    db.session.flush()
    assert 'data-next-task="introduction"' not in client.get("/dashboard").get_data(as_text=True)


def test_the_receiver_answers_on_the_page_and_the_requester_withdraws(
    app: Flask, client: FlaskClient
) -> None:
    pair = make_pair()
    first = make_introduction(pair.cn, pair.us)
    sign_in(client, pair.us_member)
    page = client.get(f"/introductions/{first.id}").get_data(as_text=True)
    assert "Accept the introduction" in page and "Report this request as abuse" in page
    assert "Withdraw the request" not in page
    client.post(f"/introductions/{first.id}/decline")
    assert first.state == IntroductionState.DECLINED
    second = make_introduction(pair.us, pair.cn)
    page = client.get(f"/introductions/{second.id}").get_data(as_text=True)
    assert "Withdraw the request" in page and "Accept the introduction" not in page
    client.post(f"/introductions/{second.id}/withdraw")
    assert second.state == IntroductionState.WITHDRAWN


def test_the_report_form_keeps_its_reason_when_refused_and_files_it(client: FlaskClient) -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    sign_in(client, pair.us_member)
    response = client.post(f"/introductions/{introduction.id}/report", data={"reason": "x" * 1001})
    assert 'id="reason-error"' in response.get_data(as_text=True)
    assert not introduction.is_reported
    response = client.post(f"/introductions/{introduction.id}/report", data={"reason": "Spam"})
    assert response.status_code == 302 and introduction.is_reported


def test_someone_of_neither_side_gets_403(client: FlaskClient) -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    outsider = make_user()
    make_organization(outsider, country=Country.US)
    sign_in(client, outsider)
    assert client.get(f"/introductions/{introduction.id}").status_code == 403
    assert client.post(f"/introductions/{introduction.id}/accept").status_code == 403
