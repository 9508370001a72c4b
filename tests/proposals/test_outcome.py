"""Applicants read their outcome on the proposal page: only once the decisions are published,
and without anything that would name a reviewer or show what was meant for the Secretariat."""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.partnerships.models import Partnership
from app.proposals.models import Proposal, ProposalState
from app.reviews import publication
from app.reviews.models import DecisionOutcome
from tests.conftest import sign_in
from tests.proposals.factories import owner_of
from tests.reviews.factories import Review, make_assignment, make_decision, make_review

TO_APPLICANT = "Strengthen the monitoring plan for the second pilot year."
TO_SECRETARIAT = "CONFIDENTIAL: the lead's finances look thin."  # an apostrophe, escaped


def reviewed(review: Review) -> tuple[Proposal, Proposal]:
    """Two proposals reviewed (with comments of both kinds) and decided by two chairs; the
    third is screened out so that publication can go ahead."""
    selected, declined, third = review.proposals
    for proposal, score in ((selected, 5), (declined, 2)):
        make_assignment(
            proposal,
            review.us[0],
            scores=[score] * 5,
            submitted=True,
            comments_to_applicant=TO_APPLICANT,
            comments_to_secretariat=TO_SECRETARIAT,
        )
        make_assignment(proposal, review.cn[0], scores=[score] * 5, submitted=True)
    make_decision(selected, review.chair_us, approver=review.chair_cn)
    make_decision(
        declined, review.chair_cn, outcome=DecisionOutcome.DECLINED, approver=review.chair_us
    )
    make_decision(
        third, review.chair_cn, outcome=DecisionOutcome.DECLINED, approver=review.chair_us
    )
    return selected, declined


def page_of(client: FlaskClient, proposal: Proposal) -> str:
    sign_in(client, owner_of(proposal.lead_organization))
    response = client.get(f"/proposals/{proposal.id}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_before_publication_nothing_of_the_reviews_shows(client: FlaskClient) -> None:
    review = make_review()
    selected, _declined = reviewed(review)

    page = page_of(client, selected)

    assert TO_APPLICANT not in page
    assert "Comments from the reviewers" not in page
    assert "Selected as an EcoPartnership" not in page


def test_after_publication_a_selected_proposal_shows_its_outcome_and_workspace(
    client: FlaskClient,
) -> None:
    review = make_review()
    selected, _declined = reviewed(review)
    publication.publish_decisions(review.solicitation, actor=review.chair_us)
    partnership = db.session.scalar(
        select(Partnership).where(Partnership.proposal_id == selected.id)
    )
    assert partnership is not None and selected.decided_at is not None

    page = page_of(client, selected)

    assert "Selected as an EcoPartnership" in page
    assert "Decision published on" in page
    assert TO_APPLICANT in page
    assert f"/workspace/partnerships/{partnership.id}" in page


def test_the_applicants_view_never_names_a_reviewer_nor_shows_scores_or_secretariat_comments(
    client: FlaskClient,
) -> None:
    review = make_review()
    _selected, declined = reviewed(review)
    publication.publish_decisions(review.solicitation, actor=review.chair_us)

    page = page_of(client, declined)

    assert "Not selected" in page
    assert TO_APPLICANT in page
    assert TO_SECRETARIAT not in page
    for reviewer in (*review.us, *review.cn):
        assert reviewer.display_name not in page
        assert reviewer.email not in page
    for chair in (review.chair_us, review.chair_cn):
        assert chair.display_name not in page
    assert "Weighted" not in page and "weighted" not in page
    assert "/workspace/partnerships/" not in page


def test_an_outcome_shows_only_once_the_call_has_published_its_decisions(
    client: FlaskClient,
) -> None:
    review = make_review()
    selected, _declined = reviewed(review)
    selected.state = ProposalState.SELECTED  # however it came about, the call is not published

    page = page_of(client, selected)

    assert "Selected as an EcoPartnership" not in page
    assert TO_APPLICANT not in page
