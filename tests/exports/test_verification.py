"""The register of issued files and the verification page, with rendering replaced by a stand-in
(test_letters.py checks real files): every download is registered once, a pasted or uploaded
file leads to its answer, an unknown hash is refused, and a chair's revocation is recorded and
shown."""

from __future__ import annotations

import hashlib
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import create_app
from app.audit.models import Event
from app.exports import rendering
from app.exports.models import IssuedDocument
from app.exports.rendering import Document, ReaderOptions
from app.extensions import db
from tests.conftest import sign_in
from tests.exports.factories import make_issued_document, make_published_call


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace WeasyPrint with a stand-in whose bytes depend on the document and options."""

    def fake(document: Document, options: ReaderOptions) -> bytes:
        return f"%PDF-1.7 stand-in {document.fingerprint} {options.variant}".encode()

    monkeypatch.setattr(rendering, "render_document", fake)


def test_each_file_handed_out_is_registered_once(
    app: Flask, client: FlaskClient, stand_in: None
) -> None:
    call = make_published_call()
    db.session.commit()
    sign_in(client, call.applicant)
    url = f"/proposals/{call.selected.id}/decision-letter.pdf"
    first, again = client.get(url), client.get(url)
    assert first.data == again.data  # the second came from the cache
    zh = client.get(url + "?lang=zh&paper=a4")
    rows = db.session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
    assert [r.sha256 for r in rows] == [
        hashlib.sha256(d).hexdigest() for d in (first.data, zh.data)
    ]
    assert [(r.kind, r.language, r.paper) for r in rows] == [
        ("decision-letter", "en", "letter"),
        ("decision-letter", "zh_Hans", "a4"),
    ]
    assert {r.reference for r in rows} == {call.selected.reference}
    assert len({r.code for r in rows}) == 1  # one document, two files


def test_an_uploaded_or_pasted_file_leads_to_its_answer(client: FlaskClient) -> None:
    issued = make_issued_document(sha256=hashlib.sha256(b"the file").hexdigest())
    db.session.commit()
    uploaded = client.post(
        "/verify", data={"file": (io.BytesIO(b"the file"), "letter.pdf")}, follow_redirects=True
    )
    assert uploaded.status_code == 200 and "Issued by the portal" in uploaded.text
    assert issued.reference in uploaded.text
    pasted = client.post("/verify", data={"sha256": f"  {issued.sha256.upper()} "})
    assert pasted.status_code == 302 and pasted.headers["Location"].endswith(issued.sha256)
    changed = client.post(
        "/verify", data={"file": (io.BytesIO(b"the file."), "letter.pdf")}, follow_redirects=True
    )
    assert changed.status_code == 404 and "Not issued by the portal" in changed.text
    assert client.get("/verify/not-a-hash").status_code == 404
    assert "Choose a PDF file" in client.post("/verify", data={}).text


def test_a_chair_revokes_with_a_reason_and_the_page_says_so(client: FlaskClient) -> None:
    call = make_published_call()
    issued = make_issued_document()
    db.session.commit()
    sign_in(client, call.chairs[1])
    page = client.get(f"/verify/{issued.sha256}")
    assert "Revoke this file" in page.text
    refused = client.post(
        f"/verify/files/{issued.id}/revoke", data={"reason": "  ", "confirmed": "yes"}
    )
    assert refused.status_code == 400 and "Say why the document is revoked." in refused.text
    asked = client.post(
        f"/verify/files/{issued.id}/revoke", data={"reason": "Superseded by the corrected letter."}
    )
    assert "Revoke this file?" in asked.text and "Yes, revoke the file" in asked.text
    assert 'value="Superseded by the corrected letter."' in asked.text
    assert "Issued by the portal, and revoked" not in client.get(f"/verify/{issued.sha256}").text
    done = client.post(
        f"/verify/files/{issued.id}/revoke",
        data={"reason": "Superseded by the corrected letter.", "confirmed": "yes"},
        follow_redirects=True,
    )
    assert "Issued by the portal, and revoked" in done.text
    assert "Superseded by the corrected letter." in done.text
    assert "Revoke this file" not in done.text
    event = db.session.scalar(select(Event).where(Event.action == "document.revoked"))
    assert event is not None and event.actor_id == call.chairs[1].id
    assert event.details["sha256"] == issued.sha256
    listing = client.get(f"/verify/d/{issued.code}")
    assert "revoked: Superseded by the corrected letter." in listing.text
    again = client.post(
        f"/verify/files/{issued.id}/revoke", data={"reason": "Twice.", "confirmed": "yes"}
    )
    assert "already revoked" in again.text
    assert (
        db.session.scalar(
            select(func.count()).select_from(Event).where(Event.action == "document.revoked")
        )
        == 1
    )


def test_the_verification_page_is_rate_limited() -> None:
    from app.extensions import limiter

    was_enabled = limiter.enabled  # one limiter serves every app: give the suite's back
    limited = create_app("testing", RATELIMIT_ENABLED=True)
    try:
        with limited.app_context():
            client = limited.test_client()
            answers = [client.get("/verify/" + "0" * 64).status_code for _ in range(31)]
    finally:
        limiter.enabled = was_enabled
    assert answers[-1] == 429 and 429 not in answers[:30]
