"""The administrators' outbox: mail waiting, being sent or failed, and sending one again."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import permissions
from app.extensions import db
from app.notifications import queries, services
from app.notifications.models import Notification, NotificationState
from app.permissions import requires
from app.unit_of_work import unit_of_work

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")


@bp.get("")
@requires(permissions.can_watch_outbox)
def index() -> str:
    """Failed messages first, then those being sent and those waiting, with their attempts,
    last error and next attempt."""
    page = db.paginate(queries.undelivered_statement(), per_page=50, error_out=False)
    return render_template(
        "notifications/outbox.html",
        page=page,
        counts=queries.outbox_counts(),
        retryable=(NotificationState.QUEUED, NotificationState.FAILED),
    )


@bp.post("/<int:notification_id>/retry")
@requires(permissions.can_retry_mail, notification_id=Notification)
def retry(notification: Notification) -> Response:
    """Send a waiting or failed message again now."""
    with unit_of_work(about=notification.to_address) as work:
        services.retry_now(notification, actor=current_user)
    if work.done:
        flash(
            _("The message to %(address)s is sent again now.", address=notification.to_address),
            "success",
        )
    return redirect(url_for("outbox.index"))
