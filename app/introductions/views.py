"""Introduction pages: my organizations' requests, the request form (from an organization's
profile), one request with its answers, and the chairs' and administrators' queue of reports."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.i18n import localized
from app.introductions import operations, policy, queries
from app.introductions.forms import IntroductionForm, ReportForm
from app.introductions.models import Introduction, IntroductionState
from app.organizations.models import Organization
from app.permissions import requires
from app.unit_of_work import unit_of_work

bp = Blueprint("introductions", __name__, url_prefix="/introductions")
reports = Blueprint("introduction_reports", __name__, url_prefix="/secretariat/introductions")


def _name(organization: Organization) -> str:
    return localized(organization, "name", str(get_locale() or "en"))


@bp.get("")
@requires(policy.can_use_introductions)
def index() -> str:
    """The requests my organizations sent and received, with their states."""
    return render_template("introductions/index.html", lists=queries.introductions_of(current_user))


@bp.route("/new/<int:organization_id>", methods=["GET", "POST"])
@requires(policy.can_ask_for_introduction, organization_id=Organization)
def new(organization: Organization) -> str | tuple[str, int] | Response:
    """Ask `organization` for an introduction, on behalf of one of my organizations."""
    mine = queries.organizations_of(current_user)
    form = IntroductionForm()
    form.organization_id.choices = [(own.id, _name(own)) for own in mine]
    if not form.is_submitted():
        other_side = [own for own in mine if own.country != organization.country]
        form.organization_id.data = (other_side or mine)[0].id
    work = unit_of_work(form)
    if form.validate_on_submit():
        sender = next(own for own in mine if own.id == form.organization_id.data)
        with work:
            introduction = operations.request_introduction(
                sender, organization, form.message.data, actor=current_user
            )
        if work.done:
            flash(
                _(
                    "Your request is on its way to %(organization)s. You will hear by e-mail "
                    "when they answer.",
                    organization=_name(organization),
                ),
                "success",
            )
            return redirect(url_for("introductions.show", introduction_id=introduction.id))
    return render_template(
        "introductions/new.html",
        form=form,
        organization=organization,
        offered=policy.offers_introduction(current_user, organization),
    ), work.status


@bp.get("/<int:introduction_id>")
@requires(policy.can_see_introduction, introduction_id=Introduction)
def show(introduction: Introduction) -> str:
    """One request: its message, its state, the answers the reader may give and, once
    accepted, both sides' addresses."""
    contacts = (
        queries.contacts_of(introduction)
        if policy.can_see_contacts(current_user, introduction)
        else []
    )
    return render_template(
        "introductions/show.html",
        introduction=introduction,
        contacts=contacts,
        receiving=policy.is_receiving_side(current_user, introduction),
        requesting=policy.is_requesting_side(current_user, introduction),
        proposal_id=introduction.proposal_id,
        report_form=ReportForm(),
        pending=introduction.state == IntroductionState.PENDING,
    )


def _answered(introduction: Introduction, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for("introductions.show", introduction_id=introduction.id))


def _back(introduction: Introduction) -> Response:
    return redirect(url_for("introductions.show", introduction_id=introduction.id))


@bp.post("/<int:introduction_id>/accept")
@requires(policy.can_answer_introduction, introduction_id=Introduction)
def accept(introduction: Introduction) -> Response:
    """Accept: both sides now see each other's addresses."""
    with unit_of_work() as work:
        operations.accept_introduction(introduction, actor=current_user)
    if work.done:
        return _answered(
            introduction,
            _(
                "You accepted. %(organization)s and you now see each other's e-mail addresses.",
                organization=_name(introduction.from_organization),
            ),
        )
    return _back(introduction)


@bp.post("/<int:introduction_id>/decline")
@requires(policy.can_answer_introduction, introduction_id=Introduction)
def decline(introduction: Introduction) -> Response:
    """Decline: the requesters are told; no address is shown."""
    with unit_of_work() as work:
        operations.decline_introduction(introduction, actor=current_user)
    if work.done:
        return _answered(introduction, _("You declined the request."))
    return _back(introduction)


@bp.post("/<int:introduction_id>/withdraw")
@requires(policy.can_withdraw_introduction, introduction_id=Introduction)
def withdraw(introduction: Introduction) -> Response:
    """The requesting side takes its request back while it waits."""
    with unit_of_work() as work:
        operations.withdraw_introduction(introduction, actor=current_user)
    if work.done:
        return _answered(introduction, _("Your request is withdrawn."))
    return _back(introduction)


@bp.route("/<int:introduction_id>/report", methods=["GET", "POST"])
@requires(policy.can_answer_introduction, introduction_id=Introduction)
def report(introduction: Introduction) -> str | tuple[str, int] | Response:
    """Report a request as abuse to the Joint Secretariat."""
    form = ReportForm()
    work = unit_of_work(form)
    if form.validate_on_submit():
        with work:
            operations.report_introduction(introduction, form.reason.data, actor=current_user)
        if work.done:
            return _answered(
                introduction,
                _("Thank you. The Joint Secretariat will look at the request you reported."),
            )
    return render_template(
        "introductions/report.html", form=form, introduction=introduction
    ), work.status


@bp.post("/<int:introduction_id>/proposal")
@requires(policy.can_see_introduction, introduction_id=Introduction)
def start_proposal(introduction: Introduction) -> Response:
    """Start a proposal with …: a draft for the open call with the counterpart invited."""
    with unit_of_work() as work:
        proposal = operations.start_proposal_from(introduction, actor=current_user)
    if work.done:
        flash(
            _(
                "Your draft proposal is started and %(organization)s is invited as a partner.",
                organization=_name(
                    introduction.to_organization
                    if proposal.lead_organization_id == introduction.from_organization_id
                    else introduction.from_organization
                ),
            ),
            "success",
        )
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    return _back(introduction)


# --- the chairs' and administrators' queue of reports ----------------------------------------


@reports.get("/reported")
@requires(policy.can_moderate_introductions)
def reported() -> str:
    """Reports waiting to be settled: dismiss, or block the sender."""
    queue = queries.reported_queue()
    senders = {i.requested_by_id for i in queue if i.requested_by_id is not None}
    return render_template(
        "introductions/reported.html",
        queue=queue,
        blocked=queries.blocked_user_ids(senders),
    )


@reports.post("/<int:introduction_id>/dismiss")
@requires(policy.can_settle_report, introduction_id=Introduction)
def dismiss(introduction: Introduction) -> Response:
    """Nothing wrong: the report leaves the queue."""
    with unit_of_work() as work:
        operations.dismiss_report(introduction, actor=current_user)
    if work.done:
        flash(_("The report is dismissed."), "success")
    return redirect(url_for("introduction_reports.reported"))


@reports.post("/<int:introduction_id>/block")
@requires(policy.can_settle_report, introduction_id=Introduction)
def block(introduction: Introduction) -> Response:
    """Uphold the report: its sender may send no further request."""
    with unit_of_work() as work:
        operations.block_sender(introduction, actor=current_user)
    if work.done:
        flash(_("The sender can no longer send introduction requests."), "success")
    return redirect(url_for("introduction_reports.reported"))


@bp.app_template_global("offers_introduction")
def offers_introduction(organization: Organization) -> bool:
    """For `introduction_action` (templates/macros/introductions.html): whether the signed-in
    reader is offered to request an introduction to `organization`."""
    user = current_user if current_user.is_authenticated else None
    return policy.offers_introduction(user, organization)
