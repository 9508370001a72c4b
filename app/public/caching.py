"""HTTP validators (ETag, Last-Modified) and Cache-Control for the public site, feeds and API.

The validator is computed from the data, not from the rendered bytes: one query fingerprints
every table the public reads (`public_data_version`), so a conditional GET is answered 304
before anything is rendered. What else changes a response goes into the ETag too: the build of
the code and templates, and for HTML pages the reader's language and the CSRF token the page
embeds (its language switch is a form). Pages for signed-in users show their own navigation and
are never stored by a cache.

The same version keys a small cache of what is costly to compute and the same for every reader
(counts and aggregates over the whole program): `derived(name, compute, *key)` remembers
`compute()` in this process for as long as the data version it was computed under holds, so it
is invalidated exactly when the data changes, by any process or server, at the cost of nothing
more than the validator query each public request runs anyway.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from functools import cache, wraps
from typing import Any, TypeVar

from flask import current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from app import ROOT
from app.db import Page
from app.partnerships.models import Partnership
from app.public import read_model
from app.public.queries import DataVersion, public_data_version
from app.public.read_model import DirectoryEntry, DirectoryFilters

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

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


# --- values derived from the data, remembered while its version holds ---------------------------

_derived: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
_derived_lock = threading.Lock()


def derived(name: str, compute: Callable[[], T], *key: Hashable) -> T:
    """`compute()`, remembered under (`name`, `key`) until the public data changes.

    Only inside a public request whose validator was computed (a `conditional` view for a reader
    who is not signed in); elsewhere, and when ``PUBLIC_DATA_CACHE_ENTRIES`` is 0, it simply
    computes. `compute` must return plain values (numbers, strings, tuples, dataclasses of
    them), never database records, which belong to one session. The least recently used
    entries go first beyond ``PUBLIC_DATA_CACHE_ENTRIES``.
    """
    version: DataVersion | None = g.get("public_data_version")
    capacity = current_app.config.get("PUBLIC_DATA_CACHE_ENTRIES", 0)
    if version is None or not capacity:
        return compute()
    cache_key = (version.token, name, *key)
    with _derived_lock:
        if cache_key in _derived:
            _derived.move_to_end(cache_key)
            return _derived[cache_key]  # type: ignore[no-any-return]
    value = compute()
    with _derived_lock:
        _derived[cache_key] = value
        while len(_derived) > capacity:
            _derived.popitem(last=False)
    return value


def cached_directory_page(
    filters: DirectoryFilters, *, page: int, per_page: int
) -> Page[Partnership]:
    """One page of the directory, as `directory_page` reads it, with its count and the ids on
    the page remembered while the data version holds (a search matches text in every
    partnership, and counting the matches reads them all); the records themselves are read
    again, by id, in every request."""
    if g.get("public_data_version") is None or not current_app.config.get(
        "PUBLIC_DATA_CACHE_ENTRIES", 0
    ):
        return read_model.directory_page(filters, page=page, per_page=per_page)
    total, ids = derived(
        "directory_page",
        lambda: (
            read_model.directory_total(filters),
            read_model.directory_ids(filters, page=page, per_page=per_page),
        ),
        filters,
        page,
        per_page,
    )
    return Page(
        items=read_model.partnerships_in_order(ids),
        number=page,
        per_page=per_page,
        total=total,
    )


def cached_directory_entries(
    filters: DirectoryFilters, *, page: int, per_page: int
) -> Page[DirectoryEntry]:
    """One page of the directory's table, as plain rows, remembered whole while the data version
    holds: a row shows only what the version covers (a partnership, its focus areas, its
    participants' organizations), so the page reads nothing more than the validator until the
    data changes."""

    def read() -> Page[DirectoryEntry]:
        records = read_model.directory_page(filters, page=page, per_page=per_page)
        return Page(
            items=tuple(read_model.directory_entry(p) for p in records.items),
            number=records.number,
            per_page=records.per_page,
            total=records.total,
        )

    return derived("directory_entries", read, filters, page, per_page)


def forget_derived() -> None:
    """Empty the cache of derived values (tests)."""
    with _derived_lock:
        _derived.clear()


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
            g.public_data_version = version
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
