"""Review pages: the reviewer workspace (``/review``) and the chairs' screening, assignment,
assignment and conflicts (``/secretariat/review``); the ranking, decisions and publication are in
`decision_views.py`, on the same blueprint."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app import clock, permissions, time_entry
from app.accounts.models import User
from app.extensions import db
from app.organizations.models import Organization
from app.permissions import requires
from app.proposals.models import Proposal
from app.proposals.queries import earlier_reviews
from app.reviews import assignment as review_assignment
from app.reviews import (
    checks,
    decision_views,  # also registers its pages on `chairs`
    labels,
    policy,
    queries,
    reviewing,
)
from app.reviews import conflicts as review_conflicts
from app.reviews import ranking as review_ranking
from app.reviews import screening as review_screening
from app.reviews.forms import (
    AssignForm,
    ChairConflictForm,
    CommentForm,
    ConfirmForm,
    ConflictForm,
    DeclineForm,
    DueDateForm,
    RecuseForm,
    RevisionForm,
    ScreeningForm,
    review_form,
    revision_form,
)
from app.reviews.models import AssignmentState, ReviewAssignment
from app.reviews.pages import bp, chairs, discussion, visible_proposals
from app.solicitations.models import Solicitation
from app.unit_of_work import unit_of_work


def _organization_choices() -> list[SelectChoice]:
    organizations = db.session.scalars(
        select(Organization).order_by(Organization.country, Organization.name_en)
    ).all()
    return [SelectChoice("", _("- Select -"))] + [
        SelectChoice(str(o.id), f"{o.name_en} – {o.name_zh}" if o.name_zh else o.name_en)
        for o in organizations
    ]


# --- the reviewer workspace -------------------------------------------------------------------


@bp.get("/")
@requires(permissions.can_review_proposals)
def workspace_index() -> str:
    """The proposals assigned to me, with where each review stands."""
    return render_template(
        "reviews/workspace_index.html",
        assignments=queries.assignments_of(current_user),
        now=clock.now(),
    )


def _review_page(
    assignment: ReviewAssignment,
    form: Any,
    recuse_form: RecuseForm | None = None,
    decline_form: DeclineForm | None = None,
    revise_form: RevisionForm | None = None,
    comment_form: CommentForm | None = None,
) -> str:
    proposal = assignment.proposal
    submitted = assignment.state == AssignmentState.SUBMITTED
    context: dict[str, Any] = {}
    if submitted and permissions.can_see_reviews_of(current_user, proposal):
        context = discussion(proposal, comment_form)
        if context["disagreement"] is not None and context["disagreement"].is_open:
            context["revise_form"] = revise_form or _filled_revision_form(assignment)
    return render_template(
        "reviews/review.html",
        assignment=assignment,
        proposal=proposal,
        solicitation=proposal.solicitation,
        form=form,
        recuse_form=recuse_form or RecuseForm(formdata=None),
        decline_form=decline_form or DeclineForm(formdata=None),
        now=clock.now(),
        scales=labels.scales(proposal.solicitation),
        open_for_review=proposal.solicitation.status == checks.REVIEW_STATUS,
        submitted=submitted,
        own_mean=queries.review_weighted_mean(assignment),
        earlier=earlier_reviews(proposal),
        **context,
    )


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
@requires(permissions.can_review, assignment_id=ReviewAssignment)
def review(assignment: ReviewAssignment) -> str | tuple[str, int] | Response:
    """The frozen proposal in both languages and my review: scores per criterion with their
    anchors, comments, a recommendation; save a draft or submit. Once I have submitted, the
    other reviews and the discussion."""
    solicitation = assignment.proposal.solicitation
    form = review_form(solicitation)
    if request.method == "GET":
        for score in assignment.scores:
            field = getattr(form, f"score_{score.criterion_id}", None)
            if field is not None:
                field.data = str(score.score)
        form.comments_to_applicant.data = assignment.comments_to_applicant
        form.comments_to_secretariat.data = assignment.comments_to_secretariat
        form.recommendation.data = (
            assignment.recommendation.value if assignment.recommendation else None
        )
        form.version.data = str(assignment.version)
    elif form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        with unit_of_work(form) as work:
            reviewing.save_review(assignment, form.data, submit=submit, actor=current_user)
        if work.done:
            flash(
                _("Your review is submitted. You can now read the other reviews.")
                if submit
                else _("Draft saved. Nothing is shared until you submit."),
                "success",
            )
            return redirect(url_for("reviews.review", assignment_id=assignment.id))
        return _review_page(assignment, form), work.status
    return _review_page(assignment, form)


def _filled_revision_form(assignment: ReviewAssignment) -> RevisionForm:
    form = revision_form(assignment.proposal.solicitation, formdata=None)
    for score in assignment.scores:
        field = getattr(form, f"score_{score.criterion_id}", None)
        if field is not None:
            field.data = str(score.score)
    form.recommendation.data = (
        assignment.recommendation.value if assignment.recommendation else None
    )
    form.version.data = str(assignment.version)
    return form


@bp.post("/assignments/<int:assignment_id>/revise")
@requires(permissions.can_review, assignment_id=ReviewAssignment)
def revise(assignment: ReviewAssignment) -> str | tuple[str, int] | Response:
    """While the proposal's disagreement is discussed, revise my submitted scores and
    recommendation (the earlier ones stay on record)."""
    solicitation = assignment.proposal.solicitation
    form = revision_form(solicitation)
    work = unit_of_work(form)
    if form.validate():
        with work:
            reviewing.revise_review(assignment, form.data, actor=current_user)
        if work.done:
            flash(_("Your review is revised. The earlier scores stay on record."), "success")
            return redirect(url_for("reviews.review", assignment_id=assignment.id) + "#revisions")
    page = _review_page(assignment, review_form(solicitation, formdata=None), revise_form=form)
    return page, work.status


@bp.post("/assignments/<int:assignment_id>/recuse")
@requires(permissions.can_review, assignment_id=ReviewAssignment)
def recuse(assignment: ReviewAssignment) -> str | Response:
    """Declare a conflict of interest with this proposal and step aside."""
    form = RecuseForm()
    if form.validate():
        with unit_of_work() as work:
            review_conflicts.recuse(assignment, form.reason.data, actor=current_user)
        if not work.done:
            return redirect(url_for("reviews.review", assignment_id=assignment.id))
        flash(
            _("You are recused from %(reference)s.", reference=assignment.proposal.reference),
            "success",
        )
        return redirect(url_for("reviews.workspace_index"))
    return _review_page(
        assignment, review_form(assignment.proposal.solicitation, formdata=None), form
    )


@bp.post("/assignments/<int:assignment_id>/decline")
@requires(permissions.can_review, assignment_id=ReviewAssignment)
def decline(assignment: ReviewAssignment) -> str | tuple[str, int] | Response:
    """Give the review back for lack of time, with a short note for the chairs."""
    form = DeclineForm()
    if form.validate():
        with unit_of_work(form) as work:
            review_assignment.decline_assignment(assignment, form.note.data, actor=current_user)
        if work.done:
            flash(
                _(
                    "You declined to review %(reference)s. The chairs are told.",
                    reference=assignment.proposal.reference,
                ),
                "success",
            )
            return redirect(url_for("reviews.workspace_index"))
    solicitation = assignment.proposal.solicitation
    return _review_page(
        assignment, review_form(solicitation, formdata=None), decline_form=form
    ), 400


@bp.route("/conflicts", methods=["GET", "POST"])
@requires(permissions.can_review_proposals)
def conflicts() -> str | tuple[str, int] | Response:
    """My declared conflicts of interest; declare another."""
    form = ConflictForm()
    form.organization_id.choices = _organization_choices()
    work = unit_of_work(form)
    if form.validate_on_submit():
        organization = db.session.get(Organization, form.organization_id.data or 0)
        if organization is None:
            form.organization_id.errors = [_("Choose an organization.")]
        else:
            with work:
                review_conflicts.declare_conflict(
                    current_user, organization, form.reason.data, actor=current_user
                )
            if work.done:
                flash(
                    _("Your conflict with %(name)s is recorded.", name=organization.name_en),
                    "success",
                )
                return redirect(url_for("reviews.conflicts"))
    return render_template(
        "reviews/conflicts.html", form=form, conflicts=queries.conflicts_of(current_user)
    ), work.status


@bp.post("/proposals/<int:proposal_id>/comments")
@requires(permissions.can_see_reviews_of, proposal_id=Proposal)
def comment(proposal: Proposal) -> tuple[str, int] | Response:
    """Add to the internal discussion of a proposal; a refused comment comes back in its
    form, under the error summary, on the page it was written on."""
    form = CommentForm()
    own = queries.assignment_of(current_user, proposal)
    mine = own if own is not None and policy.may_review(current_user, own) else None
    back = (
        url_for("reviews.review", assignment_id=mine.id)
        if mine is not None
        else url_for("review_chairs.proposal_reviews", proposal_id=proposal.id)
    )
    work = unit_of_work(form)
    if form.validate():
        with work:
            reviewing.post_comment(proposal, form.body.data, actor=current_user)
        if work.done:
            flash(_("Your comment is posted."), "success")
            return redirect(back + "#discussion")
    if mine is not None:
        blank = review_form(proposal.solicitation, formdata=None)
        page = _review_page(mine, blank, comment_form=form)
    else:
        page = decision_views.proposal_page(proposal, comment_form=form)
    return page, work.status if work.error else 400


# --- the chairs -------------------------------------------------------------------------------


@chairs.get("/")
@requires(permissions.can_chair_review)
def index() -> str:
    """The calls with a review to run, and links to each step."""
    solicitations = queries.review_solicitations()
    return render_template(
        "reviews/chairs/index.html",
        solicitations=solicitations,
        summaries={s.id: review_ranking.selection_summary(s) for s in solicitations},
    )


@chairs.get("/<int:solicitation_id>/screening")
@requires(permissions.can_chair_solicitation_review, solicitation_id=Solicitation)
def screening(solicitation: Solicitation) -> str:
    """Submitted proposals after the deadline; mark one ineligible with a reason."""
    return _screening_page(solicitation)


def _screening_page(solicitation: Solicitation, refused: ScreeningForm | None = None) -> str:
    """The screening page, one form per proposal showing its screening; a `refused` form is
    shown again as it was sent, its error summary at its top."""
    proposals, hidden = visible_proposals(solicitation)
    forms = {}
    for proposal in proposals:
        form = ScreeningForm(formdata=None, prefix=f"s{proposal.id}")
        if refused is not None and refused._prefix == form._prefix:
            form = refused
        else:
            form.eligible.data = "yes" if proposal.is_eligible else "no"
            form.reason.data = proposal.ineligibility_reason
        form.eligible.label.text = _("Screening of %(reference)s", reference=proposal.reference)
        forms[proposal.id] = form
    return render_template(
        "reviews/chairs/screening.html",
        solicitation=solicitation,
        proposals=proposals,
        hidden=hidden,
        forms=forms,
        open_for_review=solicitation.status == checks.REVIEW_STATUS,
    )


@chairs.post("/proposals/<int:proposal_id>/screening")
@requires(permissions.can_decide_on, proposal_id=Proposal)
def screen(proposal: Proposal) -> tuple[str, int] | Response:
    """Record the screening of one proposal."""
    form = ScreeningForm(prefix=f"s{proposal.id}")
    work = unit_of_work(form)
    if form.validate():
        with work:
            review_screening.screen_proposal(
                proposal,
                eligible=form.eligible.data == "yes",
                reason=form.reason.data or "",
                actor=current_user,
            )
        if work.done:
            flash(
                _("Screening of %(reference)s recorded.", reference=proposal.reference), "success"
            )
            return redirect(
                url_for("review_chairs.screening", solicitation_id=proposal.solicitation_id)
                + f"#proposal-{proposal.id}"
            )
    page = _screening_page(proposal.solicitation, refused=form)
    return page, work.status if work.error else 400


@chairs.post("/proposals/<int:proposal_id>/screening/confirm")
@requires(permissions.can_decide_on, proposal_id=Proposal)
def confirm_ineligibility(proposal: Proposal) -> Response:
    """The second key on ineligibility, from a chair of the other side."""
    with unit_of_work(about=proposal.reference) as work:
        review_screening.confirm_ineligibility(proposal, actor=current_user)
    if work.done:
        flash(
            _("Ineligibility of %(reference)s confirmed.", reference=proposal.reference),
            "success",
        )
    return redirect(
        url_for("review_chairs.screening", solicitation_id=proposal.solicitation_id)
        + f"#proposal-{proposal.id}"
    )


@chairs.get("/<int:solicitation_id>/assignments")
@requires(permissions.can_chair_solicitation_review, solicitation_id=Solicitation)
def assignments(solicitation: Solicitation) -> str:
    """Who reviews what, the reviewers' loads by side; assign automatically or by hand."""
    return _assignments_page(solicitation)


def _assignments_page(
    solicitation: Solicitation,
    assign_forms: dict[int, AssignForm] | None = None,
    due_forms: dict[int, DueDateForm] | None = None,
) -> str:
    """The assignment page; a refused form (by proposal or assignment id) is shown again as
    it was sent, its error summary at its top."""
    proposals, hidden = visible_proposals(solicitation)
    members = queries.secretariat_members()
    by_proposal = queries.assignments_for(solicitation)
    forms = {}
    for proposal in proposals:
        if proposal.id in hidden or not proposal.is_eligible:
            continue
        taken = {a.reviewer_id for a in by_proposal.get(proposal.id, [])}
        form = (assign_forms or {}).get(proposal.id) or AssignForm(
            formdata=None, prefix=f"p{proposal.id}"
        )
        form.offer([u for u in members if u.id not in taken])
        forms[proposal.id] = form
    zone = time_entry.entry_zone(current_user)
    due = {
        a.id: (due_forms or {}).get(a.id) or _due_date_form(a, zone)
        for items in by_proposal.values()
        for a in items
        if a.state == AssignmentState.ASSIGNED
    }
    return render_template(
        "reviews/chairs/assignments.html",
        solicitation=solicitation,
        proposals=proposals,
        hidden=hidden,
        by_proposal=by_proposal,
        members=members,
        loads=queries.reviewer_loads(solicitation),
        forms=forms,
        due_forms=due,
        now=clock.now(),
        confirm=ConfirmForm(formdata=None),
        open_for_review=solicitation.status == checks.REVIEW_STATUS,
    )


def _due_date_form(assignment: ReviewAssignment, zone: str) -> DueDateForm:
    """The due-date form of one assignment, showing its own date (if any) in `zone`."""
    form = DueDateForm(formdata=None, prefix=f"a{assignment.id}")
    form.due_at_zone.data = zone
    if assignment.due_at is not None:
        form.due_at.data = time_entry.utc_to_zoned(assignment.due_at, zone)
    return form


@chairs.post("/assignments/<int:assignment_id>/due")
@requires(permissions.can_manage_assignment, assignment_id=ReviewAssignment)
def set_due_date(assignment: ReviewAssignment) -> tuple[str, int] | Response:
    """Give one review its own due date, or (left empty) the call's review deadline again."""
    proposal = assignment.proposal
    form = DueDateForm(prefix=f"a{assignment.id}")
    work = unit_of_work(form)
    if form.validate():
        with work:
            due_at = (
                time_entry.zoned_to_utc(
                    form.due_at.data, form.due_at_zone.data or "", field="due_at"
                )
                if form.due_at.data is not None
                else None
            )
            review_assignment.set_due_date(assignment, due_at, actor=current_user)
        if work.done:
            flash(
                _(
                    "The due date of %(name)s's review is saved.",
                    name=assignment.reviewer.display_name,
                ),
                "success",
            )
            return redirect(
                url_for("review_chairs.assignments", solicitation_id=proposal.solicitation_id)
                + f"#proposal-{proposal.id}"
            )
    page = _assignments_page(proposal.solicitation, due_forms={assignment.id: form})
    return page, work.status if work.error else 400


@chairs.post("/<int:solicitation_id>/assignments/auto")
@requires(permissions.can_chair_solicitation_review, solicitation_id=Solicitation)
def auto_assign(solicitation: Solicitation) -> Response:
    """Assign reviewers automatically (existing assignments are kept)."""
    with unit_of_work() as work:
        added = review_assignment.assign_automatically(solicitation, actor=current_user)
    if work.done:
        flash(
            _("%(count)d assignments added. Adjust them by hand below if needed.", count=added),
            "success",
        )
    return redirect(url_for("review_chairs.assignments", solicitation_id=solicitation.id))


@chairs.post("/proposals/<int:proposal_id>/assignments")
@requires(permissions.can_decide_on, proposal_id=Proposal)
def assign(proposal: Proposal) -> tuple[str, int] | Response:
    """Assign one reviewer by hand."""
    form = AssignForm(prefix=f"p{proposal.id}")
    form.offer(queries.secretariat_members())
    work = unit_of_work(form)
    if form.validate():
        reviewer = db.session.get(User, form.reviewer_id.data or 0)
        if reviewer is None:
            form.reviewer_id.errors = [_("Choose a reviewer.")]
        else:
            with work:
                review_assignment.assign_reviewer(proposal, reviewer, actor=current_user)
            if work.done:
                flash(
                    _(
                        "%(name)s now reviews %(reference)s.",
                        name=reviewer.display_name,
                        reference=proposal.reference,
                    ),
                    "success",
                )
                return redirect(
                    url_for("review_chairs.assignments", solicitation_id=proposal.solicitation_id)
                    + f"#proposal-{proposal.id}"
                )
    page = _assignments_page(proposal.solicitation, assign_forms={proposal.id: form})
    return page, work.status if work.error else 400


@chairs.post("/assignments/<int:assignment_id>/remove")
@requires(permissions.can_manage_assignment, assignment_id=ReviewAssignment)
def unassign(assignment: ReviewAssignment) -> Response:
    """Take a reviewer off a proposal (not once the review is submitted)."""
    proposal = assignment.proposal
    with unit_of_work() as work:
        review_assignment.remove_assignment(assignment, actor=current_user)
    if work.done:
        flash(_("The assignment is removed."), "success")
    return redirect(
        url_for("review_chairs.assignments", solicitation_id=proposal.solicitation_id)
        + f"#proposal-{proposal.id}"
    )


@chairs.route("/conflicts", methods=["GET", "POST"])
@requires(permissions.can_chair_review)
def all_conflicts() -> str | tuple[str, int] | Response:
    """Every recorded conflict of interest; record one for a reviewer."""
    form = ChairConflictForm()
    form.organization_id.choices = _organization_choices()
    form.offer(queries.secretariat_members())
    work = unit_of_work(form)
    if form.validate_on_submit():
        organization = db.session.get(Organization, form.organization_id.data or 0)
        reviewer = db.session.get(User, form.reviewer_id.data or 0)
        if organization is None:
            form.organization_id.errors = [_("Choose an organization.")]
        if reviewer is None:
            form.reviewer_id.errors = [_("Choose a reviewer.")]
        if organization is not None and reviewer is not None:
            with work:
                review_conflicts.declare_conflict(
                    reviewer, organization, form.reason.data, actor=current_user
                )
            if work.done:
                flash(_("The conflict is recorded."), "success")
                return redirect(url_for("review_chairs.all_conflicts"))
    return render_template(
        "reviews/chairs/conflicts.html", form=form, conflicts=queries.all_conflicts()
    ), work.status
