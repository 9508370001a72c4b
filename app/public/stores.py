"""Where the public answers of `app.public.response_cache` are kept, and the list of pages
readers asked for that `app.public.warming` renders again after a change.

Each worker keeps answers in its own memory (`MemoryStore`). In front of it, one store shared
by every worker (`shared_store`), so that an answer rendered by one process — a reader's
worker, or the process that committed a change and warmed the pages — is found by all:

- Redis (``PUBLIC_CACHE_REDIS_URL``), shared by every worker of every app server;
- else a folder on this machine (``PUBLIC_CACHE_DIR``, default ``instance/public-cache``),
  shared by every worker of the machine: diskcache's store, a SQLite file with the larger
  answers as files beside it, bounded by ``PUBLIC_CACHE_DIR_BYTES`` (the least recently stored
  go first) and safe for any number of processes.

Either keeps an answer ``PUBLIC_CACHE_REDIS_SECONDS`` at most; a change of public data makes
every stored answer unreachable (the data version is in its key), and old ones age out. A
store that fails to answer is skipped for `RETRY_SECONDS`, never an error page.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qsl

log = logging.getLogger(__name__)

T = TypeVar("T")

REDIS_PREFIX = "portal:page:"
READ_PAGES_KEY = "portal:read-pages"
READ_PAGES_SECONDS = 86_400  # the counts are forgotten after a day in which no reader waited
RETRY_SECONDS = 30.0
# Query parameters whose values readers type (the search box): see `response_cache.AskedOnce`.
TYPED_PARAMETERS = frozenset({"q"})


@dataclass(frozen=True)
class Address:
    """What an anonymous reader's answer depends on, but the build and the data version: the
    scheme and host, the path, the whole query string and the language."""

    scheme: str
    host: str
    path: str
    query: str
    language: str

    @property
    def typed(self) -> bool:
        """Whether the query string carries a text the reader typed (`TYPED_PARAMETERS`)."""
        return any(
            name in TYPED_PARAMETERS and value.strip() for name, value in parse_qsl(self.query)
        )

    def encode(self) -> str:
        """One line of JSON, its fields in a fixed order."""
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def decode(cls, data: str | bytes) -> Address:
        """The inverse of `encode`."""
        return cls(**json.loads(data))


@dataclass(frozen=True)
class Stored:
    """One answer as sent: its headers (every hook already run), body and ETag, and for a page
    that follows the clock, the time (`time.time()`) its minute ends."""

    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str = ""
    until: float | None = None

    @property
    def expired(self) -> bool:
        """Whether its minute has passed (a page that follows the clock)."""
        return self.until is not None and time.time() >= self.until

    @property
    def size(self) -> int:
        """Bytes it takes, roughly: the body and the headers."""
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200

    def encode(self) -> bytes:
        """For a shared store: a line of JSON (headers, ETag, end of minute), then the body."""
        head = {"headers": self.headers, "etag": self.etag, "until": self.until}
        return json.dumps(head).encode() + b"\n" + self.body

    @classmethod
    def decode(cls, data: bytes) -> Stored:
        """The inverse of `encode`."""
        line, _, body = data.partition(b"\n")
        head = json.loads(line)
        headers = tuple((str(k), str(v)) for k, v in head["headers"])
        return cls(headers=headers, body=body, etag=str(head["etag"]), until=head["until"])


class MemoryStore:
    """Least recently used answers, at most `capacity` bytes in all."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, Stored] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Stored | None:
        """The answer stored under `key`, marked as just used."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: str, stored: Stored, capacity: int) -> None:
        """Keep `stored`, dropping the least recently used beyond `capacity` bytes."""
        if stored.size > capacity:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._bytes -= previous.size
            self._entries[key] = stored
            self._bytes += stored.size
            while self._bytes > capacity:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        """Bytes held now."""
        return self._bytes


class SharedStore(Protocol):
    """A store every worker finds the same answers and counts in."""

    def get(self, key: str) -> Stored | None:
        """The answer stored under `key` by any process, if the store has it."""

    def put(self, key: str, stored: Stored) -> None:
        """Share `stored` with every process."""

    def add_reads(self, reads: Counter[Address], kept: int) -> None:
        """Add `reads` to the shared counts of pages read, keeping the `kept` most read."""

    def most_read(self, limit: int) -> list[Address]:
        """The `limit` pages read most, the most read first."""


class _Skipping:
    """Calls to a store, skipped for `RETRY_SECONDS` after one fails (logged once)."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._down_until = 0.0

    def call(self, what: Callable[[], T]) -> T | None:
        if time.monotonic() < self._down_until:
            return None
        try:
            return what()
        except Exception:
            log.warning("public page cache: %s does not answer; skipped for a while", self._name)
            self._down_until = time.monotonic() + RETRY_SECONDS
            return None


class RedisStore:
    """The store shared by every worker and app server: Redis, pages under `REDIS_PREFIX`, the
    pages read as a sorted set."""

    def __init__(self, url: str, seconds: int) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.1, socket_connect_timeout=0.1)
        self._seconds = seconds
        self._calls = _Skipping("Redis")

    def get(self, key: str) -> Stored | None:
        data = self._calls.call(lambda: self.client.get(REDIS_PREFIX + key))
        return Stored.decode(data) if isinstance(data, bytes) else None

    def put(self, key: str, stored: Stored) -> None:
        data = stored.encode()
        self._calls.call(lambda: self.client.set(REDIS_PREFIX + key, data, ex=self._seconds))

    def add_reads(self, reads: Counter[Address], kept: int) -> None:
        def send() -> None:
            pipeline = self.client.pipeline(transaction=False)
            for address, times in reads.items():
                pipeline.zincrby(READ_PAGES_KEY, times, address.encode())
            pipeline.zremrangebyrank(READ_PAGES_KEY, 0, -kept - 1)
            pipeline.expire(READ_PAGES_KEY, READ_PAGES_SECONDS)
            pipeline.execute()

        self._calls.call(send)

    def most_read(self, limit: int) -> list[Address]:
        members = self._calls.call(lambda: self.client.zrevrange(READ_PAGES_KEY, 0, limit - 1))
        return [Address.decode(m) for m in members or [] if isinstance(m, bytes | str)]


class DiskStore:
    """The store shared by every worker of this machine: diskcache's, in `directory` (opened at
    its first use, so that a folder that cannot be made is skipped like any failure)."""

    def __init__(self, directory: str, seconds: int, size_limit: int) -> None:
        self._directory = directory
        self._size_limit = size_limit
        self._seconds = seconds
        self._calls = _Skipping(f"the folder {directory}")
        self._cache: Any = None

    @property
    def cache(self) -> Any:
        """diskcache's `Cache` (safe for threads and processes)."""
        if self._cache is None:
            import diskcache

            self._cache = diskcache.Cache(
                self._directory,
                size_limit=self._size_limit,
                eviction_policy="least-recently-stored",  # a read writes nothing
                timeout=0.1,  # seconds a locked database is waited for, then skipped
            )
        return self._cache

    def close(self) -> None:
        """Close the cache's database connection, if it was opened."""
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    def get(self, key: str) -> Stored | None:
        data = self._calls.call(lambda: self.cache.get(key))
        return Stored.decode(data) if isinstance(data, bytes) else None

    def put(self, key: str, stored: Stored) -> None:
        data = stored.encode()
        self._calls.call(lambda: self.cache.set(key, data, expire=self._seconds))

    def add_reads(self, reads: Counter[Address], kept: int) -> None:
        def add() -> None:
            with self.cache.transact():
                counts = self._read_counts()
                for address, times in reads.items():
                    counts[address.encode()] += times
                most = json.dumps(dict(counts.most_common(kept))).encode()
                self.cache.set(READ_PAGES_KEY, most, expire=READ_PAGES_SECONDS)

        self._calls.call(add)

    def most_read(self, limit: int) -> list[Address]:
        counts = self._calls.call(self._read_counts) or Counter()
        return [Address.decode(address) for address, _ in counts.most_common(limit)]

    def _read_counts(self) -> Counter[str]:
        data = self.cache.get(READ_PAGES_KEY)
        return Counter(json.loads(data)) if isinstance(data, bytes) else Counter()


_shared: dict[tuple[str, str], SharedStore] = {}
_shared_lock = threading.Lock()


def shared_store(config: Mapping[str, Any]) -> SharedStore | None:
    """The store every worker shares: Redis when one is configured, else the folder, else
    none (one client per address, per process)."""
    if url := config.get("PUBLIC_CACHE_REDIS_URL"):
        where = ("redis", url)
    elif folder := config.get("PUBLIC_CACHE_DIR"):
        where = ("folder", folder)
    else:
        return None
    if (found := _shared.get(where)) is not None:  # every anonymous GET asks: no lock once made
        return found
    with _shared_lock:
        if where not in _shared:
            seconds = int(config["PUBLIC_CACHE_REDIS_SECONDS"])
            _shared[where] = (
                RedisStore(where[1], seconds)
                if where[0] == "redis"
                else DiskStore(where[1], seconds, int(config["PUBLIC_CACHE_DIR_BYTES"]))
            )
        return _shared[where]


def forget_clients() -> None:
    """Close this process's clients of the shared stores (tests: the next one opens anew, as
    another process would)."""
    with _shared_lock:
        for store in _shared.values():
            if isinstance(store, DiskStore):
                store.close()
        _shared.clear()
