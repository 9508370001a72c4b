"""HTTP validators (ETag, Last-Modified) and Cache-Control for the public site, feeds and API,
and the cache of values derived from the data.

The validator is computed from the data, not from the rendered bytes: the data version (one row,
`public_data_version`) and what else makes an answer (the build, the address with its query
string, the reader's language) are its key in `app.public.response_cache`, so a conditional GET
is answered 304 before anything is rendered, and a reader who is not signed in gets the whole
answer from that cache. Pages for signed-in users show their own navigation and are never
stored by any cache.

The same version keys a small cache of what is costly to compute and the same for every reader
(counts and aggregates over the whole program): `derived(name, compute, *key)` remembers
`compute()` in this process for as long as the data version it was computed under holds, so it
is invalidated exactly when the data changes, by any process or server, at the cost of nothing
more than the validator query each public request runs anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Flask,
    current_app,
    g,
    get_template_attribute,
    make_response,
    render_template,
    request,
    session,
)
from flask_babel import get_locale
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectField

from app.db import Page
from app.memo import Memo
from app.partnerships.models import Partnership
from app.public import read_model
from app.public.queries import DataVersion
from app.public.read_model import DirectoryEntry, DirectoryFilters
from app.public.response_cache import Rule, is_fresh, pending, reader_is_anonymous, stamp

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

DATA_MAX_AGE = 300  # feeds, downloads and the API: five minutes
ROWS_KEPT = 5_000  # the directory's rows' HTML, by language (`directory_row`)
ENTRIES_KEPT = 20_000  # the directory's rows as plain values (`remembered_entries`)
FIELDS_KEPT = 2_000  # the filters' lists' HTML (`remembered_field`)


# --- values derived from the data, remembered while its version holds ---------------------------

_derived = Memo(0)  # sized by ``PUBLIC_DATA_CACHE_ENTRIES`` at each use
_entries_lock = threading.Lock()  # the directory's rows (`remembered_entries`)


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
    _derived.size = capacity
    return _derived.get(version.token, (name, *key), compute)


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
    ids, total = derived(
        "directory_page",
        lambda: read_model.directory_ids_and_total(filters, page=page, per_page=per_page),
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
        ids, total = read_model.directory_ids_and_total(filters, page=page, per_page=per_page)
        entries = tuple(remembered_entries(ids))
        return Page(items=entries, number=page, per_page=per_page, total=total)

    return derived("directory_entries", read, filters, page, per_page)


_entries: dict[int, DirectoryEntry] = {}
_entries_version: list[str] = [""]  # the data version `_entries` were read under


def remembered_entries(ids: Sequence[int]) -> list[DirectoryEntry]:
    """The directory's rows of the public partnerships `ids`, in that order, each read once
    while the data version holds: a page of a new search reads only the rows no page showed
    under this version (none, when its matches were shown before in another order or under
    another text). At most `ENTRIES_KEPT` are kept; all go when the data changes."""
    version: DataVersion | None = g.get("public_data_version")
    if (
        version is None
        or not ENTRIES_KEPT
        or not current_app.config.get("PUBLIC_DATA_CACHE_ENTRIES")
    ):
        found = read_model.directory_entries(ids)
        return [found[i] for i in ids if i in found]
    with _entries_lock:
        if _entries_version[0] != version.token:
            _entries.clear()
            _entries_version[0] = version.token
        known = {i: _entries[i] for i in ids if i in _entries}
    unknown = [i for i in ids if i not in known]
    if unknown:
        read = read_model.directory_entries(unknown)
        known.update(read)
        with _entries_lock:
            if _entries_version[0] == version.token:
                if len(_entries) + len(read) > ENTRIES_KEPT:
                    _entries.clear()
                _entries.update(read)
    return [known[i] for i in ids if i in known]


_rows: dict[tuple[str, str, DirectoryEntry], Markup] = {}


def directory_row(entry: DirectoryEntry) -> Markup:
    """The HTML of `entry`'s row in the directory's table, written once per language: a row is
    a function of its plain values and the language alone, so it is never stale (a changed
    partnership is another entry) and a new search's page writes only the rows no page showed
    before. At most `ROWS_KEPT` are kept."""
    key = (str(get_locale()), request.script_root, entry)
    row = _rows.get(key)
    if row is None:
        if len(_rows) >= ROWS_KEPT:
            _rows.clear()
        written = render_template("public/_directory_row.html", partnership=entry)
        row = _rows[key] = Markup(written)  # noqa: S704 - an autoescaped template's output
    return row


_fields: dict[tuple[Hashable, ...], Markup] = {}


def remembered_field(field: SelectField) -> Markup:
    """The HTML of one of the public filters' lists, as `macros/forms.html` writes a field,
    written once per language, choices offered and choice made: their labels follow from their
    values and the language, so that is all a list shows (writing the directory's seven cost a
    new search's page 0.6 ms). A list with an error message is written every time. At most
    `FIELDS_KEPT` are kept."""
    if field.errors:
        return _written_field(field)
    offered = tuple(value for value, *_rest in field.iter_choices())
    key = (str(get_locale()), field.id, field.data, offered)
    html = _fields.get(key)
    if html is None:
        if len(_fields) >= FIELDS_KEPT:
            _fields.clear()
        html = _fields[key] = _written_field(field)
    return html


def _written_field(field: SelectField) -> Markup:
    write = get_template_attribute("macros/forms.html", "field")
    return Markup(write(field))  # noqa: S704 - an autoescaped macro's output


def forget_derived() -> None:
    """Empty the cache of derived values (tests)."""
    _derived.clear()
    with _entries_lock:
        _entries.clear()
    _rows.clear()
    _fields.clear()


def conditional(
    *, page: bool, max_age: int = DATA_MAX_AGE, by_the_minute: bool = False
) -> Callable[[F], F]:
    """Give a public view's 200 answers validators and a cache lifetime, answer a conditional
    GET whose validator still holds with 304 Not Modified, and let `app.public.response_cache`
    keep its answers for readers who are not signed in.

    `page=True` for HTML pages (private, revalidated every time, varying with language and
    session); otherwise the answer is the same for everyone and may be shared for `max_age`
    seconds. `by_the_minute` for a page whose text follows the clock to the minute.
    """
    rule = Rule(page=page, max_age=max_age, by_the_minute=by_the_minute)

    def decorate(view: F) -> F:
        @wraps(view)
        def answer(**kwargs: Any) -> Response:
            if page and not reader_is_anonymous():
                response = make_response(view(**kwargs))
                response.cache_control.private = True
                response.cache_control.no_store = True
                return response
            found = pending(rule)
            # A pending flash message must be shown, so never answer 304 over it.
            flash_pending = page and bool(session.get("_flashes"))
            if is_fresh(found.etag, found.version.last_modified) and not flash_pending:
                return stamp(current_app.response_class(status=304), found, rule)
            response = make_response(view(**kwargs))
            if response.status_code != 200:
                return response
            return stamp(response, found, rule)

        answer.public_cache = rule  # type: ignore[attr-defined]
        return answer  # type: ignore[return-value]

    return decorate


# Public pages served by modules of the program's cycle, which never import the public face:
# made conditional here, by endpoint (a call's pages show its time left to the minute).
CONDITIONAL_ELSEWHERE = {
    "solicitations.index": {"page": True, "by_the_minute": True},
    "solicitations.detail": {"page": True, "by_the_minute": True},
}


def init_app(app: Flask) -> None:
    """Make the public pages of other modules conditional (after their blueprints)."""
    for endpoint, options in CONDITIONAL_ELSEWHERE.items():
        if endpoint in app.view_functions:
            view = app.view_functions[endpoint]
            app.view_functions[endpoint] = conditional(**options)(view)  # type: ignore[arg-type]
