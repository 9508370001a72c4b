"""After the deadline: a draft is read-only, withdrawing is not offered, and every refusal says
the deadline passed and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from app import clock
from app.errors import ServiceError
from app.proposals import services
from app.proposals.models import Proposal, ProposalState
from tests.conftest import sign_in
from tests.proposals.factories import make_proposal, owner_of
from tests.solicitations.factories import make_solicitation

# 11:59 a.m. EDT on 31 May 2027, the program's customary deadline hour.
DEADLINE = datetime(2027, 5, 31, 15, 59, tzinfo=UTC)
AFTER = DEADLINE + timedelta(hours=2)


def draft_of_a_call_past_its_deadline() -> Proposal:
    return make_proposal(solicitation=make_solicitation(closes_at=DEADLINE))


def test_a_draft_of_a_closed_call_is_shown_read_only(client: FlaskClient) -> None:
    proposal = draft_of_a_call_past_its_deadline()
    with clock.frozen_at(AFTER):
        sign_in(client, owner_of(proposal.lead_organization))
        page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "This draft is read-only" in page
    assert "The deadline of this call passed on" in page
    assert "11:59:00" in page  # the deadline hour, in Washington time
    assert f"/proposals/{proposal.id}/edit" not in page
    assert f"/proposals/{proposal.id}/attachments" not in page
    assert "Review and submit" not in page


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/proposals/{id}/edit", None),
        ("post", "/proposals/{id}/edit", {"title_en": "Changed after the deadline"}),
        ("get", "/proposals/{id}/workplan", None),
        ("post", "/proposals/{id}/workplan", {"pilot_year": "1", "title_en": "Late task"}),
        ("get", "/proposals/{id}/partners", None),
        ("post", "/proposals/{id}/partners/email", {"email": "late@example.org"}),
    ],
)
def test_the_edit_pages_of_a_closed_call_draft_refuse_with_the_reason(
    client: FlaskClient, method: str, path: str, data: dict[str, str] | None
) -> None:
    proposal = draft_of_a_call_past_its_deadline()
    title = proposal.title_en
    with clock.frozen_at(AFTER):
        sign_in(client, owner_of(proposal.lead_organization))
        response = getattr(client, method)(
            path.format(id=proposal.id), data=data, follow_redirects=True
        )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The deadline of this call passed on" in page
    assert proposal.title_en == title


def test_the_operations_refuse_a_closed_call_draft() -> None:
    proposal = draft_of_a_call_past_its_deadline()
    owner = owner_of(proposal.lead_organization)
    with clock.frozen_at(AFTER), pytest.raises(ServiceError) as refused:
        services.save_draft(proposal, {"title_en": "Too late"}, actor=owner)
    assert "deadline of this call passed" in refused.value.message
    assert proposal.title_en != "Too late"


def test_submitting_after_the_deadline_says_the_deadline_passed_and_when() -> None:
    proposal = draft_of_a_call_past_its_deadline()
    with clock.frozen_at(AFTER), pytest.raises(ServiceError) as refused:
        services.submit_proposal(proposal, actor=owner_of(proposal.lead_organization))
    message = refused.value.message
    assert "deadline of this call passed on" in message
    assert "11:59:00" in message and "Eastern Daylight Time" in message
    assert "cannot be submitted yet" not in message


def test_the_deadline_is_given_in_the_readers_language(client: FlaskClient) -> None:
    proposal = draft_of_a_call_past_its_deadline()
    owner = owner_of(proposal.lead_organization)
    owner.language = "zh_Hans"  # type: ignore[assignment]
    with clock.frozen_at(AFTER):
        sign_in(client, owner)
        page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "截止时间已于" in page


def test_the_withdraw_button_shows_only_while_withdrawing_can_work(client: FlaskClient) -> None:
    proposal = make_proposal(
        solicitation=make_solicitation(closes_at=DEADLINE), state=ProposalState.SUBMITTED
    )
    with clock.frozen_at(DEADLINE - timedelta(days=1)):
        sign_in(client, owner_of(proposal.lead_organization))
        before = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    with clock.frozen_at(DEADLINE):
        sign_in(client, owner_of(proposal.lead_organization))
        after = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Withdraw to make changes" in before
    assert "Withdraw to make changes" not in after
    assert f"/proposals/{proposal.id}/withdraw" not in after


def test_withdrawing_after_the_deadline_is_refused_with_the_deadline(client: FlaskClient) -> None:
    proposal = make_proposal(
        solicitation=make_solicitation(closes_at=DEADLINE), state=ProposalState.SUBMITTED
    )
    with clock.frozen_at(AFTER):
        sign_in(client, owner_of(proposal.lead_organization))
        response = client.post(f"/proposals/{proposal.id}/withdraw", follow_redirects=True)
    assert response.status_code == 200
    assert "The deadline of this call passed on" in response.get_data(as_text=True)
    assert proposal.state == ProposalState.SUBMITTED
