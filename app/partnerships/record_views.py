"""Partnership records beside the workspace pages: comparing plan versions (chairs), a
milestone's evidence files (members upload and remove; members and chairs download) and the
chairs' review of Key Accomplishments."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
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
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app import permissions
from app.extensions import db
from app.partnerships import evidence as evidence_files
from app.partnerships import milestones, queries
from app.partnerships.comparison import compare_plans
from app.partnerships.forms import EvidenceForm, MilestoneReportForm
from app.partnerships.models import ImplementationPlan, Milestone, MilestoneEvidence, Partnership
from app.partnerships.views import fill_milestone_report, milestone_page
from app.permissions import requires
from app.unit_of_work import unit_of_work

bp = Blueprint("partnership_records", __name__)


class ButtonForm(FlaskForm):
    """A button (its CSRF token only)."""


def _milestone_of(partnership: Partnership, milestone_id: int) -> Milestone:
    found = db.session.get(Milestone, milestone_id)
    if found is None or found.partnership_id != partnership.id:
        abort(404)
    return found


def _version(partnership: Partnership, number: int | None) -> ImplementationPlan | None:
    return queries.plan_version(partnership, number) if number else None


@bp.get("/secretariat/partnerships/<int:partnership_id>/plan/compare")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def compare(partnership: Partnership) -> str:
    """Two versions of the plan side by side (by default the newest and the one before it)."""
    plans = partnership.plans
    if len(plans) < 2:
        abort(404)
    new = _version(partnership, request.args.get("new", type=int)) or plans[-1]
    default_old = next(
        (p for p in reversed(plans) if p.version_number < new.version_number), plans[0]
    )
    old = _version(partnership, request.args.get("old", type=int)) or default_old
    return render_template(
        "partnerships/plan_compare.html",
        partnership=partnership,
        comparison=compare_plans(old, new),
        versions=[p.version_number for p in plans],
    )


def _to_milestone(partnership: Partnership, milestone: Milestone) -> Response:
    return redirect(
        url_for(
            "partnerships.milestone",
            partnership_id=partnership.id,
            milestone_id=milestone.id,
            _anchor="evidence-files",
        )
    )


@bp.post("/workspace/partnerships/<int:partnership_id>/milestones/<int:milestone_id>/evidence")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def upload_evidence(partnership: Partnership, milestone_id: int) -> Response | tuple[str, int]:
    """Attach a PDF or a picture to the milestone; a refused file is named at the top of its page."""
    milestone = _milestone_of(partnership, milestone_id)
    form = EvidenceForm()
    work = unit_of_work(form)
    if form.validate_on_submit():
        content = form.file.data.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
        with work:
            added = evidence_files.add_evidence(
                milestone, form.file.data.filename or "", content, actor=current_user
            )
        if work.done:
            flash(_("%(name)s is attached.", name=added.filename), "success")
            return _to_milestone(partnership, milestone)
    report = MilestoneReportForm(formdata=None)
    fill_milestone_report(report, milestone)
    return milestone_page(partnership, milestone, report, form), work.status


@bp.get("/milestone-evidence/<int:evidence_id>")
@requires(permissions.can_read_milestone_evidence, evidence_id=MilestoneEvidence)
def download_evidence(evidence: MilestoneEvidence) -> Response:
    """Download an evidence file, always as an attachment (never shown inline)."""
    response = send_file(
        _stored(evidence),
        mimetype=evidence.media_type,
        as_attachment=True,
        download_name=evidence.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _stored(record: MilestoneEvidence) -> Path:
    """Where the file is (404 when its bytes are gone)."""
    path = evidence_files.evidence_path(record)
    if not path.is_file():
        abort(404)
    return path


@bp.post("/milestone-evidence/<int:evidence_id>/remove")
@requires(permissions.can_remove_milestone_evidence, evidence_id=MilestoneEvidence)
def remove_evidence(evidence: MilestoneEvidence) -> Response:
    """Detach an evidence file (its bytes are deleted once the change is saved)."""
    milestone = evidence.milestone
    with unit_of_work() as work:
        path = evidence_files.remove_evidence(evidence, actor=current_user)
    if work.done:
        path.unlink(missing_ok=True)
        flash(_("The file is removed."), "success")
    return _to_milestone(milestone.partnership, milestone)


def _to_manage(partnership: Partnership) -> Response:
    return redirect(
        url_for("partnerships.manage", partnership_id=partnership.id, _anchor="accomplishments")
    )


@bp.post("/secretariat/partnerships/<int:partnership_id>/milestones/<int:milestone_id>/feature")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def confirm_key_accomplishment(partnership: Partnership, milestone_id: int) -> Response:
    """A chair confirms a Key Accomplishment: it appears on the public page."""
    milestone = _milestone_of(partnership, milestone_id)
    if ButtonForm().validate_on_submit():
        with unit_of_work() as work:
            milestones.confirm_key_accomplishment(milestone, actor=current_user)
        if work.done:
            flash(_("The Key Accomplishment is on the public page."), "success")
    return _to_manage(partnership)


@bp.post(
    "/secretariat/partnerships/<int:partnership_id>/milestones/<int:milestone_id>/not-featured"
)
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def decline_key_accomplishment(partnership: Partnership, milestone_id: int) -> Response:
    """A chair leaves a milestone off the public page's Key Accomplishments."""
    milestone = _milestone_of(partnership, milestone_id)
    if ButtonForm().validate_on_submit():
        with unit_of_work() as work:
            milestones.decline_key_accomplishment(milestone, actor=current_user)
        if work.done:
            flash(_("The milestone is not featured on the public page."), "success")
    return _to_manage(partnership)
