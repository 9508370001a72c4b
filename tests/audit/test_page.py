"""The audit page: who reads it, its filters, its pages, its CSV and the record pages' links."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from app.accounts.models import Language, Role, Side, User
from app.audit import views
from app.audit.models import Event
from app.audit.services import record_event
from app.audit.views import PER_PAGE
from app.extensions import db
from app.proposals.models import ProposalState
from app.spreadsheets import BOM
from tests.conftest import sign_in
from tests.factories import make_organization, make_user
from tests.partnerships.factories import make_partnership
from tests.proposals.factories import make_proposal
from tests.reviews.factories import make_chair, make_decision, make_reviewer
from tests.solicitations.factories import make_solicitation

# 10:30 UTC on 1 March 2027: 05:30 in New York, 18:30 in Beijing.
MORNING = datetime(2027, 3, 1, 10, 30, tzinfo=UTC)


def _at(event: Event, moment: datetime) -> Event:
    event.occurred_at = moment  # before the flush: a recorded event never changes
    db.session.flush()
    return event


def _page(client: FlaskClient, **query: object) -> str:
    response = client.get("/audit/", query_string=query)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def chair() -> User:
    return make_chair(Side.CN, display_name="Li Wei", time_zone="Asia/Shanghai")


# --- who reads it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "status"),
    [
        (lambda: make_chair(Side.US), 200),
        (lambda: make_chair(Side.CN), 200),
        (lambda: make_user(Role.ADMIN), 200),
        (lambda: make_reviewer(Side.US), 403),
        (lambda: make_user(Role.APPLICANT), 403),
    ],
)
def test_only_chairs_and_administrators_read_the_log(
    client: FlaskClient, make: object, status: int
) -> None:
    sign_in(client, make())  # type: ignore[operator]
    assert client.get("/audit/").status_code == status
    assert client.get("/audit/events.csv").status_code == status


def test_anonymous_readers_are_sent_to_sign_in(client: FlaskClient) -> None:
    for url in ("/audit/", "/audit/events.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_navigation_links_to_the_log_for_its_readers_only(
    client: FlaskClient, chair: User
) -> None:
    reviewer = make_reviewer(Side.US)
    sign_in(client, reviewer)
    assert "/audit/" not in client.get("/dashboard").get_data(as_text=True)
    client.post("/logout")
    sign_in(client, chair)
    assert 'href="/audit/"' in client.get("/dashboard").get_data(as_text=True)


# --- what it shows ----------------------------------------------------------------------------


def test_each_event_is_a_sentence_with_its_time_newest_first(
    client: FlaskClient, chair: User
) -> None:
    proposal = make_proposal(reference="EP-2027-004")
    _at(record_event("proposal.submitted", proposal, actor=chair), MORNING)
    _at(record_event("proposal.withdrawn", proposal, actor=chair), MORNING + timedelta(hours=1))
    sign_in(client, chair)
    page = _page(client, lang="en")
    submitted = "Chair Li Wei (CN) submitted the proposal EP-2027-004"
    withdrawn = "Chair Li Wei (CN) withdrew the proposal EP-2027-004"
    assert submitted in page and withdrawn in page
    assert page.index(withdrawn) < page.index(submitted)
    assert 'datetime="2027-03-01T10:30:00+00:00"' in page
    assert "proposal.submitted" not in page.split("<tbody>")[1]  # words, not codes


def test_the_page_speaks_the_readers_language(client: FlaskClient) -> None:
    reader = make_chair(Side.CN, display_name="李伟", language=Language.ZH)
    record_event("proposal.submitted", make_proposal(reference="EP-2027-004"), actor=reader)
    sign_in(client, reader)
    page = _page(client)
    assert "主席李伟（中方）提交了申请书 EP-2027-004" in page
    assert "审计日志" in page


def test_the_page_costs_the_same_queries_for_few_or_many_events(
    client: FlaskClient, chair: User, count_queries
) -> None:  # type: ignore[no-untyped-def]
    def record_a_round() -> None:
        applicant = make_user()
        proposal = make_proposal()
        partnership = make_partnership()
        organization = make_organization(applicant)
        record_event("proposal.submitted", proposal, actor=applicant)
        record_event("decision.proposed", make_decision(proposal, chair), actor=chair,
                     outcome="selected", proposal=proposal.reference)  # fmt: skip
        record_event("partnership.updated", partnership, actor=chair, changes=["goal_en"])
        record_event("organization.updated", organization, actor=applicant, changes=["city"])
        record_event("user.signed_in", applicant, actor=applicant)

    sign_in(client, chair)
    record_a_round()
    with count_queries() as few:
        _page(client)
    for _ in range(8):
        record_a_round()
    with count_queries() as many:
        page = _page(client)
    assert page.count("<tr>") > 40
    assert len(many) == len(few), (len(few), len(many))


# --- filters ---------------------------------------------------------------------------------


@pytest.fixture
def three_events(chair: User) -> dict[str, object]:
    """A proposal submitted by an applicant on 1 March, a partnership updated by the chair on
    2 March, an organization created on 3 March (UTC mornings)."""
    applicant = make_user(display_name="Pat Applicant", email="pat@example.org")
    proposal = make_proposal(reference="EP-2027-004")
    partnership = make_partnership()
    organization = make_organization(applicant, name_en="Utah Office of Energy")
    _at(record_event("proposal.submitted", proposal, actor=applicant), MORNING)
    _at(record_event("partnership.updated", partnership, actor=chair, changes=["goal_en"]),
        MORNING + timedelta(days=1))  # fmt: skip
    _at(record_event("organization.created", organization, actor=applicant, name="x"),
        MORNING + timedelta(days=2))  # fmt: skip
    return {"proposal": proposal, "partnership": partnership, "applicant": applicant}


SUBMITTED = "submitted the proposal EP-2027-004"
UPDATED = "updated the partnership"
CREATED = "registered the organization Utah Office of Energy"


def _shown(page: str) -> set[str]:
    return {text for text in (SUBMITTED, UPDATED, CREATED) if text in page}


def test_filter_by_record_type_and_id(client: FlaskClient, chair: User, three_events) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, chair)
    assert _shown(_page(client, lang="en")) == {SUBMITTED, UPDATED, CREATED}
    partnership = three_events["partnership"]
    record_event("partnership.graduated", make_partnership(), actor=chair, reason="done")
    page = _page(client, record_type="partnership", record=partnership.id)
    assert _shown(page) == {UPDATED} and "graduated the partnership" not in page
    assert f'value="{partnership.id}"' in page  # what was typed stays typed
    assert _shown(_page(client, record_type="organization")) == {CREATED}


def test_filter_by_a_proposals_reference(client: FlaskClient, chair: User, three_events) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, chair)
    assert _shown(_page(client, record="ep-2027-004")) == {SUBMITTED}


def test_filter_by_person(client: FlaskClient, chair: User, three_events) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, chair)
    assert _shown(_page(client, person="PAT@example.org")) == {SUBMITTED, CREATED}
    assert _shown(_page(client, person="li wei")) == {UPDATED}


def test_filter_by_kind_of_event(client: FlaskClient, chair: User, three_events) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, chair)
    assert _shown(_page(client, kind="proposal")) == {SUBMITTED}
    assert _shown(_page(client, kind="organization.created")) == {CREATED}
    assert _shown(_page(client, kind="proposal.withdrawn")) == set()


def test_filter_by_dates_in_the_readers_time_zone(
    client: FlaskClient, chair: User, three_events
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, chair)  # Beijing: the events are at 18:30 on 1, 2 and 3 March
    assert _shown(_page(client, since="2027-03-02")) == {UPDATED, CREATED}
    assert _shown(_page(client, until="2027-03-02")) == {SUBMITTED, UPDATED}
    assert _shown(_page(client, since="2027-03-02", until="2027-03-02")) == {UPDATED}
    # The same instant is still 1 March... at 05:30 in New York, and 2 March starts later there.
    chair.time_zone = "America/New_York"
    db.session.flush()
    assert _shown(_page(client, since="2027-03-02", until="2027-03-02")) == {UPDATED}
    assert _shown(_page(client, until="2027-03-01")) == {SUBMITTED}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2027-03-05", "until": "2027-03-01"}, "The end date is before the start date."),
        ({"person": "nobody@example.org"}, "Nobody has this name or e-mail address."),
        ({"record": "EP-1999-999"}, "No record has this reference: EP-1999-999."),
        ({"record": "12"}, "Choose the kind of record this number is of."),
        ({"since": "yesterday"}, "Not a valid date value."),
    ],
)
def test_bad_filters_get_a_message_at_the_field_and_keep_what_was_typed(
    client: FlaskClient, chair: User, query: dict[str, str], message: str
) -> None:
    sign_in(client, chair)
    page = _page(client, lang="en", **query)
    assert message in page and "usa-error-message" in page
    for value in query.values():
        assert f'value="{value}"' in page
    assert "<tbody>" not in page  # no list for filters that mean nothing
    assert client.get("/audit/events.csv", query_string=query).status_code == 400


def test_two_people_of_one_name_are_told_apart_by_address(client: FlaskClient, chair: User) -> None:
    make_user(display_name="Sam Lee")
    make_user(display_name="Sam Lee")
    sign_in(client, chair)
    assert "type their e-mail address instead" in _page(client, person="Sam Lee")


# --- pages ---------------------------------------------------------------------------------


def test_the_log_is_paginated_and_the_pages_keep_the_filters(
    client: FlaskClient, chair: User
) -> None:
    proposal = make_proposal(reference="EP-2027-004")
    for minute in range(PER_PAGE + 5):
        _at(record_event("proposal.draft_saved", proposal, actor=chair),
            MORNING + timedelta(minutes=minute))  # fmt: skip
    record_event("user.signed_in", chair, actor=chair)
    sign_in(client, chair)
    first = _page(client, kind="proposal")
    assert first.count("saved the draft of EP-2027-004") == PER_PAGE
    assert f"{PER_PAGE + 5} events" in first
    assert "kind=proposal&amp;page=2" in first or "page=2&amp;kind=proposal" in first
    second = _page(client, kind="proposal", page=2)
    assert second.count("saved the draft of EP-2027-004") == 5
    assert _page(client, kind="proposal", page=99).count("saved the draft") == 0


# --- CSV --------------------------------------------------------------------------------------


def test_the_csv_holds_the_same_filtered_events_escaped(
    client: FlaskClient, chair: User, three_events
) -> None:  # type: ignore[no-untyped-def]
    applicant = three_events["applicant"]
    applicant.display_name = '=HYPERLINK("http://evil")'
    db.session.flush()
    sign_in(client, chair)
    response = client.get("/audit/events.csv", query_string={"person": "pat@example.org"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="audit-log.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    header, *body = rows
    assert len(header) == 8 and len(body) == 2
    assert [row[4] for row in body] == ["organization.created", "proposal.submitted"]
    assert body[1][0] == "2027-03-01T10:30:00+00:00"
    assert body[1][1] == "2027-03-01 18:30:00"  # Beijing, the reader's zone
    assert body[1][2].startswith("'=HYPERLINK")  # a name a spreadsheet would run, defused
    assert body[1][7] == "pat@example.org"
    assert body[0][3] == "Name: x"


def test_the_csv_streams_every_event_in_batches(
    client: FlaskClient, chair: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "EXPORT_BATCH", 7)
    proposal = make_proposal(reference="EP-2027-004")
    for minute in range(2 * PER_PAGE + 3):
        _at(record_event("proposal.draft_saved", proposal, actor=chair),
            MORNING + timedelta(seconds=minute))  # fmt: skip
    sign_in(client, chair)
    response = client.get("/audit/events.csv")
    assert response.is_streamed
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix(BOM))))
    # Newest first: the drafts (in 2027), then the chair's signing in (today).
    drafts = ["proposal.draft_saved"] * (2 * PER_PAGE + 3)
    assert [row[4] for row in rows[1:]] == [*drafts, "user.signed_in"]
    times = [row[0] for row in rows[1:-1]]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)


# --- the record pages --------------------------------------------------------------------------


def test_record_pages_link_to_their_history_for_chairs_only(
    client: FlaskClient, chair: User
) -> None:
    solicitation = make_solicitation()
    partnership = make_partnership()
    proposal = make_proposal(state=ProposalState.SUBMITTED, reference="EP-2027-004")
    organization = make_organization(make_user())
    pages = (
        (f"/secretariat/solicitations/{solicitation.id}", "solicitation", solicitation.id),
        (f"/secretariat/partnerships/{partnership.id}", "partnership", partnership.id),
        (f"/proposals/{proposal.id}", "proposal", proposal.id),
        (f"/organizations/{organization.id}", "organization", organization.id),
    )
    sign_in(client, chair)
    for url, record_type, record_id in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        link = f"/audit/?record_type={record_type}&amp;record={record_id}"
        assert link in response.get_data(as_text=True), url
    client.post("/logout")
    sign_in(client, make_user())  # an applicant reads the organization page, without the link
    assert "/audit/" not in client.get(f"/organizations/{organization.id}").get_data(as_text=True)


def test_the_user_and_organization_pages_link_for_an_administrator(client: FlaskClient) -> None:
    admin = make_user(Role.ADMIN)
    member = make_user()
    organization = make_organization(member)
    sign_in(client, admin)
    page = client.get(f"/admin/users/{member.id}").get_data(as_text=True)
    assert f"/audit/?record_type=user&amp;record={member.id}" in page
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert f"/audit/?record_type=organization&amp;record={organization.id}" in page
    # ... which opens the log filtered to that record.
    record_event("organization.updated", organization, actor=member, changes=["city"])
    record_event("user.signed_in", member, actor=member)
    log = _page(client, record_type="organization", record=organization.id)
    assert "updated the profile of" in log and "signed in" not in log


def test_templates_render_outside_a_request_without_the_link(app) -> None:  # type: ignore[no-untyped-def]
    """The worker and the CLI render mail with the same context processors."""
    from flask import render_template_string

    assert render_template_string("{{ reads_audit_log }} {{ history_url('user', 1) }}") == (
        "False None"
    )


def test_a_records_history_includes_the_records_that_belong_to_it(
    client: FlaskClient, chair: User
) -> None:
    proposal, other = make_proposal(reference="EP-2027-004"), make_proposal(reference="EP-2027-005")
    record_event("proposal.submitted", proposal, actor=chair)
    record_event("decision.proposed", make_decision(proposal, chair), actor=chair,
                 outcome="selected", proposal="EP-2027-004")  # fmt: skip
    record_event("decision.proposed", make_decision(other, chair), actor=chair,
                 outcome="declined", proposal="EP-2027-005")  # fmt: skip
    record_event("proposal.submitted", other, actor=chair)
    sign_in(client, chair)
    page = _page(client, record_type="proposal", record=proposal.id)
    assert "submitted the proposal EP-2027-004" in page
    assert "proposed the decision to select EP-2027-004" in page
    assert "EP-2027-005" not in page
    assert "2 events" in page
