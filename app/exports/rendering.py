"""The PDF pipeline: a print template → HTML → WeasyPrint → an archival PDF/A-3b file that carries
the record's JSON as an attached file, kept in a cache keyed by the record's version.

Safety. WeasyPrint fetches nothing but the portal's own static files, read from disk: ``file:``
URLs, other hosts and every other address of the portal are refused (a refused resource is left
out of the document; nothing is requested over the network). User Markdown reaches the print
templates only through the sanitizing `markdown` filter, whose allow-list has no images.

Fonts. The print stylesheet names them: Latin text in Noto Sans or DejaVu Sans, Chinese in Noto
Sans CJK SC or WenQuanYi Micro Hei; WeasyPrint embeds the subsets it uses. No font ships in the
repository (``scripts/install-system-packages.sh`` installs a CJK one in ``make setup``).

Speed. A rendered file is kept under ``PDF_CACHE_DIR``, named after the document, the reader's
options (language, paper, time zone) and a fingerprint of the record's JSON and of the print
templates; a change to anything a document shows changes its fingerprint, so a stale file is
never served, and writing a new version removes the previous one.

Bounds. Each new combination of options costs a render of seconds and a file, so the options a
reader may ask for are a short list (`LANGUAGES` × `PAPER_SIZES` × `READER_ZONES`, plus a
signed-in reader's own zone); anything else falls back to the default, never to a new variant.
The cache keeps at most ``PDF_CACHE_MAX_FILES`` files, the oldest written going first, and the
views limit how often one anonymous address may cause a render (``PDF_RENDER_RATE_LIMIT``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from babel import dates
from babel.core import get_global
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from app import ROOT, clock
from app.addresses import stable_base_url
from app.exports.typesetting import LANGUAGES, fit, unbroken
from app.exports.verification import verification_url
from app.i18n import HTML_LANG, supported_language

PDF_VARIANT = "pdf/a-3b"
RECORD_FILENAME = "record.json"
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
# The zones anyone may ask for (``?tz=``): the program's two and UTC (None: UTC only). A signed-in
# reader may also ask for their own profile's zone.
READER_ZONES = ("UTC", "America/New_York", "Asia/Shanghai")
# Zones whose territory uses U.S. Letter paper: the United States and its territories.
LETTER_TERRITORIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM"})
# The program's name in its two languages, printed on every record as its masthead.
PROGRAM_NAMES = ("U.S.–China EcoPartnerships", "中美绿色合作伙伴计划")


# --- what a reader asks for -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReaderOptions:
    """The reader's language, paper size and time zone (None: UTC only)."""

    language: str
    paper: str
    zone: str | None

    @property
    def variant(self) -> str:
        """The options as one string, for the cache key."""
        return f"{self.language}|{self.paper}|{self.zone or ''}"


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_zone(zone: str | None) -> bool:
    """Whether `zone` is an IANA time zone name."""
    return bool(zone) and zone in _known_zones()


def default_paper(language: str, zone: str | None) -> str:
    """U.S. Letter for readers in a U.S. time zone, and for English readers without a zone; A4
    for everyone else."""
    if zone:
        territory = get_global("zone_territories").get(zone)
        return "letter" if territory in LETTER_TERRITORIES else "a4"
    return "letter" if language == "en" else "a4"


def reader_options(
    *,
    language: str | None,
    paper: str | None,
    zone: str | None,
    reader_language: str | None,
    reader_zone: str | None,
) -> ReaderOptions:
    """The options of one download: what the address asks for (``?lang=``, ``?paper=``,
    ``?tz=``) wins over the reader's own language and zone; a value outside the short list
    (`READER_ZONES` and the reader's own zone) is ignored, so no one can ask for more variants
    of a record than the list allows."""
    chosen_language = supported_language(language) or supported_language(reader_language) or "en"
    own_zone = reader_zone if is_known_zone(reader_zone) else None
    allowed_zones = {*READER_ZONES, own_zone} - {None}
    chosen_zone = zone if zone in allowed_zones else own_zone
    if chosen_zone == "UTC":
        chosen_zone = None  # UTC is always printed; it is not a zone of its own
    chosen_paper = (paper or "").strip().lower()
    if chosen_paper not in PAPER_SIZES:
        chosen_paper = default_paper(chosen_language, chosen_zone)
    return ReaderOptions(chosen_language, chosen_paper, chosen_zone)


# --- documents and their versions ---------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One PDF record: its template and context, and the JSON copy of what it shows.

    `record` holds everything the document shows (JSON-ready); it is attached to the PDF and its
    hash is the document's version. `bilingual` names a partial rendered once in each language
    (a letter), handed to the template as ``bilingual["en"]`` and ``bilingual["zh_Hans"]``.
    """

    kind: str
    record_id: int
    label: str  # the kind of record, in the reader's language
    reference: str  # the running header
    title: str
    filename: str
    template: str
    context: dict[str, Any]
    record: dict[str, Any]
    public: bool = False
    contents: bool = False  # a table of contents (reports)
    bilingual: str | None = None
    landscape: bool = False
    # A letter or certificate the Joint Secretariat signs: no generation time or other technical
    # text on the page (it lives in the file's metadata), one line saying where to verify it.
    formal: bool = False
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.kind.encode())
        digest.update(canonical_json(self.record))
        digest.update(build_fingerprint().encode())
        object.__setattr__(self, "fingerprint", digest.hexdigest()[:32])

    def record_json(self) -> bytes:
        """The record as the readable JSON file attached to the PDF."""
        return json.dumps(self.record, ensure_ascii=False, indent=2, sort_keys=True).encode()


def canonical_json(value: Any) -> bytes:
    """`value` as JSON with sorted keys and no spaces: equal records, equal bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@cache
def build_fingerprint() -> str:
    """What besides the record changes a rendered PDF: the print templates and stylesheet, the
    exports code and the translations (once per process)."""
    digest = hashlib.sha256()
    for folder, pattern in (
        (ROOT / "templates" / "pdf", "**/*"),
        (ROOT / "app" / "exports", "*.py"),
        (ROOT / "app" / "static" / "css", "print.css"),
        (ROOT / "app" / "translations", "**/*.mo"),
    ):
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                digest.update(f"{path.relative_to(ROOT)}:{path.stat().st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


# --- the cache ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CacheKey:
    """Which file holds a document's version for one reader's options."""

    kind: str
    record_id: int
    fingerprint: str
    options: ReaderOptions

    @property
    def slot(self) -> str:
        """The document and options, without the version: a new version replaces the old."""
        options = hashlib.sha256(self.options.variant.encode()).hexdigest()[:12]
        return f"{self.kind}-{self.record_id}-{options}"

    @property
    def etag(self) -> str:
        """The HTTP entity tag: the version of this document for these options."""
        return hashlib.sha256(f"{self.slot}|{self.fingerprint}".encode()).hexdigest()[:32]

    @property
    def filename(self) -> str:
        """The file's name in the cache."""
        return f"{self.slot}-{self.etag}.pdf"


class PdfCache:
    """Rendered PDFs on disk. Writes are atomic (a reader never sees half a file), a new
    version of a document deletes the file of the previous one, and no more than `max_files`
    are kept: each write beyond removes the oldest written (by modification time)."""

    def __init__(self, directory: str | Path, *, max_files: int | None = None) -> None:
        self.directory = Path(directory)
        self.max_files = max_files

    def path(self, key: CacheKey) -> Path:
        """Where `key`'s file is (or would be)."""
        return self.directory / key.filename

    def get(self, key: CacheKey) -> Path | None:
        """The cached file of `key`, if any."""
        path = self.path(key)
        return path if path.is_file() else None

    def put(self, key: CacheKey, content: bytes) -> Path:
        """Store `content` as `key`'s file; remove the older versions of the same slot."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.path(key)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for older in self.directory.glob(f"{key.slot}-*.pdf"):
            if older != path:
                older.unlink(missing_ok=True)
        self._evict(keep=path)
        return path

    def _evict(self, *, keep: Path) -> None:
        """Remove the oldest files until at most `max_files` remain (never `keep`, just written)."""
        if self.max_files is None:
            return
        files = []
        for candidate in self.directory.glob("*.pdf"):
            try:
                files.append((candidate.stat().st_mtime_ns, candidate.name, candidate))
            except FileNotFoundError:
                continue  # removed meanwhile by another worker
        excess = len(files) - max(self.max_files, 1)
        for _mtime, _name, candidate in sorted(files):
            if excess <= 0:
                break
            if candidate != keep:
                candidate.unlink(missing_ok=True)
                excess -= 1


def pdf_cache() -> PdfCache:
    """The application's cache of rendered PDFs."""
    return PdfCache(
        current_app.config["PDF_CACHE_DIR"], max_files=current_app.config["PDF_CACHE_MAX_FILES"]
    )


# --- templates --------------------------------------------------------------------------------


def css_string(value: object) -> Markup:
    """`value` as a quoted CSS string, safe inside a ``<style>`` element: every character that
    could end the string, the declaration or the element is written as a CSS escape."""
    out = []
    for char in str(value):
        if char.isalnum() or char in " .,:;()/·-–—_+#%" or ord(char) > 0x7F:
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return Markup('"' + "".join(out) + '"')  # noqa: S704 - every special character escaped


def counter_content(pattern: str, **counters: str) -> Markup:
    """A translated pattern such as "Page %(page)s of %(pages)s" as a CSS ``content`` value:
    its words as strings, each placeholder as the counter named for it."""
    tokens = []
    for index, part in enumerate(re.split(r"%\((\w+)\)s", pattern)):
        if index % 2:
            tokens.append(f"counter({counters.get(part, part)})")
        elif part:
            tokens.append(str(css_string(part)))
    return Markup(" ".join(tokens) or '""')  # noqa: S704 - built from css_string and names


def print_stylesheet() -> Markup:
    """The print stylesheet, inlined into each document so its HTML stands alone."""
    path = Path(current_app.static_folder or ROOT / "app" / "static") / "css" / "print.css"
    return Markup(path.read_text(encoding="utf-8"))  # noqa: S704 - a file of the repository


def stamp(moment: datetime, zone: str) -> str:
    """`moment` as an unambiguous wall time in `zone`: 2026-11-23 13:49."""
    return dates.format_datetime(moment, "yyyy-MM-dd HH:mm", tzinfo=ZoneInfo(zone), locale="en")


def page_css(document: Document, options: ReaderOptions, generated_at: datetime) -> Markup:
    """The document's page size and margin boxes: the record's reference and kind in the running
    header; the generation time (UTC and the reader's zone) and "page X of Y" in the footer.
    A formal document (letter, certificate) has no running header on its first page and, instead
    of the generation time, the line saying where to verify it. Called in the reader's
    language."""
    size = PAPER_SIZES[options.paper] + (" landscape" if document.landscape else "")
    pages = _("Page %(page)s of %(pages)s", page="%(page)s", pages="%(pages)s")
    if document.formal:
        footer = _(
            "Verify this document at %(url)s",
            url=verification_url(document.kind, document.record_id),
        )
        if document.landscape:
            # A certificate is one page: no running header or page number, narrower margins
            # leave the frame the room it needs.
            boxes = "  margin: 12mm 14mm 14mm;\n"
            first = ""
        else:
            boxes = (
                f"  @top-left {{ content: {css_string(document.reference)}; }}\n"
                f"  @bottom-right {{ content: {counter_content(pages)}; }}\n"
            )
            first = "@page :first { margin-top: 16mm; @top-left { content: none; } }\n"
        return Markup(  # noqa: S704 - every value passes through css_string or counter_content
            "@page {\n"
            f"  size: {size};\n"
            f"{boxes}"
            f"  @bottom-left {{ content: {css_string(footer)}; }}\n"
            "}\n"
            f"{first}"
        )
    generated = _("Generated %(time)s UTC", time=stamp(generated_at, "UTC"))
    if options.zone:
        generated += f" · {stamp(generated_at, options.zone)} {options.zone}"
    return Markup(  # noqa: S704 - every value passes through css_string or counter_content
        "@page {\n"
        f"  size: {size};\n"
        f"  @top-left {{ content: {css_string(document.reference)}; }}\n"
        f"  @top-right {{ content: {css_string(document.label)}; }}\n"
        f"  @bottom-left {{ content: {css_string(generated)}; }}\n"
        f"  @bottom-right {{ content: {counter_content(pages)}; }}\n"
        "}\n"
    )


def _page_context(document: Document, options: ReaderOptions, generated_at: datetime) -> dict:
    return {
        "page_css": page_css(document, options, generated_at),
        "document": document,
        "reader": options,
        "generated_at": generated_at,
        "generated_utc": stamp(generated_at, "UTC"),
        "generated_local": stamp(generated_at, options.zone) if options.zone else None,
        "print_css": print_stylesheet(),
        "program_names": PROGRAM_NAMES,
        "record_filename": RECORD_FILENAME,
        "stamp": stamp,
        "fit": fit,
        "pdf_lang": HTML_LANG.get(options.language, "en"),
        "unbroken": unbroken,
        "pdf_variant": PDF_VARIANT,
    }


def document_html(document: Document, options: ReaderOptions, generated_at: datetime) -> str:
    """The document's HTML in the reader's language (the caller forces the locale)."""
    context = {**document.context, **_page_context(document, options, generated_at)}
    if document.bilingual:
        parts = {}
        for language in LANGUAGES:
            with force_locale(language):
                parts[language] = Markup(render_template(document.bilingual, **context))  # noqa: S704 - a rendered template
        context["bilingual"] = parts
    return render_template(document.template, **context)


@dataclass(frozen=True)
class RenderedPdf:
    """A document's PDF on disk, and whether this request rendered it."""

    path: Path
    key: CacheKey
    rendered: bool


def obtain_pdf(
    document: Document,
    options: ReaderOptions,
    *,
    before_render: Callable[[], None] | None = None,
) -> RenderedPdf:
    """The cached PDF of `document` for `options`, rendered and stored first when missing;
    `before_render` runs before a render only (the views' rate limit: a cached file is free)."""
    cache_ = pdf_cache()
    key = CacheKey(document.kind, document.record_id, document.fingerprint, options)
    found = cache_.get(key)
    if found is not None:
        return RenderedPdf(found, key, rendered=False)
    if before_render is not None:
        before_render()
    content = render_document(document, options)
    return RenderedPdf(cache_.put(key, content), key, rendered=True)


def render_document(document: Document, options: ReaderOptions) -> bytes:
    """Render `document` for `options` now, in the reader's language."""
    # WeasyPrint (30 MB in a worker) loads at a worker's first PDF, not for every page it serves.
    from app.exports.engine import render_pdf

    with force_locale(options.language):
        html = document_html(document, options, clock.now())
    return render_pdf(
        html,
        record=document.record_json(),
        description=f"{document.label}: {document.reference}",
        base_url=stable_base_url() + "/",
    )
