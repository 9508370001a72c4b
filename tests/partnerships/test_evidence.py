"""Evidence files of a milestone: PDFs and pictures checked as letters and update pictures are,
listed on the milestone, downloaded by members and chairs only."""

from __future__ import annotations

import io

import pytest

from app.accounts.models import Role
from app.errors import ServiceError
from app.extensions import db
from app.partnerships import evidence
from tests.factories import make_user
from tests.partnerships.factories import events_of, make_milestone, make_partnership
from tests.proposals.test_letters import ACTIVE_SAMPLES
from tests.proposals.test_services import pdf_bytes
from tests.updates.test_services import png


def _upload(client, partnership, milestone, content: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/workspace/partnerships/{partnership.id}/milestones/{milestone.id}/evidence",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_a_member_attaches_a_pdf_and_a_picture_which_members_and_chairs_download(  # type: ignore[no-untyped-def]
    client, login
) -> None:
    member, chair, outsider = make_user(), make_user(Role.CHAIR), make_user()
    partnership = make_partnership(member)
    milestone = make_milestone(partnership)
    login(member)

    assert _upload(client, partnership, milestone, pdf_bytes(), "report.pdf").status_code == 302
    assert _upload(client, partnership, milestone, png(), "../site photo.png").status_code == 302

    report, photo = milestone.evidence_files
    assert (report.media_type, report.filename) == ("application/pdf", "report.pdf")
    assert (photo.media_type, photo.filename) == ("image/png", "site photo.png")
    assert evidence.evidence_path(report).read_bytes() == pdf_bytes()
    assert [e.details["filename"] for e in events_of("milestone.evidence_added")] == [
        "report.pdf",
        "site photo.png",
    ]
    page = client.get(
        f"/workspace/partnerships/{partnership.id}/milestones/{milestone.id}"
    ).get_data(as_text=True)
    assert "report.pdf" in page and "site photo.png" in page

    download = client.get(f"/milestone-evidence/{report.id}")
    assert download.status_code == 200 and download.data == pdf_bytes()
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    db.session.commit()

    client.post("/logout")
    login(chair)
    assert client.get(f"/milestone-evidence/{photo.id}").mimetype == "image/png"
    manage = client.get(f"/secretariat/partnerships/{partnership.id}").get_data(as_text=True)
    assert f"/milestone-evidence/{report.id}" in manage
    client.post("/logout")
    login(outsider)
    assert client.get(f"/milestone-evidence/{report.id}").status_code == 403
    client.post("/logout")
    assert "/login" in client.get(f"/milestone-evidence/{report.id}").headers["Location"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (ACTIVE_SAMPLES[b"/JavaScript"](b"/JavaScript"), "scripts"),
        (pdf_bytes()[:-200] + b"/JavaScript (app.alert(1))" + pdf_bytes()[-200:], "scripts"),
        (b"GIF89a<script>alert(1)</script>", "not an image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not an image"),
        (b"<svg onload=alert(1)>", "not an image"),
        (b"", "empty"),
    ],
)
def test_a_pdf_with_scripts_or_a_fake_image_is_refused(content: bytes, reason: str) -> None:
    member = make_user()
    partnership = make_partnership(member)
    milestone = make_milestone(partnership)
    with pytest.raises(ServiceError) as refused:
        evidence.add_evidence(milestone, "evidence.pdf", content, actor=member)
    assert reason in refused.value.message and refused.value.field == "file"
    assert milestone.evidence_files == []


def test_a_refused_upload_says_why_at_the_top_of_the_page_and_stores_nothing(  # type: ignore[no-untyped-def]
    client, login
) -> None:
    member = make_user()
    partnership = make_partnership(member)
    milestone = make_milestone(partnership, evidence="Site visit notes")
    login(member)
    response = _upload(client, partnership, milestone, b"GIF89a<script>", "photo.gif")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    summary = page[
        page.index("data-error-summary") : page.index("</ul>", page.index("data-error-summary"))
    ]
    assert 'href="#file"' in summary and "not an image the portal accepts" in summary
    assert 'id="file-error"' in page  # the message also sits next to the file input
    assert "Site visit notes" in page  # the report form above keeps the milestone's values
    assert milestone.evidence_files == []


def test_sending_no_file_asks_for_one(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    milestone = make_milestone(partnership)
    login(member)
    response = client.post(
        f"/workspace/partnerships/{partnership.id}/milestones/{milestone.id}/evidence",
        data={},
        content_type="multipart/form-data",
    )
    assert "Choose a PDF or a picture to attach." in response.get_data(as_text=True)
    assert milestone.evidence_files == []


def test_the_size_limit_and_the_number_of_files_are_bounded(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    milestone = make_milestone(partnership)
    too_big = b"%PDF-1.4\n" + b"0" * (app.config["MAX_UPLOAD_BYTES"] + 1)
    with pytest.raises(ServiceError, match="larger than"):
        evidence.add_evidence(milestone, "big.pdf", too_big, actor=member)
    for n in range(evidence.MAX_FILES_PER_MILESTONE):
        evidence.add_evidence(milestone, f"{n}.pdf", pdf_bytes(), actor=member)
    with pytest.raises(ServiceError, match="at most 10"):
        evidence.add_evidence(milestone, "one more.pdf", pdf_bytes(), actor=member)


def test_a_member_removes_a_file_and_its_bytes_go_after_the_commit(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    milestone = make_milestone(partnership)
    added = evidence.add_evidence(milestone, "report.pdf", pdf_bytes(), actor=member)
    path = evidence.evidence_path(added)
    db.session.commit()
    login(member)
    assert client.post(f"/milestone-evidence/{added.id}/remove").status_code == 302
    assert milestone.evidence_files == [] and not path.exists()
