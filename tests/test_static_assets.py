"""Static files: the portal's own USWDS build holds every USWDS class the templates use, and
production serves fingerprinted, compressed copies cached for a year, with the first screen's
fonts preloaded."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from flask import url_for

from app import create_app
from app.static_files import MANIFEST, build_static
from tests.ci import cannot_run

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "app" / "static" / "uswds" / "css" / "uswds.min.css"
FULL = ROOT / "node_modules" / "@uswds" / "uswds" / "dist" / "css" / "uswds.css"
SOURCES = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "app").rglob("*.py"),
           *(ROOT / "app" / "static" / "js").rglob("*.js")]  # fmt: skip
FONT = "uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2"


def _classes(css: str) -> set[str]:
    return {name.replace("\\", "") for name in re.findall(r"\.((?:[\w-]|\\:)+)", css)}


def test_every_uswds_class_the_portal_uses_is_in_its_build() -> None:
    """A class of the full USWDS stylesheet named in a template, a view or a script (a
    component, a utility such as ``tablet:grid-col-6``) must be in the portal's build: else
    the page silently loses that style. Add its package or utility to assets/uswds.scss."""
    if not BUILD.is_file() or not FULL.is_file():
        cannot_run("USWDS is not built (make setup)")
    uswds, built = _classes(FULL.read_text()), _classes(BUILD.read_text())
    used = {
        token
        for path in SOURCES
        for token in re.findall(r"[a-z][a-z0-9:_-]*[a-z0-9]", path.read_text(encoding="utf-8"))
        if "-" in token and token in uswds
    }
    assert len(used) > 100  # the scan finds the portal's classes at all
    assert not sorted(used - built), "missing from assets/uswds.scss's build"


def test_the_build_is_smaller_than_all_of_uswds() -> None:
    if not BUILD.is_file() or not FULL.is_file():
        cannot_run("USWDS is not built (make setup)")
    full = len(gzip.compress(FULL.read_bytes()))
    assert len(gzip.compress(BUILD.read_bytes())) < 0.8 * full


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A small static folder: a stylesheet naming a font, the portal's stylesheet."""
    folder = tmp_path / "static"
    (folder / "uswds" / "css").mkdir(parents=True)
    (folder / "uswds" / "fonts" / "source-sans-pro").mkdir(parents=True)
    (folder / FONT).write_bytes(b"wOF2 font")
    css = "a{color:red}" * 200 + "@font-face{src:url(../fonts/source-sans-pro/"
    css += 'sourcesanspro-regular-webfont.woff2) format("woff2")}.x{background:url(data:,x)}'
    (folder / "uswds" / "css" / "uswds.min.css").write_text(css)
    (folder / "uswds" / "css" / "uswds.min.css.map").write_text("{}")
    (folder / "css").mkdir()
    (folder / "css" / "portal.css").write_text(".portal-stat{font-weight:700}" * 50)
    return folder


def test_the_build_fingerprints_compresses_and_rewrites_css_urls(
    source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "build"
    manifest = build_static(source, target)
    font = manifest[FONT]
    assert re.fullmatch(
        r"uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont\.[0-9a-f]{12}\.woff2", font
    )
    css = (target / manifest["uswds/css/uswds.min.css"]).read_text()
    assert f"url(../fonts/source-sans-pro/{Path(font).name})" in css
    assert "url(data:,x)" in css  # left alone
    assert "uswds/css/uswds.min.css.map" not in manifest
    hashed = target / manifest["uswds/css/uswds.min.css"]
    assert gzip.decompress(Path(f"{hashed}.gz").read_bytes()).decode() == css
    assert brotli.decompress(Path(f"{hashed}.br").read_bytes()).decode() == css
    assert not Path(f"{target / font}.gz").exists()  # a font does not compress
    assert (target / MANIFEST).is_file()


def test_production_serves_fingerprinted_compressed_files_for_a_year(
    source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "build"
    manifest = build_static(source, target)
    app = create_app("testing", STATIC_BUILD_DIR=str(target))
    with app.test_request_context():
        address = url_for("static", filename="css/portal.css")
        font = url_for("static", filename=FONT)
    assert address == f"/static/{manifest['css/portal.css']}"
    client = app.test_client()
    for encoding in ("br", "gzip"):
        response = client.get(address, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    plain = client.get("/static/css/portal.css")  # the unfingerprinted name: an hour
    assert "max-age=3600" in plain.headers["Cache-Control"]
    assert client.get(font).status_code == 200


def test_pages_preload_the_fonts_their_stylesheet_names(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/login").get_data(as_text=True)
    preloaded = re.findall(r'<link rel="preload" href="/static/([^"]+)" as="font"', page)
    assert FONT in preloaded and len(preloaded) == 3
    if not BUILD.is_file():
        cannot_run("USWDS is not built (make setup)")
    css = BUILD.read_text()
    for font in preloaded:
        assert f"url(../fonts/{font.removeprefix('uswds/fonts/')})" in css
        assert (ROOT / "app" / "static" / font).is_file()
