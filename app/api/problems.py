"""The API's errors: RFC 9457 problem documents, and no session for API requests.

Every error under /api/v1/ is ``application/problem+json`` with ``type``, ``title``, ``status``
and ``detail`` (and ``fields`` naming each refused query argument). A 405 carries ``Allow``
listing the route's methods, as RFC 9110 §15.5.6 asks.

Two kinds of error never reach the blueprint's own error handler, because Flask only knows a
request belongs to a blueprint once a rule matched: an unknown address (404) and an undeclared
method (405). Flask raises those routing errors after the ``before_request`` hooks, so a hook
answers them first; left to the portal's page handler they would be HTML pages whose header
renders a CSRF token into the session, and so a ``Set-Cookie`` on an API answer.

The API is anonymous: it shows the public what the public site shows, whoever asks. Its requests
never load the signed-in user, so they never write the session (no cookie set, refreshed or
deleted), and a "keep me signed in" cookie is not spent on them.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, g, request, request_started
from flask.sansio.app import App
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, HTTPException, MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response

from app.api.schemas import Problem
from app.errors import MESSAGES
from app.extensions import login_manager

PROBLEM_MEDIA_TYPE = "application/problem+json"
PREFIX = "/api/v1"

# Headers of an HTTP error worth keeping on the problem answer (Allow on a 405, Retry-After on a
# 429 or 503); its Content-Type is the problem's own.
KEPT_HEADERS = frozenset({"allow", "retry-after", "www-authenticate"})


class InvalidArguments(BadRequest):
    """Query arguments the API refuses, with a message per argument."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        super().__init__()
        self.fields = fields


def is_api_request() -> bool:
    """Whether this request is addressed to the API (matched by one of its routes or not)."""
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def problem(
    status: int,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    **members: Any,
) -> Response:
    """An RFC 9457 problem answer. ``type`` is ``about:blank``: the status says it all, so the
    title is the status's own phrase (RFC 9457 §4.2.1); extension `members` (`Problem`'s
    ``fields``) follow."""
    document = Problem(
        type="about:blank",
        title=HTTP_STATUS_CODES.get(status, "Unknown Error"),
        status=status,
        detail=detail,
        **members,
    ).as_json()
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    response = current_app.response_class(body, status=status, mimetype=PROBLEM_MEDIA_TYPE)
    response.headers.update(headers or {})
    return response


def from_http_error(error: HTTPException) -> Response:
    """`error` as a problem answer."""
    status = error.code or 500
    headers = {name: value for name, value in error.get_headers() if name.lower() in KEPT_HEADERS}
    if isinstance(error, InvalidArguments):
        return problem(
            status, _("Some query arguments are not valid."), headers=headers, fields=error.fields
        )
    if isinstance(error, MethodNotAllowed):
        methods = ", ".join(error.valid_methods or ())
        detail = _("This address answers only these methods: %(methods)s.", methods=methods)
        return problem(status, detail, headers=headers)
    _title, message = MESSAGES.get(status, MESSAGES[500])
    return problem(status, str(message), headers=headers)


def answer_routing_error() -> Response | None:
    """Before any other hook sees it: an unknown API address or an undeclared method, as a
    problem (redirects, such as /api/v1 to /api/v1/, go on as usual)."""
    error = request.routing_exception
    if error is None or not is_api_request():
        return None
    if isinstance(error, HTTPException) and (error.code or 0) >= 400:
        return from_http_error(error)
    return None


def as_anonymous(sender: App, **_extra: Any) -> None:
    """On `request_started`, before any ``before_request`` hook (one loads the user first of
    all): an API request is anonymous, so nothing asks the session who is signed in."""
    if is_api_request():
        g._login_user = login_manager.anonymous_user()


def init_app(app: App) -> None:
    """Make `app`'s API requests anonymous (the blueprint calls this when registered)."""
    request_started.connect(as_anonymous, app)
