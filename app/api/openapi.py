"""The OpenAPI 3 description of the open-data API.

Its ``components.schemas`` are generated from the records' pydantic models (`app.api.schemas`),
the same models the API answers with, so the document cannot describe a field the answers lack
or miss one they carry. Only what the models cannot say is written here: the paths, their query
arguments (enumerations from the same sources as the directory's form: focus areas, statuses,
organization types, ISO 3166-2 codes, sort orders, page limits) and their answers. The tests
(schemathesis against the running app, and a check that every route is described) catch the
document and the code drifting apart.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic.json_schema import models_json_schema

from app.api import schemas
from app.api.forms import SLUG_PATTERN
from app.api.problems import PROBLEM_MEDIA_TYPE
from app.api.schemas import Record
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.organizations.subdivisions import subdivisions
from app.proposals.models import DeliverableKind
from app.public.forms import FIRST_YEAR, LAST_YEAR, MAX_PAGE, MAX_PER_PAGE, place_codes
from app.public.read_model import PUBLIC_STATUSES, DirectorySort

Schema = dict[str, Any]
REF_TEMPLATE = "#/components/schemas/{model}"
STRING: Schema = {"type": "string"}
_REFERENCE = re.compile(r'"#/components/schemas/([^"]+)"')


def _ref(name: str) -> Schema:
    return {"$ref": REF_TEMPLATE.format(model=name)}


def _enum(values: list[str]) -> Schema:
    return {"type": "string", "enum": values}


def _query(name: str, description: str, schema: Schema) -> Schema:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


# The portal refuses a NUL character in any address (PostgreSQL refuses it in text), so the
# document says so instead of promising an answer.
TEXT_QUERY: Schema = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "pattern": "^[^\\x00]+$",
}

PAGE_PARAMETERS = [
    _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    _query(
        "per_page",
        f"Results per page (default 20, at most {MAX_PER_PAGE}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
    ),
]

DIRECTORY_PARAMETERS = [
    _query(
        "q",
        "Words to find, every one of them, in the partnership's English or Chinese name or goal, "
        "or in a participant's name.",
        TEXT_QUERY,
    ),
    _query(
        "cohort_year",
        "The year the partnership was selected.",
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    ),
    _query("focus_area", "A focus area it addresses.", _enum([a.value for a in FocusArea])),
    _query("status", "Active or graduated.", _enum([s.value for s in PUBLIC_STATUSES])),
    _query(
        "us_state",
        "ISO 3166-2 code of a U.S. state where a participant is.",
        _enum(place_codes(Country.US)),
    ),
    _query(
        "cn_province",
        "ISO 3166-2 code of a Chinese province where a participant is.",
        _enum(place_codes(Country.CN)),
    ),
    _query(
        "organization_type",
        "A type of participant organization.",
        _enum([t.value for t in OrganizationType]),
    ),
    _query(
        "sort",
        "Order: by cohort or English name; a leading '-' means descending (default -cohort).",
        _enum([s.value for s in DirectorySort]),
    ),
    *PAGE_PARAMETERS,
]

ORGANIZATION_PARAMETERS = [
    _query(
        "q",
        "Words to find, every one of them, in the organization's English or Chinese name or "
        "description, or its city.",
        TEXT_QUERY,
    ),
    _query("country", "US or CN.", _enum([c.value for c in Country])),
    _query("subdivision", "ISO 3166-2 code of its state or province.", _enum(list(subdivisions()))),
    _query("type", "Type of organization.", _enum([t.value for t in OrganizationType])),
    _query("focus_area", "A focus area it works on.", _enum([a.value for a in FocusArea])),
    *PAGE_PARAMETERS,
]

NOTICE_PARAMETERS = [
    _query(
        "country",
        "US or CN: the country of the organization seeking.",
        _enum([c.value for c in Country]),
    ),
    _query(
        "subdivision",
        "ISO 3166-2 code of a region of interest: notices naming it, or naming no region and "
        "open to all of its country.",
        _enum(list(subdivisions())),
    ),
    _query("focus_area", "A focus area it is about.", _enum([a.value for a in FocusArea])),
    _query("kind", "The kind of deliverable.", _enum([k.value for k in DeliverableKind])),
    *PAGE_PARAMETERS,
]

CACHE_HEADERS = {
    "ETag": {"description": "Validator for If-None-Match.", "schema": STRING},
    "Last-Modified": {"description": "Validator for If-Modified-Since.", "schema": STRING},
    "Cache-Control": {"description": "How long the answer may be reused.", "schema": STRING},
}


def _ok(model: type[Record] | None, description: str) -> Schema:
    schema = _ref(model.__name__) if model else {"type": "object"}
    return {
        "200": {
            "description": description,
            "headers": CACHE_HEADERS,
            "content": {"application/json": {"schema": schema}},
        },
        "304": {"description": "Not modified since the validator the client sent."},
    }


def _error(description: str) -> Schema:
    return {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": _ref(schemas.Problem.__name__)}},
    }


BAD_ARGUMENTS = {"400": _error("An invalid or empty query argument (see the problem's fields).")}
NOT_FOUND = {"404": _error("No such public record.")}


def _operation(operation_id: str, summary: str, responses: Schema, **more: Any) -> Schema:
    return {
        "get": {"operationId": operation_id, "summary": summary, "responses": responses, **more}
    }


def _openapi_30(schema: Any) -> Any:
    """A pydantic (JSON Schema 2020-12) schema in OpenAPI 3.0's dialect: ``X | None`` as
    ``nullable``, a ``$ref`` alone (described through ``allOf``), no generated titles or
    ``default: null``."""
    if isinstance(schema, list):
        return [_openapi_30(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = dict(schema)
    choices = schema.get("anyOf")
    if choices and {"type": "null"} in choices and len(choices) == 2:
        del schema["anyOf"]
        [other] = [choice for choice in choices if choice != {"type": "null"}]
        schema = {**other, **schema, "nullable": True}
    if "$ref" in schema and len(schema) > 1:
        schema = {"allOf": [{"$ref": schema.pop("$ref")}], **schema}
    if isinstance(schema.get("title"), str):
        del schema["title"]
    if "default" in schema and schema["default"] is None:
        del schema["default"]
    return {
        key: (
            {name: _openapi_30(value) for name, value in item.items()}
            if key == "properties"
            else _openapi_30(item)
        )
        for key, item in schema.items()
    }


def component_schemas() -> dict[str, Schema]:
    """Every record the API answers with (`schemas.RESPONSES`) and every record they contain,
    generated from the pydantic models."""
    _, generated = models_json_schema(
        [(model, "validation") for model in schemas.RESPONSES], ref_template=REF_TEMPLATE
    )
    found = generated["$defs"]
    # Enumerations are written inline (`schemas.one_of`); pydantic still lists their own
    # definitions, which nothing refers to.
    reached, waiting = set(), [model.__name__ for model in schemas.RESPONSES]
    while waiting:
        name = waiting.pop()
        if name not in reached:
            reached.add(name)
            waiting.extend(_REFERENCE.findall(json.dumps(found[name])))
    return {name: _openapi_30(found[name]) for name in sorted(reached)}


def openapi_document(server_url: str) -> Schema:
    """The OpenAPI 3.0 document, with `server_url` (…/api/v1) as its server."""
    slug = {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": "The partnership's slug.",
        "schema": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120},
        "example": "utah-qinghai",
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "U.S.–China EcoPartnerships open data",
            "version": "1.0.0",
            "description": (
                "Read-only data of the U.S.–China EcoPartnerships program: active and graduated "
                "partnerships with their participants, work plans, key accomplishments and "
                "published updates; organizations' profiles; standing partner-search notices; calls for"
                " proposals; and "
                "aggregate statistics. Names are given in English (_en) and Chinese (_zh). "
                "Lists are paged (page, per_page). A query argument given empty is refused "
                "(400): leave it out to mean 'any'. Answers carry ETag and Last-Modified; a "
                "conditional request whose validator still holds gets 304."
            ),
            "license": {"name": "Public domain"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": _operation("getIndex", "Links to every resource", _ok(schemas.Index, "Links")),
            "/openapi.json": _operation(
                "getOpenAPI",
                "This document",
                _ok(None, "The OpenAPI document"),
            ),
            "/partnerships": _operation(
                "listPartnerships",
                "Partnerships, filtered like the directory",
                {**_ok(schemas.PartnershipPage, "A page of partnerships"), **BAD_ARGUMENTS},
                parameters=DIRECTORY_PARAMETERS,
            ),
            "/partnerships/{slug}": _operation(
                "getPartnership",
                "A partnership's public record",
                {**_ok(schemas.Partnership, "The partnership"), **NOT_FOUND},
                parameters=[slug],
            ),
            "/organizations": _operation(
                "listOrganizations",
                "Organizations' public profiles, filtered like the organization directory",
                {**_ok(schemas.OrganizationPage, "A page of organizations"), **BAD_ARGUMENTS},
                parameters=ORGANIZATION_PARAMETERS,
            ),
            "/organizations/{organization_id}": _operation(
                "getOrganization",
                "An organization's public profile",
                {**_ok(schemas.Organization, "The organization"), **NOT_FOUND},
                parameters=[
                    {
                        "name": "organization_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    }
                ],
            ),
            "/solicitations": _operation(
                "listSolicitations",
                "Calls for proposals that are or were open",
                _ok(schemas.SolicitationList, "Every public call, newest first"),
            ),
            "/solicitations/{year}": _operation(
                "getSolicitation",
                "The call of one year",
                {**_ok(schemas.Solicitation, "The call"), **NOT_FOUND},
                parameters=[
                    {
                        "name": "year",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1000, "maximum": 9999},
                        "example": 2011,
                    }
                ],
            ),
            "/updates": _operation(
                "listUpdates",
                "Published progress updates, newest first",
                {**_ok(schemas.UpdatePage, "A page of updates"), **BAD_ARGUMENTS, **NOT_FOUND},
                parameters=[
                    _query(
                        "partnership",
                        "Only this partnership's updates (its slug).",
                        {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120},
                    ),
                    *PAGE_PARAMETERS,
                ],
            ),
            "/notices": _operation(
                "listNotices",
                "Standing partner-search notices, soonest to end first",
                {**_ok(schemas.NoticePage, "A page of notices"), **BAD_ARGUMENTS},
                parameters=NOTICE_PARAMETERS,
            ),
            "/notices/{notice_id}": _operation(
                "getNotice",
                "A standing partner-search notice",
                {**_ok(schemas.Notice, "The notice"), **NOT_FOUND},
                parameters=[
                    {
                        "name": "notice_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    }
                ],
            ),
            "/statistics": _operation(
                "getStatistics",
                "The program in aggregates",
                _ok(schemas.Statistics, "Aggregates"),
            ),
        },
        "components": {"schemas": component_schemas()},
    }
