"""Resubmission, the pages: offered on the declined proposal's page and the dashboard to its
lead's members while a call is open; the response page with last year's comments beside the
form; what reviewers, chairs and the public statistics see of it."""

from __future__ import annotations

import html
from csv import DictReader

from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import Side
from app.extensions import db
from app.proposals.models import ParticipantRole, ParticipantState, Proposal
from app.proposals.resubmission import resubmit_proposal, save_response
from app.proposals.services import submit_proposal
from app.reviews.queries import review_weighted_mean
from app.solicitations.models import SolicitationStatus
from tests.conftest import sign_in
from tests.exports.reading import ReadPdf
from tests.factories import make_user
from tests.proposals.factories import make_proposal
from tests.proposals.resubmission_factories import (
    EARLIER_REVIEWER,
    EARLIER_REVIEWER_CN,
    TO_APPLICANT,
    TO_APPLICANT_CN,
    TO_SECRETARIAT,
    Declined,
    make_declined,
)
from tests.reviews.factories import make_assignment, make_chair, make_reviewer

RESPONSE_EN = "We now fund the monitoring from the city budget."
RESPONSE_ZH = "监测经费现由市财政预算保障。"


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.get_data(as_text=True))


def resubmitted(declined: Declined) -> Proposal:
    return resubmit_proposal(declined.original, declined.new_call, actor=declined.lead_member)


def submitted_resubmission(declined: Declined) -> Proposal:
    """The resubmission, its partner confirmed and its response written, submitted; the new
    call then closed for review."""
    copy = resubmitted(declined)
    next(
        p for p in copy.participants if p.role == ParticipantRole.PARTNER
    ).state = ParticipantState.CONFIRMED
    save_response(
        copy, {"response_en": RESPONSE_EN, "response_zh": RESPONSE_ZH}, actor=declined.lead_member
    )
    submit_proposal(copy, actor=declined.lead_member)
    assert declined.new_call is not None
    declined.new_call.status = SolicitationStatus.CLOSED
    db.session.commit()
    return copy


def assert_nothing_of_the_earlier_reviewers(page: str, declined: Declined) -> None:
    for hidden in (EARLIER_REVIEWER, EARLIER_REVIEWER_CN, TO_SECRETARIAT):
        assert hidden not in page
    for review in declined.reviews:
        assert review.reviewer.email not in page
        mean = review_weighted_mean(review)
        assert mean is not None and f"{mean:.2f}" not in page
        assert f"/review/assignments/{review.id}" not in page
    assert f"/secretariat/review/proposals/{declined.original.id}" not in page


def test_the_declined_proposal_offers_resubmission_to_its_lead(client: FlaskClient) -> None:
    declined = make_declined()
    db.session.commit()
    sign_in(client, declined.lead_member)

    page = text(client.get(f"/proposals/{declined.original.id}"))

    assert "Resubmit to the 2027 call" in page
    assert "upload them again" in page
    assert "Resubmit to the 2027 call" in text(client.get("/dashboard"))


def test_no_offer_to_a_partner_without_an_open_call_or_once_resubmitted(
    client: FlaskClient,
) -> None:
    declined = make_declined()
    db.session.commit()
    sign_in(client, declined.partner_member)
    assert "Resubmit to the" not in text(client.get(f"/proposals/{declined.original.id}"))
    assert "Resubmit to the" not in text(client.get("/dashboard"))

    copy = resubmitted(declined)
    db.session.commit()
    client.post("/logout")
    sign_in(client, declined.lead_member)
    page = text(client.get(f"/proposals/{declined.original.id}"))
    assert "Resubmit to the" not in page
    assert "Resubmitted to the 2027 call." in page
    assert f"/proposals/{copy.id}" in page


def test_no_offer_while_no_call_is_open(client: FlaskClient) -> None:
    declined = make_declined(new_call=False)
    db.session.commit()
    sign_in(client, declined.lead_member)

    assert "Resubmit to the" not in text(client.get(f"/proposals/{declined.original.id}"))


def test_resubmitting_opens_the_response_beside_last_years_comments(client: FlaskClient) -> None:
    declined = make_declined()
    db.session.commit()
    sign_in(client, declined.lead_member)

    response = client.post(f"/proposals/{declined.original.id}/resubmit")

    db.session.refresh(declined.original)
    copy = declined.original.resubmissions[0]
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{copy.id}/response")
    page = text(client.get(f"/proposals/{copy.id}/response"))
    assert "Response to last year's reviews" in page
    assert TO_APPLICANT in page and TO_APPLICANT_CN in page
    assert "upload the letters of support again" in page
    assert_nothing_of_the_earlier_reviewers(page, declined)
    edit = text(client.get(f"/proposals/{copy.id}/edit"))
    assert "Last year's comments to the applicant" in edit and TO_APPLICANT in edit
    detail = text(client.get(f"/proposals/{copy.id}"))
    assert "Response to last year's reviews" in detail  # a section of the task list
    assert f"/proposals/{declined.original.id}" in detail  # the link back


def test_a_second_resubmission_is_refused_with_a_message(client: FlaskClient) -> None:
    declined = make_declined()
    resubmitted(declined)
    db.session.commit()
    sign_in(client, declined.lead_member)

    response = client.post(f"/proposals/{declined.original.id}/resubmit", follow_redirects=True)

    assert "already been resubmitted to this call" in text(response)
    db.session.refresh(declined.original)
    assert len(declined.original.resubmissions) == 1


def test_a_partner_member_or_outsider_may_not_resubmit(app: Flask) -> None:
    declined = make_declined()
    outsider = make_user()
    db.session.commit()

    for user in (declined.partner_member, outsider):
        client = app.test_client()
        sign_in(client, user)
        assert client.post(f"/proposals/{declined.original.id}/resubmit").status_code == 403
    db.session.refresh(declined.original)
    assert declined.original.resubmissions == []


def test_the_response_saves_and_keeps_an_overlong_text(client: FlaskClient) -> None:
    declined = make_declined()
    copy = resubmitted(declined)
    db.session.commit()
    sign_in(client, declined.lead_member)

    saved = client.post(
        f"/proposals/{copy.id}/response",
        data={"response_en": RESPONSE_EN, "response_zh": RESPONSE_ZH},
        follow_redirects=True,
    )
    assert "Response saved." in text(saved)
    db.session.refresh(copy)
    assert (copy.response_en, copy.response_zh) == (RESPONSE_EN, RESPONSE_ZH)

    long = "x" * 10001
    refused = client.post(f"/proposals/{copy.id}/response", data={"response_en": long})
    assert refused.status_code == 200
    assert "At most 10000 characters." in text(refused) and long in text(refused)
    db.session.refresh(copy)
    assert copy.response_en == RESPONSE_EN


def test_the_response_page_is_a_resubmissions_alone_and_its_members(app: Flask) -> None:
    declined = make_declined()
    copy = resubmitted(declined)
    plain = make_proposal(lead=declined.original.lead_organization, complete=False)
    outsider = make_user()
    db.session.commit()

    client = app.test_client()
    sign_in(client, declined.lead_member)
    assert client.get(f"/proposals/{plain.id}/response").status_code == 404
    client = app.test_client()
    sign_in(client, outsider)
    assert client.get(f"/proposals/{copy.id}/response").status_code == 403


def test_a_reviewer_reads_the_earlier_comments_and_the_response_never_scores_or_names(
    client: FlaskClient,
) -> None:
    declined = make_declined()
    copy = submitted_resubmission(declined)
    reviewer = make_reviewer(Side.CN, display_name="Reviewer of 2027")
    assignment = make_assignment(copy, reviewer)
    db.session.commit()
    sign_in(client, reviewer)

    page = text(client.get(f"/review/assignments/{assignment.id}"))

    assert "Resubmission" in page and (declined.original.reference or "") in page
    assert TO_APPLICANT in page and TO_APPLICANT_CN in page
    assert RESPONSE_EN in page and RESPONSE_ZH in page
    assert_nothing_of_the_earlier_reviewers(page, declined)
    assert f'href="/proposals/{declined.original.id}"' not in page
    # The original is not theirs to read.
    assert client.get(f"/proposals/{declined.original.id}").status_code == 403
    detail = text(client.get(f"/proposals/{copy.id}"))
    assert RESPONSE_EN in detail and TO_APPLICANT in detail
    assert_nothing_of_the_earlier_reviewers(detail, declined)
    assert f'href="/proposals/{declined.original.id}"' not in detail

    pdf = ReadPdf(client.get(f"/proposals/{copy.id}.pdf").data)
    assert pdf.has("Resubmission of") and pdf.has(declined.original.reference or "")
    assert pdf.has(RESPONSE_EN) and pdf.has(RESPONSE_ZH)
    for hidden in (EARLIER_REVIEWER, EARLIER_REVIEWER_CN, TO_SECRETARIAT):
        assert not pdf.has(hidden)
    assert pdf.record["resubmission_of"] == declined.original.reference
    assert pdf.record["response_zh"] == RESPONSE_ZH


def test_the_original_pdf_shows_its_resubmission(client: FlaskClient) -> None:
    declined = make_declined()
    copy = submitted_resubmission(declined)
    sign_in(client, declined.lead_member)

    pdf = ReadPdf(client.get(f"/proposals/{declined.original.id}.pdf").data)

    assert pdf.has("Resubmitted as") and pdf.has(copy.reference or "")


def test_the_chairs_ranking_marks_resubmissions(client: FlaskClient) -> None:
    declined = make_declined()
    copy = submitted_resubmission(declined)
    chair = make_chair(Side.US)
    other = make_proposal(
        solicitation=copy.solicitation, state=copy.state, title_en="A first application"
    )
    db.session.commit()
    sign_in(client, chair)

    page = text(client.get(f"/secretariat/review/{copy.solicitation_id}/ranking"))

    row = next(line for line in page.split("<tr") if (copy.reference or "") in line)
    assert "Resubmission" in row
    first = next(line for line in page.split("<tr") if (other.reference or "") in line)
    assert "Resubmission" not in first

    csv = client.get(f"/secretariat/review/{copy.solicitation_id}/ranking.csv").get_data(
        as_text=True
    )
    rows = list(DictReader(csv.removeprefix("\ufeff").splitlines()))
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference[copy.reference or ""]["resubmission_of"] == declined.original.reference
    assert by_reference[other.reference or ""]["resubmission_of"] == ""


def test_the_statistics_count_resubmissions(client: FlaskClient) -> None:
    declined = make_declined()
    copy = submitted_resubmission(declined)
    make_proposal(solicitation=copy.solicitation, state=copy.state)
    copy.solicitation.status = SolicitationStatus.DECISIONS_PUBLISHED
    db.session.commit()

    numbers = client.get("/api/v1/statistics").get_json()
    year = next(r for r in numbers["applications_per_year"] if r["year"] == 2027)
    assert (year["applications"], year["resubmissions"]) == (2, 1)
    earlier = next(r for r in numbers["applications_per_year"] if r["year"] == 2026)
    assert earlier["resubmissions"] == 0
    page = text(client.get("/statistics"))
    assert "Of which resubmissions" in page
    row = next(line for line in page.split("<tr") if '<th scope="row">2027</th>' in line)
    assert '<td class="text-right">1</td>' in row
