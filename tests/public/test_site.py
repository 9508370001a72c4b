"""The footer's pages (about, accessibility, privacy, contact), the identifier that links them,
and the site's icon."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

PAGES = {
    "/about": ("About the program", "关于本计划"),
    "/accessibility": ("Accessibility statement", "无障碍声明"),
    "/privacy": ("Privacy", "隐私"),
    "/contact": ("Contact the Joint Secretariat", "联系联合秘书处"),
}


@pytest.mark.parametrize("path", PAGES)
def test_every_footer_page_reads_in_both_languages(client: FlaskClient, path: str) -> None:
    english, chinese = PAGES[path]
    assert f"<h1>{english}</h1>" in client.get(path).text
    client.set_cookie("lang", "zh_Hans")
    assert f"<h1>{chinese}</h1>" in client.get(path).text


def test_the_identifier_links_the_footer_pages_from_every_page(client: FlaskClient) -> None:
    page = client.get("/partnerships").text
    identifier = page.split('class="usa-identifier"', 1)[1]
    for path in PAGES:
        assert f'href="{path}"' in identifier


def test_the_contact_address_comes_from_the_configuration(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    app.config["CONTACT_EMAIL"] = "js@example.org"
    page = client.get("/contact").text
    assert 'href="mailto:js@example.org"' in page
    assert "js@example.org" in client.get("/accessibility").text


def test_the_site_has_an_icon_where_browsers_look_for_one(client: FlaskClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/").text
    assert 'rel="icon" href="/favicon.ico"' in page
    svg = page.split('type="image/svg+xml"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    assert "favicon" in svg and client.get(svg).status_code == 200
