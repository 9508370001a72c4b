"""Progress update pages: members write and submit, chairs publish or return, and the image
route that serves an update's picture to whoever may read the update."""

from __future__ import annotations

from typing import IO, Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from app import permissions
from app.confirmation import confirmation_page, is_confirmed
from app.extensions import db
from app.markdown import dropped_from, previews
from app.partnerships.models import Partnership
from app.permissions import requires
from app.unit_of_work import unit_of_work
from app.updates import services
from app.updates.forms import ReturnUpdateForm, SubmitUpdateForm, UpdateForm
from app.updates.models import ProgressUpdate, UpdateState, Visibility

bp = Blueprint("updates", __name__)

# The update form takes a larger request than the portal's default, so that an oversized image
# is refused next to its field, with the typed text kept, instead of by a bare 413 page. The
# image itself is still limited to 5 MB by the service.
UPDATE_FORM_MAX_BYTES = 32 * 1024 * 1024

# Seconds a cache may keep a public update's picture before asking again: the horizon of the
# public feeds, API and PDF records, so a withdrawal reaches every public surface together.
PUBLIC_IMAGE_MAX_AGE = 300


@bp.url_value_preprocessor
def _allow_oversized_images(endpoint: str | None, values: dict[str, Any] | None) -> None:
    # Runs before the CSRF check reads the form, which is where the limit applies.
    if endpoint in ("updates.create", "updates.edit"):
        request.max_content_length = UPDATE_FORM_MAX_BYTES


def _update_of(partnership: Partnership, update_id: int) -> ProgressUpdate:
    update = db.session.get(ProgressUpdate, update_id)
    if update is None or update.partnership_id != partnership.id:
        abort(404)
    return update


def _chosen_image(form: UpdateForm) -> IO[bytes] | None:
    data = form.image.data
    if isinstance(data, FileStorage) and data.filename:
        return data.stream
    return None


def _flash_dropped(form: UpdateForm) -> None:
    """Say what the saved text will not show (an outside image, an unsafe link)."""
    for note in dropped_from(form.body.data):
        flash(note, "warning")


def _to_update(update: ProgressUpdate) -> Response:
    return redirect(
        url_for("updates.show", partnership_id=update.partnership_id, update_id=update.id)
    )


# --- the members ----------------------------------------------------------------------------------


@bp.get("/workspace/partnerships/<int:partnership_id>/updates")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def index(partnership: Partnership) -> str:
    """Every update of the partnership, with its moderation state."""
    return render_template(
        "updates/index.html", partnership=partnership, updates=services.updates_of(partnership)
    )


@bp.route("/workspace/partnerships/<int:partnership_id>/updates/new", methods=["GET", "POST"])
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def create(partnership: Partnership) -> str | Response:
    """Draft a progress update."""
    form = UpdateForm()
    preview = previews(form.body)
    if preview is None and form.validate_on_submit():
        with unit_of_work(form) as work:
            update = services.draft_update(
                partnership, form.data, actor=current_user, image=_chosen_image(form)
            )
        if work.done:
            flash(_("The draft is saved. Read it through, then submit it."), "success")
            _flash_dropped(form)
            return _to_update(update)
    return render_template(
        "updates/form.html",
        partnership=partnership,
        form=form,
        update=None,
        image_lost=_chosen_image(form) is not None,
        previews=preview,
    )


@bp.get("/workspace/partnerships/<int:partnership_id>/updates/<int:update_id>")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def show(partnership: Partnership, update_id: int) -> str:
    """The update as readers will see it, its state, and the submit form."""
    update = _update_of(partnership, update_id)
    return render_template(
        "updates/show.html",
        partnership=partnership,
        update=update,
        submit_form=SubmitUpdateForm(formdata=None),
    )


@bp.route(
    "/workspace/partnerships/<int:partnership_id>/updates/<int:update_id>/edit",
    methods=["GET", "POST"],
)
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def edit(partnership: Partnership, update_id: int) -> tuple[str, int] | Response:
    """Change a draft or returned update."""
    update = _update_of(partnership, update_id)
    if update.state not in services.EDITABLE:
        flash(services.refusal(update), "error")
        return _to_update(update)
    form = UpdateForm(obj=update)
    if request.method == "GET":
        form.version.data = str(update.version)
        form.language.data = update.language.value
        form.visibility.data = update.visibility.value
    conflict = False
    work = unit_of_work(form)
    preview = previews(form.body)
    if preview is None and form.validate_on_submit():
        with work:
            obsolete = services.edit_update(
                update,
                form.data,
                actor=current_user,
                version=int(form.version.data or 0) or None,
                image=_chosen_image(form),
                remove_image=bool(form.remove_image.data),
            )
        if work.done:
            services.remove_image_files(obsolete)
            flash(_("The update is saved."), "success")
            _flash_dropped(form)
            return _to_update(update)
        conflict = str(update.version) != (form.version.data or "")
        form.version.data = str(update.version)  # saving again replaces the other version
    return render_template(
        "updates/form.html",
        partnership=partnership,
        form=form,
        update=update,
        conflict=conflict,
        image_lost=_chosen_image(form) is not None,
        previews=preview,
    ), work.status


@bp.post("/workspace/partnerships/<int:partnership_id>/updates/<int:update_id>/submit")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def submit(partnership: Partnership, update_id: int) -> str | Response:
    """Send the update to the chairs, with the non-business-sensitive declaration."""
    update = _update_of(partnership, update_id)
    form = SubmitUpdateForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.submit_update(
                update, actor=current_user, declared_non_sensitive=bool(form.declaration.data)
            )
        if work.done:
            flash(_("The update is submitted; a chair will publish it or return it."), "success")
            return _to_update(update)
    return render_template(
        "updates/show.html", partnership=partnership, update=update, submit_form=form
    )


@bp.post("/workspace/partnerships/<int:partnership_id>/updates/<int:update_id>/discard")
@requires(permissions.can_work_on_partnership, partnership_id=Partnership)
def discard(partnership: Partnership, update_id: int) -> str | Response:
    """Delete a draft that was never submitted."""
    update = _update_of(partnership, update_id)
    if not is_confirmed():
        return confirmation_page(
            title=_("Discard this draft?"),
            warning=_("The draft and its images are deleted for good; nothing of it is kept."),
            button=_("Yes, discard the draft"),
            back_url=url_for("updates.show", partnership_id=partnership.id, update_id=update.id),
        )
    with unit_of_work() as work:
        obsolete = services.discard_update(update, actor=current_user)
    if not work.done:
        return _to_update(update)
    services.remove_image_files(obsolete)
    flash(_("The draft is discarded."), "success")
    return redirect(url_for("updates.index", partnership_id=partnership.id))


# --- the chairs -----------------------------------------------------------------------------------


@bp.get("/secretariat/partnerships/updates")
@requires(permissions.can_manage_partnerships)
def moderation() -> str:
    """Updates waiting for a chair, oldest first."""
    return render_template("updates/moderation.html", updates=services.awaiting_moderation())


def _review_page(
    partnership: Partnership, update: ProgressUpdate, return_form: ReturnUpdateForm | None = None
) -> str:
    return render_template(
        "updates/review.html",
        partnership=partnership,
        update=update,
        return_form=return_form or ReturnUpdateForm(formdata=None),
    )


def _submitted_update_of(partnership: Partnership, update_id: int) -> ProgressUpdate:
    update = _update_of(partnership, update_id)
    if update.state == UpdateState.DRAFT:  # drafts stay with the partners
        abort(404)
    return update


@bp.get("/secretariat/partnerships/<int:partnership_id>/updates/<int:update_id>")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def review(partnership: Partnership, update_id: int) -> str:
    """An update as readers would see it, with the publish and return actions."""
    return _review_page(partnership, _submitted_update_of(partnership, update_id))


@bp.post("/secretariat/partnerships/<int:partnership_id>/updates/<int:update_id>/publish")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def publish(partnership: Partnership, update_id: int) -> Response:
    """Publish a submitted update."""
    update = _submitted_update_of(partnership, update_id)
    with unit_of_work() as work:
        services.publish_update(update, actor=current_user)
    if work.done:
        flash(
            _("The update is published on the partnership's page.")
            if update.visibility == Visibility.PUBLIC
            else _("The update is accepted into the Secretariat's record."),
            "success",
        )
        return redirect(url_for("updates.moderation"))
    return redirect(url_for("updates.review", partnership_id=partnership.id, update_id=update.id))


@bp.post("/secretariat/partnerships/<int:partnership_id>/updates/<int:update_id>/return")
@requires(permissions.can_manage_partnership, partnership_id=Partnership)
def return_update(partnership: Partnership, update_id: int) -> str | Response:
    """Return a submitted update to the partners with the reason."""
    update = _submitted_update_of(partnership, update_id)
    form = ReturnUpdateForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.return_update(update, actor=current_user, reason=form.reason.data or "")
        if work.done:
            flash(_("The update is returned to the partners."), "success")
            return redirect(url_for("updates.moderation"))
    return _review_page(partnership, update, return_form=form)


# --- the image ------------------------------------------------------------------------------------


@bp.get("/updates/<int:update_id>/image/<image_name>")
@requires(permissions.can_see_update, update_id=ProgressUpdate)
def image(update: ProgressUpdate, image_name: str) -> Response:
    """An update's picture, to whoever may read the update.

    A public picture stops being public when its partnership is withdrawn, so a shared cache
    may keep it only briefly and must then ask again (its ETag makes that a 304 while it is
    still public): never days, though its name changes with the picture. Any other picture is
    kept by no cache."""
    path = services.image_path(update)
    if path is None or image_name != update.image_name or not path.is_file():
        abort(404)
    is_public = update.is_public
    response = send_file(
        path,
        mimetype=services.image_mimetype(update),
        max_age=PUBLIC_IMAGE_MAX_AGE if is_public else 0,
        conditional=True,
    )
    if is_public:
        response.cache_control.must_revalidate = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    if not is_public:
        response.headers["Cache-Control"] = "private, no-store"
    return response
