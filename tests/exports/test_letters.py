"""The letter and the certificate as the Joint Secretariat signs and sends them, read back in both
languages and on both paper sizes: the letterheads, the addressee, the date of the decision (the
files are rendered a year and a half after it), the signatories who gave the keys, no technical
text, a tagged structure tree; and the verification page answering for the very file."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask_sqlalchemy.session import _app_ctx_id
from pypdf.generic import DictionaryObject
from sqlalchemy.orm import scoped_session, sessionmaker

from app import clock
from app.extensions import db
from tests.conftest import sign_in
from tests.exports.factories import CHAIR_NAMES, CHAIR_TITLES, LEAD_ADDRESS, make_published_call
from tests.exports.reading import ReadPdf

DECIDED_AT = datetime(2027, 7, 22, 14, 30, tzinfo=UTC)
RENDERED_AT = DECIDED_AT + timedelta(days=540)  # 2029: far after the decision
TECHNICAL = ("Generated", "PDF/A", "record.json", "Reader's time", "UTC", "生成", "附件")
DOCUMENTS = [
    (kind, language, paper)
    for kind in ("letter", "certificate")
    for language in ("en", "zh")
    for paper in ("a4", "letter")
]
SIZES = {
    ("letter", "letter"): (612, 792),
    ("letter", "a4"): (595, 842),
    ("certificate", "letter"): (792, 612),
    ("certificate", "a4"): (842, 595),
}


@dataclass
class Issued:
    """The rendered files and what the verification page answered about them."""

    files: dict[tuple[str, str, str], ReadPdf]
    facts: dict[str, Any]
    answers: dict[str, tuple[int, str]]


@pytest.fixture(scope="module")
def issued(app: Flask) -> Iterator[Issued]:
    """Decide a call in July 2027, then download its letter and certificate in 2029."""
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original_session = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        try:
            with clock.frozen_at(DECIDED_AT):
                call = make_published_call()
            anonymous = app.test_client()
            proposal = call.selected.id
            paths = {"letter": "decision-letter", "certificate": "certificate"}
            files = {}
            with clock.frozen_at(RENDERED_AT):
                applicant = app.test_client()
                sign_in(applicant, call.applicant)
                chair = app.test_client()
                sign_in(chair, call.chairs[0])
                for kind, language, paper in DOCUMENTS:
                    response = applicant.get(
                        f"/proposals/{proposal}/{paths[kind]}.pdf?lang={language}&paper={paper}"
                    )
                    assert response.status_code == 200, (kind, language, paper)
                    files[kind, language, paper] = ReadPdf(response.data)
                letter = files["letter", "en", "letter"].data
                middle = len(letter) // 2
                altered = letter[:middle] + bytes([letter[middle] ^ 1]) + letter[middle + 1 :]
                sha, altered_sha = (hashlib.sha256(d).hexdigest() for d in (letter, altered))
                answers: dict[str, tuple[int, str]] = {}

                def ask(name: str, url: str, client: Any = anonymous, **post: Any) -> None:
                    if post:
                        got = client.post(url, data=post, follow_redirects=True)
                    else:
                        got = client.get(url, follow_redirects=True)
                    answers[name] = (got.status_code, got.get_data(as_text=True))

                ask("file", f"/verify/{sha}")
                ask("altered", f"/verify/{altered_sha}")
                code = files["letter", "en", "letter"].text.rsplit("/verify/d/", 1)[1].split()[0]
                ask("document", f"/verify/d/{code}")
                ask("pasted", f"/verify?sha256={sha.upper()}")
                row = db.session.execute(
                    db.text("select id from issued_document where sha256 = :s"), {"s": sha}
                ).scalar_one()
                ask("refused", f"/verify/files/{row}/revoke", applicant, reason="Superseded.")
                ask(
                    "revoked",
                    f"/verify/files/{row}/revoke",
                    chair,
                    reason="Superseded.",
                    confirmed="yes",
                )
                ask("after", f"/verify/{sha}")
            facts = {
                "reference": call.selected.reference,
                "contact": call.applicant.display_name,
                "lead_en": call.lead.name_en,
            }
        finally:
            db.session.remove()
            db.session = original_session
            transaction.rollback()
            connection.close()
    yield Issued(files=files, facts=facts, answers=answers)


@pytest.mark.parametrize(("kind", "language", "paper"), DOCUMENTS)
def test_signed_by_the_two_key_holders_and_dated_by_the_decision(
    issued: Issued, kind: str, language: str, paper: str
) -> None:
    pdf = issued.files[kind, language, paper]
    assert pdf.page_size() == SIZES[kind, paper]
    assert pdf.has("U.S. Department of State") and pdf.has("中华人民共和国国家发展和改革委员会")
    assert pdf.has(issued.facts["reference"])
    # The decision's date, in both languages, never the day of rendering.
    assert pdf.has("July 22, 2027") and pdf.has("2027年7月22日")
    assert not pdf.has("2029")
    assert pdf.record["decision_date"] == "2027-07-22"
    # The two chairs who gave the keys, with their titles, in both languages.
    for name, (title_en, title_zh) in zip(CHAIR_NAMES, CHAIR_TITLES, strict=True):
        assert pdf.has(name) and pdf.has(title_en) and pdf.has(title_zh)
    assert [s["name"] for s in pdf.record["signatories"]] == list(CHAIR_NAMES)
    assert pdf.has("U.S. Co-Chair, Joint Secretariat") and pdf.has("联合秘书处中方联合主席")
    for phrase in TECHNICAL:
        assert phrase not in pdf.text, phrase
    assert pdf.has("/verify/d/")
    # Tagged: a structure tree with headings, and the document's language.
    root = pdf.reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == ("zh-Hans" if language == "zh" else "en")
    assert "/H1" in structure_types(root["/StructTreeRoot"])
    assert kind != "certificate" or pdf.page_count == 1


@pytest.mark.parametrize(("language", "paper"), [("en", "letter"), ("zh", "a4")])
def test_the_letter_is_addressed_and_reads_as_prose(
    issued: Issued, language: str, paper: str
) -> None:
    pdf = issued.files["letter", language, paper]
    assert pdf.has(f"Dear {issued.facts['contact']},")
    assert pdf.has(issued.facts["lead_en"]) and pdf.has(LEAD_ADDRESS[0])
    assert pdf.has(f"Salt Lake City, Utah {LEAD_ADDRESS[1]}") and pdf.has("United States")
    assert pdf.has("has been selected for the ")
    assert pdf.has("Sincerely,") and pdf.has("此致敬礼")
    # The last page never holds the signature lines alone.
    last = pdf.pages[-1]
    assert pdf.page_count == 1 or "Sincerely," in last


def test_the_verification_page_confirms_the_file_and_refuses_an_altered_one(
    issued: Issued,
) -> None:
    status, page = issued.answers["file"]
    assert status == 200 and "Issued by the portal" in page and issued.facts["reference"] in page
    status, page = issued.answers["altered"]
    assert status == 404 and "Not issued by the portal" in page
    status, page = issued.answers["document"]
    assert status == 200 and issued.facts["reference"] in page and "Files issued" in page
    assert (
        issued.answers["pasted"][0] == 200 and "Issued by the portal" in issued.answers["pasted"][1]
    )


def test_a_chair_revokes_a_superseded_letter(issued: Issued) -> None:
    assert issued.answers["refused"][0] == 403
    status, page = issued.answers["revoked"]
    assert status == 200 and "revoked" in page
    status, page = issued.answers["after"]
    assert status == 200 and "Issued by the portal, and revoked" in page and "Superseded." in page


def structure_types(node: Any) -> set[str]:
    """The structure types (/S) in a structure tree."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, DictionaryObject):
            if "/S" in item:
                found.add(str(item["/S"]))
            kids = item.get("/K")
            if kids is not None:
                kids = kids.get_object() if hasattr(kids, "get_object") else kids
                stack.extend(kids if isinstance(kids, list) else [kids])
        elif isinstance(item, list):
            stack.extend(item)
    return found
