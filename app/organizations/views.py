"""Organization pages: the public directory and profiles, my organizations, registration,
members and invitations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import permissions, security
from app.accounts.models import User
from app.extensions import db, limiter
from app.notices.queries import standing_notices
from app.organizations import queries, services
from app.organizations.forms import InvitationForm, OrganizationForm, OrganizationSearchForm
from app.organizations.models import InvitationState, Organization, OrganizationInvitation
from app.permissions import requires
from app.unit_of_work import unit_of_work

bp = Blueprint("organizations", __name__, url_prefix="/organizations")


DIRECTORY_PER_PAGE = 25
PROFILE_UPDATES = 10


@bp.get("")
@requires(permissions.anyone)
def index() -> str:
    """Every organization's profile, by English name: filters, search and pages."""
    form = OrganizationSearchForm(formdata=request.args)
    results = None
    if form.validate():
        page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
        results = queries.directory_page(form.filters(), page=page, per_page=DIRECTORY_PER_PAGE)
    return render_template(
        "organizations/index.html",
        form=form,
        results=results,
        arguments=form.query_arguments(),
    )


@bp.get("/mine")
@requires(permissions.can_apply)
def mine() -> str:
    """The organizations the signed-in applicant belongs to."""
    return render_template(
        "organizations/mine.html", organizations=services.organizations_of(current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(permissions.can_apply)
def create() -> str | Response:
    """Register an organization; the applicant becomes its owner."""
    form = OrganizationForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            organization = services.create_organization(form.data, actor=current_user)
        if work.done:
            flash(
                _("%(name)s is registered. You are its owner.", name=organization.name_en),
                "success",
            )
            return redirect(url_for("organizations.profile", organization_id=organization.id))
    return render_template("organizations/form.html", form=form, organization=None)


@bp.get("/<int:organization_id>")
@requires(permissions.anyone, organization_id=Organization)
def profile(organization: Organization) -> str:
    """The organization's public profile; members also see the member list."""
    user = current_user if current_user.is_authenticated else None
    is_member = user is not None and permissions.is_member(user, organization)
    return render_template(
        "organizations/profile.html",
        organization=organization,
        show_members=is_member,
        partnerships=queries.public_partnerships_of([organization])[organization.id],
        updates=queries.published_updates_of(organization, limit=PROFILE_UPDATES),
        notices=standing_notices(organization_id=organization.id),
    )


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
@requires(permissions.can_edit_organization, organization_id=Organization)
def edit(organization: Organization) -> str | Response:
    """Edit the profile."""
    form = OrganizationForm(obj=organization)
    if not form.is_submitted():
        form.focus_areas.data = [area.focus_area.value for area in organization.focus_areas]
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.update_organization(organization, form.data, actor=current_user)
        if work.done:
            flash(_("The profile is saved."), "success")
            return redirect(url_for("organizations.profile", organization_id=organization.id))
    return render_template("organizations/form.html", form=form, organization=organization)


@bp.route("/<int:organization_id>/members", methods=["GET", "POST"])
@requires(permissions.can_manage_members, organization_id=Organization)
@limiter.limit(security.INVITATION_LIMIT, methods=["POST"], key_func=security.signed_in_user)
def members(organization: Organization) -> str | Response:
    """Members and pending invitations; invite someone by e-mail."""
    form = InvitationForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.invite_member(organization, form.email.data, actor=current_user)
        if work.done:
            flash(_("An invitation is on its way to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("organizations.members", organization_id=organization.id))
    pending = [i for i in organization.invitations if i.state == InvitationState.PENDING]
    return render_template(
        "organizations/members.html", organization=organization, form=form, pending=pending
    )


@bp.post("/<int:organization_id>/members/remove")
@requires(permissions.can_manage_members, organization_id=Organization)
def remove_member(organization: Organization) -> Response:
    """Remove the member named in the form."""
    member = db.session.get(User, request.form.get("user_id", type=int) or 0)
    if member is None:
        abort(404)
    with unit_of_work() as work:
        services.remove_member(organization, member, actor=current_user)
    if work.done:
        flash(_("%(name)s is no longer a member.", name=member.display_name), "success")
    return redirect(url_for("organizations.members", organization_id=organization.id))


@bp.post("/<int:organization_id>/invitations/revoke")
@requires(permissions.can_manage_members, organization_id=Organization)
def revoke_invitation(organization: Organization) -> Response:
    """Withdraw the pending invitation named in the form."""
    invitation = db.session.get(
        OrganizationInvitation, request.form.get("invitation_id", type=int) or 0
    )
    if invitation is None or invitation.organization_id != organization.id:
        abort(404)
    with unit_of_work() as work:
        services.revoke_invitation(invitation, actor=current_user)
    if work.done:
        flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("organizations.members", organization_id=organization.id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires(permissions.signed_in)
def invitation(token: str) -> str | Response:
    """See an invitation and accept it."""
    found = services.invitation_for_token(token)
    if found is None:
        flash(_("This invitation is invalid, expired or already answered."), "error")
        return redirect(url_for("public.dashboard"))
    if request.method == "POST":
        with unit_of_work() as work:
            services.accept_invitation(found, current_user)
        if work.done:
            flash(
                _("You are now a member of %(name)s.", name=found.organization.name_en), "success"
            )
            return redirect(url_for("organizations.profile", organization_id=found.organization_id))
    return render_template("organizations/invitation.html", invitation=found)
