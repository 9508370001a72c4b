"""Every PDF record read back: pages, text in both languages, embedded fonts, PDF/A
identification, the attached JSON record, and what each reader must (not) find in it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.ci import cannot_run
from tests.exports.conftest import Rendered
from tests.exports.factories import (
    CHAIR_NAMES,
    CONFIDENTIAL,
    DISCUSSION,
    DRAFT_UPDATE,
    PUBLIC_UPDATE,
    REVIEWER_NAMES,
    SECRETARIAT_UPDATE,
)
from tests.exports.reading import PDFFONTS, squeezed

PDF_DOCUMENTS = (
    "partnership",
    "partnership_zh_a4",
    "internal",
    "cohort",
    "cohort_chairs",
    "proposal",
    "proposal_zh",
    "dossier",
    "review_summary",
    "letter",
    "letter_declined",
    "certificate",
)
FORMAL_DOCUMENTS = ("letter", "letter_declined", "certificate")
LETTER = (612, 792)
A4 = (595, 842)


@pytest.mark.parametrize("name", PDF_DOCUMENTS)
def test_every_record_is_an_archival_pdf_carrying_its_json(rendered: Rendered, name: str) -> None:
    download = rendered.downloads[name]
    assert download.status == 200 and download.mimetype == "application/pdf"
    pdf = download.pdf
    assert 'pdfaid:part="3"' in pdf.xmp and 'pdfaid:conformance="B"' in pdf.xmp
    assert "/OutputIntents" in pdf.reader.trailer["/Root"]
    assert list(pdf.attachments) == ["record.json"]
    assert isinstance(pdf.record, dict) and pdf.record
    reference = squeezed(running_reference(rendered, name))
    if name in FORMAL_DOCUMENTS:
        # Letters and certificates: the reference on the page, no generation time (that is in
        # the metadata), one line saying where to verify the document.
        assert reference in squeezed(pdf.text) and "UTC" not in pdf.text
        assert pdf.has("Verify this document at http://portal.test/verify/d/")
        assert "PDF/A-3B" in pdf.reader.metadata["/Subject"]
        return
    # Running header with the reference, "page X of Y" and the generation time on every page.
    for number, text in enumerate(pdf.pages, start=1):
        assert reference in squeezed(text)
        footer = text.rsplit("UTC", 1)[-1]
        # Digits stand next to Chinese characters ("第1页，共2页"): no \b there.
        assert re.search(rf"(?<!\d){number}\D{{1,12}}{pdf.page_count}(?!\d)", footer), footer
    if "zh" in name:
        assert f"第1页，共{pdf.page_count}页" in pdf.pages[0]
    else:
        assert f"Page 1 of {pdf.page_count}" in pdf.pages[0]


def running_reference(rendered: Rendered, name: str) -> str:
    """The reference a document's running header shows."""
    facts = rendered.facts
    if name.startswith(("partnership", "internal")):
        # The partnership's name, never its web slug.
        return facts["partnership_name_zh" if "zh" in name else "partnership_name_en"]
    if name.startswith("cohort"):
        return f"Cohort {facts['year']}"
    if name == "letter_declined":
        return facts["declined_reference"]
    return facts["reference"]


def _cjk_font_installed() -> bool:
    """Whether fontconfig knows a font for Chinese, one the print stylesheet names."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run(  # noqa: S603 - fc-list from PATH with fixed arguments
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    return any(name in found for name in ("Noto Sans CJK", "WenQuanYi"))


@pytest.mark.parametrize("name", PDF_DOCUMENTS)
def test_chinese_is_drawn_in_an_embedded_cjk_font(rendered: Rendered, name: str) -> None:
    if PDFFONTS is None:
        cannot_run("pdffonts (poppler-utils) is not installed: `make system-packages`")
    if not _cjk_font_installed():
        cannot_run("no CJK font (Noto Sans CJK or WenQuanYi) is installed: `make fonts`")
    pdf = rendered.pdf(name)
    assert pdf.has_embedded_cjk_font(), pdf.embedded_fonts
    assert all(" yes " in line for line in pdf.embedded_fonts)


def test_the_public_record_in_both_languages_matches_the_open_data(rendered: Rendered) -> None:
    facts = rendered.facts
    pdf = rendered.pdf("partnership")
    for name in ("partnership_name_en", "partnership_name_zh", "lead_en", "lead_zh", "partner_zh"):
        assert pdf.has(facts[name]), name
    assert pdf.has("Install 24 sensors") and pdf.has("安装24个传感器")  # the work plan
    assert pdf.has("Key accomplishments") and pdf.has("In progress")
    assert pdf.has(PUBLIC_UPDATE) and pdf.has("西宁的监测设备已经上线")
    # The update's picture, re-encoded (JPEG, transparency flattened), within the page.
    pictures = [image for page in pdf.reader.pages for image in page.images]
    assert pictures, "the update's picture is printed"
    assert all(p.image.mode == "RGB" and max(p.image.size) <= 1200 for p in pictures)
    assert rendered.facts["slug"] not in pdf.pages[0].split("\n")[0]
    assert not pdf.has("No description") and not pdf.has("No updates")
    assert not pdf.has(DRAFT_UPDATE) and not pdf.has(SECRETARIAT_UPDATE)
    assert not pdf.has("Installation report")  # milestone evidence stays internal
    assert pdf.page_size() == LETTER  # an English reader without a time zone
    api = json.loads(rendered.downloads["partnership_api"].data)
    assert pdf.record == api  # the PDF carries exactly the open-data record
    assert pdf.record["links"]["pdf"].endswith(f"/partnerships/{facts['slug']}.pdf")


def test_the_page_and_the_pdf_share_a_path_prefix(rendered: Rendered) -> None:
    page = rendered.downloads["partnership_page"]
    assert page.status == 200 and page.mimetype == "text/html"
    assert f'href="/partnerships/{rendered.facts["slug"]}.pdf"' in page.data.decode()
    assert f"/partnerships/cohorts/{rendered.facts['year']}.pdf" in page.data.decode()


def test_a_chinese_a4_copy_on_request(rendered: Rendered) -> None:
    pdf = rendered.pdf("partnership_zh_a4")
    assert pdf.page_size() == A4
    assert pdf.has(rendered.facts["partnership_name_zh"])
    assert pdf.has(rendered.facts["partnership_name_en"])  # both names where it matters
    assert pdf.record == rendered.pdf("partnership").record  # one record, any language


def test_the_internal_record_has_the_secretariats_view(rendered: Rendered) -> None:
    pdf = rendered.pdf("internal")
    assert pdf.has("Contents") and pdf.has("Audit trail")
    # The trail in words (app/audit/sentences.py), not codes; the embedded record keeps the codes.
    assert pdf.has("created the partnership") and not pdf.has("partnership.created")
    assert pdf.has("Installation report, 24 units.")  # milestone evidence
    assert pdf.has(SECRETARIAT_UPDATE) and pdf.has(PUBLIC_UPDATE)
    assert not pdf.has(DRAFT_UPDATE)  # drafts stay with their authors
    assert DRAFT_UPDATE not in json.dumps(pdf.record, ensure_ascii=False)
    internal = pdf.record["internal"]
    assert internal["plans"][0]["state"] == "draft" and internal["plans"][0]["tasks"]
    assert any(e["action"] == "partnership.created" for e in internal["audit_trail"])
    assert pdf.has("America/New_York")  # the chair's own time zone beside UTC


def test_the_cohort_reports(rendered: Rendered) -> None:
    facts = rendered.facts
    public, chairs = rendered.pdf("cohort"), rendered.pdf("cohort_chairs")
    for pdf in (public, chairs):
        assert pdf.has(f"The {facts['year']} cohort of EcoPartnerships")
        assert pdf.has("Contents") and pdf.has("Summary")
        assert pdf.has(facts["partnership_name_en"]) and pdf.has(facts["partnership_name_zh"])
        assert pdf.has("1/3")  # the chart: one of three milestones done
    assert not public.has("Withdrawn Pair")
    assert [p["slug"] for p in public.record["partnerships"]] == [facts["slug"]]
    assert public.record["totals"]["milestones"]["done"] == 1
    assert chairs.has("Withdrawn Pair") and chairs.has("The partners parted ways.")
    assert chairs.record["totals"]["withdrawn"] == 1 and "as_of" in chairs.record


def test_the_proposal_as_submitted_in_both_languages(rendered: Rendered) -> None:
    facts = rendered.facts
    pdf = rendered.pdf("proposal")
    assert pdf.has(facts["title_en"]) and pdf.has(facts["title_zh"])
    assert pdf.has("The proposal in English") and pdf.has("The proposal in Chinese")
    assert pdf.has("在盐湖城和西宁布设低成本传感器。")
    assert pdf.has(facts["lead_zh"]) and pdf.has(facts["partner_en"])
    assert pdf.has("Year 1 task") and pdf.has("第1年任务")  # the workplan
    assert pdf.has("June 2028") and not pdf.has("2028-06")  # its due months by name
    assert pdf.has("June 2028") and not pdf.has("2028-06")  # due months by name
    record = pdf.record
    assert record["reference"] == facts["reference"] and record["title_zh"] == facts["title_zh"]
    assert [p["role"] for p in record["participants"]] == ["lead", "partner"]
    assert len(record["workplan"]) == 3


def test_a_chinese_reader_gets_chinese_on_a4(rendered: Rendered) -> None:
    pdf = rendered.pdf("proposal_zh")
    assert pdf.page_size() == A4  # a reader in Asia/Shanghai
    assert pdf.has(rendered.facts["title_zh"])
    assert pdf.has("Asia/Shanghai")
    assert pdf.has("2028年6月") and not pdf.has("June 2028")  # due months in Chinese
    assert pdf.record == rendered.pdf("proposal").record


def test_the_dossier_shows_the_chairs_everything(rendered: Rendered) -> None:
    pdf = rendered.pdf("dossier")
    for name in (*REVIEWER_NAMES, *CHAIR_NAMES):
        assert pdf.has(name), name
    assert pdf.has(CONFIDENTIAL) and pdf.has(DISCUSSION)
    assert pdf.has("Calibrated score") and pdf.has("Weighted mean") and pdf.has("Decision trail")
    record = pdf.record
    assert len(record["reviews"]) == 2
    assert len(record["reviews"][0]["scores"]) == rendered.facts["criteria"]
    assert record["ranking"]["calibrated"] is not None and record["ranking"]["position"] == 1
    [decision] = record["decisions"]
    assert decision["state"] == "approved"
    assert {decision["proposed_by"]["side"], decision["approved_by"]["side"]} == {"US", "CN"}
    assert record["published_at"] is not None


@pytest.mark.parametrize("name", ["review_summary", "letter", "letter_declined", "certificate"])
def test_applicants_never_see_who_reviewed_or_what_was_confidential(
    rendered: Rendered, name: str
) -> None:
    pdf = rendered.pdf(name)
    attached = json.dumps(pdf.record, ensure_ascii=False)
    # The two co-chairs sign letters and certificates by name (test_letters.py); the reviews
    # summary names nobody.
    chairs = CHAIR_NAMES if name == "review_summary" else ()
    for secret in (*REVIEWER_NAMES, *chairs, CONFIDENTIAL, DISCUSSION):
        assert not pdf.has(secret), secret
        assert secret not in attached, secret
    for email in (*rendered.facts["reviewer_emails"], *rendered.facts["chair_emails"]):
        assert not pdf.has(email) and email not in attached


def test_the_anonymized_reviews(rendered: Rendered) -> None:
    pdf = rendered.pdf("review_summary")
    assert pdf.has("Reviewer 1") and pdf.has("Reviewer 2")
    assert pdf.has(f"Clear targets for {rendered.facts['reference']}.")
    assert pdf.has("目标明确，合作伙伴均衡。")
    assert pdf.record["decision"]["outcome"] == "selected"
    assert [r["number"] for r in pdf.record["reviews"]] == [1, 2]
    assert "recommendation" not in json.dumps(pdf.record)


def test_the_decision_letters_are_bilingual(rendered: Rendered) -> None:
    facts = rendered.facts
    selected = rendered.pdf("letter")
    assert selected.has(f"Your proposal {facts['reference']} is selected as an EcoPartnership")
    assert selected.has(facts["title_en"]) and selected.has(facts["title_zh"])
    assert selected.has(facts["lead_en"]) and selected.has(facts["lead_zh"])
    assert selected.has(facts["partner_zh"]) and selected.has("Co-Chair")
    assert selected.record["outcome"] == "selected"
    assert selected.record["partnership"]["slug"] == facts["slug"]
    declined = rendered.pdf("letter_declined")
    assert declined.has(f"Decision on your proposal {facts['declined_reference']}")
    assert declined.record["outcome"] == "declined" and declined.record["partnership"] is None


def test_the_certificate_is_one_landscape_page(rendered: Rendered) -> None:
    pdf = rendered.pdf("certificate")
    assert pdf.page_count == 1
    assert pdf.page_size() == (LETTER[1], LETTER[0])
    assert pdf.has("Certificate of Selection")
    assert pdf.has(rendered.facts["partnership_name_en"])
    assert pdf.has(rendered.facts["partnership_name_zh"])


def test_nothing_was_fetched_while_rendering(rendered: Rendered) -> None:
    # The update's Markdown asks for file:///etc/passwd: the sanitizer drops the image, so the
    # fetcher is never even asked; the documents need no outside resource at all.
    assert [url for url in rendered.fetched if not url.startswith("data:")] == []
    assert not rendered.pdf("partnership").has("root:")
