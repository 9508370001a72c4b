"""Stored cross-site scripting: a corpus of payloads put in every free-text field of every
record stays inert wherever the portal shows it — every HTML page (as the public, an applicant,
a reviewer and a chair), every PDF record, the Atom feeds, and the mails.

Pages are parsed (html.parser), not grepped: no script element other than the portal's own
files, no ``on*=`` attribute, no ``javascript:``/``data:`` address in a link or source, no
frame, object, embed or base element. The test also checks that the payloads did reach the
pages (as text), so it cannot pass by showing nothing.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email import message_from_bytes
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import Enum, String, Text, select

from app import clock
from app.exports import engine
from app.extensions import db
from app.notifications.models import Notification
from app.notifications.services import _message, queue_mail
from app.organizations.models import Country
from app.reviews.models import ReviewComment
from app.updates.models import UpdateState, Visibility
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_introduction
from tests.partnerships.factories import make_update
from tests.reliability.conftest import act_as
from tests.reviews.factories import make_assignment, make_reviewer
from tests.test_authorization_matrix import EXPECTED, World, routes, world  # noqa: F401

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg/onload=alert(3)>",
    "javascript:alert(4)",
    "[link](javascript:alert(5))",
    "[link](JaVaScRiPt:alert(6))",
    "![pic](javascript:alert(7))",
    '<a href="javascript:alert(8)">a</a>',
    "<iframe src=javascript:alert(9)></iframe>",
    '" onmouseover="alert(10)" x="',
    "' onfocus='alert(11)' autofocus x='",
    "</textarea><script>alert(12)</script>",
    "</title><script>alert(13)</script>",
    "<details open ontoggle=alert(14)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNik8L3NjcmlwdD4=)",
    "<object data=javascript:alert(17)></object>",
    "<base href=//evil.example/>",
    "<a href=' javascript:alert(19)'>b</a>",
    "[c](&#106;avascript:alert(20))",
    "Subject line\rBcc: victim@example.org\r\nX-Injected: 1",
]
CORPUS = "\n".join(PAYLOADS)
# Not free text: identifiers, codes, hashes, zones, addresses, and the outbox itself.
NOT_FREE_TEXT = {
    "email",
    "password_hash",
    "time_zone",
    "slug",
    "reference",
    "stored_name",
    "sha256",
    "image_name",
    "subdivision_code",
    "kind",
    "record_type",
    "period",
    "action",
    "to_address",
    "subject",
    "body_text",
    "last_error",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "applet"}
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


class ActiveContentFinder(HTMLParser):
    """Everything in a page that a browser would run or load from the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = True
            source = attributes.get("src") or ""
            if not source.startswith("/") or source.startswith("//"):
                self.found.append(f"<script src={source!r}>")
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value is not None:
                address = re.sub(r"[\x00-\x20]", "", value)
                if UNSAFE_SCHEME.match(address) and not address.startswith("data:image/"):
                    self.found.append(f"<{tag} {name}={value[:40]!r}>")
            if name == "style" and value and re.search(r"expression\(|javascript:", value, re.I):
                self.found.append(f"<{tag} style={value[:40]!r}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]!r}")


def active_content(html: str) -> list[str]:
    finder = ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def fill_every_free_text_field() -> int:
    """Put the corpus in every free-text column of every row; the payloads are rotated per
    column so each one comes first somewhere (short columns keep only a prefix)."""
    filled = 0
    for mapper in db.Model.registry.mappers:
        columns = [
            column
            for column in mapper.columns
            if isinstance(column.type, (String, Text))
            and not isinstance(column.type, Enum)
            and column.key not in NOT_FREE_TEXT
            and not column.primary_key
            and not column.foreign_keys
        ]
        if not columns:
            continue
        for row in db.session.scalars(select(mapper.class_)):
            for index, column in enumerate(columns):
                rotated = PAYLOADS[index % len(PAYLOADS) :] + PAYLOADS[: index % len(PAYLOADS)]
                value = "\n".join(rotated)
                if column.key == "filename":  # stored by the upload without control characters
                    value = " ".join(value.split())
                length = getattr(column.type, "length", None)
                setattr(row, column.key, value[:length] if length else value)
                filled += 1
    db.session.flush()
    return filled


@pytest.fixture
def poisoned(world: World) -> Iterator[World]:  # noqa: F811 - the matrix's fixture
    """The authorization matrix's world, with a published update, a submitted review and a
    discussion comment added, and then every free-text field full of payloads."""
    partnership_id = world.values["partnership_id"]
    from app.partnerships.models import Partnership
    from app.proposals.models import Proposal, ProposalState

    partnership = db.session.get(Partnership, partnership_id)
    published = make_update(
        partnership,
        world.users["applicant"],
        state=UpdateState.PUBLISHED,  # type: ignore[arg-type]
    )
    make_update(partnership, state=UpdateState.PUBLISHED, visibility=Visibility.SECRETARIAT)
    proposal = db.session.get(Proposal, world.values["proposal_id"])
    # Submitted: the secretariat reads a proposal (and its PDF) only once it is sent.
    proposal.state, proposal.submitted_at = ProposalState.SUBMITTED, clock.now()  # type: ignore[union-attr]
    proposal.reference = "EP-2027-998"  # type: ignore[union-attr]
    other_reviewer = make_reviewer()
    make_assignment(proposal, other_reviewer, scores=[3, 4, 5, 4, 3], submitted=True)  # type: ignore[arg-type]
    db.session.add(
        ReviewComment(proposal_id=proposal.id, author_id=other_reviewer.id, body="x")  # type: ignore[union-attr]
    )
    # Issue 18: a reported request the home organization received (its page, the chairs' queue).
    introduction = make_introduction(make_organization(make_user(), country=Country.CN), world.home)
    introduction.reported_at = clock.now()
    assert fill_every_free_text_field() > 60
    db.session.commit()  # into the test's transaction: a view's rollback keeps it
    world.values["published_update_id"] = published.id
    world.values["introduction_id"] = introduction.id
    yield world


PAGE_ROLES = ("anonymous", "applicant", "reviewer", "chair_us")


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_payloads_are_inert_on_every_page(
    app: Flask, client: FlaskClient, poisoned: World, role: str
) -> None:
    if role != "anonymous":
        act_as(client, poisoned.users[role].id)  # type: ignore[attr-defined]
    problems, showing = [], 0
    for endpoint, method, rule in routes(app):
        if method != "GET" or endpoint.startswith(("exports.", "api.")) or rule.endswith(".pdf"):
            continue  # PDFs are rendered by WeasyPrint, without scripts; JSON is not HTML
        if EXPECTED.get(endpoint, {}).get(role, "ok") != "ok":
            continue
        url = rule
        for name, value in poisoned.values.items():
            for form in (f"<int:{name}>", f"<path:{name}>", f"<{name}>"):
                url = url.replace(form, str(value))
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: answered {response.status_code}")
        if response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        found = active_content(page)
        problems += [f"{url}: {item}" for item in found]
        showing += "alert(" in page
    assert not problems, "\n".join(problems[:30])
    assert showing >= (3 if role == "anonymous" else 5)  # the payloads were shown, as text


@pytest.mark.parametrize("role", ("anonymous", "chair_us"))
def test_payloads_are_inert_in_every_pdf_record(
    client: FlaskClient, poisoned: World, role: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint runs no script, but markup that reached it could still load things (an image,
    a stylesheet, a file:) or reshape the record: the HTML it is given holds no active content,
    it is asked for nothing but the portal's static files, and the payloads print as text."""
    rendered: list[str] = []
    fetched: list[str] = []
    real_render, real_fetch = engine.render_pdf, engine.PortalURLFetcher.fetch

    def render(html: str, **options: object) -> bytes:
        rendered.append(html)
        return real_render(html, **options)  # type: ignore[arg-type]

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(engine, "render_pdf", render)
    monkeypatch.setattr(engine.PortalURLFetcher, "fetch", fetch)
    if role != "anonymous":
        act_as(client, poisoned.users[role].id)  # type: ignore[attr-defined]
    documents, showing = 0, 0
    from app.partnerships.models import Partnership

    partnership = db.session.get(Partnership, poisoned.values["partnership_id"])
    values = {**poisoned.values, "year": partnership.cohort_year}  # type: ignore[union-attr]
    for endpoint, _method, rule in routes(client.application):
        if not endpoint.startswith("exports.") or EXPECTED[endpoint][role] != "ok":
            continue
        url = rule
        for name, value in values.items():
            url = url.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf", url
        assert not active_content(rendered[-1]), (url, active_content(rendered[-1])[:5])
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
        documents += 1
        showing += "alert(" in text
    assert documents >= (2 if role == "anonymous" else 5)
    assert showing == documents  # every record printed the payloads, as text
    assert all(url.startswith(("data:", "http://portal.test/static/")) for url in fetched), fetched


def test_payloads_are_inert_in_the_feeds(client: FlaskClient, poisoned: World) -> None:
    slug = poisoned.values["slug"]
    entries = 0
    for url in ("/updates.atom", f"/partnerships/{slug}/updates.atom"):
        response = client.get(url)
        assert response.status_code == 200
        feed = ET.fromstring(response.get_data())  # noqa: S314 - the portal's own output
        assert not [e.tag for e in feed.iter() if str(e.tag).lower().endswith("script")]
        for element in feed.iter():
            if element.get("type") in ("html", "xhtml") and element.text:
                found = active_content(element.text)
                assert not found, f"{url} {element.tag}: {found}"
                entries += "alert(" in element.text
    assert entries >= 2  # the published update's body reached both feeds, sanitized


def test_payloads_in_mail_stay_plain_text_and_inject_no_header(app: Flask, poisoned: World) -> None:
    from app.partnerships.models import Partnership
    from app.proposals.models import Proposal
    from app.updates.models import ProgressUpdate

    applicant = poisoned.users["applicant"]
    proposal = db.session.get(Proposal, poisoned.values["proposal_id"])
    partnership = db.session.get(Partnership, poisoned.values["partnership_id"])
    update = db.session.get(ProgressUpdate, poisoned.values["published_update_id"])
    proposal.reference, proposal.submitted_at = "EP-2027-999", clock.now()  # type: ignore[union-attr]
    update.title = "Turtles\rBcc: victim@example.org\rX-Injected: 1"  # type: ignore[union-attr]
    queue_mail("accounts.confirm_email", to=applicant, token="t")  # type: ignore[arg-type]
    queue_mail("proposals.submitted", to=applicant, proposal=proposal)  # type: ignore[arg-type]
    for kind in ("updates.published", "updates.submitted"):
        queue_mail(kind, to=applicant, update=update, partnership=partnership)  # type: ignore[arg-type]
    queue_mail(
        "updates.returned",
        to=applicant,  # type: ignore[arg-type]
        update=update,
        partnership=partnership,
        reason=CORPUS,
    )
    db.session.flush()
    # The world's own mails (the chair appointment told to the chairs) are not these.
    mails = db.session.scalars(
        select(Notification).where(Notification.recipient_id == applicant.id)  # type: ignore[union-attr]
    ).all()
    assert len(mails) == 5
    for mail in mails:
        assert "\r" not in mail.subject and "\n" not in mail.subject, mail.kind
        built = _message(mail, app.config["MAIL_DEFAULT_SENDER"])
        parsed = message_from_bytes(built.as_bytes())
        assert parsed.get_content_type() == "text/plain" and not parsed.is_multipart()
        assert parsed["Bcc"] is None and parsed["X-Injected"] is None, mail.kind
        assert parsed["To"] == applicant.email  # type: ignore[attr-defined]
    # The payloads are there, verbatim, as text a mail reader shows and never runs.
    assert any("<script>alert('xss-1')</script>" in mail.body_text for mail in mails)
