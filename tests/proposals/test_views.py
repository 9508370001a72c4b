"""Proposal pages, as applicants use them."""

from __future__ import annotations

import io

from sqlalchemy import select

from app.extensions import db
from app.focus_areas import FocusArea
from app.notifications.models import Notification
from app.organizations.models import Country, OrganizationType
from app.proposals.models import Attachment, Proposal, ProposalFocusArea, ProposalState
from tests.factories import make_organization, make_user
from tests.proposals.factories import COMPLETE_TEXTS, make_proposal, owner_of
from tests.proposals.test_services import pdf_bytes
from tests.solicitations.factories import make_solicitation


def test_an_applicant_starts_writes_and_saves_a_bilingual_draft(client, login) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    organization = make_organization(user)
    make_solicitation()
    login(user)
    assert "Start the draft" in client.get("/proposals/new").get_data(as_text=True)
    response = client.post("/proposals/new", data={"organization_id": organization.id})
    assert response.status_code == 302
    proposal = db.session.scalars(select(Proposal)).one()
    data = {
        **COMPLETE_TEXTS,
        "focus_areas": ["clean_air", "energy_efficiency"],
        "deliverable_kind": "technology",
        "version": proposal.version,
    }
    assert client.post(f"/proposals/{proposal.id}/edit", data=data).status_code == 302
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "港口城市清洁公交" in page and "Clean buses for harbor cities" in page
    assert {a.focus_area.value for a in proposal.focus_areas} == {"clean_air", "energy_efficiency"}


def test_too_long_text_is_refused_next_to_the_field_and_the_rest_is_kept(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(complete=False)
    login(owner_of(proposal.lead_organization))
    data = {"title_en": "x" * 301, "title_zh": "中文标题保留", "version": proposal.version}
    page = client.post(f"/proposals/{proposal.id}/edit", data=data).get_data(as_text=True)
    assert 'id="title_en-error"' in page and "中文标题保留" in page
    assert proposal.title_zh == ""


def test_a_stale_edit_keeps_the_typed_text_and_says_why(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    stale = {
        **COMPLETE_TEXTS,
        "title_en": "My careful rewrite",
        "version": proposal.version - 1 or 99,
    }
    page = client.post(f"/proposals/{proposal.id}/edit", data=stale).get_data(as_text=True)
    assert "Someone else saved" in page and "My careful rewrite" in page


def test_workplan_tasks_are_added_edited_and_validated(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(complete=False)
    login(owner_of(proposal.lead_organization))
    bad = client.post(
        f"/proposals/{proposal.id}/workplan",
        data={
            "pilot_year": "2",
            "title_en": "Survey",
            "title_zh": "",
            "target": "",
            "due_month": "13",
            "due_year": "2028",
        },
    )
    page = bad.get_data(as_text=True)
    assert (
        'id="title_zh-error"' in page
        and 'id="due_month-error"' in page
        and 'value="Survey"' in page
        and '<option selected value="2028">2028</option>' in page  # the year chosen stays
    )
    good = {
        "pilot_year": "2",
        "title_en": "Survey",
        "title_zh": "调查",
        "target": "3 sites",
        "due_month": "6",
        "due_year": "2028",
    }
    assert client.post(f"/proposals/{proposal.id}/workplan", data=good).status_code == 302
    (task,) = proposal.tasks
    assert (task.pilot_year, task.number, task.due_month.isoformat()) == (2, 1, "2028-06-01")
    client.post(f"/proposals/tasks/{task.id}", data={**good, "pilot_year": "3"})
    assert task.pilot_year == 3


def test_inviting_a_partner_and_the_partner_confirming(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(partner=make_organization(make_user(), country=Country.US))
    chinese = make_organization(make_user(), country=Country.CN)
    login(owner_of(proposal.lead_organization))
    response = client.post(
        f"/proposals/{proposal.id}/partners/organization", data={"organization_id": chinese.id}
    )
    assert response.status_code == 302
    mail = db.session.scalars(
        select(Notification).where(Notification.kind == "proposals.partner_invited")
    ).one()
    assert mail.to_address == owner_of(chinese).email
    client.post("/logout")
    login(owner_of(chinese))
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Confirm taking part" in page
    participant = next(p for p in proposal.participants if p.organization_id == chinese.id)
    client.post(f"/proposals/participants/{participant.id}/answer", data={"decision": "accept"})
    assert participant.state == "confirmed"
    assert "Confirm taking part" not in client.get(f"/proposals/{proposal.id}").get_data(
        as_text=True
    )


def test_the_partners_page_picks_in_a_combo_box_and_suggests_counterparts(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(partner=make_organization(make_user(), country=Country.US))
    proposal.focus_areas = [
        ProposalFocusArea(focus_area=FocusArea.CLEAN_AIR),
        ProposalFocusArea(focus_area=FocusArea.CLEAN_WATER),
    ]
    make_organization(
        make_user(),
        country=Country.CN,
        name_en="Xining Water Bureau",
        name_zh="西宁市水务局",
        city="Xining",
        type=OrganizationType.CITY_GOVERNMENT,
        focus_areas=(FocusArea.CLEAN_AIR, FocusArea.CLEAN_WATER),
    )
    one = make_organization(
        make_user(), country=Country.CN, name_en="Lanzhou Air", focus_areas=(FocusArea.CLEAN_AIR,)
    )
    make_organization(
        country=Country.US, name_en="Same Side Air", focus_areas=(FocusArea.CLEAN_AIR,)
    )
    login(owner_of(proposal.lead_organization))

    page = client.get(f"/proposals/{proposal.id}/partners").get_data(as_text=True)

    combo = page[page.index('class="usa-combo-box"') :]
    assert combo.index('<option selected value="">') < combo.index("Xining Water Bureau")
    assert "Xining Water Bureau – 西宁市水务局 · Xining, Qinghai · City government" in combo
    suggested = page[page.index('id="suggested-heading"') :]
    assert suggested.index("Xining Water Bureau") < suggested.index("Lanzhou Air")
    assert "Same Side Air" not in suggested
    assert "Shares 2 focus areas: Clean air; Clean water" in suggested
    response = client.post(
        f"/proposals/{proposal.id}/partners/organization", data={"organization_id": one.id}
    )
    assert response.status_code == 302
    page = client.get(f"/proposals/{proposal.id}/partners").get_data(as_text=True)
    assert "Lanzhou Air" not in page[page.index('id="suggested-heading"') :]


def test_inviting_with_the_placeholder_asks_to_choose(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    page = client.post(
        f"/proposals/{proposal.id}/partners/organization", data={"organization_id": ""}
    ).get_data(as_text=True)
    assert 'id="organization_id-error"' in page and "Choose an organization." in page


def test_inviting_ones_own_organization_shows_a_message(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    page = client.post(
        f"/proposals/{proposal.id}/partners/organization",
        data={"organization_id": proposal.lead_organization_id},
    ).get_data(as_text=True)
    assert 'id="organization_id-error"' in page


def test_invalid_invitation_email_is_shown_next_to_the_field(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    page = client.post(
        f"/proposals/{proposal.id}/partners/email", data={"email": "not an address"}
    ).get_data(as_text=True)
    assert 'id="email-error"' in page and 'value="not an address"' in page


def test_upload_download_and_remove_a_letter(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    response = client.post(
        f"/proposals/{proposal.id}/attachments",
        data={"file": (io.BytesIO(pdf_bytes()), "support.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    attachment = db.session.scalars(select(Attachment)).one()
    download = client.get(f"/proposals/attachments/{attachment.id}")
    assert download.data == pdf_bytes()
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    client.post(f"/proposals/attachments/{attachment.id}/remove")
    assert db.session.scalars(select(Attachment)).first() is None


def test_a_renamed_non_pdf_is_refused_with_a_message(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    response = client.post(
        f"/proposals/{proposal.id}/attachments",
        data={"file": (io.BytesIO(b"MZ\x90\x00 an executable"), "letter.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "not a PDF" in response.get_data(as_text=True)
    assert db.session.scalars(select(Attachment)).first() is None


def test_check_your_answers_sums_up_every_section_and_submits_with_the_declaration(
    client, login
) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    page = client.get(f"/proposals/{proposal.id}/submit").get_data(as_text=True)
    assert "Check your answers before submitting" in page
    assert f'href="/proposals/{proposal.id}/edit#summary_zh"' in page  # a Change link per answer
    assert "公交车队电动化。" in page and "You cannot submit yet" not in page
    without = client.post(f"/proposals/{proposal.id}/submit", data={})
    assert 'href="#declaration"' in without.get_data(as_text=True)  # the summary links to it
    assert proposal.state == ProposalState.DRAFT
    response = client.post(f"/proposals/{proposal.id}/submit", data={"declaration": "y"})
    assert response.status_code == 302
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert proposal.reference in receipt and "Receipt" in receipt
    assert proposal.state == ProposalState.SUBMITTED


def test_after_submission_edits_are_refused(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(state=ProposalState.SUBMITTED)
    login(owner_of(proposal.lead_organization))
    response = client.post(
        f"/proposals/{proposal.id}/edit",
        data={**COMPLETE_TEXTS, "title_en": "Sneaky"},
        follow_redirects=True,
    )
    assert "can no longer be changed" in response.get_data(as_text=True)
    assert proposal.title_en == COMPLETE_TEXTS["title_en"]
    task = proposal.tasks[0]
    client.post(f"/proposals/tasks/{task.id}/remove")
    assert task in proposal.tasks


def test_an_incomplete_proposal_is_not_offered_submit_and_says_what_is_missing(
    client, login
) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(complete=False)
    login(owner_of(proposal.lead_organization))
    page = client.get(f"/proposals/{proposal.id}/submit").get_data(as_text=True)
    assert "You cannot submit yet" in page and "Submit the proposal</button>" not in page
    assert f'<a href="/proposals/{proposal.id}/edit#title_zh">Title in Chinese.</a>' in page
    assert f'<a href="/proposals/{proposal.id}/workplan#pilot_year">' in page


def test_a_refused_submission_lists_what_is_missing_at_the_top_as_links(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(complete=False)
    login(owner_of(proposal.lead_organization))
    page = client.post(f"/proposals/{proposal.id}/submit", data={"declaration": "y"}).get_data(
        as_text=True
    )
    summary = page[
        page.index("data-error-summary") : page.index("</ul>", page.index("data-error-summary"))
    ]
    assert "The proposal cannot be submitted yet." in summary
    assert (
        f'<li><a href="/proposals/{proposal.id}/edit#title_zh">Title in Chinese.</a></li>'
        in summary
    )
    assert "pilot year 1" in summary and summary.count("<li>") >= 10  # a list, not one sentence
    assert proposal.state == ProposalState.DRAFT


def test_the_dashboard_lists_invitations_waiting(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(partner_state="invited")
    partner = next(p for p in proposal.participants if p.role == "partner")
    login(owner_of(partner.organization))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Invitations waiting for your answer" in page
    assert f"/proposals/{proposal.id}" in page
