"""A worker carries only what the pages it serves need: the heavy libraries behind PDFs, letter
checks, reviewer matching and password choice load at their first use, not at start, so a
worker that serves the public face stays small (issue 21: at most 250 MB per worker).

A fresh interpreter builds the portal as a server does and serves the public pages and the
sign-in form; the libraries below must not have been imported by then."""

from __future__ import annotations

from pathlib import Path

from tests.production_child import run_in_production

# Each is several megabytes of a worker's memory (measured with one gunicorn worker at 10,000
# partnerships): WeasyPrint 31, zxcvbn's lists 12, networkx 12, pypdf with fontTools 10.
LOADED_AT_FIRST_USE = ("weasyprint", "zxcvbn", "networkx", "pypdf", "fontTools")

CHILD = r"""
import json, sys
from app import create_app
from app.extensions import db

app = create_app("production")
with app.app_context():
    db.create_all()
client = app.test_client()
https = {"base_url": "https://portal.example"}
pages = ["/", "/partnerships", "/partnerships?q=wetland", "/partnerships/map", "/statistics",
         "/updates", "/updates.atom", "/api/v1/partnerships", "/about", "/login", "/register"]
statuses = {page: client.get(page, **https).status_code for page in pages}
print(json.dumps({"statuses": statuses, "modules": sorted(sys.modules)}))
"""


def test_a_worker_serving_public_pages_has_not_loaded_the_heavy_libraries(
    tmp_path: Path,
) -> None:
    seen = run_in_production(CHILD, tmp_path)
    assert set(seen["statuses"].values()) == {200}, seen["statuses"]
    loaded = {name.partition(".")[0] for name in seen["modules"]}
    assert loaded.isdisjoint(LOADED_AT_FIRST_USE), sorted(loaded & set(LOADED_AT_FIRST_USE))
