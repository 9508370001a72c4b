"""Partner-search notice pages: an organization's members write, submit and withdraw its
notices; the chairs publish or return them. The public reads standing notices on the
organization's profile and in the open data (`app.api`)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import clock, permissions
from app.confirmation import confirmation_page, is_confirmed
from app.extensions import db
from app.notices import queries, services
from app.notices.forms import NoticeForm, ReturnNoticeForm
from app.notices.models import NoticeState, PartnerNotice
from app.organizations.models import Organization
from app.permissions import requires
from app.unit_of_work import unit_of_work

bp = Blueprint("notices", __name__)


def _notice_of(organization: Organization, notice_id: int) -> PartnerNotice:
    notice = db.session.get(PartnerNotice, notice_id)
    if notice is None or notice.organization_id != organization.id:
        abort(404)
    return notice


def _to_notice(notice: PartnerNotice) -> Response:
    return redirect(
        url_for("notices.show", organization_id=notice.organization_id, notice_id=notice.id)
    )


def _form_page(
    organization: Organization, form: NoticeForm, notice: PartnerNotice | None, status: int = 200
) -> tuple[str, int]:
    today = clock.today()
    # The browser's date picker offers the days the service accepts (it checks them again).
    form.ends_on.render_kw = {
        "min": date.fromordinal(today.toordinal() + 1).isoformat(),
        "max": services.latest_end(today).isoformat(),
    }
    return render_template(
        "notices/form.html", organization=organization, form=form, notice=notice
    ), status


# --- the organization's members -------------------------------------------------------------------


@bp.get("/organizations/<int:organization_id>/notices")
@requires(permissions.can_keep_notices, organization_id=Organization)
def index(organization: Organization) -> str:
    """Every notice of the organization, with its moderation state."""
    return render_template(
        "notices/index.html",
        organization=organization,
        notices=queries.notices_of(organization),
        today=clock.today(),
    )


@bp.route("/organizations/<int:organization_id>/notices/new", methods=["GET", "POST"])
@requires(permissions.can_keep_notices, organization_id=Organization)
def create(organization: Organization) -> tuple[str, int] | Response:
    """Draft a notice."""
    form = NoticeForm().for_country(organization.country)
    work = unit_of_work(form)
    if form.validate_on_submit():
        with work:
            notice = services.draft_notice(organization, form.data, actor=current_user)
        if work.done:
            flash(_("The draft is saved. Read it through, then submit it."), "success")
            return _to_notice(notice)
    return _form_page(organization, form, None, work.status)


@bp.get("/organizations/<int:organization_id>/notices/<int:notice_id>")
@requires(permissions.can_keep_notices, organization_id=Organization)
def show(organization: Organization, notice_id: int) -> str:
    """The notice as readers will see it, its state and what can be done with it."""
    return render_template(
        "notices/show.html",
        organization=organization,
        notice=_notice_of(organization, notice_id),
        today=clock.today(),
        editable=services.EDITABLE,
    )


@bp.route(
    "/organizations/<int:organization_id>/notices/<int:notice_id>/edit", methods=["GET", "POST"]
)
@requires(permissions.can_keep_notices, organization_id=Organization)
def edit(organization: Organization, notice_id: int) -> tuple[str, int] | Response:
    """Change a draft or returned notice."""
    notice = _notice_of(organization, notice_id)
    if notice.state not in services.EDITABLE:
        flash(services.refusal(notice), "error")
        return _to_notice(notice)
    form = NoticeForm(obj=notice).for_country(organization.country)
    if request.method == "GET":
        form.focus_areas.data = [link.focus_area.value for link in notice.focus_areas]
        form.regions.data = notice.region_codes
        form.deliverable_kind.data = notice.deliverable_kind.value
    work = unit_of_work(form)
    if form.validate_on_submit():
        with work:
            services.edit_notice(notice, form.data, actor=current_user)
        if work.done:
            flash(_("The notice is saved."), "success")
            return _to_notice(notice)
    return _form_page(organization, form, notice, work.status)


@bp.post("/organizations/<int:organization_id>/notices/<int:notice_id>/submit")
@requires(permissions.can_keep_notices, organization_id=Organization)
def submit(organization: Organization, notice_id: int) -> Response:
    """Send the notice to the chairs."""
    notice = _notice_of(organization, notice_id)
    with unit_of_work() as work:
        services.submit_notice(notice, actor=current_user)
    if work.done:
        flash(_("The notice is submitted; a chair will publish it or return it."), "success")
    return _to_notice(notice)


@bp.post("/organizations/<int:organization_id>/notices/<int:notice_id>/withdraw")
@requires(permissions.can_keep_notices, organization_id=Organization)
def withdraw(organization: Organization, notice_id: int) -> str | Response:
    """Take a published notice down, after a confirmation."""
    notice = _notice_of(organization, notice_id)
    if not is_confirmed():
        return confirmation_page(
            title=_("Withdraw this notice?"),
            warning=_(
                "It disappears from the organization's page, the open data and the partner "
                "finder at once. A withdrawn notice cannot be published again; write a new one "
                "instead."
            ),
            button=_("Yes, withdraw the notice"),
            back_url=url_for("notices.show", organization_id=organization.id, notice_id=notice.id),
        )
    with unit_of_work() as work:
        services.withdraw_notice(notice, actor=current_user)
    if work.done:
        flash(_("The notice is withdrawn."), "success")
    return _to_notice(notice)


# --- the chairs -----------------------------------------------------------------------------------


@bp.get("/secretariat/notices")
@requires(permissions.can_moderate_notices)
def moderation() -> str:
    """Notices waiting for a chair, oldest first."""
    return render_template(
        "notices/moderation.html", notices=queries.awaiting_moderation(), today=clock.today()
    )


def _submitted(notice: PartnerNotice) -> PartnerNotice:
    if notice.state == NoticeState.DRAFT:  # drafts stay with their organization
        abort(404)
    return notice


def _review_page(notice: PartnerNotice, form: ReturnNoticeForm | None = None) -> str:
    return render_template(
        "notices/review.html",
        notice=notice,
        organization=notice.organization,
        return_form=form or ReturnNoticeForm(formdata=None),
        today=clock.today(),
    )


@bp.get("/secretariat/notices/<int:notice_id>")
@requires(permissions.can_moderate_notice, notice_id=PartnerNotice)
def review(notice: PartnerNotice) -> str:
    """A notice as readers would see it, with the publish and return actions."""
    return _review_page(_submitted(notice))


@bp.post("/secretariat/notices/<int:notice_id>/publish")
@requires(permissions.can_moderate_notice, notice_id=PartnerNotice)
def publish(notice: PartnerNotice) -> Response:
    """Publish a submitted notice."""
    _submitted(notice)
    with unit_of_work() as work:
        services.publish_notice(notice, actor=current_user)
    if work.done:
        flash(_("The notice is published on the organization's page."), "success")
        return redirect(url_for("notices.moderation"))
    return redirect(url_for("notices.review", notice_id=notice.id))


@bp.post("/secretariat/notices/<int:notice_id>/return")
@requires(permissions.can_moderate_notice, notice_id=PartnerNotice)
def return_notice(notice: PartnerNotice) -> str | Response:
    """Return a submitted notice to its organization with the reason."""
    _submitted(notice)
    form = ReturnNoticeForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.return_notice(notice, actor=current_user, reason=form.reason.data or "")
        if work.done:
            flash(_("The notice is returned to the organization."), "success")
            return redirect(url_for("notices.moderation"))
    return _review_page(notice, form)
