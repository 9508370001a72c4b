"""The personal calendar feed: its page (make a new address, stop the feed) and the feed."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import permissions
from app.addresses import base_url
from app.calendars import services
from app.calendars.feed import personal_calendar
from app.permissions import requires
from app.unit_of_work import unit_of_work

bp = Blueprint("calendars", __name__)


def _feed_url(token: str) -> str:
    return base_url() + url_for("calendars.feed", token=token)


# The new address travels once from the POST to the page after it (and is gone on reload).
NEW_ADDRESS_KEY = "calendar_new_address"


@bp.get("/account/calendar")
@requires(permissions.signed_in)
def address() -> str:
    """Whether the user's feed is on, the new address just made (shown once), and the buttons
    to make a new address or stop it."""
    return render_template(
        "calendars/address.html",
        feed=services.feed_of(current_user),
        new_url=session.pop(NEW_ADDRESS_KEY, None),
    )


@bp.post("/account/calendar/address")
@requires(permissions.signed_in)
def new_address() -> Response:
    """Make a new secret address (the previous one stops working), to show it once."""
    with unit_of_work() as work:
        token = services.make_feed_address(current_user, actor=current_user)
    if work.done:
        session[NEW_ADDRESS_KEY] = _feed_url(token)
    return redirect(url_for("calendars.address"))


@bp.post("/account/calendar/stop")
@requires(permissions.signed_in)
def stop() -> Response:
    """Revoke the feed's address without making another."""
    with unit_of_work() as work:
        services.stop_feed(current_user, actor=current_user)
    if work.done:
        flash(_("Your calendar address no longer works."), "success")
    return redirect(url_for("calendars.address"))


@bp.get("/calendar/<token>.ics")
@requires(permissions.anyone)  # the secret in the address is the permission
def feed(token: str) -> Response:
    """The user's due dates as iCalendar; 404 for an unknown or revoked address."""
    user = services.user_for_token(token)
    if user is None:
        abort(404)
    response = current_app.response_class(personal_calendar(user), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="my-due-dates.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
