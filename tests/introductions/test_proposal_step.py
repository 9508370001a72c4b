"""An accepted introduction turns into a proposal invitation in one step: a draft for the open
call led by the side that presses the button, the other side invited as a partner."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.introductions.models import IntroductionState
from app.notifications.models import Notification
from app.proposals.models import ParticipantRole, ParticipantState, Proposal
from app.solicitations.models import SolicitationStatus
from tests.conftest import sign_in
from tests.introductions.factories import make_introduction, make_pair
from tests.solicitations.factories import make_solicitation


def test_the_requesting_side_starts_a_proposal_with_the_counterpart_invited(
    app: Flask, client: FlaskClient
) -> None:
    call = make_solicitation()
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us, state=IntroductionState.ACCEPTED)
    sign_in(client, pair.cn_member)
    page = client.get(f"/introductions/{introduction.id}").get_data(as_text=True)
    assert f"与{pair.us.name_zh}发起申请书" in page  # in the reader's language
    response = client.post(f"/introductions/{introduction.id}/proposal")
    assert response.status_code == 302
    proposal = db.session.scalars(select(Proposal)).one()
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    assert proposal.solicitation_id == call.id and proposal.lead_organization_id == pair.cn.id
    roles = {(p.organization_id, p.role, p.state) for p in proposal.participants}
    assert roles == {
        (pair.cn.id, ParticipantRole.LEAD, ParticipantState.CONFIRMED),
        (pair.us.id, ParticipantRole.PARTNER, ParticipantState.INVITED),
    }
    assert introduction.proposal_id == proposal.id
    invited = db.session.scalars(
        select(Notification.to_address).where(Notification.kind == "proposals.partner_invited")
    ).all()
    assert invited == [pair.us_member.email]
    # The U.S. side has the invitation on its dashboard; the page links to the proposal.
    client = app.test_client()  # another browser: the Chinese reader's language stays there
    sign_in(client, pair.us_member)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Invitations waiting for your answer" in dashboard
    page = client.get(f"/introductions/{introduction.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}"' in page and "Start a proposal with" not in page
    assert client.post(f"/introductions/{introduction.id}/proposal").status_code == 302
    assert len(db.session.scalars(select(Proposal)).all()) == 1  # once


def test_the_accepting_side_leads_when_it_presses_the_button(client: FlaskClient) -> None:
    make_solicitation()
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us, state=IntroductionState.ACCEPTED)
    sign_in(client, pair.us_member)
    client.post(f"/introductions/{introduction.id}/proposal")
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.lead_organization_id == pair.us.id


def test_without_an_open_call_it_says_so_and_starts_nothing(client: FlaskClient) -> None:
    make_solicitation(status=SolicitationStatus.CLOSED)
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us, state=IntroductionState.ACCEPTED)
    sign_in(client, pair.us_member)
    response = client.post(f"/introductions/{introduction.id}/proposal", follow_redirects=True)
    assert "No call for proposals is open now" in response.get_data(as_text=True)
    assert db.session.scalars(select(Proposal)).all() == []


def test_a_pending_introduction_starts_no_proposal(client: FlaskClient) -> None:
    make_solicitation()
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    sign_in(client, pair.us_member)
    response = client.post(f"/introductions/{introduction.id}/proposal", follow_redirects=True)
    assert "once the introduction is accepted" in response.get_data(as_text=True)
    assert db.session.scalars(select(Proposal)).all() == []
