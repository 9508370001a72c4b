"""The chairs' ranking and its disagreement threshold, a proposal's reviews, its discussion and
disagreement, the two-key decisions, the selection and the publication of decisions (blueprint
``review_chairs``, see `pages.py`)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from app import clock, permissions
from app.permissions import requires
from app.proposals.models import Proposal, ProposalState
from app.reviews import checks, queries
from app.reviews import decisions as review_decisions
from app.reviews import discussions as review_discussions
from app.reviews import publication as review_publication
from app.reviews import ranking as review_ranking
from app.reviews.forms import (
    CommentForm,
    ConfirmForm,
    DecisionForm,
    ResolveForm,
    ThresholdForm,
)
from app.reviews.models import Decision
from app.reviews.pages import chairs, discussion, visible_proposals
from app.solicitations.models import Solicitation, SolicitationStatus
from app.unit_of_work import unit_of_work


def _sort_arguments() -> tuple[str, bool]:
    return request.args.get("sort", "raw"), request.args.get("order", "desc") != "asc"


def _ranking_page(solicitation: Solicitation, form: ThresholdForm | None = None) -> str:
    sort, descending = _sort_arguments()
    if form is None:
        form = ThresholdForm(formdata=None, spread=solicitation.disagreement_spread)
    page = review_ranking.ranking_page(
        solicitation,
        viewer=current_user,
        number=request.args.get("page", 1, type=int) or 1,
        sort=sort,
        descending=descending,
    )
    return render_template(
        "reviews/chairs/ranking.html",
        solicitation=solicitation,
        page=page,
        arguments={"sort": sort, "order": "desc" if descending else "asc"},
        sort=sort,
        descending=descending,
        threshold_form=form,
        open_for_review=solicitation.status == checks.REVIEW_STATUS,
        summary=review_ranking.selection_summary(solicitation),
        overdue=queries.overdue_reviews(solicitation, clock.now()),
    )


@chairs.get("/<int:solicitation_id>/ranking")
@requires(permissions.can_chair_solicitation_review, solicitation_id=Solicitation)
def ranking(solicitation: Solicitation) -> str:
    """Per proposal: reviews, weighted mean, calibrated score beside it, spread, where its
    disagreement stands; sortable; proposals the chair is in conflict with are left out."""
    return _ranking_page(solicitation)


@chairs.post("/<int:solicitation_id>/ranking/threshold")
@requires(permissions.can_chair_solicitation_review, solicitation_id=Solicitation)
def set_threshold(solicitation: Solicitation) -> str | tuple[str, int] | Response:
    """Set the spread from which reviewers disagree; proposals reaching it open their
    discussion."""
    form = ThresholdForm()
    work = unit_of_work(form)
    if form.validate():
        with work:
            opened = review_discussions.set_disagreement_threshold(
                solicitation, form.spread.data, actor=current_user
            )
        if work.done:
            flash(
                ngettext(
                    "Threshold set. %(num)d new disagreement is open for discussion.",
                    "Threshold set. %(num)d new disagreements are open for discussion.",
                    len(opened),
                ),
                "success",
            )
            return redirect(url_for("review_chairs.ranking", solicitation_id=solicitation.id))
    return _ranking_page(solicitation, form), work.status


@chairs.get("/<int:solicitation_id>/ranking.csv")
@requires(permissions.can_chair_solicitation_review, solicitation_id=Solicitation)
def ranking_csv(solicitation: Solicitation) -> Response:
    """The ranking as a CSV file, in the order shown."""
    sort, descending = _sort_arguments()
    lines = review_ranking.ranking(
        solicitation, viewer=current_user, sort=sort, descending=descending
    )
    response = Response(review_ranking.ranking_csv(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="ranking-{solicitation.year}.csv"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def proposal_page(
    proposal: Proposal,
    decision_form: DecisionForm | None = None,
    resolve_form: ResolveForm | None = None,
    comment_form: CommentForm | None = None,
) -> str:
    """The chairs' page of one proposal; a refused form is shown again as it was sent."""
    decision = queries.live_decision(proposal)
    return render_template(
        "reviews/chairs/proposal.html",
        proposal=proposal,
        solicitation=proposal.solicitation,
        assignments=queries.assignments_for(proposal.solicitation).get(proposal.id, []),
        decision=decision,
        history=queries.decision_history(proposal),
        decision_form=decision_form or DecisionForm(formdata=None),
        resolve_form=resolve_form or ResolveForm(formdata=None),
        confirm=ConfirmForm(formdata=None),
        open_for_review=proposal.solicitation.status == checks.REVIEW_STATUS,
        **discussion(proposal, comment_form),
    )


@chairs.get("/proposals/<int:proposal_id>")
@requires(permissions.can_see_reviews_of, proposal_id=Proposal)
def proposal_reviews(proposal: Proposal) -> str:
    """Every review of a proposal (with reviewers and confidential comments), the discussion
    and the two-key decision."""
    return proposal_page(proposal)


@chairs.post("/proposals/<int:proposal_id>/decision")
@requires(permissions.can_decide_on, proposal_id=Proposal)
def propose(proposal: Proposal) -> str | tuple[str, int] | Response:
    """Propose selecting or declining; a chair of the other side must approve."""
    form = DecisionForm()
    if form.validate():
        with unit_of_work(form) as work:
            review_decisions.propose_decision(
                proposal, form.outcome.data, form.rationale.data, actor=current_user
            )
        if not work.done:
            return proposal_page(proposal, form), work.status
        flash(
            _("Decision proposed. It takes effect when a chair of the other side approves it."),
            "success",
        )
        return redirect(
            url_for("review_chairs.proposal_reviews", proposal_id=proposal.id) + "#decision"
        )
    return proposal_page(proposal, form)


def _to_disagreement(proposal: Proposal) -> Response:
    return redirect(
        url_for("review_chairs.proposal_reviews", proposal_id=proposal.id) + "#disagreement"
    )


@chairs.post("/proposals/<int:proposal_id>/discussion/reviewer")
@requires(permissions.can_decide_on, proposal_id=Proposal)
def ask_reviewer(proposal: Proposal) -> Response:
    """Ask one more reviewer, chosen by the solver, to review a proposal whose reviewers
    disagree."""
    with unit_of_work() as work:
        assignment = review_discussions.ask_one_more_reviewer(proposal, actor=current_user)
    if work.done:
        flash(
            _(
                "%(name)s is asked to review %(reference)s too.",
                name=assignment.reviewer.display_name,
                reference=proposal.reference,
            ),
            "success",
        )
    return _to_disagreement(proposal)


@chairs.post("/proposals/<int:proposal_id>/discussion/resolve")
@requires(permissions.can_decide_on, proposal_id=Proposal)
def resolve(proposal: Proposal) -> str | tuple[str, int] | Response:
    """Mark a proposal's disagreement resolved, with a note."""
    form = ResolveForm()
    work = unit_of_work(form)
    if form.validate():
        with work:
            review_discussions.resolve_disagreement(proposal, form.note.data, actor=current_user)
        if work.done:
            flash(_("The disagreement is marked resolved."), "success")
            return _to_disagreement(proposal)
    return proposal_page(proposal, resolve_form=form), work.status


def _decision_action(decision: Decision, action: str) -> Response:
    with unit_of_work() as work:
        if action == "approve":
            review_decisions.approve_decision(decision, actor=current_user)
        else:
            review_decisions.withdraw_decision(decision, actor=current_user)
    if work.done:
        flash(
            _("Decision approved: it takes effect at publication.")
            if action == "approve"
            else _("Your part of the decision is withdrawn."),
            "success",
        )
    return redirect(
        url_for("review_chairs.proposal_reviews", proposal_id=decision.proposal_id) + "#decision"
    )


@chairs.post("/decisions/<int:decision_id>/approve")
@requires(permissions.can_act_on_decision, decision_id=Decision)
def approve(decision: Decision) -> Response:
    """The second key: approve a decision proposed by a chair of the other side."""
    return _decision_action(decision, "approve")


@chairs.post("/decisions/<int:decision_id>/withdraw")
@requires(permissions.can_act_on_decision, decision_id=Decision)
def withdraw(decision: Decision) -> Response:
    """Withdraw one's own proposal or approval before publication."""
    return _decision_action(decision, "withdraw")


@chairs.get("/<int:solicitation_id>/selection")
@requires(permissions.can_chair_solicitation_review, solicitation_id=Solicitation)
def selection(solicitation: Solicitation) -> str:
    """The decisions against the target number of selections; publish them."""
    proposals, hidden = visible_proposals(solicitation)
    return render_template(
        "reviews/chairs/selection.html",
        solicitation=solicitation,
        proposals=proposals,
        hidden=hidden,
        decisions=queries.live_decisions(solicitation),
        summary=review_ranking.selection_summary(solicitation),
        blockers=review_publication.publication_blockers(solicitation),
        confirm=ConfirmForm(formdata=None),
        published=solicitation.status
        in (SolicitationStatus.DECISIONS_PUBLISHED, SolicitationStatus.ARCHIVED),
        ProposalState=ProposalState,
    )


@chairs.post("/<int:solicitation_id>/publish")
@requires(permissions.can_chair_solicitation_review, solicitation_id=Solicitation)
def publish(solicitation: Solicitation) -> Response:
    """Publish every decision at once: letters, partnerships, the call's new status."""
    form = ConfirmForm()
    if not form.validate():
        flash(_("Your form expired. Please try again."), "error")
        return redirect(url_for("review_chairs.selection", solicitation_id=solicitation.id))
    with unit_of_work() as work:
        result = review_publication.publish_decisions(solicitation, actor=current_user)
    if work.done:
        flash(
            _(
                "Decisions published: %(selected)d selected, %(declined)d declined, %(letters)d "
                "letters queued.",
                selected=result.selected,
                declined=result.declined,
                letters=result.letters,
            ),
            "success",
        )
    return redirect(url_for("review_chairs.selection", solicitation_id=solicitation.id))
