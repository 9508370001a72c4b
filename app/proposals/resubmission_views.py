"""Resubmission pages, on the proposals blueprint: carry a declined proposal into the open
call, and answer last year's reviews beside them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import permissions
from app.permissions import requires
from app.proposals import queries, resubmission
from app.proposals.forms import ResponseForm
from app.proposals.guide import guide
from app.proposals.models import Proposal, ProposalState
from app.proposals.views import bp
from app.solicitations.queries import accepting_solicitation, why_not_accepting
from app.unit_of_work import unit_of_work


@bp.post("/<int:proposal_id>/resubmit")
@requires(permissions.can_resubmit_proposal, proposal_id=Proposal)
def resubmit(proposal: Proposal) -> Response:
    """Carry the declined proposal into the open call as a new draft, then open its response."""
    with unit_of_work() as work:
        copy = resubmission.resubmit_proposal(
            proposal, accepting_solicitation(), actor=current_user
        )
    if not work.done:
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    flash(
        _(
            "Your proposal is carried into the %(year)d call as a draft. Answer last year's "
            "reviews, check every section, upload the letters of support again and submit.",
            year=copy.solicitation.year,
        ),
        "success",
    )
    return redirect(url_for("proposals.response", proposal_id=copy.id))


@bp.route("/<int:proposal_id>/response", methods=["GET", "POST"])
@requires(permissions.can_edit_proposal, proposal_id=Proposal)
def response(proposal: Proposal) -> str | tuple[str, int] | Response:
    """The response to last year's reviews, in both languages, with those reviews' comments to
    the applicant beside it."""
    earlier = queries.earlier_reviews(proposal)
    if earlier is None:
        abort(404)
    if queries.is_read_only_draft(proposal) or proposal.state != ProposalState.DRAFT:
        flash(
            why_not_accepting(proposal.solicitation)
            or _("This proposal has been submitted and can no longer be changed."),
            "error",
        )
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    form = ResponseForm(obj=proposal)
    work = unit_of_work(form)
    if request.method == "POST" and form.validate_on_submit():
        with work:
            resubmission.save_response(proposal, form.data, actor=current_user)
        if work.done:
            flash(_("Response saved."), "success")
            return redirect(url_for("proposals.response", proposal_id=proposal.id))
    return render_template(
        "proposals/response.html",
        form=form,
        proposal=proposal,
        earlier=earlier,
        **guide(proposal, "response"),
    ), work.status
