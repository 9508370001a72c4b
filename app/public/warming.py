"""The most read public pages, rendered again as soon as a change of public data is committed.

A change makes every stored answer unreachable (the data version is in the key), so without
this the next reader of each page would wait for it to be rendered — tens of milliseconds where
a stored answer takes one. Instead the process that commits the change renders again the pages
readers were last seen waiting for (`note_read`: a reader's request that was rendered and
stored), through the whole application as an anonymous GET of the same address, host and
language, so the new answers are stored under the new version exactly as a reader's would be:
in that process's memory and in the shared Redis, where every worker finds them.

Inside a request, the pages are rendered after the answer has been sent (the writer does not
wait); elsewhere — a command, the job runner, a script — before the commit returns. A reader who
comes within that moment renders the page as before: nothing is served that the application
would not serve, and nothing older than the commit. At most `PUBLIC_CACHE_WARM_PAGES` pages,
within `PUBLIC_CACHE_WARM_SECONDS`; one warming at a time per process.

Which pages are read: with Redis, a sorted set shared by every process (scored by when a
reader last waited for the page); without it, this process's own list.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from flask import Flask, after_this_request, current_app, has_app_context, has_request_context
from sqlalchemy.orm import Session
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Request, Response

from app.data_version import public_data_changed
from app.i18n import locale_of_request
from app.public import response_cache

log = logging.getLogger(__name__)

WARMING_ENVIRON = "portal.warming"  # a request of the warming itself, not a reader's
REDIS_KEY = "portal:read-pages"
KEPT_SECONDS = 86_400.0  # a page no reader waited for in a day is no longer warmed


@dataclass(frozen=True)
class Address:
    """What a stored answer's key is made of, but the build and data version: enough to ask
    for the same page again."""

    scheme: str
    host: str
    path: str
    query: str
    language: str

    def encode(self) -> str:
        """One line of JSON, its fields in a fixed order (a member of the Redis set)."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def decode(cls, data: str | bytes) -> Address:
        """The inverse of `encode`."""
        return cls(**json.loads(data))

    def environ(self) -> dict[str, Any]:
        """An anonymous reader's GET of this address, in its language."""
        builder = EnvironBuilder(
            path=self.path,
            base_url=f"{self.scheme}://{self.host}",
            query_string=self.query,
            headers=[("Accept-Language", self.language.replace("_", "-"))],
        )
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        environ[WARMING_ENVIRON] = True
        return environ


class ReadPages:
    """The addresses readers last waited for: in Redis, else in this process."""

    def __init__(self) -> None:
        self._local: OrderedDict[Address, float] = OrderedDict()
        self._lock = threading.Lock()

    def note(self, config: Mapping[str, Any], address: Address) -> None:
        """A reader waited for `address` just now."""
        limit = int(config["PUBLIC_CACHE_WARM_PAGES"])
        redis = _redis(config)
        if redis is not None:
            try:
                pipeline = redis.pipeline(transaction=False)
                pipeline.zadd(REDIS_KEY, {address.encode(): time.time()})
                pipeline.zremrangebyrank(REDIS_KEY, 0, -limit - 1)
                pipeline.execute()
            except Exception:
                log.warning("public page warming: Redis does not answer; a page is not noted")
            return
        with self._lock:
            self._local.pop(address, None)
            self._local[address] = time.time()
            while len(self._local) > limit:
                self._local.popitem(last=False)

    def latest(self, config: Mapping[str, Any]) -> list[Address]:
        """The addresses to warm, the most recently read first."""
        limit = int(config["PUBLIC_CACHE_WARM_PAGES"])
        since = time.time() - KEPT_SECONDS
        redis = _redis(config)
        if redis is not None:
            try:
                members = redis.zrevrangebyscore(REDIS_KEY, "+inf", since, start=0, num=limit)
            except Exception:
                log.warning("public page warming: Redis does not answer; nothing is warmed")
                return []
            return [Address.decode(member) for member in members]
        with self._lock:
            return [a for a, at in reversed(self._local.items()) if at >= since][:limit]

    def clear(self) -> None:
        """Forget this process's list (tests)."""
        with self._lock:
            self._local.clear()


_read_pages = ReadPages()
_warming = threading.Lock()


def _redis(config: Mapping[str, Any]) -> Any:
    url = config.get("PUBLIC_CACHE_REDIS_URL")
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url, socket_timeout=0.2, socket_connect_timeout=0.2)


def enabled(config: Mapping[str, Any]) -> bool:
    """Whether pages are warmed at all: answers are stored and some pages are to be warmed."""
    return response_cache.storing(config) and int(config["PUBLIC_CACHE_WARM_PAGES"]) > 0


def address_of(asked: Request, default_locale: str) -> Address:
    """The address of `asked`, as its stored answer's key names it."""
    return Address(
        scheme=asked.scheme,
        host=asked.host,
        path=asked.path,
        query=asked.query_string.decode("latin-1"),
        language=locale_of_request(asked, default_locale),
    )


def _note_read(asked: Request) -> None:
    """A reader's request was rendered and stored: its page is one to warm after a change."""
    config = current_app.config
    if asked.environ.get(WARMING_ENVIRON) or not enabled(config):
        return
    _read_pages.note(config, address_of(asked, config["BABEL_DEFAULT_LOCALE"]))


def warm(app: Flask) -> int:
    """Render the most recently read pages again, through the whole application, so that they
    are stored under the data version now committed. Returns how many were rendered."""
    config = app.config
    if not enabled(config) or not _warming.acquire(blocking=False):
        return 0
    try:
        deadline = time.monotonic() + float(config["PUBLIC_CACHE_WARM_SECONDS"])
        rendered = 0
        flask_itself = partial(Flask.wsgi_app, app)  # no middleware: a miss goes there anyway
        for address in _read_pages.latest(config):
            if time.monotonic() > deadline:
                break
            _, status, _ = run_wsgi_app(flask_itself, address.environ(), buffered=True)
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
