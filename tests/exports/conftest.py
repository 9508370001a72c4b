"""Every PDF record rendered once for a whole test module (rendering costs about half a second a
document): a published call is built in a transaction of its own, each document is downloaded by
the reader it is for, and the transaction is rolled back before the tests read the files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker
from werkzeug.datastructures import Headers

from app.exports import engine
from app.extensions import db
from tests.conftest import sign_in
from tests.exports.factories import make_published_call
from tests.exports.reading import ReadPdf


@dataclass
class Download:
    """One answer of the portal."""

    status: int
    mimetype: str
    headers: Headers
    data: bytes

    @property
    def pdf(self) -> ReadPdf:
        """The answer read as a PDF."""
        assert self.status == 200 and self.mimetype == "application/pdf", self.status
        return ReadPdf(self.data)


@dataclass
class Rendered:
    """The downloads, what the records held when they were rendered, and every URL WeasyPrint
    asked to fetch."""

    downloads: dict[str, Download]
    facts: dict[str, Any]
    fetched: list[str] = field(default_factory=list)

    def pdf(self, name: str) -> ReadPdf:
        """A download read as a PDF."""
        return self.downloads[name].pdf


def _client(app: Flask, user: object | None) -> FlaskClient:
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


def _download(client: FlaskClient, url: str) -> Download:
    response = client.get(url)
    return Download(response.status_code, response.mimetype, response.headers, response.data)


@pytest.fixture(scope="module")
def rendered(app: Flask) -> Iterator[Rendered]:
    """Every document of a published call, downloaded by its readers."""
    app.config["WTF_CSRF_ENABLED"] = False
    fetched: list[str] = []
    original_fetch = engine.PortalURLFetcher.fetch

    def spy(self: engine.PortalURLFetcher, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return original_fetch(self, url, headers)

    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine.PortalURLFetcher, "fetch", spy)
        connection = db.engine.connect()
        transaction = connection.begin()
        original_session = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        try:
            call = make_published_call()
            slug, year = call.partnership.slug, call.solicitation.year
            selected, declined = call.selected.id, call.declined.id
            anonymous = _client(app, None)
            applicant = _client(app, call.applicant)
            chinese = _client(app, call.chinese_member)
            declined_applicant = _client(app, call.declined_applicant)
            chair_us = _client(app, call.chairs[0])
            chair_cn = _client(app, call.chairs[1])
            wanted = {
                "partnership": (anonymous, f"/partnerships/{slug}.pdf"),
                "partnership_zh_a4": (anonymous, f"/partnerships/{slug}.pdf?lang=zh&paper=a4"),
                "partnership_page": (anonymous, f"/partnerships/{slug}"),
                "partnership_api": (anonymous, f"/api/v1/partnerships/{slug}"),
                "internal": (
                    chair_us,
                    f"/secretariat/partnerships/{call.partnership.id}/record.pdf",
                ),
                "cohort": (anonymous, f"/partnerships/cohorts/{year}.pdf"),
                "cohort_chairs": (chair_cn, f"/secretariat/partnerships/cohorts/{year}.pdf"),
                "proposal": (applicant, f"/proposals/{selected}.pdf"),
                "proposal_zh": (chinese, f"/proposals/{selected}.pdf"),
                "dossier": (chair_us, f"/secretariat/review/proposals/{selected}/dossier.pdf"),
                "review_summary": (applicant, f"/proposals/{selected}/reviews.pdf"),
                "letter": (applicant, f"/proposals/{selected}/decision-letter.pdf"),
                "letter_declined": (
                    declined_applicant,
                    f"/proposals/{declined}/decision-letter.pdf",
                ),
                "certificate": (applicant, f"/proposals/{selected}/certificate.pdf"),
            }
            downloads = {name: _download(client, url) for name, (client, url) in wanted.items()}
            facts = {
                "slug": slug,
                "year": year,
                "reference": call.selected.reference,
                "declined_reference": call.declined.reference,
                "partnership_name_en": call.partnership.name_en,
                "partnership_name_zh": call.partnership.name_zh,
                "title_en": call.selected.title_en,
                "title_zh": call.selected.title_zh,
                "lead_en": call.lead.name_en,
                "lead_zh": call.lead.name_zh,
                "partner_en": call.partner.name_en,
                "partner_zh": call.partner.name_zh,
                "reviewer_emails": [r.email for r in call.reviewers],
                "chair_emails": [c.email for c in call.chairs],
                "criteria": len(call.solicitation.criteria),
            }
        finally:
            db.session.remove()
            db.session = original_session
            transaction.rollback()
            connection.close()
    yield Rendered(downloads=downloads, facts=facts, fetched=fetched)
