"""HTTP hardening: security headers with a strict Content-Security-Policy, and rate limits.

Flask-Talisman sets the headers. The policy has no per-response nonce: every script and style is
a file, and a public page must be the same bytes for every reader to be cached whole
(`app.public.response_cache`). Flask-Limiter throttles sign-in,
registration, password resets and invitations; its storage is in memory by default and Redis
(``RATELIMIT_STORAGE_URI=redis://...``) when several app servers share the load.
"""

from __future__ import annotations

import time

from flask import Flask, abort, request
from flask_login import current_user
from flask_talisman import Talisman
from werkzeug.wrappers import Response

from app.extensions import limiter

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = {"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()"}

# Limits, named once so the views and the tests agree.
SIGN_IN_LIMIT = "20 per minute"
FAILED_SIGN_INS_PER_ADDRESS = "5 per 15 minutes"
REGISTRATION_LIMIT = "5 per minute;30 per hour"
PASSWORD_RESET_LIMIT = "5 per minute;20 per hour"  # noqa: S105 - a rate, not a secret
INVITATION_LIMIT = "30 per hour"
# The verification page: public, and a file upload hashes up to MAX_UPLOAD_BYTES per request.
VERIFICATION_LIMIT = "30 per minute;300 per hour"
# Subscribing to a partnership's updates: per browser address, and per e-mail address asked
# for (so nobody's mailbox is flooded with confirmation requests from many places).
SUBSCRIBE_LIMIT = "10 per hour"
SUBSCRIBE_LIMIT_PER_ADDRESS = "3 per hour"


# A forgot-password request is answered no sooner than this, known address or not, so the work
# done for a known one (a token, a mail queued, an audit event) does not show in the timing.
PASSWORD_RESET_ANSWER_SECONDS = 0.1
# A subscription request too, new address or not, so the work for a new one does not show.
SUBSCRIBE_ANSWER_SECONDS = 0.1


def answer_no_sooner_than(started: float, seconds: float) -> None:
    """Wait until `seconds` have passed since `started` (a ``time.perf_counter()`` value)."""
    remaining = started + seconds - time.perf_counter()
    if remaining > 0:
        time.sleep(remaining)


def submitted_email() -> str:
    """Key failed sign-ins by the address tried, known or not, so lockout reveals nothing."""
    return "sign-in:" + (request.form.get("email") or "").strip().lower()


def signed_in_user() -> str:
    """Key invitation limits by the account sending them."""
    return f"user:{current_user.get_id()}"


def carries_nul_character() -> bool:
    """Whether the query string, a form field or an uploaded file's name holds a NUL.

    No text of the portal contains one, a browser's form never sends one, and PostgreSQL
    refuses it in a text column: such a request is refused whole, before any view runs.
    """
    texts = [*request.args.items(multi=True), *request.form.items(multi=True)]
    names = [upload.filename or "" for _, upload in request.files.items(multi=True)]
    return any("\x00" in key or "\x00" in value for key, value in texts) or any(
        "\x00" in name for name in names
    )


def failed_sign_in(response: Response) -> bool:
    """A sign-in that did not redirect to the portal failed."""
    return response.status_code == 200


def init_app(app: Flask) -> None:
    """Install the headers and the limiter."""
    production = not (app.debug or app.testing) and app.config.get("FORCE_HTTPS", False)
    Talisman(
        app,
        force_https=production,
        strict_transport_security=production,
        strict_transport_security_max_age=31536000,
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        session_cookie_http_only=True,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=[],
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS_POLICY,
    )
    limiter.init_app(app)

    @app.before_request
    def refuse_nul_characters() -> None:
        if carries_nul_character():
            abort(400)
