"""Who reads a proposal, its letters and its PDF: its participants while it is a draft (nothing
is sent before it is submitted), the Joint Secretariat only from its submission on, and never an
organization that declined to take part."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import clock
from app.accounts.models import Role, Side, User
from app.extensions import db
from app.proposals.models import Participant, Proposal, ProposalState
from app.proposals.queries import proposals_of
from app.proposals.services import add_attachment
from tests.conftest import sign_in
from tests.factories import make_user
from tests.proposals.factories import make_proposal, owner_of
from tests.proposals.test_services import pdf_bytes
from tests.reviews.factories import make_assignment, make_chair, make_reviewer


def _client_of(app: Flask, user: User) -> FlaskClient:
    """A browser of its own signed in as `user` (forms checked for behaviour, not tokens)."""
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    sign_in(client, user)
    return client


def _with_letter(
    state: ProposalState = ProposalState.DRAFT, partner_state: str = "confirmed"
) -> tuple[Proposal, list[str]]:
    """A proposal in `state` with a letter of support (attached while it was a draft), and the
    addresses of its page, its letter and its PDF record."""
    proposal = make_proposal(partner_state=partner_state)
    letter = add_attachment(
        proposal, "support.pdf", pdf_bytes(), actor=owner_of(proposal.lead_organization)
    )
    if state != ProposalState.DRAFT:
        proposal.state = state
        proposal.submitted_at = clock.now()
        proposal.reference = f"EP-{proposal.solicitation.year}-{proposal.id:03d}"
        db.session.flush()
    return proposal, [
        f"/proposals/{proposal.id}",
        f"/proposals/attachments/{letter.id}",
        f"/proposals/{proposal.id}.pdf",
    ]


def _partner(proposal: Proposal) -> Participant:
    return next(p for p in proposal.participants if p.role == "partner")


def _secretariat(proposal: Proposal) -> dict[str, User]:
    reviewer = make_reviewer(Side.CN)
    make_assignment(proposal, reviewer)
    return {
        "chair_us": make_chair(Side.US),
        "chair_cn": make_chair(Side.CN),
        "assigned reviewer": reviewer,
        "admin": make_user(Role.ADMIN),
    }


def test_a_draft_is_read_by_its_participants_and_by_no_one_in_the_secretariat(app: Flask) -> None:
    proposal, urls = _with_letter(partner_state="invited")
    readers = _secretariat(proposal)
    page, letter, _pdf = urls
    for who, user in readers.items():
        client = _client_of(app, user)
        for url in urls:
            assert client.get(url).status_code == 403, (who, url)
    # The lead writes it and the invited partner reads it to decide.
    for user in (owner_of(proposal.lead_organization), owner_of(_partner(proposal).organization)):
        client = _client_of(app, user)
        assert client.get(page).status_code == 200
        assert client.get(letter).status_code == 200


@pytest.mark.parametrize("state", [ProposalState.SUBMITTED, ProposalState.SELECTED])
def test_the_secretariat_reads_it_once_submitted(app: Flask, state: ProposalState) -> None:
    proposal, (page, letter, _pdf) = _with_letter(state)
    readers = _secretariat(proposal)
    for who in ("chair_us", "chair_cn", "assigned reviewer"):
        client = _client_of(app, readers[who])
        assert client.get(page).status_code == 200, who
        assert client.get(letter).status_code == 200, who
    assert _client_of(app, readers["admin"]).get(page).status_code == 403


def test_a_proposal_withdrawn_to_draft_leaves_the_secretariat_again(app: Flask) -> None:
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    chair = make_chair()
    page = f"/proposals/{proposal.id}"
    client = _client_of(app, chair)
    assert client.get(page).status_code == 200
    proposal.state = ProposalState.DRAFT
    proposal.submitted_at = None
    assert client.get(page).status_code == 403


def test_a_partner_that_declined_reads_the_proposal_no_more(app: Flask) -> None:
    proposal, urls = _with_letter(partner_state="invited")
    partner = _partner(proposal)
    member = owner_of(partner.organization)
    client = _client_of(app, member)
    assert client.get(urls[0]).status_code == 200  # invited: reads it to decide
    response = client.post(
        f"/proposals/participants/{partner.id}/answer", data={"decision": "decline"}
    )
    assert partner.state == "declined"
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert proposal not in proposals_of(member)
    assert f"/proposals/{proposal.id}" not in client.get("/dashboard").get_data(as_text=True)


@pytest.mark.parametrize("state", [ProposalState.SUBMITTED, ProposalState.DECLINED])
def test_a_declined_partner_stays_out_after_submission(app: Flask, state: ProposalState) -> None:
    proposal, urls = _with_letter(state, partner_state="declined")
    client = _client_of(app, owner_of(_partner(proposal).organization))
    for url in urls:
        assert client.get(url).status_code == 403, url
