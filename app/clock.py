"""The portal's one clock, and the program's two capitals' time zones.

Everything that asks "what time is it" calls `now()`, so tests can freeze time to the second
(deadline boundaries) with `frozen_at`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

WASHINGTON = ZoneInfo("America/New_York")
BEIJING = ZoneInfo("Asia/Shanghai")

_frozen: datetime | None = None


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Make `now()` return `moment` (converted to UTC) inside the block."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("frozen_at needs a timezone-aware datetime")
    previous, _frozen = _frozen, moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous
