"""Proposal pages: start, edit both languages, workplan, partners, letters, submit, withdraw."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import permissions, security
from app.extensions import db, limiter
from app.organizations.models import Organization
from app.organizations.services import organizations_of
from app.permissions import requires
from app.proposals import invitations, queries, readiness, services
from app.proposals.forms import (
    AcceptInvitationForm,
    AttachmentForm,
    InviteByEmailForm,
    InviteOrganizationForm,
    ProposalForm,
    StartForm,
    SubmitForm,
    TaskForm,
    due_years,
)
from app.proposals.guide import guide
from app.proposals.models import Attachment, Participant, Proposal, ProposalState, WorkplanTask
from app.solicitations.queries import accepting_solicitation, why_not_accepting
from app.unit_of_work import unit_of_work

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


def _to_proposal(proposal: Proposal, anchor: str = "") -> Response:
    return redirect(url_for("proposals.detail", proposal_id=proposal.id) + anchor)


def _closed_draft(proposal: Proposal) -> Response | None:
    """Back to the proposal page, with the reason, when its call no longer takes changes: the
    draft of a closed call is read-only (its edit pages are not offered, their POSTs refused)."""
    if not queries.is_read_only_draft(proposal):
        return None
    flash(why_not_accepting(proposal.solicitation) or "", "error")
    return _to_proposal(proposal)


def _organization_choices(organizations: list[Organization]) -> list[tuple[int, str]]:
    return [(o.id, f"{o.name_en} – {o.name_zh}" if o.name_zh else o.name_en) for o in organizations]


def _chosen(organizations: list[Organization], organization_id: int) -> Organization:
    """The organization picked from `_organization_choices` (the form checked it is one)."""
    return next(o for o in organizations if o.id == organization_id)


@bp.route("/new", methods=["GET", "POST"])
@requires(permissions.can_apply)
def start() -> str | tuple[str, int] | Response:
    """Start a proposal for the open call, led by one of the applicant's organizations."""
    solicitation = accepting_solicitation()
    organizations = organizations_of(current_user)
    form = StartForm()
    form.organization_id.choices = _organization_choices(organizations)
    work = unit_of_work(form)
    if solicitation is not None and organizations and form.validate_on_submit():
        organization = _chosen(organizations, form.organization_id.data)
        with work:
            proposal = services.start_proposal(solicitation, organization, actor=current_user)
        if work.done:
            flash(
                _(
                    "Your draft is started. Save as often as you like; nothing is sent until you submit."
                ),
                "success",
            )
            return redirect(url_for("proposals.edit", proposal_id=proposal.id))
    return render_template(
        "proposals/start.html", form=form, solicitation=solicitation, organizations=organizations
    ), work.status


@bp.get("/<int:proposal_id>")
@requires(permissions.can_view_proposal, proposal_id=Proposal)
def detail(proposal: Proposal) -> str:
    """The proposal in both languages, its participants, workplan, letters and state."""
    user = current_user
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        **guide(proposal),
        can_edit=permissions.can_edit_proposal(user, proposal),
        can_lead=permissions.can_lead_proposal(user, proposal),
        my_invitations=[
            p
            for p in proposal.participants
            if p.state == "invited" and permissions.can_answer_participation(user, p)
        ],
        read_only=queries.is_read_only_draft(proposal),
        closed_because=why_not_accepting(proposal.solicitation),
        can_withdraw=queries.is_withdrawable(proposal),
        outcome=queries.outcome_of(proposal),
        earlier=queries.earlier_reviews(proposal),
        can_view_original=proposal.resubmission_of is not None
        and permissions.can_view_proposal(user, proposal.resubmission_of),
        resubmit_into=queries.resubmission_offer(proposal, user),
    )


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@requires(permissions.can_edit_proposal, proposal_id=Proposal)
def edit(proposal: Proposal) -> str | tuple[str, int] | Response:
    """Write the proposal in English and Chinese; save as a draft at any time."""
    if (closed := _closed_draft(proposal)) is not None:
        return closed
    if proposal.state != "draft":
        flash(_("This proposal has been submitted and can no longer be changed."), "error")
        return _to_proposal(proposal)
    form = ProposalForm(obj=proposal)
    work = unit_of_work(form)
    if request.method == "GET":
        form.focus_areas.data = [area.focus_area.value for area in proposal.focus_areas]
        form.deliverable_kind.data = (
            proposal.deliverable_kind.value if proposal.deliverable_kind else None
        )
        form.version.data = str(proposal.version)
    if form.validate_on_submit():
        with work:
            services.save_draft(
                proposal, form.data, actor=current_user, version=int(form.version.data or 0) or None
            )
        if work.done:
            flash(_("Draft saved."), "success")
            return redirect(url_for("proposals.edit", proposal_id=proposal.id))
    return render_template(
        "proposals/edit.html",
        form=form,
        proposal=proposal,
        earlier=queries.earlier_reviews(proposal),
        **guide(proposal, "texts"),
    ), work.status


@bp.route("/<int:proposal_id>/workplan", methods=["GET", "POST"])
@requires(permissions.can_edit_proposal, proposal_id=Proposal)
def workplan(proposal: Proposal) -> str | tuple[str, int] | Response:
    """The three-year workplan: tasks by pilot year; add one."""
    if (closed := _closed_draft(proposal)) is not None:
        return closed
    form = TaskForm(years=due_years(proposal.solicitation.year))
    work = unit_of_work(form)
    if form.validate_on_submit():
        with work:
            services.save_task(
                proposal,
                pilot_year=int(form.pilot_year.data),
                title_en=form.title_en.data,
                title_zh=form.title_zh.data,
                target=form.target.data,
                due_month=form.due,
                actor=current_user,
            )
        if work.done:
            flash(_("Task added."), "success")
            return redirect(url_for("proposals.workplan", proposal_id=proposal.id))
    return render_template(
        "proposals/workplan.html",
        form=form,
        proposal=proposal,
        task=None,
        **guide(proposal, "workplan"),
    ), work.status


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@requires(permissions.can_edit_task, task_id=WorkplanTask)
def edit_task(task: WorkplanTask) -> str | tuple[str, int] | Response:
    """Change one workplan task."""
    if (closed := _closed_draft(task.proposal)) is not None:
        return closed
    proposal = task.proposal
    form = TaskForm(obj=task, years=due_years(proposal.solicitation.year, task.due_month))
    work = unit_of_work(form)
    if request.method == "GET":
        form.pilot_year.data = str(task.pilot_year)
        form.fill_due(task.due_month)
    if form.validate_on_submit():
        with work:
            services.save_task(
                proposal,
                pilot_year=int(form.pilot_year.data),
                title_en=form.title_en.data,
                title_zh=form.title_zh.data,
                target=form.target.data,
                due_month=form.due,
                actor=current_user,
                task=task,
            )
        if work.done:
            flash(_("Task saved."), "success")
            return redirect(url_for("proposals.workplan", proposal_id=proposal.id))
    return render_template(
        "proposals/workplan.html",
        form=form,
        proposal=proposal,
        task=task,
        **guide(proposal, "workplan"),
    ), work.status


@bp.post("/tasks/<int:task_id>/remove")
@requires(permissions.can_edit_task, task_id=WorkplanTask)
def remove_task(task: WorkplanTask) -> Response:
    """Remove a workplan task."""
    proposal = task.proposal
    with unit_of_work() as work:
        services.remove_task(task, actor=current_user)
    if work.done:
        flash(_("Task removed."), "success")
    return redirect(url_for("proposals.workplan", proposal_id=proposal.id))


def _partners_page(
    proposal: Proposal,
    organization_form: InviteOrganizationForm | None = None,
    email_form: InviteByEmailForm | None = None,
) -> str:
    organization_form = organization_form or InviteOrganizationForm(formdata=None)
    organization_form.offer(queries.partner_candidates(proposal))
    return render_template(
        "proposals/partners.html",
        proposal=proposal,
        organization_form=organization_form,
        email_form=email_form or InviteByEmailForm(formdata=None),
        **guide(proposal, "partners"),
        suggestions=queries.suggested_partners(proposal),
    )


@bp.get("/<int:proposal_id>/partners")
@requires(permissions.can_lead_proposal, proposal_id=Proposal)
def partners(proposal: Proposal) -> str | Response:
    """Participants and their answers; invite an organization or a person by e-mail."""
    if (closed := _closed_draft(proposal)) is not None:
        return closed
    return _partners_page(proposal)


@bp.post("/<int:proposal_id>/partners/organization")
@requires(permissions.can_lead_proposal, proposal_id=Proposal)
@limiter.limit(security.INVITATION_LIMIT, key_func=security.signed_in_user)
def invite_organization(proposal: Proposal) -> str | tuple[str, int] | Response:
    """Invite a registered organization."""
    if (closed := _closed_draft(proposal)) is not None:
        return closed
    form = InviteOrganizationForm()
    form.offer(queries.partner_candidates(proposal))
    organization = (
        db.session.get(Organization, form.organization_id.data or 0) if form.validate() else None
    )
    if organization is None:
        if not form.organization_id.errors:
            form.organization_id.errors = [_("Choose an organization.")]
        return _partners_page(proposal, organization_form=form)
    with unit_of_work(form) as work:
        invitations.invite_organization(proposal, organization, actor=current_user)
    if not work.done:
        return _partners_page(proposal, organization_form=form), work.status
    flash(
        _("%(name)s is invited. Its members will answer in the portal.", name=organization.name_en),
        "success",
    )
    return redirect(url_for("proposals.partners", proposal_id=proposal.id))


@bp.post("/<int:proposal_id>/partners/email")
@requires(permissions.can_lead_proposal, proposal_id=Proposal)
@limiter.limit(security.INVITATION_LIMIT, key_func=security.signed_in_user)
def invite_by_email(proposal: Proposal) -> str | tuple[str, int] | Response:
    """Invite a person whose organization is not registered yet."""
    if (closed := _closed_draft(proposal)) is not None:
        return closed
    form = InviteByEmailForm()
    if not form.validate():
        return _partners_page(proposal, email_form=form)
    with unit_of_work(form) as work:
        invitations.invite_by_email(proposal, form.email.data, actor=current_user)
    if not work.done:
        return _partners_page(proposal, email_form=form), work.status
    flash(_("An invitation is on its way to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("proposals.partners", proposal_id=proposal.id))


@bp.post("/participants/<int:participant_id>/remove")
@requires(permissions.can_remove_participant, participant_id=Participant)
def remove_participant(participant: Participant) -> Response:
    """Take a partner off the draft."""
    proposal = participant.proposal
    with unit_of_work() as work:
        invitations.remove_participant(participant, actor=current_user)
    if work.done:
        flash(_("The partner is removed."), "success")
    return redirect(url_for("proposals.partners", proposal_id=proposal.id))


@bp.post("/participants/<int:participant_id>/answer")
@requires(permissions.can_answer_participation, participant_id=Participant)
def answer(participant: Participant) -> Response:
    """Confirm or decline taking part in another organization's proposal."""
    accept = request.form.get("decision") == "accept"
    with unit_of_work() as work:
        invitations.answer_invitation(participant, accept=accept, actor=current_user)
    if work.done:
        flash(
            _("You confirmed taking part.") if accept else _("You declined the invitation."),
            "success",
        )
    if not permissions.can_view_proposal(current_user, participant.proposal):
        return redirect(url_for("public.dashboard"))  # declined: the proposal is not ours to read
    return _to_proposal(participant.proposal)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires(permissions.signed_in)
def email_invitation(token: str) -> str | tuple[str, int] | Response:
    """Join a proposal you were invited to by e-mail, with one of your organizations."""
    invitation = invitations.email_invitation_for_token(token)
    if invitation is None:
        flash(_("This invitation is invalid, expired or already answered."), "error")
        return redirect(url_for("public.dashboard"))
    organizations = organizations_of(current_user)
    form = AcceptInvitationForm()
    form.organization_id.choices = _organization_choices(organizations)
    work = unit_of_work(form)
    if organizations and form.validate_on_submit():
        organization = _chosen(organizations, form.organization_id.data)
        with work:
            invitations.accept_email_invitation(invitation, organization, actor=current_user)
        if work.done:
            flash(
                _("%(name)s now takes part in the proposal.", name=organization.name_en), "success"
            )
            return _to_proposal(invitation.proposal)
    return render_template(
        "proposals/email_invitation.html",
        invitation=invitation,
        form=form,
        organizations=organizations,
    ), work.status


def _letters_page(proposal: Proposal, form: AttachmentForm | None = None) -> str:
    return render_template(
        "proposals/letters.html",
        proposal=proposal,
        form=form or AttachmentForm(formdata=None),
        **guide(proposal, "letters"),
    )


@bp.get("/<int:proposal_id>/letters")
@requires(permissions.can_edit_proposal, proposal_id=Proposal)
def letters(proposal: Proposal) -> str | Response:
    """The letters of support attached to the draft; attach another."""
    if (closed := _closed_draft(proposal)) is not None:
        return closed
    return _letters_page(proposal)


@bp.post("/<int:proposal_id>/attachments")
@requires(permissions.can_edit_proposal, proposal_id=Proposal)
def upload(proposal: Proposal) -> str | tuple[str, int] | Response:
    """Upload a letter of support; a refused file is explained at the field."""
    form = AttachmentForm()
    if not form.validate():
        return _letters_page(proposal, form)
    content = form.file.data.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    with unit_of_work(form) as work:
        services.add_attachment(proposal, form.file.data.filename, content, actor=current_user)
    if not work.done:
        return _letters_page(proposal, form), work.status
    flash(_("The letter is attached."), "success")
    return redirect(url_for("proposals.letters", proposal_id=proposal.id))


@bp.get("/attachments/<int:attachment_id>")
@requires(permissions.can_view_attachment, attachment_id=Attachment)
def download(attachment: Attachment) -> Response:
    """Download a letter, always as an attachment (never shown inline)."""
    response = send_file(
        services.attachment_path(attachment),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/attachments/<int:attachment_id>/remove")
@requires(permissions.can_edit_attachment, attachment_id=Attachment)
def remove_attachment(attachment: Attachment) -> Response:
    """Remove a letter from the draft."""
    proposal = attachment.proposal
    with unit_of_work() as work:
        path = services.remove_attachment(attachment, actor=current_user)
    if work.done:
        path.unlink(missing_ok=True)
        flash(_("The letter is removed."), "success")
    return redirect(url_for("proposals.letters", proposal_id=proposal.id))


@bp.route("/<int:proposal_id>/submit", methods=["GET", "POST"])
@requires(permissions.can_lead_proposal, proposal_id=Proposal)
def submit(proposal: Proposal) -> str | tuple[str, int] | Response:
    """Check your answers: every section summed up with a link to change it, what is still
    missing (each with a link to where it is put right), and Submit only once nothing is.
    Submitting freezes the proposal and mails a receipt. (A second submit, from another tab,
    is refused by the operation and says so here.)"""
    if request.method == "GET" and proposal.state != ProposalState.DRAFT:
        return _to_proposal(proposal)
    form = SubmitForm()
    work = unit_of_work(form)
    if form.validate_on_submit():
        with work:
            services.submit_proposal(proposal, actor=current_user)
        if work.done:
            flash(
                _(
                    "Proposal %(reference)s is submitted. A receipt was sent to every participant.",
                    reference=proposal.reference,
                ),
                "success",
            )
            return _to_proposal(proposal)
    return render_template(
        "proposals/submit.html",
        proposal=proposal,
        form=form,
        refused=isinstance(work.error, readiness.NotReady),
        **guide(proposal, "check"),
    ), work.status


@bp.post("/<int:proposal_id>/withdraw")
@requires(permissions.can_lead_proposal, proposal_id=Proposal)
def withdraw(proposal: Proposal) -> Response:
    """Withdraw a submitted proposal back to draft while the call is open."""
    with unit_of_work() as work:
        services.withdraw_proposal(proposal, actor=current_user)
    if work.done:
        flash(
            _(
                "The proposal is withdrawn and is a draft again. Submit it again before the deadline."
            ),
            "success",
        )
    return _to_proposal(proposal)
