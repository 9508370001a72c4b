"""WeasyPrint, and the only addresses it may fetch: the PDF engine behind `rendering.py`.

Imported at a worker's first PDF (`rendering.render_document`), not at start: WeasyPrint and its
font tools take about 30 MB of every worker that imports them, and most workers only ever serve
pages.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app import ROOT
from app.exports.rendering import PDF_VARIANT, RECORD_FILENAME


class RefusedURL(ValueError):
    """A resource the PDF pipeline will not fetch."""


class PortalURLFetcher(URLFetcher):
    """Serve the portal's own static files from disk; refuse every other URL.

    `base_url` is the address documents are rendered under (``PUBLIC_BASE_URL``); only its
    ``/static/…`` paths are served, from `static_folder`, never outside it. ``data:`` URLs carry
    their content with them and are allowed.
    """

    def __init__(self, *, base_url: str, static_folder: Path, static_path: str = "/static") -> None:
        super().__init__(timeout=1, allow_redirects=False, fail_on_errors=False)
        parts = urlsplit(base_url)
        self._origin = (parts.scheme.lower(), parts.netloc.lower())
        self._static_folder = static_folder.resolve()
        self._static_prefix = static_path.rstrip("/") + "/"

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """The static file at `url`, or `RefusedURL`."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme not in ("http", "https") or (scheme, parts.netloc.lower()) != self._origin:
            raise RefusedURL(f"PDF rendering fetches no outside resource: {url}")
        if not parts.path.startswith(self._static_prefix):
            raise RefusedURL(f"PDF rendering fetches only static files: {url}")
        relative = unquote(parts.path[len(self._static_prefix) :])
        target = (self._static_folder / relative).resolve()
        if not target.is_relative_to(self._static_folder) or not target.is_file():
            raise RefusedURL(f"no such static file: {url}")
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": content_type})


def render_pdf(html: str, *, record: bytes, description: str, base_url: str) -> bytes:
    """`html` as a PDF/A-3b file with `record` (JSON) attached as ``record.json``."""
    fetcher = PortalURLFetcher(
        base_url=base_url,
        static_folder=Path(current_app.static_folder or ROOT / "app" / "static"),
        static_path=current_app.static_url_path or "/static",
    )
    attachment = Attachment(
        string=record,
        name=RECORD_FILENAME,
        description=description,
        relationship="Data",  # the data the document presents (ISO 32000-2, 7.11.3)
        url_fetcher=fetcher,
    )
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    # Tagged: headings, paragraphs, lists and tables carry their structure (and each part its
    # language) for screen readers; Section 508 applies to documents too.
    return bytes(
        document.write_pdf(pdf_variant=PDF_VARIANT, attachments=[attachment], pdf_tags=True)
    )
