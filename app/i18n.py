"""Language and time-zone selection for Flask-Babel, and bilingual field helpers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import flask_babel
from babel import Locale, dates, support
from babel.lists import format_list
from flask import Flask, current_app, has_request_context, request
from flask_babel import format_number, get_locale
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Request

from app import clock
from app.markdown import render_markdown
from app.states import TAG_CLASSES, Labelled, Tone

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"en": "English", "zh_Hans": "简体中文"}
HTML_LANG = {"en": "en", "zh_Hans": "zh-Hans"}


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    code = code.replace("-", "_")
    if code in LANGUAGE_NAMES:
        return code
    if code.lower().startswith("zh"):
        return "zh_Hans"
    if code.lower().startswith("en"):
        return "en"
    return None


def select_locale() -> str:
    """The signed-in user's preference, else ``?lang=`` or the cookie, else Accept-Language."""
    if not has_request_context():  # the CLI and background work speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated:
        return str(current_user.language)
    return anonymous_locale()


def anonymous_locale() -> str:
    """The language of this request's reader when not signed in (`locale_of_request`)."""
    return locale_of_request(request, current_app.config["BABEL_DEFAULT_LOCALE"])


def locale_of_request(asked: Request, default: str) -> str:
    """The language of a reader who is not signed in: ``?lang=``, else the cookie, else
    Accept-Language, else `default` (the cache of public pages keys its pages by it, before any
    user is loaded, and before Flask when it answers from its WSGI fast path)."""
    explicit = _supported(asked.args.get("lang")) or _supported(asked.cookies.get(LANGUAGE_COOKIE))
    if explicit:
        return explicit
    return _accepted(asked.headers.get("Accept-Language", "")) or default


@lru_cache(maxsize=512)
def _accepted(header: str) -> str | None:
    """The interface language an Accept-Language header asks for best, if any (remembered:
    readers' browsers send few distinct headers, and the cache's fast path asks on every hit)."""
    best = parse_accept_header(header, LanguageAccept).best_match(
        ["en", "zh", "zh-CN", "zh-Hans", "zh-SG"]
    )
    return _supported(best)


def select_timezone() -> str | None:
    """The signed-in user's time zone; anonymous readers see UTC beside both capitals' time."""
    if not has_request_context():
        return None
    if current_user and current_user.is_authenticated:
        return str(current_user.time_zone)
    return None


def supported_language(code: str | None) -> str | None:
    """`code` normalised to a language the interface ships in, or None."""
    return _supported(code)


def localized(record: Any, field: str, locale: str) -> str:
    """A bilingual field in `locale`'s language, falling back to the other one when empty."""
    first, second = ("zh", "en") if locale.startswith("zh") else ("en", "zh")
    return getattr(record, f"{field}_{first}") or getattr(record, f"{field}_{second}") or ""


def format_in_zone(moment: datetime, zone: str | ZoneInfo, fmt: str = "medium") -> str:
    """`moment` as wall time in `zone`, for the reader's locale, with the zone's full name for
    that date (so daylight saving shows: "11:59:00 AM Eastern Daylight Time")."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    local = moment.astimezone(tz)
    locale = str(get_locale())
    wall = dates.format_datetime(local, format=fmt, tzinfo=tz, locale=locale)
    return f"{wall} {dates.get_timezone_name(local, width='long', locale=locale)}"


def status_tag(
    value: Labelled | str, tone: Tone | str | None = None, text: str | None = None
) -> Markup:
    """A USWDS tag in the colour of its tone: a member's own (``{{ state|tag }}``), or one given
    for a tag that is no state (``{{ _("overdue")|tag("problem") }}``). `text` replaces the
    member's label where a page says more ("Selected: approved by both sides")."""
    if tone is None:
        tone = value.tone if isinstance(value, Labelled) else Tone.NEUTRAL
    if text is None:
        text = value.label if isinstance(value, Labelled) else value
    classes = TAG_CLASSES[Tone(tone)]
    return Markup('<span class="usa-tag portal-tag {}">{}</span>').format(classes, escape(text))


def join_list(items: Iterable[object], kind: str = "and") -> str:
    """Items as a list in the reader's language: "Utah, Ohio, and Texas" / "犹他州、俄亥俄州和
    得克萨斯州" (Babel's list patterns); `kind="semicolon"` for items that may hold commas
    themselves, such as organization names ("；" in Chinese)."""
    words = [str(item) for item in items]
    locale = str(get_locale())
    if kind == "semicolon":
        return list_separator(locale).join(words)
    return format_list(words, style="standard", locale=locale) if words else ""


def month_year(month: date) -> str:
    """A month and its year in the reader's language: "March 2027", "2027年3月"."""
    return dates.format_skeleton("yMMMM", month, locale=str(get_locale()))


def list_separator(locale: str | None = None) -> str:
    """The separator between items that are not joined by `join_list` (links, marked-up names)."""
    return "；" if (locale or str(get_locale())).startswith("zh") else "; "


_catalogs: dict[Locale, support.NullTranslations] = {}


def translations() -> support.NullTranslations:
    """The catalog of the current locale, as Flask-Babel loads it, found once per locale:
    Flask-Babel's own lookup walks the request context seven times for each string (about
    15 µs; a directory page asks for sixty)."""
    locale = get_locale()
    if locale is None:
        return flask_babel.get_translations()
    found = _catalogs.get(locale)
    if found is None:
        found = _catalogs[locale] = flask_babel.get_translations()
    return found


def init_app(app: Flask) -> None:
    """Template helpers for bilingual records, places and times, and the templates' gettext."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.template_filter("localized")
    def localized_filter(record: Any, field: str) -> str:
        return localized(record, field, str(get_locale()))

    @app.template_filter("label")
    def label_filter(member: Labelled) -> str:
        return member.label

    app.add_template_filter(status_tag, "tag")
    app.add_template_filter(join_list, "join_list")
    app.add_template_global(list_separator)
    app.add_template_filter(format_number, "format_number")
    app.add_template_filter(month_year, "month_year")
    app.add_template_filter(render_markdown, "markdown")

    @app.template_filter("in_zone")
    def in_zone_filter(moment: datetime, zone: str) -> str:
        return format_in_zone(moment, zone)

    @app.context_processor
    def language_context() -> dict[str, Any]:
        locale = str(get_locale())
        return {
            "current_language": locale,
            "html_lang": HTML_LANG.get(locale, "en"),
            "language_names": LANGUAGE_NAMES,
            "WASHINGTON": clock.WASHINGTON,
            "BEIJING": clock.BEIJING,
        }
