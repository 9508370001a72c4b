"""Documents for other programs: the Atom feeds of updates (feedgen), the iCalendar of public
dates (icalendar) and the directory's CSV download.

They are the same for every reader, so they are written bilingually rather than in the
reader's interface language, and every link in them is absolute, built on PUBLIC_BASE_URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from app import clock
from app.markdown import render_markdown
from app.organizations.models import Country, Organization
from app.organizations.subdivisions import subdivision
from app.partnerships.models import Partnership
from app.public.queries import PilotEnd, PublicDate
from app.public.read_model import ordered_participants, participant_places
from app.solicitations.models import Solicitation
from app.spreadsheets import csv_text
from app.updates.models import ProgressUpdate

PROGRAM = "U.S.–China EcoPartnerships · 中美绿色合作伙伴计划"
PUBLISHER = "Joint Secretariat of the U.S.–China EcoPartnerships · 中美绿色合作伙伴计划联合秘书处"


def updates_atom(
    updates: Sequence[ProgressUpdate],
    *,
    title: str,
    feed_url: str,
    page_url: str,
    update_url: Callable[[ProgressUpdate], str],
) -> bytes:
    """An Atom feed of `updates` (newest first), each with its sanitized HTML body."""
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.subtitle("Progress updates published by EcoPartnerships · 绿色合作伙伴发布的进展")
    feed.author({"name": PUBLISHER})
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.updated(updates[0].published_at if updates else clock.now())
    for update in updates:
        assert update.published_at is not None  # only published updates reach a feed
        entry = feed.add_entry(order="append")
        link = update_url(update)
        entry.id(link)
        entry.title(update.title)
        entry.link(href=link, rel="alternate", type="text/html")
        entry.author({"name": f"{update.partnership.name_en} · {update.partnership.name_zh}"})
        entry.published(update.published_at)
        entry.updated(update.published_at)
        entry.content(str(render_markdown(update.body)), type="html")
    return feed.atom_str(pretty=True)  # type: ignore[no-any-return]


def public_calendar(
    solicitations: Sequence[Solicitation],
    signings: Sequence[PublicDate],
    *,
    base_url: str,
    partnership_url: Callable[[str], str],
    pilot_ends: Sequence[PilotEnd] = (),
) -> bytes:
    """Calls' openings and deadlines (to the minute, in UTC, with both capitals' time in the
    description), partnerships' signing days and active pilots' last days (whole days)."""
    host = urlsplit(base_url).hostname or "ecopartnerships"
    calendar = Calendar()
    calendar.add("prodid", "-//U.S.-China EcoPartnerships//Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{PROGRAM}: public dates · 公开日程")
    for call in solicitations:
        for kind, moment, what_en, what_zh in (
            ("opens", call.opens_at, "opens", "开始"),
            ("deadline", call.closes_at, "deadline", "截止"),
        ):
            event = Event()
            event.add("uid", f"solicitation-{call.year}-{kind}@{host}")
            event.add("dtstamp", call.updated_at)
            event.add("dtstart", moment)
            event.add("dtend", moment + timedelta(minutes=1))
            event.add(
                "summary", f"{call.title_en}: {what_en} · {call.title_zh or call.title_en}{what_zh}"
            )
            event.add(
                "description",
                f"Washington: {_wall_clock(moment, clock.WASHINGTON)}\n"
                f"Beijing 北京: {_wall_clock(moment, clock.BEIJING)}",
            )
            event.add("url", base_url + "/")
            calendar.add_component(event)
    for signing in signings:
        event = Event()
        event.add("uid", f"partnership-{signing.slug}-signing@{host}")
        event.add("dtstamp", datetime.combine(signing.signed_on, datetime.min.time(), UTC))
        event.add("dtstart", signing.signed_on)
        event.add("dtend", signing.signed_on + timedelta(days=1))
        event.add(
            "summary", f"Signing: {signing.name_en} · 签约：{signing.name_zh or signing.name_en}"
        )
        event.add("url", partnership_url(signing.slug))
        calendar.add_component(event)
    for end in pilot_ends:
        event = Event()
        event.add("uid", f"partnership-{end.slug}-pilot-end@{host}")
        event.add("dtstamp", datetime.combine(end.ends_on, datetime.min.time(), UTC))
        event.add("dtstart", end.ends_on)
        event.add("dtend", end.ends_on + timedelta(days=1))
        event.add("summary", f"Pilot ends: {end.name_en} · 试点结束：{end.name_zh or end.name_en}")
        event.add("url", partnership_url(end.slug))
        calendar.add_component(event)
    return calendar.to_ical()  # type: ignore[no-any-return]


CSV_COLUMNS = (
    "slug", "name_en", "name_zh", "cohort_year", "status", "focus_areas",
    "us_organizations", "chinese_organizations", "us_states", "chinese_provinces",
    "goal_en", "goal_zh", "signed_on", "pilot_starts_on", "pilot_ends_on", "url",
)  # fmt: skip


def directory_csv(partnerships: Sequence[Partnership], *, url: Callable[[str], str]) -> str:
    """The directory as CSV (UTF-8 with a byte-order mark, so spreadsheets read the Chinese)."""
    rows: list[Sequence[object]] = [CSV_COLUMNS]
    for partnership in partnerships:
        participants = ordered_participants(partnership)
        sides = {
            country: [p.organization for p in participants if p.organization.country == country]
            for country in Country
        }
        places = {country: participant_places(partnership, country) for country in Country}
        rows.append(
            (
                partnership.slug,
                partnership.name_en,
                partnership.name_zh,
                partnership.cohort_year,
                partnership.status.value,
                "; ".join(sorted(area.focus_area.value for area in partnership.focus_areas)),
                "; ".join(_both_names(o) for o in sides[Country.US]),
                "; ".join(_both_names(o) for o in sides[Country.CN]),
                "; ".join(_place(code) for code in places[Country.US]),
                "; ".join(_place(code) for code in places[Country.CN]),
                partnership.goal_en,
                partnership.goal_zh,
                partnership.signed_on,
                partnership.pilot_starts_on,
                partnership.pilot_ends_on,
                url(partnership.slug),
            )
        )
    return csv_text(rows)


def _wall_clock(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def _both_names(organization: Organization) -> str:
    if organization.name_zh and organization.name_zh != organization.name_en:
        return f"{organization.name_en} ({organization.name_zh})"
    return organization.name_en


def _place(code: str) -> str:
    place = subdivision(code)
    return f"{code} {place.name_en}" if place else code
