"""The personal calendar as iCalendar (icalendar): whole-day events, one per due date, in the
user's language, with UIDs that stay the same when a date moves."""

from __future__ import annotations

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event

from app import clock
from app.accounts.models import User
from app.addresses import stable_base_url
from app.calendars.sources import DUE_DATE_SOURCES, DueDateSource, due_dates


def personal_calendar(user: User, sources: list[DueDateSource] = DUE_DATE_SOURCES) -> bytes:
    """`user`'s due dates as an iCalendar document, written in the user's language."""
    host = urlsplit(stable_base_url()).hostname or "ecopartnerships"
    with force_locale(str(user.language)):
        items = due_dates(user, sources)
        calendar = Calendar()
        calendar.add("prodid", "-//U.S.-China EcoPartnerships//Portal personal calendar//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("EcoPartnerships: my due dates"))
        # Calendar programs poll; every few hours is often enough for dates that move by days.
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        stamp = clock.now().astimezone(UTC).replace(microsecond=0)
        for item in items:
            event = Event()
            event.add("uid", f"{item.uid}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.on)
            event.add("dtend", item.on + timedelta(days=1))
            event.add("summary", item.summary)
            event.add("url", item.url)
            event.add("description", f"{item.description}\n{item.url}".strip())
            event.add("transp", "TRANSPARENT")  # a deadline, not a busy slot
            calendar.add_component(event)
    return calendar.to_ical()  # type: ignore[no-any-return]
