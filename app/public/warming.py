"""The most read public pages, rendered again as soon as a change of public data is committed.

A change makes every stored answer unreachable (the data version is in the key), so without
this the next reader of each page would wait for it to be rendered — tens of milliseconds where
a stored answer takes one. Instead the process that commits the change renders again the pages
readers were last seen waiting for (`note_read`: a reader's request that was rendered and
stored), through the whole application as an anonymous GET of the same address, host and
language, so the new answers are stored under the new version exactly as a reader's would be:
in that process's memory and in the store every worker shares (`app.public.stores`: Redis, or
a folder of this machine), where every worker finds them.

Inside a request, the pages are rendered after the answer has been sent (the writer does not
wait); elsewhere — a command, the job runner, a script — before the commit returns. A reader who
comes within that moment renders the page as before: nothing is served that the application
would not serve, and nothing older than the commit. At most `PUBLIC_CACHE_WARM_PAGES` pages,
within `PUBLIC_CACHE_WARM_SECONDS`; one warming at a time per process.

Which pages are read: counts kept in the shared store, by every process (how many times readers
asked for each page); without a shared store, this process's own counts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Mapping
from functools import partial
from typing import Any

from flask import Flask, after_this_request, current_app, has_app_context, has_request_context
from sqlalchemy.orm import Session
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Request, Response

from app.data_version import public_data_changed
from app.public import response_cache
from app.public.response_cache import WARMING_ENVIRON
from app.public.stores import Address, shared_store

log = logging.getLogger(__name__)

CANDIDATES_PER_PAGE = 10
SEND_SECONDS = 2.0


def _environ_of(address: Address) -> dict[str, Any]:
    """An anonymous reader's GET of `address`, in its language, marked as the warming's."""
    builder = EnvironBuilder(
        path=address.path,
        base_url=f"{address.scheme}://{address.host}",
        query_string=address.query,
        headers=[("Accept-Language", address.language.replace("_", "-"))],
    )
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    environ[WARMING_ENVIRON] = True
    return environ


class ReadPages:
    """How often readers asked for each address — served from the store or waited for: in the
    store every worker shares (`stores.shared_store`), else in this process. The
    `CANDIDATES_PER_PAGE` × pages-to-warm most asked for are kept, so a flood of one-off
    addresses (searches never asked before) cannot push out the pages read all day. Served
    answers are counted in memory and sent to the shared store at most every `SEND_SECONDS`
    (one write for many), waits at once."""

    def __init__(self) -> None:
        self._local: dict[Address, int] = {}
        self._unsent: Counter[Address] = Counter()
        self._sent_at = time.monotonic()
        self._lock = threading.Lock()

    def count(self, config: Mapping[str, Any], address: Address, *, now: bool) -> None:
        """A reader asked for `address`; `now`: send the counts to the shared store without
        waiting."""
        kept = int(config["PUBLIC_CACHE_WARM_PAGES"]) * CANDIDATES_PER_PAGE
        shared = shared_store(config)
        with self._lock:
            if shared is None:
                self._local[address] = self._local.get(address, 0) + 1
                while len(self._local) > kept:
                    del self._local[min(self._local, key=self._local.__getitem__)]
                return
            self._unsent[address] += 1
            if not now and time.monotonic() - self._sent_at < SEND_SECONDS:
                return
            unsent, self._unsent, self._sent_at = self._unsent, Counter(), time.monotonic()
        shared.add_reads(unsent, kept)

    def most_read(self, config: Mapping[str, Any]) -> list[Address]:
        """The addresses to warm, the most asked for first."""
        limit = int(config["PUBLIC_CACHE_WARM_PAGES"])
        if (shared := shared_store(config)) is not None:
            return shared.most_read(limit)
        with self._lock:
            ranked = sorted(self._local.items(), key=lambda item: -item[1])  # stable: oldest first
            return [address for address, _ in ranked[:limit]]

    def clear(self) -> None:
        """Forget this process's counts (tests)."""
        with self._lock:
            self._local.clear()
            self._unsent.clear()


_read_pages = ReadPages()
_warming = threading.Lock()


def enabled(config: Mapping[str, Any]) -> bool:
    """Whether pages are warmed at all: answers are stored and some pages are to be warmed."""
    return response_cache.storing(config) and int(config["PUBLIC_CACHE_WARM_PAGES"]) > 0


def _note_read(asked: Request, address: Address) -> None:
    """A reader's request was rendered and stored: its page is one to warm after a change."""
    config = current_app.config
    if asked.environ.get(WARMING_ENVIRON) or not enabled(config):
        return
    _read_pages.count(config, address, now=True)


def note_served(config: Mapping[str, Any], address: Address) -> None:
    """A reader was served a stored answer (the fast path): its page is read, too."""
    if enabled(config):
        _read_pages.count(config, address, now=False)


def warm(app: Flask) -> int:
    """Render the most asked-for pages again, through the whole application, so that they are
    stored under the data version now committed. Returns how many were rendered."""
    config = app.config
    if not enabled(config) or not _warming.acquire(blocking=False):
        return 0
    try:
        deadline = time.monotonic() + float(config["PUBLIC_CACHE_WARM_SECONDS"])
        rendered = 0
        flask_itself = partial(Flask.wsgi_app, app)  # no middleware: a miss goes there anyway
        for address in _read_pages.most_read(config):
            if time.monotonic() > deadline:
                break
            _, status, _ = run_wsgi_app(flask_itself, _environ_of(address), buffered=True)
            rendered += status.startswith("200")
        return rendered
    except Exception:
        log.exception("public page warming failed; readers render the pages themselves")
        return 0
    finally:
        _warming.release()


def warm_apart(app: Flask) -> None:
    """`warm` in a thread of its own, waited for: its requests get an application context and
    a database session of their own, never the committing one's (which may be mid-commit)."""
    worker = threading.Thread(target=warm, args=(app,), name="public-page-warming")
    worker.start()
    worker.join()


def _after_a_public_commit(session: Session) -> None:
    """Warm once the change is committed: after the answer inside a request, else now."""
    if not has_app_context() or not enabled(current_app.config):
        return
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if has_request_context():

        @after_this_request
        def _after_the_answer(response: Response) -> Response:
            response.call_on_close(lambda: warm_apart(app))
            return response

        return
    warm_apart(app)


def forget() -> None:
    """Forget the pages read in this process (tests)."""
    _read_pages.clear()


def init_app(app: Flask) -> None:
    """Listen for committed changes of public data and for readers' pages being stored."""
    public_data_changed.connect(_after_a_public_commit, weak=False)
    response_cache.page_stored.connect(_note_read, weak=False)
