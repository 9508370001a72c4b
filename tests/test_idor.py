"""Insecure direct object references: changing the ids in an address never reaches another
organization's proposal, review, plan, milestone or update.

Two organizations, A and B, each with a full set of records (a proposal with a task, a letter
and a partner; a review; a partnership with a plan, a milestone and updates). A's member and
A's reviewer then try every non-public route with B's ids, and the nested routes with A's
partnership but B's milestone or update: each answer is a 403 or a 404, no answer carries any of B's
words, and nothing of B's changes. (tests/test_authorization_matrix.py checks each route's
rule; this checks that the rule is applied to the record the address names.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import permissions
from app.accounts import appointments
from app.accounts.models import Role, RoleChange, Side, User
from app.extensions import db
from app.notices.models import NoticeState
from app.notifications.services import queue_mail
from app.organizations.models import Country
from app.partnerships.evidence import add_evidence
from app.proposals.services import add_attachment
from app.reviews.models import Recommendation
from app.updates.models import UpdateState
from tests.exports.factories import make_issued_document
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_introduction
from tests.notices.factories import make_notice
from tests.partnerships.factories import make_milestone, make_partnership, make_plan, make_update
from tests.proposals.factories import make_proposal
from tests.proposals.test_services import pdf_bytes
from tests.reliability.conftest import act_as
from tests.reviews.factories import make_assignment, make_chair, make_decision, make_reviewer

ID_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")
# Routes whose record is public (an organization's profile), named in the address only to say
# whom a form is about: the request form of an introduction to any organization.
ABOUT_A_PUBLIC_RECORD = frozenset({"introductions.new"})


@dataclass
class Tenant:
    """One organization's member, reviewer and records, and the ids routes take."""

    member: User
    reviewer: User
    marker: str
    ids: dict[str, Any]


def _chair_request(marker: str) -> RoleChange:
    """A chair appointment waiting for confirmation."""
    change = appointments.update_account(
        make_user(Role.REVIEWER, side=Side.US, display_name=f"{marker} candidate"),
        roles=[Role.REVIEWER, Role.CHAIR],
        side=Side.US,
        is_active=True,
        actor=make_user(Role.ADMIN),
    )
    assert change is not None
    return change


def _mail_to(member: User) -> int:
    notification = queue_mail("accounts.confirm_email", to=member, token="t")
    db.session.flush()
    return notification.id


def make_tenant(marker: str) -> Tenant:
    """An organization whose every record carries `marker` in its text."""
    member = make_user(display_name=f"{marker} member")
    organization = make_organization(
        member, name_en=f"{marker} Organization", description=f"{marker} about us"
    )
    partner = make_organization(make_user(), country=Country.CN, name_en=f"{marker} Partner")
    proposal = make_proposal(
        lead=organization,
        partner=partner,
        title_en=f"{marker} proposal title",
        summary_en=f"{marker} unpublished summary",
    )
    letter = add_attachment(proposal, f"{marker}-letter.pdf", pdf_bytes(), actor=member)
    reviewer = make_reviewer(display_name=f"{marker} reviewer")
    assignment = make_assignment(
        proposal,
        reviewer,
        scores=[4, 4, 4, 4, 4],
        submitted=True,
        recommendation=Recommendation.SELECT,
        comments_to_secretariat=f"{marker} confidential review",
        comments_to_applicant=f"{marker} review to the applicant",
    )
    partnership = make_partnership(us=organization, name_en=f"{marker} Partnership")
    plan = make_plan(partnership, body=f"{marker} plan notes")
    milestone = make_milestone(partnership, evidence=f"{marker} milestone evidence")
    # Issue 17: an evidence file on the milestone.
    evidence_file = add_evidence(milestone, f"{marker}-evidence.pdf", pdf_bytes(), actor=member)
    draft = make_update(
        partnership,
        member,
        title=f"{marker} draft",
        body=f"{marker} draft body",
        state=UpdateState.DRAFT,
    )
    submitted = make_update(
        partnership,
        member,
        state=UpdateState.SUBMITTED,
        title=f"{marker} submitted",
        body=f"{marker} submitted body",
    )
    ids = {
        "organization_id": organization.id,
        "user_id": member.id,
        "proposal_id": proposal.id,
        "solicitation_id": proposal.solicitation_id,
        "year": proposal.solicitation.year,
        "decision_id": make_decision(proposal, make_chair(), rationale=f"{marker} rationale").id,
        "change_id": _chair_request(marker).id,
        "task_id": proposal.tasks[0].id,
        "attachment_id": letter.id,
        "participant_id": next(p.id for p in proposal.participants if p.role == "partner"),
        "assignment_id": assignment.id,
        "partnership_id": partnership.id,
        "version_number": plan.version_number,
        "milestone_id": milestone.id,
        "update_id": draft.id,
        "submitted_update_id": submitted.id,
        "image_name": "none.png",
        # Issue 17: a message in the outbox to the member (administrators only).
        "notification_id": _mail_to(member),
        "evidence_id": evidence_file.id,
        # Issue 20: a file the portal issued for the tenant (only chairs may revoke it).
        "issued_document_id": make_issued_document(reference=f"{marker} letter").id,
        # Issue 18: a request the partner sent to the organization.
        "introduction_id": make_introduction(
            partner, organization, message=f"{marker} introduction message"
        ).id,
        # Issue 18: a submitted partner-search notice (chairs moderate it; members keep it).
        "notice_id": make_notice(
            organization, member, NoticeState.SUBMITTED, seeking_en=f"{marker} notice"
        ).id,
    }
    return Tenant(member=member, reviewer=reviewer, marker=marker, ids=ids)


@pytest.fixture
def tenants() -> Iterator[tuple[Tenant, Tenant]]:
    a, b = make_tenant("ALPHA-ONLY"), make_tenant("BRAVO-SECRET")
    db.session.commit()  # into the test's transaction: a view's rollback keeps them
    yield a, b


def targets(app: Flask, own: Tenant, other: Tenant) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every non-public route taking an id: with all of the other
    tenant's ids, and, for routes nested under a partnership, with our own partnership but the
    other's milestone or update (plan versions are numbered per partnership, not ids)."""
    found = []
    for rule in app.url_map.iter_rules():
        arguments = ID_ARGUMENT.findall(rule.rule)
        if (
            not arguments
            or rule.endpoint in permissions.BUILT_IN_PUBLIC_ENDPOINTS
            or app.view_functions[rule.endpoint].permission is permissions.anyone  # type: ignore[attr-defined]
            or rule.endpoint in ABOUT_A_PUBLIC_RECORD
        ):
            continue  # no record named in the address, or a public route
        if "token" in arguments:
            continue  # not an id: a signed token nobody can guess or change (tested elsewhere)
        variants = [dict(other.ids)]
        if "partnership_id" in arguments and {"milestone_id", "update_id"} & set(arguments):
            variants.append({**other.ids, "partnership_id": own.ids["partnership_id"]})
        if "organization_id" in arguments and "notice_id" in arguments:
            variants.append({**other.ids, "organization_id": own.ids["organization_id"]})
        for values in variants:
            if "secretariat" in rule.rule and "update_id" in arguments:
                values = {**values, "update_id": values["submitted_update_id"]}
            url = ID_ARGUMENT.sub(lambda m, v=values: str(v[m.group(1)]), rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, url))
    # Reads first: a removal that wrongly succeeded must not hide a later read's answer.
    return sorted(set(found), key=lambda t: (t[1] != "GET", t))


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    }


@pytest.mark.parametrize("attacker", ["member", "reviewer"])
def test_another_organizations_records_cannot_be_reached_by_changing_ids(
    app: Flask, client: FlaskClient, tenants: tuple[Tenant, Tenant], attacker: str
) -> None:
    own, other = tenants
    act_as(client, getattr(own, attacker).id)
    before = row_counts()
    tried, leaks = 0, []
    for endpoint, method, url in targets(app, own, other):
        response = client.open(url, method=method, data={"declaration": "y", "body": "x"})
        tried += 1
        body = response.get_data()
        if response.status_code not in (403, 404):
            leaks.append(f"{method} {url} ({endpoint}) answered {response.status_code}")
        if other.marker.encode() in body or body.startswith(b"%PDF"):
            leaks.append(f"{method} {url} ({endpoint}) showed the other organization's data")
    assert tried >= 40
    assert not leaks, "\n".join(leaks)
    db.session.expire_all()
    assert row_counts() == before  # no removal, submission or publication went through


def test_the_ids_of_ones_own_records_do_work(
    client: FlaskClient, tenants: tuple[Tenant, Tenant]
) -> None:
    """The same addresses with one's own ids answer: the refusals above are about ownership."""
    own, _ = tenants
    act_as(client, own.member.id)
    ids = own.ids
    for url in (
        f"/proposals/{ids['proposal_id']}",
        f"/proposals/attachments/{ids['attachment_id']}",
        f"/workspace/partnerships/{ids['partnership_id']}/plan",
        f"/workspace/partnerships/{ids['partnership_id']}/milestones/{ids['milestone_id']}",
        f"/workspace/partnerships/{ids['partnership_id']}/updates/{ids['update_id']}",
        f"/milestone-evidence/{ids['evidence_id']}",
    ):
        assert client.get(url).status_code == 200, url
    act_as(client, own.reviewer.id)
    assert client.get(f"/review/assignments/{ids['assignment_id']}").status_code == 200
