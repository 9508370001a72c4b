"""The demo data set: real history, an illustrative current cycle, demo accounts, idempotence."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pycountry
import pytest
from sqlalchemy import func, select

from app.accounts import services as accounts
from app.accounts.models import Language, Role, Side, User
from app.audit.models import Event
from app.demo.data.cycle import DEMO_PASSWORD
from app.demo.services import DemoSummary, seed_demo
from app.extensions import db
from app.organizations.models import Country, Organization, OrganizationMember
from app.partnerships.models import MilestoneStatus, Partnership, PartnershipStatus
from app.proposals.models import ParticipantRole, ParticipantState, Proposal, ProposalState
from app.reviews.models import AssignmentState, ReviewAssignment
from app.solicitations.models import Solicitation, SolicitationStatus
from app.updates.models import ProgressUpdate, UpdateState, Visibility
from tests.reviews.factories import mean_mismatches


@pytest.fixture(autouse=True)
def _one_hash_per_password(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Every demo account shares one password: hash it once, not once per account.
    monkeypatch.setattr(accounts, "hash_password", functools.cache(accounts.hash_password))
    yield


@pytest.fixture
def seeded() -> DemoSummary:
    """The demo data set, loaded once into the test's transaction."""
    return seed_demo()


def _org_countries(partnership: Partnership) -> list[Country]:
    return [p.organization.country for p in partnership.participants]


def test_history_has_graduated_partnerships_with_both_countries(seeded: DemoSummary) -> None:
    historical = db.session.scalars(
        select(Partnership).where(Partnership.cohort_year.between(2008, 2017))
    ).all()

    assert len(historical) >= 25
    assert {p.cohort_year for p in historical} >= {2008, 2011, 2012, 2013, 2015, 2016, 2017}
    for partnership in historical:
        assert partnership.status == PartnershipStatus.GRADUATED
        assert partnership.name_zh and partnership.goal_zh and partnership.description_zh
        assert partnership.signed_on == partnership.pilot_starts_on
        assert partnership.pilot_ends_on.year == partnership.pilot_starts_on.year + 3
        assert partnership.focus_areas
        assert partnership.slug.isascii() and partnership.slug == partnership.slug.lower()
        leads = [p for p in partnership.participants if p.role == ParticipantRole.LEAD]
        assert len(leads) == 1 and leads[0].organization.country == Country.US
        assert Country.CN in _org_countries(partnership)
    by_slug = {p.slug: p for p in historical}
    assert by_slug["utah-qinghai"].cohort_year == 2011
    assert by_slug["boeing-comac"].cohort_year == 2015
    assert by_slug["sea-turtles-911-hainan-normal"].name_zh == "海龟911—海南师范大学"


def test_organizations_have_chinese_names_and_valid_subdivisions(seeded: DemoSummary) -> None:
    organizations = db.session.scalars(select(Organization)).all()

    assert {org.country for org in organizations} == {Country.US, Country.CN}
    for org in organizations:
        assert org.name_zh, org.name_en
        subdivision = pycountry.subdivisions.get(code=org.subdivision_code)
        assert subdivision is not None, org.subdivision_code
        assert subdivision.country_code == org.country.value
    states = {o.subdivision_code for o in organizations if o.country == Country.US}
    provinces = {o.subdivision_code for o in organizations if o.country == Country.CN}
    assert len(states) >= 15 and len(provinces) >= 10


def test_every_demo_review_stores_the_weighted_mean_of_its_scores(seeded: DemoSummary) -> None:
    assert db.session.scalar(select(func.count(ReviewAssignment.weighted_mean))) > 0
    assert mean_mismatches() == []


def test_current_cycle(seeded: DemoSummary) -> None:
    active = db.session.scalars(
        select(Partnership).where(Partnership.status == PartnershipStatus.ACTIVE)
    ).all()
    assert len(active) == 3
    for partnership in active:
        assert partnership.proposal is not None
        assert partnership.proposal.state == ProposalState.SELECTED
        assert set(_org_countries(partnership)) == {Country.US, Country.CN}
        assert 6 <= len(partnership.milestones) <= 9
        assert {m.pilot_year for m in partnership.milestones} == {1, 2, 3}
        statuses = {m.status for m in partnership.milestones}
        assert {MilestoneStatus.DONE, MilestoneStatus.PLANNED} <= statuses
        assert 1 <= sum(m.is_key_accomplishment for m in partnership.milestones) <= 2
        assert len(partnership.plans) == 1
    solicitations = db.session.scalars(select(Solicitation)).all()
    by_year = {s.year: s for s in solicitations}
    assert by_year[2025].status == SolicitationStatus.DECISIONS_PUBLISHED
    assert all(
        by_year[year].status == SolicitationStatus.ARCHIVED
        for year in (2008, 2011, 2012, 2013, 2014, 2015, 2016, 2017)
    )

    open_calls = [s for s in solicitations if s.status == SolicitationStatus.OPEN]
    assert len(open_calls) == 1
    call = open_calls[0]
    assert len(call.criteria) == 5 and sum(c.weight for c in call.criteria) == 100
    assert all(c.name_zh for c in call.criteria)
    assert call.closes_at.isoformat() == "2027-05-31T15:59:00+00:00"

    proposals = db.session.scalars(
        select(Proposal).where(Proposal.solicitation_id == call.id)
    ).all()
    drafts = [p for p in proposals if p.state == ProposalState.DRAFT]
    submitted = [p for p in proposals if p.state == ProposalState.SUBMITTED]
    assert len(drafts) == 3 and len(submitted) == 3
    (resubmission,) = [p for p in drafts if p.is_resubmission]
    assert resubmission.resubmission_of is not None
    assert resubmission.resubmission_of.reference == "EP-2025-004"
    assert resubmission.response_en and resubmission.response_zh
    assert sorted(p.reference for p in submitted) == ["EP-2027-001", "EP-2027-002", "EP-2027-003"]
    for proposal in submitted:
        assert call.opens_at <= proposal.submitted_at <= call.closes_at
        confirmed = [p for p in proposal.participants if p.state == ParticipantState.CONFIRMED]
        assert {p.organization.country for p in confirmed} == {Country.US, Country.CN}
        assert proposal.tasks and proposal.focus_areas
    invited = [
        participant
        for proposal in proposals
        for participant in proposal.participants
        if participant.state == ParticipantState.INVITED and not proposal.is_resubmission
    ]
    assert [p.organization.country for p in invited] == [Country.CN]
    # The resubmission's partner of last year is invited again.
    assert [(p.organization.country, p.state) for p in resubmission.participants] == [
        (Country.US, ParticipantState.CONFIRMED),
        (Country.CN, ParticipantState.INVITED),
    ]

    assignments = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.proposal_id.in_([p.id for p in submitted]))
    ).all()
    assert assignments and all(a.state == AssignmentState.ASSIGNED for a in assignments)
    assert {a.reviewer.side for a in assignments} == {Side.US, Side.CN}


def test_progress_updates_of_active_partnerships(seeded: DemoSummary) -> None:
    for partnership in db.session.scalars(
        select(Partnership).where(Partnership.status == PartnershipStatus.ACTIVE)
    ):
        updates = db.session.scalars(
            select(ProgressUpdate).where(ProgressUpdate.partnership_id == partnership.id)
        ).all()
        public = [
            u
            for u in updates
            if u.visibility == Visibility.PUBLIC and u.state == UpdateState.PUBLISHED
        ]
        assert 2 <= len(public) <= 3
        assert {u.language for u in public} == {Language.EN, Language.ZH}
        assert sum(u.visibility == Visibility.SECRETARIAT for u in updates) == 1
        assert sum(u.state == UpdateState.DRAFT for u in updates) == 1


def test_demo_accounts_cover_every_role(seeded: DemoSummary) -> None:
    accounts_by_email = {a.email: a for a in seeded.accounts}
    assert {role for a in seeded.accounts for role in a.roles} == set(Role)
    assert all(a.password == DEMO_PASSWORD for a in seeded.accounts)
    for role in (Role.REVIEWER, Role.CHAIR):
        sides = {a.side for a in seeded.accounts if role in a.roles}
        assert sides == {Side.US, Side.CN}
    assert sum(Role.REVIEWER in a.roles for a in seeded.accounts) >= 6

    admin = accounts.authenticate("admin@demo.ecopartnerships.org", DEMO_PASSWORD)
    assert admin is not None and admin.has_role(Role.ADMIN) and admin.is_email_confirmed

    applicant_cn = accounts.find_user_by_email("applicant.cn@demo.ecopartnerships.org")
    assert applicant_cn is not None
    assert applicant_cn.language == Language.ZH and applicant_cn.time_zone == "Asia/Shanghai"
    assert "applicant.cn@demo.ecopartnerships.org" in accounts_by_email

    applicant_us = accounts.find_user_by_email("applicant.us@demo.ecopartnerships.org")
    membership = db.session.scalar(
        select(OrganizationMember).where(OrganizationMember.user_id == applicant_us.id)
    )
    assert membership is not None and membership.is_owner
    assert membership.organization.country == Country.US
    assert db.session.scalar(
        select(Proposal).where(
            Proposal.lead_organization_id == membership.organization_id,
            Proposal.state == ProposalState.DRAFT,
        )
    )
    for email in ("partner.us@demo.ecopartnerships.org", "partner.cn@demo.ecopartnerships.org"):
        user = accounts.find_user_by_email(email)
        assert db.session.scalar(
            select(func.count())
            .select_from(OrganizationMember)
            .where(OrganizationMember.user_id == user.id)
        )


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_seeding_twice_changes_nothing() -> None:
    first = seed_demo()
    before = _row_counts()

    second = seed_demo()

    assert first.created_anything and not second.created_anything
    assert "nothing to add" in second.describe()
    assert "applicant.cn@demo.ecopartnerships.org" in first.describe()
    assert _row_counts() == before
    assert second.totals == first.totals
    events = db.session.scalars(select(Event).where(Event.action == "demo.seeded")).all()
    assert len(events) == 1
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.ecopartnerships.org"))
    assert events[0].record_id == admin.id and events[0].actor_id == admin.id


def test_seeding_fills_in_what_is_missing() -> None:
    seed_demo()
    utah = db.session.scalar(select(Partnership).where(Partnership.slug == "utah-qinghai"))
    db.session.delete(utah)
    db.session.flush()
    before = _row_counts()

    summary = seed_demo()

    assert summary.created["historical_partnerships"] == 1
    assert summary.created["partnership_participants"] == 2
    after = _row_counts()
    assert after["partnership"] == before["partnership"] + 1
    assert after["organization"] == before["organization"]
    assert after["event"] == before["event"] + 1


def test_every_demo_organization_has_both_descriptions_and_focus_areas(seeded: DemoSummary) -> None:
    """Profiles worth reading, and the Partners page's suggestions have something to offer."""
    from app.organizations.models import Organization

    organizations = db.session.scalars(select(Organization)).all()
    assert organizations
    assert [o.name_en for o in organizations if not (o.description and o.description_zh)] == []
    assert [o.name_en for o in organizations if not o.focus_areas] == []
    qinghai = next(o for o in organizations if o.name_en == "Qinghai Province")
    assert qinghai.description_zh.startswith("青海省人民政府")
