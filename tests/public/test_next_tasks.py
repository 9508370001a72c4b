"""The dashboard's "what to do next" cards (app/public/next_tasks.py) and the first steps of a
new applicant: one card per draft, per review to write, per partnership with something due;
each says what, by when in the reader's zone, with one button; read in a fixed number of
queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import event

from app import clock
from app.accounts.models import Role, Side, User
from app.extensions import db
from app.organizations.models import Country
from app.partnerships.models import MilestoneStatus, PlanState
from app.partnerships.queries import agendas_of
from app.proposals.models import ParticipantState
from app.public.next_tasks import NextTask, next_tasks
from app.solicitations.models import SolicitationStatus
from tests.factories import make_organization, make_user
from tests.partnerships.factories import make_milestone, make_partnership, make_plan, make_update
from tests.proposals.factories import make_proposal, owner_of
from tests.reviews.factories import (
    make_assignment,
    make_closed_solicitation,
    make_reviewer,
    make_submitted,
)
from tests.solicitations.factories import make_solicitation

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10 a.m. in Washington, 11 p.m. in Beijing
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[None]:
    with clock.frozen_at(NOW):
        yield


def tasks_of(app: Flask, user: User) -> list[NextTask]:
    with app.test_request_context():
        return next_tasks(user, agendas_of(user))


def cards(page: str) -> list[str]:
    """The cards of a dashboard page, as HTML."""
    return re.findall(r'<li class="usa-card[^"]*" data-next-task="\w+">.*?</li>', page, re.S)


def open_call(**fields):  # type: ignore[no-untyped-def]
    return make_solicitation(
        status=SolicitationStatus.OPEN,
        opens_at=NOW - timedelta(days=30),
        closes_at=datetime(2027, 5, 31, 15, 59, tzinfo=UTC),  # 11:59 a.m. in Washington
        **fields,
    )


# --- drafts -----------------------------------------------------------------------------------


def test_a_draft_of_an_open_call_is_a_card_due_at_the_deadline_in_the_readers_zone(
    client, login
) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(solicitation=open_call(), title_en="River sensors")
    lead = owner_of(proposal.lead_organization)
    lead.time_zone = "Asia/Shanghai"
    login(lead)
    [card] = cards(client.get("/dashboard").get_data(as_text=True))
    assert "River sensors" in card and "submit it before the deadline" in card
    assert "May 31, 2027, 11:59:00\u202fPM China Standard Time" in card  # not Washington's
    assert "Eastern" not in card
    assert card.count('class="usa-button"') == 1
    assert f'href="/proposals/{proposal.id}"' in card and "Continue the proposal" in card


def test_the_partner_is_told_the_lead_submits(app) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal(solicitation=open_call())
    partner = next(p for p in proposal.participants if p.role == "partner")
    [task] = tasks_of(app, owner_of(partner.organization))
    assert task.kind == "draft"
    assert proposal.lead_organization.name_en in task.what and "submits it" in task.what


def test_no_card_for_a_draft_whose_call_has_closed_nor_for_an_invitation(app) -> None:  # type: ignore[no-untyped-def]
    closed = make_proposal(solicitation=make_closed_solicitation())
    assert tasks_of(app, owner_of(closed.lead_organization)) == []
    invited = make_proposal(solicitation=open_call(), partner_state=ParticipantState.INVITED)
    partner = next(p for p in invited.participants if p.role == "partner")
    assert [t.kind for t in tasks_of(app, owner_of(partner.organization))] == []


def test_an_applicant_with_an_organization_and_no_proposal_is_asked_to_start_one(app) -> None:  # type: ignore[no-untyped-def]
    call = open_call()
    applicant = make_user()
    organization = make_organization(applicant)
    [task] = tasks_of(app, applicant)
    assert (task.kind, task.url, task.action) == ("start", "/proposals/new", "Start your proposal")
    assert task.due_at == call.closes_at
    # Once a draft is started the draft's card replaces it.
    make_proposal(lead=organization, solicitation=call)
    assert [t.kind for t in tasks_of(app, applicant)] == ["draft"]


# --- reviews ----------------------------------------------------------------------------------


def test_a_review_to_write_is_a_card_until_it_is_submitted(app) -> None:  # type: ignore[no-untyped-def]
    proposal = make_submitted(make_closed_solicitation())
    reviewer = make_reviewer(Side.US)
    due = NOW + timedelta(days=10)
    assignment = make_assignment(proposal, reviewer, due_at=due)
    [task] = tasks_of(app, reviewer)
    assert (task.kind, task.due_at, task.is_overdue) == ("review", due, False)
    assert task.url == f"/review/assignments/{assignment.id}" and task.action == "Start the review"
    assert proposal.reference in task.heading

    submitted = make_reviewer(Side.CN)
    make_assignment(proposal, submitted, scores=[4] * 5, submitted=True)
    assert tasks_of(app, submitted) == []


def test_an_overdue_review_comes_first_and_says_so(app) -> None:  # type: ignore[no-untyped-def]
    call = make_closed_solicitation()
    reviewer = make_reviewer(Side.US)
    make_assignment(make_submitted(call), reviewer, due_at=NOW + timedelta(days=2))
    late = make_assignment(make_submitted(call), reviewer, due_at=NOW - timedelta(days=1))
    first, second = tasks_of(app, reviewer)
    assert first.url.endswith(f"/{late.id}") and first.is_overdue and not second.is_overdue


# --- partnerships -----------------------------------------------------------------------------


def test_a_partnership_with_a_milestone_due_soon_is_one_card_with_its_soonest_item(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member, starts_on=TODAY - timedelta(days=100))
    make_plan(partnership, state=PlanState.APPROVED)
    milestone = make_milestone(partnership, due_on=TODAY + timedelta(days=5))
    make_milestone(partnership, due_on=TODAY + timedelta(days=9))
    make_update(partnership, published_at=NOW - timedelta(days=30))  # next one far off
    [task] = tasks_of(app, member)
    assert task.kind == "milestone" and task.due_on == milestone.due_on
    assert "milestone 1.1" in task.what and task.also_due == 1
    assert task.url == f"/workspace/partnerships/{partnership.id}/milestones/{milestone.id}"


def test_a_public_update_is_a_card_from_14_days_before_it_is_due(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member, starts_on=TODAY - timedelta(days=400))
    make_plan(partnership, state=PlanState.APPROVED)
    make_milestone(partnership, due_on=TODAY + timedelta(days=60))  # not yet near
    make_update(partnership, published_at=NOW - timedelta(days=175))  # due in about 8 days
    [task] = tasks_of(app, member)
    assert task.kind == "update" and task.url.endswith(f"/{partnership.id}/updates/new")
    assert 0 < (task.due_on - TODAY).days <= 14  # type: ignore[operator]

    quiet = make_user()
    calm = make_partnership(quiet, starts_on=TODAY - timedelta(days=400))
    make_plan(calm, state=PlanState.APPROVED)
    make_update(calm, published_at=NOW - timedelta(days=30))
    assert tasks_of(app, quiet) == []


def test_the_draft_plan_and_overdue_milestones_of_a_new_partnership(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    make_plan(partnership)  # a draft, due in 30 days
    make_milestone(partnership, due_on=TODAY - timedelta(days=3))
    make_milestone(partnership, due_on=TODAY - timedelta(days=9), status=MilestoneStatus.DONE)
    [task] = tasks_of(app, member)
    assert task.kind == "milestone" and task.is_overdue and task.also_due == 1  # and the plan


def test_a_returned_plan_asks_for_a_revision(app) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    make_plan(partnership, state=PlanState.RETURNED)
    make_update(partnership)
    [task] = tasks_of(app, member)
    assert (task.kind, task.action) == ("plan_returned", "Revise the plan")
    assert task.url == f"/workspace/partnerships/{partnership.id}/plan"


def test_a_graduated_partnership_asks_nothing(app) -> None:  # type: ignore[no-untyped-def]
    from app.partnerships.models import PartnershipStatus

    member = make_user()
    partnership = make_partnership(
        member, status=PartnershipStatus.GRADUATED, starts_on=date(2020, 1, 1)
    )
    make_milestone(partnership, due_on=TODAY)
    assert tasks_of(app, member) == []


# --- the page ---------------------------------------------------------------------------------


def test_a_new_applicant_sees_the_steps_to_a_first_proposal(client, login) -> None:  # type: ignore[no-untyped-def]
    open_call(title_en="The 2027 call")
    login(make_user())
    page = client.get("/dashboard").get_data(as_text=True)
    steps = page[page.index("Your first proposal, step by step") :]
    assert steps.index('<ol class="usa-process-list">') < steps.index("Register your organization")
    assert steps.count('class="usa-process-list__item"') == 4
    assert 'href="/organizations/new"' in steps and "The 2027 call" in steps
    assert "What to do next" not in page and "Proposals of my organizations" not in page


def test_the_steps_go_once_there_is_an_organization_and_reviewers_never_see_them(
    client, login
) -> None:  # type: ignore[no-untyped-def]
    applicant = make_user()
    make_organization(applicant)
    login(applicant)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "step by step" not in page and "Proposals of my organizations" in page
    client.post("/logout")
    login(make_user(Role.REVIEWER))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "step by step" not in page and "Nothing is assigned to you." in page


def test_the_dashboard_lays_out_one_card_of_each_kind(client, login) -> None:  # type: ignore[no-untyped-def]
    call = open_call()
    person = make_user(Role.APPLICANT, Role.REVIEWER, side=Side.US)
    organization = make_organization(person)
    make_proposal(lead=organization, solicitation=call)
    make_assignment(make_submitted(make_closed_solicitation()), person)
    partnership = make_partnership(us=make_organization(person, country=Country.US))
    make_plan(partnership)
    login(person)
    kinds = re.findall(r'data-next-task="(\w+)"', client.get("/dashboard").get_data(as_text=True))
    assert sorted(kinds) == ["draft", "plan_draft", "review"]


# --- cost -------------------------------------------------------------------------------------


@contextmanager
def counted() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _give(person: User, count: int) -> None:
    """`count` drafts, reviews and partnerships with something due, for `person`."""
    call = open_call() if count == 1 else None
    from app.solicitations.queries import accepting_solicitation

    call = call or accepting_solicitation()
    closed = make_closed_solicitation()
    for _ in range(count):
        make_proposal(lead=make_organization(person), solicitation=call)
        make_assignment(make_submitted(closed), person)
        partnership = make_partnership(us=make_organization(person, country=Country.US))
        make_plan(partnership)
        make_milestone(partnership, due_on=TODAY + timedelta(days=3))
        make_update(partnership, published_at=NOW - timedelta(days=100))


def test_the_cards_cost_the_same_queries_for_one_of_each_as_for_four(app) -> None:  # type: ignore[no-untyped-def]
    few = make_user(Role.APPLICANT, Role.REVIEWER, side=Side.US)
    _give(few, 1)
    many = make_user(Role.APPLICANT, Role.REVIEWER, side=Side.US)
    _give(many, 4)
    db.session.expire_all()
    with counted() as one:
        assert len(tasks_of(app, few)) == 3
    db.session.expire_all()
    with counted() as four:
        assert len(tasks_of(app, many)) == 12
    # One statement per kind of card (returned notices and introductions to answer among them).
    assert len(one) == len(four) <= 17, (len(one), len(four))
