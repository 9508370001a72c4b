"""The synthetic data set at scale: the counts the issue asks for, the program's rules, and the
same records for the same seed."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from math import ceil

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.accounts import services as accounts
from app.audit.models import Event
from app.demo.scale import seed_scale
from app.demo.synthetic import SCALE_YEARS, SLUG_PREFIX, plan_scale
from app.extensions import db
from app.organizations.models import Country
from app.partnerships.models import (
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.proposals.models import ParticipantRole, Proposal, ProposalState
from app.reviews.models import Decision, DecisionState, ReviewAssignment, ReviewScore
from app.solicitations.models import RubricCriterion, Solicitation
from app.updates.models import ProgressUpdate, UpdateState
from tests.reviews.factories import mean_mismatches

N = 40


@pytest.fixture(autouse=True)
def _one_hash_per_password(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The CLI test loads the demo accounts too: hash their shared password once.
    monkeypatch.setattr(accounts, "hash_password", functools.cache(accounts.hash_password))
    yield


def _synthetic() -> list[Partnership]:
    return list(
        db.session.scalars(
            select(Partnership)
            .where(Partnership.slug.startswith(SLUG_PREFIX))
            .order_by(Partnership.slug)
        )
    )


def _snapshot() -> list[tuple[object, ...]]:
    """Every synthetic partnership with what hangs on it, without database keys."""
    rows = []
    for p in _synthetic():
        rows.append(
            (
                p.slug, p.cohort_year, p.name_en, p.name_zh, p.goal_en, p.status, p.signed_on,
                p.ended_on, p.proposal.reference if p.proposal else None,
                sorted((pp.organization.name_en, pp.organization.subdivision_code, pp.role)
                       for pp in p.participants),
                sorted(f.focus_area for f in p.focus_areas),
                [(m.pilot_year, m.number, m.title_en, m.status, m.due_on, m.is_key_accomplishment)
                 for m in p.milestones],
                sorted((u.title, u.state, u.visibility, u.published_at)
                       for u in db.session.scalars(
                           select(ProgressUpdate).where(ProgressUpdate.partnership_id == p.id))),
            )
        )  # fmt: skip
    return rows


def test_the_same_seed_plans_the_same_rows_and_another_seed_others() -> None:
    assert plan_scale(25, seed=7) == plan_scale(25, seed=7)
    assert plan_scale(25, seed=7).partnerships != plan_scale(25, seed=8).partnerships
    with pytest.raises(ValueError):
        plan_scale(0)


def test_the_same_seed_loads_the_same_records() -> None:
    savepoint = db.session.begin_nested()
    seed_scale(12, seed=5)
    first = _snapshot()
    savepoint.rollback()
    assert _synthetic() == []

    seed_scale(12, seed=5)
    assert _snapshot() == first
    assert len(first) == 12


def test_counts_are_as_specified() -> None:
    summary = seed_scale(N, seed=3)

    partnerships = _synthetic()
    assert len(partnerships) == N
    assert summary.created["partnerships"] == N
    assert Counter(p.cohort_year for p in partnerships) == {year: N // 10 for year in SCALE_YEARS}

    milestones = Counter(
        db.session.execute(
            select(Milestone.partnership_id, func.count()).group_by(Milestone.partnership_id)
        ).all()
    )
    published = dict(
        db.session.execute(
            select(ProgressUpdate.partnership_id, func.count())
            .where(ProgressUpdate.state == UpdateState.PUBLISHED)
            .group_by(ProgressUpdate.partnership_id)
        ).all()
    )
    per_partnership_milestones = []
    for p in partnerships:
        assert 2 <= len(p.participants) <= 4
        countries = {pp.organization.country for pp in p.participants}
        assert countries == {Country.US, Country.CN}
        leads = [pp for pp in p.participants if pp.role == ParticipantRole.LEAD]
        assert len(leads) == 1 and leads[0].organization.country == Country.US
        assert 1 <= len(p.focus_areas) <= 2
        per_partnership_milestones.append(len(p.milestones))
        assert {m.pilot_year for m in p.milestones} == {1, 2, 3}
        assert 8 <= published[p.id] <= 13
        assert p.proposal is not None and p.proposal.state == ProposalState.SELECTED
    assert 8 <= sum(per_partnership_milestones) / N <= 10  # about nine
    assert milestones  # every partnership has its rows
    assert 9 <= sum(published.values()) / N <= 11  # about ten published updates each

    # N / 5 proposals a year, each with three reviews scoring every criterion and a decision.
    proposals = db.session.scalars(select(Proposal).where(Proposal.reference.like("EP-%-S%"))).all()
    per_year = Counter(p.reference.split("-")[1] for p in proposals)
    assert per_year == {str(year): ceil(N / 5) for year in SCALE_YEARS}
    assert sum(p.state == ProposalState.SELECTED for p in proposals) == N
    ids = [p.id for p in proposals]
    reviews = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.proposal_id.in_(ids))
    ).all()
    assert Counter(r.proposal_id for r in reviews) == dict.fromkeys(ids, 3)
    assert all(
        {r.reviewer.side for r in reviews if r.proposal_id == i} >= {"US", "CN"} for i in ids[:10]
    )
    scores = db.session.scalar(
        select(func.count())
        .select_from(ReviewScore)
        .where(ReviewScore.assignment_id.in_([r.id for r in reviews]))
    )
    assert scores == 3 * len(proposals) * 5
    decisions = db.session.scalars(select(Decision).where(Decision.proposal_id.in_(ids))).all()
    assert len(decisions) == len(proposals)
    assert all(d.state == DecisionState.APPROVED for d in decisions)
    for year in SCALE_YEARS:
        call = db.session.scalar(select(Solicitation).where(Solicitation.year == year))
        assert call is not None
        assert (
            db.session.scalar(
                select(func.count()).where(RubricCriterion.solicitation_id == call.id)
            )
            == 5
        )


def test_the_data_keeps_the_programs_rules() -> None:
    seed_scale(N, seed=11)
    for p in _synthetic():
        if p.status == PartnershipStatus.ACTIVE:
            assert p.ended_on is None
        else:
            assert p.ended_on is not None
        done = [m for m in p.milestones if m.status == MilestoneStatus.DONE]
        assert all(m.completed_on is not None for m in done)
        assert all(
            m.status == MilestoneStatus.DONE for m in p.milestones if m.is_key_accomplishment
        )
    statuses = Counter(p.status for p in _synthetic())
    assert statuses[PartnershipStatus.GRADUATED] and statuses[PartnershipStatus.ACTIVE]
    # Names in both languages, places in the organization's own country.
    for p in _synthetic():
        for pp in p.participants:
            organization = pp.organization
            assert organization.name_en and organization.name_zh
            assert organization.subdivision_code.startswith(f"{organization.country.value}-")


def test_every_synthetic_review_stores_the_weighted_mean_of_its_scores() -> None:
    seed_scale(N, seed=4)
    assert db.session.scalar(select(func.count(ReviewAssignment.id))) > 0
    assert mean_mismatches() == []


def test_loading_again_adds_nothing_and_is_recorded_once() -> None:
    first = seed_scale(10, seed=1)
    second = seed_scale(10, seed=1)
    assert first.created and not second.created
    assert "nothing to add" in second.describe()
    assert len(_synthetic()) == 10
    events = db.session.scalars(select(Event).where(Event.action == "demo.scaled")).all()
    assert len(events) == 1 and events[0].details["n"] == 10


def test_synthetic_accounts_cannot_sign_in() -> None:
    seed_scale(10, seed=1)
    assert accounts.authenticate("chair.us@scale.ecopartnerships.example", "") is None
    assert accounts.authenticate("chair.us@scale.ecopartnerships.example", "!") is None


def test_the_command_loads_the_demo_then_the_scale(app: Flask, client: FlaskClient) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--scale", "20", "--seed", "2"])

    assert result.exit_code == 0, result.output
    assert "Synthetic data set (scale 20, seed 2) loaded" in result.output
    assert len(_synthetic()) == 20
    assert db.session.scalar(select(func.count(PartnershipParticipant.partnership_id)))
    page = client.get("/partnerships/scale-00001")
    assert page.status_code == 200
    assert client.get("/partnerships?q=scale").status_code == 200
