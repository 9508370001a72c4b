"""Letters of support: what an uploaded PDF must be before the portal stores it.

A letter is a plain document: pages of text and pictures. The portal refuses anything a reader
could be made to run or open, and any file that is also another kind of file (a polyglot):

* not a PDF (no ``%PDF-`` at the start), damaged, encrypted, or without pages;
* data after the last ``%%EOF`` beyond the line ends and padding writers leave;
* active content anywhere in the object tree, found by parsing it with pypdf, which decodes the
  ``#xx`` escapes every reader decodes (``/J#61vaScript`` is ``/JavaScript``): the names in
  `ACTIVE_NAMES` as a key or as a value (``/S /Launch``, ``/Subtype /RichMedia``) in any
  dictionary reachable from the trailer or listed in the cross-reference table (the catalog, the
  names tree, pages, annotations, form fields, actions chained by ``/Next``), and an
  ``/OpenAction`` that is an action other than a plain ``/GoTo`` (a destination array, or a
  ``/GoTo`` to one, only opens a page; its ``/Next`` is walked like everything else);
* the same names anywhere in the bytes outside streams, escapes decoded, so an object no table
  lists (which one reader skips and another recovers) is not a hiding place either;
* web markup (`MARKUP`) or an archive signature (`ARCHIVE_SIGNATURES`) anywhere in the file's
  bytes outside its streams — dictionaries, strings, comments, bytes between objects;
* an archive signature in a stream stored unfiltered, or in any stream that is not a page's or
  form's content, an image or a font program (metadata, colour profiles, object streams…), and
  markup in an unfiltered stream of that second kind (XMP metadata is XML, never a web page).
  Compressed content, image and font streams are not searched, nor compressed streams for
  markup: their bytes are compressor output, where a short tag turns up by chance, and no
  program but a PDF reader decodes them. Four-byte archive signatures turn up by chance about
  once in four billion positions, which is why the short gzip mark is not among them.

The walk is bounded (`MAX_OBJECTS` indirect objects, `MAX_DEPTH` levels of nesting): a file
beyond either is refused rather than checked halfway. Every refusal is a `ServiceError` on the
``file`` field with a translatable message.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from app.errors import ServiceError

PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"
# Names that make a PDF run code, open other programs or carry other files: a letter needs none.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/AA",  # additional actions: run on opening a page, focusing a field, closing…
    }
)
# The one action a letter may take on opening: going to one of its own pages.
HARMLESS_OPEN_ACTIONS = frozenset({"/GoTo"})
# Markup a browser or a mail client would take for a web page or a picture with scripts.
# Only names no hexadecimal string can spell (a PDF writes "<a1f0>" for bytes, never "<svg").
MARKUP = re.compile(
    rb"<\s*(script|html|head|body|svg|iframe|frameset|object|embed|meta|img|form|style|link)\b",
    re.IGNORECASE,
)
# The marks an unpacker finds an archive by: a ZIP entry or a ZIP's closing record (ZIP is also
# Office files, JAR and APK), RAR, 7-Zip, xz and CAB. Each is four bytes or more, so compressor
# output holds one by chance less than once in four billion positions.
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\xfd7zXZ\x00",
    b"MSCF\x00\x00\x00\x00",
)
# Keys whose stream holds content a reader draws (any bytes are legitimate there).
CONTENT_KEYS = frozenset({"/Contents", "/FontFile", "/FontFile2", "/FontFile3"})
CONTENT_SUBTYPES = frozenset({"/Image", "/Form"})
MAX_OBJECTS = 50_000
MAX_DEPTH = 64

NOT_A_PDF = _l("Only PDF files are accepted; this file is not a PDF.")
DAMAGED = _l("The PDF could not be read; it may be damaged.")
POLYGLOT = _l("This file is a PDF combined with another kind of file; save it again as a PDF.")
ACTIVE = _l("PDFs with scripts, launch actions or embedded files are not accepted.")
ENCRYPTED = _l("Encrypted or password-protected PDFs are not accepted.")
NO_PAGES = _l("The PDF has no pages.")
TOO_COMPLEX = _l("This PDF is too complex to check; save it again as a simpler PDF.")


def _refuse(message: object) -> ServiceError:
    return ServiceError(message, field="file")


def check_letter(content: bytes) -> None:
    """Refuse `content` unless it is a plain, readable, unencrypted PDF without active content
    that is no other kind of file (the rules are the module's docstring)."""
    if not content.startswith(PDF_MAGIC):
        raise _refuse(NOT_A_PDF)
    end = content.rfind(PDF_END)
    if end < 0:
        raise _refuse(DAMAGED)
    if content[end + len(PDF_END) :].strip(b" \t\r\n\x00"):
        raise _refuse(POLYGLOT)
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise _refuse(ENCRYPTED)
        if len(reader.pages) == 0:
            raise _refuse(NO_PAGES)
        walk = _Walk(reader)
        walk.run()
    except ServiceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError):
        raise _refuse(DAMAGED) from None
    except RecursionError:
        raise _refuse(TOO_COMPLEX) from None
    _check_bytes(content, walk.streams)


@dataclass
class _Stream:
    """A stream's raw bytes as stored in the file, and what it is."""

    offset: int  # where its object starts in the file
    raw: bytes
    filtered: bool
    content: bool = False  # a page's or form's content, an image or a font program


@dataclass
class _Walk:
    """One pass over every object of a file, from the trailer and the cross-reference table."""

    reader: PdfReader
    streams: dict[int, _Stream] = field(default_factory=dict)
    seen: set[tuple[int, int]] = field(default_factory=set)
    content_numbers: set[int] = field(default_factory=set)

    def run(self) -> None:
        """Visit everything; raise a `ServiceError` at the first active name."""
        self._visit(self.reader.trailer)
        for generation, numbers in self.reader.xref.items():
            for number in numbers:
                self._visit(IndirectObject(number, generation, self.reader))
        for number in self.reader.xref_objStm:
            self._visit(IndirectObject(number, 0, self.reader))
        for number in self.content_numbers:
            if number in self.streams:
                self.streams[number].content = True

    def _visit(self, start: PdfObject) -> None:
        # (value, nesting inside its object, the key it is found under)
        pending: list[tuple[Any, int, str | None]] = [(start, 0, None)]
        while pending:
            value, level, key = pending.pop()
            if level > MAX_DEPTH:
                raise _refuse(TOO_COMPLEX)
            if isinstance(value, IndirectObject):
                if key in CONTENT_KEYS:
                    self.content_numbers.add(value.idnum)
                reference = (value.idnum, value.generation)
                if reference in self.seen:
                    continue
                self.seen.add(reference)
                if len(self.seen) > MAX_OBJECTS:
                    raise _refuse(TOO_COMPLEX)
                resolved = value.get_object()
                if isinstance(resolved, StreamObject):
                    self._note_stream(value, resolved)
                pending.append((resolved, 0, key))  # a new object: its nesting starts again
            elif isinstance(value, NameObject):
                if value in ACTIVE_NAMES:
                    raise _refuse(ACTIVE)
            elif isinstance(value, DictionaryObject):
                for name, item in value.items():
                    if name in ACTIVE_NAMES:
                        raise _refuse(ACTIVE)
                    if name == "/OpenAction" and _is_active_action(item):
                        raise _refuse(ACTIVE)
                    pending.append((item, level + 1, str(name)))
            elif isinstance(value, ArrayObject):
                pending.extend((item, level + 1, key) for item in value)

    def _note_stream(self, reference: IndirectObject, stream: StreamObject) -> None:
        offset = self.reader.xref.get(reference.generation, {}).get(reference.idnum)
        if not isinstance(offset, int):
            return
        # pypdf keeps a stream's bytes as the file stores them (still encoded) in `_data`.
        raw = bytes(getattr(stream, "_data", b"") or b"")
        self.streams[reference.idnum] = _Stream(
            offset=offset,
            raw=raw,
            filtered="/Filter" in stream,
            content=stream.get("/Subtype") in CONTENT_SUBTYPES,
        )


def _is_active_action(value: Any) -> bool:
    """Whether an ``/OpenAction`` value is an action beyond going to a page of the letter."""
    resolved = value.get_object() if isinstance(value, IndirectObject) else value
    if not isinstance(resolved, DictionaryObject):
        return False  # a destination: a page and a view of it
    return resolved.get("/S") not in HARMLESS_OPEN_ACTIONS


# A name as the file spells it, escapes and all (a delimiter or white space ends it).
NAME_TOKEN = re.compile(rb"/[^\s/\[\]<>(){}%]+")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM_KEYWORD = re.compile(rb"stream(?:\r\n|\n|\r)?")


def _stream_spans(
    content: bytes, streams: dict[int, _Stream]
) -> Iterator[tuple[int, int, _Stream]]:
    """Where each stream's bytes lie in `content`: right after a ``stream`` keyword of its
    object (a string of the dictionary may spell the word too, so a few are tried)."""
    for stream in streams.values():
        if not stream.raw:
            continue
        position = stream.offset
        for _ in range(8):
            keyword = STREAM_KEYWORD.search(content, position)
            if keyword is None:
                break
            start = keyword.end()
            if content.startswith(stream.raw, start):
                yield start, start + len(stream.raw), stream
                break
            position = start


def _holds_archive(data: bytes) -> bool:
    return any(signature in data for signature in ARCHIVE_SIGNATURES)


def _check_bytes(content: bytes, streams: dict[int, _Stream]) -> None:
    """Markup or an archive outside the streams, or in a stream where neither belongs (a
    stream not found in the file stays in the bytes searched: the check fails closed)."""
    outside = bytearray()
    position = 0
    for start, end, stream in sorted(_stream_spans(content, streams), key=lambda span: span[0]):
        if start < position:
            continue  # overlapping spans (a damaged table): the earlier one is kept
        outside += content[position:start]
        outside += b"\n"  # no signature is made of the bytes either side of a stream
        position = end
        if (not stream.filtered or not stream.content) and _holds_archive(stream.raw):
            raise _refuse(POLYGLOT)
        if not stream.filtered and not stream.content and MARKUP.search(stream.raw):
            raise _refuse(POLYGLOT)
    outside += content[position:]
    if MARKUP.search(outside) or _holds_archive(bytes(outside)):
        raise _refuse(POLYGLOT)
    for token in NAME_TOKEN.finditer(outside):
        name = ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), token.group(0))
        if name.decode("latin-1") in ACTIVE_NAMES:
            raise _refuse(ACTIVE)
