"""Bad input at scale: every route that accepts POST gets hypothesis-generated form data (random
Unicode, very long strings, NUL bytes, numbers out of range, impossible dates, several values
for one field, random files), sent by the roles that own the records (the world of
tests/test_authorization_matrix.py). The portal never answers with a 500, and when it refuses
the input (the form shown again, or a 4xx) not one row of any table has changed.

Each example starts from the values the route's own form shows (a valid submission, usually)
and spoils some of them, so the checks behind the form's validation are reached too. Bounded:
15 examples per route, about a second each route.
"""

from __future__ import annotations

import importlib
import inspect as pyinspect
import io
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from wtforms.fields.core import UnboundField

from app import create_app
from app.extensions import db
from tests.reliability.conftest import act_as
from tests.test_authorization_matrix import EXPECTED, ROLES, World, world  # noqa: F401

EXAMPLES_PER_ROUTE = 15


def _post_routes() -> list[tuple[str, str]]:
    app = create_app("testing")
    return sorted(
        (rule.endpoint, rule.rule)
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint != "static"
    )


POST_ROUTES = _post_routes()

# --- what to send -------------------------------------------------------------------------------

UNICODE = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be sent as UTF-8
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "2147483648",
    "-9223372036854775809",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-inf",
    "3.5",
    "true",
    "[]",
    "{}",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2026-13-01T25:61",
    "'; DROP TABLE proposal; --",
    "<script>alert(1)</script>",
    "%s%n%x",
    "../../../../etc/passwd",
    "\u202egnp.exe",
    "\ufeff\u200b",
    "😀" * 50,
    "a@b",
    "http://",
    "javascript:alert(1)",
]
TEXT = st.one_of(
    st.text(UNICODE, max_size=40),
    st.text(UNICODE, min_size=1, max_size=6).map(lambda s: s * (20_000 // len(s))),
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
)
# One value, or several for the same field (a list where one value is expected).
VALUES = st.one_of(TEXT.map(lambda v: [v]), st.lists(TEXT, min_size=2, max_size=3))
FILES = st.tuples(
    st.one_of(
        st.binary(max_size=3000),
        st.sampled_from(
            [b"%PDF-1.4\n%%EOF", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"GIF89a" + b"\x00" * 10]
        ),
    ),
    st.sampled_from(
        ["letter.pdf", "photo.png", "../../x.pdf", "a" * 300 + ".pdf", "x\x00.pdf", ""]
    ),
)


# --- what the route's forms look like -----------------------------------------------------------


class FormReader(HTMLParser):
    """The forms of a page: their action and the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": attributes.get("action", ""),
                    "method": attributes.get("method", "get").lower(),
                    "values": {},
                    "files": set(),
                }
            )
            return
        if not self.forms:
            return
        form, name = self.forms[-1], attributes.get("name")
        if not name:
            return
        values: dict[str, list[str]] = form["values"]
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind == "file":
                form["files"].add(name)
            elif kind in ("checkbox", "radio"):
                values.setdefault(name, [])
                if "checked" in attributes:
                    values[name].append(attributes.get("value", "y"))
            elif kind not in ("submit", "button", "reset", "image"):
                values.setdefault(name, []).append(attributes.get("value", ""))
        elif tag == "select":
            self._select = name
            values.setdefault(name, [])
        elif tag == "option" and self._select:
            chosen = values[self._select]
            if "selected" in attributes or not chosen:
                value = attributes.get("value", "")
                values[self._select] = [value] if "selected" not in attributes else [*chosen, value]
        elif tag == "textarea":
            self._textarea = name
            values[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1]["values"][self._textarea][0] += data


def module_fields(app: Flask, endpoint: str) -> tuple[set[str], set[str]]:
    """The field names (and file fields) of every form of the module the route belongs to."""
    package = app.view_functions[endpoint].__module__.rsplit(".", 1)[0]
    try:
        forms = importlib.import_module(f"{package}.forms")
    except ModuleNotFoundError:
        return set(), set()
    names, files = set(), set()
    for _, form in pyinspect.getmembers(forms, pyinspect.isclass):
        if issubclass(form, FlaskForm):
            for name in dir(form):
                field = getattr(form, name, None)
                if isinstance(field, UnboundField):
                    names.add(name)
                    if issubclass(field.field_class, FileField):
                        files.add(name)
    return names, files


def the_routes_form(client: FlaskClient, url: str, methods: set[str]) -> dict[str, Any]:
    """The form that posts to `url`, as a browser has it: on the route's own page, or (for a
    button such as "withdraw") on the page of the record above it in the address."""
    pages = [url] if "GET" in methods else []
    parts = url.rstrip("/").split("/")
    pages += ["/".join(parts[:end]) for end in range(len(parts) - 1, 1, -1)]
    for page in [*pages, "/dashboard"]:
        response = client.get(page)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        reader = FormReader()
        reader.feed(response.get_data(as_text=True))
        ours = [
            form
            for form in reader.forms
            if form["method"] == "post" and (form["action"].split("?")[0] or page) == url
        ]
        if ours:
            return max(ours, key=lambda form: len(form["values"]))
    return {"values": {}, "files": set()}


def row_counts() -> tuple[int, ...]:
    """Rows in every table, in one query."""
    tables = db.metadata.sorted_tables
    counts = select(*(select(func.count()).select_from(t).scalar_subquery() for t in tables))
    return tuple(db.session.execute(counts).one())


def url_of(rule: str, values: dict[str, object]) -> str:
    for name, value in values.items():
        for form in (f"<int:{name}>", f"<path:{name}>", f"<{name}>"):
            rule = rule.replace(form, str(value))
    return rule


# --- the test -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("endpoint", "rule"), POST_ROUTES, ids=[e for e, _ in POST_ROUTES])
def test_no_form_input_causes_an_error_or_a_partial_write(
    app: Flask,
    client: FlaskClient,
    world: World,  # noqa: F811 - the matrix's fixture, imported above
    endpoint: str,
    rule: str,
) -> None:
    expected = EXPECTED.get(endpoint, {})
    roles = [role for role in ROLES if expected.get(role) == "ok" and role != "anonymous"]
    if not roles:
        roles = ["anonymous"] if expected.get("anonymous") == "ok" else ["applicant"]
    db.session.commit()  # into the test's transaction: a view's rollback keeps the world
    url = url_of(rule, world.values)
    methods = set(next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint).methods)

    def sign_in_as(role: str) -> None:
        with client.session_transaction() as session:
            session.clear()
        if role != "anonymous":
            act_as(client, world.users[role].id)  # type: ignore[attr-defined]

    pages = {}
    for role in roles:
        sign_in_as(role)
        pages[role] = the_routes_form(client, url, methods)
    names, file_fields = module_fields(app, endpoint)

    @settings(
        max_examples=EXAMPLES_PER_ROUTE,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def send(data: st.DataObject) -> None:
        role = data.draw(st.sampled_from(roles), label="role")
        form = pages[role]
        fields: dict[str, Any] = {name: list(v) for name, v in form["values"].items()}
        candidates = sorted(set(fields) | names | form["files"] | file_fields)
        # Mostly one or two bad fields among good ones: the checks after validation are reached.
        few = st.lists(st.sampled_from(candidates), unique=True, min_size=1, max_size=2)
        many = st.lists(st.sampled_from(candidates), unique=True)
        spoiled = data.draw(st.one_of(few, few, few, many), label="spoiled") if candidates else []
        for name in spoiled:
            if name in (form["files"] | file_fields) and data.draw(st.booleans()):
                content, filename = data.draw(FILES, label=name)
                fields[name] = (io.BytesIO(content), filename)
            elif data.draw(st.integers(0, 9), label=f"drop {name}") == 0:
                fields.pop(name, None)
            else:
                fields[name] = data.draw(VALUES, label=name)
        sign_in_as(role)
        before = row_counts()
        response = client.post(url, data=fields, content_type="multipart/form-data")
        assert response.status_code < 500, (
            f"{endpoint} as {role} answered {response.status_code}: "
            + response.get_data(as_text=True)[:300]
        )
        if not 300 <= response.status_code < 400:  # refused: shown again, or a 4xx
            db.session.expire_all()
            assert row_counts() == before, f"{endpoint} as {role} refused the input but wrote"

    send()


def test_a_nul_character_anywhere_is_refused_and_nothing_is_written(
    client: FlaskClient,
    world: World,  # noqa: F811 - the matrix's fixture, imported above
) -> None:
    db.session.commit()
    applicant = world.users["applicant"]
    act_as(client, applicant.id)  # type: ignore[attr-defined]
    before = row_counts()
    assert client.get("/partnerships?q=a%00b").status_code == 400
    refused = client.post(
        "/account", data={"display_name": "Eve\x00", "language": "en", "time_zone": "UTC"}
    )
    assert refused.status_code == 400
    upload = client.post(
        f"/proposals/{world.values['proposal_id']}/attachments",
        data={"file": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "letter\x00.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 400
    db.session.expire_all()
    assert row_counts() == before
    assert applicant.display_name != "Eve\x00"  # type: ignore[attr-defined]


@pytest.mark.parametrize("number", ["2147483648", "99999999999999999999999"])
def test_a_number_too_large_for_an_id_is_a_404_or_a_400(
    client: FlaskClient,
    world: World,  # noqa: F811 - the matrix's fixture, imported above
    number: str,
) -> None:
    db.session.commit()
    act_as(client, world.users["applicant"].id)  # type: ignore[attr-defined]
    partnership = world.values["partnership_id"]
    assert client.get(f"/proposals/{number}").status_code == 404
    assert client.get(f"/workspace/partnerships/{partnership}/updates/{number}").status_code == 404
    removal = client.post(
        f"/organizations/{world.values['organization_id']}/members/remove",
        data={"user_id": number},
    )
    assert removal.status_code in (400, 404)
