"""Solicitation pages: the public calls for proposals, and the chairs' pages that run them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from app import clock, permissions, time_entry
from app.extensions import db
from app.markdown import dropped_from, previews
from app.permissions import requires
from app.reviews.labels import score_anchors
from app.solicitations import queries, rubric, services
from app.solicitations.forms import ArchiveForm, CloseForm, OpenForm, SolicitationForm
from app.solicitations.models import Solicitation, SolicitationStatus
from app.unit_of_work import unit_of_work

bp = Blueprint("solicitations", __name__)
manage = Blueprint("manage_solicitations", __name__, url_prefix="/secretariat/solicitations")


@bp.app_template_filter("call_status")
def call_status(solicitation: Solicitation) -> SolicitationStatus:
    """The status a badge shows: by the clock (an open call past its deadline shows closed)."""
    return queries.displayed_status(solicitation)


def _reader() -> Any:
    return current_user if current_user.is_authenticated else None


# --- public -----------------------------------------------------------------------------------


@bp.get("/solicitations")
@requires(permissions.anyone)
def index() -> str:
    """The current call first, then past calls by year; chairs also see drafts."""
    current = queries.current_solicitation()
    return render_template(
        "solicitations/index.html",
        current=current,
        current_left=queries.time_left(current) if current is not None else None,
        past=queries.past_solicitations(),
        drafts=(
            queries.draft_solicitations() if permissions.can_run_solicitations(_reader()) else []
        ),
    )


@bp.get("/solicitations/<int:solicitation_id>")
@requires(permissions.anyone, solicitation_id=Solicitation)
def detail(solicitation: Solicitation) -> str:
    """A call: guidance in the reader's language, eligibility, timeline, deadline, time left."""
    if not permissions.can_view_solicitation(_reader(), solicitation):
        abort(404)  # a draft does not exist for anyone but the chairs
    return render_template(
        "solicitations/detail.html",
        solicitation=solicitation,
        left=queries.time_left(solicitation),
        apply_step=queries.apply_step(_reader(), solicitation),
    )


# --- the chairs' pages ------------------------------------------------------------------------


def _entry_zone() -> str:
    """The zone a chair's forms show times in: their own, when it is one the form offers."""
    return time_entry.entry_zone(current_user)


def _criterion_rows(criteria: list[Any]) -> list[dict[str, Any]]:
    rows = [
        {
            "name_en": c.name_en,
            "name_zh": c.name_zh,
            "description_en": c.description_en,
            "description_zh": c.description_zh,
            "weight": c.weight,
            **rubric.anchor_values(c),
        }
        for c in criteria
    ]
    return [*rows, {}]  # a spare row for one more criterion


def _new_terms() -> dict[str, Any]:
    latest = db.session.scalar(select(func.max(Solicitation.year)))
    zone = _entry_zone()
    return {
        "year": (latest or clock.now().year) + 1,
        "opens_at_zone": zone,
        "closes_at_zone": zone,
        "review_deadline_zone": zone,
        "score_min": 1,
        "score_max": 5,
        "reviewers_per_proposal": 3,
        "target_selections": 5,
        "criteria": _criterion_rows(list(services.DEFAULT_CRITERIA)),
    }


def _current_terms(solicitation: Solicitation) -> dict[str, Any]:
    zone = _entry_zone()
    terms = {
        key: getattr(solicitation, key)
        for key in (
            *services.TEXT_FIELDS,
            *services.NUMBER_FIELDS,
            *services.SCALE_FIELDS,
        )
    }
    terms.update(
        opens_at=time_entry.utc_to_zoned(solicitation.opens_at, zone),
        closes_at=time_entry.utc_to_zoned(solicitation.closes_at, zone),
        opens_at_zone=zone,
        closes_at_zone=zone,
        review_deadline=(
            time_entry.utc_to_zoned(solicitation.review_deadline, zone)
            if solicitation.review_deadline is not None
            else None
        ),
        review_deadline_zone=zone,
        criteria=_criterion_rows(solicitation.criteria),
    )
    return terms


def _flash_dropped(form: SolicitationForm) -> None:
    """Say what the saved guidance will not show (an outside image, an unsafe link)."""
    for text in (form.guidance_en.data, form.guidance_zh.data):
        for note in dropped_from(text):
            flash(note, "warning")


def _wants_another_criterion(form: SolicitationForm) -> bool:
    """The "Add a criterion" button: show one more spare row, save nothing."""
    if request.method == "POST" and "add_criterion" in request.form and form.criteria is not None:
        form.criteria.append_entry()
        return True
    return False


@manage.get("/")
@requires(permissions.can_run_solicitations)
def list_solicitations() -> str:
    """Every call with its status, dates in UTC and its proposals counted by state."""
    return render_template(
        "solicitations/manage/list.html",
        solicitations=queries.all_solicitations(),
        counts=queries.proposal_counts(),
    )


@manage.route("/new", methods=["GET", "POST"])
@requires(permissions.can_run_solicitations)
def new() -> str | Response:
    """Prepare a call as a draft, starting from the default rubric."""
    form = SolicitationForm(data=_new_terms() if request.method == "GET" else None)
    preview = previews(form.guidance_en, form.guidance_zh)
    if preview is None and not _wants_another_criterion(form) and form.validate_on_submit():
        with unit_of_work(form) as work:
            solicitation = services.create_solicitation(form.data, actor=current_user)
        if work.done:
            flash(
                _(
                    "The %(year)s call is saved as a draft. Proposals are due %(deadline)s UTC.",
                    year=solicitation.year,
                    deadline=solicitation.closes_at.strftime("%Y-%m-%d %H:%M"),
                ),
                "success",
            )
            _flash_dropped(form)
            return redirect(url_for("manage_solicitations.show", solicitation_id=solicitation.id))
    return render_template(
        "solicitations/manage/form.html",
        form=form,
        solicitation=None,
        rubric_locked=False,
        previews=preview,
    )


@manage.get("/<int:solicitation_id>")
@requires(permissions.can_manage_solicitation, solicitation_id=Solicitation)
def show(solicitation: Solicitation) -> str:
    """A call as the chairs run it: its terms in UTC, rubric, proposals and status actions."""
    return _render_show(solicitation)


def _render_show(solicitation: Solicitation, close_form: CloseForm | None = None) -> str:
    return render_template(
        "solicitations/manage/show.html",
        solicitation=solicitation,
        counts=queries.proposal_counts().get(solicitation.id, {}),
        open_form=OpenForm(),
        close_form=close_form or CloseForm(),
        archive_form=ArchiveForm(),
        rubric_locked=services.is_rubric_locked(solicitation),
        left=queries.time_left(solicitation),
        anchors={c.id: score_anchors(solicitation, c) for c in solicitation.criteria},
    )


@manage.route("/<int:solicitation_id>/edit", methods=["GET", "POST"])
@requires(permissions.can_manage_solicitation, solicitation_id=Solicitation)
def edit(solicitation: Solicitation) -> str | Response:
    """Change a call's terms; once scores exist the rubric and scale are shown, not offered."""
    rubric_locked = services.is_rubric_locked(solicitation)
    form = SolicitationForm(data=_current_terms(solicitation) if request.method == "GET" else None)
    if rubric_locked:
        del form.criteria, form.score_min, form.score_max
    preview = previews(form.guidance_en, form.guidance_zh)
    if preview is None and not _wants_another_criterion(form) and form.validate_on_submit():
        with unit_of_work(form) as work:
            services.update_solicitation(solicitation, form.data, actor=current_user)
        if work.done:
            flash(
                _(
                    "The call is saved. It opens %(opens)s UTC; "
                    "proposals are due %(deadline)s UTC.",
                    opens=solicitation.opens_at.strftime("%Y-%m-%d %H:%M"),
                    deadline=solicitation.closes_at.strftime("%Y-%m-%d %H:%M"),
                ),
                "success",
            )
            _flash_dropped(form)
            return redirect(url_for("manage_solicitations.show", solicitation_id=solicitation.id))
    return render_template(
        "solicitations/manage/form.html",
        form=form,
        solicitation=solicitation,
        rubric_locked=rubric_locked,
        previews=preview,
    )


@manage.post("/<int:solicitation_id>/open")
@requires(permissions.can_manage_solicitation, solicitation_id=Solicitation)
def open_call(solicitation: Solicitation) -> Response:
    """Publish a draft call."""
    if OpenForm().validate_on_submit():
        with unit_of_work() as work:
            services.open_solicitation(solicitation, actor=current_user)
        if work.done:
            flash(_("The %(year)s call is open and public.", year=solicitation.year), "success")
    return redirect(url_for("manage_solicitations.show", solicitation_id=solicitation.id))


@manage.route("/<int:solicitation_id>/close", methods=["GET", "POST"])
@requires(permissions.can_manage_solicitation, solicitation_id=Solicitation)
def close_call(solicitation: Solicitation) -> str | Response:
    """End submissions: at the deadline, or earlier with a public reason. Before the deadline
    the call's page only links here: this page asks to confirm, and gives the reason."""
    form = CloseForm()
    early = queries.time_left(solicitation).phase != "closed"
    if request.method == "GET":
        if not early:
            return redirect(url_for("manage_solicitations.show", solicitation_id=solicitation.id))
        return _render_close(solicitation, form)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.close_solicitation(
                solicitation, actor=current_user, reason=form.reason.data or ""
            )
        if work.done:
            flash(
                _("The %(year)s call is closed: no more proposals.", year=solicitation.year),
                "success",
            )
            return redirect(url_for("manage_solicitations.show", solicitation_id=solicitation.id))
    return _render_close(solicitation, form) if early else _render_show(solicitation, form)


def _render_close(solicitation: Solicitation, form: CloseForm) -> str:
    return render_template(
        "solicitations/manage/close.html",
        solicitation=solicitation,
        close_form=form,
        left=queries.time_left(solicitation),
    )


@manage.post("/<int:solicitation_id>/archive")
@requires(permissions.can_manage_solicitation, solicitation_id=Solicitation)
def archive_call(solicitation: Solicitation) -> Response:
    """File away a call whose decisions are published."""
    if ArchiveForm().validate_on_submit():
        with unit_of_work() as work:
            services.archive_solicitation(solicitation, actor=current_user)
        if work.done:
            flash(_("The %(year)s call is archived.", year=solicitation.year), "success")
    return redirect(url_for("manage_solicitations.show", solicitation_id=solicitation.id))
