"""The authorization matrix: every route, as every role, gets the expected answer.

The table below must name every endpoint of `app.url_map`; a new route without a row fails the
suite, so permissions are decided when a route is written, not discovered later. A route whose
address names a record the world does not hold fails too ("no record for <...>").

"Allowed" means the request reached the view (see `outcome`): a role the policy allows that gets
a 404 or a 403 is a failure, so every route is asked about real records: the world's, or, for a
destructive route or one that needs a record in a given state, records of its own (`RECORDS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app import clock, create_app, permissions
from app.accounts import appointments
from app.accounts.models import Language, Role, RoleChange, Side, User
from app.calendars import services as calendar_services
from app.extensions import db
from app.introductions.models import IntroductionState
from app.notices.models import NoticeState
from app.notifications.models import Notification, NotificationState
from app.notifications.services import queue_mail
from app.organizations.models import Country, Organization, OrganizationMember
from app.organizations.services import invite_member
from app.partnerships import evidence
from app.partnerships.models import PlanState
from app.permissions import requires
from app.proposals.models import Proposal, ProposalState
from app.proposals.services import add_attachment
from app.solicitations.models import SolicitationStatus
from app.subscriptions import services as subscription_services
from app.subscriptions.models import UpdateSubscription
from app.updates import services as update_services
from app.updates.models import UpdateState
from tests.conftest import sign_in
from tests.exports.factories import make_issued_document
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_introduction
from tests.notices.factories import make_notice
from tests.partnerships.factories import (
    make_milestone,
    make_partnership,
    make_plan,
    make_update,
)
from tests.proposals.factories import make_proposal
from tests.proposals.test_services import pdf_bytes
from tests.reviews.factories import make_assignment, make_decision
from tests.solicitations.factories import make_solicitation
from tests.updates.test_services import png

ROLES = (
    "anonymous",
    "applicant",
    "co_member",
    "other_applicant",
    "reviewer",
    "chair_us",
    "chair_cn",
    "admin",
)

OK, LOGIN, FORBIDDEN = "ok", "login", "forbidden"


def allow(*roles: str) -> dict[str, str]:
    """Roles that may; anonymous users are sent to sign in and the rest are refused."""
    return {
        role: OK if role in roles else (LOGIN if role == "anonymous" else FORBIDDEN)
        for role in ROLES
    }


EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = allow(*ROLES[1:])
APPLICANTS = allow("applicant", "co_member", "other_applicant")
HOME_MEMBERS = allow("applicant", "co_member")
HOME_OWNER = allow("applicant")
ADMINS = allow("admin")
# The reviewer is assigned to the submitted proposal these routes get (see RECORDS), so reads it.
PROPOSAL_READERS = allow("applicant", "co_member", "reviewer", "chair_us", "chair_cn")
NOBODY = allow()
CHAIRS = allow("chair_us", "chair_cn")
REVIEWERS = allow("reviewer", "chair_us", "chair_cn")

PARTNERSHIP_CHAIRS = allow("chair_us", "chair_cn")

EXPECTED: dict[str, dict[str, str]] = {
    # Issue 5: the partnership workspace (its members) and the chairs' partnership pages. The
    # world's update is a draft, so its image is for the partnership's members only.
    "partnerships.mine": APPLICANTS,
    "partnerships.workspace": HOME_MEMBERS,
    "partnerships.plan": HOME_MEMBERS,
    "partnerships.edit_plan": HOME_MEMBERS,
    "partnerships.submit_plan": HOME_MEMBERS,
    "partnerships.new_plan_version": HOME_MEMBERS,
    "partnerships.plan_version": HOME_MEMBERS,
    "partnerships.milestone": HOME_MEMBERS,
    "partnerships.dashboard": PARTNERSHIP_CHAIRS,
    "partnerships.classes": PARTNERSHIP_CHAIRS,
    "partnerships.create": PARTNERSHIP_CHAIRS,
    "partnerships.manage": PARTNERSHIP_CHAIRS,
    "partnerships.edit": PARTNERSHIP_CHAIRS,
    "partnerships.review_plan": PARTNERSHIP_CHAIRS,
    "partnerships.approve_plan": PARTNERSHIP_CHAIRS,
    "partnerships.return_plan": PARTNERSHIP_CHAIRS,
    "partnerships.graduate": PARTNERSHIP_CHAIRS,
    "partnerships.withdraw": PARTNERSHIP_CHAIRS,
    "updates.index": HOME_MEMBERS,
    "updates.create": HOME_MEMBERS,
    "updates.show": HOME_MEMBERS,
    "updates.edit": HOME_MEMBERS,
    "updates.submit": HOME_MEMBERS,
    "updates.discard": HOME_MEMBERS,
    "updates.moderation": PARTNERSHIP_CHAIRS,
    "updates.review": PARTNERSHIP_CHAIRS,
    "updates.publish": PARTNERSHIP_CHAIRS,
    "updates.return_update": PARTNERSHIP_CHAIRS,
    "updates.image": HOME_MEMBERS,
    "public.home": EVERYONE,
    "public.healthz": EVERYONE,
    "public.switch_language": EVERYONE,
    "public.dashboard": SIGNED_IN,
    # Issue 6: the public site, its feeds and downloads, and the open-data API.
    "public.directory": EVERYONE,
    "public.directory_csv": EVERYONE,
    "public.directory_map": EVERYONE,
    "public.partnership": EVERYONE,
    "public.partnership_feed": EVERYONE,
    "public.updates": EVERYONE,
    "public.updates_feed": EVERYONE,
    "public.calendar": EVERYONE,
    "public.statistics": EVERYONE,
    "public.chart_stylesheet": EVERYONE,
    "public.sitemap": EVERYONE,
    "public.robots": EVERYONE,
    # Issue 19: the footer's pages and the site's icon.
    "site.about": EVERYONE,
    "site.accessibility": EVERYONE,
    "site.privacy": EVERYONE,
    "site.contact": EVERYONE,
    "site.favicon": EVERYONE,
    "api.index": EVERYONE,
    "api.openapi": EVERYONE,
    "api.partnerships": EVERYONE,
    "api.partnership": EVERYONE,
    "api.organizations": EVERYONE,
    "api.organization": EVERYONE,
    "api.solicitations": EVERYONE,
    "api.solicitation": EVERYONE,
    "api.updates": EVERYONE,
    "api.statistics": EVERYONE,
    "accounts.register": EVERYONE,
    "accounts.sign_in": EVERYONE,
    "accounts.sign_out": EVERYONE,
    "accounts.confirm_email": EVERYONE,
    "accounts.forgot_password": EVERYONE,
    "accounts.reset_password": EVERYONE,
    "accounts.resend_confirmation": SIGNED_IN,
    "accounts.profile": SIGNED_IN,
    "accounts.sign_out_everywhere": SIGNED_IN,
    # Trust issue: chair appointments, confirmed by a sitting chair of the same side (the
    # world's request is for the U.S. side, asked by the administrator).
    "accounts.appointments_page": allow("chair_us", "chair_cn", "admin"),
    "accounts.confirm_appointment": allow("chair_us"),
    "accounts.refuse_appointment": allow("chair_us", "admin"),
    "accounts.change_password": SIGNED_IN,
    "admin.users": ADMINS,
    "admin.edit_user": ADMINS,
    # Issue 17, the job runner: the administrators' outbox (mail waiting or failed).
    "outbox.index": ADMINS,
    "outbox.retry": ADMINS,
    "organizations.index": EVERYONE,
    "organizations.mine": APPLICANTS,
    "organizations.create": APPLICANTS,
    "organizations.profile": EVERYONE,
    "organizations.edit": HOME_MEMBERS,
    "organizations.members": HOME_OWNER,
    "organizations.remove_member": HOME_OWNER,
    "organizations.revoke_invitation": HOME_OWNER,
    # Issue 18, the partner finder: public (a member finds their own organization chosen).
    "finder.index": EVERYONE,
    "organizations.invitation": SIGNED_IN,
    "proposals.start": APPLICANTS,
    "proposals.detail": PROPOSAL_READERS,
    "proposals.edit": HOME_MEMBERS,
    "proposals.workplan": HOME_MEMBERS,
    "proposals.edit_task": HOME_MEMBERS,
    "proposals.remove_task": HOME_MEMBERS,
    "proposals.partners": HOME_MEMBERS,
    "proposals.invite_organization": HOME_MEMBERS,
    "proposals.invite_by_email": HOME_MEMBERS,
    "proposals.remove_participant": HOME_MEMBERS,
    "proposals.answer": NOBODY,  # only members of the invited organization, none of the roles
    "proposals.email_invitation": SIGNED_IN,
    "proposals.letters": HOME_MEMBERS,
    "proposals.upload": HOME_MEMBERS,
    "proposals.download": PROPOSAL_READERS,
    "proposals.remove_attachment": HOME_MEMBERS,
    "proposals.submit": HOME_MEMBERS,
    "proposals.withdraw": HOME_MEMBERS,
    # Issue 18: resubmission, by the lead's members; the response, by the confirmed ones.
    "proposals.resubmit": HOME_MEMBERS,
    "proposals.response": HOME_MEMBERS,
    "solicitations.index": EVERYONE,
    "solicitations.detail": EVERYONE,  # an open call; a draft is a 404 to all but chairs
    "manage_solicitations.list_solicitations": CHAIRS,
    "manage_solicitations.new": CHAIRS,
    "manage_solicitations.show": CHAIRS,
    "manage_solicitations.edit": CHAIRS,
    "manage_solicitations.open_call": CHAIRS,
    "manage_solicitations.close_call": CHAIRS,
    "manage_solicitations.archive_call": CHAIRS,
    "reviews.workspace_index": REVIEWERS,
    "reviews.review": allow("reviewer"),  # the assigned reviewer only
    "reviews.recuse": allow("reviewer"),
    "reviews.conflicts": REVIEWERS,
    "reviews.comment": CHAIRS,  # and reviewers once they submitted their own review
    "review_chairs.index": CHAIRS,
    "review_chairs.screening": CHAIRS,
    "review_chairs.screen": CHAIRS,
    "review_chairs.confirm_ineligibility": CHAIRS,
    "review_chairs.assignments": CHAIRS,
    "review_chairs.auto_assign": CHAIRS,
    "review_chairs.assign": CHAIRS,
    "review_chairs.unassign": CHAIRS,
    "review_chairs.all_conflicts": CHAIRS,
    "review_chairs.ranking": CHAIRS,
    "review_chairs.ranking_csv": CHAIRS,
    "review_chairs.proposal_reviews": CHAIRS,
    "review_chairs.propose": CHAIRS,
    "review_chairs.approve": CHAIRS,
    "review_chairs.withdraw": CHAIRS,
    "review_chairs.selection": CHAIRS,
    "review_chairs.publish": CHAIRS,
    # Issue 7: PDF records, each with the rule of the page it mirrors. The world's proposal is a
    # draft, so nobody reads its decision letter, certificate or anonymized reviews (see
    # tests/exports for the published case).
    "exports.partnership_record": EVERYONE,
    "exports.cohort_report": EVERYONE,
    "exports.proposal": PROPOSAL_READERS,
    "exports.review_summary": NOBODY,
    "exports.decision_letter": NOBODY,
    "exports.certificate": NOBODY,
    "exports.review_dossier": CHAIRS,
    "exports.partnership_internal": PARTNERSHIP_CHAIRS,
    "exports.cohort_report_chairs": PARTNERSHIP_CHAIRS,
    # Issue 17, review due dates and declining: the assigned reviewer declines their own
    # review; only chairs set a review's due date.
    "reviews.decline": allow("reviewer"),
    "review_chairs.set_due_date": CHAIRS,
    # Issue 17, disagreements resolved: the chairs set the call's threshold, ask one more
    # reviewer and resolve a disagreement (chairs free of conflict); the assigned reviewer
    # revises their submitted review during the discussion (the service refuses otherwise).
    "review_chairs.set_threshold": CHAIRS,
    "review_chairs.ask_reviewer": CHAIRS,
    "review_chairs.resolve": CHAIRS,
    "reviews.revise": allow("reviewer"),
    # Issue 17, the audit log: chairs and administrators read every event; nobody else any.
    "audit.log": allow("chair_us", "chair_cn", "admin"),
    "audit.export": allow("chair_us", "chair_cn", "admin"),
    # Issue 17, calendars and subscriptions, plan versions, evidence, Key Accomplishments: the
    # personal feed is read by its secret address (anyone holding it), the subscription links
    # are signed; evidence files are the partnership's members' and the chairs'.
    "calendars.address": SIGNED_IN,
    "calendars.new_address": SIGNED_IN,
    "calendars.stop": SIGNED_IN,
    "calendars.feed": EVERYONE,
    "subscriptions.subscribe": EVERYONE,
    "subscriptions.confirm": EVERYONE,
    "subscriptions.unsubscribe": EVERYONE,
    "partnership_records.compare": PARTNERSHIP_CHAIRS,
    "partnership_records.upload_evidence": HOME_MEMBERS,
    "partnership_records.download_evidence": allow(
        "applicant", "co_member", "chair_us", "chair_cn"
    ),
    "partnership_records.remove_evidence": HOME_MEMBERS,
    "partnership_records.confirm_key_accomplishment": PARTNERSHIP_CHAIRS,
    "partnership_records.decline_key_accomplishment": PARTNERSHIP_CHAIRS,
    # Issue 20: the verification page of issued documents (public), and a chair's revocation.
    "verification.check": EVERYONE,
    "verification.file": EVERYONE,
    "verification.document": EVERYONE,
    "verification.revoke": CHAIRS,
    # Issue 18: partner-search notices, kept by the organization's members and moderated by
    # the chairs (a draft is a 404 to them: the world's notice is submitted); the open data's.
    "notices.index": HOME_MEMBERS,
    "notices.create": HOME_MEMBERS,
    "notices.show": HOME_MEMBERS,
    "notices.edit": HOME_MEMBERS,
    "notices.submit": HOME_MEMBERS,
    "notices.withdraw": HOME_MEMBERS,
    "notices.moderation": CHAIRS,
    "notices.review": CHAIRS,
    "notices.publish": CHAIRS,
    "notices.return_notice": CHAIRS,
    "api.notices": EVERYONE,
    "api.notice": EVERYONE,
    # Issue 18: introductions. Applicants with an organization ask (the operation refuses an
    # own or same-country one at the field); the requests are their two sides' (the world's is
    # one the home organization received, or sent to withdraw); chairs and administrators
    # settle reports.
    "introductions.index": APPLICANTS,
    "introductions.new": APPLICANTS,
    "introductions.show": HOME_MEMBERS,
    "introductions.accept": HOME_MEMBERS,
    "introductions.decline": HOME_MEMBERS,
    "introductions.report": HOME_MEMBERS,
    "introductions.withdraw": HOME_MEMBERS,
    "introductions.start_proposal": HOME_MEMBERS,
    "introduction_reports.reported": allow("chair_us", "chair_cn", "admin"),
    "introduction_reports.dismiss": allow("chair_us", "chair_cn", "admin"),
    "introduction_reports.block": allow("chair_us", "chair_cn", "admin"),
}


@dataclass
class World:
    """The records the routes are asked about, and a user per role."""

    users: dict[str, Any]
    values: dict[str, object]
    home: Any = None
    partnership: Any = None


@pytest.fixture
def world() -> World:
    applicant, co_member, other = make_user(), make_user(), make_user()
    users = {
        "applicant": applicant,
        "co_member": co_member,
        "other_applicant": other,
        "reviewer": make_user(Role.REVIEWER, side=Side.US),
        "chair_us": make_user(Role.CHAIR, Role.REVIEWER, side=Side.US),
        "chair_cn": make_user(Role.CHAIR, Role.REVIEWER, side=Side.CN),
        "admin": make_user(Role.ADMIN),
    }
    home = make_organization(applicant, co_member)
    make_organization(other)
    proposal = make_proposal(lead=home)  # with a Chinese partner none of the roles belongs to
    partner = next(p for p in proposal.participants if p.role == "partner")
    attachment = add_attachment(proposal, "letter.pdf", pdf_bytes(), actor=applicant)
    values = {
        "organization_id": home.id,
        "user_id": applicant.id,
        "token": "not-a-valid-token",
        "proposal_id": proposal.id,
        "participant_id": partner.id,
        "task_id": proposal.tasks[0].id,
        "attachment_id": attachment.id,
        # Made by make_proposal: open now, with the default rubric.
        "solicitation_id": proposal.solicitation_id,
        # The reviewer is assigned to the proposal; the U.S. chair proposed a decision on it.
        "assignment_id": make_assignment(proposal, users["reviewer"]).id,
        "decision_id": make_decision(proposal, users["chair_us"]).id,
        "change_id": _chair_request(users["admin"]).id,
    }
    # Issue 5: the home organization is the U.S. side of an active partnership with a draft
    # plan, a milestone and a draft update by the applicant.
    partnership = make_partnership(us=home)
    make_plan(partnership)
    values["partnership_id"] = partnership.id
    values["milestone_id"] = make_milestone(partnership).id
    values["update_id"] = make_update(partnership, applicant, state=UpdateState.DRAFT).id
    values["version_number"] = 1
    values["image_name"] = "none.png"
    # Issue 6: the public page and the API record of that partnership, and its call's year.
    values["slug"] = partnership.slug
    values["year"] = proposal.solicitation.year
    # Issue 18: a submitted notice of the home organization (the chairs' pages read it), and a
    # standing one for the open data.
    values["notice_id"] = make_notice(home, applicant, NoticeState.SUBMITTED).id
    return World(users=users, values=values, home=home, partnership=partnership)


# --- routes that need more than the world's shared records ----------------------------------
# A destructive route (remove, discard, withdraw, unassign...) gets records of its own, made
# for it alone, so that running it leaves the rows the other routes read untouched; a route
# that acts on a record in a given state (the chairs' update pages want a submitted update, the
# cohort PDFs a cohort that exists) gets one in that state; a route that names its target in
# the form (remove a member) gets the form field. Each maker returns (URL values, form data).

Records = tuple[dict[str, object], dict[str, object]]


def _fresh_proposal(world: World) -> Any:
    return make_proposal(lead=world.home)


def _own_update(world: World, state: UpdateState = UpdateState.DRAFT) -> Records:
    update = make_update(world.partnership, world.users["applicant"], state=state)
    return {"update_id": update.id}, {}


def _update_with_image(world: World) -> Records:
    update = make_update(world.partnership, world.users["applicant"], state=UpdateState.DRAFT)
    update.image_name = update_services._store(update_services.prepare_image(BytesIO(png())))
    update.image_alt = "A monitoring station"
    db.session.flush()
    return {"update_id": update.id, "image_name": update.image_name}, {}


def _other_member(world: World) -> Records:
    member = make_user()
    db.session.add(
        OrganizationMember(organization_id=world.home.id, user_id=member.id, joined_at=clock.now())
    )
    db.session.flush()
    return {}, {"user_id": member.id}


def _pending_invitation(world: World) -> Records:
    invitation = invite_member(world.home, "invited@example.org", actor=world.users["applicant"])
    return {}, {"invitation_id": invitation.id}


def _own_attachment(world: World) -> Records:
    proposal = _fresh_proposal(world)
    attachment = add_attachment(proposal, "letter.pdf", pdf_bytes(), actor=world.users["applicant"])
    return {"attachment_id": attachment.id}, {}


def _own_task(world: World) -> Records:
    return {"task_id": _fresh_proposal(world).tasks[0].id}, {}


def _own_partner(world: World) -> Records:
    proposal = _fresh_proposal(world)
    return {"participant_id": next(p.id for p in proposal.participants if p.role == "partner")}, {}


def _own_assignment(world: World) -> Records:
    return {
        "assignment_id": make_assignment(_fresh_proposal(world), world.users["reviewer"]).id
    }, {}


def _own_decision(world: World) -> Records:
    return {"decision_id": make_decision(_fresh_proposal(world), world.users["chair_us"]).id}, {}


def _own_proposal(world: World) -> Records:
    return {"proposal_id": _fresh_proposal(world).id}, {}


def _own_partnership(world: World) -> Records:
    partnership = make_partnership(us=world.home)
    make_plan(partnership)
    return {"partnership_id": partnership.id}, {}


def _declined_proposal(world: World) -> Records:
    """Issue 18: a declined proposal of a published call, to carry into the open one."""
    call = make_solicitation(status=SolicitationStatus.DECISIONS_PUBLISHED)
    declined = make_proposal(lead=world.home, solicitation=call, state=ProposalState.DECLINED)
    return {"proposal_id": declined.id}, {}


def _resubmission(world: World) -> Records:
    """Issue 18: a draft resubmitting a declined proposal, whose response its members write."""
    (records, _data) = _declined_proposal(world)
    original = db.session.get(Proposal, records["proposal_id"])
    return {"proposal_id": make_proposal(lead=world.home, resubmission_of=original).id}, {}


def _submitted_proposal(world: World) -> Records:
    """Chairs and the assigned reviewer read a proposal once it is submitted (a draft stays with
    its participants)."""
    proposal = make_proposal(lead=world.home)
    attachment = add_attachment(proposal, "letter.pdf", pdf_bytes(), actor=world.users["applicant"])
    proposal.state = ProposalState.SUBMITTED
    proposal.submitted_at = clock.now()
    proposal.reference = f"EP-MATRIX-{proposal.id}"
    make_assignment(proposal, world.users["reviewer"])
    return {"proposal_id": proposal.id, "attachment_id": attachment.id}, {}


def _failed_mail(world: World) -> Records:
    """Issue 17: a message that failed its last attempt, for "retry now"."""
    notification = queue_mail("accounts.confirm_email", to=world.users["applicant"], token="t")
    notification.state = NotificationState.FAILED
    db.session.flush()
    return {"notification_id": notification.id}, {}


def _the_cohort(world: World) -> Records:
    return {"year": world.partnership.cohort_year}, {}


# Issue 17: a live feed address, signed subscription links, two plan versions, evidence files.


def _feed_token(world: World) -> Records:
    applicant = world.users["applicant"]
    return {"token": calendar_services.make_feed_address(applicant, actor=applicant)}, {}


def _confirmation_token(world: World) -> Records:
    subscription_services.request_subscription(
        world.partnership, "reader@example.org", language=Language.EN
    )
    mail = db.session.scalars(
        select(Notification)
        .where(Notification.kind == "subscriptions.confirm")
        .order_by(Notification.id.desc())
    ).first()
    assert mail is not None
    return {"token": mail.body_text.split("/subscriptions/confirm/")[1].split()[0]}, {}


def _unsubscribe_token(world: World) -> Records:
    subscription = UpdateSubscription(
        partnership_id=world.partnership.id,
        email=f"reader{clock.now().timestamp()}@example.org",
        confirmed_at=clock.now(),
    )
    db.session.add(subscription)
    db.session.flush()
    return {"token": subscription_services.unsubscribe_token(subscription)}, {}


def _two_plan_versions(world: World) -> Records:
    partnership = make_partnership(us=world.home)
    make_plan(partnership, state=PlanState.RETURNED)
    make_plan(partnership, state=PlanState.SUBMITTED)
    return {"partnership_id": partnership.id}, {}


def _own_evidence(world: World) -> Records:
    milestone = make_milestone(world.partnership)
    added = evidence.add_evidence(
        milestone, "report.pdf", pdf_bytes(), actor=world.users["applicant"]
    )
    return {"evidence_id": added.id}, {}


def _own_notice(world: World, state: NoticeState) -> Records:
    """Issue 18: a notice of the home organization in `state`, for a route that changes it."""
    return {"notice_id": make_notice(world.home, world.users["applicant"], state).id}, {}


# Issue 18: introductions between the home organization and a Chinese one of their own.


def _introduction(
    world: World, *, received: bool = True, state: str = "pending", reported: bool = False
) -> Records:
    china = make_organization(make_user(), country=Country.CN)
    sender, recipient = (china, world.home) if received else (world.home, china)
    introduction = make_introduction(sender, recipient, state=IntroductionState(state))
    if reported:
        introduction.reported_at = clock.now()
        introduction.report_reason = "Spam."
        db.session.flush()
    return {"introduction_id": introduction.id}, {}


def _counterpart(world: World) -> Records:
    return {"organization_id": make_organization(make_user(), country=Country.CN).id}, {}


RECORDS: dict[str, Callable[[World], Records]] = {
    "notices.edit": lambda world: _own_notice(world, NoticeState.DRAFT),
    "notices.submit": lambda world: _own_notice(world, NoticeState.DRAFT),
    "notices.withdraw": lambda world: _own_notice(world, NoticeState.PUBLISHED),
    "notices.publish": lambda world: _own_notice(world, NoticeState.SUBMITTED),
    "notices.return_notice": lambda world: _own_notice(world, NoticeState.SUBMITTED),
    "api.notice": lambda world: _own_notice(world, NoticeState.PUBLISHED),
    "introductions.new": _counterpart,
    "introductions.show": _introduction,
    "introductions.accept": _introduction,
    "introductions.decline": _introduction,
    "introductions.report": _introduction,
    "introductions.withdraw": lambda world: _introduction(world, received=False),
    "introductions.start_proposal": lambda world: _introduction(world, state="accepted"),
    "introduction_reports.dismiss": lambda world: _introduction(world, reported=True),
    "introduction_reports.block": lambda world: _introduction(world, reported=True),
    "calendars.feed": _feed_token,
    "subscriptions.confirm": _confirmation_token,
    "subscriptions.unsubscribe": _unsubscribe_token,
    "partnership_records.compare": _two_plan_versions,
    "partnership_records.download_evidence": _own_evidence,
    "partnership_records.remove_evidence": _own_evidence,
    "updates.discard": _own_update,
    "updates.image": _update_with_image,
    "updates.review": lambda world: _own_update(world, UpdateState.SUBMITTED),
    "updates.publish": lambda world: _own_update(world, UpdateState.SUBMITTED),
    "updates.return_update": lambda world: _own_update(world, UpdateState.SUBMITTED),
    "organizations.remove_member": _other_member,
    "organizations.revoke_invitation": _pending_invitation,
    "proposals.remove_attachment": _own_attachment,
    "proposals.remove_task": _own_task,
    "proposals.remove_participant": _own_partner,
    "proposals.withdraw": _own_proposal,
    "proposals.resubmit": _declined_proposal,
    "proposals.response": _resubmission,
    "review_chairs.unassign": _own_assignment,
    # Issue 17: declining and due dates act on an assignment of their own.
    "reviews.decline": _own_assignment,
    "review_chairs.set_due_date": _own_assignment,
    "review_chairs.withdraw": _own_decision,
    "partnerships.withdraw": _own_partnership,
    "partnerships.graduate": _own_partnership,
    "proposals.detail": _submitted_proposal,
    "proposals.download": _submitted_proposal,
    "exports.proposal": _submitted_proposal,
    "exports.cohort_report": _the_cohort,
    "exports.cohort_report_chairs": _the_cohort,
    "outbox.retry": _failed_mail,
    # Issue 20: an issued file of its own (a revocation is final).
    "verification.file": lambda world: ({"sha256": make_issued_document().sha256}, {}),
    "verification.document": lambda world: ({"code": make_issued_document().code}, {}),
    "verification.revoke": lambda world: (
        {"issued_document_id": make_issued_document().id},
        {"reason": "Superseded."},
    ),
}


def _chair_request(admin: User) -> RoleChange:
    candidate = make_user(Role.REVIEWER, side=Side.US, display_name="Chair candidate")
    change = appointments.update_account(
        candidate, roles=[Role.REVIEWER, Role.CHAIR], side=Side.US, is_active=True, actor=admin
    )
    assert change is not None
    return change


def routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route: reads first, removals last, so that one
    route's effect never hides the next one's answer."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in permissions.BUILT_IN_PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return sorted(found, key=lambda r: (r[1] != "GET", "remove" in r[0], r[0]))


def test_every_route_has_a_row_and_a_declared_rule(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _, _ in routes(app)}
    missing, stale = endpoints - set(EXPECTED), set(EXPECTED) - endpoints
    assert not missing and not stale, f"missing rows: {sorted(missing)}; stale: {sorted(stale)}"
    for endpoint in endpoints:
        assert getattr(app.view_functions[endpoint], "permission", None) is not None, endpoint


# What "reached the page" means. A read must answer 2xx or a redirect (not to sign-in). A form
# or an action sent with an empty body must get past the permission check to the view: the form
# shown again with its errors (200), a form error (400), or the redirect after the action (302,
# 303). A 404 or 403 for a role the policy allows is a failure: the route was never reached.
REACHED_BY_READ = frozenset({200, 301, 302, 303, 304, 307, 308})
REACHED_BY_FORM = frozenset({200, 201, 204, 302, 303, 400})
NOT_REACHED = "not reached"


def outcome(response, method: str) -> str:  # type: ignore[no-untyped-def]
    """OK, LOGIN, FORBIDDEN, or NOT_REACHED with the status."""
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code == 403:
        return FORBIDDEN
    if (
        response.status_code == 302
        and "/login" in response.headers["Location"]
        and "next=" in response.headers["Location"]
    ):
        return LOGIN
    reached = REACHED_BY_READ if method == "GET" else REACHED_BY_FORM
    if response.status_code in reached:
        return OK
    return f"{NOT_REACHED} ({response.status_code})"


@pytest.mark.parametrize("role", ROLES)
def test_matrix(app: Flask, client, world: World, role: str) -> None:  # type: ignore[no-untyped-def]
    if role != "anonymous":
        sign_in(client, world.users[role])
    mismatches = []
    for endpoint, method, rule in routes(app):
        own, data = RECORDS[endpoint](world) if endpoint in RECORDS else ({}, {})
        db.session.commit()  # as the world's records are: a view's rollback must not undo them
        url = rule
        for name, value in {**world.values, **own}.items():
            for form in (f"<int:{name}>", f"<path:{name}>", f"<{name}>"):
                url = url.replace(form, str(value))
        if "<" in url:  # a new kind of record: give the world one, or the route RECORDS
            mismatches.append(f"{method} {rule}: no record for {url[url.index('<') :]}")
            continue
        response = client.open(url, method=method, data=data)
        got = outcome(response, method)
        if got != EXPECTED[endpoint][role]:
            expected = EXPECTED[endpoint][role]
            mismatches.append(
                f"{method} {url}: expected {expected}, got {got} ({response.status_code})"
            )
        if (
            endpoint in ("accounts.sign_out", "accounts.sign_out_everywhere")
            and role != "anonymous"
        ):
            sign_in(client, world.users[role])  # stay signed in for the remaining routes
    assert not mismatches, "\n".join(mismatches)


def test_a_loaded_record_is_named_by_an_argument_of_its_route(app: Flask) -> None:
    """`requires(rule, proposal_id=Proposal)` loads the argument it names, never a guess."""
    for rule in app.url_map.iter_rules():
        loads = getattr(app.view_functions[rule.endpoint], "loads", None)
        if loads is not None:
            assert loads[0] in rule.arguments, f"{rule.endpoint} loads {loads[0]}, not in {rule}"


def test_a_rule_names_the_argument_it_loads_when_two_ids_are_in_the_route() -> None:
    """The update pages carry a partnership and an update id: the named one is loaded."""
    app = create_app("testing")
    seen: dict[str, object] = {}

    def view(**kwargs: object) -> str:
        seen.update(kwargs)
        return "fine"

    guarded = requires(lambda user, record: True, update_id=Organization)(view)
    app.add_url_rule("/p/<int:partnership_id>/u/<int:update_id>", "two_ids", guarded)
    organization = make_organization()
    db.session.commit()
    app.test_client().get(f"/p/7/u/{organization.id}")
    loaded = seen.pop("update")
    assert isinstance(loaded, Organization) and loaded.id == organization.id
    assert seen == {"partnership_id": 7}


def test_a_route_without_a_declared_rule_is_refused() -> None:
    app = create_app("testing")
    app.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    app.add_url_rule("/declared", "declared", requires(permissions.anyone)(lambda: "fine"))
    client = app.test_client()
    assert client.get("/undeclared").status_code == 403
    assert client.get("/declared").status_code == 200


def test_a_missing_record_is_404_for_everyone(client, world: World) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/organizations/999999/edit").status_code == 404
    sign_in(client, world.users["admin"])
    assert client.get("/admin/users/999999").status_code == 404
