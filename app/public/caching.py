"""HTTP validators (ETag, Last-Modified) and Cache-Control for the public site, feeds and API.

The validator is computed from the data, not from the rendered bytes: one query fingerprints
every table the public reads (`public_data_version`), so a conditional GET is answered 304
before anything is rendered. What else changes a response goes into the ETag too: the build of
the code and templates, and for HTML pages the reader's language and the CSRF token the page
embeds (its language switch is a form). Pages for signed-in users show their own navigation and
are never stored by a cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import cache, wraps
from typing import Any, TypeVar

from flask import current_app, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from app import ROOT
from app.public.queries import public_data_version

F = TypeVar("F", bound=Callable[..., Any])

DATA_MAX_AGE = 300  # feeds, downloads and the API: five minutes


@cache
def build_fingerprint() -> str:
    """What identifies this deployment's code, templates and translations (once per process)."""
    digest = hashlib.sha256()
    for folder, pattern in (
        (ROOT / "app", "**/*.py"),
        (ROOT / "templates", "**/*"),
        (ROOT / "app" / "translations", "**/*.mo"),
    ):
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                digest.update(f"{path.relative_to(ROOT)}:{path.stat().st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _is_fresh(etag: str, last_modified: datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    if request.if_modified_since and last_modified is not None:
        return last_modified.replace(microsecond=0) <= request.if_modified_since
    return False


def _stamp(
    response: Response, etag: str, last_modified: datetime | None, *, page: bool, max_age: int
) -> Response:
    response.set_etag(etag, weak=True)
    if last_modified is not None:
        response.last_modified = last_modified
    if page:
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    else:
        response.cache_control.public = True
        response.cache_control.max_age = max_age
    return response


def conditional(*, page: bool, max_age: int = DATA_MAX_AGE) -> Callable[[F], F]:
    """Give a public view's 200 answers validators and a cache lifetime, and answer a
    conditional GET whose validator still holds with 304 Not Modified.

    `page=True` for HTML pages (private, revalidated every time, varying with language and
    session); otherwise the answer is the same for everyone and may be shared for `max_age`
    seconds.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def answer(**kwargs: Any) -> Response:
            if page and current_user.is_authenticated:
                response = make_response(view(**kwargs))
                response.cache_control.private = True
                response.cache_control.no_store = True
                return response
            version = public_data_version()
            parts = [version.token, build_fingerprint(), request.full_path]
            if page:
                generate_csrf()  # the token the page will embed, created now if it is new
                field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
                parts += [str(get_locale()), str(session.get(field, ""))]
            etag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
            # A pending flash message must be shown, so never answer 304 over it.
            flash_pending = page and bool(session.get("_flashes"))
            if _is_fresh(etag, version.last_modified) and not flash_pending:
                not_modified = current_app.response_class(status=304)
                return _stamp(not_modified, etag, version.last_modified, page=page, max_age=max_age)
            response = make_response(view(**kwargs))
            if response.status_code != 200:
                return response
            return _stamp(response, etag, version.last_modified, page=page, max_age=max_age)

        return answer  # type: ignore[return-value]

    return decorate
