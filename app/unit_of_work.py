"""The one unit of work of a request that changes something.

Operations flush and never commit; a view wraps its calls in `unit_of_work()`:

    with unit_of_work(form) as work:
        declare_conflict(current_user, organization, reason, actor=current_user)
    if work.done:
        flash(...)
        return redirect(...)
    return render_template(..., form=form), work.status

On success the whole change (records, audit events, queued mail) is committed at once. When a
rule of the program refuses (`ServiceError`), or someone else saved the same record first
(`StaleDataError`, from a version column), nothing is written: the session is rolled back and the
message goes next to its form field — the form keeps what was typed — or, for a button without a
form, into a flashed message. Any other error propagates to the 500 handler, which rolls back too.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from app.errors import ServiceError
from app.extensions import db

SAVED_ELSEWHERE = _l(
    "Someone else saved this at the same moment, so your change was not saved. "
    "Check the page as it is now and try again."
)


class UnitOfWork:
    """Commit what the block did, or refuse all of it with a message for the user."""

    def __init__(self, form: FlaskForm | None = None, *, about: str | None = None) -> None:
        self.form = form
        self.about = about
        self.done = False
        self.error: ServiceError | None = None

    @property
    def status(self) -> int:
        """The HTTP status of the page shown after the block: 409 when someone saved first."""
        return self.error.status if self.error is not None else 200

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if error is None:
            try:
                db.session.commit()
            except StaleDataError:
                self._refuse(ServiceError(SAVED_ELSEWHERE, status=409))
                return False
            self.done = True
            return False
        if isinstance(error, StaleDataError):
            error = ServiceError(SAVED_ELSEWHERE, status=409)
        if isinstance(error, ServiceError):
            self._refuse(error)
            return True
        return False

    def _refuse(self, error: ServiceError) -> None:
        db.session.rollback()
        self.error = error
        if self.form is not None:
            error.attach_to(self.form)
        else:
            flash(f"{self.about}: {error.message}" if self.about else error.message, "error")


def unit_of_work(form: FlaskForm | None = None, *, about: str | None = None) -> UnitOfWork:
    """A unit of work whose refusals are shown on `form`, or flashed when there is none —
    prefixed with `about` (a proposal's reference) on a page that lists many records."""
    return UnitOfWork(form, about=about)
