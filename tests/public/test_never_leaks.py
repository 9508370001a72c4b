"""Nothing private reaches the public: every public page, feed, download and API route, asked
about every record, against a database that holds every kind of private thing.

The database is the demo data set (drafts, submitted and returned updates, secretariat-only
updates, proposals that were not selected, reviews with their comments and scores, decisions
with their rationale, implementation plans with the chairs' comments, everyone's e-mail address)
plus what the demo lacks (a withdrawn partnership, a draft call, internal notes on a public
partnership and its milestones). The private strings are read back from the database itself, so
a record added to the demo later is checked too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import clock, permissions
from app.accounts import services as accounts
from app.accounts.models import User
from app.demo.services import seed_demo
from app.extensions import db
from app.notices.models import NoticeState, PartnerNotice
from app.organizations.models import Organization, OrganizationInvitation, OrganizationMember
from app.partnerships.models import ImplementationPlan, Milestone, Partnership, PartnershipStatus
from app.proposals.models import Proposal, ProposalState
from app.reviews.models import Decision, ReviewAssignment, ReviewScore
from app.solicitations.models import Solicitation, SolicitationStatus
from app.updates.models import ProgressUpdate, UpdateState, Visibility
from tests.conftest import sign_in
from tests.exports.reading import ReadPdf
from tests.factories import make_user
from tests.notices.factories import make_notice
from tests.partnerships.factories import make_milestone, make_update
from tests.public.factories import make_partnership, make_solicitation

MIN_LENGTH = 12  # shorter strings could occur in public text by chance
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.fixture(autouse=True)
def _one_hash_per_password(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Every demo account shares one password: hash it once, not once per account.
    monkeypatch.setattr(accounts, "hash_password", functools.cache(accounts.hash_password))
    yield


def _private_world() -> User:
    """The demo data set plus the private things it lacks; returns a partnership member."""
    seed_demo()
    public = db.session.scalars(
        select(Partnership).where(Partnership.status == PartnershipStatus.ACTIVE)
    ).first()
    assert public is not None
    member = make_user(email="leak.member@partner.example")
    organization = public.participants[0].organization
    db.session.add(
        OrganizationMember(organization=organization, user=member, joined_at=datetime.now(UTC))
    )
    db.session.add(
        OrganizationInvitation(organization=organization, email="leak.invitee@partner.example")
    )
    public.status_reason = "LEAK internal status note on an active partnership"
    make_milestone(public, pilot_year=3, number=9, evidence="LEAK evidence kept for the chairs")
    make_update(public, title="LEAK returned update title", state=UpdateState.RETURNED,
                return_reason="LEAK reason the chair returned it", author=member,
                body="LEAK returned update body")  # fmt: skip
    make_update(public, title="LEAK secretariat-only published title",
                visibility=Visibility.SECRETARIAT, body="LEAK secretariat-only body")  # fmt: skip
    make_update(public, title="LEAK draft update title", state=UpdateState.DRAFT, author=member,
                body="LEAK draft update body")  # fmt: skip
    make_update(public, title="LEAK update awaiting moderation title", state=UpdateState.SUBMITTED,
                author=member, body="LEAK update awaiting moderation body")  # fmt: skip
    make_update(public, title="Public update by a member", author=member)
    withdrawn = make_partnership(status=PartnershipStatus.WITHDRAWN,
                                 name_en="LEAK withdrawn partnership name",
                                 goal_en="LEAK goal of a withdrawn partnership")  # fmt: skip
    make_update(withdrawn, title="LEAK published update of a withdrawn partnership")
    make_solicitation(2031, status=SolicitationStatus.DRAFT, title_en="LEAK draft call title")
    # Issue 18: notices the public never sees (the demo has a draft and a submitted one).
    make_notice(organization, member, NoticeState.RETURNED, seeking_en="LEAK returned notice",
                return_reason="LEAK reason a chair returned the notice")  # fmt: skip
    make_notice(organization, member, NoticeState.WITHDRAWN, offer_en="LEAK withdrawn notice")
    make_notice(organization, member, ends_on=date(2026, 1, 31), offer_en="LEAK expired notice")
    db.session.flush()
    return member


def _private_strings() -> set[str]:
    """Every private value in the database, read back from it."""
    found: set[str] = set()

    def add(*values: object) -> None:
        found.update(str(v) for v in values if v and len(str(v)) >= MIN_LENGTH)

    for user in db.session.scalars(select(User)):
        add(user.email)
    for invitation in db.session.scalars(select(OrganizationInvitation)):
        add(invitation.email)
    for update in db.session.scalars(select(ProgressUpdate)):
        add(update.return_reason)
        if not (update.state == UpdateState.PUBLISHED and update.visibility == Visibility.PUBLIC):
            add(update.title, update.body)
    for proposal in db.session.scalars(select(Proposal)):
        if proposal.state != ProposalState.SELECTED:
            add(proposal.title_en, proposal.title_zh, proposal.summary_en, proposal.summary_zh)
        add(proposal.ineligibility_reason, proposal.reference)
    for assignment in db.session.scalars(select(ReviewAssignment)):
        add(assignment.comments_to_applicant, assignment.comments_to_secretariat,
            assignment.recusal_reason)  # fmt: skip
    for decision in db.session.scalars(select(Decision)):
        add(decision.rationale)
    for plan in db.session.scalars(select(ImplementationPlan)):
        add(plan.body, plan.chair_comments)
    for milestone in db.session.scalars(select(Milestone)):
        add(milestone.evidence)
    for partnership in db.session.scalars(select(Partnership)):
        add(partnership.status_reason)
        if partnership.status == PartnershipStatus.WITHDRAWN:
            add(partnership.name_en, partnership.goal_en)
    for call in db.session.scalars(select(Solicitation)):
        if call.status == SolicitationStatus.DRAFT:
            add(call.title_en, call.title_zh, call.guidance_en)
    for notice in db.session.scalars(select(PartnerNotice)):
        add(notice.return_reason)
        if not notice.is_standing_on(clock.today()):
            add(notice.offer_en, notice.offer_zh, notice.seeking_en, notice.seeking_zh)
    assert db.session.scalar(select(ReviewScore.score).limit(1)) is not None  # scores exist
    return found


def _public_urls(app: Flask) -> list[str]:
    """Every GET route of the public site and the API, with every record it can be asked about
    (public or not) and a query that matches everything."""
    values = {
        "slug": list(db.session.scalars(select(Partnership.slug))),
        "organization_id": [str(i) for i in db.session.scalars(select(Organization.id))],
        "year": [str(y) for y in db.session.scalars(select(Solicitation.year))],
        "notice_id": [str(i) for i in db.session.scalars(select(PartnerNotice.id))],
    }
    urls: list[str] = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("public.", "api.")) or "GET" not in rule.methods:
            continue
        if getattr(app.view_functions[rule.endpoint], "permission", None) is not permissions.anyone:
            continue  # not a public route (the signed-in dashboard)
        if rule.endpoint == "public.switch_language":
            continue  # not a page: sets the language cookie and redirects
        names = re.findall(r"<(?:\w+:)?(\w+)>", rule.rule)
        if not names:
            urls.append(rule.rule)
            continue
        (name,) = names
        for value in values[name]:
            urls.append(re.sub(r"<(?:\w+:)?\w+>", value, rule.rule))
    # Lists, searched for what only private records hold, and paged through.
    urls += [
        "/partnerships?q=LEAK", "/partnerships?status=graduated&page=2", "/updates?page=2",
        "/api/v1/partnerships?q=LEAK&per_page=100", "/api/v1/organizations?per_page=100",
        "/api/v1/organizations?per_page=100&page=2", "/api/v1/updates?per_page=100",
        "/partnerships.csv?q=LEAK", "/api/v1/notices?per_page=100",
    ]  # fmt: skip
    return urls


def _assert_nothing_private(client: FlaskClient, urls: list[str], private: set[str]) -> None:
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        body = response.get_data(as_text=True)
        leaks += [(url, secret) for secret in private if secret in body]
        # Any address at all (the calendar's event ids end in the site's own host name).
        leaks += [(url, address) for address in EMAIL.findall(body)
                  if not address.endswith("@portal.test")]  # fmt: skip
    assert not leaks, leaks[:20]


def test_no_public_route_shows_anything_private(app: Flask, client: FlaskClient) -> None:
    _private_world()
    private = _private_strings()
    assert "LEAK draft update title" in private and "leak.member@partner.example" in private
    assert "LEAK update awaiting moderation title" in private
    urls = _public_urls(app)
    assert len(urls) > 100
    _assert_nothing_private(client, urls, private)


def test_not_even_to_the_members_whose_drafts_they_are(app: Flask, client: FlaskClient) -> None:
    member = _private_world()
    sign_in(client, member)
    private = _private_strings()
    slugs = db.session.scalars(
        select(Partnership.slug).where(Partnership.status == PartnershipStatus.ACTIVE)
    ).all()
    urls = ["/", "/updates", "/updates.atom", "/api/v1/updates", "/partnerships?q=LEAK"]
    urls += [f"/partnerships/{slug}" for slug in slugs]
    urls += [f"/partnerships/{slug}/updates.atom" for slug in slugs]
    assert "Public update by a member" in client.get("/updates").get_data(as_text=True)
    assert "LEAK update awaiting moderation title" in private
    _assert_nothing_private(client, urls, private)


def test_an_update_awaiting_moderation_reaches_no_public_page_feed_api_sitemap_or_pdf(
    client: FlaskClient,
) -> None:
    """Submitted, not yet published by a chair: its partners declared it fit for the public,
    but until a chair publishes it, it is nowhere public, the PDF records included (which the
    demo-wide walk above does not render)."""
    partnership = make_partnership(cohort_year=2025)
    make_update(partnership, title="Monitors are live in Xining")
    make_update(partnership, title="Awaiting moderation: a title", state=UpdateState.SUBMITTED,
                body="Awaiting moderation: a body", published_at=None)  # fmt: skip
    db.session.flush()
    slug = partnership.slug
    hidden = ("Awaiting moderation: a title", "Awaiting moderation: a body")
    pages = ["/", "/updates", "/updates.atom", f"/partnerships/{slug}", "/sitemap.xml",
             f"/partnerships/{slug}/updates.atom", "/api/v1/updates?per_page=100",
             f"/api/v1/partnerships/{slug}", "/partnerships?q=Awaiting"]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert not [text for text in hidden if text in body], url
    assert "Monitors are live in Xining" in client.get(f"/partnerships/{slug}").get_data(
        as_text=True
    )  # the published one is there: the page does show updates
    for url in (f"/partnerships/{slug}.pdf", "/partnerships/cohorts/2025.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf", url
        pdf = ReadPdf(response.data)
        assert not [text for text in hidden if pdf.has(text)], url
    assert ReadPdf(client.get(f"/partnerships/{slug}.pdf").data).has("Monitors are live in Xining")
