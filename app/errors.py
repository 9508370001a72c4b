"""Error pages: a clear page for every status the portal answers with, never a stack trace."""

from __future__ import annotations

from flask import Flask, g, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, DBAPIError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, ServiceUnavailable

from app.extensions import db, login_manager

# How long a client is told to wait before trying again when the database is unreachable.
RETRY_AFTER_SECONDS = 30

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please go back and try again."),
    ),
    403: (_l("Access denied"), _l("You do not have permission to see this page.")),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. It may have moved or been removed."),
    ),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    413: (_l("File too large"), _l("The file you sent is larger than the portal accepts.")),
    429: (
        _l("Too many requests"),
        _l("You have made too many requests. Please wait a moment and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. Nothing you submitted was half-saved; please try again."),
    ),
    503: (
        _l("Service unavailable"),
        _l("The portal is temporarily unavailable. Please try again shortly."),
    ),
}


def render_error(status: int) -> tuple[str, int]:
    """The error page for `status`."""
    title, message = MESSAGES.get(status, MESSAGES[500])
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _forget_session() -> None:
    """Roll back what the request began; with the database gone, just drop the session."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        title = _l("Your form expired")
        message = _l(
            "The page was open too long or was sent from elsewhere. Please reload it and try again."
        )
        return render_template("errors/error.html", status=400, title=title, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
        if error.code is None or error.code < 400:
            return error
        if error.code >= 500:
            db.session.rollback()
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        _forget_session()
        app.logger.exception("unhandled error", exc_info=error)
        return render_error(InternalServerError.code)

    @app.errorhandler(OverflowError)
    def number_too_large(error: OverflowError) -> tuple[str, int]:
        # A number from the request too large for the database or the calendar.
        _forget_session()
        app.logger.warning("input out of range: %s", error)
        return render_error(BadRequest.code)

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError) -> tuple[str, int, dict[str, str]] | tuple[str, int]:
        # A value the database cannot hold (a number out of range...) came from the request and
        # got past a form's checks: the request is refused, nothing of it is written.
        if isinstance(error, DataError):
            _forget_session()
            app.logger.warning("input refused by the database: %s", error.orig or error)
            return render_error(BadRequest.code)
        # Unreachable or restarted database: 503, and the pool's pre-ping reconnects by itself
        # on a later request. Any other database error is a bug: 500.
        if not (isinstance(error, OperationalError) or error.connection_invalidated):
            return unexpected_error(error)
        _forget_session()
        app.logger.error("database unavailable: %s", error.orig or error)
        # The page must not ask the database who is signed in (the header, the language).
        g._login_user = login_manager.anonymous_user()
        body, status = render_error(ServiceUnavailable.code)
        return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


class ServiceError(ValueError):
    """A rule of the program refused an operation; the message is for the user.

    `field` names the form field the message belongs next to, when there is one; `status` is
    the HTTP status the page answers with (409 when someone else changed the record first).
    """

    def __init__(self, message: object, *, field: str | None = None, status: int = 200) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        self.status = status

    def attach_to(self, form: FlaskForm) -> None:
        """Show the message next to its field (or above the form when it has none)."""
        field = form._fields.get(self.field) if self.field else None
        if field is not None:
            field.errors = [*field.errors, self.message]
        else:
            form.form_errors.append(self.message)
