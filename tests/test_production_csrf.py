"""CSRF is checked under the production configuration itself, not only under the test suite's
`csrf_client`: a fresh interpreter builds the portal exactly as a server does, its settings
read from the environment (a strong SECRET_KEY, a database URL), and a state-changing request
without a token is refused with 400 while the same request with the page's token gets through."""

from __future__ import annotations

from pathlib import Path

from tests.production_child import run_in_production

# Runs in the child: builds the production app from the environment and reports what it saw.
CHILD = r"""
import json, re
from app import create_app
from app.extensions import db

app = create_app("production")
with app.app_context():
    db.create_all()
client = app.test_client()
# A browser's same-origin Referer on every POST: under HTTPS Flask-WTF checks it as well, so
# only the missing token can explain a refusal.
https = {"base_url": "https://portal.example", "headers": {"Referer": "https://portal.example/login"}}
sign_in = {"email": "nobody@example.org", "password": "not the password"}
seen = {"csrf_enabled": app.config.get("WTF_CSRF_ENABLED", True)}
refused = client.post("/login", data=sign_in, **https)
seen["sign_in_without_token"] = refused.status_code
seen["refusal_explained"] = "Your form expired" in refused.get_data(as_text=True)
seen["register_without_token"] = client.post(
    "/register", data={"email": "new@example.org"}, **https
).status_code
seen["language_without_token"] = client.post("/language", data={"language": "zh"}, **https).status_code
page = client.get("/login", **https).get_data(as_text=True)
token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
seen["sign_in_with_token"] = client.post(
    "/login", data={**sign_in, "csrf_token": token}, **https
).status_code
print(json.dumps(seen))
"""


def test_production_refuses_a_post_without_csrf_token(tmp_path: Path) -> None:
    seen = run_in_production(CHILD, tmp_path)
    assert seen["csrf_enabled"] is True
    assert seen["sign_in_without_token"] == 400 and seen["refusal_explained"]
    assert seen["register_without_token"] == 400
    assert seen["language_without_token"] == 400
    # With the token the form is answered (a wrong password: the page again, not a 400).
    assert seen["sign_in_with_token"] == 200
