"""Partnership pages: the members' workspace (plan, milestones) and the chairs' management
(dashboard, plan approval, records by hand, graduation)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import clock, permissions
from app.confirmation import confirmation_page, is_confirmed
from app.extensions import db
from app.notices.queries import awaiting_moderation_count as notices_awaiting_moderation
from app.organizations.models import Country
from app.partnerships import dashboard as partnership_dashboard
from app.partnerships import lifecycle, milestones, plans, queries, schedule
from app.partnerships.forms import (
    ApprovePlanForm,
    DashboardFilterForm,
    EvidenceForm,
    GraduateForm,
    HistoricalPartnershipForm,
    MilestoneReportForm,
    PartnershipDetailsForm,
    PlanForm,
    ReturnPlanForm,
    WithdrawForm,
)
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipStatus,
    PlanState,
)
from app.permissions import requires
from app.unit_of_work import unit_of_work
from app.updates.models import UpdateState
from app.updates.services import awaiting_moderation_count, updates_of

bp = Blueprint("partnerships", __name__)

BLANK_TASK_ROWS = 3


# --- helpers for templates everywhere (the header) ----------------------------------------------


@bp.app_template_global()
def has_partnerships() -> bool:
    """Whether the signed-in user belongs to a partnership (the header's "My partnerships")."""
    if not current_user.is_authenticated:
        return False
    if "has_partnerships" not in g:
        g.has_partnerships = bool(queries.partnerships_of(current_user))
    return bool(g.has_partnerships)


def _plan_or_404(partnership: Partnership, version_number: int) -> ImplementationPlan:
    plan = queries.plan_version(partnership, version_number)
    if plan is None:
        abort(404)
    return plan


def _to_plan(partnership: Partnership) -> Response:
    return redirect(url_for("partnerships.plan", partnership_id=partnership.id))


def _to_manage(partnership: Partnership, anchor: str = "") -> Response:
    return redirect(
        url_for("partnerships.manage", partnership_id=partnership.id, _anchor=anchor or None)
    )


# --- the members' workspace -----------------------------------------------------------------------


@bp.get("/workspace/partnerships")
@requires(permissions.can_apply)
def mine() -> str:
    """The partnerships of the signed-in member's organizations, with what is due."""
    return render_template(
        "partnerships/mine.html",
        rows=queries.agendas_of(current_user),
    )


@bp.get("/workspace/partnerships/<int:partnership_id>")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def workspace(partnership: Partnership) -> str:
    """A partnership's workspace: what is due, the plan, milestones by pilot year, updates."""
    return render_template(
        "partnerships/workspace.html",
        partnership=partnership,
        agenda=queries.agenda(partnership),
        plan_status=queries.plan_status(partnership),
        years=queries.progress_by_year(partnership),
        current_year=schedule.current_pilot_year(partnership),
        updates=updates_of(partnership)[:5],
        today=clock.today(),
    )


@bp.get("/workspace/partnerships/<int:partnership_id>/plan")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def plan(partnership: Partnership) -> str:
    """The Implementation Plan: the working version, the plan in force and every version."""
    latest = queries.latest_plan(partnership)
    return render_template(
        "partnerships/plan.html",
        partnership=partnership,
        latest=latest,
        in_force=queries.plan_in_force(partnership),
        plan_status=queries.plan_status(partnership),
        problems=plans.submission_problems(latest)
        if latest is not None and latest.state == PlanState.DRAFT
        else [],
    )


def _plan_form_data(plan: ImplementationPlan) -> dict[str, Any]:
    rows: list[dict[str, Any]] = [
        {
            "pilot_year": str(task.pilot_year),
            "number": task.number,
            "title_en": task.title_en,
            "title_zh": task.title_zh,
            "target": task.target,
            "due_on": task.due_on,
        }
        for task in plan.tasks
    ]
    rows += [{} for _ in range(BLANK_TASK_ROWS)]
    return {"version": str(plan.version), "body": plan.body, "tasks": rows}


def _task_inputs(form: PlanForm) -> list[plans.TaskInput]:
    inputs = []
    for entry in form.tasks:
        row = entry.form
        if row.remove.data:
            inputs.append(plans.TaskInput(None, None, "", "", "", None))
            continue
        inputs.append(
            plans.TaskInput(
                pilot_year=int(row.pilot_year.data) if row.pilot_year.data else None,
                number=row.number.data,
                title_en=(row.title_en.data or "").strip(),
                title_zh=(row.title_zh.data or "").strip(),
                target=(row.target.data or "").strip(),
                due_on=row.due_on.data,
            )
        )
    return inputs


@bp.route("/workspace/partnerships/<int:partnership_id>/plan/edit", methods=["GET", "POST"])
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def edit_plan(partnership: Partnership) -> tuple[str, int] | Response:
    """Edit the draft version: notes and numbered tasks with targets and due dates."""
    plan = queries.latest_plan(partnership)
    if plan is None or plan.state != PlanState.DRAFT:
        flash(
            _("There is no draft to edit. Start a new version of the plan first.")
            if plan is None or plan.state != PlanState.SUBMITTED
            else _(
                "The plan is with the Secretariat for approval; it cannot be changed until a "
                "chair approves or returns it."
            ),
            "error",
        )
        return _to_plan(partnership)
    form = PlanForm() if request.method == "POST" else PlanForm(data=_plan_form_data(plan))
    conflict = False
    work = unit_of_work(form)
    if form.validate_on_submit():
        with work:
            plans.save_plan(
                plan,
                body=form.body.data or "",
                tasks=_task_inputs(form),
                actor=current_user,
                version=int(form.version.data or 0) or None,
            )
        if work.done:
            flash(_("The draft plan is saved."), "success")
            return _to_plan(partnership)
        if not isinstance(work.error, plans.PlanTaskError):
            conflict = str(plan.version) != (form.version.data or "")
            form.version.data = str(plan.version)  # saving again replaces the other version
    return render_template(
        "partnerships/plan_edit.html",
        partnership=partnership,
        plan=plan,
        form=form,
        conflict=conflict,
    ), work.status


@bp.post("/workspace/partnerships/<int:partnership_id>/plan/submit")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def submit_plan(partnership: Partnership) -> Response:
    """Send the draft to the Secretariat for approval."""
    plan = queries.latest_plan(partnership)
    if plan is None:
        flash(_("There is no plan to submit yet."), "error")
        return _to_plan(partnership)
    with unit_of_work() as work:
        plans.submit_plan(plan, actor=current_user)
    if work.done:
        flash(
            _("Version %(n)d of the plan is submitted to the Secretariat.", n=plan.version_number),
            "success",
        )
    return _to_plan(partnership)


@bp.post("/workspace/partnerships/<int:partnership_id>/plan/versions")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def new_plan_version(partnership: Partnership) -> Response:
    """Start a revision (after a return) or an amendment (after an approval)."""
    with unit_of_work() as work:
        plan = plans.start_plan_version(partnership, actor=current_user)
    if not work.done:
        return _to_plan(partnership)
    flash(
        _("Version %(n)d is a new draft, copied from the previous one.", n=plan.version_number),
        "success",
    )
    return redirect(url_for("partnerships.edit_plan", partnership_id=partnership.id))


@bp.get("/workspace/partnerships/<int:partnership_id>/plan/versions/<int:version_number>")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def plan_version(partnership: Partnership, version_number: int) -> str:
    """One version of the plan, exactly as it was kept."""
    return render_template(
        "partnerships/plan_version.html",
        partnership=partnership,
        plan=_plan_or_404(partnership, version_number),
        review=False,
    )


@bp.route(
    "/workspace/partnerships/<int:partnership_id>/milestones/<int:milestone_id>",
    methods=["GET", "POST"],
)
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def milestone(partnership: Partnership, milestone_id: int) -> tuple[str, int] | Response:
    """Report on a milestone: status, evidence and date; feature it once done."""
    found = db.session.get(Milestone, milestone_id)
    if found is None or found.partnership_id != partnership.id:
        abort(404)
    form = MilestoneReportForm()
    if request.method == "GET":
        fill_milestone_report(form, found)
    work = unit_of_work(form)
    if form.validate_on_submit():
        with work:
            milestones.report_milestone(
                found,
                status=MilestoneStatus(form.status.data),
                evidence=form.evidence.data or "",
                status_on=form.status_on.data,
                key_accomplishment=bool(form.key_accomplishment.data),
                actor=current_user,
                version=int(form.version.data or 0) or None,
            )
        if work.done:
            flash(
                _("Milestone %(n)s is updated.", n=f"{found.pilot_year}.{found.number}"),
                "success",
            )
            return redirect(
                url_for(
                    "partnerships.workspace",
                    partnership_id=partnership.id,
                    _anchor=f"year-{found.pilot_year}",
                )
            )
        form.version.data = str(found.version)  # saving again replaces the other version
    return milestone_page(partnership, found, form, EvidenceForm(formdata=None)), work.status


def fill_milestone_report(form: MilestoneReportForm, milestone: Milestone) -> None:
    """The report form as the milestone stands, dated today."""
    form.status.data = milestone.status.value
    form.status_on.data = clock.today()
    form.evidence.data = milestone.evidence
    form.key_accomplishment.data = (
        milestone.is_key_accomplishment or milestone.is_key_accomplishment_pending
    )
    form.version.data = str(milestone.version)


def milestone_page(
    partnership: Partnership,
    milestone: Milestone,
    form: MilestoneReportForm,
    evidence_form: EvidenceForm,
) -> str:
    """A milestone's page: its report form, its evidence files with their upload, its history."""
    return render_template(
        "partnerships/milestone.html",
        partnership=partnership,
        milestone=milestone,
        form=form,
        evidence_form=evidence_form,
        history=milestones.milestone_history(milestone),
        is_overdue=schedule.is_overdue(milestone),
    )


# --- the chairs -----------------------------------------------------------------------------------


def _filters(form: DashboardFilterForm) -> partnership_dashboard.DashboardFilters:
    cohort = form.cohort.data if form.cohort.data and form.cohort.data.isdigit() else None
    side = form.side.data if form.side.data in {c.value for c in Country} else None
    status = form.status.data if form.status.data in {s.value for s in PartnershipStatus} else None
    return partnership_dashboard.DashboardFilters(
        cohort_year=int(cohort) if cohort else None,
        side=Country(side) if side else None,
        status=PartnershipStatus(status) if status else None,
    )


@bp.get("/secretariat/partnerships")
@requires(permissions.can_manage_partnerships)
def dashboard() -> str:
    """The partnerships, a page at a time, with their plan, overdue milestones, last update and
    graduation; the plans and updates waiting for the chairs."""
    form = DashboardFilterForm(request.args)
    form.cohort.choices = [("", _("All cohorts"))] + [
        (str(year), str(year)) for year in partnership_dashboard.all_cohort_years()
    ]
    page = partnership_dashboard.dashboard_page(
        _filters(form), request.args.get("page", 1, type=int) or 1
    )
    return render_template(
        "partnerships/dashboard.html",
        form=form,
        page=page,
        arguments={k: v for k, v in request.args.items() if k in form and v},
        awaiting_updates=awaiting_moderation_count(),
        awaiting_notices=notices_awaiting_moderation(),
        awaiting_plans=queries.plans_awaiting_approval(),
        today=clock.today(),
    )


@bp.get("/secretariat/partnerships/classes")
@requires(permissions.can_manage_partnerships)
def classes() -> str:
    """Each year's incoming and graduating class."""
    return render_template(
        "partnerships/classes.html", years=partnership_dashboard.classes_by_year()
    )


def _organization_choices(country: Country) -> list[tuple[str, str]]:
    organizations = queries.organizations_in(country)
    return [("", _("- Select -"))] + [
        (str(o.id), f"{o.name_en} ({o.name_zh})" if o.name_zh else o.name_en) for o in organizations
    ]


@bp.route("/secretariat/partnerships/new", methods=["GET", "POST"])
@requires(permissions.can_manage_partnerships)
def create() -> str | Response:
    """Record a partnership by hand, e.g. one of the 2008–2017 cohorts."""
    form = HistoricalPartnershipForm()
    form.us_organization_id.choices = _organization_choices(Country.US)
    form.cn_organization_id.choices = _organization_choices(Country.CN)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            partnership = lifecycle.create_partnership(form.data, actor=current_user)
        if work.done:
            flash(_("%(name)s is recorded.", name=partnership.name_en), "success")
            return _to_manage(partnership)
    return render_template("partnerships/create.html", form=form)


def _manage_page(
    partnership: Partnership,
    graduate_form: GraduateForm | None = None,
    withdraw_form: WithdrawForm | None = None,
) -> str:
    updates = [u for u in updates_of(partnership) if u.state != UpdateState.DRAFT]
    return render_template(
        "partnerships/manage.html",
        partnership=partnership,
        plan_status=queries.plan_status(partnership),
        years=queries.progress_by_year(partnership),
        current_year=schedule.current_pilot_year(partnership),
        updates=updates,
        last_update_at=queries.last_public_update_at(partnership),
        graduation_due=schedule.is_graduation_due(partnership),
        graduate_form=graduate_form or GraduateForm(formdata=None),
        withdraw_form=withdraw_form or WithdrawForm(formdata=None),
        today=clock.today(),
    )


@bp.get("/secretariat/partnerships/<int:partnership_id>")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def manage(partnership: Partnership) -> str:
    """A partnership as the chairs see it, with their actions."""
    return _manage_page(partnership)


@bp.route("/secretariat/partnerships/<int:partnership_id>/edit", methods=["GET", "POST"])
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def edit(partnership: Partnership) -> str | Response:
    """Edit the name, goal, description, focus areas and dates."""
    form = PartnershipDetailsForm(obj=partnership)
    if request.method == "GET":
        form.focus_areas.data = [area.focus_area.value for area in partnership.focus_areas]
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            lifecycle.update_partnership(partnership, form.data, actor=current_user)
        if work.done:
            flash(_("The partnership is saved."), "success")
            return _to_manage(partnership)
    return render_template("partnerships/edit.html", form=form, partnership=partnership)


def _review_page(
    partnership: Partnership,
    plan: ImplementationPlan,
    approve_form: ApprovePlanForm | None = None,
    return_form: ReturnPlanForm | None = None,
) -> str:
    return render_template(
        "partnerships/plan_version.html",
        partnership=partnership,
        plan=plan,
        review=True,
        approve_form=approve_form or ApprovePlanForm(formdata=None),
        return_form=return_form or ReturnPlanForm(formdata=None),
        in_force=queries.plan_in_force(partnership),
    )


@bp.get("/secretariat/partnerships/<int:partnership_id>/plan/versions/<int:version_number>")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def review_plan(partnership: Partnership, version_number: int) -> str:
    """A version of the plan, with the approve and return forms while it is submitted."""
    return _review_page(partnership, _plan_or_404(partnership, version_number))


@bp.post(
    "/secretariat/partnerships/<int:partnership_id>/plan/versions/<int:version_number>/approve"
)
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def approve_plan(partnership: Partnership, version_number: int) -> str | Response:
    """Approve the submitted version: its tasks become the milestones."""
    plan = _plan_or_404(partnership, version_number)
    form = ApprovePlanForm()
    if not form.validate_on_submit():
        return _review_page(partnership, plan, approve_form=form)
    with unit_of_work() as work:
        plans.approve_plan(plan, actor=current_user, comments=form.comments.data or "")
    if work.done:
        flash(_("Version %(n)d of the plan is approved.", n=plan.version_number), "success")
    return _to_manage(partnership, "plan")


@bp.post("/secretariat/partnerships/<int:partnership_id>/plan/versions/<int:version_number>/return")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def return_plan(partnership: Partnership, version_number: int) -> str | Response:
    """Return the submitted version to the partners with comments."""
    plan = _plan_or_404(partnership, version_number)
    form = ReturnPlanForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            plans.return_plan(plan, actor=current_user, comments=form.comments.data or "")
        if work.done:
            flash(_("Version %(n)d is returned to the partners.", n=plan.version_number), "success")
            return _to_manage(partnership, "plan")
    return _review_page(partnership, plan, return_form=form)


@bp.post("/secretariat/partnerships/<int:partnership_id>/graduate")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def graduate(partnership: Partnership) -> str | Response:
    """Graduate a partnership whose pilot has ended."""
    form = GraduateForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            lifecycle.graduate_partnership(
                partnership, actor=current_user, note=form.note.data or ""
            )
        if work.done:
            flash(_("%(name)s has graduated.", name=partnership.name_en), "success")
            return _to_manage(partnership)
    return _manage_page(partnership, graduate_form=form)


@bp.post("/secretariat/partnerships/<int:partnership_id>/withdraw")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def withdraw(partnership: Partnership) -> str | Response:
    """Withdraw a partnership, with the reason."""
    form = WithdrawForm()
    if form.validate_on_submit():
        if not is_confirmed():
            return confirmation_page(
                title=_("Withdraw %(name)s?", name=partnership.name_en),
                warning=_(
                    "Withdrawing ends the partnership's pilot now and cannot be undone: its "
                    "public page shows it as withdrawn, with the reason you gave."
                ),
                button=_("Yes, withdraw the partnership"),
                back_url=url_for("partnerships.manage", partnership_id=partnership.id),
            )
        with unit_of_work(form) as work:
            lifecycle.withdraw_partnership(
                partnership, actor=current_user, reason=form.reason.data or ""
            )
        if work.done:
            flash(_("%(name)s is withdrawn.", name=partnership.name_en), "success")
            return _to_manage(partnership)
    return _manage_page(partnership, withdraw_form=form)
