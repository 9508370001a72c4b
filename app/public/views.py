"""Public pages (home, directory and map, partnership pages, updates, statistics), feeds and
downloads (Atom, iCalendar, CSV), the sitemap and robots.txt; the signed-in dashboard, the
language switch and the health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from app import permissions
from app.accounts.models import Language
from app.accounts.services import set_language
from app.addresses import base_url
from app.extensions import db
from app.i18n import LANGUAGE_COOKIE, supported_language
from app.organizations import queries as organization_queries
from app.organizations.models import Country
from app.organizations.subdivisions import subdivision
from app.permissions import requires
from app.public import charts, feeds, queries, read_model
from app.public.addresses import canonical_url, language_variant, public_url
from app.public.caching import (
    cached_directory_entries,
    conditional,
    derived,
    directory_row,
    remembered_field,
)
from app.public.cartogram import BANDS, cartogram
from app.public.charts import bar_chart
from app.public.dashboard import dashboard_for
from app.public.forms import DirectoryForm
from app.solicitations import queries as solicitation_queries
from app.unit_of_work import unit_of_work
from app.updates.models import ProgressUpdate

bp = Blueprint("public", __name__)
bp.add_app_template_global(directory_row)
bp.add_app_template_global(remembered_field)

DIRECTORY_PER_PAGE = 25
UPDATES_PER_PAGE = 10
FEED_ENTRIES = 30
HOME_UPDATES = 3


@bp.app_context_processor
def public_links() -> dict[str, object]:
    """Link builders and participant order for the public templates."""
    return {
        "canonical_url": canonical_url,
        "language_variant": language_variant,
        "public_url": public_url,
        "ordered_participants": read_model.ordered_participants,
        "has_endpoint": lambda endpoint: endpoint in current_app.view_functions,
    }


@bp.get("/")
@requires(permissions.anyone)
@conditional(page=True)
def home() -> str:
    """The program in a paragraph, the open call, headline numbers, the latest updates and
    recent partnerships."""
    solicitation = solicitation_queries.accepting_solicitation()
    reader = current_user if current_user.is_authenticated else None
    return render_template(
        "public/home.html",
        numbers=derived("headline_numbers", queries.headline_numbers),
        solicitation=solicitation,
        apply_step=solicitation_queries.apply_step(reader, solicitation),
        partnerships=queries.recent_partnerships(),
        updates=read_model.latest_published_updates(HOME_UPDATES),
    )


@bp.get("/dashboard")
@requires(permissions.signed_in)
def dashboard() -> str:
    """What the signed-in user has to do, by role (gathered in `app.public.dashboard`)."""
    board = dashboard_for(current_user)
    return render_template("public/dashboard.html", **vars(board), is_new=board.is_new)


@bp.route("/language", methods=["GET", "POST"])
@requires(permissions.anyone)
def switch_language() -> Response:
    """Switch the interface language, remembered in a cookie; a signed-in user's POST (with its
    CSRF token) saves it in the profile too. Readers who are not signed in use a GET, so that
    the public pages offering the switch carry no token."""
    language = supported_language(request.values.get("language")) or "en"
    target = request.values.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.home")
    if request.method == "POST" and current_user.is_authenticated:
        with unit_of_work():
            set_language(current_user, Language(language))
    response = redirect(target)
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


@bp.get("/healthz")
@requires(permissions.anyone)
def healthz() -> tuple[Response, int]:
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        # A probe that wrote nothing, not a unit of work: only reset the session for the next one.
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200


# --- the directory, its map and its download ----------------------------------------------------


def _directory_form() -> tuple[DirectoryForm, bool]:
    form = DirectoryForm(formdata=request.args)
    valid = form.validate()
    form.offer_years(derived("cohort_years", read_model.public_cohort_years))
    form.offer_places(derived("places", read_model.places_with_partnerships))
    return form, valid


@bp.get("/partnerships")
@requires(permissions.anyone)
@conditional(page=True)
def directory() -> str:
    """The table of partnerships: filters, search, order and pages."""
    form, valid = _directory_form()
    results = None
    if valid:
        filters = form.filters()
        results = cached_directory_entries(
            filters, page=form.page.data or 1, per_page=DIRECTORY_PER_PAGE
        )
    asked = (form.cohort_year.data or "").strip()
    unlisted = derived("unlisted_selections", queries.unlisted_selections)
    return render_template(
        "public/directory.html",
        form=form,
        results=results,
        arguments=form.query_arguments(),
        # Selected that year but named by no record: said beside the count, never hidden.
        unlisted=unlisted.get(int(asked))
        if asked.isdigit() and set(form.query_arguments()) <= {"cohort_year", "sort", "page"}
        else None,
    )


@bp.get("/partnerships.csv")
@requires(permissions.anyone)
@conditional(page=False)
def directory_csv() -> Response:
    """The filtered directory as a CSV file (every row, not one page)."""
    form, valid = _directory_form()
    if not valid:
        abort(400)
    rows = read_model.directory_rows(form.filters())
    body = feeds.directory_csv(rows, url=lambda slug: public_url("public.partnership", slug=slug))
    response = current_app.response_class(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="ecopartnerships.csv"'
    return response


@bp.get("/partnerships/map")
@requires(permissions.anyone)
@conditional(page=True)
def directory_map() -> str:
    """U.S. states and Chinese provinces as a tile map, each linked to its partnerships, with
    the same numbers as a list."""
    form, valid = _directory_form()
    counts: dict[str, int] = {}
    if valid:
        filters = form.filters().without_places()
        counts = derived("per_place", lambda: read_model.partnerships_per_place(filters), filters)
    locale = str(get_locale())
    places = [
        (code, place, count)
        for code, count in counts.items()
        if (place := subdivision(code)) is not None
    ]
    places.sort(key=lambda item: (-item[2], item[1].name(locale)))
    return render_template(
        "public/map.html",
        form=form,
        valid=valid,
        arguments={
            k: v for k, v in form.query_arguments().items() if k not in ("us_state", "cn_province")
        },
        maps=[cartogram(country, counts, locale) for country in Country],
        places=places,
        bands=BANDS,
    )


# --- partnership pages and updates ----------------------------------------------------------------


@bp.get("/partnerships/<slug>")
@requires(permissions.anyone)
@conditional(page=True)
def partnership(slug: str) -> str:
    """A partnership's public record: participants, work plan, key accomplishments, updates."""
    record = read_model.public_partnership(slug)
    if record is None:
        abort(404)
    return render_template(
        "public/partnership.html",
        partnership=record,
        work_plan=read_model.work_plan(record),
        accomplishments=read_model.key_accomplishments(record),
        updates=read_model.published_updates(record, limit=FEED_ENTRIES),
    )


@bp.get("/partnerships/<slug>/updates.atom")
@requires(permissions.anyone)
@conditional(page=False)
def partnership_feed(slug: str) -> Response:
    """An Atom feed of one partnership's published updates."""
    record = read_model.public_partnership(slug)
    if record is None:
        abort(404)
    body = feeds.updates_atom(
        read_model.published_updates(record, limit=FEED_ENTRIES),
        title=f"{record.name_en} · {record.name_zh or record.name_en}",
        feed_url=public_url("public.partnership_feed", slug=slug),
        page_url=public_url("public.partnership", slug=slug),
        update_url=_update_url,
    )
    return current_app.response_class(body, mimetype="application/atom+xml")


def _update_url(update: ProgressUpdate) -> str:
    return public_url(
        "public.partnership", slug=update.partnership.slug, _anchor=f"update-{update.id}"
    )


@bp.get("/updates")
@requires(permissions.anyone)
@conditional(page=True)
def updates() -> str:
    """Every partnership's published updates, newest first."""
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    return render_template(
        "public/updates.html",
        results=read_model.published_updates_page(
            page=page,
            per_page=UPDATES_PER_PAGE,
            total=derived("updates_total", read_model.published_updates_total),
        ),
    )


@bp.get("/updates.atom")
@requires(permissions.anyone)
@conditional(page=False)
def updates_feed() -> Response:
    """An Atom feed of every partnership's published updates."""
    body = feeds.updates_atom(
        read_model.latest_published_updates(FEED_ENTRIES),
        title=f"{feeds.PROGRAM}: progress updates · 进展",
        feed_url=public_url("public.updates_feed"),
        page_url=public_url("public.updates"),
        update_url=_update_url,
    )
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.get("/calendar.ics")
@requires(permissions.anyone)
@conditional(page=False)
def calendar() -> Response:
    """An iCalendar of public dates: calls' openings and deadlines, partnerships' signings and
    active pilots' ends."""
    body = feeds.public_calendar(
        queries.public_solicitations(),
        queries.signing_dates(),
        base_url=base_url(),
        partnership_url=lambda slug: public_url("public.partnership", slug=slug),
        pilot_ends=queries.pilot_end_dates(),
    )
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="ecopartnerships.ics"'
    return response


# --- statistics ---------------------------------------------------------------------------------


@bp.get("/statistics")
@requires(permissions.anyone)
@conditional(page=True)
def statistics() -> str:
    """The program in aggregates, each chart beside a table of its numbers."""
    numbers = derived("program_statistics", queries.program_statistics)
    locale = str(get_locale())

    def place_label(code: str) -> str:
        place = subdivision(code)
        return place.name(locale) if place else code

    def by_count(places: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(places.items(), key=lambda item: (-item[1], place_label(item[0])))

    us_places, chinese_places = by_count(numbers.us_places), by_count(numbers.chinese_places)
    decided = numbers.applications
    charts = {
        "cohorts": bar_chart(
            [str(year) for year, _count in numbers.per_cohort],
            [(_("Partnerships"), [count for _year, count in numbers.per_cohort], "partnerships")],
        ),
        "focus_areas": bar_chart(
            [area.label for area, _count in numbers.per_focus_area],
            [
                (
                    _("Partnerships"),
                    [count for _area, count in numbers.per_focus_area],
                    "partnerships",
                )
            ],
            horizontal=True,
        ),
        "organization_types": bar_chart(
            [kind.label for kind, _us, _cn in numbers.organizations_per_type],
            [
                (
                    _("U.S. organizations"),
                    [us for _k, us, _cn in numbers.organizations_per_type],
                    "us",
                ),
                (
                    _("Chinese organizations"),
                    [cn for _k, _us, cn in numbers.organizations_per_type],
                    "cn",
                ),
            ],
            horizontal=True,
        ),
        "us_places": bar_chart(
            [place_label(code) for code, _n in us_places],
            [(_("Partnerships"), [n for _code, n in us_places], "partnerships")],
            horizontal=True,
        ),
        "chinese_places": bar_chart(
            [place_label(code) for code, _n in chinese_places],
            [(_("Partnerships"), [n for _code, n in chinese_places], "partnerships")],
            horizontal=True,
        ),
        "applications": bar_chart(
            [str(row.year) for row in decided],
            [
                (_("Applications"), [row.applications for row in decided], "applications"),
                (_("Selections"), [row.selections for row in decided], "selections"),
            ],
        ),
    }
    return render_template(
        "public/statistics.html",
        numbers=numbers,
        charts=charts,
        us_places=us_places,
        chinese_places=chinese_places,
        place_label=place_label,
    )


# --- for search engines -------------------------------------------------------------------------

# Pages of the public site listed in the sitemap, when the module serving them is installed.
SITEMAP_PAGES = (
    "public.home",
    "public.directory",
    "public.directory_map",
    "organizations.index",
    "public.updates",
    "public.statistics",
    "solicitations.index",
    "api.index",
)


# hreflang → the interface language that `?lang=` selects (`language_variant`).
SITEMAP_LANGUAGES = (("en", "en"), ("zh-Hans", "zh_Hans"))


@bp.get("/sitemap.xml")
@requires(permissions.anyone)
@conditional(page=False)
def sitemap() -> Response:
    """Every public page a search engine should know, partnership and organization pages with
    their dates, each with its address in both interface languages (hreflang alternates)."""
    body = render_template(
        "public/sitemap.xml",
        pages=[public_url(e) for e in SITEMAP_PAGES if e in current_app.view_functions],
        records=[
            *(
                (public_url("public.partnership", slug=slug), updated_at)
                for slug, updated_at in queries.public_slugs()
            ),
            *(
                (public_url("organizations.profile", organization_id=i), updated_at)
                for i, updated_at in organization_queries.profile_dates()
            ),
        ],
        languages=SITEMAP_LANGUAGES,
    )
    return current_app.response_class(body, mimetype="application/xml")


@bp.get("/robots.txt")
@requires(permissions.anyone)
@conditional(page=False, max_age=86_400)
def robots() -> Response:
    """Crawlers may read the public site and the open data, not the signed-in portal."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["Allow: /", "", f"Sitemap: {public_url('public.sitemap')}", ""]
    return current_app.response_class("\n".join(lines), mimetype="text/plain")


ROBOTS_DISALLOW = (
    "/dashboard",
    "/workspace/",
    "/secretariat/",
    "/admin/",
    "/proposals/",
    "/reviews/",
    "/login",
    "/logout",
    "/register",
    "/language",
    "/organizations/mine",
    "/organizations/new",
    "/organizations/invitations/",
)


@bp.get("/statistics/charts.css")
@requires(permissions.anyone)
@conditional(page=False, max_age=86_400)
def chart_stylesheet() -> Response:
    """The charts' stylesheet (the security policy keeps styles out of the page itself)."""
    return current_app.response_class(charts.chart_stylesheet(), mimetype="text/css")
