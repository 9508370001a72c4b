"""Static files in production: fingerprinted names, gzip and brotli copies, a year's caching.

``flask build-static`` (run by ``make serve``) copies ``app/static`` into ``STATIC_BUILD_DIR``,
adding beside each file a copy named for its content (``portal.css`` → ``portal.1a2b3c4d5e6f.css``;
URLs inside CSS rewritten to those names), a ``manifest.json`` from one to the other, and gzip
and brotli copies of what compresses. When the manifest exists, `url_for('static', ...)` gives
the fingerprinted name and WhiteNoise serves the directory: fingerprinted files as immutable for
a year, the compressed copy the browser accepts. Development serves ``app/static`` as it is.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any
from wsgiref.headers import Headers

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

MANIFEST = "manifest.json"
FINGERPRINTED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""")
LEFT_OUT = re.compile(r"\.map$|/\.")  # source maps and stamp files: nothing links them


def _fingerprinted(name: str, content: bytes) -> str:
    stem, dot, extension = name.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:12]
    return f"{stem}.{digest}.{extension}" if dot else f"{name}.{digest}"


def _rewrite_css(name: str, css: str, manifest: dict[str, str]) -> str:
    """`css` with each relative url() to a built file pointing at its fingerprinted copy."""
    folder = posixpath.dirname(name)

    def replace(match: re.Match[str]) -> str:
        url = match.group(2)
        if re.match(r"^([a-z]+:|/|#)", url):
            return match.group(0)  # data:, absolute and fragment URLs stay as they are
        path, suffix = re.match(r"([^?#]*)(.*)", url).groups()  # type: ignore[union-attr]
        target = posixpath.normpath(posixpath.join(folder, path))
        if target not in manifest:
            return match.group(0)
        relative = posixpath.relpath(manifest[target], folder or ".")
        return f"url({match.group(1)}{relative}{suffix}{match.group(1)})"

    return CSS_URL.sub(replace, css)


def build_static(source: Path, target: Path) -> dict[str, str]:
    """Build `target` from `source` (see the module's docstring); returns the manifest."""
    if target.exists():
        shutil.rmtree(target)
    names = sorted(
        path.relative_to(source).as_posix()
        for path in source.rglob("*")
        if path.is_file() and not LEFT_OUT.search("/" + path.relative_to(source).as_posix())
    )
    manifest: dict[str, str] = {}
    # Stylesheets last, so the fonts and images they name already have their new names.
    for name in sorted(names, key=lambda n: n.endswith(".css")):
        content = (source / name).read_bytes()
        if name.endswith(".css"):
            content = _rewrite_css(name, content.decode(), manifest).encode()
        manifest[name] = _fingerprinted(name, content)
        for written in (name, manifest[name]):
            (target / written).parent.mkdir(parents=True, exist_ok=True)
            (target / written).write_bytes(content)
    compressor = Compressor(quiet=True)
    for path in sorted(target.rglob("*")):
        if path.is_file() and compressor.should_compress(str(path)):
            for _ in compressor.compress(str(path)):
                pass
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def _nosniff(headers: Headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    """Serve the built directory when it has a manifest; otherwise leave Flask's static route."""
    build = Path(app.config.get("STATIC_BUILD_DIR") or "")
    if not app.config.get("STATIC_BUILD_DIR") or not (build / MANIFEST).is_file():
        return
    manifest: dict[str, str] = json.loads((build / MANIFEST).read_text())

    @app.url_defaults
    def fingerprinted_name(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(build),
        prefix=app.static_url_path,
        max_age=3600,
        immutable_file_test=lambda path, url: bool(FINGERPRINTED.search(url)),
        add_headers_function=_nosniff,
    )
