"""Load scenario (locust): 50 people at once — the public browsing, applicants drafting their
proposals, reviewers scoring — against the portal served by gunicorn. Not part of CI.

Run it against a scratch PostgreSQL database with the demo data, on loopback only:

    python3.11 -m venv bench/.venv && bench/.venv/bin/pip install -r bench/requirements.txt
    export DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/portal_load   # yours
    .venv/bin/flask --app wsgi db upgrade && .venv/bin/flask --app wsgi seed-demo
    .venv/bin/python bench/load_prepare.py        # the demo call closes: reviews open
    SECRET_KEY=$(openssl rand -hex 32) PROXY_FIX=1 GUNICORN_BIND=127.0.0.1:8055 make serve &
    bench/.venv/bin/locust -f bench/load.py --headless --host http://127.0.0.1:8055 \\
        --users 50 --spawn-rate 10 --run-time 60s --csv /tmp/portal-load

Every simulated person comes through "the reverse proxy": X-Forwarded-Proto https and an
X-Forwarded-For address of their own (PROXY_FIX=1 makes the portal believe them, as behind
nginx), so the production settings apply unchanged — HTTPS-only cookies, per-address rate
limits. The demo accounts share the password below; applicants edit the demo drafts and
reviewers the demo assignments, several people the same record at times, as colleagues do
(the portal then says someone else saved first: a 200, not an error).

Reported: requests, failures (the target is 0: any status >= 400, or a page that is not the
expected one) and latency percentiles, overall and per kind of page (``--csv``).
"""

from __future__ import annotations

import itertools
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

DEMO_PASSWORD = "ecopartners-demo-2026"  # noqa: S105 - the public demo accounts' password
APPLICANTS = ("applicant.us", "applicant.cn")
REVIEWERS = ("reviewer.us", "reviewer.cn", "reviewer.us2", "reviewer.cn2")
DOMAIN = "demo.ecopartnerships.org"

_addresses = itertools.count(1)


class FormReader(HTMLParser):
    """The fields of the page's forms that post to `action` (or to the page itself)."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action, self._inside = action, False
        self.fields: list[list[str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._inside = a.get("method", "").lower() == "post" and a.get("action", "") in (
                "",
                self.action,
            )
        elif not self._inside or not a.get("name"):
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields.append([a["name"], a.get("value", "")])
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append([self._select, a.get("value", "")])
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append([a["name"], ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.fields:
            self.fields[-1][1] += data


def form_fields(page: str, action: str) -> list[list[str]]:
    reader = FormReader(action)
    reader.feed(page)
    return reader.fields


class Person(HttpUser):
    """Someone behind the proxy, with an address of their own."""

    abstract = True
    wait_time = between(1, 4)

    def on_start(self) -> None:
        n = next(_addresses)
        self.client.headers.update(
            {"X-Forwarded-For": f"10.9.{n // 250}.{n % 250 + 1}", "X-Forwarded-Proto": "https"}
        )
        # Over HTTPS, Flask-WTF also wants a same-origin Referer with every form, as a browser
        # sends; the origin is the one the portal sees (https, through the proxy).
        self.origin = "https://" + (self.host or "").split("://", 1)[-1].rstrip("/")

    def through_tls(self) -> None:
        """The person's browser speaks HTTPS to the proxy, so it sends the portal's Secure
        cookies; the proxy forwards plain HTTP on loopback, where `requests` would not."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def page(self, path: str, name: str, expect: str = "") -> str:
        """GET a page; a failure unless it answers 200 (and contains `expect`)."""
        self.through_tls()
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif expect and expect not in response.text:
                response.failure(f"missing {expect!r}")
            return response.text if response.status_code == 200 else ""

    def sign_in(self, local: str) -> None:
        page = self.page("/login", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        data = {"email": f"{local}@{DOMAIN}", "password": DEMO_PASSWORD}
        data["csrf_token"] = token.group(1) if token else ""
        self.through_tls()
        with self.client.post(
            "/login",
            data=data,
            name="POST /login",
            headers={"Referer": f"{self.origin}/login"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")

    def post_form(self, path: str, name: str, fields: list[list[str]]) -> None:
        """POST a form; saved (302) or shown again with a message (200) are both fine."""
        self.through_tls()
        with self.client.post(
            path,
            data=fields,
            name=name,
            headers={"Referer": f"{self.origin}{path}"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 302, 303):
                response.failure(f"{response.status_code}")


class PublicReader(Person):
    """Reads the public site: the directory, partnerships, updates, statistics, open data."""

    weight = 5
    slugs: list[str] = []

    @task(3)
    def home(self) -> None:
        self.page("/", "/", expect="EcoPartnerships")

    @task(4)
    def directory(self) -> None:
        page = self.page("/partnerships", "/partnerships")
        found = re.findall(r'href="/partnerships/([a-z0-9-]+)"', page)
        if found:
            PublicReader.slugs = sorted(set(found))

    @task(4)
    def partnership(self) -> None:
        if PublicReader.slugs:
            slug = random.choice(PublicReader.slugs)  # noqa: S311 - not for security
            self.page(f"/partnerships/{slug}", "/partnerships/[slug]")

    @task(2)
    def updates(self) -> None:
        self.page("/updates", "/updates")

    @task(1)
    def statistics(self) -> None:
        self.page("/statistics", "/statistics")

    @task(1)
    def solicitations(self) -> None:
        self.page("/solicitations", "/solicitations")

    @task(1)
    def open_data(self) -> None:
        self.page("/api/v1/partnerships", "/api/v1/partnerships")

    @task(1)
    def feed(self) -> None:
        self.page("/updates.atom", "/updates.atom")


class Applicant(Person):
    """Drafts a proposal: reads it, edits the English summary, saves, reads the workplan."""

    weight = 3

    def on_start(self) -> None:
        super().on_start()
        self.sign_in(random.choice(APPLICANTS))  # noqa: S311 - not for security
        page = self.page("/dashboard", "/dashboard")
        self.drafts = []  # of the proposals listed, those this person may edit
        for proposal in sorted(set(re.findall(r'href="/proposals/(\d+)"', page))):
            self.through_tls()
            with self.client.get(
                f"/proposals/{proposal}/edit", name="probe", catch_response=True
            ) as response:
                if response.status_code == 200 and 'name="summary_en"' in response.text:
                    self.drafts.append(proposal)
                response.success()  # a probe: being refused an invitation's proposal is right

    @task(2)
    def dashboard(self) -> None:
        self.page("/dashboard", "/dashboard")

    @task(2)
    def read_proposal(self) -> None:
        for proposal in self.drafts[:1]:
            self.page(f"/proposals/{proposal}", "/proposals/[id]")

    @task(3)
    def save_draft(self) -> None:
        for proposal in self.drafts[:1]:
            path = f"/proposals/{proposal}/edit"
            fields = form_fields(self.page(path, "/proposals/[id]/edit"), path)
            if not fields:
                continue
            for field in fields:
                if field[0] == "summary_en":
                    field[1] = f"{field[1].split(' [draft')[0]} [draft {random.randint(1, 999)}]"  # noqa: S311
            self.post_form(path, "POST /proposals/[id]/edit", fields)

    @task(1)
    def workplan(self) -> None:
        for proposal in self.drafts[:1]:
            self.page(f"/proposals/{proposal}/workplan", "/proposals/[id]/workplan")


class Reviewer(Person):
    """Scores an assigned proposal: the workspace, the proposal, a saved draft review."""

    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.sign_in(random.choice(REVIEWERS))  # noqa: S311 - not for security
        page = self.page("/review/", "/review/")
        self.assignments = sorted(set(re.findall(r'href="/review/assignments/(\d+)"', page)))

    @task(2)
    def workspace(self) -> None:
        self.page("/review/", "/review/")

    @task(3)
    def score(self) -> None:
        if not self.assignments:
            return
        assignment = random.choice(self.assignments)  # noqa: S311 - not for security
        path = f"/review/assignments/{assignment}"
        page = self.page(path, "/review/assignments/[id]")
        fields = [f for f in form_fields(page, path) if f[0] != "action"]
        if not fields:
            return  # not open for scoring yet (the call has not closed): reading only
        scores = set(re.findall(r'name="(score_\d+)"', page))
        fields = [f for f in fields if f[0] not in scores]
        fields += [[name, str(random.randint(1, 5))] for name in sorted(scores)]  # noqa: S311
        fields.append(["action", "save"])  # a draft: submitting would make the review final
        for field in fields:
            if field[0] == "comments_to_secretariat":
                field[1] = f"Load test note {random.randint(1, 999)}"  # noqa: S311
        self.post_form(path, "POST /review/assignments/[id]", fields)
