"""The OpenAPI document: valid OpenAPI 3, in step with the routes, and true of the running API
(schemathesis generates requests from it and checks every answer against it)."""

from __future__ import annotations

import re
from datetime import date

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup

from app.api import schemas
from app.api.forms import OrganizationArguments
from app.api.openapi import REF_TEMPLATE, openapi_document
from app.api.schemas import Record
from app.focus_areas import FocusArea
from app.notices.models import NoticeState
from app.organizations.models import OrganizationType
from app.partnerships.models import PartnershipStatus
from app.public.forms import DirectoryForm
from app.solicitations.models import SolicitationStatus
from app.updates.models import UpdateState, Visibility
from tests.notices.factories import make_notice
from tests.partnerships.factories import make_milestone, make_update
from tests.public.factories import make_partnership, make_solicitation


def _document(client) -> dict:  # type: ignore[no-untyped-def, type-arg]
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json  # type: ignore[no-any-return]


def test_the_document_is_valid_openapi_3(client) -> None:  # type: ignore[no-untyped-def]
    document = _document(client)
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://portal.test/api/v1"}]


def test_every_api_route_is_documented_and_every_documented_path_exists(app: Flask, client) -> None:  # type: ignore[no-untyped-def]
    documented = set(_document(client)["paths"])
    routed = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert documented == routed


def test_the_partnership_list_documents_exactly_the_directorys_filters(client) -> None:  # type: ignore[no-untyped-def]
    operation = _document(client)["paths"]["/partnerships"]["get"]
    documented = {parameter["name"] for parameter in operation["parameters"]}
    with client.application.test_request_context():
        assert documented == set(DirectoryForm()._fields)


def test_the_organization_list_documents_exactly_the_organization_directorys_filters(
    client,
) -> None:  # type: ignore[no-untyped-def]
    operation = _document(client)["paths"]["/organizations"]["get"]
    documented = {parameter["name"] for parameter in operation["parameters"]}
    with client.application.test_request_context():
        assert documented == set(OrganizationArguments()._fields)
        assert {"q", "country", "subdivision", "type", "focus_area"} <= documented


def _seed() -> None:
    """Every kind of record, public or not, so generated requests find things and no answer
    can contain what the document does not describe."""
    utah = make_partnership(
        slug="utah-qinghai",
        cohort_year=2011,
        us_state="US-UT",
        cn_province="CN-QH",
        status=PartnershipStatus.GRADUATED,
        focus_areas=(FocusArea.CLEAN_ELECTRICITY, FocusArea.ENERGY_EFFICIENCY),
    )
    active = make_partnership(us_type=OrganizationType.UNIVERSITY, cn_province="CN-BJ")
    make_partnership(status=PartnershipStatus.WITHDRAWN)
    make_milestone(active, pilot_year=1, number=1, key=True, completed_on=date(2026, 4, 1))
    make_milestone(active, pilot_year=2, number=1)
    make_update(active)
    make_update(utah, title="标题", body="正文")
    make_update(active, state=UpdateState.DRAFT)
    make_update(active, visibility=Visibility.SECRETARIAT)
    make_solicitation(2011, status=SolicitationStatus.ARCHIVED)
    make_solicitation(2027)
    make_solicitation(2028, status=SolicitationStatus.DRAFT)
    # Issue 18: standing notices (one open to any region), and ones the public never sees.
    seeking = utah.participants[0].organization
    make_notice(seeking, regions=("CN-QH",), offer_zh="<b>我们</b>")
    make_notice(seeking, focus_areas=(FocusArea.CLEAN_WATER, FocusArea.GREEN_GROWTH))
    make_notice(seeking, state=NoticeState.DRAFT)
    make_notice(seeking, state=NoticeState.WITHDRAWN)


EXAMPLES_PER_OPERATION = 25


def every_check() -> list:  # type: ignore[type-arg]
    """Every check schemathesis has (``--checks all``): status codes, content types, headers
    and bodies conforming to the document, invalid data refused, valid data accepted, an
    undeclared method answered 405 with ``Allow``, and no 5xx."""
    load_all_checks()
    return CHECKS.get_all()


def _cases() -> list[tuple[str, GenerationMode]]:
    """Every operation with valid requests; with invalid ones too where the document leaves
    room for them (a query argument, or a path argument that is not free text)."""
    cases = []
    for path, item in sorted(openapi_document("http://portal.test/api/v1")["paths"].items()):
        cases.append((path, GenerationMode.POSITIVE))
        parameters = item["get"].get("parameters", [])
        if any(p["in"] == "query" or p["schema"]["type"] != "string" for p in parameters):
            cases.append((path, GenerationMode.NEGATIVE))
    return cases


@pytest.mark.parametrize(("path", "mode"), _cases(), ids=lambda v: getattr(v, "value", v))
def test_the_api_answers_as_its_document_says(app: Flask, path: str, mode: GenerationMode) -> None:
    """Valid requests (positive) get the documented answers; invalid ones (negative) are
    refused with a documented 4xx; no answer is a 5xx or holds an undocumented field."""
    _seed()
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def answers(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(checks=checks)

    checks = every_check()
    answers()


@pytest.mark.parametrize("path", sorted(openapi_document("http://x")["paths"]))
def test_the_api_passes_the_coverage_phase_with_every_check(app: Flask, path: str) -> None:
    """Schemathesis's coverage phase, as ``st run --checks all`` runs it: each argument at its
    boundaries and just past them, missing and malformed, and every method the document does
    not declare (TRACE, DELETE, PUT...), which must be a 405 naming the allowed ones."""
    _seed()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path]["GET"]
    cases = list(
        schema.iter_coverage_cases(
            operation,
            generation_modes=list(GenerationMode),
            generation_config=schema.config.generation_for(operation=operation),
        )
    )
    methods = {case.method for case in cases}
    assert {"TRACE", "DELETE", "PUT"} <= methods, methods
    checks, failures = every_check(), []
    for case in cases:
        try:
            case.call_and_validate(checks=checks)
        except FailureGroup as group:  # each failing case is kept, and all are reported
            failures.extend(
                f"{case.method} {case.formatted_path}: {f.title}" for f in group.exceptions
            )
    assert not failures, "\n\n".join(failures)


def _record_models() -> dict[str, type[Record]]:
    """Every record model by name (private bases, which only lend fields, left out)."""
    found, waiting = {}, [Record]
    while waiting:
        model = waiting.pop()
        waiting.extend(model.__subclasses__())
        if not model.__name__.startswith("_"):
            found[model.__name__] = model
    return found


def test_every_component_schema_is_generated_from_a_record_model() -> None:
    components = openapi_document("http://x")["components"]["schemas"]
    models = _record_models()
    assert {model.__name__ for model in schemas.RESPONSES} <= set(components)
    assert set(components) <= set(models)
    for name, component in components.items():
        generated = models[name].model_json_schema(ref_template=REF_TEMPLATE)
        assert list(component["properties"]) == list(generated["properties"]), name
        assert component["required"] == generated["required"], name
        assert component["additionalProperties"] is False, name
        assert component["description"] == generated["description"], name


def test_a_field_added_to_a_model_appears_in_the_document(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    class Probe(schemas.Statistics):
        """Statistics with one more number."""

        probe_count: int
        """A field no hand-written document knows."""

    monkeypatch.setattr(schemas, "RESPONSES", (*schemas.RESPONSES, Probe))
    component = openapi_document("http://x")["components"]["schemas"]["Probe"]
    assert component["properties"]["probe_count"] == {
        "type": "integer",
        "description": "A field no hand-written document knows.",
    }
    assert "probe_count" in component["required"]
