"""The guided proposal pages: the task list and its one next action, the step indicator, the
error summary at the top of a form, and the USWDS controls (character counts, file input,
month picker), as an applicant meets them."""

from __future__ import annotations

import io
import re

from app.accounts.models import Language
from app.organizations.models import Country
from tests.factories import make_organization, make_user
from tests.proposals.factories import COMPLETE_TEXTS, make_proposal, owner_of


def _status_of(page: str, section: str) -> str:
    """The status tag shown next to `section` on the task list."""
    item = page[page.index(f">{section}<") :]
    return re.search(r'class="usa-tag[^"]*"[^>]*>([^<]+)<', item).group(1)  # type: ignore[union-attr]


def test_the_proposal_page_is_a_task_list_with_one_next_action(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(complete=False, partner_state="invited")
    login(owner_of(proposal.lead_organization))
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Complete your proposal" in page
    assert _status_of(page, "Participants") == "In progress"
    assert _status_of(page, "Proposal texts in English") == "Not started"
    assert _status_of(page, "Check and submit") == "Cannot start yet"
    assert f'href="/proposals/{proposal.id}/partners"' in page
    assert f'href="/proposals/{proposal.id}/edit#title_zh"' in page
    assert f'href="/proposals/{proposal.id}/submit"' not in page  # cannot start yet: no link
    start = page.index('id="tasks-heading"')
    tasks = page[start : page.index("</section>", start)]
    assert tasks.count('class="usa-button') == 1 and "Continue: Participants" in tasks


def test_statuses_move_as_sections_are_completed(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(complete=False)
    login(owner_of(proposal.lead_organization))
    english = {k: v for k, v in COMPLETE_TEXTS.items() if k.endswith("_en")}
    client.post(f"/proposals/{proposal.id}/edit", data={**english, "version": proposal.version})
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert _status_of(page, "Participants") == "Completed"
    assert _status_of(page, "Proposal texts in English") == "Completed"
    assert _status_of(page, "Deliverable") == "In progress"
    assert "Continue: Proposal texts in Chinese" in page


def test_a_complete_draft_offers_checking_and_submitting(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert _status_of(page, "Check and submit") == "Not started"
    assert "Check your answers and submit" in page


def test_a_partner_that_writes_gets_no_link_to_the_leads_pages(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(complete=False)
    partner = next(p for p in proposal.participants if p.role == "partner")
    login(owner_of(partner.organization))
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}/partners"' not in page
    assert f'href="/proposals/{proposal.id}/edit"' in page


def test_the_pages_that_complete_a_proposal_show_where_they_are_in_the_steps(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    for path, step in [
        ("partners", "Participants"),
        ("edit", "Proposal texts"),
        ("workplan", "Workplan"),
        ("letters", "Letters of support"),
        ("submit", "Check and submit"),
    ]:
        page = client.get(f"/proposals/{proposal.id}/{path}").get_data(as_text=True)
        current = re.search(r'aria-current="step">\s*<span[^>]*>([^<]+)', page)
        assert current is not None and current.group(1).strip() == step, path
        assert "usa-step-indicator__segment--complete" in page  # the completed sections


def test_the_error_summary_links_each_error_to_its_field(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(complete=False)
    login(owner_of(proposal.lead_organization))
    data = {"title_en": "x" * 301, "deliverable_kind": "nonsense", "version": proposal.version}
    page = client.post(f"/proposals/{proposal.id}/edit", data=data).get_data(as_text=True)
    summary = page[
        page.index("data-error-summary") : page.index("</ul>", page.index("data-error-summary"))
    ]
    assert "There is a problem" in summary
    assert '<a href="#title_en">At most 300 characters.</a>' in summary
    assert '<a href="#deliverable_kind-0">' in summary  # a group links to its first choice
    assert 'id="deliverable_kind-0"' in page
    assert 'role="alert" tabindex="-1" data-error-summary' in page  # focusable, for the script


def test_long_texts_show_their_limit_as_a_uswds_character_count(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    page = client.get(f"/proposals/{proposal.id}/edit").get_data(as_text=True)
    assert page.count('class="usa-character-count"') == 8  # the four long texts, twice
    summary = page[page.index('id="summary_en"') - 200 : page.index('id="summary_en"') + 200]
    assert 'maxlength="5000"' in summary and "usa-character-count__field" in summary
    assert (
        '<span id="summary_en-info" class="usa-character-count__message">You can enter up to 5,000 characters</span>'
        in page
    )


def test_a_refused_letter_is_explained_at_the_uswds_file_input(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))
    page = client.get(f"/proposals/{proposal.id}/letters").get_data(as_text=True)
    assert 'class="usa-file-input"' in page and 'accept="application/pdf"' in page
    refused = client.post(
        f"/proposals/{proposal.id}/attachments",
        data={"file": (io.BytesIO(b"MZ\x90\x00 an executable"), "letter.pdf")},
        content_type="multipart/form-data",
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'id="file-error"' in page
    assert '<a href="#file">' in page[page.index("data-error-summary") :]


def test_the_due_month_is_a_month_and_a_year_named_in_the_readers_language(client, login) -> None:  # type: ignore[no-untyped-def]
    lead = make_organization(make_user(language=Language.ZH), country=Country.US)
    proposal = make_proposal(lead=lead)
    login(owner_of(lead))
    page = client.get(f"/proposals/{proposal.id}/workplan").get_data(as_text=True)
    assert '<option value="6">六月</option>' in page
    assert f'<option value="{proposal.solicitation.year + 1}">' in page
    assert 'type="month"' not in page
    task = proposal.tasks[0]
    page = client.get(f"/proposals/tasks/{task.id}").get_data(as_text=True)
    assert f'<option selected value="{task.due_month.month}">' in page  # type: ignore[union-attr]


def test_due_months_are_shown_by_name_in_the_readers_language(client, login) -> None:  # type: ignore[no-untyped-def]
    """The workplan table and the check-your-answers page say "June 2028", "2028年6月"."""
    for language, shown in ((Language.EN, "June 2028"), (Language.ZH, "2028年6月")):
        lead = make_organization(make_user(language=language), country=Country.US)
        proposal = make_proposal(lead=lead)
        login(owner_of(lead))
        for url in (f"/proposals/{proposal.id}/workplan", f"/proposals/{proposal.id}/submit"):
            page = client.get(url).get_data(as_text=True)
            assert shown in page and "2028-06" not in page, (language, url)
        client.post("/logout")
