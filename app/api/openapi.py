"""The OpenAPI 3 description of the open-data API.

Enumerations come from the same sources as the code (focus areas, statuses, organization types,
ISO 3166-2 codes, sort orders, page limits), and every object forbids properties it does not
name, so the tests (schemathesis against the running app, and a check that every route is
described) catch the document and the code drifting apart.
"""

from __future__ import annotations

from typing import Any

from app.accounts.models import Language
from app.api.forms import SLUG_PATTERN
from app.api.problems import PROBLEM_MEDIA_TYPE
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.organizations.subdivisions import subdivisions
from app.partnerships.models import MilestoneStatus
from app.proposals.models import ParticipantRole
from app.public.forms import FIRST_YEAR, LAST_YEAR, MAX_PAGE, MAX_PER_PAGE, place_codes
from app.public.read_model import PUBLIC_STATUSES, DirectorySort
from app.solicitations.queries import PUBLIC_SOLICITATION_STATUSES

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in properties if name not in optional],
        "properties": properties,
    }


STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
URL: Schema = {"type": "string", "format": "uri"}
DATE: Schema = {"type": "string", "format": "date"}
NULLABLE_DATE: Schema = {"type": "string", "format": "date", "nullable": True}
DATE_TIME: Schema = {"type": "string", "format": "date-time"}


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
        {"type": "string", "minLength": 1, "maxLength": 100},
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

CACHE_HEADERS = {
    "ETag": {"description": "Validator for If-None-Match.", "schema": STRING},
    "Last-Modified": {"description": "Validator for If-Modified-Since.", "schema": STRING},
    "Cache-Control": {"description": "How long the answer may be reused.", "schema": STRING},
}


def _ok(schema: Schema, description: str) -> Schema:
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
        "content": {PROBLEM_MEDIA_TYPE: {"schema": _ref("Problem")}},
    }


BAD_ARGUMENTS = {"400": _error("An invalid or empty query argument (see the problem's fields).")}
NOT_FOUND = {"404": _error("No such public record.")}


def _operation(operation_id: str, summary: str, responses: Schema, **more: Any) -> Schema:
    return {
        "get": {"operationId": operation_id, "summary": summary, "responses": responses, **more}
    }


def _page(item: str) -> Schema:
    return _object(
        {
            "data": {"type": "array", "items": _ref(item)},
            "meta": _ref("PageMeta"),
            "links": _ref("PageLinks"),
        }
    )


def _schemas() -> dict[str, Schema]:
    place = _object({"code": _enum(list(subdivisions())), "name_en": STRING, "name_zh": STRING})
    return {
        # RFC 9457; `fields` (on a 400) names each refused query argument.
        "Problem": _object(
            {
                "type": {"type": "string", "format": "uri-reference"},
                "title": STRING,
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": STRING,
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": STRING},
                },
            },
            optional=("fields",),
        ),
        "PageMeta": _object(
            {"page": INTEGER, "per_page": INTEGER, "total": INTEGER, "pages": INTEGER}
        ),
        "PageLinks": _object(
            {"self": URL, "next": {**URL, "nullable": True}, "previous": {**URL, "nullable": True}}
        ),
        "Place": place,
        "Participant": _object(
            {
                "organization_id": INTEGER,
                "name_en": STRING,
                "name_zh": STRING,
                "country": _enum([c.value for c in Country]),
                "type": _enum([t.value for t in OrganizationType]),
                "subdivision": _ref("Place"),
                "city": STRING,
                "website": STRING,
                "role": _enum([r.value for r in ParticipantRole]),
            }
        ),
        "PartnershipLinks": _object(
            {"self": URL, "html": URL, "updates_feed": URL, "updates": URL, "pdf": URL},
            optional=("updates", "pdf"),
        ),
        "PartnershipSummary": _object(_partnership_properties()),
        "Partnership": _object(
            {
                **_partnership_properties(),
                "description_en": STRING,
                "description_zh": STRING,
                "work_plan": {"type": "array", "items": _ref("Milestone")},
                "key_accomplishments": {"type": "array", "items": _ref("KeyAccomplishment")},
                "updates": {"type": "array", "items": _ref("Update")},
            }
        ),
        "Milestone": _object(
            {
                "pilot_year": {"type": "integer", "minimum": 1, "maximum": 3},
                "number": INTEGER,
                "title_en": STRING,
                "title_zh": STRING,
                "target": STRING,
                "due_on": DATE,
                "status": _enum([s.value for s in MilestoneStatus]),
                "completed_on": NULLABLE_DATE,
                "is_key_accomplishment": {"type": "boolean"},
            }
        ),
        "KeyAccomplishment": _object(
            {
                "pilot_year": {"type": "integer", "minimum": 1, "maximum": 3},
                "number": INTEGER,
                "title_en": STRING,
                "title_zh": STRING,
                "target": STRING,
                "completed_on": DATE,
            }
        ),
        "Update": _object(
            {
                "id": INTEGER,
                "partnership": _object({"slug": STRING, "name_en": STRING, "name_zh": STRING}),
                "title": STRING,
                "language": _enum([language.value for language in Language]),
                "body_markdown": STRING,
                "body_html": STRING,
                "published_at": DATE_TIME,
                "image": {**_object({"url": URL, "alt": STRING}), "nullable": True},
                "links": _object({"html": URL}),
            }
        ),
        "Organization": _object(
            {
                "id": INTEGER,
                "name_en": STRING,
                "name_zh": STRING,
                "country": _enum([c.value for c in Country]),
                "type": _enum([t.value for t in OrganizationType]),
                "subdivision": _ref("Place"),
                "city": STRING,
                "website": STRING,
                "description": STRING,
                "partnerships": {
                    "type": "array",
                    "items": _object(
                        {
                            "slug": STRING,
                            "name_en": STRING,
                            "name_zh": STRING,
                            "cohort_year": INTEGER,
                            "status": _enum([s.value for s in PUBLIC_STATUSES]),
                            "role": _enum([r.value for r in ParticipantRole]),
                        }
                    ),
                },
                "links": _object({"self": URL, "html": URL}),
            }
        ),
        "Solicitation": _object(
            {
                "year": INTEGER,
                "title_en": STRING,
                "title_zh": STRING,
                "guidance_en": STRING,
                "guidance_zh": STRING,
                "status": _enum([s.value for s in PUBLIC_SOLICITATION_STATUSES]),
                "opens_at": DATE_TIME,
                "closes_at": DATE_TIME,
                "closes_at_washington": DATE_TIME,
                "closes_at_beijing": DATE_TIME,
                "is_accepting_proposals": {"type": "boolean"},
                "target_selections": INTEGER,
                "links": _object({"self": URL}),
            }
        ),
        "Statistics": _object(
            {
                "partnerships_per_cohort": _list({"cohort_year": INTEGER, "partnerships": INTEGER}),
                "partnerships_per_focus_area": _list(
                    {"focus_area": _enum([a.value for a in FocusArea]), "partnerships": INTEGER}
                ),
                "organizations_per_type": _list(
                    {
                        "type": _enum([t.value for t in OrganizationType]),
                        "us": INTEGER,
                        "cn": INTEGER,
                    }
                ),
                "places": _list({**place["properties"], "partnerships": INTEGER}),
                "us_states_covered": INTEGER,
                "chinese_provinces_covered": INTEGER,
                "applications_per_year": _list(
                    {
                        "year": INTEGER,
                        "applications": {**INTEGER, "nullable": True},
                        "selections": INTEGER,
                    }
                ),
            }
        ),
        "Index": _object(
            {
                "name": STRING,
                "version": STRING,
                "links": {"type": "object", "additionalProperties": URL},
            }
        ),
    }


def _list(properties: dict[str, Schema]) -> Schema:
    return {"type": "array", "items": _object(properties)}


def _partnership_properties() -> dict[str, Schema]:
    return {
        "slug": STRING,
        "name_en": STRING,
        "name_zh": STRING,
        "goal_en": STRING,
        "goal_zh": STRING,
        "cohort_year": INTEGER,
        "status": _enum([s.value for s in PUBLIC_STATUSES]),
        "focus_areas": {"type": "array", "items": _enum([a.value for a in FocusArea])},
        "signed_on": NULLABLE_DATE,
        "pilot_starts_on": DATE,
        "pilot_ends_on": DATE,
        "us_states": {"type": "array", "items": _enum(place_codes(Country.US))},
        "chinese_provinces": {"type": "array", "items": _enum(place_codes(Country.CN))},
        "participants": {"type": "array", "items": _ref("Participant")},
        "links": _ref("PartnershipLinks"),
    }


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
                "published updates; participating organizations; calls for proposals; and "
                "aggregate statistics. Names are given in English (_en) and Chinese (_zh). "
                "Lists are paged (page, per_page). A query argument given empty is refused "
                "(400): leave it out to mean 'any'. Answers carry ETag and Last-Modified; a "
                "conditional request whose validator still holds gets 304."
            ),
            "license": {"name": "Public domain"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": _operation("getIndex", "Links to every resource", _ok(_ref("Index"), "Links")),
            "/openapi.json": _operation(
                "getOpenAPI",
                "This document",
                _ok({"type": "object"}, "The OpenAPI document"),
            ),
            "/partnerships": _operation(
                "listPartnerships",
                "Partnerships, filtered like the directory",
                {**_ok(_page("PartnershipSummary"), "A page of partnerships"), **BAD_ARGUMENTS},
                parameters=DIRECTORY_PARAMETERS,
            ),
            "/partnerships/{slug}": _operation(
                "getPartnership",
                "A partnership's public record",
                {**_ok(_ref("Partnership"), "The partnership"), **NOT_FOUND},
                parameters=[slug],
            ),
            "/organizations": _operation(
                "listOrganizations",
                "Organizations taking part in partnerships",
                {**_ok(_page("Organization"), "A page of organizations"), **BAD_ARGUMENTS},
                parameters=[
                    _query("country", "US or CN.", _enum([c.value for c in Country])),
                    _query(
                        "type", "Type of organization.", _enum([t.value for t in OrganizationType])
                    ),
                    _query(
                        "subdivision",
                        "ISO 3166-2 code of its state or province.",
                        _enum(list(subdivisions())),
                    ),
                    *PAGE_PARAMETERS,
                ],
            ),
            "/organizations/{organization_id}": _operation(
                "getOrganization",
                "An organization taking part in partnerships",
                {**_ok(_ref("Organization"), "The organization"), **NOT_FOUND},
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
                _ok(
                    _object(
                        {
                            "data": {"type": "array", "items": _ref("Solicitation")},
                            "meta": _object({"total": INTEGER}),
                        }
                    ),
                    "Every public call, newest first",
                ),
            ),
            "/solicitations/{year}": _operation(
                "getSolicitation",
                "The call of one year",
                {**_ok(_ref("Solicitation"), "The call"), **NOT_FOUND},
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
                {**_ok(_page("Update"), "A page of updates"), **BAD_ARGUMENTS, **NOT_FOUND},
                parameters=[
                    _query(
                        "partnership",
                        "Only this partnership's updates (its slug).",
                        {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120},
                    ),
                    *PAGE_PARAMETERS,
                ],
            ),
            "/statistics": _operation(
                "getStatistics",
                "The program in aggregates",
                _ok(_ref("Statistics"), "Aggregates"),
            ),
        },
        "components": {"schemas": _schemas()},
    }
