"""The portal's one clock, and the program's two capitals' time zones.

Everything that asks "what time is it" calls `now()` (or `today()`, the program's day), so tests
can freeze time to the second
(deadline boundaries) with `frozen_at`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

WASHINGTON = ZoneInfo("America/New_York")
BEIJING = ZoneInfo("Asia/Shanghai")

_frozen: datetime | None = None


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today() -> date:
    """The program's current day (UTC), from the one clock."""
    return now().date()


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def add_years(day: date, years: int) -> date:
    """`day` plus whole years (29 February becomes 28 February)."""
    return add_months(day, 12 * years)


def end_of_month(first_day: date) -> date:
    """The last day of the month `first_day` falls in."""
    return add_months(first_day.replace(day=1), 1) - timedelta(days=1)


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
