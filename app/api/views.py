"""The open-data API: read-only JSON under /api/v1/, described by /api/v1/openapi.json.

It reads through the same queries as the public pages (`app.public.read_model`,
`app.public.queries`) and filters with the directory's own form, so the API can never show
more than the site, and a filter means the same in both. Errors are RFC 9457 problem documents
(`app.api.problems`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response

from app import permissions
from app.api import problems, schemas
from app.api.forms import NoticeArguments, OrganizationArguments, PageArguments, UpdateArguments
from app.api.openapi import openapi_document
from app.api.problems import InvalidArguments
from app.notices import queries as notice_queries
from app.organizations import queries as organization_queries
from app.permissions import requires
from app.public import queries, read_model
from app.public.addresses import public_url
from app.public.caching import cached_directory_page, conditional, derived
from app.public.forms import DirectoryForm

bp = Blueprint("api", __name__, url_prefix=problems.PREFIX)

PER_PAGE = 20
DETAIL_UPDATES = 20


def _json(document: schemas.Record | dict[str, Any], status: int = 200) -> Response:
    if isinstance(document, schemas.Record):
        document = document.as_json()
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, status=status, mimetype="application/json")


bp.register_error_handler(HTTPException, problems.from_http_error)
bp.before_app_request(problems.answer_routing_error)
bp.record_once(lambda state: problems.init_app(state.app))


def _arguments(form_class: type[FlaskForm]) -> Any:
    """The query arguments read by `form_class`; 400 with a message per argument if any is
    invalid. An argument given empty is refused too: leave it out for "any"."""
    form = form_class(formdata=request.args)
    valid = form.validate()
    fields = {name: [str(message) for message in errors] for name, errors in form.errors.items()}
    for name in form._fields:
        if name in request.args and request.args[name] == "" and name not in fields:
            fields[name] = [_("Leave the argument out rather than empty.")]
    if not valid or fields:
        raise InvalidArguments(fields)
    return form


def _page_link(endpoint: str, arguments: dict[str, Any]) -> Callable[[int], str]:
    return lambda number: public_url(endpoint, **{**arguments, "page": number})


def _paging(form: PageArguments | DirectoryForm) -> tuple[int, int]:
    return form.page.data or 1, form.per_page.data or PER_PAGE


@bp.get("/")
@requires(permissions.anyone)
@conditional(page=False)
def index() -> Response:
    """Where everything is."""
    return _json(
        schemas.Index(
            name="U.S.–China EcoPartnerships open data",
            version="1",
            links={
                "openapi": public_url("api.openapi"),
                "partnerships": public_url("api.partnerships"),
                "organizations": public_url("api.organizations"),
                "solicitations": public_url("api.solicitations"),
                "updates": public_url("api.updates"),
                "notices": public_url("api.notices"),
                "statistics": public_url("api.statistics"),
                "partnerships_csv": public_url("public.directory_csv"),
                "updates_feed": public_url("public.updates_feed"),
                "calendar": public_url("public.calendar"),
            },
        )
    )


@bp.get("/openapi.json")
@requires(permissions.anyone)
@conditional(page=False)
def openapi() -> Response:
    """The OpenAPI 3 description of this API."""
    return _json(openapi_document(public_url("api.index").rstrip("/")))


@bp.get("/partnerships")
@requires(permissions.anyone)
@conditional(page=False)
def partnerships() -> Response:
    """Public partnerships, filtered like the directory, one page at a time."""
    form: DirectoryForm = _arguments(DirectoryForm)
    page, per_page = _paging(form)
    filters = form.filters()
    results = cached_directory_page(filters, page=page, per_page=per_page)
    arguments = {**form.query_arguments(), "per_page": per_page}
    return _json(
        schemas.PartnershipPage.of(
            results, schemas.PartnershipSummary.of, _page_link("api.partnerships", arguments)
        )
    )


@bp.get("/partnerships/<path:slug>")
@requires(permissions.anyone)
@conditional(page=False)
def partnership(slug: str) -> Response:
    """One partnership's public record."""
    record = read_model.public_partnership(slug)
    if record is None:
        raise NotFound()
    return _json(
        schemas.Partnership.of_record(
            record,
            work_plan=read_model.work_plan(record),
            accomplishments=read_model.key_accomplishments(record),
            updates=read_model.published_updates(record, limit=DETAIL_UPDATES),
        )
    )


@bp.get("/organizations")
@requires(permissions.anyone)
@conditional(page=False)
def organizations() -> Response:
    """Organizations' public profiles, filtered like the organization directory, by English
    name."""
    form: OrganizationArguments = _arguments(OrganizationArguments)
    page, per_page = _paging(form)
    filters = form.filters()
    total = derived(
        "organizations_total", lambda: organization_queries.directory_total(filters), filters
    )
    results = organization_queries.directory_page(
        filters, page=page, per_page=per_page, total=total
    )
    taking_part = organization_queries.public_partnerships_of(results.items)
    return _json(
        schemas.OrganizationPage.of(
            results,
            lambda item: schemas.Organization.of(item, taking_part[item.id]),
            _page_link("api.organizations", {**form.query_arguments(), "per_page": per_page}),
        )
    )


@bp.get("/organizations/<path:organization_id>")
@requires(permissions.anyone)
@conditional(page=False)
def organization(organization_id: str) -> Response:
    """One organization's public profile."""
    record = (
        organization_queries.profile(int(organization_id))
        if organization_id.isascii() and organization_id.isdigit() and len(organization_id) < 10
        else None
    )
    if record is None:
        raise NotFound()
    taking_part = organization_queries.public_partnerships_of([record])
    return _json(schemas.Organization.of(record, taking_part[record.id]))


@bp.get("/solicitations")
@requires(permissions.anyone)
@conditional(page=False)
def solicitations() -> Response:
    """Every call for proposals that is or was open, newest first."""
    calls = queries.public_solicitations()
    return _json(
        schemas.SolicitationList(
            data=[schemas.Solicitation.of(s) for s in calls],
            meta=schemas.SolicitationCount(total=len(calls)),
        )
    )


@bp.get("/solicitations/<path:year>")
@requires(permissions.anyone)
@conditional(page=False)
def solicitation(year: str) -> Response:
    """The call of one year."""
    record = (
        queries.public_solicitation(int(year))
        if year.isascii() and year.isdigit() and len(year) == 4
        else None
    )
    if record is None:
        raise NotFound()
    return _json(schemas.Solicitation.of(record))


@bp.get("/updates")
@requires(permissions.anyone)
@conditional(page=False)
def updates() -> Response:
    """Published public updates, newest first; of one partnership with ``partnership=<slug>``."""
    form: UpdateArguments = _arguments(UpdateArguments)
    page, per_page = _paging(form)
    of = None
    if form.partnership.data:
        of = read_model.public_partnership(form.partnership.data)
        if of is None:
            raise NotFound()
    total = None
    if of is None:
        total = derived("updates_total", read_model.published_updates_total)
    results = read_model.published_updates_page(
        page=page, per_page=per_page, partnership=of, total=total
    )
    arguments: dict[str, Any] = {"per_page": per_page}
    if of is not None:
        arguments["partnership"] = of.slug
    return _json(
        schemas.UpdatePage.of(results, schemas.Update.of, _page_link("api.updates", arguments))
    )


@bp.get("/notices")
@requires(permissions.anyone)
@conditional(page=False)
def notices() -> Response:
    """Standing partner-search notices (published, not past their end date), soonest to end
    first, filtered by the seeking organization's country, a region of interest, a focus area
    and the kind of deliverable."""
    form: NoticeArguments = _arguments(NoticeArguments)
    page, per_page = _paging(form)
    results = notice_queries.standing_notices_page(form.filters(), page=page, per_page=per_page)
    arguments = {**form.query_arguments(), "per_page": per_page}
    return _json(
        schemas.NoticePage.of(results, schemas.Notice.of, _page_link("api.notices", arguments))
    )


@bp.get("/notices/<path:notice_id>")
@requires(permissions.anyone)
@conditional(page=False)
def notice(notice_id: str) -> Response:
    """One standing notice; 404 once it is withdrawn or past its end date."""
    record = (
        notice_queries.standing_notice(int(notice_id))
        if notice_id.isascii() and notice_id.isdigit() and len(notice_id) < 10
        else None
    )
    if record is None:
        raise NotFound()
    return _json(schemas.Notice.of(record))


@bp.get("/statistics")
@requires(permissions.anyone)
@conditional(page=False)
def statistics() -> Response:
    """The program in aggregates."""
    numbers = derived("program_statistics", queries.program_statistics)
    return _json(schemas.Statistics.of(numbers))
