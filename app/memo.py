"""Values computed from the data, kept in this process under the version of the data they were
computed from (`app.data_version`'s counters): an entry is never read once its data changed,
since every write to what it is made of moves the version, in every process alike.

A version of None means that none can be trusted (this transaction wrote what the value is
made of and has not committed): the value is computed and not kept. Each memo keeps its last
`size` entries, the least recently used going first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

T = TypeVar("T")

_every: list[Memo] = []


class Memo:
    """A few values, each under (version, *key)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[Hashable, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        _every.append(self)

    def get(self, version: str | None, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """`compute()`, remembered under (`version`, *`key`); None: computed, not kept."""
        if version is None:
            return compute()
        entry = (version, *key)
        with self._lock:
            if entry in self._entries:
                self._entries.move_to_end(entry)
                return cast(T, self._entries[entry])
        found = compute()
        with self._lock:
            self._entries[entry] = found
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return found

    def __len__(self) -> int:
        """How many entries it holds now."""
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def forget_everything() -> None:
    """Empty every memo (the tests' rolled-back transactions reuse versions)."""
    for memo in _every:
        memo.clear()
