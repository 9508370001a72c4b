"""The signed-in pages measured at scale (an applicant's dashboard and proposal, the chairs'
ranking, partnership dashboard and moderation queue) run the same number of SQL queries with a
handful of records as with many more: none of them loads records one by one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient

from app import clock
from app.accounts.models import Side, User
from app.demo.scale import seed_scale
from app.extensions import db
from app.memo import forget_everything
from app.organizations.models import Country
from app.partnerships.models import MilestoneStatus, PlanState
from app.proposals.models import Proposal, ProposalState
from app.solicitations.models import Solicitation
from app.updates.models import UpdateState
from tests.conftest import sign_in
from tests.factories import make_organization, make_user
from tests.partnerships.factories import make_milestone, make_partnership, make_plan, make_update
from tests.proposals.factories import make_proposal
from tests.public.conftest import count_queries
from tests.reviews.factories import (
    make_assignment,
    make_chair,
    make_closed_solicitation,
    make_decision,
    make_reviewer,
)

__all__ = ["count_queries"]


def _applicant_records(applicant: User, solicitation: Solicitation, count: int) -> Proposal:
    """`count` active partnerships and proposals of `applicant`'s organization, each with a
    plan, milestones (one overdue) and updates; the last proposal."""
    proposal = None
    for _ in range(count):
        organization = make_organization(applicant, country=Country.US)
        partnership = make_partnership(us=organization)
        make_plan(partnership, state=PlanState.SUBMITTED)
        make_milestone(partnership, due_on=date(2026, 1, 10))
        make_milestone(partnership, due_on=date(2026, 9, 1), status=MilestoneStatus.DONE)
        make_update(partnership, published_at=datetime(2026, 2, 1, tzinfo=UTC))
        make_update(partnership, author=applicant, state=UpdateState.SUBMITTED)
        proposal = make_proposal(lead=organization, solicitation=solicitation)
    assert proposal is not None
    return proposal


def _reviewed(solicitation: Solicitation, reviewers: list[User], chair: User, count: int) -> None:
    """`count` submitted proposals of `solicitation`, each scored by every reviewer, every
    other one with a proposed decision."""
    for n in range(count):
        proposal = make_proposal(solicitation=solicitation, state=ProposalState.SUBMITTED)
        for k, reviewer in enumerate(reviewers):
            make_assignment(proposal, reviewer, scores=[1 + (n + k) % 5] * 5, submitted=True)
        if n % 2:
            make_decision(proposal, chair)


def _counts(
    clients: dict[str, FlaskClient], urls: list[tuple[str, str]], count_queries
) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for who, url in urls:
        db.session.expunge_all()  # as in production, nothing loaded before the request
        forget_everything()  # each page computed whole, not from what the one before kept
        with count_queries() as statements:
            response = clients[who].get(url)
        assert response.status_code == 200, url
        counts[url] = len(statements)
    return counts


def test_signed_in_pages_run_the_same_queries_whatever_the_data(  # type: ignore[no-untyped-def]
    app: Flask, count_queries
) -> None:
    with clock.frozen_at(datetime(2026, 3, 1, 12, tzinfo=UTC)):
        chair = make_chair(Side.US)
        reviewers = [make_reviewer(Side.US), make_reviewer(Side.CN)]
        applicant = make_user()
        solicitation = make_closed_solicitation()
        proposal = _applicant_records(applicant, solicitation, 1)
        _reviewed(solicitation, reviewers, chair, 3)
        clients = {"applicant": app.test_client(), "chair": app.test_client()}
        app.config["WTF_CSRF_ENABLED"] = False
        sign_in(clients["applicant"], applicant)
        sign_in(clients["chair"], chair)
        urls = [
            ("applicant", "/dashboard"),
            ("applicant", f"/proposals/{proposal.id}"),
            ("chair", f"/secretariat/review/{solicitation.id}/ranking"),
            ("chair", f"/secretariat/review/{solicitation.id}/ranking?sort=spread&order=asc"),
            ("chair", "/secretariat/partnerships"),
            ("chair", "/secretariat/partnerships?status=active&side=US&page=2"),
            ("chair", "/secretariat/partnerships/updates"),
        ]
        ids = [applicant.id, solicitation.id, chair.id, *(r.id for r in reviewers)]
        db.session.commit()  # the data committed before the pages read it, as in production
        small = _counts(clients, urls, count_queries)

        applicant, chair, *reviewers = (db.session.get(User, i) for i in (ids[0], *ids[2:]))
        solicitation = db.session.get(Solicitation, ids[1])
        _applicant_records(applicant, solicitation, 4)
        _reviewed(solicitation, reviewers, chair, 40)
        seed_scale(120)  # the dashboard's pages fill up: 50 partnerships on each
        db.session.commit()  # the data committed before the pages read it, as in production
        large = _counts(clients, urls, count_queries)

    grew = {url: (small[url], large[url]) for url in small if small[url] != large[url]}
    assert not grew, grew
