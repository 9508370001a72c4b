"""Whole public answers, cached under (scheme and host, path, full query string, language, data
version, build), and answered before any other hook of the request runs.

Every view decorated with `conditional` (`app.public.caching`) is a pure function of that key
for a reader who is not signed in: its pages carry no per-response secret (no CSRF token, no
session cookie, a Content-Security-Policy without a nonce). So the first hook of each request
(`serve_from_cache`) reads the data version — one row by its key — and, for a GET of such a view
by an anonymous reader, answers 304 when the browser's ETag still holds, else the stored answer
when there is one, before the user is loaded, the permission checked or anything rendered.
Otherwise the view runs, and the last hook of the request (`store`) keeps its 200 answer, unless
it sets a cookie or the session changed (a flashed message, a token).

Who is anonymous here: a request with no "keep me signed in" cookie whose session names no user
and holds no flashed message (an API request always is: the API ignores the session). A
signed-in reader's request never reads or writes the cache.

The store is this process's bounded LRU (``PUBLIC_CACHE_BYTES``, 0 turns it off) in front of
a store every worker shares (`app.public.stores`: Redis when ``PUBLIC_CACHE_REDIS_URL`` is set,
else a folder of this machine, ``PUBLIC_CACHE_DIR``). The pages of the public face are bounded
by its records (a few per record and language), the texts readers type in a search box are
not, and most are asked for once: an answer to a typed text (`stores.TYPED_PARAMETERS`) is
stored only when this process is asked for its address a second time (`AskedOnce`), so one-off
searches cannot fill the worker's memory (or the shared store) nor push out the pages read all
day. The data version is part of the key, so a change of any public record makes every stored
answer unreachable at once, in every process, without any message; old entries simply age out.
A shared store that does not answer is skipped for a while, never an error page.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from blinker import Namespace
from flask import Flask, current_app, g, request, session
from werkzeug.wrappers import Request, Response

from app import ROOT
from app.accounts.sessions import REMEMBER_COOKIE
from app.api.problems import is_api_request
from app.i18n import locale_of_request
from app.public.queries import DataVersion, public_data_version
from app.public.stores import Address, MemoryStore, Stored, shared_store

log = logging.getLogger(__name__)

FLASHES = "_flashes"
USER_ID = "_user_id"
STORED_STATUS = 200
VERSION_ENVIRON = "portal.public_data_version"  # read by the fast path, reused by the hooks
MISSED_ENVIRON = "portal.public_cache_missed"  # the key the fast path found nothing under
WARMING_ENVIRON = "portal.warming"  # a request of the warming (app.public.warming), not a reader's
ASKED_ONCE_KEPT = 4_096  # typed addresses remembered as asked once, the most recent
# Sent with the request whose answer was just stored (app.public.warming listens).
page_stored = Namespace().signal("public-page-stored")


@dataclass(frozen=True)
class Rule:
    """How a `conditional` view's answers are validated and cached (the view's attribute
    ``public_cache``): `page` for HTML pages (private, revalidated, varying with language and
    cookie), else data shared for `max_age` seconds; `by_the_minute` for a page whose text
    changes with the clock (a call's time left)."""

    page: bool
    max_age: int
    by_the_minute: bool = False


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


def is_fresh(etag: str, last_modified: datetime | None) -> bool:
    """Whether the browser's copy (If-None-Match, else If-Modified-Since) is still right."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    if request.if_modified_since and last_modified is not None:
        return last_modified.replace(microsecond=0) <= request.if_modified_since
    return False


def stamp(response: Response, found: Pending, rule: Rule) -> Response:
    """Validators and cache lifetime on an answer of a `conditional` view."""
    response.set_etag(found.etag, weak=True)
    if found.version.last_modified is not None:
        response.last_modified = found.version.last_modified
    if rule.page:
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    else:
        response.cache_control.public = True
        response.cache_control.max_age = rule.max_age
    return response


@dataclass(frozen=True)
class Pending:
    """What the first hook learned about a cacheable request."""

    key: str
    etag: str
    version: DataVersion
    address: Address
    until: float | None = None


class AskedOnce:
    """The typed addresses asked for once lately (at most `ASKED_ONCE_KEPT`, the most recent):
    an answer to one is stored at its second ask. A "doorkeeper", as caches in front of an
    unbounded space of addresses keep one: a one-off search costs its address here, not its
    page."""

    def __init__(self) -> None:
        self._seen: OrderedDict[Address, None] = OrderedDict()
        self._lock = threading.Lock()

    def again(self, address: Address) -> bool:
        """Whether `address` was asked for lately; it is remembered as asked for now."""
        with self._lock:
            if address in self._seen:
                del self._seen[address]
                return True
            self._seen[address] = None
            while len(self._seen) > ASKED_ONCE_KEPT:
                self._seen.popitem(last=False)
            return False

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._seen.clear()


_memory = MemoryStore()
_asked_once = AskedOnce()


def storing(config: Mapping[str, Any]) -> bool:
    """Whether answers are kept at all (this process's memory or the shared store)."""
    return bool(int(config["PUBLIC_CACHE_BYTES"]) or shared_store(config))


def lookup(config: Mapping[str, Any], key: str) -> Stored | None:
    """The answer stored under `key`, from this process's memory, else from the shared store
    (then kept in memory too); None when there is none or its minute has passed."""
    capacity = int(config["PUBLIC_CACHE_BYTES"])
    stored = _memory.get(key) if capacity else None
    if stored is None and (shared := shared_store(config)) is not None:
        stored = shared.get(key)
        if stored is not None and capacity:
            _memory.put(key, stored, capacity)
    return None if stored is None or stored.expired else stored


def keep(config: Mapping[str, Any], key: str, stored: Stored) -> None:
    """Store `stored` under `key` in memory and the shared store (those configured)."""
    if capacity := int(config["PUBLIC_CACHE_BYTES"]):
        _memory.put(key, stored, capacity)
    if (shared := shared_store(config)) is not None:
        shared.put(key, stored)


def forget() -> None:
    """Empty this process's store (tests; shared entries are unreachable once data changes)."""
    _memory.clear()
    _asked_once.clear()


def rule_of_view() -> Rule | None:
    """The caching rule of this request's view, if it is a `conditional` one."""
    view = current_app.view_functions.get(request.endpoint or "")
    rule = getattr(view, "public_cache", None)
    return rule if isinstance(rule, Rule) else None


def carries_a_session(cookies: Mapping[str, str], config: Mapping[str, Any]) -> bool:
    """Whether the request brings a session or a remembered sign-in: only a reader without
    either is anonymous before the session is read (the fast path serves no one else)."""
    return REMEMBER_COOKIE in cookies or config["SESSION_COOKIE_NAME"] in cookies


def reader_is_anonymous() -> bool:
    """No user, no remembered sign-in, no message waiting: the cached answer is theirs."""
    if is_api_request():
        return True
    if not carries_a_session(request.cookies, current_app.config):
        return True
    if REMEMBER_COOKIE in request.cookies:
        return False
    return not session.get(USER_ID) and not session.get(FLASHES)


def address_of(asked: Request, default_locale: str) -> Address:
    """The address of `asked` (the one spelling of it, for the app's hooks and the fast path
    alike)."""
    return Address(
        scheme=asked.scheme,
        host=asked.host,
        path=asked.path,
        query=asked.query_string.decode("latin-1"),
        language=locale_of_request(asked, default_locale),
    )


def key_of(address: Address, version: DataVersion) -> str:
    """The key of the answer at `address` under `version`, for this build."""
    parts = [
        build_fingerprint(),
        version.token,
        address.scheme,
        address.host,
        address.path,
        address.query,
        address.language,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def pending(rule: Rule) -> Pending:
    """The key and ETag of this request's answer, for a reader who is not signed in (the
    data version read once per request)."""
    found: Pending | None = g.get("public_cache")
    if found is not None:
        return found
    version = request.environ.get(VERSION_ENVIRON) or public_data_version()
    g.public_data_version = version
    address = address_of(request, current_app.config["BABEL_DEFAULT_LOCALE"])
    key = key_of(address, version)
    etag = key[:32]
    until = None
    if rule.by_the_minute:  # a countdown to the minute (a call's time left)
        minute = int(time.time() // 60)
        etag = hashlib.sha256(f"{key}:{minute}".encode()).hexdigest()[:32]
        until = (minute + 1) * 60.0
    found = Pending(key=key, etag=etag, version=version, address=address, until=until)
    g.public_cache = found
    return found


def serve_from_cache() -> Response | None:
    """The first hook: 304 or the stored answer for an anonymous GET of a public view."""
    if request.method != "GET" or (rule := rule_of_view()) is None or not reader_is_anonymous():
        return None
    found = pending(rule)
    if is_fresh(found.etag, found.version.last_modified):
        g.public_cache_hit = True
        return stamp(current_app.response_class(status=304), found, rule)
    if request.environ.get(MISSED_ENVIRON) == found.key:  # the fast path looked already
        return None
    stored = lookup(current_app.config, found.key)
    if stored is None:
        return None
    g.public_cache_hit = True
    return current_app.response_class(stored.body, status=STORED_STATUS, headers=stored.headers)


def store(response: Response) -> Response:
    """The last hook: keep a fresh 200 answer that sets no cookie and changed no session."""
    found: Pending | None = g.get("public_cache")
    if (
        found is None
        or request.method != "GET"
        or g.get("public_cache_hit")
        or response.status_code != STORED_STATUS
        or response.direct_passthrough
        or response.is_streamed
        or "Set-Cookie" in response.headers
        or session.modified
        or session.get(FLASHES)
    ):
        return response
    if not storing(current_app.config):
        return response
    warming = request.environ.get(WARMING_ENVIRON)  # the pages readers asked for most
    if found.address.typed and not warming and not _asked_once.again(found.address):
        return response  # a text asked for once, so far
    headers = tuple(
        (name, value) for name, value in response.headers.items() if name != "Content-Length"
    )
    stored = Stored(headers=headers, body=response.get_data(), etag=found.etag, until=found.until)
    keep(current_app.config, found.key, stored)
    page_stored.send(request._get_current_object(), address=found.address)  # type: ignore[attr-defined]
    return response


def init_app(app: Flask) -> None:
    """Install the two hooks: call before any other hook is registered, so that the lookup
    runs first and the storing last; and the WSGI fast path in front of Flask."""
    from app.public.fast_path import FastPath

    app.before_request(serve_from_cache)
    app.after_request(store)
    fast_path = FastPath(app, app.wsgi_app)
    app.extensions["public_fast_path"] = fast_path
    app.wsgi_app = fast_path  # type: ignore[method-assign]
