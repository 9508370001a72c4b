"""Subscribing to a partnership's updates by e-mail: the request (from its public page), the
confirmation link and the one-click unsubscribe link. Open to everyone, signed in or not."""

from __future__ import annotations

import time

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from app import permissions, security
from app.accounts.models import Language
from app.extensions import limiter
from app.i18n import supported_language
from app.permissions import requires
from app.subscriptions import services
from app.subscriptions.forms import ConfirmForm, SubscribeForm
from app.unit_of_work import unit_of_work

bp = Blueprint("subscriptions", __name__)


def _asked_address() -> str:
    return "subscribe:" + (request.form.get("email") or "").strip().lower()


@bp.route("/partnerships/<slug>/subscribe", methods=["GET", "POST"])
@requires(permissions.anyone)
@limiter.limit(security.SUBSCRIBE_LIMIT, methods=["POST"])
@limiter.limit(security.SUBSCRIBE_LIMIT_PER_ADDRESS, methods=["POST"], key_func=_asked_address)
def subscribe(slug: str) -> tuple[str, int] | str:
    """Ask for a partnership's published updates by e-mail; the same answer for every address."""
    partnership = services.public_partnership(slug)
    if partnership is None:
        abort(404)
    form = SubscribeForm()
    if request.method == "GET":
        form.language.data = supported_language(str(get_locale())) or Language.EN.value
    if form.validate_on_submit():
        started = time.perf_counter()
        with unit_of_work(form) as work:
            services.request_subscription(
                partnership, form.email.data or "", language=Language(form.language.data)
            )
        security.answer_no_sooner_than(started, security.SUBSCRIBE_ANSWER_SECONDS)
        if work.done:
            return render_template("subscriptions/requested.html", partnership=partnership)
    status = 400 if request.method == "POST" else 200
    return render_template("subscriptions/subscribe.html", partnership=partnership, form=form), (
        status
    )


@bp.route("/subscriptions/confirm/<token>", methods=["GET", "POST"])
@requires(permissions.anyone)  # the signed, single-use link is the permission
def confirm(token: str) -> str | tuple[str, int] | Response:
    """The link in the confirmation mail: a button confirms (a link scanner does not)."""
    subscription = services.subscription_to_confirm(token)
    if subscription is None:
        return render_template("subscriptions/link_expired.html"), 404
    partnership = subscription.partnership
    form = ConfirmForm()
    if form.validate_on_submit():
        with unit_of_work() as work:
            services.confirm_subscription(subscription)
        if work.done:
            return render_template("subscriptions/confirmed.html", partnership=partnership)
    return render_template("subscriptions/confirm.html", partnership=partnership, form=form)


@bp.get("/subscriptions/unsubscribe/<token>")
@requires(permissions.anyone)  # the signed link in the subscriber's own mail
def unsubscribe(token: str) -> str:
    """One click: the link in every update mail ends the subscription at once."""
    genuine, subscription = services.subscription_to_end(token)
    if not genuine:
        abort(404)
    partnership = subscription.partnership if subscription is not None else None
    if subscription is not None:
        with unit_of_work():
            services.unsubscribe(subscription)
    return render_template("subscriptions/unsubscribed.html", partnership=partnership)
