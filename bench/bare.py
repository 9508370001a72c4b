"""The benchmark's ceiling: the stack itself, with none of the portal in it.

    gunicorn -w 2 -k sync -b 127.0.0.1:8767 bench.bare:app

A bare Flask application — no extensions, no request hooks, no security headers, no session —
with two routes:

- ``/bare/partnerships`` renders a Jinja template (``bench/templates/bare_directory.html``,
  compiled once, on the first request) of the same 25 partnership rows as the directory's first
  page, held in a Python list: what serving that table costs the stack (Flask, Werkzeug, Jinja,
  gunicorn) and nothing else. Every public page is measured as a ratio to it.
- ``/bare/string`` returns a short string: the physical limit of a Python WSGI worker here.

The rows are the synthetic data set's first 25 partnerships (`app.demo.synthetic.plan_scale`,
computed once at start-up as plain values): the same names, places and focus areas as the
benchmarked pages, in the directory's order. Nothing of the portal runs per request.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, render_template

from app.demo.synthetic import plan_scale

PER_PAGE = 25  # as the directory's first page
TOTAL = 10_000


def rows(count: int = PER_PAGE) -> list[dict[str, Any]]:
    """The first `count` synthetic partnerships as plain dictionaries, as a template reads them."""
    plan = plan_scale(count, seed=1)
    found = []
    for index, partnership in enumerate(plan.partnerships):
        participants = [
            plan.organizations[p["organization"]]
            for p in plan.participants
            if p["partnership"] == index
        ]
        found.append(
            {
                "slug": partnership["slug"],
                "name": partnership["name_en"],
                "cohort_year": partnership["cohort_year"],
                "status": str(partnership["status"]).rsplit(".", 1)[-1].title(),
                "organizations": [
                    {"name": o["name_en"], "country": str(o["country"]).rsplit(".", 1)[-1]}
                    for o in participants
                ],
                "focus_areas": [
                    str(f["focus_area"]).rsplit(".", 1)[-1].replace("_", " ").capitalize()
                    for f in plan.focus_areas
                    if f["partnership"] == index
                ],
            }
        )
    found.sort(key=lambda row: (-row["cohort_year"], row["name"]))
    return found


def create_bare_app() -> Flask:
    """Flask and Jinja alone."""
    application = Flask(__name__, template_folder="templates")
    table = rows()

    @application.get("/bare/partnerships")
    def partnerships() -> str:
        return render_template("bare_directory.html", rows=table, total=TOTAL)

    @application.get("/bare/string")
    def string() -> str:
        return "EcoPartnerships"

    return application


app = create_bare_app()
