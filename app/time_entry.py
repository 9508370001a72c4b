"""Times typed into forms: the zones a form offers, and the one conversion to and from UTC.

A chair enters a deadline (a call's, a review's) as a wall-clock time in Washington's, Beijing's
or UTC; the portal stores the UTC instant. A wall time that does not exist or happens twice in
that zone is refused, never guessed at.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from app.errors import ServiceError

# The zones a chair may enter a date and time in: the two capitals' and UTC.
ENTRY_TIME_ZONES = ("America/New_York", "Asia/Shanghai", "UTC")


def zoned_to_utc(local: datetime, zone: str, *, field: str | None = None) -> datetime:
    """The UTC instant of the wall-clock time `local` in `zone` (one of ENTRY_TIME_ZONES).

    A wall time that does not exist (clocks go forward) or happens twice (clocks go back) is
    refused rather than guessed at: a deadline must mean exactly one second.
    """
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    if zone not in ENTRY_TIME_ZONES:
        raise ServiceError(_l("Choose a time zone from the list."), field=field)
    tz = ZoneInfo(zone)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        as_utc = (first.astimezone(UTC), second.astimezone(UTC))
        exists = [
            moment for moment in as_utc if moment.astimezone(tz).replace(tzinfo=None) == local
        ]
        if len(exists) != 1:
            message = (
                _l("This time does not exist in that zone (the clocks go forward). Choose another.")
                if not exists
                else _l(
                    "This time happens twice in that zone (the clocks go back). Choose another."
                )
            )
            raise ServiceError(message, field=field)
        return exists[0]
    return first.astimezone(UTC)


def entry_zone(user: Any) -> str:
    """The zone a person's forms show times in: their own, when it is one the forms offer."""
    zone = str(getattr(user, "time_zone", "") or "")
    return zone if zone in ENTRY_TIME_ZONES else "America/New_York"


def utc_to_zoned(moment: datetime, zone: str) -> datetime:
    """`moment` as a naive wall-clock time in `zone`, for pre-filling a form."""
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
