"""Solicitation pages: the public calls, and the chairs' pages that run them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import clock
from app.accounts.models import Language, Role, Side
from app.audit.models import Event
from app.extensions import db
from app.proposals.models import Proposal, ProposalState
from app.reviews.models import ReviewAssignment, ReviewScore
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.factories import make_organization, make_user
from tests.solicitations.factories import make_solicitation

S = SolicitationStatus
NOW = datetime(2027, 5, 29, 12, 0, tzinfo=UTC)
DEADLINE = datetime(2027, 5, 31, 15, 59, tzinfo=UTC)  # 11:59 a.m. in Washington (EDT)


@pytest.fixture(autouse=True)
def frozen_now():  # type: ignore[no-untyped-def]
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def chair():  # type: ignore[no-untyped-def]
    return make_user(Role.CHAIR, Role.REVIEWER, side=Side.CN)


def text_of(response: Any) -> str:
    """The page's visible text, with tags dropped and spaces (also narrow ones) collapsed."""
    html = response.get_data(as_text=True)
    html = html[html.find("<main") : html.find("</main>")]
    text = re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").replace("&#39;", "'")
    return re.sub(r"\s+", " ", text)


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def form_data(**overrides: Any) -> dict[str, Any]:
    """What a chair types into the new-solicitation form."""
    data = {
        "year": "2028",
        "title_en": "2028 U.S.–China EcoPartnerships Solicitation",
        "title_zh": "2028年中美绿色合作伙伴计划征集",
        "guidance_en": "Apply **together**.",
        "guidance_zh": "共同**申请**。",
        "opens_at": "2027-10-01T09:00",
        "opens_at_zone": "America/New_York",
        "closes_at": "2028-05-31T11:59",
        "closes_at_zone": "America/New_York",
        "score_min": "1",
        "score_max": "5",
        "reviewers_per_proposal": "3",
        "target_selections": "5",
        "criteria-0-name_en": "Impact",
        "criteria-0-name_zh": "影响力",
        "criteria-0-description_en": "Benefits.",
        "criteria-0-description_zh": "效益。",
        "criteria-0-weight": "60",
        "criteria-1-name_en": "Viability",
        "criteria-1-name_zh": "可行性",
        "criteria-1-weight": "40",
        "criteria-2-name_en": "",  # the spare row, left empty
        "criteria-2-name_zh": "",
        "criteria-2-weight": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- public: the list -------------------------------------------------------------------------


def test_the_list_shows_the_open_call_first_then_past_calls_by_year(client: FlaskClient) -> None:
    make_solicitation(year=2025, status=S.ARCHIVED, closes_at=NOW - timedelta(days=700))
    make_solicitation(year=2026, status=S.DECISIONS_PUBLISHED, closes_at=NOW - timedelta(days=300))
    make_solicitation(year=2027, closes_at=DEADLINE)
    make_solicitation(year=2028, status=S.DRAFT, title_en="Secret 2028 draft")
    page = text_of(client.get("/solicitations"))
    assert page.index("Current call") < page.index("2027 U.S.–China") < page.index("Past calls")
    assert page.index("2026 U.S.–China") < page.index("2025 U.S.–China")
    assert "Secret 2028 draft" not in page
    assert "2 days and 3 hours" in page


@pytest.mark.parametrize(
    ("roles", "sees_drafts"), [((Role.APPLICANT,), False), ((Role.CHAIR,), True)]
)
def test_drafts_are_listed_for_chairs_only(
    client: FlaskClient, login, roles: tuple[Role, ...], sees_drafts: bool
) -> None:  # type: ignore[no-untyped-def]
    make_solicitation(year=2028, status=S.DRAFT, title_en="Secret 2028 draft")
    login(make_user(*roles))
    page = text_of(client.get("/solicitations"))
    assert ("Drafts (seen by chairs only)" in page) is sees_drafts
    assert ("Secret 2028 draft" in page) is sees_drafts


def test_the_list_says_when_no_call_is_open(client: FlaskClient) -> None:
    page = text_of(client.get("/solicitations"))
    assert "No call for proposals is open at the moment." in page
    assert "No past calls yet." in page


# --- public: a call ---------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["anonymous", "applicant", "reviewer"])
def test_a_draft_is_a_404_for_everyone_but_the_chairs(
    client: FlaskClient, login, chair, reader: str
) -> None:  # type: ignore[no-untyped-def]
    draft = make_solicitation(status=S.DRAFT)
    if reader != "anonymous":
        login(make_user(Role(reader)))
    assert client.get(f"/solicitations/{draft.id}").status_code == 404


def test_a_chair_previews_a_draft(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    draft = make_solicitation(status=S.DRAFT)
    login(chair)
    response = client.get(f"/solicitations/{draft.id}")
    assert response.status_code == 200
    assert "This call is a draft" in text_of(response)


def test_a_missing_call_is_a_404(client: FlaskClient) -> None:
    assert client.get("/solicitations/999999").status_code == 404


def test_the_deadline_in_washington_beijing_and_utc_for_anonymous_readers(
    client: FlaskClient,
) -> None:
    solicitation = make_solicitation(closes_at=DEADLINE)
    page = text_of(client.get(f"/solicitations/{solicitation.id}"))
    assert "Washington: May 31, 2027, 11:59:00 AM Eastern Daylight Time" in page
    assert "Beijing: May 31, 2027, 11:59:00 PM China Standard Time" in page
    assert "Coordinated Universal Time: May 31, 2027, 3:59:00 PM" in page
    assert "Time left: 2 days and 3 hours" in page


def test_the_deadline_in_the_readers_own_time_zone(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(closes_at=DEADLINE)
    login(make_user(time_zone="Europe/Paris"))
    page = text_of(client.get(f"/solicitations/{solicitation.id}"))
    assert "Your time zone (Europe/Paris): May 31, 2027, 5:59:00 PM" in page
    assert "11:59:00 AM Eastern Daylight Time" in page  # Washington stays
    assert "Coordinated Universal Time" not in page


def test_a_reader_in_beijing_sees_their_zone_marked(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(closes_at=DEADLINE)
    login(make_user(time_zone="Asia/Shanghai"))
    page = text_of(client.get(f"/solicitations/{solicitation.id}"))
    assert "11:59:00 PM China Standard Time (your time zone)" in page


def test_time_left_counts_hours_and_minutes_on_the_last_day(client: FlaskClient) -> None:
    solicitation = make_solicitation(closes_at=DEADLINE)
    with clock.frozen_at(DEADLINE - timedelta(hours=1, minutes=5)):
        page = text_of(client.get(f"/solicitations/{solicitation.id}"))
    assert "Time left: 1 hour and 5 minutes" in page


def test_after_the_deadline_the_call_says_closed(client: FlaskClient) -> None:
    solicitation = make_solicitation(closes_at=DEADLINE)
    with clock.frozen_at(DEADLINE):
        page = text_of(client.get(f"/solicitations/{solicitation.id}"))
    assert "Time left: closed" in page


def test_a_call_closed_early_says_when_and_why(client: FlaskClient) -> None:
    solicitation = make_solicitation(
        status=S.CLOSED,
        closes_at=DEADLINE,
        closed_at=NOW - timedelta(days=1),
        closing_reason="Postponed by both sides.",
    )
    page = text_of(client.get(f"/solicitations/{solicitation.id}"))
    assert "Submissions ended early, on May 28, 2027" in page
    assert "Postponed by both sides." in page
    assert "Time left: closed" in page


def test_the_guidance_is_rendered_from_markdown_and_sanitized(client: FlaskClient) -> None:
    solicitation = make_solicitation(
        guidance_en="Apply **together**.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))"
    )
    html = client.get(f"/solicitations/{solicitation.id}").get_data(as_text=True)
    assert "<strong>together</strong>" in html
    assert "<script>alert" not in html and 'href="javascript:' not in html


def test_the_guidance_in_the_readers_language_with_the_other_available(
    client: FlaskClient,
) -> None:
    solicitation = make_solicitation(guidance_en="Apply in English.", guidance_zh="中文申请指南。")
    page = text_of(client.get(f"/solicitations/{solicitation.id}"))
    assert page.index("Apply in English.") < page.index("Read the guidance in Chinese")
    assert page.index("Read the guidance in Chinese") < page.index("中文申请指南。")


def test_a_chinese_reader_reads_the_chinese_guidance_first(client: FlaskClient) -> None:
    solicitation = make_solicitation(guidance_en="Apply in English.", guidance_zh="中文申请指南。")
    html = client.get(
        f"/solicitations/{solicitation.id}", headers={"Accept-Language": "zh-CN"}
    ).get_data(as_text=True)
    assert html.index("中文申请指南。") < html.index("Apply in English.")
    # The other language's guidance folds into a USWDS accordion, readable without scripts.
    assert (
        '<div id="guidance-other-language" class="usa-accordion__content usa-prose" lang="en">'
        in html
    )
    assert 'aria-controls="guidance-other-language"' in html and "<details" not in html


def test_a_call_states_who_may_apply_and_the_timeline(client: FlaskClient) -> None:
    solicitation = make_solicitation(closes_at=DEADLINE)
    page = text_of(client.get(f"/solicitations/{solicitation.id}"))
    for words in (
        "Subnational organizations of the United States and of China",
        "at least one U.S. and at least one Chinese participant",
        "in English and, identically, in Chinese",
        "already in an active EcoPartnership may not apply with other partners",
        "Applying is free.",
        "not funding",
        "The call opens",
        "Proposals are due",
        "Decisions",
        "Tangible deliverable",
    ):
        assert words in page, words
    html = client.get(f"/solicitations/{solicitation.id}").get_data(as_text=True)
    timeline = html[html.index('id="timeline-heading"') :]
    assert timeline.index('<ol class="usa-process-list">') < timeline.index("The call opens")
    assert timeline.count('class="usa-process-list__item"') == 3  # opens, due, decisions


# --- navigation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "sees_chairs_link"),
    [((), False), ((Role.APPLICANT,), False), ((Role.REVIEWER,), False), ((Role.CHAIR,), True)],
)
def test_the_header_links_the_calls_for_everyone_and_the_chairs_pages_for_chairs(
    client: FlaskClient, login, roles: tuple[Role, ...], sees_chairs_link: bool
) -> None:  # type: ignore[no-untyped-def]
    if roles:
        login(make_user(*roles))
    html = client.get("/").get_data(as_text=True)
    assert 'href="/solicitations"' in html
    assert ('href="/secretariat/solicitations/"' in html) is sees_chairs_link


# --- the chairs' pages ------------------------------------------------------------------------


def test_the_chairs_list_counts_proposals_by_state(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(closes_at=DEADLINE)
    lead = make_organization(make_user())
    for n, state in enumerate(
        [ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.SUBMITTED]
    ):
        db.session.add(
            Proposal(
                solicitation=solicitation,
                lead_organization=lead,
                state=state,
                submitted_at=None if state == ProposalState.DRAFT else NOW,
                reference=None if state == ProposalState.DRAFT else f"EP-2027-{n:03d}",
            )
        )
    db.session.flush()
    login(chair)
    page = text_of(client.get("/secretariat/solicitations/"))
    assert "Solicitation Open 2027-04-01 15:59 UTC 2027-05-31 15:59 UTC 1 2 0 0" in page


def test_the_new_form_starts_from_the_default_rubric(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    make_solicitation(year=2027)
    login(chair)
    html = client.get("/secretariat/solicitations/new").get_data(as_text=True)
    assert 'name="year" required type="number" value="2028"' in html or 'value="2028"' in html
    for name in ("影响力", "创新性", "可行性", "有形成果", "可复制性"):
        assert f'value="{name}"' in html
    assert 'name="criteria-5-name_en"' in html  # a spare row


def test_a_chair_prepares_a_call_entered_in_washington_time(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    response = client.post("/secretariat/solicitations/new", data=form_data())
    solicitation = db.session.scalar(select(Solicitation).where(Solicitation.year == 2028))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/secretariat/solicitations/{solicitation.id}"
    assert solicitation.status == S.DRAFT
    assert solicitation.closes_at == datetime(2028, 5, 31, 15, 59, tzinfo=UTC)
    assert [(c.name_zh, c.weight) for c in solicitation.criteria] == [
        ("影响力", 60),
        ("可行性", 40),
    ]
    page = text_of(client.get(response.headers["Location"]))
    assert "Proposals are due 2028-05-31 15:59 UTC" in page  # the flash shows the UTC value back
    assert "2028-05-31 15:59 UTC" in page


def test_a_call_entered_in_beijing_time(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    client.post(
        "/secretariat/solicitations/new",
        data=form_data(closes_at="2028-05-31 11:59", closes_at_zone="Asia/Shanghai"),
    )
    solicitation = db.session.scalar(select(Solicitation).where(Solicitation.year == 2028))
    assert solicitation.closes_at == datetime(2028, 5, 31, 3, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"closes_at": "2027-09-30T09:00"}, "closes_at", "The closing time must be after"),
        ({"closes_at": "31/05/2028"}, "closes_at", "Enter a date and a time"),
        ({"title_zh": ""}, "title_zh", "Enter the title in Chinese."),
        ({"reviewers_per_proposal": "1"}, "reviewers_per_proposal", "one from each side"),
        ({"score_max": "1"}, "score_max", "The highest score must be above the lowest."),
        ({"criteria-1-name_zh": ""}, "criteria-1-name_zh", "name in Chinese"),
        ({"criteria-1-weight": "0"}, "criteria-1-weight", "between 0.01 and 100"),
        ({"opens_at": "2028-03-12T02:30"}, "opens_at", "does not exist"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    client: FlaskClient, login, chair, overrides: dict[str, str], field: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    before = count(Event)
    response = client.post("/secretariat/solicitations/new", data=form_data(**overrides))
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    assert error is not None and message in error.group(1), html[html.find("<form") :][:3000]
    assert 'value="2028 U.S.–China EcoPartnerships Solicitation"' in html  # what was typed stays
    assert "Apply **together**." in html
    assert count(Solicitation) == 0 and count(Event) == before


def test_a_taken_year_is_refused_next_to_the_year(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    make_solicitation(year=2028, status=S.ARCHIVED, closes_at=NOW - timedelta(days=1))
    login(chair)
    html = client.post("/secretariat/solicitations/new", data=form_data()).get_data(as_text=True)
    assert re.search(r'id="year-error"[^>]*>There is already a solicitation for 2028', html)
    assert count(Solicitation) == 1


def test_removing_every_criterion_is_refused(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    data = form_data(**{"criteria-0-remove": "y", "criteria-1-remove": "y"})
    html = client.post("/secretariat/solicitations/new", data=data).get_data(as_text=True)
    assert re.search(r'id="rubric-error"[^>]*>A rubric needs at least one criterion', html)
    assert count(Solicitation) == 0


def test_adding_a_criterion_row_saves_nothing_and_keeps_what_was_typed(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    data = form_data(**{"criteria-2-name_en": "Replicability", "add_criterion": "1"})
    html = client.post("/secretariat/solicitations/new", data=data).get_data(as_text=True)
    assert 'value="Replicability"' in html
    assert 'name="criteria-3-name_en"' in html
    assert "usa-error-message" not in html
    assert count(Solicitation) == 0


def test_the_edit_form_shows_times_in_the_chairs_zone(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    chair.time_zone = "Asia/Shanghai"
    solicitation = make_solicitation(closes_at=DEADLINE)
    login(chair)
    html = client.get(f"/secretariat/solicitations/{solicitation.id}/edit").get_data(as_text=True)
    assert 'value="2027-05-31T23:59"' in html
    assert '<option selected value="Asia/Shanghai">' in html
    assert "Now stored as 2027-05-31 15:59 UTC." in html


def test_a_chair_edits_a_call(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(year=2028, status=S.DRAFT)
    login(chair)
    response = client.post(
        f"/secretariat/solicitations/{solicitation.id}/edit",
        data=form_data(title_en="Renamed call", closes_at="2028-06-01T12:00"),
    )
    assert response.status_code == 302
    assert solicitation.title_en == "Renamed call"
    assert solicitation.closes_at == datetime(2028, 6, 1, 16, 0, tzinfo=UTC)
    assert [c.name_en for c in solicitation.criteria] == ["Impact", "Viability"]


def test_a_scored_rubric_is_shown_but_not_offered_for_editing(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(year=2028, status=S.CLOSED, closes_at=NOW - timedelta(days=1))
    proposal = Proposal(
        solicitation=solicitation,
        lead_organization=make_organization(make_user()),
        state=ProposalState.SUBMITTED,
        submitted_at=NOW,
        reference="EP-2028-001",
    )
    assignment = ReviewAssignment(proposal=proposal, reviewer=make_user(Role.REVIEWER))
    assignment.scores = [ReviewScore(criterion=solicitation.criteria[0], score=3)]
    db.session.add_all([proposal, assignment])
    db.session.flush()
    login(chair)
    url = f"/secretariat/solicitations/{solicitation.id}/edit"
    html = client.get(url).get_data(as_text=True)
    assert "can no longer change" in html
    assert 'name="criteria-0-name_en"' not in html and 'name="score_max"' not in html
    # A crafted form that tries anyway changes the title only.
    local_opens = solicitation.opens_at.astimezone(clock.WASHINGTON).strftime("%Y-%m-%dT%H:%M")
    local_closes = solicitation.closes_at.astimezone(clock.WASHINGTON).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        data=form_data(
            title_en="Corrected title",
            opens_at=local_opens,
            closes_at=local_closes,
            score_max="10",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert solicitation.title_en == "Corrected title"
    assert solicitation.score_max == 5 and len(solicitation.criteria) == 5


def test_a_chair_opens_a_draft(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    draft = make_solicitation(status=S.DRAFT, closes_at=DEADLINE)
    login(chair)
    page = text_of(client.get(f"/secretariat/solicitations/{draft.id}"))
    assert f"Open the {draft.year} call to the public" in page
    response = client.post(f"/secretariat/solicitations/{draft.id}/open", follow_redirects=True)
    assert draft.status == S.OPEN
    assert "is open and public" in text_of(response)


def test_a_second_open_call_is_refused_with_a_message(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    make_solicitation(year=2027)
    draft = make_solicitation(year=2028, status=S.DRAFT)
    login(chair)
    response = client.post(f"/secretariat/solicitations/{draft.id}/open", follow_redirects=True)
    assert "At most one solicitation open at a time" in text_of(response)
    assert draft.status == S.DRAFT


def test_closing_early_asks_for_the_reason_next_to_the_field(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(closes_at=DEADLINE)
    login(chair)
    url = f"/secretariat/solicitations/{solicitation.id}/close"
    html = client.post(url, data={"reason": ""}).get_data(as_text=True)
    assert re.search(r'id="reason-error"[^>]*>The deadline has not passed yet', html)
    assert solicitation.status == S.OPEN
    response = client.post(url, data={"reason": "Postponed by both sides."})
    assert response.status_code == 302
    assert solicitation.status == S.CLOSED and solicitation.closed_early
    public = text_of(client.get(f"/solicitations/{solicitation.id}"))
    assert "Postponed by both sides." in public


def test_closing_after_the_deadline_is_one_button(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(closes_at=NOW - timedelta(minutes=1))
    login(chair)
    page = text_of(client.get(f"/secretariat/solicitations/{solicitation.id}"))
    assert "The deadline has passed" in page and "Reason for closing early" not in page
    client.post(f"/secretariat/solicitations/{solicitation.id}/close")
    assert solicitation.status == S.CLOSED and not solicitation.closed_early


def test_a_chair_archives_a_call_after_decisions(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    done = make_solicitation(status=S.DECISIONS_PUBLISHED, closes_at=NOW - timedelta(days=90))
    closed = make_solicitation(status=S.CLOSED, closes_at=NOW - timedelta(days=9))
    login(chair)
    client.post(f"/secretariat/solicitations/{done.id}/archive")
    assert done.status == S.ARCHIVED
    response = client.post(f"/secretariat/solicitations/{closed.id}/archive", follow_redirects=True)
    assert "cannot become archived" in text_of(response)
    assert closed.status == S.CLOSED


def test_the_actions_need_a_csrf_token(app: Flask, client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    draft = make_solicitation(status=S.DRAFT)
    login(chair)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/secretariat/solicitations/{draft.id}/open")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert draft.status == S.DRAFT


def test_the_chairs_pages_speak_chinese(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    make_solicitation()
    login(make_user(Role.CHAIR, side=Side.CN, language=Language.ZH))
    html = client.get("/secretariat/solicitations/").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in html
    assert "2027年中美绿色合作伙伴计划征集" in html  # the Chinese title in a Chinese interface


def test_a_chair_previews_the_guidance_in_both_languages(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    response = client.post(
        "/secretariat/solicitations/new",
        data=form_data(
            guidance_en="## How to apply\n\n![logo](https://cdn.example/logo.png)",
            guidance_zh="## 如何申请\n\n请阅读**指南**。",
            preview="1",
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h2>How to apply</h2>" in html and "<strong>指南</strong>" in html
    assert "Guidance in English" in html and "Guidance in Chinese" in html
    assert "The image “https://cdn.example/logo.png” is left out" in html
    assert db.session.scalar(select(Solicitation).where(Solicitation.year == 2028)) is None
