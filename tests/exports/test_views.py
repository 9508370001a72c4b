"""The PDF routes: who may download what (the rule of the page each mirrors), the cache and its
invalidation, HTTP validators, and the links from the pages. Rendering is replaced by a stand-in
that counts its calls (test_documents.py reads real files)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.exports import rendering
from app.exports.rendering import Document, ReaderOptions
from app.extensions import db
from app.proposals.models import ProposalState
from app.reviews import conflicts as review_conflicts
from app.updates.models import UpdateState
from tests.conftest import sign_in
from tests.exports.factories import PublishedCall, make_published_call
from tests.partnerships.factories import make_update
from tests.proposals.factories import make_proposal, owner_of
from tests.reviews.factories import make_assignment, make_reviewer

Signer = Callable[[object], None]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ReaderOptions]]:
    """Replace WeasyPrint with a stand-in; each call is recorded."""
    calls: list[tuple[str, ReaderOptions]] = []

    def fake(document: Document, options: ReaderOptions) -> bytes:
        calls.append((document.kind, options))
        return b"%PDF-1.7 stand-in " + document.fingerprint.encode()

    monkeypatch.setattr(rendering, "render_document", fake)
    return calls


@pytest.fixture
def call() -> PublishedCall:
    return make_published_call()


def cached_files(app: Flask) -> list[Path]:
    return sorted(Path(app.config["PDF_CACHE_DIR"]).glob("*.pdf"))


# --- routes -----------------------------------------------------------------------------------


def test_the_pdf_routes_do_not_collide_with_the_pages(app: Flask) -> None:
    urls = app.url_map.bind("portal.test")
    assert urls.match("/partnerships/utah-qinghai") == (
        "public.partnership",
        {"slug": "utah-qinghai"},
    )
    assert urls.match("/partnerships/utah-qinghai.pdf") == (
        "exports.partnership_record",
        {"slug": "utah-qinghai"},
    )
    assert urls.match("/partnerships/map")[0] == "public.directory_map"
    assert urls.match("/partnerships/cohorts/2011.pdf") == ("exports.cohort_report", {"year": 2011})
    assert urls.match("/proposals/5") == ("proposals.detail", {"proposal_id": 5})
    assert urls.match("/proposals/5.pdf") == ("exports.proposal", {"proposal_id": 5})


def test_both_addresses_answer(client: FlaskClient, call: PublishedCall, renders: list) -> None:
    slug = call.partnership.slug
    page = client.get(f"/partnerships/{slug}")
    assert page.status_code == 200 and page.mimetype == "text/html"
    record = client.get(f"/partnerships/{slug}.pdf")
    assert record.status_code == 200 and record.mimetype == "application/pdf"
    assert f"filename={slug}.pdf" in record.headers["Content-Disposition"]
    assert record.headers["Content-Disposition"].startswith("inline")


def test_what_the_public_may_not_see_is_a_404(client: FlaskClient, call: PublishedCall) -> None:
    assert client.get("/partnerships/no-such-partnership.pdf").status_code == 404
    assert client.get(f"/partnerships/{call.withdrawn.slug}.pdf").status_code == 404
    assert client.get("/partnerships/cohorts/1999.pdf").status_code == 404


# --- the cache --------------------------------------------------------------------------------


def test_a_repeat_download_is_served_from_the_cache(
    app: Flask, client: FlaskClient, call: PublishedCall, renders: list
) -> None:
    url = f"/partnerships/{call.partnership.slug}.pdf"
    first = client.get(url)
    second = client.get(url)
    assert len(renders) == 1
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert (
        "public" in first.headers["Cache-Control"]
        and "max-age=300" in first.headers["Cache-Control"]
    )
    assert "Accept-Language" in first.headers["Vary"]
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and len(renders) == 1


def test_any_change_to_the_record_makes_a_new_version(
    app: Flask, client: FlaskClient, call: PublishedCall, renders: list
) -> None:
    url = f"/partnerships/{call.partnership.slug}.pdf"
    before = client.get(url).headers["ETag"]
    files_before = cached_files(app)
    call.partnership.goal_en = "Cleaner air, and cleaner water too."
    db.session.flush()
    after = client.get(url).headers["ETag"]
    assert after != before and len(renders) == 2
    make_update(
        call.partnership, call.applicant, state=UpdateState.PUBLISHED, title="A second update"
    )
    assert client.get(url).headers["ETag"] not in (before, after) and len(renders) == 3
    # One file per record and options: each new version replaced the previous one.
    assert len(cached_files(app)) == len(files_before)
    client.get(url)
    assert len(renders) == 3


def test_each_language_and_paper_size_is_its_own_file(
    client: FlaskClient, call: PublishedCall, renders: list
) -> None:
    url = f"/partnerships/{call.partnership.slug}.pdf"
    default = client.get(url).headers["ETag"]
    assert client.get(f"{url}?paper=tabloid&lang=fr&tz=Mars/Base").headers["ETag"] == default
    chinese = client.get(f"{url}?lang=zh").headers["ETag"]
    a4 = client.get(f"{url}?paper=a4").headers["ETag"]
    assert len({default, chinese, a4}) == 3
    assert [options for _kind, options in renders] == [
        ReaderOptions("en", "letter", None),
        ReaderOptions("zh_Hans", "a4", None),
        ReaderOptions("en", "a4", None),
    ]


def test_readers_with_the_same_options_share_the_file(
    app: Flask, call: PublishedCall, renders: list
) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    url = f"/proposals/{call.selected.id}.pdf"
    for user in (call.applicant, call.chairs[0], call.reviewers[0]):
        client = app.test_client()
        sign_in(client, user)
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response.headers["Cache-Control"]
        assert "public" not in response.headers["Cache-Control"]
    assert len(renders) == 1  # all three read English, in New York's zone, on Letter


# --- permissions: the rule of the page each record mirrors ---------------------------------------


class Readers:
    """A signed-in browser per user (signing in hashes a password: once per user is enough)."""

    def __init__(self, app: Flask) -> None:
        app.config["WTF_CSRF_ENABLED"] = False
        self.app = app
        self.clients: dict[int | None, FlaskClient] = {}

    def client(self, user: object | None) -> FlaskClient:
        key = getattr(user, "id", None)
        if key not in self.clients:
            client = self.app.test_client()
            if user is not None:
                sign_in(client, user)
            self.clients[key] = client
        return self.clients[key]


@pytest.fixture
def readers(app: Flask) -> Readers:
    return Readers(app)


def status(readers: Readers, user: object | None, url: str) -> int:
    response = readers.client(user).get(url)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
    return response.status_code


def test_the_proposal_follows_the_proposal_page(
    readers: Readers, call: PublishedCall, renders: list
) -> None:
    url = f"/proposals/{call.selected.id}.pdf"
    assert status(readers, None, url) == 302
    assert status(readers, call.outsider, url) == 403
    assert status(readers, call.declined_applicant, url) == 403
    for reader in (call.applicant, call.chinese_member, call.chairs[1], call.reviewers[1]):
        assert status(readers, reader, url) == 200
    assert status(readers, call.applicant, "/proposals/999999.pdf") == 404


def test_the_dossier_follows_the_chairs_review_page(
    readers: Readers, call: PublishedCall, renders: list
) -> None:
    url = f"/secretariat/review/proposals/{call.selected.id}/dossier.pdf"
    assert status(readers, call.applicant, url) == 403
    assert status(readers, call.outsider, url) == 403
    assert status(readers, call.chairs[0], url) == 200
    assert status(readers, call.reviewers[0], url) == 200  # submitted their own review: as the page
    idle = make_reviewer()
    make_assignment(call.selected, idle)
    assert status(readers, idle, url) == 403  # has not reviewed


def test_a_chair_in_conflict_reads_neither_dossier_nor_outcome(
    readers: Readers, call: PublishedCall, renders: list
) -> None:
    chair = call.chairs[0]
    review_conflicts.declare_conflict(chair, call.lead, "Former employer.", actor=chair)
    db.session.flush()
    for url in (
        f"/secretariat/review/proposals/{call.selected.id}/dossier.pdf",
        f"/proposals/{call.selected.id}/decision-letter.pdf",
        f"/proposals/{call.selected.id}/reviews.pdf",
    ):
        assert status(readers, chair, url) == 403, url
    assert status(readers, call.chairs[1], f"/proposals/{call.selected.id}/reviews.pdf") == 200


def test_the_outcome_is_for_the_applicants_once_published(
    readers: Readers, call: PublishedCall, renders: list
) -> None:
    selected, declined = call.selected.id, call.declined.id
    for document in ("decision-letter", "certificate", "reviews"):
        url = f"/proposals/{selected}/{document}.pdf"
        assert status(readers, None, url) == 302
        assert status(readers, call.outsider, url) == 403
        assert status(readers, call.reviewers[0], url) == 403
        assert status(readers, call.declined_applicant, url) == 403
        assert status(readers, call.applicant, url) == 200
        assert status(readers, call.chinese_member, url) == 200
    assert (
        status(readers, call.declined_applicant, f"/proposals/{declined}/decision-letter.pdf")
        == 200
    )
    assert status(readers, call.declined_applicant, f"/proposals/{declined}/certificate.pdf") == 404


def test_nothing_of_the_outcome_before_publication(readers: Readers, renders: list) -> None:
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    applicant = owner_of(proposal.lead_organization)
    for document in ("decision-letter", "certificate", "reviews"):
        assert status(readers, applicant, f"/proposals/{proposal.id}/{document}.pdf") == 403


def test_the_secretariat_records_are_for_the_chairs(
    readers: Readers, call: PublishedCall, renders: list
) -> None:
    internal = f"/secretariat/partnerships/{call.partnership.id}/record.pdf"
    cohort = f"/secretariat/partnerships/cohorts/{call.solicitation.year}.pdf"
    for url in (internal, cohort):
        assert status(readers, None, url) == 302
        assert status(readers, call.applicant, url) == 403  # a member of the partnership
        assert status(readers, call.reviewers[0], url) == 403
        assert status(readers, call.chairs[1], url) == 200
    assert (
        status(readers, call.chairs[1], f"/secretariat/partnerships/{call.withdrawn.id}/record.pdf")
        == 200
    )
    assert status(readers, call.chairs[1], "/secretariat/partnerships/cohorts/1999.pdf") == 404


# --- links from the pages -----------------------------------------------------------------------


def page(readers: Readers, user: object, url: str) -> str:
    response = readers.client(user).get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_pages_link_their_records(readers: Readers, call: PublishedCall) -> None:
    selected = call.selected.id
    detail = page(readers, call.applicant, f"/proposals/{selected}")
    for href in (
        f"/proposals/{selected}.pdf",
        f"/proposals/{selected}/decision-letter.pdf",
        f"/proposals/{selected}/certificate.pdf",
        f"/proposals/{selected}/reviews.pdf",
    ):
        assert f'href="{href}"' in detail, href
    declined = page(readers, call.declined_applicant, f"/proposals/{call.declined.id}")
    assert "/certificate.pdf" not in declined and "/decision-letter.pdf" in declined
    as_reviewer = page(readers, call.reviewers[0], f"/proposals/{selected}")
    assert f'href="/proposals/{selected}.pdf"' in as_reviewer
    assert "/decision-letter.pdf" not in as_reviewer  # not theirs to read
    chairs = page(readers, call.chairs[0], f"/secretariat/review/proposals/{selected}")
    assert f'href="/secretariat/review/proposals/{selected}/dossier.pdf"' in chairs
    manage = page(readers, call.chairs[0], f"/secretariat/partnerships/{call.partnership.id}")
    assert f'href="/secretariat/partnerships/{call.partnership.id}/record.pdf"' in manage
    assert f'href="/partnerships/{call.partnership.slug}.pdf"' in manage
    assert f'href="/secretariat/partnerships/cohorts/{call.solicitation.year}.pdf"' in manage


# --- bounds: variants, renders per address -------------------------------------------------------


def test_unknown_options_render_no_new_variant(
    app: Flask, client: FlaskClient, call: PublishedCall, renders: list
) -> None:
    url = f"/partnerships/{call.partnership.slug}.pdf"
    default = client.get(url)
    files = cached_files(app)
    for query in (
        "tz=Europe/Paris",
        "tz=Pacific/Auckland",
        "tz=Etc/GMT%2B5",
        "tz=Not/A_Zone",
        "lang=fr",
        "lang=de-DE",
        "paper=tabloid",
        "paper=a3&tz=Africa/Lagos&lang=xx",
    ):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, query
        assert response.headers["ETag"] == default.headers["ETag"], query
    assert len(renders) == 1 and cached_files(app) == files
    # The short list: 2 languages × 2 paper sizes × 3 zones (UTC, New York, Shanghai).
    for lang in ("en", "zh_Hans"):
        for paper in ("letter", "a4"):
            for zone in ("UTC", "America/New_York", "Asia/Shanghai"):
                assert client.get(f"{url}?lang={lang}&paper={paper}&tz={zone}").status_code == 200
    assert len(renders) == 12 and len({options for _kind, options in renders}) == 12


@pytest.fixture
def limited(app: Flask, call: PublishedCall, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A second app with the limits on (two anonymous renders a minute) and an empty PDF cache,
    sharing the suite's rolled-back database session (as tests/test_security.py does)."""
    from app import create_app
    from app.extensions import limiter
    from tests.conftest import FreshRequestClient

    was_enabled = limiter.enabled  # one limiter serves every app: give the suite's back
    limited_app = create_app(
        "testing",
        RATELIMIT_ENABLED=True,
        WTF_CSRF_ENABLED=False,
        PDF_RENDER_RATE_LIMIT="2 per minute",
        PDF_CACHE_DIR=str(tmp_path / "pdf-cache"),
        UPLOAD_DIR=app.config["UPLOAD_DIR"],
    )
    limited_app.test_client_class = FreshRequestClient
    with limited_app.app_context():
        limiter.reset()
        yield limited_app
        limiter.reset()
    limiter.enabled = was_enabled


def test_anonymous_renders_are_rate_limited_per_address(
    limited: Flask, call: PublishedCall, renders: list
) -> None:
    client = limited.test_client()
    url = f"/partnerships/{call.partnership.slug}.pdf"
    assert client.get(url).status_code == 200
    assert client.get(f"{url}?lang=zh_Hans").status_code == 200
    assert client.get(f"{url}?paper=a4").status_code == 429  # a third render this minute
    assert len(renders) == 2
    # What is cached costs nothing and is still served.
    assert client.get(url).status_code == 200 and client.get(f"{url}?lang=zh").status_code == 200
    # Another address has its own allowance.
    other = client.get(f"{url}?paper=a4", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert other.status_code == 200 and len(renders) == 3


def test_signed_in_readers_are_not_limited_by_the_anonymous_allowance(
    limited: Flask, call: PublishedCall, renders: list
) -> None:
    client = limited.test_client()
    sign_in(client, call.applicant)
    url = f"/partnerships/{call.partnership.slug}.pdf"
    for query in ("", "?lang=zh_Hans", "?paper=a4", "?tz=Asia/Shanghai"):
        assert client.get(url + query).status_code == 200
    assert len(renders) == 4
