"""The audit page: every event as a sentence, filtered, paginated, and exported as CSV."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import (
    Blueprint,
    Response,
    has_request_context,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from app import permissions
from app.audit import queries
from app.audit.forms import AuditFilterForm
from app.db import Page
from app.extensions import db
from app.spreadsheets import csv_lines

bp = Blueprint("audit", __name__, url_prefix="/audit")

PER_PAGE = 50
EXPORT_BATCH = 500  # events read and named per round of the streamed CSV
MAX_PAGE = 10_000
FILTER_FIELDS = ("record_type", "record", "person", "kind", "since", "until")


@bp.app_context_processor
def history_links() -> dict[str, object]:
    """For the navigation and the record pages: whether the reader may read the log, and
    `history_url(record_type, record_id)`, the log filtered to one record (None for others)."""
    # Mail and PDFs are also rendered outside a request (the worker, the CLI): nobody reads then.
    reader = current_user if has_request_context() and current_user.is_authenticated else None
    allowed = permissions.can_read_audit_log(reader)

    def history_url(record_type: str, record_id: int) -> str | None:
        return url_for("audit.log", record_type=record_type, record=record_id) if allowed else None

    return {"reads_audit_log": allowed, "history_url": history_url}


def _typed() -> dict[str, str]:
    """The filters as typed, for the pagination and export links."""
    return {name: request.args[name] for name in FILTER_FIELDS if request.args.get(name)}


@bp.get("/")
@permissions.requires(permissions.can_read_audit_log)
def log() -> str:
    """Every event, newest first, as a sentence and a time in the reader's zone."""
    form = AuditFilterForm(formdata=request.args)
    filters = form.filters(current_user.time_zone)
    page = events = None
    if filters is not None:
        number = max(1, min(request.args.get("page", 1, type=int) or 1, MAX_PAGE))
        found = db.paginate(
            queries.filtered_events(filters), page=number, per_page=PER_PAGE, error_out=False
        )
        events = queries.readable_events(list(found.items))
        page = Page(items=events, number=number, per_page=PER_PAGE, total=found.total or 0)
    return render_template(
        "audit/log.html", form=form, page=page, events=events, arguments=_typed()
    )


@bp.get("/events.csv")
@permissions.requires(permissions.can_read_audit_log)
def export() -> Response | tuple[str, int]:
    """The same filtered events as CSV, streamed (the whole log may be large)."""
    form = AuditFilterForm(formdata=request.args)
    filters = form.filters(current_user.time_zone)
    if filters is None:
        messages = "; ".join(f"{form[name].label.text}: {' '.join(map(str, errors))}"
                             for name, errors in form.errors.items())  # fmt: skip
        return _("The filters are not valid: %(messages)s", messages=messages), 400
    zone = current_user.time_zone
    body = csv_lines(_rows(queries.iter_readable_events(filters, EXPORT_BATCH), zone))
    response = Response(stream_with_context(body), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


def _rows(events: Iterator[queries.ReadableEvent], zone: str) -> Iterator[list[Any]]:
    yield [
        _("Time (UTC)"),
        _("Time (%(zone)s)", zone=zone),
        _("Event"),
        _("Details"),
        _("Action"),
        _("Kind of record"),
        _("Record number"),
        _("Person"),
    ]
    for row in events:
        event = row.event
        yield [
            event.occurred_at.isoformat(),
            format_datetime(event.occurred_at, "yyyy-MM-dd HH:mm:ss"),
            row.sentence,
            "; ".join(f"{label}: {value}" for label, value in row.details),
            event.action,
            event.record_type,
            event.record_id,
            row.actor.email if row.actor is not None else "",
        ]
